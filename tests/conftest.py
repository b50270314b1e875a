"""Shared fixtures: the whole product running for real (Rasa, actions, gateway, backend)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """All four services on free ports, with their own embedded databases."""
    from scripts.services import Ports, Services, free_port
    from scripts.train import model_path

    if not model_path().exists():
        pytest.fail("no trained model: run `make model` (make test does it first)")
    var = tmp_path_factory.mktemp("var")
    ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port(), gateway=free_port())
    services = Services(var=var, ports=ports, extra_env={"OUTBOX_RETRY_SECONDS": "1"})
    try:
        services.start_all()
        yield services
    except Exception:
        for name in ("backend", "actions", "rasa", "gateway"):
            log = services.log(name)
            if log.exists():
                print(f"--- {name} log (tail) ---\n{log.read_text()[-3000:]}")
        raise
    finally:
        services.stop_all()


@pytest.fixture
def stored(stack) -> Callable[[str], dict]:
    """A submission as the case backend stored it (fetched as the bot's service client)."""
    import requests

    def get(reference: str) -> dict:
        r = requests.get(
            f"http://127.0.0.1:{stack.ports.backend}/api/v1/notifications/{reference}",
            headers={"Authorization": f"Bearer {stack.env['CASE_BACKEND_TOKEN']}"}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    return get


# Debian's chromium, driven by Playwright (`playwright install` cannot download browsers here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One real Chromium for the whole session; each test opens its own context."""
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where screenshots go so a person can look at them after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

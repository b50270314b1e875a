"""Shared fixtures: the whole product running for real (Rasa, actions, gateway, backend)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
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

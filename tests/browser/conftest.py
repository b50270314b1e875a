"""Fixtures for the chat page in real Chromium against the whole running product."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.widget import DESKTOP, WCAG_TAGS, Widget

FIGURES_FILE = "widget-figures.json"


@pytest.fixture(scope="session")
def gateway_url(stack) -> str:
    return f"http://127.0.0.1:{stack.ports.gateway}/"


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Any]]:
    """New pages in fresh browser contexts (own storage), checked for script and CSP errors.

    Any console error (a Content-Security-Policy refusal is one), uncaught exception or
    failed page resource fails the test that opened the page; an API error answer does not
    (the page shows it to the person, and the tests check that).
    """
    contexts = []
    problems: list[str] = []

    def open_(viewport: dict[str, int] | None = None, **options: Any):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="en-GB", timezone_id="Europe/London", **options
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and "/api/" not in m.location.get("url", "") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and "/api/" not in r.url else None)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert problems == [], f"errors in the page: {problems}"


@pytest.fixture
def widget(open_page) -> Callable[..., Widget]:
    def make(viewport: dict[str, int] | None = None, keyboard_only: bool = False) -> Widget:
        return Widget(open_page(viewport), keyboard_only=keyboard_only)

    return make


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def axe_violations(axe) -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page (WCAG 2.2 AA tags, or the named rules); the violations."""

    def run(page, rules: list[str] | None = None) -> list[dict[str, Any]]:
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
        results = axe.run(page, options={"runOnly": only, "resultTypes": ["violations"]})
        return results.response["violations"]

    return run


@pytest.fixture
def record_figure(artifacts_dir: Path) -> Callable[[str, Any], None]:
    """Keep a measured figure in test-artifacts/widget-figures.json for the report."""

    def record(name: str, value: Any) -> None:
        path = artifacts_dir / FIGURES_FILE
        figures = json.loads(path.read_text()) if path.exists() else {}
        figures[name] = value
        path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")

    return record

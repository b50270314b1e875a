"""The staff pages in real Chromium: axe-core finds no WCAG 2.2 AA violations, and the pages
are usable at 200% zoom (no sideways scrolling of the page)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from werkzeug.serving import make_server

from case_backend import create_app
from case_backend.icb import SAMPLE_POSTCODES, import_postcodes
from tests.case_backend.conftest import (
    STAFF_PASSWORD,
    TEST_KEYS,
    TOKEN,
    Staff,
)

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def live(tmp_path: Path, free_port: int) -> Iterator[tuple[str, Staff]]:
    """The case backend served by a real HTTP server on a free port, with some cases."""
    app: Flask = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
                             "CASE_BACKEND_API_TOKENS": TOKEN, **TEST_KEYS})
    staff = Staff(app)
    with app.app_context():
        import_postcodes(staff.db, SAMPLE_POSTCODES, source="sample", published="sample")
    staff.user("lac@example.org", name="Lee Contact")
    staff.user("admin@example.org", role="admin", icb=None, name="Ada Admin")
    first = staff.notify(top={"safeguarding": {"urgent": True,
                                               "what_was_said": ["he is not safe at home"]}})
    staff.notify(name="daniel okafor", nhs_number=None)
    staff.notify(postcode=None, name="Somebody Unassigned")
    server = make_server("127.0.0.1", free_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        staff.first_reference = first["reference"]  # type: ignore[attr-defined]
        yield f"http://127.0.0.1:{free_port}", staff
    finally:
        server.shutdown()
        thread.join(10)
        app.extensions["case_backend_db"].dispose()


def _violations(axe: Axe, page: Any) -> list[dict[str, Any]]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                     "resultTypes": ["violations"]})
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"]]


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"))


@pytest.mark.parametrize("zoom", [1, 2])
def test_staff_pages_have_no_axe_violations(browser: Any, live: tuple[str, Staff], zoom: int,
                                            artifacts_dir: Path) -> None:
    base, staff = live
    reference = staff.first_reference  # type: ignore[attr-defined]
    # 200% zoom: the CSS viewport is half as wide and every CSS pixel is 2 device pixels.
    context = browser.new_context(
        viewport={"width": DESKTOP["width"] // zoom, "height": DESKTOP["height"] // zoom},
        device_scale_factor=zoom, locale="en-GB")
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    axe = Axe()
    try:
        page.goto(f"{base}/login")
        found = {"sign-in": _violations(axe, page)}
        _sign_in(page, base, "lac@example.org")
        found["queue"] = _violations(axe, page)
        assert _no_sideways_scroll(page)
        page.get_by_role("link", name=reference).click()
        page.wait_for_url(f"{base}/cases/{reference}")
        assert page.get_by_role("heading", name="Urgent: safeguarding").is_visible()
        found["case"] = _violations(axe, page)
        assert _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"staff-case-zoom{zoom}.png"), full_page=True)
        page.get_by_role("link", name="Compare with").first.click()
        page.wait_for_url(f"{base}/cases/{reference}/compare/*")
        found["compare"] = _violations(axe, page)
        assert _no_sideways_scroll(page)
        page.goto(f"{base}/password")
        found["password"] = _violations(axe, page)
        # An admin sees more on each page (ICB column, assignment form, audit log).
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{base}/login")
        _sign_in(page, base, "admin@example.org")
        found["admin queue"] = _violations(axe, page)
        page.goto(f"{base}/cases/{reference}")
        found["admin case"] = _violations(axe, page)
        page.goto(f"{base}/audit")
        found["audit"] = _violations(axe, page)
        assert _no_sideways_scroll(page)
        assert {name: v for name, v in found.items() if v} == {}
        assert problems == []
    finally:
        context.close()

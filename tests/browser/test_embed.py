"""One script tag puts the chat on another page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

HOST_PAGE = """<!doctype html><html lang="en"><head><title>Our care home</title></head>
<body><h1>Our care home</h1><script src="/embed.js" async></script></body></html>"""


def test_the_embed_script_adds_a_button_that_opens_the_chat(open_page, gateway_url) -> None:
    page = open_page()
    # A host page (served here on the gateway's own origin, which frame-ancestors allows).
    page.route(gateway_url + "host.html", lambda route: route.fulfill(
        status=200, content_type="text/html", body=HOST_PAGE))
    page.goto(gateway_url + "host.html")
    opener = page.get_by_role("button", name="Chat with Tell LeDeR")
    assert opener.get_attribute("aria-expanded") == "false"
    box = opener.bounding_box()
    assert box and box["height"] >= 44

    opener.click()
    frame = page.locator("iframe")
    assert frame.get_attribute("title") == "Tell LeDeR chat"
    chat = page.frame_locator("iframe")
    chat.locator("#chat[data-ready='true'] .msg--bot").first.wait_for()
    assert chat.locator("#transcript[role='log']").count() == 1

    page.get_by_role("button", name="Close the chat").click()
    assert frame.is_hidden()

"""What a person notices on the chat page: live announcements, steady focus, reflow, big
targets, no autoplay, resuming after a reload, text shown as typed, leaving quickly."""

from __future__ import annotations

import re

import pytest

from tests.browser.widget import MENU_NOTIFY, Widget

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

STORAGE_KEY = "tell-leder.web.conversation-id"
XSS = '<img src=x onerror="document.title=\'hacked\'">'

# Every control a person can point at, visible now.
TARGETS = """() => [...document.querySelectorAll(
    'button, a[href], input, textarea, select, [role=button]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => {
    const box = el.getBoundingClientRect();
    return {what: el.id || el.className || el.tagName, width: box.width, height: box.height};
  })"""


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def to_first_question(chat: Widget, url: str) -> None:
    chat.open(url)
    chat.choose(MENU_NOTIFY)
    assert chat.asking == "person_name"


def test_the_transcript_is_a_live_log_and_focus_stays_put_when_a_message_arrives(
    widget, gateway_url
) -> None:
    chat = widget()
    to_first_question(chat, gateway_url)
    page = chat.page
    log = page.locator("#transcript")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label")

    # Typing and pressing Enter: focus stays in the box while the answer comes.
    page.locator("#message").click()
    page.keyboard.type("Tom Smith")
    chat._act(lambda: page.keyboard.press("Enter"))
    assert focused_id(page) == "message"
    assert log.locator(".msg--bot .msg__text").last.inner_text() == chat.last["text"]

    # A message arriving while the person is on another control does not move them.
    page.locator("#text-bigger").focus()
    page.evaluate("document.getElementById('message').value = 'Jo Bloggs'")
    chat._act(lambda: page.evaluate("document.getElementById('composer').requestSubmit()"))
    assert chat.asking == "notifier_relationship"
    assert focused_id(page) == "text-bigger"
    # The new message went into the live region (that is what screen readers announce).
    assert log.locator(".msg--bot .msg__text").last.inner_text().startswith("How did you know")


@pytest.mark.parametrize(("width", "text_percent"), [(320, 100), (320, 200), (640, 200)])
def test_no_sideways_scrolling_at_320_pixels_and_200_percent_text(
    widget, gateway_url, width, text_percent
) -> None:
    chat = widget(viewport={"width": width, "height": 700})
    chat.open(gateway_url)
    page = chat.page
    while not page.evaluate(
        f"document.documentElement.classList.contains('text-{text_percent}')"
    ):
        page.locator("#text-bigger").click()
    assert chat.horizontal_overflow() == 0, "welcome"
    chat.choose(MENU_NOTIFY)
    chat.type_answer("Tom Smith")
    chat.type_answer("Jo Bloggs")
    assert chat.asking == "notifier_relationship"
    assert chat.horizontal_overflow() == 0, "picture buttons"
    chat.choose("parent")
    assert page.locator("#date-picker").is_visible()
    assert chat.horizontal_overflow() == 0, "date question"
    page.locator("#voice").click()
    assert chat.horizontal_overflow() == 0, "voice mode warning"


def test_every_target_is_at_least_44_pixels(widget, gateway_url) -> None:
    chat = widget()
    chat.open(gateway_url)
    page = chat.page
    measured = page.evaluate(TARGETS)
    chat.choose(MENU_NOTIFY)
    chat.type_answer("Tom Smith")
    chat.type_answer("Jo Bloggs")
    measured += page.evaluate(TARGETS)  # picture buttons
    chat.choose("parent")
    page.locator("#voice").click()
    measured += page.evaluate(TARGETS)  # date picker and the voice mode warning
    kinds = {m["what"] for m in measured}
    assert {"choice", "date-picker", "date-send", "voice-on", "leave", "send"} <= kinds, kinds
    small = [m for m in measured if m["width"] < 44 or m["height"] < 44]
    assert small == []


def test_text_is_at_least_18_pixels_in_a_sans_serif_font(widget, gateway_url) -> None:
    chat = widget()
    chat.open(gateway_url)
    sizes = chat.page.evaluate("""() => [...document.querySelectorAll(
        '.msg__text, .choice__label, #message, .chat__label, .settings__button')]
        .map(el => [parseFloat(getComputedStyle(el).fontSize), getComputedStyle(el).fontFamily])""")
    assert sizes and all(size >= 18 for size, _ in sizes), sizes
    assert all(family.rstrip().endswith("sans-serif") for _, family in sizes)


def test_reload_resumes_the_same_conversation(widget, gateway_url) -> None:
    chat = widget()
    to_first_question(chat, gateway_url)
    chat.type_answer("Tom Smith")
    page = chat.page
    saved = page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    assert saved == chat.conversation_id
    before = page.locator(".msg .msg__text").all_inner_texts()

    with page.expect_response(lambda r: r.request.method == "GET"
                              and f"/api/chat/conversations/{saved}" in r.url):
        page.reload()
    chat.wait_idle()

    assert page.locator(".msg .msg__text").all_inner_texts() == before
    assert re.fullmatch(r"Question 2 of \d+", page.locator("#progress").inner_text())
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == saved
    chat.type_answer("Jo Bloggs")
    assert chat.asking == "notifier_relationship"
    assert page.locator("#choices .choice").count() == len(chat.last["choices"])


def test_what_people_type_is_shown_as_text_never_as_html(widget, gateway_url) -> None:
    chat = widget()
    to_first_question(chat, gateway_url)
    page = chat.page
    title = page.title()
    chat.type_answer(XSS)
    assert page.locator(".msg--user .msg__text").last.inner_text() == XSS
    assert page.locator('img[src="x"]').count() == 0
    assert page.title() == title


def _neutral_site(page) -> None:
    # The neutral site is on the internet: answered here, at the HTTP layer.
    page.context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"))


@pytest.mark.parametrize("how", ["button", "shift_3_times"])
def test_leave_this_page_quickly(widget, gateway_url, how) -> None:
    chat = widget()
    page = chat.page
    _neutral_site(page)
    page.goto(gateway_url + "healthz")  # where the person was before the chat
    to_first_question(chat, gateway_url)
    chat.page.locator("#message").click()
    page.keyboard.press("Shift+T")  # a capital letter is not a way out
    page.keyboard.press("Shift+O")
    assert "bbc" not in page.url

    if how == "button":
        page.get_by_role("button", name="Leave this page quickly").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/weather")

    assert page.title() == "Weather"
    page.go_back()  # the chat's place in the history was taken by the neutral page
    page.wait_for_url(gateway_url + "healthz")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None


def test_text_size_and_strong_colours_are_kept_after_a_reload(widget, gateway_url) -> None:
    chat = widget()
    chat.open(gateway_url)
    page = chat.page
    small = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Bigger text").click()
    page.get_by_role("button", name="Strong colours").click()
    assert page.get_by_role("button", name="Strong colours").get_attribute(
        "aria-pressed") == "true"
    assert "125 percent" in page.locator("#status").inner_text()
    page.reload()
    chat.wait_idle()
    big = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert big == pytest.approx(small * 1.25)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"


def test_when_the_bot_is_away_the_answer_waits_in_the_box_for_try_again(
    widget, gateway_url, stack
) -> None:
    chat = widget()
    to_first_question(chat, gateway_url)
    page = chat.page
    mine = page.locator(".msg--user .msg__text")
    said_before = mine.all_inner_texts()
    stack.stop("rasa")
    try:
        page.locator("#message").fill("Tom Smith")
        with page.expect_response(lambda r: r.request.method == "POST"
                                  and r.url.endswith("/messages")) as answer:
            page.locator("#send").click()
        assert answer.value.status == 503
        page.locator("#problem").wait_for(state="visible")
        assert page.locator("#problem-text").get_attribute("role") == "alert"
        assert "Your message was not lost" in page.locator("#problem-text").inner_text()
        assert page.locator("#message").input_value() == "Tom Smith"  # nothing lost
        assert mine.all_inner_texts() == said_before
    finally:
        stack.start("rasa")
        stack.wait_healthy("rasa")
    chat._act(page.get_by_role("button", name="Try again").click)
    assert chat.asking == "notifier_name"
    assert mine.all_inner_texts() == [*said_before, "Tom Smith"]
    assert page.locator("#message").input_value() == ""
    assert page.locator("#problem").is_hidden()

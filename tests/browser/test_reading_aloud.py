"""Read aloud and voice mode: nothing plays until the person asks, it can always be
stopped, and the browser's speech recognition is explained before it is switched on."""

from __future__ import annotations

import pytest

from tests.browser.widget import MENU_NOTIFY, Widget

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# Keeps every call of play() on any audio or video element of the page.
PLAY_SPY = """
window.playCalls = [];
const realPlay = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.playCalls.push(new URL(this.src || this.currentSrc, location.href).pathname);
  window.lastPlayer = this;
  return realPlay.call(this);
};
"""
NO_SPEECH_RECOGNITION = """
delete window.SpeechRecognition;
delete window.webkitSpeechRecognition;
"""
# The browser maker's speech service is outside this machine: a stand-in hears "Tom Smith".
FAKE_SPEECH_RECOGNITION = """
class HearsTomSmith {
  start() {
    window.recognitionStarted = true;
    setTimeout(() => {
      this.onresult({results: [[{transcript: "Tom Smith"}]]});
      this.onend();
    }, 50);
  }
  abort() {}
}
window.SpeechRecognition = HearsTomSmith;
window.webkitSpeechRecognition = HearsTomSmith;
"""


def opened(widget, gateway_url, *scripts: str) -> Widget:
    chat = widget()
    for script in (PLAY_SPY, *scripts):
        chat.page.add_init_script(script)
    chat.open(gateway_url)
    return chat


def play_calls(chat: Widget) -> list[str]:
    return chat.page.evaluate("window.playCalls")


def test_every_bot_message_has_a_play_button_and_nothing_plays_by_itself(
    widget, gateway_url
) -> None:
    audio_requests: list[str] = []
    chat = widget()
    chat.page.add_init_script(PLAY_SPY)
    chat.page.on("request", lambda r: audio_requests.append(r.url) if "/audio/" in r.url else None)
    chat.open(gateway_url)
    chat.choose(MENU_NOTIFY)
    chat.type_answer("Tom Smith")
    chat.page.wait_for_timeout(500)  # time enough for anything that would start by itself

    bot = [m for m in chat.messages if m["text"]]
    assert all(m["audio"] and m["audio"].startswith("/audio/") for m in bot), bot
    assert chat.page.locator(".msg--bot .play").count() == len(bot)
    assert play_calls(chat) == []
    assert audio_requests == []


def test_a_play_button_reads_its_message_and_it_can_always_be_stopped(
    widget, gateway_url
) -> None:
    chat = opened(widget, gateway_url)
    page = chat.page
    listen = page.locator(".msg--bot .play").last
    with page.expect_response(lambda r: "/audio/" in r.url) as audio:
        listen.click()
    assert audio.value.status in (200, 206)
    assert audio.value.headers["content-type"].startswith("audio/")
    assert play_calls(chat) == [chat.last["audio"]]
    assert listen.get_attribute("aria-pressed") == "true"
    assert page.locator("#stop").is_visible()

    page.locator("#stop").click()
    assert page.evaluate("window.lastPlayer.paused")
    assert listen.get_attribute("aria-pressed") == "false"
    assert page.locator("#stop").is_hidden()

    listen.click()
    page.keyboard.press("Escape")  # Escape stops it too
    assert page.evaluate("window.lastPlayer.paused")
    assert page.locator("#stop").is_hidden()


def test_voice_mode_warns_first_then_reads_each_new_message(widget, gateway_url) -> None:
    chat = opened(widget, gateway_url, FAKE_SPEECH_RECOGNITION)
    page = chat.page
    voice = page.get_by_role("button", name="Voice mode", exact=True)
    voice.click()
    panel = page.locator("#voice-panel")
    assert "send your voice to the company that made it" in panel.inner_text()
    assert voice.get_attribute("aria-pressed") == "false"  # not on until the person agrees
    assert play_calls(chat) == []

    page.get_by_role("button", name="Not now").click()
    assert panel.is_hidden() and voice.get_attribute("aria-pressed") == "false"

    voice.click()
    page.get_by_role("button", name="Turn on voice mode").click()
    assert voice.get_attribute("aria-pressed") == "true"
    assert play_calls(chat) == [chat.last["audio"]]  # the question that is waiting

    replies = chat.choose(MENU_NOTIFY)
    spoken = [m["audio"] for m in replies if m["audio"]]
    assert play_calls(chat)[1] == spoken[0]  # read as it arrives: no Listen press

    voice.click()  # off again: the reading stops
    assert page.evaluate("window.lastPlayer.paused")
    assert voice.get_attribute("aria-pressed") == "false"


def test_a_spoken_answer_is_written_in_the_box_to_check_before_sending(
    widget, gateway_url
) -> None:
    chat = opened(widget, gateway_url, FAKE_SPEECH_RECOGNITION)
    page = chat.page
    chat.choose(MENU_NOTIFY)
    page.get_by_role("button", name="Voice mode", exact=True).click()
    page.get_by_role("button", name="Turn on voice mode").click()
    sent_before = len(chat.messages)

    page.get_by_role("button", name="Speak your answer").click()
    page.wait_for_selector("#status:has-text('Check it')")
    assert page.locator("#message").input_value() == "Tom Smith"
    assert len(chat.messages) == sent_before  # nothing was sent by itself

    chat._act(page.get_by_role("button", name="Send", exact=True).click)
    assert chat.asking == "notifier_name"


def test_without_speech_recognition_the_page_says_how_to_answer_instead(
    widget, gateway_url
) -> None:
    chat = opened(widget, gateway_url, NO_SPEECH_RECOGNITION)
    page = chat.page
    page.get_by_role("button", name="Voice mode", exact=True).click()
    panel = page.locator("#voice-panel")
    assert "cannot listen to you" in panel.inner_text()
    assert "send your voice" not in panel.inner_text()
    page.get_by_role("button", name="Turn on voice mode").click()
    assert page.locator("#speak").is_hidden()

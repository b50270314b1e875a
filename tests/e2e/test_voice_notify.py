"""Whole notifications by phone: signed Twilio voice webhooks through the real gateway,
Rasa server, action server and case backend, with the audio the caller hears."""

from __future__ import annotations

import io
import re
import time
from urllib.parse import urlsplit

import mutagen
import pytest
import requests

from tests.channels.twilio_helpers import Call, asking, latency_line

pytestmark = pytest.mark.e2e

SPOKEN_REFERENCE = re.compile(r"L, D, R\. (\w), (\w), (\w), (\w)\. (\w), (\w), (\w), (\w)\.")


def key(label: str) -> tuple[str, str]:
    return ("key", label)


def answer_all(call: Call, answers: dict) -> None:
    for _ in range(60):
        field = asking("\n".join(call.heard()))
        if field == "confirm":
            return
        assert field in answers, f"unexpected question {field!r}: {call.heard()!r}"
        value = answers[field]
        if isinstance(value, tuple):
            call.press(call.key_for(value[1]))
        else:
            call.say(value)
    raise AssertionError("the call did not reach the read-back")


def test_a_self_advocate_tells_us_by_phone(stack, stored) -> None:
    call = Call(stack)
    call.dial()
    assert call.gather.get("input") == "speech dtmf"
    # The welcome is fixed text: it may be spoken by Google (made in advance by prerender).
    assert all(call.request_of(url)[0] == "shared" for url in call.plays())
    call.press(call.key_for("Tell you about a death"))
    assert asking("\n".join(call.heard())) == "person_name"
    call.press("9")  # say again: the same question, more slowly
    assert asking("\n".join(call.heard())) == "person_name"
    call.stay_silent()  # silence: asked again, more slowly
    assert asking("\n".join(call.heard())) == "person_name"
    answer_all(call, {
        "person_name": "Peter Jones",
        "notifier_name": "Lucy Green",
        "notifier_relationship": "I am his friend",  # 10 choices: said, not keyed
        "date_of_death": "last Monday",
        "date_of_birth": "I do not know",
        "age_at_death": "52",
        "place_of_death": key("In a home with support staff"),
        "home_postcode": "I do not know",
        "gp_practice": "I do not know",
        "nhs_number": "I do not know",
        "learning_disability": key("Yes"),
        "autistic": key("No"),
        "ethnicity": "white British",
        "concerns": "They did not listen to him",
        "life_story": "He loved football",
        "family_requests_focused_review": key("I am not sure"),
        "wants_review_copy": key("Yes"),
        "review_copy_format": key("Audio to listen to"),
        "family_contact_name": "Mary Jones",
        "family_contact_relationship": "his sister",
        "family_contact_phone": "I do not know",
        "consent_to_contact": key("Yes"),
        "preferred_contact": key("Phone call"),
        "notifier_phone": "07700 900412",
        "communication_needs": "easy read",
    })
    summary = "\n".join(call.heard())
    assert "Peter Jones" in summary
    # The read-back holds what the caller said: spoken on this machine, never by Google.
    private = [call.request_of(url) for url in call.plays()]
    assert all(folder == "private" and not req["online"]
               for folder, req in private if "Peter Jones" in req.get("text", ""))
    call.press(call.key_for("Yes, send it"))
    heard = " ".join(call.heard())
    found = SPOKEN_REFERENCE.search(heard)
    assert found, f"no reference spoken digit by digit in {heard!r}"
    reference = "LDR-" + "".join(found.groups()[:4]) + "-" + "".join(found.groups()[4:])
    sent_plays = call.plays()
    call.press("9")  # the reference again, on request
    assert SPOKEN_REFERENCE.search(" ".join(call.heard())).group(0) == found.group(0)
    record = stored(reference)
    assert record["channel"] == "voice"
    assert record["person"]["name"] == "Peter Jones"
    assert record["person"]["age_at_death"] == 52
    assert record["person"]["place_of_death"] == "supported_living"
    assert record["notifier"]["relationship"] == "friend"
    assert record["notifier"]["phone"] == "+447700900412"
    assert record["review_copy_format"] == "audio"
    assert record["as_said"]["date_of_death"] == "last Monday"
    # The caller really hears audio: fetch what Twilio would fetch.
    gateway = f"http://127.0.0.1:{stack.ports.gateway}"
    for url in sent_plays[:3]:
        started = time.monotonic()
        response = requests.get(gateway + urlsplit(url).path, timeout=15)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] in ("audio/wav", "audio/mpeg")
        assert mutagen.File(io.BytesIO(response.content)).info.length > 0.5
        assert time.monotonic() - started < 5
    print("\n" + latency_line("voice webhook", call.seconds))


def test_two_silences_offer_a_call_back_and_zero_asks_for_a_person(stack) -> None:
    call = Call(stack)
    call.dial()
    call.stay_silent()
    call.stay_silent()
    assert any("call you back" in text for text in call.heard())
    assert call.gather.get("numDigits") == "1"
    call.press("0")  # "talk to a person" goes to the bot
    assert call.heard() and call.gather is not None

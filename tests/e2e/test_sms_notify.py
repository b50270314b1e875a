"""Whole notifications by text message: signed Twilio webhooks through the real gateway,
Rasa server, action server and case backend. Assertions are on the TwiML a phone would
get and on the stored record."""

from __future__ import annotations

import re

import pytest

from channels.twilio.segments import is_gsm7, segments
from tests.channels.twilio_helpers import Phone, asking, latency_line, percentile

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"LDR-[A-Z0-9]{4}-[A-Z0-9]{4}")
TWILIO_RESERVED = {"stop", "unsubscribe", "end", "quit", "stopall", "revoke", "optout",
                   "cancel", "start", "yes", "unstop", "help", "info"}


def pick(label: str) -> tuple[str, str]:
    return ("pick", label)


def answer_all(phone: Phone, answers: dict, sent: list[str]) -> None:
    for _ in range(60):
        field = asking(phone.last)
        if field == "confirm":
            return
        assert field in answers, f"unexpected question {field!r}: {phone.last!r}"
        value = answers[field]
        reply = phone.number_of(value[1]) if isinstance(value, tuple) else value
        sent.append(reply)
        phone.text(reply)
    raise AssertionError("the conversation did not reach the read-back")


def test_a_sister_tells_us_everything_by_text(stack, stored) -> None:
    phone = Phone(stack, "+447700900301")
    sent: list[str] = []
    phone.text("Hello")
    assert "1: " in phone.last and "Reply with the number" in phone.last
    sent.append(phone.number_of("Tell you about a death"))
    phone.text(sent[-1])
    assert asking(phone.last) == "person_name"
    answer_all(phone, {
        "person_name": "Aisha Begum",
        "notifier_name": "Nadia Begum",
        "notifier_relationship": pick("I am their brother or sister"),
        "date_of_death": "3/11/2026",
        "date_of_birth": "12 May 1980",
        "place_of_death": pick("In hospital"),
        "home_postcode": "B11 1AA",
        "gp_practice": "I do not know",
        "nhs_number": "I do not know",
        "learning_disability": pick("Yes"),
        "autistic": pick("I am not sure"),
        "ethnicity": "Bangladeshi",
        "concerns": "no",
        "life_story": "She loved music",
        "family_requests_focused_review": pick("Yes"),
        "wants_review_copy": pick("Yes"),
        "review_copy_format": pick("Easy read"),
        "consent_to_contact": pick("Yes"),
        "preferred_contact": pick("Text message"),
        "notifier_phone": "07700 900301",
        "communication_needs": pick("I do not need any help"),
    }, sent)
    assert "Aisha Begum" in phone.last
    phone.text(phone.number_of("Yes, send it"))
    bodies = phone.replies[-1]
    reference = REFERENCE.search(bodies[0]).group(0)
    # a separate, short text to keep: the reference and the support line
    assert reference in bodies[-1] and "116 123" in bodies[-1] and segments(bodies[-1]) == 1
    record = stored(reference)
    assert record["channel"] == "sms"
    assert record["person"]["name"] == "Aisha Begum"
    assert record["person"]["date_of_death"] == "2026-11-03"
    assert record["person"]["place_of_death"] == "hospital"
    assert record["person"]["learning_disability"] == "yes"
    assert record["person"]["autistic"] == "not_sure"
    assert record["notifier"]["relationship"] == "sibling"
    assert record["notifier"]["phone"] == "+447700900301"
    assert record["review_copy_format"] == "easy_read"
    assert record["focused_review"]["required"] is True
    # never needed a word Twilio keeps for itself, alone
    assert not [s for s in sent if s.strip().lower() in TWILIO_RESERVED]
    # what the person texted is in the record as they texted it (numbers included)
    users = [t["text"] for t in record["transcript"] if t["speaker"] == "user"]
    assert "Aisha Begum" in users
    # cost in segments: every reply in plain GSM-7, and short
    costs = [segments(b) for reply in phone.replies for b in reply]
    assert all(is_gsm7(b) for reply in phone.replies for b in reply if "Begum" not in b)
    assert percentile(costs, 0.5) <= 2 and max(costs) <= 8, costs
    print("\n" + latency_line("SMS webhook", phone.seconds))
    print(f"SMS segments per message: median {percentile(costs, 0.5)}, max {max(costs)}, "
          f"{len(costs)} messages")


def test_texting_again_later_carries_on_where_they_stopped(stack, stored) -> None:
    phone = Phone(stack, "+447700900302")
    phone.text("I want to tell you about a death")
    assert asking(phone.last) == "person_name"
    phone.text("Ben Carter")
    phone.text("pause")  # a command that Twilio does not keep for itself
    assert "Ben Carter" in phone.last and "carry on" in phone.last
    phone.text("Hello")  # later, from the same number
    assert "Ben Carter" in phone.last
    phone.text(phone.number_of("Carry on"))
    assert asking(phone.last) == "notifier_name"


def test_bad_texts_get_kind_answers_and_the_conversation_goes_on(stack) -> None:
    phone = Phone(stack, "+447700900303")
    phone.text("I want to tell you about a death")
    assert asking(phone.last) == "person_name"
    phone.text("")
    assert "empty" in phone.last
    phone.text("x" * 1700)
    assert "too long" in phone.last
    phone.text("😢😢")
    phone.text("王秀英")
    assert asking(phone.last) in ("person_name", "notifier_name")


def test_the_real_gateway_refuses_forged_and_replayed_webhooks(stack) -> None:
    import requests

    from tests.channels.twilio_helpers import signature

    phone = Phone(stack, "+447700900304")
    url = phone.base + "/twilio/sms"
    params = {"MessageSid": "SM" + "f" * 32, "From": phone.number, "Body": "my dad died"}
    forged = requests.post(url, data=params, timeout=15,
                           headers={"X-Twilio-Signature": signature(url, params, "not-the-token")})
    unsigned = requests.post(url, data=params, timeout=15)
    assert forged.status_code == unsigned.status_code == 403
    headers = {"X-Twilio-Signature": signature(url, params, phone.token)}
    first = requests.post(url, data=params, headers=headers, timeout=15)
    replay = requests.post(url, data=params, headers=headers, timeout=15)
    assert "<Message>" in first.text and replay.text.strip().endswith("<Response />")
    no_from = {"MessageSid": "SM" + "e" * 32, "Body": "hello"}
    missing = requests.post(url, data=no_from, timeout=15,
                            headers={"X-Twilio-Signature": signature(url, no_from, phone.token)})
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"

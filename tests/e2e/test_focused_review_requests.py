"""Asking for a focused review (flow "focused_review"), with or without a reference number."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from contract import load_example
from contract.reference import new_reference
from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


@pytest.fixture
def notified(stack) -> str:
    """A notification the case backend already has (told to LeDeR earlier)."""
    doc = load_example("notify")
    doc["reference"] = new_reference()
    doc["person"]["name"] = "Rose Khan"
    r = requests.post(f"http://127.0.0.1:{stack.ports.backend}/api/v1/notifications", json=doc,
                      headers={"Authorization": f"Bearer {stack.env['CASE_BACKEND_TOKEN']}"},
                      timeout=10)
    assert r.status_code in (200, 201), r.text
    return doc["reference"]


def test_with_a_reference_typed_loosely_after_a_wrong_one(chat: Chat, stored,
                                                          notified: str) -> None:
    chat.say("I want a focused review for my sister")
    assert chat.asking == "fr_reference"
    intro = "\n".join(m["text"] for m in chat.transcript if m["speaker"] == "bot")
    assert "A focused review is a longer look at what happened" in intro
    chat.say("LDR-AAAA-AAAA")  # well formed, but nobody told us about it
    assert chat.asking == "fr_reference"
    assert "could not find" in chat.text()
    chat.say(f"its {notified.lower().replace('-', ' ')}")
    assert chat.asking == "fr_name", "the person's details were asked although we have them"
    chat.answer_all({
        "fr_name": "Amir Khan",
        "fr_relationship": "i am her brother",
        "fr_reason": "She was sent home from hospital twice and nobody listened to us",
        "fr_contact": "email",
        "fr_email": "amir@example.com",
    })
    asked_about = [m["text"] for m in chat.transcript
                   if m["speaker"] == "bot" and m.get("asks") == "fr_relationship"]
    assert "Rose Khan" in asked_about[0]  # the name from the backend, used kindly
    assert "Rose Khan" in chat.text()
    chat.say("yes send")
    record = stored(chat.reference())
    assert record["flow"] == "focused_review"
    assert record["related_reference"] == notified
    assert record["request"]["reason"].startswith("She was sent home")
    assert record["notifier"]["relationship"] == "sibling"
    assert record["notifier"]["email"] == "amir@example.com"
    assert "person" not in record or record["person"] is None


def test_without_a_reference_we_ask_what_staff_need_to_match(chat: Chat, stored) -> None:
    chat.say("I want to ask for a longer review")
    chat.say("no i dont have one")
    assert chat.asking == "fr_person_name"
    chat.answer_all({
        "fr_person_name": "David Green",
        "fr_date_of_death": "3rd March",
        "fr_area": "Leeds",
        "fr_name": "Jo Green",
        "fr_relationship": "mum",
        "fr_reason": "I want to know why his epilepsy was not managed",
        "fr_contact": "phone",
        "fr_phone": "0113 496 0000",
    })
    chat.say("that's right")
    record = stored(chat.reference())
    assert record["related_reference"] is None
    assert record["person"]["name"] == "David Green"
    assert record["person"]["home_postcode"] is None
    assert record["as_said"]["home_postcode"] == "Leeds"
    died = dt.date.fromisoformat(record["person"]["date_of_death"])
    assert (died.month, died.day) == (3, 3) and died <= dt.date.today()

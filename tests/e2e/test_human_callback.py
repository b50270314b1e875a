"""Asking for a call back (flow "human"): from the first message, the menu, or mid-form."""

from __future__ import annotations

import pytest

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e



def test_a_call_back_from_the_first_message_is_sent_to_the_backend(chat: Chat, stored) -> None:
    chat.say("i cant type very well can someone ring me")
    assert chat.asking == "callback_name"
    assert chat.last_bot[-1]["flow"] == "human"
    chat.answer_all({
        "callback_name": "my name is Sue Brown",
        "callback_phone": "07700 900123",
        "callback_best_time": "mornings before 11",
        "callback_reason": "about my brother who died",
        "callback_needs": "an interpreter for Urdu",
    })
    assert "Sue Brown" in chat.text() and "Urdu" in chat.text()
    chat.say("yes")
    record = stored(chat.reference())
    assert record["flow"] == "human"
    assert record["notifier"]["name"] == "Sue Brown"
    assert record["notifier"]["phone"] == "+447700900123"
    assert record["notifier"]["communication_needs"] == ["interpreter"]
    assert record["notifier"]["interpreter_language"] == "Urdu"
    assert record["request"]["best_time"] == "mornings before 11"
    assert record["request"]["reason"] == "about my brother who died"
    assert record["safeguarding"]["urgent"] is False


def test_talk_to_a_person_mid_notify_asks_for_a_call_back_then_offers_to_carry_on(
        chat: Chat, stored) -> None:
    chat.say("my son died")
    chat.say("Peter Jones")
    assert chat.asking == "notifier_name"
    chat.say("talk to a person")  # what the voice channel sends for keypad 0
    assert chat.asking == "callback_name"
    chat.answer_all({"callback_name": "Ann Jones", "callback_phone": "07700 900456",
                     "callback_best_time": "any time", "callback_reason": "no",
                     "callback_needs": "none"})
    chat.say("send it")
    record = stored(chat.reference())
    assert record["flow"] == "human" and record["request"]["reason"] is None
    # the notification is kept and offered again
    assert any(c["value"] == "carry on" for m in chat.last_bot for c in m["choices"])
    chat.say("carry on")
    assert chat.asking == "notifier_name"
    assert "Peter Jones" in chat.text()


def test_the_menu_button_starts_a_call_back(chat: Chat) -> None:
    values = [c["value"] for m in chat.transcript if m["speaker"] == "bot"
              for c in m.get("choices", [])]
    assert "talk to a person" in values
    chat.say("talk to a person")
    assert chat.asking == "callback_name"
    chat.say("go back")
    assert chat.asking == "callback_name"  # nothing to go back to, asked again
    chat.say("Sam")
    chat.say("not a number")
    assert chat.asking == "callback_phone"
    assert "phone number" in chat.text().lower()

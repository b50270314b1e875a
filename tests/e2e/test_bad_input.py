"""Bad input in a conversation gets a kind answer, never a crash or a lost answer."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


def test_odd_first_messages_get_the_menu_not_an_error(chat: Chat) -> None:
    for text in ("😀😀😀", "asdfghjkl", "???", "\u202e\u0000hello\u0007", "مرحبا"):
        messages = chat.say(text)
        assert messages, f"no answer to {text!r}"
        assert all(m["text"] for m in messages)
        assert any(m.get("choices") for m in messages)  # a way forward


def test_odd_answers_are_explained_and_asked_again(chat: Chat) -> None:
    chat.say("my dad died")
    assert chat.asking == "person_name"
    chat.say("😀😀😀")
    assert chat.asking == "person_name" and "does not look like a name" in chat.text()
    chat.say("محمد علي")  # names in other scripts are names
    assert chat.asking == "notifier_name"
    chat.say("Ann\u0000 O\u0007'Neil")  # control characters dropped, the name kept
    assert chat.asking == "notifier_relationship"
    assert "محمد علي" in chat.text()
    chat.say("42")  # a number that is not one of the choices
    assert chat.asking == "notifier_relationship"
    chat.say("3")  # the third choice: brother or sister
    assert chat.asking == "date_of_death"
    chat.say("x" * 1900)
    assert chat.asking == "date_of_death" and "too long" in chat.text()


def test_a_message_too_long_for_the_chat_is_refused_kindly(stack, chat: Chat) -> None:
    r = requests.post(
        f"http://127.0.0.1:{stack.ports.gateway}/api/chat/conversations/"
        f"{chat.conversation_id}/messages", json={"text": "a" * 20000}, timeout=30)
    assert r.status_code == 413
    assert "shorter" in r.json()["message"].lower() or "long" in r.json()["message"].lower()
    chat.say("my dad died")  # the conversation still works afterwards
    assert chat.asking == "person_name"

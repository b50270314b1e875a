"""Questions about LeDeR (flow "help") and the menu that starts every flow."""

from __future__ import annotations

import pytest

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("question", "expected"), [
    ("how long does it take", "6 months"),
    ("can i complain about the hospital here", "03000 616161"),
    ("who will see what I tell you", "safe"),
    ("will the family get a copy of the review", "copy"),
    ("what is a focused review", "longer look at what happened"),
    ("wat is leder", "Learning from Life and Death Reviews"),
])
def test_questions_get_their_own_easy_read_answer(chat: Chat, question: str,
                                                  expected: str) -> None:
    chat.say(question)
    assert expected in chat.text()
    assert chat.last_bot[0]["flow"] == "help"


def test_help_lists_the_questions_as_buttons_and_each_button_answers(chat: Chat) -> None:
    chat.say("help")
    topics = [c for m in chat.last_bot for c in m["choices"]
              if c["picture"] == "openmoji:2139"]
    assert len(topics) == 8
    answers = set()
    for topic in topics:
        chat.say(topic["value"])
        answers.add(chat.last_bot[0]["text"])
    assert len(answers) == 8, "two buttons gave the same answer"


def test_every_flow_starts_from_the_menu(chat: Chat) -> None:
    menu = {c["value"] for c in chat.last_bot[-1]["choices"]}
    expected = {"I want to tell you about a death": "person_name",
                "I want to ask for a longer review": "fr_reference",
                "I want to share my views": "fb_about",
                "talk to a person": "callback_name"}
    assert set(expected) <= menu
    for reply, first_question in expected.items():
        chat.say(reply)
        assert chat.asking == first_question, reply
        chat.say("stop")
        assert "kept your answers" in chat.text()

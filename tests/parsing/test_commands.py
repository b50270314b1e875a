"""Conversation commands and "I do not know": whole-message only, never on content."""

from __future__ import annotations

import pytest

from bot.actions.parsing import COMMANDS, detect_command, is_dont_know

pytestmark = pytest.mark.usefixtures("no_parser_errors")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("help", "help"),
        ("Help!", "help"),
        ("HELP", "help"),
        ("help me", "help"),
        ("more help", "help"),
        ("can you help me please", "help"),
        ("what does that mean", "help"),
        ("What does that mean?", "help"),
        ("I don't understand", "help"),
        ("i dont understand the question", "help"),
        ("explain", "help"),
        ("explain please", "help"),
        ("can you explain that", "help"),
        ("?", "help"),
        ("??", "help"),
        ("what?", "help"),
        ("pardon?", "help"),
        ("back", "back"),
        ("go back", "back"),
        ("Go back.", "back"),
        ("can I go back please", "back"),
        ("previous question", "back"),
        ("undo", "back"),
        ("take me back", "back"),
        ("stop", "stop"),
        ("STOP", "stop"),
        ("please stop", "stop"),
        ("pause", "stop"),
        ("I want to stop", "stop"),
        ("i need to stop now", "stop"),
        ("finish later", "stop"),
        ("can I finish this later", "stop"),
        ("not now", "stop"),
        ("I can't do this right now", "stop"),
        ("talk to a person", "human"),
        ("speak to someone", "human"),
        ("can I speak to someone please", "human"),
        ("real person", "human"),
        ("I want to talk to a real person", "human"),
        ("call me back", "human"),
        ("can someone call me", "human"),
        ("human", "human"),
        ("skip", "skip"),
        ("skip this question", "skip"),
        ("next", "skip"),
        ("next question please", "skip"),
        ("change an answer", "change"),
        ("I made a mistake", "change"),
        ("I want to change something", "change"),
        ("edit my answer", "change"),
        ("start again", "restart"),
        ("can we start again please", "restart"),
        ("start over", "restart"),
        ("restart", "restart"),
        ("\u200bstop\u200b", "stop"),  # invisible characters around it
    ],
)
def test_commands(text: str, command: str) -> None:
    assert detect_command(text) == command
    assert command in COMMANDS


@pytest.mark.parametrize(
    "text",
    [
        # content that contains a command word is content
        "he needed help with eating",
        "she stopped eating",
        "back pain",
        "he had back pain",
        "his mum's a real person",
        "he went back to the hospital",
        "they said stop it",
        "help with his meals",
        "the staff didn't help him",
        "next of kin",
        "the next day",
        "we had to start again with a new GP",
        "he could not stop coughing",
        "I need to go back to work",
        "explain why he died",
        "change of medication",
        "a person from the council",
        "call me",  # the answer to "how should we contact you?"
        "phone me",
        "no",
        "yes",
        "Tom Smith",
        "",
        "   ",
        "help " * 100,
    ],
)
def test_content_is_not_a_command(text: str) -> None:
    assert detect_command(text) is None


def test_command_junk_is_none() -> None:
    for junk in (None, 5, b"stop", ["stop"], "x" * 10_000_000, "🙂", "\x00\x01"):
        assert detect_command(junk) in (None, "stop")  # bytes are decoded as text


@pytest.mark.parametrize(
    "text",
    [
        "I don't know",
        "i dont know",
        "I do not know",
        "dont know",
        "Don't know.",
        "don't know, sorry",
        "dunno",
        "idk",
        "IDK",
        "not sure",
        "I'm not sure",
        "no idea",
        "I have no idea",
        "no clue",
        "not a clue",
        "unknown",
        "can't remember",
        "cannot remember",
        "I can't remember",
        "I don't remember",
        "I really don't know to be honest",
        "sorry I don't know",
        "no, I don't know",
        "don't know?",
        "I don't know his NHS number",
        "I don't know her date of birth",
        "I dont have it",
        "dont no",  # a common misspelling
        "not known",
        "nobody knows",
    ],
)
def test_dont_know(text: str) -> None:
    assert is_dont_know(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "I know",
        "yes I know",
        "I do know",
        "don't know his middle name but it's Tom",
        "not sure what you mean",
        "I don't know, maybe 1958",
        "not sure, I think it was March",
        "no",
        "?",
        "unknowingly he took the tablets",
        "I don't know why they did not call us, we asked them every day to call us",
        "",
        None,
        "dunno " * 100,
    ],
)
def test_not_dont_know(text: object) -> None:
    assert is_dont_know(text) is False

"""The `personal` flag of bot messages decides which voice may speak them (SPEC section 8)."""

from __future__ import annotations

from easy_read.render import build_message
from easy_read.tts import is_fixed_prompt

NAME = {"text": "Tom Smith"}
THE_PERSON = {"key": "common.the_person"}


def personal(key: str, **meta) -> bool:
    return build_message(key, meta, locale="en")["personal"]


def test_messages_with_what_a_person_said_are_personal() -> None:
    assert personal("notify.ask.date_of_death", params={"person": NAME})
    assert personal("notify.sent", params={"person": THE_PERSON, "reference": "LDR-7KQM-3HWX"})
    assert personal("notify.ask.date_of_death", params={"person": {"date": "2026-02-14"}})
    assert personal("common.what_next", lines=[{"key": "notify.paused",
                                                "params": {"person": NAME}}])
    assert personal("notify.ask.field_to_change", choices=["person_name"],
                    choice_labels={"person_name": NAME})


def test_fixed_messages_are_not_personal_and_are_fixed_prompts() -> None:
    for key, meta in [
        ("common.welcome", {}),
        ("notify.ask.date_of_death", {"params": {"person": THE_PERSON}}),
        ("notify.ask.notifier_name", {"params": {"person": NAME}}),  # name not in the words
    ]:
        message = build_message(key, meta, locale="en")
        assert message["personal"] is False, key
        assert is_fixed_prompt(message["text"]), key


def test_a_personal_message_is_never_a_fixed_prompt() -> None:
    message = build_message("notify.ask.date_of_death", {"params": {"person": NAME}},
                            locale="en")
    assert not is_fixed_prompt(message["text"])

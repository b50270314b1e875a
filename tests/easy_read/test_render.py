"""Rendering a message request into words and metadata (what every channel shows)."""

from __future__ import annotations

import pytest

from easy_read.render import build_message, format_date, render_text


def test_an_asking_message_carries_the_metadata_of_spec_section_5() -> None:
    m = build_message("notify.ask.place_of_death", {
        "flow": "notify", "asks": "place_of_death", "input": "choice",
        "choices": ["home", "hospital"], "progress": {"step": 7, "of": 20},
        "params": {"person": {"text": "Tom Smith"}}}, locale="en")
    assert m["text"] == "Where did Tom Smith die?"
    assert (m["flow"], m["asks"], m["input"]) == ("notify", "place_of_death", "choice")
    assert m["progress"] == {"step": 7, "of": 20}
    assert m["choices"] == [
        {"value": "home", "label": "At home", "picture": "openmoji:1F3E0"},
        {"value": "hospital", "label": "In hospital", "picture": "openmoji:1F3E5"},
    ]
    assert "audio" in m


def test_yes_no_values_and_booleans_get_words_and_pictures() -> None:
    m = build_message("notify.ask.consent_to_contact", {
        "asks": "consent_to_contact", "choices": [True, False]}, locale="en")
    assert [(c["value"], c["label"]) for c in m["choices"]] == [("yes", "Yes"), ("no", "No")]
    assert all(c["picture"] for c in m["choices"])


def test_buttons_for_commands_send_words_the_bot_understands() -> None:
    m = build_message("notify.ask.nhs_number", {"asks": "nhs_number",
                                                "choices": ["cmd:skip", "cmd:human"],
                                                "params": {"person": {"text": "Ann"}}},
                      locale="en")
    assert [c["value"] for c in m["choices"]] == ["skip", "talk to a person"]
    assert [c["label"] for c in m["choices"]] == ["Skip this question", "Talk to a person"]


def test_dates_are_read_as_words_with_digits() -> None:
    assert format_date("2026-02-14", locale="en") == "14 February 2026"
    assert format_date("1958-03-03", locale="en") == "3 March 1958"


def test_typed_values_render_kindly() -> None:
    text = render_text("notify.summary.intro", {"person": {"text": "Ann"}}, locale="en", lines=[
        {"key": "notify.summary.date_of_birth", "params": {"value": {"unknown": True}}},
        {"key": "notify.summary.communication_needs",
         "params": {"value": {"choices": ["communication_needs", ["easy_read", "audio"]]}}},
    ])
    assert text.splitlines() == ["Here is what you told us about Ann.",
                                 "Date of birth: Not known", "Help you need: Easy read and Audio"]


def test_user_words_are_inserted_as_they_are() -> None:
    name = "<img src=x onerror=alert(1)> %{person}"
    m = build_message("notify.ask.autistic", {"params": {"person": {"text": name}}},
                      locale="en")
    assert m["text"].startswith(f"Was {name} autistic?")


def test_a_missing_message_is_refused_not_shown_as_a_key() -> None:
    with pytest.raises(KeyError):
        build_message("notify.ask.not_a_question", {}, locale="en")

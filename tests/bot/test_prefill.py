"""Facts in a first message are kept and not asked again (issue 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.actions.prefill import notify_facts

TODAY = dt.date(2026, 11, 26)  # a Thursday


def test_several_facts_in_one_message() -> None:
    facts = notify_facts("My brother Tom died on Friday in hospital, he had autism", today=TODAY)
    assert facts == {"notifier_relationship": "sibling", "date_of_death": "2026-11-20",
                     "place_of_death": "hospital", "autistic": "yes"}


def test_misspelt_and_unpunctuated() -> None:
    facts = notify_facts("my son dyed on 3rd november in his care home he had downs syndrome",
                         today=TODAY)
    assert facts["notifier_relationship"] == "parent"
    assert facts["date_of_death"] == "2026-11-03"
    assert facts["place_of_death"] == "care_home"
    assert facts["learning_disability"] == "yes"


@pytest.mark.parametrize("text", [
    "my son died",  # too short to hold facts: the questions ask
    "Hello, one of the men I support has died",
    "my sister passed away last week",  # a week is not a day: asked later
    "he was not autistic and he died",
    "",
    None,
    "x" * 5000,
])
def test_nothing_unclear_is_kept(text) -> None:
    facts = notify_facts(text, today=TODAY)
    assert "date_of_death" not in facts and "autistic" not in facts


def test_two_different_dates_keep_neither() -> None:
    facts = notify_facts("she died on 3rd November, or was it the 4th November, in hospital",
                         today=TODAY)
    assert "date_of_death" not in facts

"""The safeguarding check: data-driven, never one exact phrase, rare false alarms."""

from __future__ import annotations

import pytest

from bot.actions.safeguarding import detect_concern, mentions_death
from scripts.evaluate_nlu import MAX_FALSE_ALARM_RATE, safeguarding


def test_false_alarms_on_ordinary_bereavement_messages_stay_rare() -> None:
    figures = safeguarding()
    assert figures["ordinary"] >= 80
    assert figures["false_alarm_rate"] <= MAX_FALSE_ALARM_RATE, figures["false_alarms"]


def test_every_concern_in_the_set_is_caught() -> None:
    figures = safeguarding()
    assert figures["concerns"] >= 30
    assert figures["missed"] == []


@pytest.mark.parametrize(("text", "category"), [
    ("I want to kill myself", "self_harm"),
    ("i dont want to live any more", "self_harm"),
    ("Im going to take an overdose tonight", "self_harm"),
    ("my dad hits me", "abuse"),
    ("the carers were ABUSING him", "abuse"),
    ("staff abuesd her", "abuse"),  # misspelt
    ("they left him in soiled sheets for hours", "neglect"),
    ("the care home neglected my brother and he died", "neglect"),  # a part in the death
    ("I am not safe at home", "danger_now"),
])
def test_concerns_in_many_words(text: str, category: str) -> None:
    concern = detect_concern(text)
    assert concern is not None and concern.category == category


@pytest.mark.parametrize("text", [
    "he was never abused, they loved him", "there was no neglect", "he was hit by a car",
    "hospital", "", None, 42, "😀" * 50, "x" * 100_000,
])
def test_no_concern_and_no_crash(text) -> None:
    assert detect_concern(text) is None


def test_a_death_is_recognised_in_peoples_words() -> None:
    assert mentions_death("my sun dyed last week")
    assert mentions_death("my brother died and the carers abused him")
    assert not mentions_death("the staff hit him")

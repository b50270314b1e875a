"""Facts given in the first message are kept, shown back and never asked again."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.chat import Chat
from tests.e2e.test_safeguarding_anywhere import NOTIFY_ANSWERS

pytestmark = pytest.mark.e2e


def last_friday() -> dt.date:
    today = dt.date.today()
    back = (today.weekday() - 4) % 7 or 7
    return today - dt.timedelta(days=back)


def test_my_brother_tom_died_on_friday_in_hospital_he_had_autism(chat: Chat, stored) -> None:
    chat.say("My brother Tom died on Friday in hospital, he had autism")
    shown = chat.text()
    assert "I have kept them" in shown and "In hospital" in shown
    assert chat.asking == "person_name"
    answers = {**NOTIFY_ANSWERS, "person_name": "Tom Price", "notifier_name": "Kay Price"}
    chat.answer_all(answers)
    for kept in ("notifier_relationship", "date_of_death", "place_of_death", "autistic"):
        assert kept not in chat.asked, f"{kept} was asked again"
    chat.say("yes send it")
    record = stored(chat.reference())
    assert record["notifier"]["relationship"] == "sibling"
    on_a_friday = {dt.date.today().isoformat()} if dt.date.today().weekday() == 4 else set()
    assert record["person"]["date_of_death"] in {last_friday().isoformat(), *on_a_friday}
    assert record["person"]["place_of_death"] == "hospital"
    assert record["person"]["autistic"] == "yes"
    assert record["as_said"]["date_of_death"].startswith("My brother Tom died on Friday")

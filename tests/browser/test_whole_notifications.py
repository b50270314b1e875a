"""Whole notifications through the chat page: by keyboard alone, and by picture buttons.

Both end with the record the case backend stored, fetched from its API.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.journeys import A_WEEK_AGO, CARER_BY_CLICKS, FAMILY_BY_KEYBOARD
from tests.browser.widget import LOADED, MENU_NOTIFY

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_family_member_tells_us_everything_with_the_keyboard_alone(
    widget, gateway_url, stored
) -> None:
    chat = widget(keyboard_only=True)
    chat.open(gateway_url)
    chat.choose(MENU_NOTIFY)
    chat.answer_until(FAMILY_BY_KEYBOARD)
    read_back = "\n".join(chat.bot_texts()[-2:])
    assert "Thomas Edward Smith" in read_back
    assert "The ward did not listen to us <b>at all</b>" in read_back  # shown as typed
    assert chat.page.locator("#transcript b").count() == 0
    chat.choose(chat.last["choices"][0]["value"])  # "Yes, send it"
    record = stored(chat.reference())

    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert record["channel"] == "web"
    assert record["person"]["name"] == "Thomas Edward Smith"
    assert record["person"]["date_of_death"] == yesterday
    assert record["person"]["date_of_birth"] == "1958-03-03"
    assert record["person"]["place_of_death"] == "hospital"
    assert record["person"]["home_postcode"] == "LS1 4DY"
    assert record["person"]["ethnicity"] == "black_caribbean"
    assert record["notifier"]["relationship"] == "parent"
    assert record["notifier"]["email"] == "jo@example.org"
    assert record["notifier"]["preferred_contact"] == "email"
    assert record["notifier"]["communication_needs"] == ["easy_read", "large_print"]
    assert record["review_copy_format"] == "easy_read"
    assert record["family_requests_focused_review"] == "yes"
    assert record["as_said"]["date_of_death"] == "yesterday"
    assert record["concerns"] == "The ward did not listen to us <b>at all</b>"


def test_a_carer_tells_us_by_pressing_picture_buttons(widget, gateway_url, stored) -> None:
    chat = widget()
    chat.open(gateway_url)
    chat.choose(MENU_NOTIFY)
    pictured: list[str] = []

    def every_choice_has_its_picture(asks: str) -> None:
        buttons = chat.page.locator("#choices .choice")
        for i in range(buttons.count()):
            image = buttons.nth(i).locator("img.choice__picture")
            assert image.count() == 1, f"a choice of {asks} has no picture"
            assert image.evaluate(LOADED), f"a picture of {asks} did not load"
        if buttons.count():
            pictured.append(asks)

    chat.answer_until(CARER_BY_CLICKS, on_question=every_choice_has_its_picture)
    chat.choose(chat.last["choices"][0]["value"])
    record = stored(chat.reference())

    assert "place_of_death" in pictured and "confirm" in pictured
    assert record["person"]["name"] == "Amrit Kaur"
    assert record["person"]["date_of_death"] == A_WEEK_AGO.isoformat()
    assert record["person"]["date_of_birth"] == "1970-02-14"
    assert record["person"]["place_of_death"] == "care_home"
    assert record["person"]["home_postcode"] is None
    assert record["person"]["ethnicity"] == "asian_indian"
    assert record["notifier"]["relationship"] == "paid_carer"
    assert record["notifier"]["phone"] == "+447700900123"
    assert record["family_contact"]["name"] == "Priya Kaur"
    assert record["notifier"]["communication_needs"] == ["none"]

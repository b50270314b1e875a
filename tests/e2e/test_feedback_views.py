"""Sharing views (flow "feedback"): about the person's life and care, or about this chat."""

from __future__ import annotations

import pytest

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


def test_views_about_the_life_and_care_of_the_person(chat: Chat, stored) -> None:
    chat.say("i want to tell you what my dads care was like")
    assert chat.asking == "fb_about"
    choices = chat.last_bot[-1]["choices"]
    assert [c["value"] for c in choices] == ["person", "service"]
    assert all(c["picture"] for c in choices)
    chat.answer_all({
        "fb_about": "about my dad and his care",
        "fb_reference": "I have not got one",
        "fb_person_name": "George Hall",
        "fb_important": "his garden and his dog Bess",
        "fb_went_well": "the nurses on the ward were kind",
        "fb_went_wrong": "nobody explained his medicines to us",
        "fb_contact_ok": "no thanks",
    })
    chat.say("send")
    record = stored(chat.reference())
    assert record["flow"] == "feedback"
    assert record["request"]["feedback_about"] == "person"
    assert record["request"]["what_was_important"] == "his garden and his dog Bess"
    assert record["request"]["what_went_wrong"] == "nobody explained his medicines to us"
    assert record["person"]["name"] == "George Hall"
    assert record.get("notifier") is None  # anonymous is fine


def test_a_rating_of_this_chat_with_pictures_and_words(chat: Chat, stored) -> None:
    chat.say("I want to give feedback about this chat")
    chat.say("2")  # the second button: this chat
    assert chat.asking == "fb_rating"
    message = chat.last_bot[-1]
    assert message["input"] == "rating"
    assert [c["value"] for c in message["choices"]] == ["good", "ok", "bad"]
    assert len({c["picture"] for c in message["choices"]}) == 3
    chat.say("it was ok")
    chat.say("the questions were short but the date was hard")
    chat.say("yes")
    assert chat.asking == "fb_name"
    chat.answer_all({"fb_name": "Sam", "fb_contact": "text", "fb_phone": "07700 900789"})
    chat.say("yes")
    record = stored(chat.reference())
    assert record["request"]["feedback_about"] == "service"
    assert record["request"]["rating"] == "ok"
    assert record["request"]["comments"].startswith("the questions were short")
    assert record["notifier"]["phone"] == "+447700900789"


def test_feedback_can_be_left_and_resumed_where_it_stopped(chat: Chat) -> None:
    chat.say("I want to share my views")
    chat.say("the person")
    chat.say("no")  # no reference number
    assert chat.asking == "fb_person_name"
    chat.say("no")  # the name is optional too
    assert chat.asking == "fb_important"
    chat.say("pause")
    assert chat.asking is None and "carry on" in chat.text()
    chat.say("hello")
    assert "sharing your views" in chat.text()
    chat.say("yes")
    assert chat.asking == "fb_important"
    chat.say("go back")
    assert chat.asking == "fb_person_name"

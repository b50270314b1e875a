"""Safeguarding at any point (SPEC section 3): a calm answer at once, then carry on."""

from __future__ import annotations

import pytest

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e

NOTIFY_ANSWERS = {
    "person_name": "Lee Carter", "notifier_name": "Pat Carter",
    "notifier_relationship": "his dad", "date_of_death": "yesterday",
    "date_of_birth": "1 May 1990", "place_of_death": "care home", "home_postcode": "ls1 4dy",
    "gp_practice": "dont know", "nhs_number": "dont know", "learning_disability": "yes",
    "autistic": "yes", "ethnicity": "white british", "concerns": "no", "life_story": "no",
    "family_requests_focused_review": "yes", "wants_review_copy": "no",
    "consent_to_contact": "yes", "preferred_contact": "phone",
    "notifier_phone": "07700 900111", "communication_needs": "none",
}


def assert_safety_answer(chat: Chat) -> None:
    said = chat.text()
    assert "999" in said and "116 123" in said, said
    assert "adult safeguarding" in said, said
    assert "cannot keep this a secret" in said, said


def test_mid_form_the_answer_comes_first_then_the_same_question_again(chat: Chat,
                                                                      stored) -> None:
    chat.say("my son has died")
    chat.say("Lee Carter")
    assert chat.asking == "notifier_name"
    chat.say("the staff at his home used to hit him and lock him in his room")
    assert_safety_answer(chat)
    assert chat.asking == "notifier_name", "the conversation did not carry on where it was"
    answers = dict(NOTIFY_ANSWERS)
    answers.pop("person_name")
    chat.answer_all(answers)
    chat.say("yes send it")
    record = stored(chat.reference())
    assert record["safeguarding"]["urgent"] is True
    assert record["safeguarding"]["what_was_said"] == [
        "the staff at his home used to hit him and lock him in his room"]
    assert record["notifier"]["name"] == "Pat Carter"


def test_a_worry_given_as_the_answer_to_concerns_is_kept_and_flagged(chat: Chat,
                                                                     stored) -> None:
    chat.say("I need to tell you about a death")
    answers = dict(NOTIFY_ANSWERS)
    chat.answer_all(answers, stop_before="concerns")
    chat.say("yes they neglected him, he had pressure sores for weeks")
    assert_safety_answer(chat)
    assert chat.asking == "life_story", "the worry had to be typed twice"
    answers.pop("concerns")
    chat.answer_all(answers)
    chat.say("yes")
    record = stored(chat.reference())
    assert record["concerns"].startswith("yes they neglected him")
    assert record["safeguarding"]["urgent"] is True


def test_wanting_to_end_ones_life_gets_samaritans_and_a_person(chat: Chat) -> None:
    chat.say("since he went i dont want to be here anymore")
    said = chat.text()
    assert "Samaritans" in said and "116 123" in said and "999" in said
    values = [c["value"] for m in chat.last_bot for c in m["choices"]]
    assert "talk to a person" in values


def test_a_first_message_with_abuse_gets_the_answer_and_the_notification_starts(
        chat: Chat) -> None:
    chat.say("my brother died last week and I think the carers abused him")
    assert_safety_answer(chat)
    assert chat.asking == "person_name"


def test_ordinary_grief_is_not_a_safeguarding_alarm(chat: Chat) -> None:
    chat.say("my mum died in hospital and I feel so sad")
    assert "999" not in chat.text()
    assert chat.asking == "person_name"
    chat.say("I miss her so much")  # as an answer to the name question: asked again kindly
    assert "999" not in chat.text()

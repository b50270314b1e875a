"""Whole notify conversations through the real gateway, Rasa, action server and backend."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e



def test_a_carer_tells_us_everything_in_free_text(chat: Chat, stored) -> None:
    chat.say("Hello, one of the men I support has died")
    assert chat.asking == "person_name"
    chat.answer_all({
        "person_name": "his name was Thomas Edward Smith",
        "notifier_name": "Jo Bloggs",
        "notifier_relationship": "I was his support worker",
        "date_of_death": "yesterday",
        "date_of_birth": "3rd March 1958",
        "place_of_death": "in hospital",
        "home_postcode": "ls1 4dy",
        "gp_practice": "Park Lane Surgery",
        "nhs_number": "943 476 5919",
        "learning_disability": "yes he did",
        "autistic": "no",
        "ethnicity": "black caribbean",
        "concerns": "The ward did not make reasonable adjustments for him",
        "life_story": "He loved trains and his sister Mary",
        "family_requests_focused_review": "not sure",
        "wants_review_copy": "yes please",
        "review_copy_format": "easy read",
        "family_contact_name": "Mary Smith",
        "family_contact_relationship": "his sister",
        "family_contact_phone": "07700 900456",
        "consent_to_contact": "yes",
        "preferred_contact": "text message",
        "notifier_phone": "07700 900123",
        "communication_needs": "none",
    })
    summary = chat.text()
    assert "Thomas Edward Smith" in summary and "LS1 4DY" in summary
    assert "3 March 1958" in summary
    assert len(chat.asked) == len(set(chat.asked)), "a question was asked twice"
    chat.say("yes, send it")
    ref = chat.reference()
    record = stored(ref)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert record["channel"] == "web"
    assert record["person"] == {
        "name": "Thomas Edward Smith", "date_of_birth": "1958-03-03", "age_at_death": None,
        "date_of_death": yesterday, "place_of_death": "hospital", "home_postcode": "LS1 4DY",
        "gp_practice": "Park Lane Surgery", "nhs_number": "9434765919",
        "learning_disability": "yes", "autistic": "no", "ethnicity": "black_caribbean",
    }
    assert record["notifier"]["relationship"] == "paid_carer"
    assert record["notifier"]["phone"] == "+447700900123"
    assert record["notifier"]["preferred_contact"] == "text"
    assert record["family_contact"] == {"name": "Mary Smith", "relationship": "his sister",
                                        "phone": "+447700900456"}
    assert record["review_copy_format"] == "easy_read"
    assert record["consent_to_contact"] is True
    assert record["route"] == "leder"
    assert record["focused_review"]["required"] is True
    assert set(record["focused_review"]["reasons"]) == {"ethnic_minority", "concerns_raised"}
    assert record["as_said"]["date_of_death"] == "yesterday"
    assert record["as_said"]["notifier_relationship"] == "I was his support worker"
    users = [t["text"] for t in record["transcript"] if t["speaker"] == "user"]
    assert "ls1 4dy" in users and "yes, send it" in users


def test_a_mother_who_does_not_know_some_answers(chat: Chat, stored) -> None:
    chat.say("my son died")
    chat.answer_all({
        "person_name": "Daniel Okafor",
        "notifier_name": "Grace Okafor",
        "notifier_relationship": "I'm his mum",
        "date_of_death": "14/02/2026",
        "date_of_birth": "I don't know",
        "age_at_death": "he was 34",
        "place_of_death": "dont know",
        "home_postcode": "not sure",
        "gp_practice": "no idea",
        "nhs_number": "I don't know",
        "learning_disability": "not sure",
        "autistic": "yes",
        "ethnicity": "I don't want to say",
        "concerns": "no",
        "life_story": "I don't know",
        "family_requests_focused_review": "yes",
        "wants_review_copy": "no",
        "consent_to_contact": "yes",
        "preferred_contact": "email",
        "notifier_email": "Grace.O@Example.ORG",
        "communication_needs": "I need an interpreter for Yoruba",
    })
    assert "family_contact_name" not in chat.asked  # a parent is family
    assert "interpreter_language" not in chat.asked  # already said
    chat.say("yes")
    record = stored(chat.reference())
    person = record["person"]
    assert person["date_of_birth"] is None and person["age_at_death"] == 34
    assert person["date_of_death"] == "2026-02-14"
    assert person["place_of_death"] == "not_known"
    assert person["home_postcode"] is None and person["nhs_number"] is None
    assert person["ethnicity"] == "prefer_not_to_say"
    assert record["notifier"]["relationship"] == "parent"
    assert record["notifier"]["email"] == "Grace.O@example.org"  # domain lower-cased only
    assert record["notifier"]["communication_needs"] == ["interpreter"]
    assert record["notifier"]["interpreter_language"] == "Yoruba"
    assert record["concerns"] is None and record["life_story"] is None
    assert record["family_contact"] is None
    assert record["route"] == "leder"
    assert record["focused_review"] == {"required": True, "reasons": ["family_request"]}


def test_corrections_help_and_going_back(chat: Chat, stored) -> None:
    chat.say("I want to tell you about a death")
    chat.say("explain")
    assert chat.asking == "person_name"
    assert "first name and their last name" in chat.text()
    chat.say("Ann Lee")
    chat.say("Sam Lee")
    chat.say("go back")
    assert chat.asking == "notifier_name"
    chat.say("Sam Lee")
    chat.say("she was my sister")
    assert chat.asking == "date_of_death"
    chat.say("31/02/2026")
    assert chat.asking == "date_of_death"
    assert "did not understand that date" in chat.text()
    chat.say("next year")
    assert chat.asking == "date_of_death"
    # after two failed answers: offer to skip or to talk to a person
    values = [c["value"] for m in chat.last_bot for c in m.get("choices") or []]
    assert "skip" in values and "talk to a person" in values
    chat.say("14/02/2026")
    chat.say("01/06/2026")
    assert chat.asking == "date_of_birth" and "after" in chat.text()
    chat.say("5 June 1970")
    chat.say("at home")
    chat.say("M1 1AE")
    chat.say("skip")
    chat.say("123 456 7890")
    assert chat.asking == "nhs_number" and "does not look right" in chat.text()
    chat.say("skip")
    chat.answer_all({
        "learning_disability": "no",
        "autistic": "no",
        "ethnicity": "white british",
        "concerns": "no",
        "life_story": "no",
        "family_requests_focused_review": "no",
        "wants_review_copy": "no",
        "consent_to_contact": "no",
        "communication_needs": "none",
    })
    chat.say("go back")  # from the read-back: the last question again, then the read-back
    assert chat.asking == "communication_needs"
    chat.say("none")
    assert chat.asking == "confirm"
    chat.say("change an answer")
    assert chat.asking == "field_to_change"
    chat.say("the date they died")
    assert chat.asking == "date_of_death"
    chat.say("13/02/2026")
    assert chat.asking == "confirm"
    assert "13 February 2026" in chat.text()
    chat.say("yes")
    assert "Care Quality Commission" in chat.text()  # not eligible: kindly pointed elsewhere
    record = stored(chat.reference())
    assert record["person"]["name"] == "Ann Lee"
    assert record["person"]["date_of_death"] == "2026-02-13"
    assert record["person"]["date_of_birth"] == "1970-06-05"
    assert record["person"]["nhs_number"] is None
    assert record["person"]["gp_practice"] is None
    assert record["notifier"]["relationship"] == "sibling"
    assert record["notifier"]["preferred_contact"] == "none"
    assert record["as_said"]["date_of_death"] == "13/02/2026"
    assert record["route"] == "not_eligible"
    assert record["focused_review"] == {"required": False, "reasons": []}

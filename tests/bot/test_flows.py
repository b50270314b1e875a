"""The focused_review, feedback and human flows as data: plans, answers and submissions."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.actions.about_topics import topic_of, topics
from bot.actions.answers import interpret
from bot.actions.payload import build_request
from bot.actions.plan import UNKNOWN, load_plan
from contract import validate_notification
from contract.reference import new_reference

TODAY = dt.date(2026, 11, 20)


def _doc(flow: str, answers: dict, **extra) -> dict:
    plan = load_plan(flow)
    full = {f: None for f in plan.fields} | answers | {"confirm": "send"}
    return build_request(plan, full, reference=new_reference(), channel="sms", language="en",
                         as_said=extra.get("as_said", {}), transcript=[],
                         safeguarding=extra.get("safeguarding",
                                                {"urgent": False, "what_was_said": []}))


def test_a_call_back_request_matches_the_contract() -> None:
    doc = _doc("human", {"callback_name": "Sue", "callback_phone": "+447700900123",
                         "callback_best_time": "mornings", "callback_reason": "__nothing__",
                         "callback_needs": ["bsl"]},
               as_said={"callback_phone": "07700 900123", "callback_best_time": "mornings"})
    assert validate_notification(doc) == []
    assert doc["notifier"]["preferred_contact"] == "phone"
    assert doc["request"]["reason"] is None and doc["request"]["best_time"] == "mornings"
    assert doc["as_said"] == {"notifier_phone": "07700 900123"}  # contract field ids only


def test_a_focused_review_without_a_reference_carries_what_staff_match_on() -> None:
    doc = _doc("focused_review", {
        "fr_reference": UNKNOWN, "fr_person_name": "Tom Smith", "fr_date_of_death": "2026-11-01",
        "fr_area": "Leeds", "fr_name": "Ann", "fr_relationship": "parent",
        "fr_reason": "we have questions", "fr_contact": "post"},
        safeguarding={"urgent": True, "what_was_said": ["they hit him"]})
    assert validate_notification(doc) == []
    assert doc["related_reference"] is None
    assert doc["person"] == {"name": "Tom Smith", "date_of_death": "2026-11-01",
                             "home_postcode": None}
    assert doc["safeguarding"]["urgent"] is True


def test_a_focused_review_with_a_reference_links_to_it() -> None:
    ref = new_reference()
    doc = _doc("focused_review", {"fr_reference": ref, "fr_person_name": "Kept From Backend",
                                  "fr_name": "Ann", "fr_relationship": "sibling",
                                  "fr_reason": "why", "fr_contact": "email",
                                  "fr_email": "ann@example.com"})
    assert validate_notification(doc) == []
    assert doc["related_reference"] == ref and "person" not in doc


@pytest.mark.parametrize("about", ["person", "service"])
def test_feedback_matches_the_contract_and_can_be_anonymous(about: str) -> None:
    doc = _doc("feedback", {"fb_about": about, "fb_reference": UNKNOWN,
                            "fb_person_name": "__unknown__", "fb_important": "music",
                            "fb_went_well": "__nothing__", "fb_went_wrong": "no one listened",
                            "fb_rating": "bad", "fb_comments": "too long",
                            "fb_contact_ok": False})
    assert validate_notification(doc) == []
    assert "notifier" not in doc
    request = doc["request"]
    if about == "person":
        assert request["what_went_wrong"] == "no one listened" and request["rating"] is None
    else:
        assert request["rating"] == "bad" and request["what_was_important"] is None


@pytest.mark.parametrize(("said", "expected"), [
    ("LDR-7KQM-3HWX", "LDR-7KQM-3HWX"),
    ("ldr 7kqm 3hwx", "LDR-7KQM-3HWX"),
    ("my number is LDR7KQM3HWX thanks", "LDR-7KQM-3HWX"),
    ("no I have not got one", UNKNOWN),
    ("I dont know it", UNKNOWN),
])
def test_a_reference_in_peoples_words(said: str, expected: str) -> None:
    q = load_plan("focused_review").question("fr_reference")
    outcome = interpret(q, said, {}, today=TODAY, flow="focused_review")
    assert outcome.kind == "value" and outcome.value == expected


def test_a_wrong_reference_gets_a_kind_error() -> None:
    q = load_plan("focused_review").question("fr_reference")
    assert interpret(q, "LDR-1234", {}, today=TODAY).error == "reference_format"


def test_area_is_a_postcode_or_the_town_as_said() -> None:
    q = load_plan("focused_review").question("fr_area")
    assert interpret(q, "ls1 4dy", {}, today=TODAY).value == "LS1 4DY"
    assert interpret(q, "Leeds", {}, today=TODAY).value == "Leeds"


def test_answers_use_the_word_lists_of_the_field_they_are_like() -> None:
    plan = load_plan("human")
    outcome = interpret(plan.question("callback_needs"), "sign language and easy read", {},
                        today=TODAY, options=list(plan.question("callback_needs").choices))
    assert outcome.value == ["easy_read", "bsl"]
    rating = load_plan("feedback").question("fb_rating")
    assert interpret(rating, "it was ok", {}, today=TODAY).value == "ok"
    assert interpret(rating, "3", {}, today=TODAY, options=["good", "ok", "bad"]).value == "bad"


def test_change_an_answer_by_its_label_in_each_flow() -> None:
    plan = load_plan("human")
    q = plan.question("field_to_change")
    answered = ["callback_name", "callback_phone", "callback_best_time"]
    outcome = interpret(q, "the best time", {}, today=TODAY, options=answered, flow="human")
    assert outcome.value == "callback_best_time"


@pytest.mark.parametrize(("question", "topic"), [
    ("how long does it take", "how_long"), ("can i complain", "complaints"),
    ("who will see my answers", "privacy"), ("can I get a copy", "review_copy"),
    ("what is a focused review", "focused_review"), ("who can tell you", "who_can_tell"),
    ("what happens next", "what_happens"), ("what is leder", "what_is"), ("", "what_is"),
])
def test_questions_about_leder_find_their_answer(question: str, topic: str) -> None:
    assert topic_of(question) == topic
    assert topic in topics()


def test_feedback_skips_what_does_not_apply() -> None:
    plan = load_plan("feedback")
    about_service = plan.applicable({"fb_about": "service"})
    assert "fb_rating" in about_service and "fb_important" not in about_service
    assert "fb_person_name" not in about_service
    about_person = plan.applicable({"fb_about": "person", "fb_reference": UNKNOWN})
    assert "fb_person_name" in about_person and "fb_rating" not in about_person


def test_any_reference_we_give_out_is_read_back_however_it_is_typed() -> None:
    q = load_plan("feedback").question("fb_reference")
    for _ in range(500):  # random groups can look like words ("noay"): never taken for "no"
        ref = new_reference()
        for said in (ref, ref.lower(), f"its {ref.lower().replace('-', ' ')}"):
            assert interpret(q, said, {}, today=TODAY).value == ref, said

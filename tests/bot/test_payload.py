"""The notification built from a conversation matches the contract."""

from __future__ import annotations

from bot.actions.payload import build_notification, transcript_from_events
from bot.actions.plan import NOTHING, UNKNOWN, load_plan
from bot.actions.summary import summary_lines
from contract import validate_notification
from contract.reference import new_reference
from easy_read.render import render_text

PLAN = load_plan("notify")

CARER = {
    "person_name": "Thomas Smith", "notifier_name": "Jo Bloggs",
    "notifier_relationship": "paid_carer", "date_of_death": "2026-11-20",
    "date_of_birth": UNKNOWN, "age_at_death": 61, "place_of_death": "hospital",
    "home_postcode": "LS1 4DY", "gp_practice": UNKNOWN, "nhs_number": "9434765919",
    "learning_disability": "yes", "autistic": "no", "ethnicity": "asian_indian",
    "concerns": NOTHING, "life_story": "He loved trains",
    "family_requests_focused_review": "not_sure", "wants_review_copy": "no",
    "family_contact_name": UNKNOWN, "consent_to_contact": True,
    "preferred_contact": "phone", "notifier_phone": "+447700900123",
    "communication_needs": ["easy_read"], "confirm": "send",
    # answered earlier, but no longer applies after a change: must not be sent
    "notifier_email": "old@example.org", "review_copy_format": "audio",
}


def build(answers: dict, **kw) -> dict:
    return build_notification(PLAN, answers, reference=new_reference(), channel="web",
                              language="en", as_said={"date_of_death": "last Friday"},
                              transcript=[], **kw)


def test_a_whole_notification_is_valid_against_the_schema() -> None:
    doc = build(CARER)
    assert validate_notification(doc) == []
    assert doc["person"]["date_of_birth"] is None and doc["person"]["age_at_death"] == 61
    assert doc["person"]["gp_practice"] is None
    assert doc["concerns"] is None  # "no" is not a concern
    assert doc["family_contact"] is None  # asked, but not known
    assert doc["notifier"]["email"] is None and doc["review_copy_format"] is None
    assert doc["route"] == "leder"
    assert doc["focused_review"] == {"required": True, "reasons": ["ethnic_minority"]}
    assert doc["as_said"] == {"date_of_death": "last Friday"}


def test_no_consent_means_no_contact_details_are_sent() -> None:
    doc = build({**CARER, "consent_to_contact": False})
    assert doc["consent_to_contact"] is False
    assert doc["notifier"]["preferred_contact"] == "none"
    assert doc["notifier"]["phone"] is None
    assert validate_notification(doc) == []


def test_transcript_keeps_turns_and_leaves_out_internal_ones() -> None:
    events = [
        {"event": "user", "text": "/start", "timestamp": 1700000000},
        {"event": "bot", "data": {"custom": {"text": "Hello", "asks": None}},
         "timestamp": 1700000001},
        {"event": "user", "text": "my son died", "timestamp": 1700000002.5},
        {"event": "bot", "data": {"custom": {"text": "What was the name?",
                                             "asks": "person_name"}},
         "timestamp": 1700000003},
        {"event": "slot", "name": "x", "value": 1},
    ]
    turns = transcript_from_events(events)
    assert [t["speaker"] for t in turns] == ["bot", "user", "bot"]
    assert turns[1] == {"speaker": "user", "text": "my son died",
                        "at": "2023-11-14T22:13:22Z", "asks": None}
    assert turns[2]["asks"] == "person_name"


def test_summary_reads_back_every_answer_in_easy_words() -> None:
    text = render_text("notify.summary.intro", {"person": {"text": "Thomas Smith"}},
                       locale="en", lines=summary_lines(PLAN, CARER))
    assert "20 November 2026" in text
    assert "In hospital" in text and "Phone call" in text
    assert "Not known" in text  # date of birth
    assert "old@example.org" not in text  # no longer applies
    assert "__" not in text  # no internal markers shown

"""Stopping and coming back; the backend down while a family submits."""

from __future__ import annotations

import sqlite3
import time

import pytest
import requests

from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e

SHORT = {
    "place_of_death": "at home",
    "home_postcode": "I don't know",
    "gp_practice": "I don't know",
    "nhs_number": "I don't know",
    "learning_disability": "yes",
    "autistic": "not sure",
    "ethnicity": "Pakistani",
    "concerns": "no",
    "life_story": "no",
    "family_requests_focused_review": "no",
    "wants_review_copy": "no",
    "consent_to_contact": "no",
    "communication_needs": "easy read and large print",
}


def test_stop_and_come_back_later_after_every_process_restarts(stack, chat: Chat,
                                                               stored) -> None:
    chat.say("my brother has died")
    chat.say("Imran Khan")
    chat.say("Aisha Khan")
    chat.say("I am his sister")
    chat.say("pause")
    assert chat.asking is None
    assert "carry on" in chat.text()
    # everything restarts (deploy, crash, reboot): the conversation is kept on disk
    for name in ("gateway", "rasa", "actions"):
        stack.stop(name)
    for name in ("actions", "rasa", "gateway"):
        stack.start(name)
        stack.wait_healthy(name)
    history = chat.history()
    assert any("Imran Khan" in (m.get("text") or "") for m in history)
    chat.say("hello")
    assert "Imran Khan" in chat.text()  # welcome back, with the name
    chat.say("carry on")
    assert chat.asking == "date_of_death"  # the next question, not the first one again
    chat.answer_all({"date_of_death": "3 weeks ago", "date_of_birth": "14.02.1980", **SHORT})
    chat.say("yes")
    record = stored(chat.reference())
    assert record["person"]["name"] == "Imran Khan"
    assert record["notifier"]["name"] == "Aisha Khan"
    assert record["notifier"]["relationship"] == "sibling"
    assert record["person"]["date_of_birth"] == "1980-02-14"
    assert record["notifier"]["communication_needs"] == ["easy_read", "large_print"]
    assert record["route"] == "leder"
    assert record["focused_review"] == {"required": True, "reasons": ["ethnic_minority"]}
    assert chat.asked.count("person_name") == 1


def test_backend_down_while_submitting_gives_a_reference_and_delivers_once(
        stack, chat: Chat, stored) -> None:
    chat.say("I want to tell you about a death")
    chat.answer_all({"person_name": "Rose Brown", "notifier_name": "Lee Brown",
                     "notifier_relationship": "partner", "date_of_death": "2 days ago",
                     "date_of_birth": "01/01/1960", **SHORT})
    stack.stop("backend")
    try:
        chat.say("yes")
        reference = chat.reference()  # given even though the backend is down
        outbox = stack.var / "outbox.sqlite3"
        with sqlite3.connect(outbox) as db:
            status = db.execute("select status from outbox where reference = ?",
                                (reference,)).fetchone()
        assert status == ("pending",)
    finally:
        stack.start("backend")
        stack.wait_healthy("backend")
    deadline = time.monotonic() + 60
    url = f"http://127.0.0.1:{stack.ports.backend}/api/v1/notifications/{reference}"
    headers = {"Authorization": f"Bearer {stack.env['CASE_BACKEND_TOKEN']}"}
    while time.monotonic() < deadline:
        if requests.get(url, headers=headers, timeout=5).status_code == 200:
            break
        time.sleep(0.5)
    record = stored(reference)
    assert record["person"]["name"] == "Rose Brown"
    with sqlite3.connect(stack.var / "case_backend.sqlite3") as db:
        (count,) = db.execute("select count(*) from notifications where reference = ?",
                              (reference,)).fetchone()
    assert count == 1
    with sqlite3.connect(stack.var / "outbox.sqlite3") as db:
        assert db.execute("select status from outbox where reference = ?",
                          (reference,)).fetchone() == ("delivered",)


def test_action_server_restarting_mid_answer_asks_to_try_again_and_loses_nothing(
        stack, chat: Chat) -> None:
    chat.say("my mum died")
    chat.say("Ann Smith")
    assert chat.asking == "notifier_name"
    stack.stop("actions")
    try:
        r = requests.post(f"{chat.gateway}/api/chat/conversations/{chat.conversation_id}"
                          "/messages", json={"text": "Bob Smith"}, timeout=60)
        assert r.status_code == 503
        assert r.json()["retry"] is True and "try again" in r.json()["message"]
    finally:
        stack.start("actions")
        stack.wait_healthy("actions")
    chat.say("Bob Smith")  # the same answer, sent again
    assert chat.asking == "notifier_relationship"
    assert "Ann Smith" in chat.text()

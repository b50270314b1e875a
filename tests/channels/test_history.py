"""Resuming after a page reload: the history of a conversation from the Rasa tracker."""

from __future__ import annotations

import pytest

T0 = 1_770_000_000.0  # 2026-02-02T02:40:00Z


def bot(text, at, **custom):
    return {
        "event": "bot",
        "text": text,
        "timestamp": at,
        "data": {"custom": {"text": text, **custom} if custom or text else None},
    }


def user(text, at):
    return {"event": "user", "text": text, "timestamp": at, "parse_data": {}}


CHOICES = [
    {"value": "parent", "label": "I am their mum or dad", "picture": "openmoji-1F46A"},
    {"value": "friend", "label": "I am their friend", "picture": "openmoji-1F91D"},
]


@pytest.fixture
def history(client, fake_rasa, conversation):
    def load(events):
        fake_rasa.trackers[f"web-{conversation}"] = events
        response = client.get(f"/api/chat/conversations/{conversation}")
        assert response.status_code == 200, response.json
        assert response.json["conversation_id"] == conversation
        assert response.headers["Cache-Control"] == "no-store"
        return response.json["messages"]

    return load


def test_history_shows_the_conversation_without_the_internal_start(history):
    messages = history(
        [
            {"event": "action", "name": "action_session_start", "timestamp": T0},
            {"event": "session_started", "timestamp": T0},
            user("/start", T0 + 1),
            bot(
                "Who are you?",
                T0 + 2,
                flow="notify",
                asks="notifier_relationship",
                input="choice",
                choices=CHOICES,
                progress={"step": 1, "of": 20},
                audio=None,
            ),
            user("friend", T0 + 3),
            bot("What was their name?", T0 + 4, flow="notify", asks="person_name", input="text"),
            user("Tom Smith 🎶", T0 + 5),
        ]
    )

    assert [(m["speaker"], m["text"]) for m in messages] == [
        ("bot", "Who are you?"),
        ("user", "I am their friend"),  # the label that was tapped, not the value
        ("bot", "What was their name?"),
        ("user", "Tom Smith 🎶"),
    ]
    first = messages[0]
    assert first["asks"] == "notifier_relationship"
    assert first["choices"][1] == CHOICES[1]
    assert first["progress"] == {"step": 1, "of": 20}
    assert first["at"] == "2026-02-02T02:40:02.000Z"
    assert messages[3]["at"] == "2026-02-02T02:40:05.000Z"


def test_history_follows_only_the_last_restart(history):
    messages = history(
        [
            user("/start", T0),
            bot("Old welcome", T0 + 1),
            user("my old answer", T0 + 2),
            {"event": "restart", "timestamp": T0 + 3},
            user("/start", T0 + 4),
            bot("Second welcome", T0 + 5),
            user("second answer", T0 + 6),
            {"event": "restart", "timestamp": T0 + 7},
            {"event": "session_started", "timestamp": T0 + 8},
            user("/start", T0 + 9),
            bot("Hello again", T0 + 10),
        ]
    )

    assert [(m["speaker"], m["text"]) for m in messages] == [("bot", "Hello again")]


def test_a_plain_text_bot_event_is_shown_with_empty_metadata(history):
    messages = history([{"event": "bot", "text": "Plain hello", "timestamp": T0, "data": {}}])

    assert messages[0].pop("audio").startswith("/audio/")  # spoken version (channels/audio.py)
    assert messages == [
        {
            "speaker": "bot",
            "text": "Plain hello",
            "flow": None,
            "asks": None,
            "input": None,
            "choices": [],
            "multiple": False,
            "progress": None,
            "at": "2026-02-02T02:40:00.000Z",
        }
    ]


def test_odd_events_are_skipped_not_a_crash(history):
    messages = history(
        [
            "not an event",
            {"event": "user", "text": None, "timestamp": T0},
            {"event": "bot", "text": None, "data": None},
            {"event": "bot", "text": "", "data": {"custom": "garbage"}},
            {"event": "slot", "name": "person_name", "value": "Tom"},
            {"event": "user", "text": "ok", "timestamp": "yesterday"},
        ]
    )

    assert messages == [{"speaker": "user", "text": "ok", "at": None}]


def test_a_new_conversation_has_an_empty_history(history):
    assert history([]) == []


def test_history_asks_rasa_with_the_token_for_the_web_sender(client, fake_rasa, conversation):
    client.get(f"/api/chat/conversations/{conversation}")

    [asked] = fake_rasa.tracker_requests
    assert asked["sender"] == f"web-{conversation}"
    assert asked["query"]["token"] == "test-rasa-token"

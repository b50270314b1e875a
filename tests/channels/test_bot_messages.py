"""Bot messages from Rasa are read tolerantly and rendered for the web."""

from __future__ import annotations

import pytest


def reply_with(fake_rasa, messages):
    fake_rasa.reply = lambda body: messages


def start(client):
    response = client.post("/api/chat/conversations", json={})
    assert response.status_code == 201, response.json
    return response.json["messages"]


def test_a_plain_text_message_is_wrapped_with_empty_metadata(client, fake_rasa):
    reply_with(fake_rasa, [{"recipient_id": "x", "text": "Hello there"}])

    [message] = start(client)
    assert message["audio"].startswith("/audio/")  # the spoken version (channels/audio.py)
    assert {k: v for k, v in message.items() if k not in ("at", "audio")} == {
        "speaker": "bot",
        "text": "Hello there",
        "flow": None,
        "asks": None,
        "input": None,
        "choices": [],
        "multiple": False,
        "progress": None,
    }


def test_a_custom_payload_with_missing_keys_gets_nulls(client, fake_rasa):
    reply_with(fake_rasa, [{"recipient_id": "x", "custom": {"text": "Hi", "flow": "help"}}])

    [message] = start(client)
    assert message["text"] == "Hi"
    assert message["flow"] == "help"
    assert message["asks"] is None and message["input"] is None
    assert message["choices"] == [] and message["progress"] is None


def test_several_messages_keep_their_order(client, fake_rasa):
    reply_with(
        fake_rasa,
        [
            {"recipient_id": "x", "custom": {"text": "One."}},
            {"recipient_id": "x", "text": "Two."},
            {"recipient_id": "x", "custom": {"text": "Three.", "asks": "confirm"}},
        ],
    )

    assert [m["text"] for m in start(client)] == ["One.", "Two.", "Three."]


def test_text_and_custom_sent_separately_are_joined(client, fake_rasa):
    # Rasa sends a response with both `text` and `custom` as two messages.
    reply_with(
        fake_rasa,
        [
            {"recipient_id": "x", "text": "Was it your mum?"},
            {"recipient_id": "x", "custom": {"asks": "confirm", "input": "yes_no"}},
        ],
    )

    [message] = start(client)
    assert message["text"] == "Was it your mum?"
    assert message["asks"] == "confirm" and message["input"] == "yes_no"


@pytest.mark.parametrize(
    "garbage",
    [
        "a string",
        42,
        None,
        {"recipient_id": "x"},
        {"recipient_id": "x", "image": "http://example.org/x.png"},
        {"recipient_id": "x", "custom": "not a dict"},
        {"recipient_id": "x", "custom": {"text": 42}},
    ],
)
def test_messages_with_nothing_to_show_are_dropped(client, fake_rasa, garbage):
    reply_with(fake_rasa, [garbage, {"recipient_id": "x", "text": "Still here"}])

    assert [m["text"] for m in start(client)] == ["Still here"]


def test_choices_are_checked_one_by_one(client, fake_rasa):
    choices = [
        {"value": "yes", "label": "Yes", "picture": "openmoji-2705"},
        {"value": "no"},  # no label: the value is shown
        {"value": 3, "label": "Three"},  # numbers become text
        {"label": "no value"},
        {"value": True, "label": "bool"},
        {"value": ["x"], "label": "list"},
        "not a choice",
        {"value": "ok", "label": "OK", "picture": 7},
    ]
    reply_with(
        fake_rasa,
        [{"recipient_id": "x", "custom": {"text": "Pick", "input": "choice", "choices": choices}}],
    )

    [message] = start(client)
    assert message["choices"] == [
        {"value": "yes", "label": "Yes", "picture": "openmoji-2705"},
        {"value": "no", "label": "no", "picture": None},
        {"value": "3", "label": "Three", "picture": None},
        {"value": "ok", "label": "OK", "picture": None},
    ]


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ({"step": 3, "of": 20}, {"step": 3, "of": 20}),
        ({"step": 0, "of": 20}, None),
        ({"step": 21, "of": 20}, None),
        ({"step": "3", "of": 20}, None),
        ({"step": True, "of": 20}, None),
        ({"step": 3}, None),
        ([3, 20], None),
    ],
)
def test_progress_is_shown_only_when_it_makes_sense(client, fake_rasa, progress, expected):
    reply_with(fake_rasa, [{"custom": {"text": "Q", "progress": progress}}])

    assert start(client)[0]["progress"] == expected


def test_no_answer_from_the_bot_asks_the_person_to_try_again(client, fake_rasa):
    # Silence means part of the bot failed (an action server restarting): never show nothing.
    reply_with(fake_rasa, [])
    response = client.post("/api/chat/conversations", json={})
    assert response.status_code == 503
    assert response.json["error"] == "bot_unavailable" and response.json["retry"] is True


def test_html_in_bot_text_is_passed_as_text_for_the_page_to_show_as_text(client, fake_rasa):
    reply_with(fake_rasa, [{"text": "<img src=x onerror=alert(1)>"}])

    response = client.post("/api/chat/conversations", json={})
    assert response.mimetype == "application/json"
    assert response.json["messages"][0]["text"] == "<img src=x onerror=alert(1)>"

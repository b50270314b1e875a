"""The web chat API: starting a conversation, sending messages, checking the text."""

from __future__ import annotations

import re

import pytest

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{22}")


def send(client, conversation_id: str, payload):
    return client.post(f"/api/chat/conversations/{conversation_id}/messages", json=payload)


def test_starting_a_conversation_returns_an_id_and_the_welcome(client, fake_rasa):
    response = client.post("/api/chat/conversations", json={})

    assert response.status_code == 201
    body = response.json
    assert ID_PATTERN.fullmatch(body["conversation_id"])
    [welcome] = body["messages"]
    assert welcome["speaker"] == "bot"
    assert welcome["text"] == "Hello. This is Tell LeDeR. Who are you?"
    assert welcome["flow"] == "notify"
    assert welcome["asks"] == "notifier_relationship"
    assert welcome["input"] == "choice"
    assert welcome["choices"][0] == {
        "value": "parent",
        "label": "I am their mum or dad",
        "picture": "openmoji-1F46A",
    }
    assert welcome["progress"] == {"step": 1, "of": 20}
    assert welcome["audio"].startswith("/audio/")  # spoken version, made on first request
    assert welcome["at"].endswith("Z")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_gateway_sends_start_with_the_web_sender_and_metadata(client, fake_rasa):
    conversation_id = client.post("/api/chat/conversations", json={}).json["conversation_id"]

    assert fake_rasa.received == [
        {
            "sender": f"web-{conversation_id}",
            "message": "/start",
            "metadata": {"channel": "web", "language": "en"},
        }
    ]


def test_each_new_conversation_gets_a_different_id(client):
    ids = {
        client.post("/api/chat/conversations", json={}).json["conversation_id"] for _ in range(5)
    }
    assert len(ids) == 5


def test_a_message_is_forwarded_with_sender_text_and_metadata(client, fake_rasa, conversation):
    response = send(client, conversation, {"text": "My brother died last week"})

    assert response.status_code == 200
    assert response.json["messages"][0]["text"] == "You said: My brother died last week"
    assert response.json["messages"][0]["speaker"] == "bot"
    assert fake_rasa.received[-1] == {
        "sender": f"web-{conversation}",
        "message": "My brother died last week",
        "metadata": {"channel": "web", "language": "en"},
    }
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("typed", "forwarded"),
    [
        ("/start", "start"),
        ("/restart", "restart"),
        ("//stop", "stop"),
        ('  / / /greet{"name": "x"}', 'greet{"name": "x"}'),
        ("yes/no", "yes/no"),
        ("https://example.org/a", "https://example.org/a"),
    ],
)
def test_people_cannot_send_rasa_intent_shortcuts(
    client, fake_rasa, conversation, typed, forwarded
):
    response = send(client, conversation, {"text": typed})

    assert response.status_code == 200
    assert fake_rasa.received[-1]["message"] == forwarded


@pytest.mark.parametrize(
    ("typed", "forwarded"),
    [
        ("Tom\x00 Smith", "Tom Smith"),
        ("line one\nline two\r\n\tend", "line one line two end"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("bell\x07\x7f\x85here", "bell here"),
        ("  padded   text  ", "padded text"),
        ("abc\u202eevil\u202c", "abcevil"),
    ],
)
def test_control_characters_are_removed(client, fake_rasa, conversation, typed, forwarded):
    response = send(client, conversation, {"text": typed})

    assert response.status_code == 200
    assert fake_rasa.received[-1]["message"] == forwarded


def test_a_lone_surrogate_in_the_json_is_dropped_not_a_crash(client, fake_rasa, conversation):
    # Valid JSON can spell a half of an emoji ("\ud83c") that UTF-8 cannot encode.
    response = client.post(
        f"/api/chat/conversations/{conversation}/messages",
        data='{"text": "lone \\ud83c half \\ud83c\\udfb6 whole"}',
        content_type="application/json",
    )

    assert response.status_code == 200
    assert fake_rasa.received[-1]["message"] == "lone half 🎶 whole"


@pytest.mark.parametrize(
    "text",
    [
        "He loved music 🎶🎸 and his dog 🐕",
        "👨\u200d👩\u200d👧 my family",  # joined emoji keep their zero-width joiners
        "❤️ heart with a variation selector",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f flag of England",
        "توفي أخي في المستشفى",  # Arabic
        "\u200fمرحبا\u200e mixed",  # direction marks are kept
        "我的哥哥上周去世了",  # Chinese
        "Zoë Brontë-Ó Súilleabháin",
        "ਮੇਰਾ ਭਰਾ",  # Punjabi (Gurmukhi)
    ],
)
def test_emoji_and_other_scripts_pass_through_intact(client, fake_rasa, conversation, text):
    response = send(client, conversation, {"text": text})

    assert response.status_code == 200
    assert fake_rasa.received[-1]["message"] == text
    assert response.json["messages"][0]["text"] == f"You said: {text}"


def test_non_ascii_answers_are_sent_as_utf8_not_escaped(client, fake_rasa, conversation):
    response = send(client, conversation, {"text": "我的哥哥"})
    assert "我的哥哥".encode() in response.get_data()


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01", "///", " / / "])
def test_an_empty_message_gets_a_kind_400(client, fake_rasa, conversation, text):
    before = len(fake_rasa.received)
    response = send(client, conversation, {"text": text})

    assert response.status_code == 400
    assert response.json["error"] == "empty_message"
    assert response.json["message"].startswith("Your message is empty.")
    assert len(fake_rasa.received) == before


def test_a_message_of_2000_characters_is_accepted(client, fake_rasa, conversation):
    text = "a" * 2000
    assert send(client, conversation, {"text": text}).status_code == 200
    assert fake_rasa.received[-1]["message"] == text


def test_a_message_over_2000_characters_gets_a_kind_413(client, fake_rasa, conversation):
    before = len(fake_rasa.received)
    response = send(client, conversation, {"text": "a" * 2001})

    assert response.status_code == 413
    assert response.json["error"] == "message_too_long"
    assert "2000" in response.json["message"]
    assert len(fake_rasa.received) == before


def test_emoji_count_as_one_character_each(client, fake_rasa, conversation):
    assert send(client, conversation, {"text": "🎶" * 2000}).status_code == 200


def test_a_request_over_64_kib_gets_a_json_413(client, fake_rasa, conversation):
    response = send(client, conversation, {"text": "a" * (70 * 1024)})

    assert response.status_code == 413
    assert response.is_json
    assert response.json["error"] == "request_too_large"
    assert response.json["message"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("not json at all", "application/json"),
        ('{"text": "unclosed', "application/json"),
        ('["text", "hello"]', "application/json"),
        ('"hello"', "application/json"),
        ("null", "application/json"),
        ('{"text": "hello"}', "text/plain"),
        ("text=hello", "application/x-www-form-urlencoded"),
        ('{"text": "hello"}', None),
    ],
)
def test_a_body_that_is_not_a_json_object_gets_400(
    client, fake_rasa, conversation, data, content_type
):
    before = len(fake_rasa.received)
    response = client.post(
        f"/api/chat/conversations/{conversation}/messages", data=data, content_type=content_type
    )

    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"
    assert response.json["message"]
    assert len(fake_rasa.received) == before


@pytest.mark.parametrize(
    "payload", [{}, {"text": None}, {"text": 42}, {"text": ["a"]}, {"msg": "hi"}]
)
def test_text_must_be_a_string(client, fake_rasa, conversation, payload):
    response = send(client, conversation, payload)

    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"


def test_starting_a_conversation_needs_a_json_request(client, fake_rasa):
    response = client.post("/api/chat/conversations", data="x=1", content_type="text/plain")

    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"
    assert fake_rasa.received == []


def test_starting_a_conversation_accepts_an_empty_json_request(client, fake_rasa):
    response = client.post("/api/chat/conversations", content_type="application/json")
    assert response.status_code == 201


def test_wrong_method_gets_a_json_405(client):
    response = client.delete("/api/chat/conversations")

    assert response.status_code == 405
    assert response.json["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_unknown_paths_get_json_404_not_html(client):
    response = client.get("/api/chat/nothing-here")

    assert response.status_code == 404
    assert response.is_json
    assert response.json == {"error": "not_found", "message": "Sorry, we cannot find this page."}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}

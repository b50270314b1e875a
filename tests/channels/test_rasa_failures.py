"""When the Rasa server fails, people get a kind 503 with a retry hint, never a crash."""

from __future__ import annotations

import time

import pytest

BOT_UNAVAILABLE = {
    "error": "bot_unavailable",
    "message": (
        "Sorry, we cannot answer right now. Your message was not lost. "
        "Please try again in a minute."
    ),
    "retry": True,
}

FAILURES = ["error500", "garbage", "not_list", "hang"]


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.is_json
    assert response.json == BOT_UNAVAILABLE
    assert response.headers["Cache-Control"] == "no-store"
    assert b"Traceback" not in response.get_data()


@pytest.mark.parametrize("mode", FAILURES)
def test_starting_a_conversation_when_rasa_fails(client, fake_rasa, mode):
    fake_rasa.mode = mode
    started = time.monotonic()

    assert_unavailable(client.post("/api/chat/conversations", json={}))
    assert time.monotonic() - started < 5  # the read timeout (0.5 s here) is kept


@pytest.mark.parametrize("mode", FAILURES)
def test_sending_a_message_when_rasa_fails(client, fake_rasa, conversation, mode):
    fake_rasa.mode = mode
    response = client.post(
        f"/api/chat/conversations/{conversation}/messages", json={"text": "hello"}
    )

    assert_unavailable(response)


@pytest.mark.parametrize("mode", ["error500", "garbage", "hang"])
def test_history_when_rasa_fails(client, fake_rasa, conversation, mode):
    fake_rasa.mode = mode
    assert_unavailable(client.get(f"/api/chat/conversations/{conversation}"))


def test_a_closed_port_gives_503(make_app, refused_url):
    client = make_app(refused_url).test_client()

    assert_unavailable(client.post("/api/chat/conversations", json={}))


def test_a_closed_port_gives_503_for_messages_and_history(make_app, fake_rasa, refused_url):
    conversation = (
        make_app(fake_rasa.url).test_client().post("/api/chat/conversations", json={})
    ).json["conversation_id"]
    client = make_app(refused_url).test_client()

    assert_unavailable(
        client.post(f"/api/chat/conversations/{conversation}/messages", json={"text": "hi"})
    )
    assert_unavailable(client.get(f"/api/chat/conversations/{conversation}"))


def test_a_wrong_rasa_token_gives_503_for_history(make_app, fake_rasa, conversation):
    client = make_app(fake_rasa.url, RASA_TOKEN="wrong").test_client()
    assert_unavailable(client.get(f"/api/chat/conversations/{conversation}"))


def test_the_conversation_carries_on_when_rasa_is_back(client, fake_rasa, conversation):
    url = f"/api/chat/conversations/{conversation}/messages"
    fake_rasa.mode = "error500"
    assert client.post(url, json={"text": "my mum"}).status_code == 503

    fake_rasa.mode = "ok"
    response = client.post(url, json={"text": "my mum"})
    assert response.status_code == 200
    assert response.json["messages"][0]["text"] == "You said: my mum"


def test_log_lines_never_carry_the_token_or_what_people_typed(
    make_app, refused_url, fake_rasa, caplog
):
    conversation = (
        make_app(fake_rasa.url).test_client().post("/api/chat/conversations", json={})
    ).json["conversation_id"]
    client = make_app(refused_url).test_client()

    with caplog.at_level("DEBUG", logger="channels"):
        client.post(f"/api/chat/conversations/{conversation}/messages", json={"text": "Tom Smith"})
        client.get(f"/api/chat/conversations/{conversation}")

    assert "Rasa server unavailable" in caplog.text
    assert "test-rasa-token" not in caplog.text
    assert "Tom Smith" not in caplog.text
    assert conversation not in caplog.text

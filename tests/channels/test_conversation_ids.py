"""Conversation ids are issued by the gateway; guessed or edited ids never reach the bot."""

from __future__ import annotations

import secrets

import pytest

from channels.conversation_ids import ConversationIds


def _flip(char: str) -> str:
    return "B" if char != "B" else "C"


def forged_ids(real: str) -> list[str]:
    token, mac = real.split(".")
    other = ConversationIds(b"some-other-secret-0123456789abcdef", purpose="web").issue()
    return [
        f"{secrets.token_urlsafe(24)}.{mac}",  # new token, old mac
        f"{token}.{_flip(mac[0])}{mac[1:]}",  # mac edited
        f"{_flip(token[0])}{token[1:]}.{mac}",  # token edited
        f"{token}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'Q'}",  # last character edited
        other,  # signed with another secret
        token,  # no mac
        f"{token}.",
        f"{token}.{mac}.{mac}",
        real + "x",
        real.upper(),
        "web-" + real,
        "a" * 500,
        "..",
        "%2e%2e",
    ]


def test_an_issued_id_is_valid_and_random():
    ids = ConversationIds(b"k" * 32, purpose="web")
    first, second = ids.issue(), ids.issue()
    assert first != second
    assert ids.is_valid(first) and ids.is_valid(second)


def test_an_id_for_one_channel_is_not_valid_for_another():
    secret = b"k" * 32
    web_id = ConversationIds(secret, purpose="web").issue()
    assert not ConversationIds(secret, purpose="sms").is_valid(web_id)


@pytest.mark.parametrize("value", [None, 42, b"bytes", "", "x.y"])
def test_ids_that_are_not_strings_of_the_right_shape_are_invalid(value):
    assert not ConversationIds(b"k" * 32, purpose="web").is_valid(value)


def test_forged_ids_get_404_and_never_reach_rasa(client, fake_rasa, conversation):
    fake_rasa.received.clear()
    for forged in forged_ids(conversation):
        for response in (
            client.post(f"/api/chat/conversations/{forged}/messages", json={"text": "hello"}),
            client.get(f"/api/chat/conversations/{forged}"),
        ):
            assert response.status_code == 404, forged
            assert response.is_json
            assert response.json["error"] in ("conversation_not_found", "not_found")
    assert fake_rasa.received == []
    assert fake_rasa.tracker_requests == []


def test_a_conversation_not_found_answer_is_kind(client):
    response = client.get("/api/chat/conversations/" + "A" * 32 + "." + "B" * 22)

    assert response.status_code == 404
    assert response.json == {
        "error": "conversation_not_found",
        "message": "Sorry, we cannot find this chat. Please start the chat again.",
    }


def test_ids_from_one_gateway_work_on_another_with_the_same_secret(make_app, fake_rasa):
    first = make_app(fake_rasa.url).test_client()
    conversation_id = first.post("/api/chat/conversations", json={}).json["conversation_id"]

    second = make_app(fake_rasa.url).test_client()
    response = second.post(
        f"/api/chat/conversations/{conversation_id}/messages", json={"text": "hi"}
    )
    assert response.status_code == 200


def test_ids_from_a_gateway_with_another_secret_are_refused(make_app, fake_rasa):
    first = make_app(fake_rasa.url).test_client()
    conversation_id = first.post("/api/chat/conversations", json={}).json["conversation_id"]

    other = make_app(fake_rasa.url, GATEWAY_SECRET="a-different-secret-9876543210").test_client()
    response = other.post(
        f"/api/chat/conversations/{conversation_id}/messages", json={"text": "hi"}
    )
    assert response.status_code == 404

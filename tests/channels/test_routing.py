"""Several Rasa servers: each conversation always goes to the same one."""

from __future__ import annotations

import pytest

from channels.rasa_client import RasaClient


@pytest.fixture
def three_rasas(make_fake_rasa):
    return [make_fake_rasa() for _ in range(3)]


def test_each_conversation_sticks_to_one_server(make_app, three_rasas):
    client = make_app(",".join(s.url for s in three_rasas)).test_client()

    conversations = [
        client.post("/api/chat/conversations", json={}).json["conversation_id"] for _ in range(24)
    ]
    for round_number in range(3):
        for conversation in conversations:
            response = client.post(
                f"/api/chat/conversations/{conversation}/messages",
                json={"text": f"answer {round_number}"},
            )
            assert response.status_code == 200

    homes = {}
    for index, server in enumerate(three_rasas):
        for sender in server.senders():
            homes.setdefault(sender, set()).add(index)
    assert set(homes) == {f"web-{c}" for c in conversations}
    assert all(len(servers) == 1 for servers in homes.values())  # 4 turns, 1 server each
    # 24 conversations over 3 servers: all on one server would mean no spreading.
    assert len({next(iter(s)) for s in homes.values()}) > 1


def test_history_comes_from_the_same_server(make_app, three_rasas):
    client = make_app(",".join(s.url for s in three_rasas)).test_client()
    conversation = client.post("/api/chat/conversations", json={}).json["conversation_id"]
    [home] = [s for s in three_rasas if s.received]

    client.get(f"/api/chat/conversations/{conversation}")

    assert [s for s in three_rasas if s.tracker_requests] == [home]


def test_routing_is_stable_across_restarts_and_url_order():
    urls = ["http://10.0.0.1:5005", "http://10.0.0.2:5005", "http://10.0.0.3:5005"]
    senders = [f"web-conversation-{n}" for n in range(50)]
    first = RasaClient(urls)
    again = RasaClient(list(reversed(urls)))

    assert [first.url_for(s) for s in senders] == [again.url_for(s) for s in senders]


def test_adding_a_server_only_moves_conversations_to_the_new_one():
    urls = ["http://10.0.0.1:5005", "http://10.0.0.2:5005", "http://10.0.0.3:5005"]
    senders = [f"web-conversation-{n}" for n in range(300)]
    before = RasaClient(urls)
    after = RasaClient([*urls, "http://10.0.0.4:5005"])

    moved = [s for s in senders if before.url_for(s) != after.url_for(s)]
    assert all(after.url_for(s) == "http://10.0.0.4:5005" for s in moved)
    assert 0 < len(moved) < len(senders) / 2

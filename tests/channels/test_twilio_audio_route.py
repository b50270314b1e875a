"""GET /audio/<key>: the spoken versions, with the right type and caching, nothing else."""

from __future__ import annotations

import io

import mutagen
import pytest

from tests.channels.twilio_helpers import twilio_config


@pytest.fixture
def app(make_app, fake_rasa, tmp_path):
    return make_app(fake_rasa.url, **twilio_config(tmp_path))


def test_web_chat_messages_carry_a_playable_audio_url(client) -> None:
    [welcome] = client.post("/api/chat/conversations", json={}).json["messages"]
    response = client.get(welcome["audio"])
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    assert mutagen.File(io.BytesIO(response.data)).info.length > 0.5
    # The bot did not say the text is fixed, so it is private audio.
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    again = client.get(welcome["audio"], headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_fixed_prompts_are_cached_for_long(app, client, fake_rasa) -> None:
    from easy_read.text import t

    fixed = t("notify.ask.notifier_name", locale="en")
    fake_rasa.reply = lambda body: [{"custom": {"text": fixed, "personal": False}}]
    [message] = client.post("/api/chat/conversations", json={}).json["messages"]
    response = client.get(message["audio"])
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_making_the_audio_url_does_not_synthesise(app, client, tmp_path) -> None:
    client.post("/api/chat/conversations", json={})
    made = [p for p in (tmp_path / "tts").rglob("*") if p.suffix in (".wav", ".mp3")]
    assert made == []  # only a request file: speech is made when first fetched


@pytest.mark.parametrize("path", [
    "/audio/../config.py", "/audio/..%2F..%2Fchannels%2Fconfig.py", "/audio/%2e%2e",
    "/audio/" + "0" * 40, "/audio/" + "0" * 40 + ".json", "/audio/" + "G" * 40,
    "/audio/.." + "0" * 38, "/audio/%00" + "0" * 39,
])
def test_the_audio_route_reads_no_other_file(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert not response.mimetype.startswith("audio/")


def test_a_request_file_is_never_served(app, client, tmp_path) -> None:
    [welcome] = client.post("/api/chat/conversations", json={}).json["messages"]
    key = welcome["audio"].rsplit("/", 1)[1]
    assert client.get(f"/audio/{key}.json").status_code == 404

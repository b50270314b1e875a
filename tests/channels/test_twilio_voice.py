"""Phone calls: each turn is a generous <Gather> of easy-read audio; keys and silences work."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import mutagen
import pytest

from tests.channels.twilio_helpers import PUBLIC, post_signed, twilio_config, twiml

CALL = "CA" + "0123456789abcdef" * 2
CHOICES = {
    "text": "Where did the person who died die?", "flow": "notify", "asks": "place_of_death",
    "input": "choice", "personal": False,
    "choices": [{"value": "home", "label": "At home", "picture": "p"},
                {"value": "hospital", "label": "In hospital", "picture": "p"}],
}


@pytest.fixture
def app(make_app, fake_rasa, tmp_path):
    fake_rasa.reply = lambda body: [{"custom": CHOICES}]
    return make_app(fake_rasa.url, **twilio_config(tmp_path))


def call(client, path: str = "/twilio/voice", **params: str):
    return post_signed(client, path, {"CallSid": CALL, "From": "+447700900123", **params})


def gather(response):
    root = twiml(response)
    [found] = root.iter("Gather")
    return root, found


def turn_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["turn"][0]


def test_a_call_starts_the_conversation_as_voice(client, fake_rasa) -> None:
    root, g = gather(call(client))
    [sent] = fake_rasa.received
    assert sent["message"] == "/start" and sent["metadata"]["channel"] == "voice"
    assert g.get("input") == "speech dtmf"
    assert int(g.get("timeout")) >= 10  # time to think: no short cut-offs
    assert int(g.get("speechTimeout")) >= 3
    assert g.get("numDigits") == "1"  # a choice is one key press
    assert "At home" in g.get("hints") and "talk to a person" in g.get("hints")
    assert g.get("action").startswith(PUBLIC + "/twilio/voice/answer?turn=")
    plays = [p.text for p in g.iter("Play")]
    # message, then each choice and its key, then "9 again, 0 person"
    assert len(plays) == 1 + 2 * 2 + 1
    assert all(p.startswith(PUBLIC + "/audio/") for p in plays)
    [redirect] = root.iter("Redirect")
    assert "/twilio/voice/silence" in redirect.text and "silences=1" in redirect.text


def test_every_played_file_is_real_audio(client) -> None:
    _, g = gather(call(client))
    for url in [p.text for p in g.iter("Play")]:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200
        assert response.mimetype in ("audio/wav", "audio/mpeg")
        import io
        assert mutagen.File(io.BytesIO(response.data)).info.length > 0.3


def test_a_key_press_sends_the_choice_and_speech_is_sent_as_said(app, client,
                                                                 fake_rasa) -> None:
    from channels.twilio.channel import EXTENSION_KEY

    _, g = gather(call(client))
    sender = app.extensions[EXTENSION_KEY].sender("voice", CALL)
    fake_rasa.trackers[sender] = [
        {"event": "bot", "timestamp": 1, "data": {"custom": CHOICES}}]
    _, g2 = gather(call(client, urlsplit(g.get("action")).path + "?turn=1", Digits="2"))
    _, g3 = gather(call(client, "/twilio/voice/answer?turn=2", SpeechResult="at home I think",
                        Confidence="0.9"))
    assert [b["message"] for b in fake_rasa.received] == ["/start", "hospital",
                                                          "at home I think"]
    assert turn_of(g2.get("action")) == "2" and turn_of(g3.get("action")) == "3"


def test_zero_or_talk_to_a_person_asks_the_bot_for_a_person(client, fake_rasa) -> None:
    call(client)
    call(client, "/twilio/voice/answer?turn=1", Digits="0")
    call(client, "/twilio/voice/answer?turn=2", SpeechResult="Talk to a person.")
    assert [b["message"] for b in fake_rasa.received[1:]] == ["talk to a person"] * 2


def test_nine_or_say_again_repeats_slowly_without_a_bot_turn(app, client, fake_rasa) -> None:
    from channels.twilio.channel import EXTENSION_KEY

    _, first = gather(call(client))
    sender = app.extensions[EXTENSION_KEY].sender("voice", CALL)
    fake_rasa.trackers[sender] = [{"event": "bot", "timestamp": 1, "data": {"custom": CHOICES}}]
    _, again = gather(call(client, "/twilio/voice/answer?turn=1", Digits="9"))
    _, spoken = gather(call(client, "/twilio/voice/answer?turn=2", SpeechResult="Say again."))
    assert len(fake_rasa.received) == 1
    normal = [p.text for p in first.iter("Play")]
    slow = [p.text for p in again.iter("Play")]
    assert len(slow) == len(normal) and not set(slow) & set(normal)  # same words, slower
    assert [p.text for p in spoken.iter("Play")] == slow
    assert int(again.get("timeout")) > int(first.get("timeout"))


def test_silence_asks_again_slowly_then_offers_a_call_back_then_says_goodbye(app, client,
                                                                            fake_rasa) -> None:
    from channels.twilio.channel import EXTENSION_KEY

    root, first = gather(call(client))
    sender = app.extensions[EXTENSION_KEY].sender("voice", CALL)
    fake_rasa.trackers[sender] = [{"event": "bot", "timestamp": 1, "data": {"custom": CHOICES}}]
    [to_silence] = root.iter("Redirect")
    root1, again = gather(call(client, urlsplit(to_silence.text).path + "?" +
                               urlsplit(to_silence.text).query))
    assert len(list(again.iter("Play"))) == len(list(first.iter("Play"))) + 1  # "take your time"
    [next_silence] = root1.iter("Redirect")
    assert "silences=2" in next_silence.text
    root2, offer = gather(call(client, "/twilio/voice/silence?turn=1&silences=2"))
    assert len(list(offer.iter("Play"))) == 1 and offer.get("numDigits") == "1"
    end = twiml(call(client, "/twilio/voice/silence?turn=1&silences=3"))
    assert [e.tag for e in end] == ["Play", "Hangup"]
    assert len(fake_rasa.received) == 1  # silences never reach the bot


def test_an_empty_answer_counts_as_silence(client, fake_rasa) -> None:
    call(client)
    root, g = gather(call(client, "/twilio/voice/answer?turn=1", SpeechResult="  "))
    assert len(fake_rasa.received) == 1
    assert turn_of(g.get("action")) == "2"  # a fresh turn: the next answer still counts
    call(client, "/twilio/voice/answer?turn=2", SpeechResult="at home")
    assert fake_rasa.received[-1]["message"] == "at home"


def test_a_replayed_turn_is_ignored(client, fake_rasa) -> None:
    call(client)
    call(client, "/twilio/voice/answer?turn=1", SpeechResult="at home")
    replay = twiml(call(client, "/twilio/voice/answer?turn=1", SpeechResult="at home"))
    assert list(replay) == [] and len(fake_rasa.received) == 2
    assert list(twiml(call(client))) == []  # the call's start too


@pytest.mark.parametrize("path", ["/twilio/voice/answer", "/twilio/voice/answer?turn=x",
                                  "/twilio/voice/answer?turn=0",
                                  "/twilio/voice/silence?turn=1&silences=9"])
def test_bad_turn_numbers_get_400(client, fake_rasa, path) -> None:
    assert call(client, path, SpeechResult="hi").status_code == 400
    assert fake_rasa.received == []


def test_forged_and_call_less_requests_are_refused(client, fake_rasa) -> None:
    forged = client.post("/twilio/voice", data={"CallSid": CALL},
                         headers={"X-Twilio-Signature": "Zm9yZ2Vk"})
    no_call = post_signed(client, "/twilio/voice", {"From": "+447700900123"})
    assert forged.status_code == 403 and no_call.status_code == 400
    assert fake_rasa.received == []


def test_when_the_bot_is_down_the_caller_hears_so_and_can_say_it_again(client,
                                                                       fake_rasa) -> None:
    call(client)
    fake_rasa.mode = "error500"
    _, g = gather(call(client, "/twilio/voice/answer?turn=1", SpeechResult="at home"))
    assert turn_of(g.get("action")) == "1"
    fake_rasa.mode = "ok"
    call(client, "/twilio/voice/answer?turn=1", SpeechResult="at home")
    assert [b["message"] for b in fake_rasa.received] == ["/start", "at home", "at home"]

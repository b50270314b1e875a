"""POST /twilio/sms: signed texts reach the bot once; replies are numbered, cheap TwiML."""

from __future__ import annotations

import pytest

from channels.twilio.channel import EXTENSION_KEY
from channels.twilio.segments import segments
from tests.channels.twilio_helpers import (
    PUBLIC,
    post_signed,
    signature,
    sms_bodies,
    twilio_config,
    twiml,
)

NUMBER = "+447700900123"
CHOICES = {
    "text": "Did Tom have a learning disability?", "flow": "notify",
    "asks": "learning_disability", "input": "yes_no", "personal": True,
    "choices": [{"value": "yes", "label": "Yes", "picture": "p"},
                {"value": "no", "label": "No", "picture": "p"},
                {"value": "not_sure", "label": "I am not sure", "picture": "p"}],
}


@pytest.fixture
def app(make_app, fake_rasa, tmp_path):
    return make_app(fake_rasa.url, **twilio_config(tmp_path))


def text(client, body: str, sid: str, number: str = NUMBER):
    return post_signed(client, "/twilio/sms", {"MessageSid": sid, "From": number,
                                               "To": "+441130000000", "Body": body})


def sender_of(app, number: str = NUMBER) -> str:
    return app.extensions[EXTENSION_KEY].sender("sms", number)


def test_a_text_reaches_the_bot_as_sms_and_the_reply_numbers_the_choices(app, client,
                                                                         fake_rasa) -> None:
    fake_rasa.reply = lambda body: [{"custom": CHOICES}]
    [body] = sms_bodies(text(client, "my brother died", "SM1"))
    [sent] = fake_rasa.received
    assert sent["message"] == "my brother died"
    assert sent["metadata"] == {"channel": "sms", "language": "en"}
    assert NUMBER not in sent["sender"] and "7700900123" not in sent["sender"]
    assert "Did Tom have a learning disability?" in body
    assert "1: Yes\n2: No\n3: I am not sure" in body
    assert "Reply with the number of your answer." in body
    # the first text explains the words that work (and that STOP alone stops all texts)
    assert 'Text "pause" to stop' in body and "do not text the word stop" in body


def test_the_how_to_is_sent_only_with_the_first_text(client, fake_rasa) -> None:
    text(client, "hello", "SM1")
    [later] = sms_bodies(text(client, "hello", "SM2"))
    assert "explain" not in later


def test_a_number_reply_sends_the_choice_value(app, client, fake_rasa) -> None:
    fake_rasa.trackers[sender_of(app)] = [
        {"event": "user", "text": "hi", "timestamp": 1},
        {"event": "bot", "text": None, "timestamp": 2, "data": {"custom": CHOICES}},
    ]
    text(client, "3", "SM1")
    text(client, " number 2. ", "SM2")
    text(client, "7", "SM3")  # not a choice: the bot reads it as it is
    assert [b["message"] for b in fake_rasa.received] == ["not_sure", "no", "7"]


def test_texting_later_from_the_same_number_carries_on_the_same_conversation(
        client, fake_rasa) -> None:
    text(client, "hello", "SM1")
    text(client, "pause", "SM2")
    text(client, "hello", "SM3", number="+447700900999")
    senders = fake_rasa.senders()
    assert senders[0] == senders[1] != senders[2]


@pytest.mark.parametrize("headers", [
    {},
    {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
    {"X-Twilio-Signature": signature(PUBLIC + "/twilio/sms", {"Body": "hi"}, "wrong-token")},
], ids=["missing", "forged", "other-token"])
def test_unsigned_or_forged_texts_get_403_and_never_reach_the_bot(client, fake_rasa,
                                                                  headers) -> None:
    params = {"MessageSid": "SM1", "From": NUMBER, "Body": "hi"}
    response = client.post("/twilio/sms", data=params, headers=headers)
    assert response.status_code == 403
    assert fake_rasa.received == []


def test_a_signature_for_other_words_or_another_address_is_refused(client, fake_rasa) -> None:
    params = {"MessageSid": "SM1", "From": NUMBER, "Body": "hi"}
    good = signature(PUBLIC + "/twilio/sms", params)
    changed = client.post("/twilio/sms", data={**params, "Body": "send it"},
                          headers={"X-Twilio-Signature": good})
    inner = post_signed(client, "/twilio/sms", params, base="http://localhost")
    assert changed.status_code == inner.status_code == 403
    assert fake_rasa.received == []


def test_without_a_public_address_the_request_url_is_checked(make_app, fake_rasa,
                                                             tmp_path) -> None:
    client = make_app(fake_rasa.url, **twilio_config(tmp_path, PUBLIC_BASE_URL=None)
                      ).test_client()
    params = {"MessageSid": "SM1", "From": NUMBER, "Body": "hi"}
    assert post_signed(client, "/twilio/sms", params, base="http://localhost").status_code == 200


def test_a_replayed_message_sid_is_ignored(client, fake_rasa) -> None:
    first = text(client, "my dad died", "SM42")
    replay = text(client, "my dad died", "SM42")
    assert sms_bodies(first) and list(twiml(replay)) == []
    assert len(fake_rasa.received) == 1


@pytest.mark.parametrize("params", [
    {"MessageSid": "SM1", "Body": "hi"},
    {"From": NUMBER, "Body": "hi"},
    {"MessageSid": "SM1", "From": "  ", "Body": "hi"},
], ids=["no-from", "no-sid", "blank-from"])
def test_malformed_webhooks_get_a_clear_400(client, fake_rasa, params) -> None:
    response = post_signed(client, "/twilio/sms", params)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"
    assert fake_rasa.received == []


def test_an_empty_text_gets_a_kind_answer_and_is_not_sent(client, fake_rasa) -> None:
    for sid, body in [("SM1", ""), ("SM2", "   \n")]:
        [answer] = sms_bodies(text(client, body, sid))
        assert "Your message was empty." in answer
    assert fake_rasa.received == []


def test_a_huge_text_gets_a_kind_answer(client, fake_rasa) -> None:
    [answer] = sms_bodies(text(client, "word " * 1000, "SM1"))
    assert "too long" in answer and "1600" in answer
    assert fake_rasa.received == []
    too_big = post_signed(client, "/twilio/sms", {"MessageSid": "SM2", "From": NUMBER,
                                                  "Body": "x" * 100_000})
    assert too_big.status_code == 413


@pytest.mark.parametrize("body", ["😢💔", "我的母亲去世了", "أمي توفيت", "Zoë née O’Brien"])
def test_emoji_and_other_scripts_reach_the_bot_intact(client, fake_rasa, body) -> None:
    assert sms_bodies(text(client, body, "SM1"))
    assert fake_rasa.received[0]["message"] == body


def test_when_the_bot_is_down_the_person_is_told_and_the_text_is_not_lost(client,
                                                                          fake_rasa) -> None:
    fake_rasa.mode = "error500"
    [sorry] = sms_bodies(text(client, "my sister died", "SM7"))
    assert "Your message was not lost" in sorry
    fake_rasa.mode = "ok"
    # Twilio's retry (or the person sending again) with the same MessageSid now counts.
    [answer] = sms_bodies(text(client, "my sister died", "SM7"))
    assert "You said: my sister died" in answer
    assert [b["message"] for b in fake_rasa.received] == ["my sister died"] * 2


def test_after_sending_a_separate_text_keeps_the_reference(client, fake_rasa) -> None:
    sent = {"text": "Thank you. Your reference number is LDR-7KQM-3HWX.", "flow": "notify"}
    fake_rasa.reply = lambda body: [{"custom": sent}, {"custom": {**CHOICES, "text": "Next?"}}]
    bodies = sms_bodies(text(client, "yes, send it", "SM1"))
    assert len(bodies) == 2
    assert "LDR-7KQM-3HWX" in bodies[1] and "116 123" in bodies[1]
    assert segments(bodies[1]) == 1


def test_replies_stay_in_gsm7_and_cost_few_segments(client, fake_rasa) -> None:
    fake_rasa.reply = lambda body: [{"custom": {**CHOICES, "text": "It\u2019s fine \u2013 ok"}}]
    text(client, "hi", "SM0")  # the first text carries the how-to
    [body] = sms_bodies(text(client, "hello", "SM1"))
    assert "It's fine - ok" in body  # typographic marks swapped for GSM-7 twins
    assert segments(body) == 1


def test_segment_counting() -> None:
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 306) == 2
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2  # extension characters
    assert segments("ë" * 70) == 1 and segments("ë" * 71) == 2  # UCS-2
    assert segments("😢" * 35) == 1 and segments("😢" * 36) == 2


def test_twilio_is_off_in_production_without_a_token(make_app, fake_rasa, tmp_path) -> None:
    config = twilio_config(tmp_path, APP_ENV="production", TWILIO_AUTH_TOKEN=None)
    client = make_app(fake_rasa.url, **config).test_client()
    response = post_signed(client, "/twilio/sms", {"MessageSid": "SM1", "From": NUMBER})
    assert response.status_code == 503 and fake_rasa.received == []


def test_a_hanging_bot_gets_a_kind_answer_in_time(client, fake_rasa) -> None:
    import time

    fake_rasa.mode = "hang"
    started = time.monotonic()
    [sorry] = sms_bodies(text(client, "hello", "SM1"))
    assert "try again" in sorry and time.monotonic() - started < 5

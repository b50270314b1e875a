"""``POST /twilio/sms``: one text in, the bot's answer back as TwiML (no outbound API call).

The conversation is keyed by the sender's number, so texting again later carries on.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from channels.bot_messages import parse_bot_messages
from channels.http_policy import ApiError
from channels.rasa_client import RasaUnavailable
from channels.texts import t
from channels.twilio import sms_render
from channels.twilio.channel import LANGUAGE, looks_like_pick, picked_value, signed, twilio
from channels.user_text import EmptyMessage, MessageTooLong, clean_user_text

log = logging.getLogger(__name__)

CHANNEL = "sms"
# Twilio joins long texts up to 1600 characters; people's messages are kept to that.
MAX_SMS_CHARACTERS = 1600

bp = Blueprint("twilio_sms", __name__)


def _twiml(texts: list[str], separate: tuple[str, ...] = ()) -> Response:
    return Response(sms_render.twiml(texts, separate), mimetype="application/xml")


def _field(name: str, *, required: bool = True) -> str:
    value = request.form.get(name, "")
    if required and not value.strip():
        raise ApiError(400, "invalid_request", "gateway.error.invalid_request")
    return value


@bp.post("/twilio/sms")
@signed
def incoming_sms() -> Response:
    message_sid = _field("MessageSid")
    sender_number = _field("From").strip()
    channel = twilio()
    if not channel.replays.claim(f"sms:{message_sid}"):
        log.info("ignored a replayed SMS webhook")
        return _twiml([])
    sender = channel.sender(CHANNEL, sender_number)
    first_text = channel.replays.claim(f"sms-sender:{sender}")
    intro = [t("sms.how_to", locale=LANGUAGE)] if first_text else []
    try:
        text = clean_user_text(_field("Body", required=False), MAX_SMS_CHARACTERS)
    except EmptyMessage:
        return _twiml([*intro, t("sms.empty", locale=LANGUAGE)])
    except MessageTooLong:
        return _twiml([t("sms.too_long", locale=LANGUAGE, limit=MAX_SMS_CHARACTERS)])
    try:
        if looks_like_pick(text):
            text = picked_value(text, channel.last_bot_messages(sender)) or text
        replies = parse_bot_messages(
            channel.rasa.send_message(sender, text, {"channel": CHANNEL, "language": LANGUAGE})
        )
    except RasaUnavailable:
        # No answer from the bot: let the same text count when Twilio or the person sends
        # it again (the person is asked to), so no turn is lost.
        channel.replays.release(f"sms:{message_sid}")
        if first_text:
            channel.replays.release(f"sms-sender:{sender}")
        return _twiml([t("gateway.error.bot_unavailable", locale=LANGUAGE)])
    confirmation = sms_render.confirmation(replies)
    texts = [*(sms_render.message_text(m) for m in replies), *intro]
    return _twiml(texts, (confirmation,) if confirmation else ())

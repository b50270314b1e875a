"""Phone calls: ``POST /twilio/voice`` answers a call; each answer comes back to
``/twilio/voice/answer?turn=N`` and each silence to ``/twilio/voice/silence``.

The conversation is keyed by the call. Every turn is one Rasa round trip at most, well
inside Twilio's 15-second limit: audio is only named here and made when Twilio fetches it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from flask import Blueprint, Response, request

from channels.bot_messages import BotMessage, parse_bot_messages
from channels.http_policy import ApiError
from channels.rasa_client import RasaUnavailable
from channels.texts import t
from channels.twilio import voice_render
from channels.twilio.channel import (
    LANGUAGE,
    TwilioChannel,
    looks_like_pick,
    picked_value,
    signed,
    twilio,
)
from channels.twilio.voice_render import Piece, fixed
from channels.user_text import UserTextError, clean_user_text

log = logging.getLogger(__name__)

CHANNEL = "voice"
START_MESSAGE = "/start"
MAX_TURNS = 2000
REPEAT_KEY, PERSON_KEY = "9", "0"
# Spoken words that mean "say that again" (recognition only; the bot never sees them).
REPEAT_WORDS = frozenset({
    "say again", "say it again", "say that again", "again", "repeat", "repeat that",
    "repeat it", "repeat please", "please repeat", "pardon", "what", "sorry",
})
_WORDS = re.compile(r"[^\w\s]")

bp = Blueprint("twilio_voice", __name__)


def _xml(twiml: str) -> Response:
    return Response(twiml, mimetype="application/xml")


def _call_sid() -> str:
    value = request.form.get("CallSid", "").strip()
    if not value or len(value) > 64:
        raise ApiError(400, "invalid_request", "gateway.error.invalid_request")
    return value


def _number_arg(name: str, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(400, "invalid_request", "gateway.error.invalid_request")
    return int(raw)


def _url(channel: TwilioChannel, path: str, **query: int) -> str:
    return channel.public_url(f"{path}?{urlencode(query)}")


def _turn(channel: TwilioChannel, messages: list[BotMessage], turn: int, *,
          before: tuple[Piece, ...] = (), speed: str = "normal") -> Response:
    pieces = [*before, *voice_render.pieces_for(messages)]
    return _xml(voice_render.gather_turn(
        pieces, messages=messages, speed=speed, base_url=channel.public_url(""),
        action=_url(channel, "/twilio/voice/answer", turn=turn),
        on_silence=_url(channel, "/twilio/voice/silence", turn=turn, silences=1),
    ))


def _unavailable(channel: TwilioChannel, turn: int) -> Response:
    """The bot did not answer: say so, and listen again for the same turn."""
    pieces = [fixed("gateway.error.bot_unavailable")]
    return _xml(voice_render.gather_turn(
        pieces, messages=[], base_url=channel.public_url(""),
        action=_url(channel, "/twilio/voice/answer", turn=turn),
        on_silence=_url(channel, "/twilio/voice/silence", turn=turn, silences=1),
    ))


def _send(channel: TwilioChannel, sender: str, text: str) -> list[BotMessage]:
    return parse_bot_messages(
        channel.rasa.send_message(sender, text, {"channel": CHANNEL, "language": LANGUAGE})
    )


@bp.post("/twilio/voice")
@signed
def incoming_call() -> Response:
    call = _call_sid()
    channel = twilio()
    key = f"voice:{call}:start"
    if not channel.replays.claim(key):
        return _xml(str(voice_render.VoiceResponse()))
    try:
        replies = _send(channel, channel.sender(CHANNEL, call), START_MESSAGE)
    except RasaUnavailable:
        channel.replays.release(key)
        return _unavailable(channel, 1)
    return _turn(channel, replies, 1)


def _what_was_said(channel: TwilioChannel, sender: str) -> tuple[str | None, bool]:
    """(text for the bot, or None for silence; True when the person asked to hear again)."""
    digits = "".join(c for c in request.form.get("Digits", "") if c.isdigit())
    speech = request.form.get("SpeechResult", "")
    if digits == REPEAT_KEY:
        return None, True
    if digits == PERSON_KEY:
        return t("commands.reply.human", locale=LANGUAGE), False
    if digits:
        if len(digits) == 1:
            return picked_value(digits, channel.last_bot_messages(sender)) or digits, False
        return digits, False
    try:
        text = clean_user_text(speech)
    except UserTextError:
        return None, False
    words = " ".join(_WORDS.sub(" ", text.lower()).split())
    if words in REPEAT_WORDS:
        return None, True
    if words == t("voice.hint_person", locale=LANGUAGE):
        return t("commands.reply.human", locale=LANGUAGE), False
    if looks_like_pick(text):
        return picked_value(text, channel.last_bot_messages(sender)) or text, False
    return text, False


@bp.post("/twilio/voice/answer")
@signed
def answer() -> Response:
    call = _call_sid()
    turn = _number_arg("turn", 1, MAX_TURNS)
    channel = twilio()
    key = f"voice:{call}:{turn}"
    if not channel.replays.claim(key):
        return _xml(str(voice_render.VoiceResponse()))
    sender = channel.sender(CHANNEL, call)
    try:
        text, repeat = _what_was_said(channel, sender)
        if repeat:
            return _turn(channel, channel.last_bot_messages(sender), turn + 1, speed="slow")
        if text is None:  # heard nothing usable: as a silence, with a fresh turn
            return _silence(channel, sender, turn + 1, 1)
        replies = _send(channel, sender, text)
    except RasaUnavailable:
        channel.replays.release(key)
        return _unavailable(channel, turn)
    return _turn(channel, replies, turn + 1)


@bp.post("/twilio/voice/silence")
@signed
def silence() -> Response:
    call = _call_sid()
    turn = _number_arg("turn", 1, MAX_TURNS)
    silences = _number_arg("silences", 1, 3)
    channel = twilio()
    if not channel.replays.claim(f"voice:{call}:{turn}:silence:{silences}"):
        return _xml(str(voice_render.VoiceResponse()))
    try:
        return _silence(channel, channel.sender(CHANNEL, call), turn, silences)
    except RasaUnavailable:
        return _unavailable(channel, turn)


def _silence(channel: TwilioChannel, sender: str, turn: int, silences: int) -> Response:
    """First silence: the question again, more slowly. Second: offer a call back.
    Third: goodbye (the answers so far are kept by the bot)."""
    base = channel.public_url("")
    if silences >= 3:
        return _xml(voice_render.goodbye([fixed("voice.goodbye")], base_url=base))
    if silences == 2:
        pieces = [fixed("voice.call_back_offer")]
        messages: list[BotMessage] = []
    else:
        messages = channel.last_bot_messages(sender)
        pieces = [fixed("voice.take_your_time"), *voice_render.pieces_for(messages)]
    return _xml(voice_render.gather_turn(
        pieces, messages=messages, speed="slow", base_url=base, one_key=silences == 2,
        action=_url(channel, "/twilio/voice/answer", turn=turn),
        on_silence=_url(channel, "/twilio/voice/silence", turn=turn, silences=silences + 1),
    ))

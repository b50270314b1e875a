"""Bot messages as TwiML for a phone call: easy-read audio inside a generous <Gather>."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twilio.twiml.voice_response import Gather, VoiceResponse

from channels.audio import audio_path, prepare
from channels.bot_messages import BotMessage
from channels.texts import t

LANGUAGE = "en"
SPEECH_LANGUAGE = "en-GB"
MAX_KEYPAD_CHOICES = 8  # 9 repeats, 0 asks for a person
# Seconds to wait for an answer to start, and the pause that ends a spoken answer.
# People with a learning disability may need time: no short cut-offs.
WAIT = {"normal": 10, "slow": 15}
SPEECH_END_PAUSE = 3


@dataclass(frozen=True)
class Piece:
    """One stretch of speech: its text and whether it may hold what someone said."""

    text: str
    personal: bool


def fixed(key: str, **params: object) -> Piece:
    return Piece(t(key, locale=LANGUAGE, **params), False)


def keypad_choices(messages: Sequence[BotMessage]) -> BotMessage | None:
    """The message whose choices can be picked on the keypad, if any."""
    with_choices = [m for m in messages if m.choices]
    if with_choices and len(with_choices[-1].choices) <= MAX_KEYPAD_CHOICES:
        return with_choices[-1]
    return None


def pieces_for(messages: Sequence[BotMessage]) -> list[Piece]:
    pieces = [Piece(m.text, m.personal) for m in messages if m.text]
    choosing = keypad_choices(messages)
    if choosing is not None:
        if choosing.multiple:
            pieces.append(fixed("voice.choose_several"))
        for number, choice in enumerate(choosing.choices, start=1):
            # Labels are fixed words; SpeechCache still speaks any text that is not a
            # fixed prompt (such as a label made from an answer) with the offline voice.
            pieces.append(Piece(choice.label, False))
            pieces.append(fixed("voice.press", number=number))
    elif any(m.choices for m in messages):
        pieces.append(fixed("voice.say_answer"))
    pieces.append(fixed("voice.footer"))
    return pieces


def hints(messages: Sequence[BotMessage]) -> str:
    words = [c.label for m in messages for c in m.choices]
    words += [t("voice.hint_repeat", locale=LANGUAGE), t("voice.hint_person", locale=LANGUAGE)]
    return ", ".join(dict.fromkeys(w.replace(",", " ") for w in words))


def gather_turn(
    pieces: Sequence[Piece],
    *,
    messages: Sequence[BotMessage],
    action: str,
    on_silence: str,
    base_url: str,
    speed: str = "normal",
    one_key: bool = False,
) -> str:
    """Play ``pieces`` inside a Gather; when nobody answers, go to ``on_silence``.
    ``one_key``: the only keys that mean anything are single digits."""
    response = VoiceResponse()
    choosing = keypad_choices(messages)
    keypad: dict[str, object] = {"finish_on_key": "#"}
    if one_key or (choosing is not None and not choosing.multiple):
        keypad = {"num_digits": 1}  # a single press answers at once
    gather = Gather(
        input="speech dtmf", action=action, method="POST", timeout=WAIT[speed],
        speech_timeout=SPEECH_END_PAUSE, language=SPEECH_LANGUAGE, hints=hints(messages),
        action_on_empty_result=False, **keypad,
    )
    paths = [audio_path(p.text, personal=p.personal, speed=speed) for p in pieces]
    for path in paths:
        gather.play(base_url + path)
    prepare(paths)
    response.append(gather)
    response.redirect(on_silence, method="POST")
    return str(response)


def goodbye(pieces: Sequence[Piece], *, base_url: str) -> str:
    response = VoiceResponse()
    for piece in pieces:
        response.play(base_url + audio_path(piece.text, personal=piece.personal, speed="slow"))
    response.hangup()
    return str(response)

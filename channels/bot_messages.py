"""Bot messages and conversation history in one channel-neutral shape.

Rasa answers with ``{"custom": {...}}`` (the bot message contract, SPEC section 5) but
may also send plain ``{"text": ...}`` or a ``custom`` that lacks keys; everything is
read tolerantly here, and each channel renders the result its own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# Messages the gateway itself sends (such as "/start") start with "/"; people's text
# never does, because the gateway strips leading "/" from it.
INTERNAL_PREFIX = "/"
_MAX_FIELD = 200  # flow/asks/input/picture ids are short identifiers


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    picture: str | None = None


@dataclass(frozen=True)
class Progress:
    step: int
    of: int


@dataclass(frozen=True)
class BotMessage:
    text: str = ""
    flow: str | None = None
    asks: str | None = None
    input: str | None = None
    choices: tuple[Choice, ...] = ()
    progress: Progress | None = None
    audio: str | None = None
    # True unless the bot says the text holds nothing a person said (text-to-speech
    # may then use the online engine); several choices may be picked at once.
    personal: bool = True
    multiple: bool = False


@dataclass(frozen=True)
class Turn:
    """One line of history: what a person said, or a bot message."""

    speaker: str  # "user" or "bot"
    text: str
    at: datetime | None = None
    message: BotMessage | None = field(default=None)


def _short(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= _MAX_FIELD else None


def _choices(value: Any) -> tuple[Choice, ...]:
    if not isinstance(value, list):
        return ()
    result = []
    for item in value:
        if not isinstance(item, dict):
            continue
        raw = item.get("value")
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            continue
        choice_value = str(raw)
        label = item.get("label")
        label = label if isinstance(label, str) and label.strip() else choice_value
        if choice_value.strip():
            result.append(Choice(choice_value, label, _short(item.get("picture"))))
    return tuple(result)


def _progress(value: Any) -> Progress | None:
    if not isinstance(value, dict):
        return None
    step, of = value.get("step"), value.get("of")
    if any(isinstance(n, bool) or not isinstance(n, int) for n in (step, of)):
        return None
    return Progress(step, of) if 1 <= step <= of else None


def parse_bot_message(raw: Any) -> BotMessage | None:
    """Read one Rasa bot message; None when it has nothing to show."""
    if not isinstance(raw, dict):
        return None
    custom = raw.get("custom")
    custom = custom if isinstance(custom, dict) else {}
    text = custom.get("text")
    if not isinstance(text, str) or not text.strip():
        text = raw.get("text") if isinstance(raw.get("text"), str) else ""
    message = BotMessage(
        text=text.strip(),
        flow=_short(custom.get("flow")),
        asks=_short(custom.get("asks")),
        input=_short(custom.get("input")),
        choices=_choices(custom.get("choices")),
        progress=_progress(custom.get("progress")),
        audio=custom.get("audio") if isinstance(custom.get("audio"), str) else None,
        personal=custom.get("personal") is not False,
        multiple=custom.get("multiple") is True,
    )
    return message if message.text or message.choices else None


def parse_bot_messages(raw_messages: Iterable[Any]) -> list[BotMessage]:
    """Read Rasa's answer list.

    When a response has both ``text`` and ``custom``, Rasa sends them as two messages;
    a text-less custom message right after a plain text one is joined to it.
    """
    result: list[BotMessage] = []
    plain_before = False
    for raw in raw_messages:
        custom = raw.get("custom") if isinstance(raw, dict) else None
        text_less = isinstance(custom, dict) and not isinstance(custom.get("text"), str)
        if text_less and plain_before and result:
            # Metadata for the plain text just before: join the two.
            custom = {**custom, "text": result.pop().text}
            raw = {"custom": custom}
        message = parse_bot_message(raw)
        if message is not None:
            result.append(message)
        plain_before = message is not None and not isinstance(custom, dict)
    return result


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def history_from_events(events: Iterable[Any]) -> list[Turn]:
    """The turns people see, from Rasa tracker events.

    Only what followed the last ``restart`` is shown; the gateway's own messages
    (such as ``/start``) are hidden. When a person answered by tapping a choice, the
    choice's label is shown, as it was when they tapped it.
    """
    events = [e for e in events if isinstance(e, dict)]
    restarts = [i for i, e in enumerate(events) if e.get("event") == "restart"]
    if restarts:
        events = events[restarts[-1] + 1 :]
    turns: list[Turn] = []
    open_choices: tuple[Choice, ...] = ()
    for event in events:
        kind, at = event.get("event"), _timestamp(event.get("timestamp"))
        if kind == "user":
            text = event.get("text")
            if not isinstance(text, str) or not text or text.startswith(INTERNAL_PREFIX):
                continue
            label = next((c.label for c in open_choices if c.value == text), text)
            turns.append(Turn("user", label, at))
            open_choices = ()
        elif kind == "bot":
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            message = parse_bot_message({"text": event.get("text"), "custom": data.get("custom")})
            if message is not None:
                turns.append(Turn("bot", message.text, at, message))
                if message.choices:
                    open_choices = message.choices
    return turns

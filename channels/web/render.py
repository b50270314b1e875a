"""Bot messages and history as JSON for the web chat page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from channels.bot_messages import BotMessage, Turn


def iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def render_bot_message(message: BotMessage, at: datetime | None) -> dict[str, Any]:
    return {
        "speaker": "bot",
        "text": message.text,
        "flow": message.flow,
        "asks": message.asks,
        "input": message.input,
        "choices": [
            {"value": c.value, "label": c.label, "picture": c.picture} for c in message.choices
        ],
        "multiple": message.multiple,
        "progress": (
            {"step": message.progress.step, "of": message.progress.of} if message.progress else None
        ),
        "audio": message.audio,
        "at": iso(at),
    }


def render_reply(messages: Iterable[BotMessage]) -> list[dict[str, Any]]:
    now = datetime.now(timezone.utc)
    return [render_bot_message(m, now) for m in messages]


def render_history(turns: Iterable[Turn]) -> list[dict[str, Any]]:
    result = []
    for turn in turns:
        if turn.speaker == "bot" and turn.message is not None:
            result.append(render_bot_message(turn.message, turn.at))
        else:
            result.append({"speaker": "user", "text": turn.text, "at": iso(turn.at)})
    return result

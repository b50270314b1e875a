"""What the bot does when someone says something frightening (SPEC section 3, safeguarding).

It answers at once and calmly (999, Samaritans, the council's adult safeguarding team,
no promise of secrecy), keeps the words for staff (every submission of the conversation
is then flagged urgent), and the conversation carries on where it was.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.messages import say
from bot.actions.safeguarding import detect_concern
from bot.actions.state import list_slot

logger = logging.getLogger(__name__)

MAX_SAID = 5000
MAX_KEPT = 100  # the contract's limit on what_was_said


def safeguarding_message(dispatcher: CollectingDispatcher, category: str | None, *,
                         flow: str) -> None:
    """The calm answer; words about ending one's life get the Samaritans first."""
    key = "safeguarding.self_harm" if category == "self_harm" else "safeguarding.urgent"
    say(dispatcher, key, flow=flow)
    say(dispatcher, "safeguarding.not_secret", flow=flow)


def remember(tracker: Tracker, text: Any) -> dict[str, Any]:
    """The slot update that keeps what was said for staff."""
    said = list_slot(tracker, "safeguarding_said")
    words = str(text or "").strip()[:MAX_SAID]
    if words and words not in said:
        said.append(words)
    return {"safeguarding_said": said[-MAX_KEPT:]}


def note_concern(dispatcher: CollectingDispatcher, tracker: Tracker, text: Any, *,
                 flow: str) -> dict[str, Any] | None:
    """If ``text`` raises a concern: answer it and return the slot update, else None."""
    concern = detect_concern(text)
    if concern is None:
        return None
    logger.warning("safeguarding concern (%s) in flow %s", concern.category, flow)
    safeguarding_message(dispatcher, concern.category, flow=flow)
    say(dispatcher, "safeguarding.carry_on", flow=flow)
    return remember(tracker, text)


def safeguarding_block(tracker: Tracker) -> dict[str, Any]:
    """The ``safeguarding`` object of a submission (SPEC section 4)."""
    said = [s for s in list_slot(tracker, "safeguarding_said") if isinstance(s, str) and s]
    return {"urgent": bool(said), "what_was_said": said[-MAX_KEPT:]}

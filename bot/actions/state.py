"""Read the conversation state the actions share, from a rasa_sdk Tracker."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.actions.plan import Plan


def answers(tracker: Tracker, plan: Plan) -> dict[str, Any]:
    return {f: tracker.get_slot(f) for f in plan.fields}


def in_progress(tracker: Tracker, plan: Plan) -> bool:
    """True when some answers of an unsent notification are kept."""
    a = answers(tracker, plan)
    return any(a.get(f) is not None for f in plan.data_fields)


def person_param(tracker: Tracker) -> dict[str, Any]:
    name = tracker.get_slot("person_name")
    if isinstance(name, str) and name and not name.startswith("__"):
        return {"text": name}
    return {"key": "common.the_person"}


def dict_slot(tracker: Tracker, name: str) -> dict[str, Any]:
    value = tracker.get_slot(name)
    return dict(value) if isinstance(value, dict) else {}


def list_slot(tracker: Tracker, name: str) -> list[Any]:
    value = tracker.get_slot(name)
    return list(value) if isinstance(value, list) else []


def clear_flow(plan: Plan) -> list[SlotSet]:
    """Forget a flow's answers (after sending, or when starting again)."""
    events = [SlotSet(f, None) for f in plan.fields]
    events += [SlotSet("as_said", {}), SlotSet("answer_attempts", {}),
               SlotSet("answer_history", []), SlotSet("paused", False),
               SlotSet("requested_slot", None)]
    return events


def channel_and_language(tracker: Tracker) -> tuple[str, str]:
    meta = (tracker.latest_message or {}).get("metadata") or {}
    channel = meta.get("channel") or tracker.get_slot("channel") or "web"
    language = meta.get("language") or tracker.get_slot("language") or "en"
    if channel not in ("web", "sms", "voice"):
        channel = "web"
    return channel, language

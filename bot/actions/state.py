"""Read the conversation state the actions share, from a rasa_sdk Tracker."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.actions.plan import Plan
from easy_read.text import has

FLOWS = ("notify", "focused_review", "feedback", "human")


def answers(tracker: Tracker, plan: Plan) -> dict[str, Any]:
    return {f: tracker.get_slot(f) for f in plan.fields}


def in_progress(tracker: Tracker, plan: Plan) -> bool:
    """True when some answers of an unsent notification are kept."""
    a = answers(tracker, plan)
    return any(a.get(f) is not None for f in plan.data_fields)


def person_param(tracker: Tracker, plan: Plan | None = None) -> dict[str, Any]:
    """The name of the person who died when we know it, else "the person who died"."""
    slots = ["person_name"]
    own = plan.field_like("person_name") if plan else None
    if own:
        slots.insert(0, own)
    for slot in slots:
        name = tracker.get_slot(slot)
        if isinstance(name, str) and name and not name.startswith("__"):
            return {"text": name}
    return {"key": "common.the_person"}


def flow_key(flow: str, suffix: str) -> str:
    """A flow's own message when it has one, else the notify flow's (shared wording)."""
    key = f"{flow}.{suffix}"
    return key if flow == "notify" or has(key) else f"notify.{suffix}"


def dict_slot(tracker: Tracker, name: str) -> dict[str, Any]:
    value = tracker.get_slot(name)
    return dict(value) if isinstance(value, dict) else {}


def list_slot(tracker: Tracker, name: str) -> list[Any]:
    value = tracker.get_slot(name)
    return list(value) if isinstance(value, list) else []


def clear_flow(plan: Plan, tracker: Tracker | None = None) -> list[SlotSet]:
    """Forget a flow's answers (after sending, or when starting again).

    With the tracker, the answers other flows keep (a notification paused to ask for a
    call back) stay; without it, everything said is forgotten.
    """
    events = [SlotSet(f, None) for f in plan.fields]
    own = set(plan.fields)
    as_said = {k: v for k, v in dict_slot(tracker, "as_said").items()
               if k not in own} if tracker else {}
    attempts = {k: v for k, v in dict_slot(tracker, "answer_attempts").items()
                if k not in own} if tracker else {}
    history = [f for f in list_slot(tracker, "answer_history") if f not in own] if tracker else []
    events += [SlotSet("as_said", as_said), SlotSet("answer_attempts", attempts),
               SlotSet("answer_history", history), SlotSet("paused", False),
               SlotSet("switch_to", None), SlotSet("requested_slot", None)]
    return events


def channel_and_language(tracker: Tracker) -> tuple[str, str]:
    meta = (tracker.latest_message or {}).get("metadata") or {}
    channel = meta.get("channel") or tracker.get_slot("channel") or "web"
    language = meta.get("language") or tracker.get_slot("language") or "en"
    if channel not in ("web", "sms", "voice"):
        channel = "web"
    return channel, language

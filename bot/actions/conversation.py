"""Starting, pausing, resuming and ending conversations; sending the notification."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.messages import MENU, say
from bot.actions.outbox import shared_outbox
from bot.actions.payload import build_notification, transcript_from_events
from bot.actions.plan import load_plan
from bot.actions.state import (
    answers,
    channel_and_language,
    clear_flow,
    dict_slot,
    in_progress,
    person_param,
)
from contract import validate_notification
from contract.reference import new_reference

logger = logging.getLogger(__name__)

NOTIFY = load_plan("notify")
RESUME_MENU = ["menu:resume", "menu:start_again"]


def _channel_slots(tracker: Tracker) -> list[dict[str, Any]]:
    channel, language = channel_and_language(tracker)
    return [SlotSet("channel", channel), SlotSet("language", language)]


class ActionWelcome(Action):
    def name(self) -> str:
        return "action_welcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        if in_progress(tracker, NOTIFY):
            say(dispatcher, "common.welcome_back", flow="notify", choice_set="menu",
                choices=RESUME_MENU, input="choice", params={"person": person_param(tracker)})
        else:
            say(dispatcher, "common.welcome", flow="help", choice_set="menu", choices=MENU,
                input="choice")
        return _channel_slots(tracker)


class ActionAbout(Action):
    def name(self) -> str:
        return "action_about"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, "about.what_is_leder", flow="help")
        menu = RESUME_MENU if in_progress(tracker, NOTIFY) else MENU
        say(dispatcher, "common.what_next", flow="help", choice_set="menu", choices=menu,
            input="choice")
        return []


def _has_words(tracker: Tracker) -> bool:
    """Emoji or punctuation alone never start a notification by mistake."""
    text = (tracker.latest_message or {}).get("text") or ""
    return any(ch.isalpha() for ch in text)


def _start_or_continue(dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> list[dict[str, Any]]:
    """Open the notify form: from the start, or where the person stopped."""
    if not _has_words(tracker):
        menu = RESUME_MENU if in_progress(tracker, NOTIFY) else MENU
        say(dispatcher, "common.not_understood", flow="help", choice_set="menu", choices=menu,
            input="choice")
        return []
    key = "notify.continuing" if in_progress(tracker, NOTIFY) else "notify.intro"
    say(dispatcher, key, flow="notify", params={"person": person_param(tracker)})
    return [SlotSet("paused", False), *_channel_slots(tracker), FollowupAction("notify_form")]


class ActionStartNotify(Action):
    def name(self) -> str:
        return "action_start_notify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return _start_or_continue(dispatcher, tracker)


class ActionResume(ActionStartNotify):
    """ "carry on" / "yes": the same as starting, which continues where they stopped."""

    def name(self) -> str:
        return "action_resume"


class ActionStartAgain(Action):
    def name(self) -> str:
        return "action_start_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, "common.started_again", flow="help", choice_set="menu", choices=MENU,
            input="choice")
        return clear_flow(NOTIFY)


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        say(dispatcher, "common.goodbye", flow="help")
        return []


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        menu = RESUME_MENU if in_progress(tracker, NOTIFY) else MENU
        say(dispatcher, "common.not_understood", flow="help", choice_set="menu", choices=menu,
            input="choice")
        return []


class ActionNotifyFinished(Action):
    """After the form: either paused (say how to come back) or confirmed (send)."""

    def name(self) -> str:
        return "action_notify_finished"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        if tracker.get_slot("paused"):
            say(dispatcher, "notify.paused", flow="notify", choice_set="menu",
                choices=["menu:resume"], input="choice",
                params={"person": person_param(tracker)})
            return []
        current = answers(tracker, NOTIFY)
        if current.get("confirm") != "send":
            # The form ended without a confirmed summary (should not happen): ask again.
            say(dispatcher, "common.not_understood", flow="notify", choice_set="menu",
                choices=RESUME_MENU, input="choice")
            return []
        return self._send(dispatcher, tracker, current)

    def _send(self, dispatcher: CollectingDispatcher, tracker: Tracker,
              current: dict[str, Any]) -> list[dict[str, Any]]:
        channel, language = channel_and_language(tracker)
        reference = new_reference()
        doc = build_notification(
            NOTIFY, current, reference=reference, channel=channel, language=language,
            as_said=dict_slot(tracker, "as_said"),
            transcript=transcript_from_events(list(tracker.events)),
        )
        problems = validate_notification(doc)
        if problems:
            # A bug on our side: keep the answers anyway (staff can still read them).
            logger.error("notification %s does not match the schema: %s", reference, problems)
        box = shared_outbox()
        box.enqueue(reference, doc)
        result = box.deliver(reference)
        logger.info("notification %s: %s", reference, result.status)
        person = person_param(tracker)
        say(dispatcher, "notify.sent", flow="notify",
            params={"person": person, "reference": reference})
        route_key = f"notify.route.{doc['route']}"
        say(dispatcher, route_key, flow="notify", params={"person": person})
        if doc["focused_review"]["required"]:
            say(dispatcher, "notify.focused_review_planned", flow="notify",
                params={"person": person})
        say(dispatcher, "common.support", flow="notify")
        return [*clear_flow(NOTIFY), SlotSet("reference", reference)]

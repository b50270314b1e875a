"""Starting, pausing, resuming and ending conversations; sending what was told.

Four flows collect answers with a form (notify, focused_review, feedback, human); each
can start from the first message or the menu, be left (paused) and resumed. "Talk to a
person" inside any form pauses it and opens the call back form; the paused flow is
offered again afterwards.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.about_topics import topic_of
from bot.actions.forms import MAX_AS_SAID
from bot.actions.menus import HELP_TOPICS, MENU, RESUME_MENU
from bot.actions.messages import say
from bot.actions.outbox import shared_outbox
from bot.actions.payload import build_notification, build_request, transcript_from_events
from bot.actions.plan import Plan, load_plan
from bot.actions.prefill import notify_facts
from bot.actions.safeguarding import detect_concern, mentions_death
from bot.actions.safeguarding_reply import (
    note_concern,
    remember,
    safeguarding_block,
    safeguarding_message,
)
from bot.actions.state import (
    FLOWS,
    answers,
    channel_and_language,
    clear_flow,
    dict_slot,
    in_progress,
    list_slot,
    person_param,
)
from bot.actions.summary import summary_lines
from contract import validate_notification
from contract.reference import new_reference

logger = logging.getLogger(__name__)

PLANS: dict[str, Plan] = {flow: load_plan(flow) for flow in FLOWS}
NOTIFY = PLANS["notify"]


def _channel_slots(tracker: Tracker) -> list[dict[str, Any]]:
    channel, language = channel_and_language(tracker)
    return [SlotSet("channel", channel), SlotSet("language", language)]


def paused_flow(tracker: Tracker) -> str | None:
    """The flow the person left unfinished: the last one they were in, else any."""
    active = tracker.get_slot("active_flow")
    if active in PLANS and in_progress(tracker, PLANS[active]):
        return active
    return next((f for f in FLOWS if in_progress(tracker, PLANS[f])), None)


def _menu(tracker: Tracker) -> list[str]:
    return RESUME_MENU if paused_flow(tracker) else MENU


def _latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _has_words(tracker: Tracker) -> bool:
    """Emoji or punctuation alone never start a flow by mistake."""
    return any(ch.isalpha() for ch in _latest_text(tracker))


def _concern_events(dispatcher: CollectingDispatcher, tracker: Tracker,
                    flow: str = "help") -> list[dict[str, Any]]:
    """Safeguarding words in a top-level message, whatever the NLU thought it meant."""
    found = note_concern(dispatcher, tracker, _latest_text(tracker), flow=flow)
    return [SlotSet(k, v) for k, v in (found or {}).items()]


def _offer_resume(dispatcher: CollectingDispatcher, tracker: Tracker, flow: str,
                  *, leaving: str | None = None) -> bool:
    """Offer to carry on with another unfinished flow; True when there is one."""
    waiting = next((f for f in FLOWS if f != leaving and in_progress(tracker, PLANS[f])),
                   None)
    if not waiting:
        return False
    say(dispatcher, f"common.resume_offer.{waiting}", flow=flow, choice_set="menu",
        choices=RESUME_MENU, input="choice",
        params={"person": person_param(tracker, PLANS[waiting])})
    return True


def start_flow(flow: str, dispatcher: CollectingDispatcher, tracker: Tracker, *,
               check_concern: bool = True) -> list[dict[str, Any]]:
    """Open a flow's form: from the start, or where the person stopped."""
    plan = PLANS[flow]
    events = _concern_events(dispatcher, tracker, flow) if check_concern else []
    if not _has_words(tracker):
        say(dispatcher, "common.not_understood", flow="help", choice_set="menu",
            choices=_menu(tracker), input="choice")
        return [*events, FollowupAction("action_listen")]  # the rules would open the form
    resuming = in_progress(tracker, plan)
    key = f"{flow}.continuing" if resuming else f"{flow}.intro"
    say(dispatcher, key, flow=flow, params={"person": person_param(tracker, plan)})
    if flow == "notify" and not resuming:
        events += _keep_first_facts(dispatcher, tracker)
    return [*events, SlotSet("paused", False), SlotSet("switch_to", None),
            SlotSet("active_flow", flow), SlotSet("confirm", None),
            SlotSet("field_to_change", None), *_channel_slots(tracker),
            FollowupAction(plan.form)]


def _keep_first_facts(dispatcher: CollectingDispatcher,
                      tracker: Tracker) -> list[dict[str, Any]]:
    """Facts in the first message ("died on Friday in hospital") are kept and shown back."""
    text = _latest_text(tracker)
    facts = notify_facts(text)
    if not facts:
        return []
    as_said = dict_slot(tracker, "as_said")
    for field in facts:
        as_said[field] = text[:MAX_AS_SAID]
    history = [f for f in list_slot(tracker, "answer_history") if f not in facts]
    say(dispatcher, "notify.prefilled", flow="notify",
        lines=[*summary_lines(NOTIFY, facts), {"key": "notify.prefilled_change"}])
    return [*(SlotSet(f, v) for f, v in facts.items()), SlotSet("as_said", as_said),
            SlotSet("answer_history", [*history, *facts])]


class ActionWelcome(Action):
    def name(self) -> str:
        return "action_welcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        waiting = paused_flow(tracker)
        if waiting:
            say(dispatcher, f"common.welcome_back_to.{waiting}", flow=waiting,
                choice_set="menu", choices=RESUME_MENU, input="choice",
                params={"person": person_param(tracker, PLANS[waiting])})
        else:
            say(dispatcher, "common.welcome", flow="help", choice_set="menu", choices=MENU,
                input="choice")
        return [*events, *_channel_slots(tracker)]


class ActionAbout(Action):
    """Easy-read answers to questions about LeDeR (flow "help")."""

    def name(self) -> str:
        return "action_about"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        topic = topic_of(_latest_text(tracker))
        say(dispatcher, f"about.{topic}", flow="help")
        say(dispatcher, "common.what_next", flow="help", choice_set="menu",
            choices=_menu(tracker), input="choice")
        return events


class ActionHelp(Action):
    """ "help" at the top level: the questions we can answer, and what we can do."""

    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        say(dispatcher, "common.help_menu", flow="help", choice_set="about",
            choices=HELP_TOPICS, input="choice")
        say(dispatcher, "common.what_next", flow="help", choice_set="menu",
            choices=_menu(tracker), input="choice")
        return events


class StartFlow:
    """Start (or carry on with) one flow. A mixin: concrete actions below."""

    flow = ""

    def name(self) -> str:
        return f"action_start_{self.flow}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        return start_flow(self.flow, dispatcher, tracker)


class ActionStartNotify(StartFlow, Action):
    flow = "notify"


class ActionStartFocusedReview(StartFlow, Action):
    flow = "focused_review"


class ActionStartFeedback(StartFlow, Action):
    flow = "feedback"


class ActionStartHuman(StartFlow, Action):
    flow = "human"


class ActionResume(Action):
    """ "carry on" / "yes": continue the flow the person left."""

    def name(self) -> str:
        return "action_resume"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        waiting = paused_flow(tracker)
        if waiting:
            return start_flow(waiting, dispatcher, tracker)
        events = _concern_events(dispatcher, tracker)
        say(dispatcher, "common.what_next", flow="help", choice_set="menu", choices=MENU,
            input="choice")
        return events


class ActionStartAgain(Action):
    def name(self) -> str:
        return "action_start_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        say(dispatcher, "common.started_again", flow="help", choice_set="menu", choices=MENU,
            input="choice")
        cleared: list[dict[str, Any]] = []
        for plan in PLANS.values():
            cleared += clear_flow(plan)
        # What was said about safety stays: it goes with the next submission.
        return [*cleared, SlotSet("active_flow", None), *events]


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        say(dispatcher, "common.goodbye", flow="help")
        return events


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        events = _concern_events(dispatcher, tracker)
        if events:
            # The safety answer was the reply; offer the call back and what we can do.
            say(dispatcher, "common.what_next", flow="help", choice_set="menu",
                choices=["menu:human", *_menu(tracker)], input="choice")
            return events
        say(dispatcher, "common.not_understood", flow="help", choice_set="menu",
            choices=_menu(tracker), input="choice")
        return events


class ActionSafeguarding(Action):
    """The NLU heard danger, abuse, neglect or wanting to end one's life."""

    def name(self) -> str:
        return "action_safeguarding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        concern = detect_concern(_latest_text(tracker))
        safeguarding_message(dispatcher, concern.category if concern else None, flow="help")
        slots = [SlotSet(k, v) for k, v in remember(tracker, _latest_text(tracker)).items()]
        # Only a worry about care also starts a flow; never words about ending one's life.
        also = _also_meant(tracker) if concern and concern.category in ("abuse", "neglect") \
            else None
        if also and not paused_flow(tracker):
            # "my brother died and the carers abused him": the safety answer, then the telling
            say(dispatcher, "safeguarding.carry_on", flow="help")
            return [*slots, *start_flow(also, dispatcher, tracker, check_concern=False)]
        say(dispatcher, "common.what_next", flow="help", choice_set="menu",
            choices=["menu:human", *_menu(tracker)], input="choice")
        return slots


# A message may say something frightening and also start a flow.
_FLOW_INTENTS = {"notify_death": "notify", "request_focused_review": "focused_review",
                 "give_feedback": "feedback"}
_ALSO_MEANT_CONFIDENCE = 0.05


def _also_meant(tracker: Tracker) -> str | None:
    """The flow the message also asked for: the NLU's next guess, or the words of a death."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    for guess in ranking:
        flow = _FLOW_INTENTS.get(guess.get("name"))
        if flow and float(guess.get("confidence") or 0) >= _ALSO_MEANT_CONFIDENCE:
            return flow
    return "notify" if mentions_death(_latest_text(tracker)) else None


class FlowFinished:
    """After a form: paused (say how to come back), switched to a call back, or sent."""

    flow = ""

    def name(self) -> str:
        return f"action_{self.flow}_finished"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        plan = PLANS[self.flow]
        if tracker.get_slot("paused"):
            if tracker.get_slot("switch_to") in PLANS:
                return self._switch(dispatcher, tracker)
            say(dispatcher, f"{self.flow}.paused", flow=self.flow, choice_set="menu",
                choices=["menu:resume"], input="choice",
                params={"person": person_param(tracker, plan)})
            return []
        current = answers(tracker, plan)
        if current.get("confirm") != "send":
            # The form ended without a confirmed summary (should not happen): ask again.
            say(dispatcher, "common.not_understood", flow=self.flow, choice_set="menu",
                choices=RESUME_MENU, input="choice")
            return []
        return self._send(dispatcher, tracker, plan, current)

    def _switch(self, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> list[dict[str, Any]]:
        target = tracker.get_slot("switch_to")
        say(dispatcher, f"{target}.switching", flow=target)
        return start_flow(target, dispatcher, tracker)

    def _document(self, tracker: Tracker, plan: Plan, current: dict[str, Any],
                  reference: str) -> dict[str, Any]:
        channel, language = channel_and_language(tracker)
        common = {"reference": reference, "channel": channel, "language": language,
                  "as_said": dict_slot(tracker, "as_said"),
                  "transcript": transcript_from_events(list(tracker.events)),
                  "safeguarding": safeguarding_block(tracker)}
        if plan.flow == "notify":
            return build_notification(plan, current, **common)
        return build_request(plan, current, **common)

    def _send(self, dispatcher: CollectingDispatcher, tracker: Tracker, plan: Plan,
              current: dict[str, Any]) -> list[dict[str, Any]]:
        reference = new_reference()
        doc = self._document(tracker, plan, current, reference)
        problems = validate_notification(doc)
        if problems:
            # A bug on our side: keep the answers anyway (staff can still read them).
            logger.error("%s %s does not match the schema: %s", plan.flow, reference, problems)
        box = shared_outbox()
        box.enqueue(reference, doc)
        result = box.deliver(reference)
        logger.info("%s %s: %s", plan.flow, reference, result.status)
        self._after_sending(dispatcher, tracker, plan, doc)
        events: list[dict[str, Any]] = [*clear_flow(plan, tracker),
                                         SlotSet("safeguarding_said", []),
                                         SlotSet("active_flow", None)]
        if plan.flow == "notify":
            events.append(SlotSet("reference", reference))
        return events

    def _after_sending(self, dispatcher: CollectingDispatcher, tracker: Tracker, plan: Plan,
                       doc: dict[str, Any]) -> None:
        person = person_param(tracker, plan)
        flow = plan.flow
        say(dispatcher, f"{flow}.sent", flow=flow,
            params={"person": person, "reference": doc["reference"]})
        if flow == "notify":
            say(dispatcher, f"notify.route.{doc['route']}", flow=flow, params={"person": person})
            if doc["focused_review"]["required"]:
                say(dispatcher, "notify.focused_review_planned", flow=flow,
                    params={"person": person})
        if doc["safeguarding"]["urgent"]:
            say(dispatcher, "safeguarding.passed_on", flow=flow)
        if not _offer_resume(dispatcher, tracker, flow, leaving=flow):
            say(dispatcher, "common.support", flow=flow)


class ActionNotifyFinished(FlowFinished, Action):
    flow = "notify"


class ActionFocusedReviewFinished(FlowFinished, Action):
    flow = "focused_review"


class ActionFeedbackFinished(FlowFinished, Action):
    flow = "feedback"


class ActionHumanFinished(FlowFinished, Action):
    flow = "human"

"""Forms made from flow plans (flows/<flow>.yml): one machinery for every flow.

A flow is a plan file plus locale keys. For each plan this module makes a
``validate_<flow>_form`` action (a ``validate_<slot>`` per question: safeguarding check,
conversation commands, the deterministic parsers, kind errors) and one ask action per
question with the metadata of SPEC section 5. The classes here are mixins; the concrete
actions (mixin + rasa_sdk base) are made by ``make_form_actions`` so only they register.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.answers import Outcome, interpret
from bot.actions.messages import say
from bot.actions.plan import UNKNOWN, Plan, ask_action_name
from bot.actions.references import check_reference
from bot.actions.safeguarding_reply import note_concern
from bot.actions.state import answers, dict_slot, flow_key, list_slot, person_param
from bot.actions.summary import summary_lines

logger = logging.getLogger(__name__)

MAX_AS_SAID = 2000
ATTEMPTS_BEFORE_OFFER = 2
# Answers kept as said even when they raise a safeguarding concern ("were you worried
# about the care?" - "yes, they neglected him"): asking again would make them repeat it.
KEEP_ANSWER_PARSERS = ("free_text",)


def _today() -> dt.date:
    return dt.date.today()


class FlowFormValidation:
    """Validation of every answer of one plan's form. A mixin (see the module docstring)."""

    plan: Plan

    def name(self) -> str:
        return f"validate_{self.plan.form}"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("paused"):
            return []  # ends the form; the flow's finish action says what happens next
        return self.plan.applicable(answers(tracker, self.plan))

    def _say(self, dispatcher: CollectingDispatcher, suffix: str, **meta: Any) -> None:
        say(dispatcher, flow_key(self.plan.flow, suffix), flow=self.plan.flow, **meta)

    def _validate(self, field: str, slot_value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != field:
            # A value kept from earlier (the form was re-activated): already checked.
            return {field: slot_value}
        plan = self.plan
        q = plan.question(field)
        concern = note_concern(dispatcher, tracker, slot_value, flow=plan.flow)
        if concern and q.parser not in KEEP_ANSWER_PARSERS:
            return {field: None, **concern}  # the question is asked again after the message
        current = answers(tracker, plan)
        current[field] = None
        outcome = interpret(q, slot_value, current, today=_today(),
                            options=_options(plan, field, current), flow=plan.flow)
        if outcome.kind == "command":
            return {**self._command(field, outcome, dispatcher, tracker), **(concern or {})}
        attempts = dict_slot(tracker, "answer_attempts")
        extra: dict[str, Any] = {}
        if outcome.kind == "value" and q.parser == "reference" and outcome.value != UNKNOWN:
            outcome, extra = self._checked_reference(outcome)
        if outcome.kind == "error":
            attempts[field] = int(attempts.get(field, 0)) + 1
            self._say(dispatcher, f"invalid.{outcome.error}",
                      params={"person": person_param(tracker, plan)},
                      fallback=flow_key(plan.flow, "invalid.generic"))
            return {field: None, "answer_attempts": attempts, **(concern or {})}
        result = self._accept(field, outcome, slot_value, attempts, dispatcher, tracker)
        return {**result, **extra, **(concern or {})}

    def _checked_reference(self, outcome: Outcome) -> tuple[Outcome, dict[str, Any]]:
        """A reference must be one we know: ask the case backend."""
        check = check_reference(outcome.value)
        if check.status == "unknown":
            return Outcome("error", error="reference_unknown"), {}
        extra: dict[str, Any] = {}
        person_field = self.plan.field_like("person_name")
        if check.person_name and person_field:
            extra[person_field] = check.person_name  # so we can use their name
        return outcome, extra

    def _accept(self, field: str, outcome: Outcome, said: Any, attempts: dict[str, Any],
                dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        attempts.pop(field, None)
        result: dict[str, Any] = {field: outcome.value, "answer_attempts": attempts}
        kind = self.plan.question(field).kind
        if kind == "field_to_change":
            return self._change(outcome.value, dispatcher)
        if kind == "confirm":
            target = outcome.extra.get("field_to_change")
            return self._change(target, dispatcher) if target else result
        as_said = dict_slot(tracker, "as_said")
        as_said[field] = str(said)[:MAX_AS_SAID]
        result["as_said"] = as_said
        history = [f for f in list_slot(tracker, "answer_history") if f != field]
        result["answer_history"] = [*history, field]
        for extra_kind, extra_value in outcome.extra.items():
            # One answer may fill another question ("an interpreter for Urdu").
            extra_field = self.plan.field_like(extra_kind)
            if extra_field:
                result[extra_field] = extra_value
                as_said[extra_field] = str(said)[:MAX_AS_SAID]
        return result

    def _change(self, target: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        self._say(dispatcher, "changing")
        return {target: None, "confirm": None, "field_to_change": None}

    def _command(self, field: str, outcome: Outcome, dispatcher: CollectingDispatcher,
                 tracker: Tracker) -> dict[str, Any]:
        command = outcome.command
        plan = self.plan
        params = {"person": person_param(tracker, plan)}
        if command == "help":
            say(dispatcher, f"{plan.flow}.help.{field}", flow=plan.flow, params=params,
                fallback="common.help_generic")
            return {field: None}
        if command == "stop":
            return {field: None, "paused": True}
        if command == "back":
            history = list_slot(tracker, "answer_history")
            history = [f for f in history if f != field and f in plan.data_fields]
            if not history:
                self._say(dispatcher, "no_previous")
                return {field: None}
            previous = history[-1]
            self._say(dispatcher, "going_back")
            # Going back from the read-back leaves it: it is shown again at the end.
            kept = [f for f in list_slot(tracker, "answer_history") if f not in plan.fields]
            return {field: None, previous: None, "answer_history": [*kept, *history[:-1]],
                    "confirm": None, "field_to_change": None}
        if command == "human":
            if plan.flow == "human":
                self._say(dispatcher, "already_here")
                return {field: None}
            # Keep this flow's answers and ask for a call back now (SPEC section 3).
            return {field: None, "paused": True, "switch_to": "human"}
        if command == "change":
            self._say(dispatcher, "change_later")
            return {field: None}
        self._say(dispatcher, "command_not_here")
        return {field: None}


def _make_validator(field: str):
    async def validate(self: FlowFormValidation, slot_value: Any,
                       dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        try:
            return self._validate(field, slot_value, dispatcher, tracker)
        except Exception:  # never a dead end: log it, say sorry, ask again
            logger.exception("validating %s failed", field)
            say(dispatcher, "common.error", flow=self.plan.flow)
            return {field: None}

    validate.__name__ = f"validate_{field}"
    return validate


def _options(plan: Plan, field: str, current: dict[str, Any]) -> list[Any]:
    """The choices offered for ``field`` now (numbers in a reply refer to these)."""
    if plan.question(field).kind == "field_to_change":
        return plan.answered(current)
    return list(plan.question(field).choices)


class AskFlowQuestion:
    """Ask one question of a form, with its metadata (SPEC section 5). A mixin."""

    plan: Plan
    field: str = ""

    def name(self) -> str:
        return ask_action_name(self.plan, self.field)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        plan = self.plan
        flow = plan.flow
        q = plan.question(self.field)
        current = answers(tracker, plan)
        person = person_param(tracker, plan)
        meta: dict[str, Any] = {
            "flow": flow,
            "asks": self.field,
            "input": q.input,
            "choices": _options(plan, self.field, current),
            "multiple": q.multiple,
            "progress": plan.progress(current, self.field),
            "params": {"person": person},
        }
        if q.kind != self.field:
            meta["choice_set"] = q.kind  # labels and pictures of the section 4 field
        if q.kind == "confirm":
            self._say_summary(dispatcher, current, person)
        if q.kind == "field_to_change":
            meta["choice_labels"] = {f: {"key": f"{flow}.field_label.{f}"}
                                     for f in meta["choices"]}
        attempts = int(dict_slot(tracker, "answer_attempts").get(self.field, 0))
        if attempts >= ATTEMPTS_BEFORE_OFFER:
            extra = ["cmd:human"] if q.essential else ["cmd:skip", "cmd:human"]
            meta["choices"] = [*meta["choices"], *extra]
            offer = "offer_person" if q.essential else "offer_skip"
            meta["lines"] = [{"key": flow_key(flow, offer)}]
        say(dispatcher, f"{flow}.ask.{self.field}", **meta)
        return []

    def _say_summary(self, dispatcher: CollectingDispatcher, current: dict[str, Any],
                     person: dict[str, Any]) -> None:
        flow = self.plan.flow
        say(dispatcher, f"{flow}.summary.intro", flow=flow, params={"person": person},
            lines=summary_lines(self.plan, current))


def make_form_actions(plan: Plan) -> dict[str, type]:
    """The concrete validation and ask actions of ``plan``'s form, by class name."""
    prefix = "".join(part.title() for part in plan.flow.split("_"))
    attrs: dict[str, Any] = {"plan": plan}
    for field in plan.fields:
        attrs[f"validate_{field}"] = _make_validator(field)
    classes: dict[str, type] = {}
    validate_cls = type(f"Validate{prefix}Form", (FlowFormValidation, FormValidationAction),
                        attrs)
    classes[validate_cls.__name__] = validate_cls
    for field in plan.fields:
        cls = type(f"Ask{prefix}_{field}", (AskFlowQuestion, Action),
                   {"plan": plan, "field": field})
        classes[cls.__name__] = cls
    return classes

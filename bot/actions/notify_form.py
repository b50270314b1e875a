"""The notify form: validation of each answer and the asking of each question.

Modelled on RasaHQ's financial-demo: a ``validate_<slot>`` per slot (made from
the plan in flows/notify.yml), the question explained again after a failed
answer, and a read-back with a final confirm before anything is sent.
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
from bot.actions.plan import Plan, load_plan
from bot.actions.state import answers, dict_slot, list_slot, person_param
from bot.actions.summary import summary_lines

logger = logging.getLogger(__name__)

PLAN: Plan = load_plan("notify")
FLOW = PLAN.flow
MAX_AS_SAID = 2000
ATTEMPTS_BEFORE_OFFER = 2


def _today() -> dt.date:
    return dt.date.today()


class ValidateNotifyForm(FormValidationAction):
    def name(self) -> str:
        return "validate_notify_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("paused"):
            return []  # ends the form; action_notify_finished says how to come back
        return PLAN.applicable(answers(tracker, PLAN))

    def _validate(self, field: str, slot_value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != field:
            # A value kept from earlier (the form was re-activated): already checked.
            return {field: slot_value}
        q = PLAN.question(field)
        current = answers(tracker, PLAN)
        current[field] = None
        options = _options(field, current)
        outcome = interpret(q, slot_value, current, today=_today(), options=options)
        if outcome.kind == "command":
            return self._command(field, outcome, dispatcher, tracker)
        attempts = dict_slot(tracker, "answer_attempts")
        if outcome.kind == "error":
            attempts[field] = int(attempts.get(field, 0)) + 1
            key = f"{FLOW}.invalid.{outcome.error}"
            say(dispatcher, key, flow=FLOW, params={"person": person_param(tracker)},
                fallback=f"{FLOW}.invalid.generic")
            return {field: None, "answer_attempts": attempts}
        return self._accept(field, outcome, slot_value, attempts, dispatcher, tracker)

    def _accept(self, field: str, outcome: Outcome, said: Any, attempts: dict[str, Any],
                dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        attempts.pop(field, None)
        result: dict[str, Any] = {field: outcome.value, "answer_attempts": attempts}
        if field == "field_to_change":
            return self._change(outcome.value, dispatcher)
        if field == "confirm":
            target = outcome.extra.get("field_to_change")
            return self._change(target, dispatcher) if target else result
        as_said = dict_slot(tracker, "as_said")
        as_said[field] = str(said)[:MAX_AS_SAID]
        result["as_said"] = as_said
        history = [f for f in list_slot(tracker, "answer_history") if f != field]
        result["answer_history"] = [*history, field]
        for extra_field, extra_value in outcome.extra.items():
            result[extra_field] = extra_value
            as_said[extra_field] = str(said)[:MAX_AS_SAID]
        return result

    def _change(self, target: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        say(dispatcher, f"{FLOW}.changing", flow=FLOW)
        return {target: None, "confirm": None, "field_to_change": None}

    def _command(self, field: str, outcome: Outcome, dispatcher: CollectingDispatcher,
                 tracker: Tracker) -> dict[str, Any]:
        command = outcome.command
        params = {"person": person_param(tracker)}
        if command == "help":
            say(dispatcher, f"{FLOW}.help.{field}", flow=FLOW, params=params)
            return {field: None}
        if command == "stop":
            return {field: None, "paused": True}
        if command == "back":
            history = list_slot(tracker, "answer_history")
            history = [f for f in history if f != field and f in PLAN.data_fields]
            if not history:
                say(dispatcher, f"{FLOW}.no_previous", flow=FLOW)
                return {field: None}
            previous = history[-1]
            say(dispatcher, f"{FLOW}.going_back", flow=FLOW)
            # Going back from the read-back leaves it: it is shown again at the end.
            return {field: None, previous: None, "answer_history": history[:-1],
                    "confirm": None, "field_to_change": None}
        if command == "human":
            say(dispatcher, "common.human_offer", flow=FLOW)
            return {field: None}
        if command == "change":
            say(dispatcher, f"{FLOW}.change_later", flow=FLOW)
            return {field: None}
        say(dispatcher, f"{FLOW}.command_not_here", flow=FLOW)
        return {field: None}


def _make_validator(field: str):
    async def validate(self: ValidateNotifyForm, slot_value: Any,
                       dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        try:
            return self._validate(field, slot_value, dispatcher, tracker)
        except Exception:  # never a dead end: log it, say sorry, ask again
            logger.exception("validating %s failed", field)
            say(dispatcher, "common.error", flow=FLOW)
            return {field: None}

    validate.__name__ = f"validate_{field}"
    return validate


for _field in PLAN.fields:
    setattr(ValidateNotifyForm, f"validate_{_field}", _make_validator(_field))


def _options(field: str, current: dict[str, Any]) -> list[Any]:
    """The choices offered for ``field`` now (numbers in a reply refer to these)."""
    if field == "field_to_change":
        return PLAN.answered(current)
    return list(PLAN.question(field).choices)


class AskNotifyQuestion:
    """Ask one question of the notify form, with its metadata (SPEC section 5).

    A mixin: the concrete actions below add ``Action`` so only they register.
    """

    field: str = ""

    def name(self) -> str:
        return f"action_ask_{self.field}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        q = PLAN.question(self.field)
        current = answers(tracker, PLAN)
        meta: dict[str, Any] = {
            "flow": FLOW,
            "asks": self.field,
            "input": q.input,
            "choices": _options(self.field, current),
            "multiple": q.multiple,
            "progress": PLAN.progress(current, self.field),
            "params": {"person": person_param(tracker)},
        }
        if self.field == "confirm":
            say(dispatcher, f"{FLOW}.summary.intro", flow=FLOW,
                params={"person": person_param(tracker)},
                lines=summary_lines(PLAN, current))
        if self.field == "field_to_change":
            meta["choice_labels"] = {f: {"key": f"{FLOW}.field_label.{f}"} for f in meta["choices"]}
        attempts = int(dict_slot(tracker, "answer_attempts").get(self.field, 0))
        if attempts >= ATTEMPTS_BEFORE_OFFER:
            extra = ["cmd:human"] if q.essential else ["cmd:skip", "cmd:human"]
            meta["choices"] = [*meta["choices"], *extra]
            offer = "offer_person" if q.essential else "offer_skip"
            meta["lines"] = [{"key": f"{FLOW}.{offer}"}]
        say(dispatcher, f"{FLOW}.ask.{self.field}", **meta)
        return []


# One ask action per question, named action_ask_<field> as Rasa forms expect.
for _field in PLAN.fields:
    _cls = type(f"AskNotify_{_field}", (AskNotifyQuestion, Action), {"field": _field})
    globals()[_cls.__name__] = _cls


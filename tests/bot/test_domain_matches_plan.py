"""The Rasa domain, the question plan and the locale files describe the same questions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.actions.plan import ask_action_name, load_plan
from easy_read.render import picture_for
from easy_read.text import has, t

REPO = Path(__file__).resolve().parents[2]
PLAN = load_plan("notify")
FLOWS = ["notify", "focused_review", "feedback", "human"]
PLANS = [load_plan(f) for f in FLOWS]
SHARED = ("confirm", "field_to_change")  # one slot for every form (bot/domain/common.yml)


def _domain() -> dict:
    merged: dict = {"slots": {}, "forms": {}, "actions": [], "intents": []}
    for path in sorted((REPO / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text())
        merged["slots"].update(part.get("slots") or {})
        merged["forms"].update(part.get("forms") or {})
        merged["actions"] += part.get("actions") or []
        merged["intents"] += part.get("intents") or []
    return merged


@pytest.mark.parametrize("plan", PLANS, ids=FLOWS)
def test_form_asks_every_field_of_the_plan_in_order(plan) -> None:
    domain = _domain()
    assert domain["forms"][plan.form]["required_slots"] == plan.fields


@pytest.mark.parametrize("plan", PLANS, ids=FLOWS)
def test_every_answer_slot_is_filled_only_while_its_question_is_asked(plan) -> None:
    slots = _domain()["slots"]
    for name in plan.fields:
        mapping = slots[name]["mappings"]
        if name in SHARED:
            assert mapping == [{"type": "from_text", "conditions": [
                {"active_loop": p.form, "requested_slot": name} for p in PLANS]}], name
        else:
            assert mapping == [{"type": "from_text", "conditions": [
                {"active_loop": plan.form, "requested_slot": name}]}], name
        assert slots[name]["influence_conversation"] is False


def test_slots_of_different_flows_never_clash() -> None:
    seen: dict[str, str] = {}
    for plan in PLANS:
        for name in plan.data_fields:
            assert name not in seen, f"{name} is in {seen.get(name)} and {plan.flow}"
            seen[name] = plan.flow


@pytest.mark.parametrize("plan", PLANS, ids=FLOWS)
def test_every_question_has_an_ask_action_and_messages(plan) -> None:
    domain = _domain()
    actions = set(domain["actions"])
    flow = plan.flow
    assert f"validate_{plan.form}" in actions
    for name in plan.fields:
        assert ask_action_name(plan, name) in actions
        assert has(f"{flow}.ask.{name}"), name
        assert has(f"{flow}.help.{name}"), name
    for name in plan.data_fields:
        assert has(f"{flow}.summary.{name}"), name
        assert has(f"{flow}.field_label.{name}"), name
    for key in ("intro", "continuing", "paused", "sent", "summary.intro"):
        assert has(f"{flow}.{key}"), key
    if flow != "notify":
        assert {f"action_start_{flow}", f"action_{flow}_finished"} <= actions
        assert has(f"common.welcome_back_to.{flow}") and has(f"common.resume_offer.{flow}")


@pytest.mark.parametrize("plan", PLANS, ids=FLOWS)
def test_every_choice_has_a_label_and_a_picture(plan) -> None:
    from easy_read.render import choice_label

    for q in plan.questions:
        for value in q.choices:
            assert choice_label(q.kind, value, locale="en").strip(), (q.field, value)
            assert picture_for(q.kind, value), (q.field, value)


def test_every_menu_and_topic_button_has_a_label_a_picture_and_words() -> None:
    from bot.actions.menus import HELP_TOPICS, MENU, RESUME_MENU
    from easy_read.render import render_choices

    for choice in render_choices("menu", [*MENU, *RESUME_MENU, *HELP_TOPICS], locale="en"):
        assert choice["label"] and choice["picture"] and choice["value"], choice


def test_choice_values_are_the_contract_value_sets() -> None:
    import json

    schema = json.loads((REPO / "contract" / "notification.schema.json").read_text())
    text = json.dumps(schema)
    for q in PLAN.questions:
        if q.is_control or q.field == "consent_to_contact":
            continue
        for value in q.choices:
            assert f'"{value}"' in text, (q.field, value)


def test_a_missing_message_is_an_error_not_the_key() -> None:
    import pytest

    with pytest.raises(KeyError):
        t("notify.ask.no_such_question", locale="en")
    # an unsupported language falls back to English rather than showing keys
    assert t("notify.ask.person_name", locale="xx").startswith("What was")


def test_every_error_a_parser_can_give_has_a_kind_message() -> None:
    from bot.actions.parsing import ERRORS

    codes = set(ERRORS) | {"essential", "birth_after_death",
                           "date_too_old", "which_answer", "generic"}
    missing = sorted(c for c in codes if not has(f"notify.invalid.{c}"))
    assert missing == []
    for flow in ("focused_review", "feedback"):  # the flows that ask for a reference
        for code in ("reference_format", "reference_unknown"):
            assert has(f"{flow}.invalid.{code}"), (flow, code)

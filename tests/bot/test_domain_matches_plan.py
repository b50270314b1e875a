"""The Rasa domain, the question plan and the locale files describe the same questions."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.actions.plan import load_plan
from easy_read.render import picture_for
from easy_read.text import has, t

REPO = Path(__file__).resolve().parents[2]
PLAN = load_plan("notify")


def _domain() -> dict:
    merged: dict = {"slots": {}, "forms": {}, "actions": [], "intents": []}
    for path in sorted((REPO / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text())
        merged["slots"].update(part.get("slots") or {})
        merged["forms"].update(part.get("forms") or {})
        merged["actions"] += part.get("actions") or []
        merged["intents"] += part.get("intents") or []
    return merged


def test_form_asks_every_field_of_the_plan_in_order() -> None:
    domain = _domain()
    assert domain["forms"]["notify_form"]["required_slots"] == PLAN.fields


def test_every_answer_slot_is_filled_only_while_its_question_is_asked() -> None:
    slots = _domain()["slots"]
    for name in PLAN.fields:
        mapping = slots[name]["mappings"]
        assert mapping == [{"type": "from_text", "conditions": [
            {"active_loop": "notify_form", "requested_slot": name}]}], name
        assert slots[name]["influence_conversation"] is False


def test_every_question_has_an_ask_action_and_messages() -> None:
    actions = set(_domain()["actions"])
    for name in PLAN.fields:
        assert f"action_ask_{name}" in actions
        assert has(f"notify.ask.{name}"), name
        assert has(f"notify.help.{name}"), name
    for name in PLAN.data_fields:
        assert has(f"notify.summary.{name}"), name
        assert has(f"notify.field_label.{name}"), name


def test_every_choice_has_a_label_and_a_picture() -> None:
    for q in PLAN.questions:
        for value in q.choices:
            from easy_read.render import choice_label

            assert choice_label(q.field, value, locale="en").strip(), (q.field, value)
            assert picture_for(q.field, value), (q.field, value)


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

"""How one answer to one question is understood (bot/actions/answers.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.actions.answers import interpret
from bot.actions.plan import NOTHING, UNKNOWN, load_plan

PLAN = load_plan("notify")
TODAY = dt.date(2026, 11, 26)


def ask(field: str, text: str, **answers) -> object:
    return interpret(PLAN.question(field), text, answers, today=TODAY)


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("notifier_relationship", "I'm his mum", "parent"),
    ("notifier_relationship", "3", "sibling"),  # the third button
    ("date_of_death", "yesterday", "2026-11-25"),
    ("date_of_death", "3rd November", "2026-11-03"),  # no year: the last one
    ("date_of_birth", "14/02/1991", "1991-02-14"),
    ("home_postcode", "ls1 4dy", "LS1 4DY"),
    ("nhs_number", "943 476 5919", "9434765919"),
    ("notifier_phone", "07700 900123", "+447700900123"),
    ("consent_to_contact", "yes", True),
    ("confirm", "yes, send it", "send"),
])
def test_free_text_answers_become_contract_values(field: str, text: str, expected) -> None:
    outcome = ask(field, text)
    assert (outcome.kind, outcome.value) == ("value", expected)


@pytest.mark.parametrize(("field", "stored"), [
    ("date_of_birth", UNKNOWN), ("nhs_number", UNKNOWN), ("place_of_death", "not_known"),
    ("learning_disability", "not_sure"), ("ethnicity", "not_known"),
    ("communication_needs", []),
])
def test_i_do_not_know_is_accepted_where_it_is_not_essential(field: str, stored) -> None:
    assert ask(field, "I don't know").value == stored


@pytest.mark.parametrize("field", ["person_name", "notifier_name", "notifier_relationship",
                                   "consent_to_contact"])
def test_essential_questions_explain_why_instead_of_accepting_i_do_not_know(field: str) -> None:
    assert (ask(field, "I don't know").kind, ask(field, "dunno").error) == ("error", "essential")
    assert ask(field, "skip").error == "essential"


def test_no_to_an_optional_story_is_nothing_not_a_concern() -> None:
    assert ask("concerns", "no").value == NOTHING
    assert ask("concerns", "No, nothing").kind == "value"
    said = "no, the ward ignored him"
    assert ask("concerns", said).value == said


@pytest.mark.parametrize(("text", "command"), [
    ("explain", "help"), ("go back", "back"), ("pause", "stop"),
    ("talk to a person", "human"),
])
def test_commands_work_on_every_question(text: str, command: str) -> None:
    for field in ("person_name", "date_of_death", "ethnicity", "concerns"):
        outcome = ask(field, text)
        assert (outcome.kind, outcome.command) == ("command", command), field


def test_content_is_not_mistaken_for_a_command() -> None:
    said = "he needed help with eating and nobody helped"
    assert ask("concerns", said).value == said


def test_dates_are_checked_against_each_other_and_today() -> None:
    assert ask("date_of_death", "next Tuesday").kind == "error"
    assert ask("date_of_death", "01/12/2026").error == "date_in_future"
    assert ask("date_of_death", "01/01/1950", date_of_birth="1960-05-05").error == \
        "date_before_birth"
    assert ask("date_of_birth", "01/06/2026", date_of_death="2026-02-14").error == \
        "birth_after_death"
    assert ask("date_of_birth", "3rd November").error == "need_year"  # never a baby's birthday


def test_read_back_answers_can_go_straight_to_the_answer_to_change() -> None:
    outcome = ask("confirm", "the date they died is wrong", date_of_death="2026-02-14",
                  person_name="Ann")
    assert outcome.value == "change" and outcome.extra == {"field_to_change": "date_of_death"}
    assert ask("confirm", "change an answer").value == "change"


def test_which_answer_to_change_by_number_or_words() -> None:
    q = PLAN.question("field_to_change")
    given = ["person_name", "date_of_death", "home_postcode"]
    assert interpret(q, "2", {}, options=given).value == "date_of_death"
    assert interpret(q, "his postcode", {}, options=given).value == "home_postcode"
    assert interpret(q, "9", {}, options=given).error == "which_answer"


def test_one_answer_can_fill_two_questions() -> None:
    outcome = ask("communication_needs", "I need an interpreter for Urdu")
    assert outcome.value == ["interpreter"]
    assert outcome.extra == {"interpreter_language": "Urdu"}


@pytest.mark.parametrize("junk", ["", "   ", None, "😀😀", "x" * 6000, "\x00\x07"])
def test_junk_gets_a_kind_error_never_an_exception(junk) -> None:
    for field in PLAN.fields:
        outcome = interpret(PLAN.question(field), junk, {}, today=TODAY, options=[])
        assert outcome.kind in ("error", "value", "command"), field
    assert ask("person_name", "😀😀").error == "not_a_name"

"""Read one answer to one question: a value, a conversation command, or a kind error.

Pure Python (no Rasa), so every rule here is unit-tested directly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot.actions.field_names import match_field
from bot.actions.parsing import (
    detect_command,
    is_dont_know,
    is_nothing_to_add,
    parse_age,
    parse_choice,
    parse_choices,
    parse_date,
    parse_email,
    parse_free_text,
    parse_name,
    parse_nhs_number,
    parse_phone,
    parse_postcode,
)
from bot.actions.plan import NOTHING, UNKNOWN, Question
from contract.policy import as_date
from contract.reference import normalise_reference

MAX_ANSWER_CHARS = 5000
MAX_AREA_CHARS = 200
LONGEST_DATE_SPAN_YEARS = 125
# A reference inside a sentence ("it is ldr 7kqm 3hwx thanks").
_REFERENCE_IN_TEXT = re.compile(r"\bLDR[\s\-_.:/]*[A-Z0-9]{4}[\s\-_.:/]*[A-Z0-9]{4}\b", re.I)


@dataclass(frozen=True)
class Outcome:
    """What an answer means. Exactly one of value / command / error is set."""

    kind: str  # "value" | "command" | "error"
    value: Any = None
    command: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other slots the answer fills


def value(v: Any, **extra: Any) -> Outcome:
    return Outcome("value", value=v, extra=extra)


def error(code: str) -> Outcome:
    return Outcome("error", error=code)


def _unknown(q: Question) -> Outcome:
    if q.essential:
        return error("essential")
    if q.multiple:
        return value([])
    return value(q.unknown if q.unknown is not None else UNKNOWN)


def interpret(q: Question, text: Any, answers: dict[str, Any], *,
              today: dt.date | None = None, options: list[Any] | None = None,
              flow: str = "notify") -> Outcome:
    """Understand ``text`` as the answer to ``q`` given the earlier ``answers``."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.strip()
    if not text:
        return error("empty")
    if len(text) > MAX_ANSWER_CHARS:
        return error("too_long")
    today = today or dt.date.today()

    command = detect_command(text)
    if command == "change" and q.field == "confirm":
        return value("change")  # "change an answer" at the read-back is the answer
    if command == "skip":
        return _unknown(q)
    if command:
        return Outcome("command", command=command)

    if q.parser == "field_name":
        opts = list(options or [])
        target = match_field(text, opts, flow=flow)
        return value(target) if target else error("which_answer")

    if q.parser in ("choice", "choices"):
        opts = list(options if options is not None else q.choices)
        parsed = (parse_choices(q.kind, text, opts) if q.parser == "choices"
                  else parse_choice(q.kind, text, opts))
        if q.field == "confirm" and (not parsed.ok or parsed.value == "change"):
            # "the date is wrong" at the read-back: go straight to that answer.
            given = [f for f in answers
                     if f not in ("confirm", "field_to_change") and answers.get(f) is not None]
            target = match_field(text, given, flow=flow)
            if target:
                return value("change", field_to_change=target)
        if parsed.ok:
            return _choice_outcome(q, parsed.value)
        if is_dont_know(text):
            return _unknown(q)
        return error(parsed.error or "no_match")

    if is_dont_know(text):
        return _unknown(q)
    if q.none_words and is_nothing_to_add(text):
        return value(NOTHING)
    return _parse_typed(q, text, answers, today)


def _choice_outcome(q: Question, parsed: Any) -> Outcome:
    if q.parser == "choices":
        needs = list(parsed.get("needs") or [])
        if "none" in needs and len(needs) > 1:
            needs.remove("none")
        extra = {}
        if parsed.get("interpreter_language"):
            extra["interpreter_language"] = parsed["interpreter_language"]
        return value(needs, **extra)
    return value(parsed)


def _parse_typed(q: Question, text: str, answers: dict[str, Any], today: dt.date) -> Outcome:
    p = q.parser
    if p == "reference":
        found = _parse_reference(text)
        if found.kind == "error" and parse_choice("wants_review_copy", text).value == "no":
            return _unknown(q)  # "no", "I have not got one"
        return found
    if p == "name":
        parsed = parse_name(text)
    elif p == "short_text":
        parsed = parse_free_text(text, max_len=200)
    elif p == "free_text":
        parsed = parse_free_text(text, max_len=MAX_ANSWER_CHARS)
    elif p == "postcode":
        parsed = parse_postcode(text)
    elif p == "nhs_number":
        parsed = parse_nhs_number(text)
    elif p == "phone":
        parsed = parse_phone(text)
    elif p == "email":
        parsed = parse_email(text)
    elif p == "age":
        parsed = parse_age(text)
    elif p == "date":
        return _parse_date_field(q, text, answers, today)
    elif p == "area":
        # A postcode when one is given ("LS1 4DY"); otherwise the town as said ("Leeds").
        parsed = parse_postcode(text)
        if not parsed.ok:
            parsed = parse_free_text(text, max_len=MAX_AREA_CHARS)
    else:
        raise ValueError(f"no parser {p!r} for {q.field}")
    if parsed.ok:
        return value(parsed.value)
    if parsed.error == "empty":
        # Something was typed (emoji, symbols) but nothing usable was left in it.
        return error("not_a_name" if p == "name" else "generic")
    return error(parsed.error or "no_match")


def _parse_reference(text: str) -> Outcome:
    """"LDR-7KQM-3HWX", "ldr 7kqm 3hwx", "my number is LDR7KQM3HWX" -> "LDR-7KQM-3HWX"."""
    found = _REFERENCE_IN_TEXT.search(text)
    reference = normalise_reference(found.group(0) if found else text)
    return value(reference) if reference else error("reference_format")


def _parse_date_field(q: Question, text: str, answers: dict[str, Any],
                      today: dt.date) -> Outcome:
    is_death = q.kind == "date_of_death"
    # "3rd November" with no year can only mean the last one for a death, never a birth.
    parsed = parse_date(text, today=today, not_after=today, allow_no_year=is_death,
                        not_before=as_date(answers.get("date_of_birth")) if is_death else None)
    if not parsed.ok:
        return error(parsed.error or "not_a_date")
    day = dt.date.fromisoformat(parsed.value)
    if q.kind == "date_of_birth":
        died = as_date(answers.get("date_of_death"))
        if died and day > died:
            return error("birth_after_death")
        if (died or today).year - day.year > LONGEST_DATE_SPAN_YEARS:
            return error("date_too_old")
    return value(parsed.value)

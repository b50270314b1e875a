"""Deterministic understanding of free-text answers, for the form validation actions.

Pure Python (no Rasa imports), runs on Python 3.10 and 3.11. Every parser takes any input
(None, empty, 10 MB, emoji, other scripts, control characters) and returns a `Parsed`; none
raises. Word lists live in `lexicon/en.yml` as data.

    parse_date("last Tuesday", today=date(2026, 11, 20))   -> Parsed(True, "2026-11-17")
    parse_choice("notifier_relationship", "I'm his mum")  -> Parsed(True, "parent")
    parse_choice("place_of_death", "2", ["home", "hospital"]) -> Parsed(True, "hospital")
    detect_command("can I go back please")                 -> "back"
    is_dont_know("dunno")                                   -> True

Error codes (Parsed.error) are listed in `ERRORS`; each needs a kind message in the locales.
"""

from __future__ import annotations

from .choices import CHOICE_FIELDS, parse_choice, parse_choices
from .commands import detect_command, is_dont_know, is_nothing_to_add
from .dates import parse_date
from .free_text import parse_free_text
from .identifiers import (
    is_mobile,
    nhs_check_digit_ok,
    parse_email,
    parse_nhs_number,
    parse_phone,
    parse_postcode,
)
from .names import parse_name
from .numbers import parse_age
from .result import ERRORS, Parsed

COMMANDS = ("help", "back", "stop", "human", "skip", "change", "restart")

__all__ = [
    "CHOICE_FIELDS",
    "COMMANDS",
    "ERRORS",
    "Parsed",
    "detect_command",
    "is_dont_know",
    "is_nothing_to_add",
    "is_mobile",
    "nhs_check_digit_ok",
    "parse_age",
    "parse_choice",
    "parse_choices",
    "parse_date",
    "parse_email",
    "parse_free_text",
    "parse_name",
    "parse_nhs_number",
    "parse_phone",
    "parse_postcode",
]

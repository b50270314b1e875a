"""The notification contract shared by the bot (before posting) and the case backend (on receipt).

Runs on Python 3.10 and 3.11 and needs only jsonschema (>=4.17) and PyYAML. Format checks are
implemented here, not by jsonschema's optional extras, so both sides check dates, date-times,
emails and NHS numbers the same way whatever else is installed.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("notification.schema.json")
EXAMPLES_DIR = Path(__file__).with_name("examples")

_MAX_MESSAGE = 300  # error strings are bounded: they may quote (long) user text back

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_PATH",
    "EXAMPLES_DIR",
    "FORMAT_CHECKER",
    "load_schema",
    "load_example",
    "validate_notification",
    "is_valid_nhs_number",
]

# --- format checks (self-contained; see module docstring) -----------------------------------

FORMAT_CHECKER = FormatChecker(formats=())

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$"
)
# Pragmatic address check: one @, no spaces, a dotted domain with a 2+ letter top level.
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$"
)


@FORMAT_CHECKER.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = _DATE_RE.match(value)
    if not match:
        return False
    try:
        _dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


@FORMAT_CHECKER.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = _DATE_TIME_RE.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        _dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    offset_h, offset_m = match.group(9), match.group(10)
    return offset_h is None or (int(offset_h) <= 23 and int(offset_m) <= 59)


@FORMAT_CHECKER.checks("email")
def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_EMAIL_RE.match(value)) and ".." not in value.split("@")[0]


def is_valid_nhs_number(value: str) -> bool:
    """True for 10 digits whose last digit is the Modulus 11 check digit."""
    if not (isinstance(value, str) and len(value) == 10 and value.isascii() and value.isdigit()):
        return False
    weights = range(10, 1, -1)  # first digit times 10, ..., ninth digit times 2
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


@FORMAT_CHECKER.checks("nhs-number")
def _is_nhs_number(value: object) -> bool:
    return not isinstance(value, str) or is_valid_nhs_number(value)


# --- schema and validation ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The notification JSON Schema (a fresh copy each call, so callers may not corrupt it)."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def load_example(name: str = "notify") -> dict[str, Any]:
    """A complete valid example notification from contract/examples/ (for tests and demos)."""
    return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _message(error: ValidationError) -> str:
    if error.validator == "format":  # jsonschema says "is not a 'email'"
        return f"{error.instance!r} is not a valid {error.validator_value}"
    return error.message


def _parse_date(value: object) -> _dt.date | None:
    if isinstance(value, str) and _is_date(value) and _DATE_RE.match(value):
        return _dt.date.fromisoformat(value)
    return None


def _semantic_errors(doc: dict[str, Any]) -> list[str]:
    """Cross-field rules JSON Schema cannot say (SPEC section 4: date_of_death)."""
    errors: list[str] = []
    person = doc.get("person")
    if not isinstance(person, dict):
        return errors
    born = _parse_date(person.get("date_of_birth"))
    died = _parse_date(person.get("date_of_death"))
    submitted_at = doc.get("submitted_at")
    # Compare with the submission day, not "today", so an outbox retry days later stays valid.
    submitted = _parse_date(submitted_at[:10]) if isinstance(submitted_at, str) else None
    if born and died and died < born:
        errors.append("$.person.date_of_death: must not be before $.person.date_of_birth")
    if died and submitted and died > submitted:
        errors.append("$.person.date_of_death: must not be after the day of $.submitted_at")
    if born and submitted and born > submitted:
        errors.append("$.person.date_of_birth: must not be after the day of $.submitted_at")
    return errors


def validate_notification(doc: Any) -> list[str]:
    """Check a notification against the contract.

    Returns human-readable errors, each starting with the JSON path of the bad value
    (for example ``"$.person.nhs_number: '123' does not match '^[0-9]{10}$'"``);
    an empty list means the notification is valid.
    """
    found = sorted(
        _validator().iter_errors(doc), key=lambda error: (error.json_path, error.message)
    )
    errors = [_short(f"{error.json_path}: {_message(error)}") for error in found]
    if isinstance(doc, dict):
        errors.extend(_semantic_errors(doc))
    return errors

"""The result every parser returns, and the machine error codes it may carry.

The bot turns an error code into a kind explanation from the locale files, so every code
listed in ERRORS needs a locale message (easy_read/locales, written by the lead).
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

_log = logging.getLogger("bot.actions.parsing")
_F = TypeVar("_F", bound=Callable[..., Any])

# Every error code a parser in this package can return (the locale files explain each one).
ERRORS: frozenset[str] = frozenset(
    {
        "empty",  # nothing usable was typed
        "too_long",  # longer than the field allows
        "not_a_date",  # no date found, or more than one different date
        "need_day",  # a month (and maybe year) but no day: "March 2020", "last week"
        "need_month",  # a day or a year only: "the 5th", "1958"
        "need_year",  # day and month but no year, when the caller wants a year (birth dates)
        "date_in_future",  # after `not_after`
        "date_before_birth",  # before `not_before`
        "postcode_format",  # not a UK postcode (or more than one)
        "nhs_length",  # not 10 digits
        "nhs_checksum",  # 10 digits that fail the Modulus 11 check
        "not_a_number",  # no number, or more than one, or a vague one ("in his forties")
        "age_range",  # a number outside 0..125
        "phone_invalid",  # not a possible and valid phone number
        "email_invalid",  # not a plausible email address
        "no_match",  # a choice answer we cannot map to exactly one code
        "not_a_name",  # a sentence, digits, "I don't know" ... rather than a name
    }
)


@dataclass(frozen=True)
class Parsed:
    """What a parser understood.

    ok      True when `value` holds the normalised answer.
    value   the normalised value (ISO date string, "LS1 4DY", "9434765919", "+447700900123",
            an enum code, a list, an int or a str).
    error   a code from ERRORS when ok is False.
    """

    ok: bool
    value: Any = None
    error: str | None = None


def good(value: Any) -> Parsed:
    return Parsed(ok=True, value=value)


def bad(code: str) -> Parsed:
    # Guard against typos in this package: every code must be one the locales explain.
    assert code in ERRORS, code
    return Parsed(ok=False, error=code)


def never_raises(fallback: Any) -> Callable[[_F], _F]:
    """A parser bug must not crash a conversation: log it and return `fallback` instead
    (a Parsed error, None or False). The input itself is never logged (personal data)."""

    def decorate(fn: _F) -> _F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the whole point is to catch anything
                # Where it failed, but not the exception's message: it may quote the input.
                frames = traceback.extract_tb(exc.__traceback__)
                where = " <- ".join(
                    f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames[-4:])
                )
                _log.error("parser %s failed: %s at %s", fn.__name__, type(exc).__name__, where)
                return fallback

        return wrapper  # type: ignore[return-value]

    return decorate

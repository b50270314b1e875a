"""Any junk in, a polite answer out: no parser ever raises, hangs or returns a wrong type."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import time

import pytest

from bot.actions.parsing import (
    ERRORS,
    Parsed,
    detect_command,
    is_dont_know,
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
from bot.actions.parsing.result import never_raises

pytestmark = pytest.mark.usefixtures("no_parser_errors")

TODAY = dt.date(2026, 11, 20)
PARSERS = {
    "date": lambda t: parse_date(t, today=TODAY, not_after=TODAY),
    "postcode": parse_postcode,
    "nhs_number": parse_nhs_number,
    "phone": parse_phone,
    "email": parse_email,
    "age": parse_age,
    "name": parse_name,
    "free_text": parse_free_text,
    "relationship": lambda t: parse_choice("notifier_relationship", t),
    "ethnicity": lambda t: parse_choice("ethnicity", t, ["white_british", "arab", "other"]),
    "place": lambda t: parse_choice("place_of_death", t, ["home", "hospital"]),
    "consent": lambda t: parse_choice("consent_to_contact", t, [True, False]),
    "needs": lambda t: parse_choices("communication_needs", t, ["easy_read", "bsl", "none"]),
}
JUNK = [
    None, "", " ", "\n\t", 0, 42, -1, 3.5, float("nan"), True, False, b"\xff\xfe", b"07700 900123",
    [], ["yes"], {"a": 1}, object(), "\x00" * 50, "\u202e\u200b\ufeff", "\ud800", "🙂" * 500,
    "ﷺ" * 100, "İ" * 100, "ß" * 100, "\u0301" * 300, "a" * 10_000_000,
    "9" * 1000, "/" * 1000, "-" * 1000, "@" * 1000, "'" * 1000,
    "07700 900123" * 80, "yes " * 250, "help " * 250,
]


def _check(result: object) -> None:
    assert isinstance(result, Parsed)
    if result.ok:
        assert result.error is None
    else:
        assert result.error in ERRORS
        assert result.value is None


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_junk_never_raises(name: str) -> None:
    for junk in JUNK:
        _check(PARSERS[name](junk))
    for junk in JUNK:
        assert detect_command(junk) is None or isinstance(detect_command(junk), str)
        assert is_dont_know(junk) in (True, False)


def _random_text(rng: random.Random) -> str:
    ranges = [(0x20, 0x7E), (0x00, 0x1F), (0x80, 0x2FFF), (0xD800, 0xDFFF), (0x1F300, 0x1FAFF),
              (0x0600, 0x06FF), (0x4E00, 0x4FFF), (0x2000, 0x206F), (0xFE00, 0xFE0F),
              (0x0660, 0x0669), (0xFF10, 0xFF5A)]
    size = rng.choice([1, 2, 5, 12, 40, 200, 1500])
    return "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(size))


def _ascii_soup(rng: random.Random) -> str:
    """Plausible-looking pieces glued at random: digits, slashes, date and choice words."""
    pieces = ["1", "12", "2020", "/", "-", ".", " ", "march", "last", "tuesday", "ago", "my",
              "mum", "not", "yes", "no", "@", "ls1", "4dy", "+44", "07700", "900123", "the",
              "of", "and", "help", "back", "dont", "know", "'", "st", "th", "first", "one"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15)))


@pytest.mark.parametrize("seed", range(6))
def test_random_unicode_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(250):
        text = _random_text(rng) if rng.random() < 0.6 else _ascii_soup(rng)
        for parse in PARSERS.values():
            _check(parse(text))
        assert detect_command(text) in (None, "help", "back", "stop", "human", "skip", "change",
                                        "restart")
        assert is_dont_know(text) in (True, False)


def test_huge_input_is_refused_quickly() -> None:
    huge = "3 March 1958 " * 800_000  # about 10 MB
    for name, parse in PARSERS.items():
        start = time.perf_counter()
        result = parse(huge)
        assert time.perf_counter() - start < 1.0, name
        assert result.error == "too_long", name
    start = time.perf_counter()
    assert detect_command(huge) is None
    assert is_dont_know(huge) is False
    assert time.perf_counter() - start < 1.0


def test_long_answers_are_fast() -> None:
    text = ("my mum lived in a care home and the staff were kind but the hospital " * 14)[:990]
    start = time.perf_counter()
    for _ in range(20):
        for parse in PARSERS.values():
            parse(text)
    assert time.perf_counter() - start < 5.0


def test_results_are_deterministic() -> None:
    rng = random.Random(99)
    for _ in range(100):
        text = _ascii_soup(rng)
        for parse in PARSERS.values():
            assert parse(text) == parse(text)


def test_parsed_is_frozen() -> None:
    result = Parsed(ok=True, value="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False  # type: ignore[misc]


def test_never_raises_logs_the_bug_without_the_input(caplog: pytest.LogCaptureFixture) -> None:
    @never_raises(Parsed(ok=False, error="no_match"))
    def broken(text: str) -> Parsed:
        raise RuntimeError(f"boom {text}")

    caplog.set_level(logging.ERROR, logger="bot.actions.parsing")
    assert broken("Tom Smith 07700 900123") == Parsed(ok=False, error="no_match")
    assert "RuntimeError" in caplog.text and "test_robustness.py" in caplog.text
    assert "07700" not in caplog.text and "Tom" not in caplog.text
    caplog.clear()  # the fixture checks for errors from real parsers only

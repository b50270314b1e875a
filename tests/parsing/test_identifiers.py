"""Postcodes, NHS numbers, phone numbers and email addresses."""

from __future__ import annotations

import random
import re

import pytest

from bot.actions.parsing import (
    is_mobile,
    nhs_check_digit_ok,
    parse_email,
    parse_nhs_number,
    parse_phone,
    parse_postcode,
)
from contract import FORMAT_CHECKER, is_valid_nhs_number, load_schema

pytestmark = pytest.mark.usefixtures("no_parser_errors")

# --- postcode -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ls1 4dy", "LS1 4DY"),
        ("LS14DY", "LS1 4DY"),
        (" ls1  4dy ", "LS1 4DY"),
        ("Ls1 4Dy.", "LS1 4DY"),
        ("my postcode is SW1A 1AA thanks", "SW1A 1AA"),
        ("it's ls1 4dy", "LS1 4DY"),
        ("L S 1 4 D Y", "LS1 4DY"),  # speech to text
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("bs98 1tl", "BS98 1TL"),
        ("GIR 0AA", "GIR 0AA"),
        ("gir0aa", "GIR 0AA"),
        ("ls1 ody", "LS1 0DY"),  # letter O typed for zero where only a digit can be
        ("LS1-4DY", "LS1 4DY"),
    ],
)
def test_postcodes_are_normalised(text: str, expected: str) -> None:
    assert parse_postcode(text).value == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("LS1", "postcode_format"),  # district only
        ("12345", "postcode_format"),  # a US zip code
        ("QS1 4DY", "postcode_format"),  # Q never starts a postcode
        ("LS1 4CY", "postcode_format"),  # C is never in the last two letters
        ("GIR 1AA", "postcode_format"),
        ("LS1 4DY or LS2 7EW", "postcode_format"),  # two postcodes: which one?
        ("I don't know", "postcode_format"),
        ("", "empty"),
        (None, "empty"),
        ("LS1 4DY" * 200, "too_long"),
    ],
)
def test_bad_postcodes_are_refused(text: object, error: str) -> None:
    result = parse_postcode(text)
    assert (result.ok, result.error) == (False, error)


def test_postcodes_match_the_contract_pattern() -> None:
    pattern = load_schema()["properties"]["person"]["properties"]["home_postcode"]["pattern"]
    for text in ("ls1 4dy", "sw1a1aa", "ec1a 1bb", "w1a 0ax", "gir 0aa", "dn55 1pt", "m1 1ae"):
        assert re.match(pattern, parse_postcode(text).value)


# --- NHS number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        ("943.476.5919", "9434765919"),
        ("4010232137", "4010232137"),
        ("401 023 2137", "4010232137"),
        ("his NHS number is 401 023 2137", "4010232137"),
        ("NHS no: 943 476 5919.", "9434765919"),
        ("943, 476, 5919", "9434765919"),
        ("٩٤٣٤٧٦٥٩١٩", "9434765919"),  # Arabic-Indic digits
    ],
)
def test_valid_nhs_numbers(text: str, expected: str) -> None:
    assert parse_nhs_number(text).value == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("9434765918", "nhs_checksum"),  # last digit wrong
        ("4010232138", "nhs_checksum"),
        ("4010232130", "nhs_checksum"),
        ("0000000000", "nhs_checksum"),  # passes Modulus 11 but is never issued
        ("1111111111", "nhs_checksum"),
        ("12345", "nhs_length"),
        ("943 476 59190", "nhs_length"),
        ("943 476 591", "nhs_length"),
        ("9434765919 or 4010232137", "nhs_length"),  # two numbers
        ("I don't have it", "not_a_number"),
        ("", "empty"),
        (None, "empty"),
    ],
)
def test_bad_nhs_numbers(text: object, error: str) -> None:
    result = parse_nhs_number(text)
    assert (result.ok, result.error) == (False, error)


def test_check_digit_10_is_invalid_and_11_means_0() -> None:
    # 000000001 -> 1*2 = 2 -> 11 - 2 = 9
    assert nhs_check_digit_ok("0000000019")
    assert not nhs_check_digit_ok("0000000018")
    # 100000001 -> 1*10 + 1*2 = 12 -> 11 - 1 = 10: no check digit can make it valid
    assert not any(nhs_check_digit_ok(f"100000001{d}") for d in range(10))
    # 000000014 -> 1*3 + 4*2 = 11 -> 11 - 0 = 11, which means 0
    assert nhs_check_digit_ok("0000000140")
    assert not nhs_check_digit_ok("0000000141")
    # ...and the parser says which rule failed
    assert parse_nhs_number("1000000010").error == "nhs_checksum"
    assert parse_nhs_number("000 000 0140").value == "0000000140"


def test_check_digit_agrees_with_the_contract() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(10))
        assert nhs_check_digit_ok(digits) == is_valid_nhs_number(digits), digits


def test_check_digit_edge_cases_by_construction() -> None:
    rng = random.Random(5)
    seen_zero = seen_ten = 0
    for _ in range(2000):
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            seen_zero += 1
            assert nhs_check_digit_ok(nine + "0")
            assert not any(nhs_check_digit_ok(nine + str(d)) for d in range(1, 10))
        elif check == 10:
            seen_ten += 1
            assert not any(nhs_check_digit_ok(nine + str(d)) for d in range(10))
        else:
            assert nhs_check_digit_ok(nine + str(check))
    assert seen_zero and seen_ten


# --- phone ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700 900123", "+447700900123"),  # Ofcom drama range (phonenumbers calls it invalid)
        ("07700900123", "+447700900123"),
        ("07700 900 000", "+447700900000"),
        ("07700 900999", "+447700900999"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("(07700) 900-123", "+447700900123"),
        ("0113 496 0000", "+441134960000"),
        ("0113 4960000", "+441134960000"),
        ("020 7946 0123", "+442079460123"),
        ("01632 960123", "+441632960123"),  # drama range, fixed line
        ("07911 123456", "+447911123456"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("+1 202 555 0143", "+12025550143"),
        ("call me on 07700 900123 after 5pm", "+447700900123"),
        ("my mobile is 07911 123456", "+447911123456"),
        ("０７７００ ９００１２３", "+447700900123"),  # full-width digits
    ],
)
def test_phone_numbers_become_e164(text: str, expected: str) -> None:
    assert parse_phone(text).value == expected


@pytest.mark.parametrize(
    "text",
    [
        "999",
        "116 123",
        "07700 9001234",  # one digit too many
        "0770 090 012",  # too short
        "hello",
        "my number is 07911123456 or 07700900123",  # two numbers
        "+44 1234",
        "0000 000 000",
        "9434765919",  # an NHS number, not a phone
    ],
)
def test_bad_phone_numbers_are_refused(text: str) -> None:
    result = parse_phone(text)
    assert (result.ok, result.error) == (False, "phone_invalid")


def test_phone_empty_and_huge() -> None:
    assert parse_phone("").error == "empty"
    assert parse_phone(None).error == "empty"
    assert parse_phone("0" * 100_000).error == "too_long"


def test_phone_numbers_match_the_contract_pattern() -> None:
    pattern = load_schema()["$defs"]["nullable_e164"]["pattern"]
    for text in ("07700 900123", "0113 496 0000", "+33 1 23 45 67 89"):
        assert re.match(pattern, parse_phone(text).value)


def test_is_mobile_tells_who_can_get_a_text() -> None:
    assert is_mobile("+447700900123")
    assert is_mobile("+447911123456")
    assert not is_mobile("+441134960000")
    assert not is_mobile("not a number")


# --- email ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jo@example.org", "jo@example.org"),
        ("my email is jo@example.org", "jo@example.org"),
        ("  jo@example.org  ", "jo@example.org"),
        ("Jo.Smith@Example.ORG", "Jo.Smith@example.org"),  # domain lower-cased only
        ("jo+leder@mail.example.co.uk", "jo+leder@mail.example.co.uk"),
        ("jo @ example.org", "jo@example.org"),
        ("jo@example.org.", "jo@example.org"),
        ("email: jo@example.org", "jo@example.org"),
        ("it's jo@example.org thanks", "jo@example.org"),
        ("<jo@example.org>", "jo@example.org"),
        ("mailto:jo@example.org", "jo@example.org"),
        ("jo@gmail,com", "jo@gmail.com"),
        ("jo at example dot org", "jo@example.org"),  # said on a phone call
        ("jo dot smith at example dot co dot uk", "jo.smith@example.co.uk"),
    ],
)
def test_email_addresses(text: str, expected: str) -> None:
    result = parse_email(text)
    assert result.value == expected
    assert FORMAT_CHECKER.conforms(result.value, "email")


@pytest.mark.parametrize(
    "text",
    [
        "jo@@example.org",
        "jo@example",
        "jo@",
        "@example.org",
        "jo.example.org",
        "jo smith@example.org",  # is "jo" part of it?
        "a@b.co, c@d.co",
        "jo..smith@example.org",
        "jo@exa mple.org",
        "no email",
        "jo@example.c",
    ],
)
def test_bad_email_addresses(text: str) -> None:
    result = parse_email(text)
    assert (result.ok, result.error) == (False, "email_invalid")


def test_email_empty_and_huge() -> None:
    assert parse_email("").error == "empty"
    assert parse_email(None).error == "empty"
    assert parse_email("a" * 1_000_000 + "@example.org").error == "too_long"

"""UK postcode, NHS number, phone number and email address from what people type or say.

Each parser also finds the value inside a short sentence ("my postcode is ls1 4dy").
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from .result import Parsed, bad, good, never_raises
from .text import short_input
from .wordlists import load_lexicon

# --- postcode ---------------------------------------------------------------------------------

# Royal Mail format rules: which letters may stand in which place.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPS-UW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])"  # AA9A
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_WHOLE = re.compile(rf"^(GIR|{_OUTWARD})(0AA|{_INWARD})$")
_POSTCODE_IN_TEXT = re.compile(
    rf"(?<![A-Z0-9])(GIR|{_OUTWARD}) ?((?:[0-9]|O)[ABD-HJLNP-UW-Z]{{2}})(?![A-Z0-9])"
)


def _postcode(outward: str, inward: str) -> str | None:
    if inward[0] == "O":  # the letter O typed for the digit 0 (the inward code starts with a digit)
        inward = "0" + inward[1:]
    m = _POSTCODE_WHOLE.match(outward + inward)
    if not m:
        return None
    if (outward == "GIR") != (inward == "0AA"):
        return None  # GIR is only ever GIR 0AA
    return f"{outward} {inward}"


@never_raises(Parsed(ok=False, error="postcode_format"))
def parse_postcode(text: Any) -> Parsed:
    """"ls1 4dy", "LS14DY", "my postcode is LS1 4DY" -> "LS1 4DY"."""
    cleaned, err = short_input(text, limit=200)
    if err:
        return bad(err)
    assert cleaned is not None
    upper = cleaned.upper()
    # The whole answer, however it is spaced ("L S 1 4 D Y" from speech).
    squashed = re.sub(r"[^A-Z0-9]", "", upper)
    if 5 <= len(squashed) <= 7:
        found = _postcode(squashed[:-3], squashed[-3:])
        if found:
            return good(found)
    spaced = re.sub(r"[^A-Z0-9]+", " ", upper)
    results = {
        p for p in (_postcode(m.group(1), m.group(2)) for m in _POSTCODE_IN_TEXT.finditer(spaced))
        if p
    }
    if len(results) == 1:
        return good(results.pop())
    return bad("postcode_format")


# --- NHS number ---------------------------------------------------------------------------

_DIGIT_RUNS = re.compile(r"[0-9](?:[ .\-/]*[0-9])*")


def nhs_check_digit_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 - (sum mod 11) is the check
    digit, where 11 means 0 and 10 means the number is invalid."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@never_raises(Parsed(ok=False, error="nhs_length"))
def parse_nhs_number(text: Any) -> Parsed:
    """"943 476 5919", "943-476-5919", "NHS no. 9434765919" -> "9434765919"."""
    cleaned, err = short_input(text, limit=200)
    if err:
        return bad(err)
    assert cleaned is not None
    runs = [re.sub(r"[^0-9]", "", r) for r in _DIGIT_RUNS.findall(cleaned)]
    if not runs:
        return bad("not_a_number")
    tens = {r for r in runs if len(r) == 10}
    if len(tens) == 1:
        digits = tens.pop()
    elif len(tens) > 1:
        return bad("nhs_length")
    else:
        digits = "".join(runs)  # "943, 476, 5919"
        if len(digits) != 10:
            return bad("nhs_length")
    if len(set(digits)) == 1:
        return bad("nhs_checksum")  # 0000000000 passes Modulus 11 but is never issued
    if not nhs_check_digit_ok(digits):
        return bad("nhs_checksum")
    return good(digits)


# --- phone ------------------------------------------------------------------------------------

# Ofcom's ranges for TV and radio drama: fictional numbers that phonenumbers calls invalid
# (national number prefix, number of digits after it). Accepted so tests and demos can use
# them without ever ringing a real person.
_DRAMA_RANGES = (("7700900", 3), ("1632960", 3), ("1154960", 3))


def _drama(number: phonenumbers.PhoneNumber) -> bool:
    if number.country_code != 44:
        return False
    national = str(number.national_number)
    return any(
        national.startswith(prefix) and len(national) == len(prefix) + rest
        for prefix, rest in _DRAMA_RANGES
    )


def _acceptable(number: phonenumbers.PhoneNumber) -> bool:
    if not phonenumbers.is_possible_number(number):
        return False
    return phonenumbers.is_valid_number(number) or _drama(number)


@never_raises(Parsed(ok=False, error="phone_invalid"))
def parse_phone(text: Any, *, region: str = "GB") -> Parsed:
    """"07700 900123", "+44 (0)7700 900123", "0113 496 0000", "+33 1 23 45 67 89" -> E.164."""
    cleaned, err = short_input(text, limit=200)
    if err:
        return bad(err)
    assert cleaned is not None
    if not any(ch.isdigit() for ch in cleaned):
        return bad("phone_invalid")
    candidates: list[phonenumbers.PhoneNumber] = []
    if not any(ch.isalpha() for ch in cleaned):
        # Only digits and punctuation: parse it whole. (With words around it, phonenumbers
        # would read letters as a vanity number, so those go to the matcher below.)
        with contextlib.suppress(phonenumbers.NumberParseException):
            candidates.append(phonenumbers.parse(cleaned, region))
    if not candidates or not _acceptable(candidates[0]):
        # A number inside a sentence: "call me on 07700 900123 after 5pm".
        candidates = [m.number for m in PhoneNumberMatcher(cleaned, region, Leniency.POSSIBLE)]
    found = {
        phonenumbers.format_number(n, PhoneNumberFormat.E164) for n in candidates if _acceptable(n)
    }
    if len(found) == 1:
        return good(found.pop())
    return bad("phone_invalid")


def is_mobile(e164: str) -> bool:
    """True when a number from parse_phone can receive text messages (UK or abroad mobile)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    if _drama(number):
        return str(number.national_number).startswith("7")
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


# --- email ------------------------------------------------------------------------------------

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}$"
)
_AT_IN_TEXT = re.compile(r"[^\s<>()\[\];:\"]+@[^\s<>()\[\];:\"]+")
# Said aloud: "jo dot smith at example dot org".
_SPOKEN = re.compile(
    r"([a-z0-9_%+\-]+(?: dot [a-z0-9_%+\-]+)*) at ([a-z0-9\-]+(?: dot [a-z0-9\-]+)+)$"
)


def _email(candidate: str) -> str | None:
    candidate = candidate.strip(".,;:!?'\"<>()[]")
    if candidate.lower().startswith("mailto:"):
        candidate = candidate[7:]
    if candidate.count("@") != 1:
        return None
    local, domain = candidate.split("@")
    domain = domain.lower().replace(",", ".").rstrip(".")
    if not (1 <= len(local) <= 64) or not _LOCAL.match(local):
        return None
    if not _DOMAIN.match(domain):
        return None
    address = f"{local}@{domain}"
    return address if len(address) <= 254 else None


@never_raises(Parsed(ok=False, error="email_invalid"))
def parse_email(text: Any, *, language: str = "en") -> Parsed:
    """"my email is Jo@Example.ORG" -> "Jo@example.org" (domain lower-cased)."""
    cleaned, err = short_input(text, limit=400)
    if err:
        return bad(err)
    assert cleaned is not None
    cleaned = re.sub(r"\s*@\s*", "@", cleaned)  # "jo @ example.org"
    lead_words = load_lexicon(language).email_lead_words
    candidates = []
    for m in _AT_IN_TEXT.finditer(cleaned):
        before = cleaned[: m.start()].rstrip()
        last = before.split()[-1].casefold().replace("'", "") if before else ""
        if last and last[-1].isalnum() and last not in lead_words:
            return bad("email_invalid")  # "jo smith@example.org": is "jo" part of it?
        candidates.append(m.group(0))
    if not candidates:
        m = _SPOKEN.search(cleaned.lower())
        if m:
            candidates = [f"{m.group(1)}@{m.group(2)}".replace(" dot ", ".")]
    found = {e for e in (_email(c) for c in candidates) if e}
    if len(found) == 1 and len(candidates) == 1:
        return good(found.pop())
    return bad("email_invalid")

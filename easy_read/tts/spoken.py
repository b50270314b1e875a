"""Text as it should be spoken: numbers, dates and reference numbers one character at a time.

A person listening on the phone must be able to write down a reference number, a phone
number or a year. Commas and full stops make both engines pause between characters and
between groups.
"""

from __future__ import annotations

import re

# LDR-7KQM-3HWX (contract/reference.py) and UK postcodes such as LS1 4DY.
_REFERENCE = re.compile(r"\b(LDR)-([A-Z0-9]{4})-([A-Z0-9]{4})\b")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")
# Three or more digits, maybe in groups ("0808 808 1111", "14/02/2026", "+447700900123").
_DIGITS = re.compile(r"\+?\d(?:[ /.-]?\d){2,}")
_GROUP_SPLIT = re.compile(r"[ /.-]")
_DOUBLE_STOP = re.compile(r"\.(?:\s*\.)+")


def _spell(group: str) -> str:
    return ", ".join(group)


def _groups(*groups: str) -> str:
    return ". ".join(_spell(g) for g in groups if g) + "."


def _digits(match: re.Match[str]) -> str:
    raw = match.group(0)
    plus = raw.startswith("+")
    groups = _GROUP_SPLIT.split(raw.lstrip("+"))
    spoken = _groups(*groups)
    return f"plus, {spoken}" if plus else spoken


def spoken_text(text: str) -> str:
    """The text to synthesise for ``text`` (the text shown stays as it is)."""
    text = _REFERENCE.sub(lambda m: _groups(*m.groups()), text)
    text = _POSTCODE.sub(lambda m: _groups(*m.groups()), text)
    text = _DIGITS.sub(_digits, text)
    # Line breaks are sentence ends when shown; make them pauses when spoken.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    text = " ".join(line if line[-1] in ".?!:" else f"{line}." for line in lines)
    return _DOUBLE_STOP.sub(".", text)

"""Which answer does the person want to change? ("3", "the date", "his postcode")."""

from __future__ import annotations

import re

from easy_read.text import t

_STOP = {"the", "a", "an", "my", "his", "her", "their", "of", "to", "i", "want", "change",
         "wrong", "is", "was", "it", "please", "answer", "about", "that", "this", "for", "you",
         "need", "fix", "edit", "and", "on", "in", "be", "should", "number", "date", "name",
         "did", "do", "they", "them"}
# Words too common to decide on their own, but which still add to a match.
_WEAK = {"number", "date", "name"}
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def match_field(text: str, options: list[str], *, locale: str = "en", flow: str = "notify"
                ) -> str | None:
    """The one option ``text`` points to, or None when unclear."""
    cleaned = text.strip().lower().rstrip(".")
    digits = re.fullmatch(r"(?:number\s*)?(\d{1,2})", cleaned)
    if digits:
        index = int(digits.group(1)) - 1
        return options[index] if 0 <= index < len(options) else None
    said = _words(cleaned)
    if not said:
        return None
    scores: dict[str, float] = {}
    for option in options:
        label = t(f"{flow}.field_label.{option}", locale=locale)
        vocab = _words(label) | set(option.split("_"))
        strong = (vocab - _STOP) & said
        weak = (vocab & _WEAK) & said
        if strong:
            scores[option] = len(strong) + 0.5 * len(weak)
    if not scores:
        return None
    best = max(scores.values())
    top = [o for o, s in scores.items() if s == best]
    return top[0] if len(top) == 1 else None

"""Numbers written in words ("forty-two") and ages ("he was 42", "forty two years old")."""

from __future__ import annotations

import re
from typing import Any

from .result import Parsed, bad, good, never_raises
from .text import find_phrases, short_input
from .wordlists import Lexicon, load_lexicon

MAX_AGE = 125
_TOKENS = re.compile(r"[0-9]+|[^\W\d_]+")
_NEGATIVE = re.compile(r"(?:^|[^\w])-\s*[0-9]")


def word_numbers(tokens: list[str], lex: Lexicon) -> list[tuple[int, int, int]]:
    """Numbers written in words: [(value, start, end)] ("one hundred and five" -> 105)."""
    out: list[tuple[int, int, int]] = []
    n = len(tokens)
    i = 0

    def small(at: int) -> tuple[int, int] | None:
        """A number below 100 starting at `at`: (value, next position)."""
        if at < n and tokens[at] in lex.tens:
            value = lex.tens[tokens[at]]
            if at + 1 < n and 1 <= lex.units.get(tokens[at + 1], 0) <= 9:
                return value + lex.units[tokens[at + 1]], at + 2
            return value, at + 1
        if at < n and tokens[at] in lex.units:
            return lex.units[tokens[at]], at + 1
        return None

    while i < n:
        tok = tokens[i]
        if (tok in lex.units or tok == "a") and i + 1 < n and tokens[i + 1] in lex.hundred:
            value = (1 if tok == "a" else lex.units[tok]) * 100
            j = i + 2
            if j + 1 < n and tokens[j] == "and" and small(j + 1):
                j += 1
            rest = small(j)
            if rest:
                value, j = value + rest[0], rest[1]
            out.append((value, i, j))
            i = j
            continue
        found = small(i)
        if found:
            out.append((found[0], i, found[1]))
            i = found[1]
            continue
        i += 1
    return out


@never_raises(Parsed(ok=False, error="not_a_number"))
def parse_age(text: Any, *, language: str = "en") -> Parsed:
    """Age in whole years, 0..125: "42", "he was 42", "forty-two years old", "6 months" -> 0."""
    cleaned, err = short_input(text, limit=200)
    if err:
        return bad(err)
    assert cleaned is not None
    lex = load_lexicon(language)
    lowered = cleaned.casefold().replace("'", "")
    if _NEGATIVE.search(lowered):
        return bad("age_range")
    tokens = _TOKENS.findall(lowered)
    if find_phrases(tokens, [(p, None) for p in lex.age_vague]):
        return bad("not_a_number")  # "in his forties", "40s", "over 40"
    numbers: list[tuple[int, int, int]] = [
        (int(t), i, i + 1) for i, t in enumerate(tokens) if t.isdigit() and len(t) <= 6
    ]
    if any(t.isdigit() and len(t) > 6 for t in tokens):
        return bad("age_range")
    if not numbers:
        numbers = word_numbers(tokens, lex)
        used = {k for _, s, e in numbers for k in range(s, e)}
        others = [t for i, t in enumerate(tokens) if i not in used]
        unit_words = lex.age_months | lex.age_weeks | lex.age_days
        if any(t not in lex.age_filler and t not in unit_words and t != "and" for t in others):
            # Number words inside a sentence ("no one knows") are not an age.
            return bad("not_a_number")
    if not numbers:
        return bad("not_a_number")
    ages = set()
    for value, _start, end in numbers:
        unit = tokens[end] if end < len(tokens) else ""
        if unit in lex.age_months:
            value //= 12
        elif unit in lex.age_weeks:
            value //= 52
        elif unit in lex.age_days:
            value //= 365
        ages.add(value)
    if len(ages) != 1:
        return bad("not_a_number")  # "42 or 43"
    age = ages.pop()
    if not 0 <= age <= MAX_AGE:
        return bad("age_range")
    return good(age)

"""Shared text clean-up: safe input, word tokens for matching, and small fuzzy matching.

Everything here must accept any junk (None, bytes, 10 MB strings, emoji, other scripts,
control characters) without raising.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# Short answers (choices, dates, numbers) never need more than this; longer input is refused
# before any real work, so a 10 MB message costs nothing.
MAX_SHORT = 1000

# Characters that look like an apostrophe or a dash on phones and in word processors.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def as_text(value: Any) -> str | None:
    """The input as a str, or None when it cannot be text (None, dicts, ...)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        # Decoded whole: cutting it here would silently shorten a long answer.
        return bytes(value).decode("utf-8", errors="replace")
    return None


def strip_controls(text: str, *, keep_newlines: bool = False, ascii_digits: bool = False) -> str:
    """Remove control and invisible format characters (zero-width, bidi overrides);
    with ascii_digits, other scripts' digits (Arabic-Indic, Devanagari...) become 0-9."""
    out = []
    for ch in text:
        if ch in "\r\n" and keep_newlines:
            out.append(ch)
            continue
        if ch == "\t":
            out.append(" ")
            continue
        if ascii_digits and ch > "\x7f" and ch.isdecimal():
            out.append(str(unicodedata.decimal(ch, 0)))
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            # Cc/Cf: control and format; Cs: lone surrogates; Co/Cn: private use, unassigned.
            if category == "Cc" and ch in "\r\n\x0b\x0c\x85":
                out.append(" ")
            continue
        if category in ("Zl", "Zp"):
            out.append("\n" if keep_newlines else " ")
            continue
        out.append(ch)
    return "".join(out)


def clean(text: str) -> str:
    """NFKC, apostrophes and dashes unified, other-script digits to 0-9, controls gone."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_APOSTROPHES).translate(_DASHES)
    text = strip_controls(text, ascii_digits=True)
    return " ".join(text.split())


def short_input(value: Any, limit: int = MAX_SHORT) -> tuple[str | None, str | None]:
    """(cleaned text, None) or (None, error code) for a short answer."""
    text = as_text(value)
    if text is None:
        return None, "empty"
    if len(text) > limit * 4:
        return None, "too_long"
    text = clean(text)
    if not text:
        return None, "empty"
    if len(text) > limit:
        return None, "too_long"
    return text, None


def words(text: str) -> list[str]:
    """Lower-case word tokens: apostrophes dropped ("don't" -> "dont"), '&' is 'and',
    every other non-letter/digit splits words. Letters of any script are kept."""
    text = text.casefold().replace("'", "").replace("&", " and ")
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def replace_sequences(tokens: list[str], table: dict[tuple[str, ...], list[str]]) -> list[str]:
    """Replace word sequences (longest first), e.g. ("i", "am") -> ["im"]."""
    if not table:
        return tokens
    longest = max(len(k) for k in table)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + size])
            if key in table:
                out.extend(table[key])
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a swap of two letters counts 1);
    returns limit + 1 as soon as the distance must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def allowed_typos(word: str) -> int:
    """How many typos a word of this length may carry and still be recognised."""
    if len(word) < 3:
        return 0
    if len(word) < 8:
        return 1
    return 2


def closest(word: str, vocabulary: Iterable[str]) -> str | None:
    """The single vocabulary word within the allowed typos of `word`, or None when there is
    none or when two are equally close (a guess between two words is a wrong guess)."""
    limit = allowed_typos(word)
    if not limit or not word.isalpha():
        return None
    best: list[str] = []
    best_d = limit + 1
    for cand in vocabulary:
        if len(cand) < 3 or not cand.isalpha():
            continue
        if len(word) == 3 and cand[0] != word[0]:
            # Three-letter words are too easy to turn into each other ("sad" -> "dad").
            continue
        d = distance(word, cand, limit)
        if d < best_d:
            best, best_d = [cand], d
        elif d == best_d and d <= limit:
            best.append(cand)
    return best[0] if len(best) == 1 and best_d <= limit else None


def closest_meaning(word: str, meanings: dict[str, Any]) -> Any:
    """Like `closest`, over words that carry a meaning: equally close words that mean the
    same thing ("september", "setember") are not a tie."""
    limit = allowed_typos(word)
    if not limit or not word.isalpha():
        return None
    best_d = limit + 1
    found: set[Any] = set()
    for cand, meaning in meanings.items():
        if len(cand) < 3 or (len(word) == 3 and cand[0] != word[0]):
            continue
        d = distance(word, cand, limit)
        if d < best_d:
            best_d, found = d, {meaning}
        elif d == best_d:
            found.add(meaning)
    return found.pop() if len(found) == 1 and best_d <= limit else None


def find_phrases(
    tokens: Sequence[str], phrases: Sequence[tuple[tuple[str, ...], Any]]
) -> list[tuple[int, int, Any]]:
    """Non-overlapping phrase matches, longest phrases first: [(start, end, payload)].

    `phrases` must be sorted longest first. A longer phrase ("care home") takes its words
    so a shorter one ("home") cannot also match inside it.
    """
    taken = [False] * len(tokens)
    found: list[tuple[int, int, Any]] = []
    n = len(tokens)
    for seq, payload in phrases:
        size = len(seq)
        if size > n:
            continue
        first = seq[0]
        for start in range(n - size + 1):
            if tokens[start] != first or any(taken[start : start + size]):
                continue
            if tuple(tokens[start : start + size]) == seq:
                found.append((start, start + size, payload))
                for k in range(start, start + size):
                    taken[k] = True
    found.sort(key=lambda m: m[0])
    return found


_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()

"""Conversation commands ("go back", "help", "pause") and "I do not know".

Both are conservative: a command is recognised only when the whole message is the command
(with polite filler around it), so content such as "he needed help with eating", "she
stopped eating" or "back pain" is never taken for one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .result import never_raises
from .text import as_text, clean
from .wordlists import Lexicon, Phrase, load_lexicon

# Commands and "I don't know" are short; longer messages are content.
_MAX_CHARS = 300
_MAX_WORDS = 14
_QUESTION_MARKS = frozenset("?\uff1f\u00bf")


def _all_filler(seq: Sequence[str], filler: Sequence[Phrase]) -> bool:
    """Can `seq` be cut entirely into filler phrases?"""
    n = len(seq)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for phrase in filler:
            size = len(phrase)
            if i + size <= n and tuple(seq[i : i + size]) == phrase:
                ok[i + size] = True
    return ok[n]


def _tokens(text: Any, lex: Lexicon) -> list[str] | None:
    raw = as_text(text)
    if raw is None or len(raw) > _MAX_CHARS:
        return None
    tokens = lex.tokens(clean(raw))
    if not tokens or len(tokens) > _MAX_WORDS:
        return None
    return tokens


@lru_cache(maxsize=8)
def _commands_by_first_word(language: str) -> dict[str, list[tuple[Phrase, str]]]:
    index: dict[str, list[tuple[Phrase, str]]] = {}
    for phrase, command in load_lexicon(language).commands:
        index.setdefault(phrase[0], []).append((phrase, command))
    return index


@never_raises(None)
def detect_command(text: Any, *, language: str = "en") -> str | None:
    """"help" | "back" | "stop" | "human" | "skip" | "change" | "restart" | None."""
    raw = as_text(text)
    if raw is None:
        return None
    stripped = raw.strip()
    if stripped and len(stripped) <= 3 and set(stripped) <= _QUESTION_MARKS:
        return "help"  # a lone "?" asks what the question means
    lex = load_lexicon(language)
    tokens = _tokens(raw, lex)
    if tokens is None:
        return None
    index = _commands_by_first_word(lex.language)
    best: dict[str, int] = {}
    for start, tok in enumerate(tokens):
        for phrase, command in index.get(tok, ()):
            end = start + len(phrase)
            if tuple(tokens[start:end]) != phrase:
                continue
            if _all_filler(tokens[:start], lex.command_filler) and _all_filler(
                tokens[end:], lex.command_filler
            ):
                best[command] = max(best.get(command, 0), len(phrase))
    if not best:
        return None
    longest = max(best.values())
    winners = [c for c, size in best.items() if size == longest]
    return winners[0] if len(winners) == 1 else None


@never_raises(False)
def is_dont_know(text: Any, *, language: str = "en") -> bool:
    """True for "I don't know", "dunno", "not sure", "can't remember", "no idea"...

    The phrase may be followed by what is not known ("I don't know his NHS number") but
    not by an answer ("don't know his middle name but it's Tom" is False).
    """
    lex = load_lexicon(language)
    tokens = _tokens(text, lex)
    if tokens is None:
        return False
    n = len(tokens)
    for start in range(n):
        if not _all_filler(tokens[:start], lex.dont_know_filler):
            # Everything before the phrase must be filler; later starts cannot fix that
            # unless the earlier words are filler too, so keep scanning.
            continue
        for end in range(n, start, -1):
            if tuple(tokens[start:end]) not in lex.dont_know:
                continue
            rest = tokens[end:]
            # Trailing filler ("sorry", "at all") may end the message: the object is what
            # comes before it.
            cut = next(
                size for size in range(len(rest) + 1)
                if _all_filler(rest[size:], lex.dont_know_filler)
            )
            obj = rest[:cut]
            if len(obj) > lex.dont_know_max_object:
                continue
            if any(w in lex.dont_know_blockers or any(ch.isdigit() for ch in w) for w in obj):
                continue
            return True
    return False


@never_raises(False)
def is_nothing_to_add(text: Any, *, language: str = "en") -> bool:
    """True for "no", "nothing", "none" to an optional question ("any worries?")."""
    lex = load_lexicon(language)
    tokens = _tokens(text, lex)
    return tokens is not None and tuple(tokens) in lex.nothing_to_add

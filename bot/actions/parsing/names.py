"""A person's name from "his name was Tom Smith", "it's Ann-Marie O'Neil", "Mrs Jones"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from .result import Parsed, bad, good, never_raises
from .text import as_text, clean, words
from .wordlists import load_lexicon

MAX_NAME = 200
MAX_NAME_WORDS = 11  # 12 words or more is a sentence, not a name
_EDGE_PUNCTUATION = " .,!?;:-\"'()[]{}<>"
# Besides letters and accents, a name may contain these.
_NAME_PUNCTUATION = frozenset(" '-.,()")


def _pattern(phrase: str) -> str:
    out = []
    for ch in phrase:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "'":
            out.append("'?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = load_lexicon(language)
    leads = "|".join(_pattern(p) for p in lex.name_lead_ins)
    trails = "|".join(_pattern(p) for p in lex.name_trailing)
    return (
        re.compile(rf"^(?:{leads})(?:[\s,:;.!\-]+)(?=\S)", re.IGNORECASE),
        re.compile(rf"(?:[\s,.!\-]+)(?:{trails})[\s.!]*$", re.IGNORECASE),
    )


def _drop_symbols(text: str) -> str:
    """Emoji and other pictures are not part of a name ("Tom ❤️" -> "Tom")."""
    return "".join(
        ch for ch in text
        if unicodedata.category(ch) not in ("So", "Sk") and ch not in "\ufe0e\ufe0f"
    )


def _is_name_char(ch: str) -> bool:
    return ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] in ("L", "M")


def _capitalise_part(part: str) -> str:
    if not part or not part[0].isalpha():
        return part
    if part.startswith("mc") and len(part) > 2 and part[2].isalpha():
        return "Mc" + part[2].upper() + part[3:]
    return part[0].upper() + part[1:]


def title_case(name: str, particles: frozenset[str]) -> str:
    """"ann-marie o'neil" -> "Ann-Marie O'Neil"; "ian mcdonald" -> "Ian McDonald";
    "ludwig van beethoven" -> "Ludwig van Beethoven"."""
    out = []
    for i, word in enumerate(name.split(" ")):
        if i > 0 and word in particles:
            out.append(word)
            continue
        out.append("".join(_capitalise_part(p) for p in re.split(r"([-'])", word)))
    return " ".join(out)


@never_raises(Parsed(ok=False, error="not_a_name"))
def parse_name(text: Any, *, language: str = "en") -> Parsed:
    """The name as the person gave it: lead-in words removed, spaces tidied, and title case
    only when it was typed all in lower case."""
    raw = as_text(text)
    if raw is None:
        return bad("empty")
    if len(raw) > MAX_NAME * 4:
        return bad("too_long")
    lex = load_lexicon(language)
    name = clean(_drop_symbols(clean(raw)))
    if not name.strip(_EDGE_PUNCTUATION):
        return bad("empty")
    if tuple(lex.tokens(name)) in lex.not_names:
        return bad("not_a_name")
    lead, trail = _patterns(lex.language)
    for _ in range(5):  # "hi, my name is Jo thanks x"
        before = name
        name = lead.sub("", name, count=1)
        name = trail.sub("", name, count=1)
        name = name.strip(_EDGE_PUNCTUATION)
        if name == before:
            break
    name = " ".join(name.split())
    # A name keeps inner brackets and dots ("Tom (Tommy) Smith", "J. Smith").
    if not name:
        return bad("not_a_name")
    if len(name) > MAX_NAME:
        return bad("too_long")
    if any(ch.isdigit() for ch in name) or not all(_is_name_char(ch) for ch in name):
        return bad("not_a_name")
    tokens = words(name)
    if not tokens or len(tokens) > MAX_NAME_WORDS:
        return bad("not_a_name")
    if tuple(lex.tokens(name)) in lex.not_names:
        return bad("not_a_name")
    if any(t in lex.name_stopwords for t in tokens):
        return bad("not_a_name")
    if name == name.lower() and name != name.upper():
        name = title_case(name, lex.name_particles)
    return good(name)

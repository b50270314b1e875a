"""Find safeguarding concerns in what someone says, from the patterns in phrases.<lang>.yml.

Deterministic and conservative about grief: a message matches only when it names danger,
abuse, neglect or wanting to end one's life. Runs on every answer inside a form (where the
NLU is not asked) and on top-level messages whatever intent the NLU chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent
MAX_CHARS = 20000  # longer input is cut, never refused: a concern must not be missed


@dataclass(frozen=True)
class Concern:
    category: str  # self_harm | danger_now | abuse | neglect
    words: str  # the words that matched, for the log and the tests


@dataclass(frozen=True)
class _Patterns:
    spellings: tuple[tuple[re.Pattern[str], str], ...]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    negators: frozenset[str]
    window: int
    death: re.Pattern[str]


@lru_cache(maxsize=4)
def _patterns(language: str) -> _Patterns:
    path = DATA_DIR / f"phrases.{language}.yml"
    if not path.is_file():
        path = DATA_DIR / "phrases.en.yml"
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    spellings = tuple(
        (re.compile(rf"\b{re.escape(wrong)}\b"), right)
        for right, wrongs in (raw.get("spellings") or {}).items()
        for wrong in wrongs
    )
    categories = tuple(
        (name, re.compile(rf"\b(?:{pattern})\b"))
        for name, patterns in raw["categories"].items()
        for pattern in patterns
    )
    return _Patterns(spellings, categories, frozenset(raw.get("negators") or ()),
                     int(raw.get("negation_window", 3)),
                     re.compile(rf"\b(?:{raw['death_words']})\b"))


def mentions_death(text: Any, *, language: str = "en") -> bool:
    """True when the message tells of a death ("my son dyed last week")."""
    if not isinstance(text, str):
        return False
    return _patterns(language).death.search(tidy(text)) is not None


def tidy(text: str) -> str:
    """Lower case, no apostrophes, single spaces between words."""
    lowered = text[:MAX_CHARS].lower().replace("\u2019", "'").replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", lowered).split())


def _negated(tidied: str, start: int, patterns: _Patterns) -> bool:
    before = tidied[:start].split()[-patterns.window:]
    return any(word in patterns.negators for word in before)


def detect_concern(text: Any, *, language: str = "en") -> Concern | None:
    """The first concern found in ``text``, or None. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        patterns = _patterns(language)
        tidied = tidy(text)
        for wrong, right in patterns.spellings:
            tidied = wrong.sub(right, tidied)
        for category, pattern in patterns.categories:
            for match in pattern.finditer(tidied):
                if category in ("abuse", "neglect") and _negated(tidied, match.start(), patterns):
                    continue
                return Concern(category, match.group(0))
    except Exception:  # a broken pattern must never stop the conversation
        import logging

        logging.getLogger(__name__).exception("safeguarding check failed")
    return None

"""Which easy-read answer fits a question about LeDeR ("how long does it take?")."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

TOPICS_FILE = Path(__file__).resolve().parent / "flows" / "about_topics.yml"
DEFAULT_TOPIC = "what_is"
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _topics() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    return tuple((name, tuple(tuple(words) for words in rules))
                 for name, rules in raw["topics"].items())


def topics() -> list[str]:
    return [name for name, _ in _topics()]


def _has(word: str, said: set[str]) -> bool:
    if word.endswith("*"):
        return any(w.startswith(word[:-1]) for w in said)
    return word in said


def topic_of(text: str | None) -> str:
    said = set(_WORD.findall((text or "").lower().replace("'", "")))
    for name, rules in _topics():
        if any(all(_has(w, said) for w in rule) for rule in rules):
            return name
    return DEFAULT_TOPIC

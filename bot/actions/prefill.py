"""Facts given in a first message, kept so they are not asked again.

"My brother Tom died on Friday in hospital, he had autism" gives the relationship
(sibling), the date of death, the place and autistic = yes. A fact is kept only when the
message gives exactly one answer for it; anything unclear is simply asked later.
Pure Python (no Rasa), so it is unit-tested directly.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.actions.parsing import parse_choice, parse_date

RULES_FILE = Path(__file__).resolve().parent / "flows" / "notify_prefill.yml"
_WORD = re.compile(r"[A-Za-z0-9']+")
MAX_CHARS = 1000


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _said_yes(pattern: str, text: str, negators: set[str]) -> bool:
    lowered = text.lower().replace("'", "")
    for match in re.finditer(pattern, lowered):
        before = lowered[:match.start()].split()[-3:]
        if not any(w in negators for w in before):
            return True
    return False


def _one_date(words: list[str], today: dt.date, longest: int) -> str | None:
    found: set[str] = set()
    for size in range(1, longest + 1):
        for start in range(0, len(words) - size + 1):
            parsed = parse_date(" ".join(words[start:start + size]), today=today,
                                not_after=today, allow_no_year=True)
            if parsed.ok:
                found.add(parsed.value)
    return found.pop() if len(found) == 1 else None


def notify_facts(text: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """Answers of the notify flow that ``text`` gives for sure, by field."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return {}
    rules = _rules()
    words = _WORD.findall(text)
    if len(words) < int(rules["min_words"]):
        return {}
    today = today or dt.date.today()
    facts: dict[str, Any] = {}
    relationship = parse_choice("notifier_relationship", text)
    if relationship.ok:
        facts["notifier_relationship"] = relationship.value
    died = _one_date(words, today, int(rules["max_date_words"]))
    if died:
        facts["date_of_death"] = died
    place = parse_choice("place_of_death", text)
    if place.ok and place.value != "not_known":
        facts["place_of_death"] = place.value
    negators = set(rules["negators"])
    for field, pattern in rules["yes_patterns"].items():
        if _said_yes(pattern, text, negators):
            facts[field] = "yes"
    return facts

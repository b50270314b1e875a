"""The fixed prompts: every bot sentence that holds nothing a person said.

Only text made entirely of these lines may be sent to Google's text-to-speech, and
``python -m easy_read.tts prerender`` synthesises each of these messages in advance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import yaml

from easy_read.text import LOCALES_DIR, t

# Locale files that are not spoken: web page words and SMS-only wording.
NOT_SPOKEN = frozenset({"gateway", "widget", "sms"})
# Keys that are phrases sent on a person's behalf or fragments of other messages.
_NOT_PROMPTS = re.compile(r"(^|\.)(reply|months)(\.|$)|^common\.(date_format|list_join)$")
_PLACEHOLDER = re.compile(r"%\{(\w+)\}")
# The placeholders a fixed prompt may have, and the fixed values they take.
VOICE_DIGITS = tuple(str(d) for d in range(1, 9))


def _flatten(prefix: str, value: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _flatten(f"{prefix}.{key}" if prefix else str(key), child)
    elif isinstance(value, str):
        yield prefix, value


def _templates(language: str) -> Iterator[tuple[str, str]]:
    for path in sorted(LOCALES_DIR.glob(f"*.{language}.yml")):
        namespace = path.name.split(".")[0]
        if namespace in NOT_SPOKEN:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        yield from _flatten(namespace, data.get(language) or {})


@lru_cache(maxsize=4)
def fixed_prompts(language: str = "en") -> tuple[str, ...]:
    """Every fixed prompt text, rendered as the bot shows it."""
    person = t("common.the_person", locale=language)
    out: dict[str, None] = {}
    for key, template in _templates(language):
        if _NOT_PROMPTS.search(key):
            continue
        names = set(_PLACEHOLDER.findall(template))
        if not names:
            out[t(key, locale=language)] = None
        elif names == {"person"}:
            # Before a name is given, the bot says "the person who died".
            out[t(key, locale=language, person=person)] = None
        elif names == {"number"} and key.startswith("voice."):
            for digit in VOICE_DIGITS:  # "Press 1." to "Press 8."
                out[t(key, locale=language, number=digit)] = None
    return tuple(text for text in out if text.strip())


@lru_cache(maxsize=4)
def _fixed_lines(language: str) -> frozenset[str]:
    return frozenset(
        line.strip() for text in fixed_prompts(language) for line in text.splitlines()
        if line.strip()
    )


def is_fixed_prompt(text: str, language: str = "en") -> bool:
    """True when every line of ``text`` is a line of a fixed prompt."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    known = _fixed_lines(language)
    return bool(lines) and all(line in known for line in lines)

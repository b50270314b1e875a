"""Turn a message request (locale key + typed parameters) into easy-read text.

Actions never choose words: they name a message and pass typed values
(``{"date": "2026-11-20"}``, ``{"choice": ["place_of_death", "home"]}``, ...),
and this module renders them in the conversation's language.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from easy_read.text import t

PICTURES_FILE = Path(__file__).resolve().parent / "pictures.yml"

# Choice sets that share labels: the yes/no questions all use "yes_no".
CHOICE_SET_ALIASES = {
    "learning_disability": "yes_no",
    "autistic": "yes_no",
    "family_requests_focused_review": "yes_no",
    "wants_review_copy": "yes_no",
    "consent_to_contact": "yes_no",
}


def choice_set(field: str) -> str:
    return CHOICE_SET_ALIASES.get(field, field)


@lru_cache(maxsize=1)
def _pictures() -> dict[str, str]:
    with PICTURES_FILE.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh) or {})


def picture_for(field: str, value: Any) -> str | None:
    pictures = _pictures()
    name = choice_set(field)
    key = f"{name}.{_value_key(value)}"
    return pictures.get(key) or pictures.get(f"{name}.*")


def _value_key(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def choice_label(field: str, value: Any, *, locale: str) -> str:
    return t(f"choices.{choice_set(field)}.{_value_key(value)}", locale=locale)


def format_date(iso: str, *, locale: str) -> str:
    """'2026-02-14' -> '14 February 2026' (words for the month, digits for the rest)."""
    day = dt.date.fromisoformat(iso)
    month = t(f"common.months.m{day.month}", locale=locale)
    return t("common.date_format", locale=locale, day=day.day, month=month, year=day.year)


def render_param(value: Any, *, locale: str) -> str:
    """Render one typed parameter."""
    if isinstance(value, dict):
        if "date" in value:
            return format_date(value["date"], locale=locale)
        if "choice" in value:
            field, code = value["choice"]
            return choice_label(field, code, locale=locale)
        if "choices" in value:
            field, codes = value["choices"]
            labels = [choice_label(field, c, locale=locale) for c in codes]
            return join_list(labels, locale=locale)
        if "key" in value:
            return t(value["key"], locale=locale, **render_params(value.get("params"), locale))
        if value.get("unknown"):
            return t("common.not_known", locale=locale)
        if "text" in value:
            return str(value["text"])
    if value is None:
        return t("common.not_known", locale=locale)
    return str(value)


def render_params(params: dict[str, Any] | None, locale: str) -> dict[str, str]:
    return {k: render_param(v, locale=locale) for k, v in (params or {}).items()}


def join_list(items: list[str], *, locale: str) -> str:
    if not items:
        return t("common.not_known", locale=locale)
    if len(items) == 1:
        return items[0]
    return t("common.list_join", locale=locale, items=", ".join(items[:-1]), last=items[-1])


def render_text(key: str, params: dict[str, Any] | None = None, *, locale: str,
                lines: list[dict[str, Any]] | None = None) -> str:
    """The text of one bot message: its own key, then any extra lines."""
    parts = []
    if key:
        parts.append(t(key, locale=locale, **render_params(params, locale)))
    for line in lines or []:
        parts.append(t(line["key"], locale=locale, **render_params(line.get("params"), locale)))
    return "\n".join(p for p in parts if p)


def render_choices(field: str | None, values: list[Any] | None, *, locale: str,
                   labels: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Choices for the message metadata: value + easy-read label + picture id.

    ``labels`` overrides the label of a value with a message request
    (used for "which answer do you want to change?").
    """
    out = []
    for value in values or []:
        override = (labels or {}).get(str(value))
        if override is not None:
            label = render_param(override, locale=locale)
            picture = picture_for(field or "", value)
        elif isinstance(value, str) and ":" in value:
            # "menu:notify", "cmd:skip": the button sends a phrase the bot understands.
            group, name = value.split(":", 1)
            group = {"cmd": "commands"}.get(group, group)
            label = t(f"choices.{group}.{name}", locale=locale)
            picture = picture_for(group, name)
            value = t(f"{group}.reply.{name}", locale=locale)
        else:
            label = choice_label(field or "", value, locale=locale)
            picture = picture_for(field or "", value)
        out.append({"value": _value_key(value) if isinstance(value, bool) else value,
                    "label": label, "picture": picture})
    return out


def _is_personal(value: Any) -> bool:
    """Does a typed parameter hold something from the conversation (a name, a date, an
    answer, a reference)? Only a nested message key with fixed parameters does not."""
    if isinstance(value, dict) and "key" in value:
        return any(_is_personal(v) for v in (value.get("params") or {}).values())
    return True


_MASK = {"text": "\u2063"}  # an invisible separator stands in for what a person said


def _masked(params: dict[str, Any] | None) -> dict[str, Any]:
    return {k: _MASK if _is_personal(v) else v for k, v in (params or {}).items()}


def is_personal(key: str, meta: dict[str, Any], text: str, *, locale: str) -> bool:
    """True when the message holds anything from the conversation, so text-to-speech must
    use the offline engine (SPEC section 8: only fixed text may go to Google). A parameter
    the message's words do not use (a name passed to "What is your name?") does not count."""
    if any(_is_personal(v) for v in (meta.get("choice_labels") or {}).values()):
        return True
    lines = meta.get("lines") or []
    if not any(_is_personal(v) for v in [*(meta.get("params") or {}).values(),
                                         *(v for ln in lines for v in (ln.get("params") or {})
                                           .values())]):
        return False
    masked_lines = [{**ln, "params": _masked(ln.get("params"))} for ln in lines]
    return render_text(key, _masked(meta.get("params")), locale=locale,
                       lines=masked_lines) != text


def build_message(key: str, meta: dict[str, Any] | None, *, locale: str) -> dict[str, Any]:
    """The whole bot message of SPEC section 5: text plus machine-readable metadata."""
    meta = meta or {}
    text = render_text(key, meta.get("params"), locale=locale, lines=meta.get("lines"))
    asks = meta.get("asks")
    field = meta.get("choice_set") or asks
    return {
        "text": text,
        "key": key,
        "flow": meta.get("flow"),
        "asks": asks,
        "input": meta.get("input"),
        "choices": render_choices(field, meta.get("choices"), locale=locale,
                                  labels=meta.get("choice_labels")),
        "multiple": bool(meta.get("multiple")),
        "progress": meta.get("progress"),
        "language": locale,
        "personal": is_personal(key, meta, text, locale=locale),
        "audio": None,  # filled in by the gateway, which owns text-to-speech
    }

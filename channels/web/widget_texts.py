"""The words of the chat page and its embed script, from easy_read/locales/widget.en.yml."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from channels.texts import t
from easy_read.text import LOCALES_DIR

# Placeholders the script fills in itself; python-i18n leaves "{step}" as it is.
SCRIPT_PLACEHOLDERS: dict[str, dict[str, str]] = {
    "progress": {"step": "{step}", "of": "{of}"},
    "text_size_now": {"number": "{number}"},
}


@cache
def _keys(locale: str) -> dict[str, tuple[str, ...]]:
    """Key names per group ("page", "script"), read from the locale file itself."""
    path = LOCALES_DIR / f"widget.{locale}.yml"
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)[locale]
    return {group: tuple(data[group]) for group in ("page", "script")}


def page_texts(locale: str) -> dict[str, str]:
    """Words written into the HTML page (and the embed script)."""
    return {key: t(f"widget.page.{key}", locale=locale) for key in _keys(locale)["page"]}


def script_texts(locale: str) -> dict[str, str]:
    """Words the page's script shows, given to it as JSON inside the page."""
    return {
        key: t(f"widget.script.{key}", locale=locale, **SCRIPT_PLACEHOLDERS.get(key, {}))
        for key in _keys(locale)["script"]
    }

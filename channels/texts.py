"""The gateway's own user-facing texts (errors, chat page words).

They live in ``easy_read/locales/gateway.<locale>.yml`` (python-i18n format). When the
shared ``easy_read.text`` module is there, it is used; otherwise this module reads the
file with python-i18n's own YAML loader and formatter, without touching python-i18n's
global settings (which belong to easy_read).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from i18n import resource_loader
from i18n.translator import TranslationFormatter

LOCALES_DIR = Path(__file__).resolve().parents[1] / "easy_read" / "locales"
NAMESPACE = "gateway"
FALLBACK_LOCALE = "en"


@cache
def _shared_t() -> Callable[..., str] | None:
    try:
        module = importlib.import_module("easy_read.text")
    except ImportError:
        return None
    return getattr(module, "t", None)


@cache
def _own_catalogue(locale: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{NAMESPACE}.{locale}.yml"
    if not path.is_file():
        return {}
    flat: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(f"{prefix}.{key}", child)
        elif isinstance(value, str):
            flat[prefix] = value

    walk(NAMESPACE, resource_loader.load_resource(str(path), locale))
    return flat


def _own_t(key: str, locale: str, params: dict[str, Any]) -> str:
    for candidate in dict.fromkeys((locale, FALLBACK_LOCALE)):
        template = _own_catalogue(candidate).get(key)
        if template is not None:
            # substitute(): a missing placeholder is a KeyError, whatever python-i18n's
            # global settings say.
            return TranslationFormatter(template).substitute(**params)
    raise KeyError(key)


def t(key: str, *, locale: str = FALLBACK_LOCALE, **params: Any) -> str:
    """Text for ``key`` (such as ``gateway.error.bot_unavailable``); KeyError if missing."""
    shared = _shared_t()
    if shared is not None:
        try:
            text = shared(key, locale=locale, **params)
        except KeyError:
            text = None
        if isinstance(text, str) and text != key:  # python-i18n returns the key when missing
            return text
    return _own_t(key, locale, params)

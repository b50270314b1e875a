"""One way to get user-facing text: python-i18n over the YAML files in ``locales/``.

python-i18n keeps its locale in a global, so every call here passes ``locale=``
explicitly; and it returns the key itself for a missing message, so we turn that
into a KeyError instead of showing "notify.ask.person_name" to a grieving family.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import i18n

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES = ("en",)

_lock = threading.Lock()
_configured = False


def _configure() -> None:
    global _configured
    with _lock:
        if _configured:
            return
        i18n.set("file_format", "yml")
        i18n.set("filename_format", "{namespace}.{locale}.{format}")
        i18n.set("enable_memoization", True)
        i18n.set("error_on_missing_translation", True)
        i18n.set("error_on_missing_placeholder", True)
        i18n.set("fallback", DEFAULT_LOCALE)
        if str(LOCALES_DIR) not in i18n.load_path:
            i18n.load_path.append(str(LOCALES_DIR))
        _configured = True


def t(key: str, *, locale: str, **params: Any) -> str:
    """Return the message ``key`` in ``locale`` with ``%{name}`` placeholders filled.

    Raises KeyError when the message does not exist (never returns the key).
    """
    _configure()
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    safe = {k: ("" if v is None else str(v)) for k, v in params.items()}
    try:
        text = i18n.t(key, locale=locale, **safe)
    except KeyError as exc:
        raise KeyError(f"no message {key!r} for locale {locale!r}") from exc
    if not isinstance(text, str) or text == key:
        raise KeyError(f"no message {key!r} for locale {locale!r}")
    return text


def has(key: str, *, locale: str = DEFAULT_LOCALE) -> bool:
    """True when a message (or a group of messages) exists under ``key``."""
    _configure()
    from i18n import resource_loader, translations

    if not translations.has(key, locale):
        resource_loader.search_translation(key, locale)
    return bool(translations.has(key, locale))

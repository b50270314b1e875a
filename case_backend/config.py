"""Settings of the case backend: environment variables, overridable by create_app(config)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "case_backend.sqlite3"
DEFAULT_MAX_CONTENT_LENGTH = 512 * 1024
DEFAULT_PORT = 8000

_FALSE = {"0", "false", "no", "off", ""}


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given without a driver (psycopg2 is absent)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def parse_tokens(value: Any) -> tuple[str, ...]:
    """Bearer tokens from a comma-separated string or a list; blanks are dropped."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(token.strip() for token in items if token and token.strip())


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE
    return bool(value)


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The settings: `overrides` first, then the environment, then the defaults."""
    overrides = dict(overrides or {})
    env = os.environ

    def pick(key: str, default: Any) -> Any:
        return overrides.pop(key) if key in overrides else env.get(key, default)

    config: dict[str, Any] = {
        "DATABASE_URL": normalise_database_url(pick("DATABASE_URL", default_database_url())),
        "CASE_BACKEND_API_TOKENS": parse_tokens(pick("CASE_BACKEND_API_TOKENS", None)),
        "MAX_CONTENT_LENGTH": int(pick("MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH)),
        "AUTO_MIGRATE": as_bool(pick("AUTO_MIGRATE", True)),
    }
    config.update(overrides)  # any other Flask settings pass straight through
    return config

"""Settings of the case backend: environment variables, overridable by create_app(config).

Secrets: CASE_BACKEND_SECRET_KEY (signs staff sessions and CSRF tokens),
CASE_BACKEND_ENCRYPTION_KEYS (comma-separated Fernet keys, the first encrypts, all decrypt) and
CASE_BACKEND_INDEX_KEY (keys the blind index used for search and duplicate matching).
With CASE_BACKEND_ENV=production the app refuses to start without all three. Elsewhere, missing
ones are generated once into var/case_backend_dev_keys.json so a development database stays
readable across restarts.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "case_backend.sqlite3"
DEFAULT_MAX_CONTENT_LENGTH = 512 * 1024
DEFAULT_PORT = 8000
SECRET_SETTINGS = ("SECRET_KEY", "ENCRYPTION_KEYS", "INDEX_KEY")
MIN_SECRET_LENGTH = 32

_FALSE = {"0", "false", "no", "off", ""}

log = logging.getLogger(__name__)


class ConfigError(RuntimeError):
    """The settings are unsafe or incomplete: the app must not start."""


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given without a driver (psycopg2 is absent)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def parse_tokens(value: Any) -> tuple[str, ...]:
    """Bearer tokens (or keys) from a comma-separated string or a list; blanks are dropped."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(token.strip() for token in items if token and token.strip())


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE
    return bool(value)


def var_dir() -> Path:
    return Path(os.environ.get("TELL_LEDER_VAR") or REPO_ROOT / "var")


def new_dev_keys() -> dict[str, Any]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
        "INDEX_KEY": secrets.token_urlsafe(48),
    }


def _dev_keys() -> dict[str, Any]:
    """Development keys kept in var/ (made once, private), never used in production."""
    path = var_dir() / "case_backend_dev_keys.json"
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = new_dev_keys()
    # O_EXCL: two processes starting together must not write two different sets of keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle)
    log.warning("generated development keys in %s (never use them in production)", path)
    return keys


def check_secrets(config: dict[str, Any]) -> None:
    """Refuse weak or missing secrets (raises ConfigError)."""
    missing = [name for name in SECRET_SETTINGS if not config.get(name)]
    if missing:
        raise ConfigError(
            "refusing to start in production without "
            + ", ".join(f"CASE_BACKEND_{name}" for name in missing)
        )
    for name in ("SECRET_KEY", "INDEX_KEY"):
        if len(str(config[name])) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"CASE_BACKEND_{name} must be at least {MIN_SECRET_LENGTH} characters")
    for key in config["ENCRYPTION_KEYS"]:
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise ConfigError("CASE_BACKEND_ENCRYPTION_KEYS holds a key that is not a Fernet "
                              "key (make one with `python -m case_backend generate-keys`)"
                              ) from error


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The settings: `overrides` first, then the environment, then the defaults."""
    overrides = dict(overrides or {})
    env = os.environ

    def pick(key: str, default: Any, env_name: str | None = None) -> Any:
        return overrides.pop(key) if key in overrides else env.get(env_name or key, default)

    config: dict[str, Any] = {
        "DATABASE_URL": normalise_database_url(pick("DATABASE_URL", default_database_url())),
        "CASE_BACKEND_API_TOKENS": parse_tokens(pick("CASE_BACKEND_API_TOKENS", None)),
        "MAX_CONTENT_LENGTH": int(pick("MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH)),
        "AUTO_MIGRATE": as_bool(pick("AUTO_MIGRATE", True)),
        "ENV": str(pick("ENV", "development", "CASE_BACKEND_ENV")).strip().lower(),
        "SECRET_KEY": pick("SECRET_KEY", None, "CASE_BACKEND_SECRET_KEY"),
        "ENCRYPTION_KEYS": parse_tokens(
            pick("ENCRYPTION_KEYS", None, "CASE_BACKEND_ENCRYPTION_KEYS")),
        "INDEX_KEY": pick("INDEX_KEY", None, "CASE_BACKEND_INDEX_KEY"),
        # Staff sessions end after this many minutes without a request.
        "STAFF_IDLE_MINUTES": int(pick("STAFF_IDLE_MINUTES", 30, "CASE_BACKEND_IDLE_MINUTES")),
        "LOGIN_MAX_FAILURES": int(pick("LOGIN_MAX_FAILURES", 5)),
        "LOGIN_LOCKOUT_MINUTES": int(pick("LOGIN_LOCKOUT_MINUTES", 15)),
        # Sign-in attempts allowed from one address in LOGIN_WINDOW_MINUTES.
        "LOGIN_RATE_LIMIT": int(pick("LOGIN_RATE_LIMIT", 20)),
        "LOGIN_WINDOW_MINUTES": int(pick("LOGIN_WINDOW_MINUTES", 10)),
        "TRANSCRIPT_RETENTION_DAYS": int(
            pick("TRANSCRIPT_RETENTION_DAYS", 365, "CASE_BACKEND_TRANSCRIPT_RETENTION_DAYS")),
        "TRUST_PROXY": as_bool(pick("TRUST_PROXY", False, "CASE_BACKEND_TRUST_PROXY")),
    }
    config.update(overrides)  # any other Flask settings pass straight through
    config["ENCRYPTION_KEYS"] = parse_tokens(config["ENCRYPTION_KEYS"])
    if config["ENV"] == "production":
        check_secrets(config)
        config.setdefault("SESSION_COOKIE_SECURE", True)
    else:
        missing = [name for name in SECRET_SETTINGS if not config.get(name)]
        if missing:
            dev = _dev_keys()
            for name in missing:
                config[name] = dev[name]
            config["ENCRYPTION_KEYS"] = parse_tokens(config["ENCRYPTION_KEYS"])
        check_secrets(config)
    return config

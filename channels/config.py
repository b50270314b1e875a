"""Gateway settings, read once at start-up from a config mapping and the environment.

The mapping passed to ``create_app`` wins over the environment, so tests never depend on
what happens to be exported on the machine.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
SECRET_FILE_NAME = "gateway_secret"
TWILIO_TOKEN_FILE_NAME = "twilio_auth_token"
MIN_PRODUCTION_SECRET_LENGTH = 32

# Sources for frame-ancestors: scheme/host sources and keywords, nothing that could
# end the directive or inject another header.
_FRAME_SOURCE = re.compile(r"'self'|'none'|[A-Za-z][A-Za-z0-9+.-]*:(//[A-Za-z0-9*.:-]+)?/?")


class ConfigError(RuntimeError):
    """The gateway cannot start with these settings."""


@dataclass(frozen=True)
class Settings:
    rasa_urls: tuple[str, ...]
    rasa_token: str | None
    gateway_secret: bytes
    port: int
    frame_ancestors: str
    rasa_connect_timeout: float
    rasa_read_timeout: float
    production: bool
    widget_dir: Path
    # Twilio SMS and voice (channels/twilio) and spoken audio (channels/audio.py).
    twilio_auth_token: str | None = None  # None: the Twilio webhooks answer 503
    public_base_url: str | None = None  # the address Twilio calls; None: the request's own
    state_db: Path = REPO_ROOT / "var" / "twilio_state.sqlite3"
    tts_cache_dir: Path = REPO_ROOT / "var" / "tts_cache"
    tts_online: bool = True  # gTTS for fixed prompts; False: offline voice only
    tts_online_timeout: float = 4.0
    # "Leave this page quickly" goes here: a neutral page that looks like ordinary browsing.
    exit_url: str = "https://www.bbc.co.uk/weather"


def load_settings(
    config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    config = dict(config or {})
    environ = os.environ if environ is None else environ

    def get(name: str, default: Any = None) -> Any:
        if name in config and config[name] is not None:
            return config[name]
        value = environ.get(name)
        return default if value in (None, "") else value

    production = any(
        str(get(name, "")).strip().lower() == "production" for name in ("APP_ENV", "FLASK_ENV")
    )
    var_dir = Path(get("GATEWAY_VAR_DIR", REPO_ROOT / "var"))
    return Settings(
        rasa_urls=_parse_urls(get("RASA_URLS", DEFAULT_RASA_URL)),
        rasa_token=get("RASA_TOKEN") or None,
        gateway_secret=_secret(get("GATEWAY_SECRET"), production, var_dir),
        port=_number(get("GATEWAY_PORT", 8080), "GATEWAY_PORT", int, 1, 65535),
        frame_ancestors=_frame_ancestors(get("GATEWAY_FRAME_ANCESTORS", "'self'")),
        rasa_connect_timeout=_number(
            get("RASA_CONNECT_TIMEOUT", 3.0), "RASA_CONNECT_TIMEOUT", float, 0.01, 60
        ),
        rasa_read_timeout=_number(
            get("RASA_READ_TIMEOUT", 20.0), "RASA_READ_TIMEOUT", float, 0.01, 600
        ),
        production=production,
        widget_dir=Path(get("WIDGET_DIR", REPO_ROOT / "web_widget")).resolve(),
        twilio_auth_token=_twilio_token(get("TWILIO_AUTH_TOKEN"), production, var_dir),
        public_base_url=_public_base_url(get("PUBLIC_BASE_URL")),
        state_db=Path(get("TWILIO_STATE_DB", var_dir / "twilio_state.sqlite3")),
        tts_cache_dir=Path(get("TTS_CACHE_DIR", var_dir / "tts_cache")),
        tts_online=str(get("TTS_ONLINE", "1")).strip().lower() not in ("0", "false", "no", "off"),
        tts_online_timeout=_number(
            get("TTS_ONLINE_TIMEOUT", 4.0), "TTS_ONLINE_TIMEOUT", float, 0.1, 10
        ),
        exit_url=_exit_url(get("WIDGET_EXIT_URL", "https://www.bbc.co.uk/weather")),
    )


def _exit_url(value: str) -> str:
    """An https address only: it goes into the page and must not be script or a relative path."""
    value = str(value).strip()
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:\d+)?(/[^\s\"'<>]*)?", value):
        raise ConfigError(f"WIDGET_EXIT_URL must be an https:// address, not {value!r}")
    return value


def _twilio_token(value: str | None, production: bool, var_dir: Path) -> str | None:
    """The Twilio auth token that signs webhooks. In development one is generated into
    var/ (tests sign with it); in production it must be given, or Twilio stays off."""
    if value:
        return str(value)
    if production:
        log.warning("TWILIO_AUTH_TOKEN is not set: the SMS and voice webhooks are off")
        return None
    return _development_secret(var_dir, TWILIO_TOKEN_FILE_NAME).decode("ascii")


def _public_base_url(value: str | None) -> str | None:
    if not value:
        return None
    url = str(value).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"PUBLIC_BASE_URL is not an http(s) URL: {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError("PUBLIC_BASE_URL must be a plain base URL (no query or login)")
    return url


def _parse_urls(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    urls = []
    for item in items:
        url = str(item).strip().rstrip("/")
        if not url:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"RASA_URLS has an entry that is not an http(s) URL: {url!r}")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ConfigError("RASA_URLS entries must be plain base URLs (no query or login)")
        if url not in urls:
            urls.append(url)
    if not urls:
        raise ConfigError("RASA_URLS is empty")
    return tuple(urls)


def _number(value: Any, name: str, kind: type, low: float, high: float) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low} and {high}")
    return number


def _frame_ancestors(value: str) -> str:
    sources = str(value).split()
    if not sources or not all(_FRAME_SOURCE.fullmatch(s) for s in sources):
        raise ConfigError(
            "GATEWAY_FRAME_ANCESTORS must be space-separated CSP sources, "
            "such as 'self' https://example.org"
        )
    return " ".join(sources)


def _secret(value: str | bytes | None, production: bool, var_dir: Path) -> bytes:
    if value:
        secret = value if isinstance(value, bytes) else str(value).encode("utf-8")
        if production and len(secret) < MIN_PRODUCTION_SECRET_LENGTH:
            raise ConfigError(
                f"GATEWAY_SECRET must have at least {MIN_PRODUCTION_SECRET_LENGTH} characters "
                "in production"
            )
        return secret
    if production:
        raise ConfigError(
            "GATEWAY_SECRET is not set. It is required in production "
            "(conversation ids are signed with it)."
        )
    return _development_secret(var_dir)


def _development_secret(var_dir: Path, name: str = SECRET_FILE_NAME) -> bytes:
    """Read or create the development secret, so issued ids survive a restart.

    The file is written to a private temporary file and linked into place, so two
    processes starting at once agree on one secret and nobody reads a half-written file.
    """
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = var_dir / name
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=var_dir, prefix=f".{name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)
                log.info("Created a development secret in %s", path)
            except FileExistsError:
                pass  # another process won the race; use its secret
        finally:
            os.unlink(tmp)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others; setting its mode to 0600", path)
        os.chmod(path, 0o600)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_PRODUCTION_SECRET_LENGTH:
        raise ConfigError(f"{path} does not hold a usable secret; delete it to make a new one")
    return secret.encode("ascii")

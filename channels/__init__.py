"""The channel gateway: the public face of Tell LeDeR in front of the private Rasa engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from channels import audio, twilio
from channels.config import ConfigError, Settings, load_settings
from channels.gateway import EXTENSION_KEY, Gateway
from channels.http_policy import ERROR_TEXTS, install
from channels.texts import t
from channels.web import bp as web_bp
from channels.web import page_texts

__all__ = ["ConfigError", "Settings", "create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the gateway app. ``config`` keys are the environment variable names.

    Raises ConfigError when the settings are unusable (for example no GATEWAY_SECRET in
    production) and KeyError when a gateway text is missing from the locale files.
    """
    settings = load_settings(config)
    # Fail at start-up, not on the first error a person meets.
    for key, params in ERROR_TEXTS.items():
        t(key, **params)
    page_texts()
    app = Flask(__name__, static_folder=None, template_folder=str(settings.widget_dir))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION_KEY] = Gateway.from_settings(settings)
    install(app, settings)
    app.register_blueprint(web_bp)
    audio.install(app, settings)
    twilio.install(app, settings)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app

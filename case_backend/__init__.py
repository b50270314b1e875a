"""Tell LeDeR case backend: receives notifications from the bot and keeps them for ICB staff.

`create_app(config)` builds the Flask app; settings come from `config`, then the environment
(see case_backend.config). The database schema is made only by the Alembic migrations, run here
at start-up unless AUTO_MIGRATE is false. With CASE_BACKEND_ENV=production the app refuses to
start without its secret key, encryption keys and blind-index key.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from case_backend.config import load_config
from case_backend.crypto import Keys
from case_backend.db import Database
from case_backend.errors import register_error_handlers
from case_backend.migrate import upgrade

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    settings = load_config(config)  # raises ConfigError on missing or weak secrets
    app = Flask(__name__)
    app.config.update(settings)
    app.json.sort_keys = False  # keep the contract's field order in answers
    if settings["TRUST_PROXY"]:  # behind one TLS proxy: its X-Forwarded-Proto says https
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    keys = Keys.from_settings(settings)
    app.extensions["case_backend_keys"] = keys
    if settings["AUTO_MIGRATE"]:
        upgrade(settings["DATABASE_URL"], keys=keys)
    database = Database(settings["DATABASE_URL"])
    app.extensions["case_backend_db"] = database
    app.teardown_appcontext(database.remove)

    from case_backend.api import bp as api_v1
    from case_backend.staff import bp as staff
    from case_backend.staff.labels import init_labels
    from case_backend.staff.security import csrf, init_security

    init_security(app)
    init_labels(app)
    app.register_blueprint(api_v1)
    csrf.exempt(api_v1)  # bearer-token clients, no cookies: CSRF cannot reach them
    app.register_blueprint(staff)
    register_error_handlers(app)
    if not settings["CASE_BACKEND_API_TOKENS"]:
        log.warning("CASE_BACKEND_API_TOKENS is not set: every API call will be refused (401)")
    return app

"""Tell LeDeR case backend: receives notifications from the bot and keeps them for ICB staff.

`create_app(config)` builds the Flask app; settings come from `config`, then the environment
(DATABASE_URL, CASE_BACKEND_API_TOKENS, MAX_CONTENT_LENGTH, AUTO_MIGRATE). The database schema
is made only by the Alembic migrations, run here at start-up unless AUTO_MIGRATE is false.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from case_backend.config import load_config
from case_backend.db import Database
from case_backend.errors import register_error_handlers
from case_backend.migrate import upgrade

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    settings = load_config(config)
    app = Flask(__name__)
    app.config.update(settings)
    app.json.sort_keys = False  # keep the contract's field order in answers

    if settings["AUTO_MIGRATE"]:
        upgrade(settings["DATABASE_URL"])
    database = Database(settings["DATABASE_URL"])
    app.extensions["case_backend_db"] = database
    app.teardown_appcontext(database.remove)

    from case_backend.api import bp as api_v1

    app.register_blueprint(api_v1)
    register_error_handlers(app)
    if not settings["CASE_BACKEND_API_TOKENS"]:
        log.warning("CASE_BACKEND_API_TOKENS is not set: every API call will be refused (401)")
    return app

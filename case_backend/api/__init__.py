"""The case backend's service API, version 1: `/api/v1` (bearer-token clients such as the bot)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")

from case_backend.api import routes  # noqa: E402,F401  (registers the routes on bp)

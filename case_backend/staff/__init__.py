"""The staff pages: sign-in, queue, case pages, audit log (server-rendered, no JavaScript)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__)

from case_backend.staff import (  # noqa: E402,F401  (registers the routes on bp)
    admin_views,
    auth_views,
    case_views,
    queue_views,
)

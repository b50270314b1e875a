"""Staff sessions, cookies, CSRF and security headers.

A signed-in browser holds a random session token (inside Flask's signed session cookie); the
database keeps only its SHA-256 and when it was last used. That lets the server end a session
(sign-out, password change, idle time-out) and makes a fresh token at every sign-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import select

from case_backend.models import StaffSession, StaffUser

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = None  # the sign-in page says why on its own
login_manager.session_protection = None  # our server-side sessions do this job

# No scripts at all; styles only from our own file; no framing; forms post only to us.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
LAST_SEEN_GRANULARITY = dt.timedelta(seconds=30)  # avoid a write on every request


class SignedInStaff(UserMixin):
    """The current staff member, tied to one server-side session."""

    def __init__(self, user: StaffUser, token: str) -> None:
        self.id = user.id
        self.email = user.email
        self.display_name = user.display_name
        self.role = user.role
        self.icb = user.icb
        self._token = token

    def get_id(self) -> str:
        return self._token

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class StaffCookieInterface(SecureCookieSessionInterface):
    """Secure cookie when configured or when the request itself came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def start_session(db: Any, user: StaffUser) -> SignedInStaff:
    token = secrets.token_urlsafe(32)
    moment = now()
    db.add(StaffSession(token_hash=token_hash(token), user_id=user.id, created_at=moment,
                        last_seen_at=moment, ended_at=None))
    db.commit()
    return SignedInStaff(user, token)


def end_session(db: Any, token: str) -> None:
    row = db.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    if row is not None and row.ended_at is None:
        row.ended_at = now()
        db.commit()


def load_session(db: Any, token: str, idle: dt.timedelta) -> SignedInStaff | None:
    """The staff member of a live session, or None (unknown, ended, idle too long, inactive)."""
    row = db.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    moment = now()
    if moment - row.last_seen_at > idle:
        row.ended_at = moment
        db.commit()
        return None
    user = db.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    if moment - row.last_seen_at > LAST_SEEN_GRANULARITY:
        row.last_seen_at = moment
        db.commit()
    return SignedInStaff(user, token)


@login_manager.user_loader
def _load_user(token: str) -> SignedInStaff | None:
    idle = dt.timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    return load_session(current_app.extensions["case_backend_db"].session, token, idle)


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # same-origin, not no-referrer: over HTTPS, Flask-WTF checks the Referer of every form post.
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not request.path.startswith("/static/"):
        # Pages show health data: never kept by the browser or a proxy.
        headers["Cache-Control"] = "no-store"
    return response


def init_security(app: Flask) -> None:
    # Flask's own defaults are weaker (no SameSite): set ours outright.
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_NAME"] = "case_backend_session"
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # tied to the session, which times out
    app.session_interface = StaffCookieInterface()
    idle = dt.timedelta(minutes=app.config["STAFF_IDLE_MINUTES"])
    # The session cookie itself expires with the idle time-out as well.
    app.permanent_session_lifetime = idle
    csrf.init_app(app)
    login_manager.init_app(app)

    @app.errorhandler(CSRFError)
    def _csrf_refused(error: CSRFError) -> Any:
        from case_backend import audit
        from case_backend.errors import staff_error_page

        audit.record(app.extensions["case_backend_db"].session, "csrf_refused",
                     path=request.path[:200], reason=str(error.description)[:200])
        return staff_error_page(400)

    app.after_request(security_headers)

"""JSON errors and security headers for every response of the gateway."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from channels.config import Settings
from channels.rasa_client import RasaUnavailable
from channels.texts import t

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024

# HTTP status → (error code, text key) for errors that are not raised as ApiError.
_HTTP_ERRORS = {
    400: ("invalid_request", "gateway.error.invalid_request"),
    404: ("not_found", "gateway.error.not_found"),
    405: ("method_not_allowed", "gateway.error.method_not_allowed"),
    413: ("request_too_large", "gateway.error.request_too_large"),
}
_SERVER_ERROR = ("server_error", "gateway.error.server_error")

# Every error text the gateway uses (with sample parameters), checked at start-up so
# a missing text fails early rather than on the first error a person meets.
ERROR_TEXTS: dict[str, dict[str, Any]] = {
    "gateway.error.bot_unavailable": {},
    "gateway.error.conversation_not_found": {},
    "gateway.error.empty_message": {},
    "gateway.error.message_too_long": {"limit": 2000},
    "gateway.error.request_too_large": {},
    "gateway.error.invalid_request": {},
    "gateway.error.not_found": {},
    "gateway.error.method_not_allowed": {},
    "gateway.error.server_error": {},
    "gateway.error.cannot_connect": {},
}


class ApiError(Exception):
    """An error answer: HTTP status, error code, and the key of its kind message."""

    def __init__(
        self, status: int, code: str, key: str, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.key, self.params = status, code, key, params or {}


def error_response(status: int, code: str, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify({"error": code, "message": message, **extra}), status


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "media-src 'self'",
            "connect-src 'self'",
            "font-src 'self'",
            "frame-src 'none'",
            "worker-src 'none'",
            "manifest-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
            # The page never writes HTML from strings; make browsers enforce that.
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        )
    )


def install(app: Flask, settings: Settings) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    csp = content_security_policy(settings.frame_ancestors)

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return error_response(error.status, error.code, t(error.key, **error.params))

    @app.errorhandler(RasaUnavailable)
    def _rasa_unavailable(error: RasaUnavailable):
        return error_response(
            503, "bot_unavailable", t("gateway.error.bot_unavailable"), retry=True
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        code, key = _HTTP_ERRORS.get(status, _SERVER_ERROR)
        response, status = error_response(status, code, t(key))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response, status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("Unexpected error on %s %s", request.method, request.path)
        code, key = _SERVER_ERROR
        return error_response(500, code, t(key))

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = csp
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # The microphone only for voice mode's speech recognition, on this page itself.
        headers["Permissions-Policy"] = (
            "camera=(), geolocation=(), payment=(), usb=(), microphone=(self)"
        )
        if settings.frame_ancestors == "'self'":
            headers["X-Frame-Options"] = "SAMEORIGIN"  # for browsers without CSP 3
        if request.path.startswith("/api/") or request.path == "/healthz":
            headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in headers or request.path == "/":
            headers["Cache-Control"] = "no-cache"
        return response

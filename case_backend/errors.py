"""Errors as JSON for the API: a code, a clear message, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

# Machine-readable codes for the HTTP errors Flask and Werkzeug raise themselves.
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_notification",
    500: "internal_error",
}


def json_error(status: int, error: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": error, "message": message, **extra})
    response.status_code = status
    return response


def _is_api() -> bool:
    return request.path.startswith(API_PREFIX)


def staff_error_page(status: int) -> tuple[str, int]:
    """An HTML page for the staff side: plain words, no detail that could leak anything."""
    from case_backend.staff.labels import label

    title, text = label("error", str(status)) if str(status) in ("400", "403", "404", "405",
                                                                  "409", "413", "429") \
        else label("error", "500")
    return render_template("error.html", code=status, title=title, text=text), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if not _is_api():
            return staff_error_page(error.code or 500)
        status = error.code or 500
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"The request body is larger than the limit of {limit} bytes."
        else:
            message = error.description or error.name
        response = json_error(status, _CODES.get(status, error.name.lower().replace(" ", "_")),
                              message)
        for header in ("Allow", "WWW-Authenticate"):
            value = error.get_response().headers.get(header)
            if value:
                response.headers[header] = value
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.path)
        if not _is_api():
            return staff_error_page(500)
        return json_error(500, "internal_error", "Something went wrong on the server. "
                          "The error has been logged; please try again later.")

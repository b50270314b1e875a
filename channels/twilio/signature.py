"""Checking that a webhook really comes from Twilio (X-Twilio-Signature)."""

from __future__ import annotations

from flask import request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)


def public_url(public_base_url: str | None) -> str:
    """The URL Twilio called. Behind a proxy the request's own URL is the inner one
    (http://127.0.0.1:8080/...), so PUBLIC_BASE_URL gives the outer scheme and host."""
    if public_base_url is None:
        return request.url
    query = request.query_string.decode("latin-1")
    return public_base_url + request.path + (f"?{query}" if query else "")


def is_from_twilio(validator: RequestValidator, public_base_url: str | None) -> bool:
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    # request.form is a MultiDict: repeated fields are signed as Twilio signs them.
    return validator.validate(public_url(public_base_url), request.form, signature, algorithm)

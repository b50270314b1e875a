"""Bearer-token authentication of service clients (CASE_BACKEND_API_TOKENS)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request

from case_backend.errors import json_error

F = TypeVar("F", bound=Callable[..., Any])


def _presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def token_is_valid(presented: str, tokens: tuple[str, ...]) -> bool:
    """Constant-time comparison against every configured token (no early exit on a match)."""
    given = presented.encode("utf-8")
    matched = False
    for token in tokens:
        matched |= hmac.compare_digest(given, token.encode("utf-8"))
    return matched


def require_token(view: F) -> F:
    """Refuse with 401 unless the request carries one of the configured bearer tokens."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        tokens: tuple[str, ...] = current_app.config["CASE_BACKEND_API_TOKENS"]
        presented = _presented_token()
        if presented is None or not tokens or not token_is_valid(presented, tokens):
            response = json_error(
                401, "unauthorized", "A valid 'Authorization: Bearer <token>' header is needed."
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="case_backend"'
            return response
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]

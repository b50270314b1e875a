"""Helpers shared by the staff views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy.orm import Session

from case_backend import audit
from case_backend.crypto import Keys

F = TypeVar("F", bound=Callable[..., Any])


def db() -> Session:
    return current_app.extensions["case_backend_db"].session


def keys() -> Keys:
    return current_app.extensions["case_backend_keys"]


def roles_required(*roles: str) -> Callable[[F], F]:
    """403 for signed-in staff without one of `roles` (audited); sign-in is checked first."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                audit.record(db(), "access_refused", role_needed=list(roles),
                             reference=kwargs.get("reference"))
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator

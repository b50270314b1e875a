"""The append-only audit log: sign-ins, case views, exports, changes, refused access.

Entries never hold personal data (no names, no search terms): who, what, which reference.
The database refuses UPDATE and DELETE on the table (triggers made by the migration).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from case_backend.models import AuditEntry


def client_ip() -> str | None:
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:45] or None


def record(session: Session, action: str, *, reference: str | None = None,
           user: Any = None, actor: str | None = None, commit: bool = True,
           **detail: Any) -> AuditEntry:
    """Append one entry (committed at once unless commit=False, to join a change)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    entry = AuditEntry(
        at=dt.datetime.now(dt.timezone.utc),
        user_id=getattr(user, "id", None),
        actor=actor or getattr(user, "email", None),
        action=action,
        reference=reference,
        ip=client_ip(),
        detail=detail,
    )
    session.add(entry)
    if commit:
        session.commit()
    return entry


def latest(session: Session, *, reference: str | None = None, limit: int = 200
           ) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if reference:
        query = query.where(AuditEntry.reference == reference)
    return list(session.scalars(query))


def db_session() -> Session:
    return current_app.extensions["case_backend_db"].session

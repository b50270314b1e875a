"""Receiving notifications: recompute the policy, spot duplicates, store exactly once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from case_backend.duplicates import find_possible_duplicates, name_key
from case_backend.models import Notification
from contract.policy import decide_route, focused_review

# Values the backend works out itself: never trusted from the post, not part of its content.
COMPUTED_FIELDS = ("route", "focused_review", "possible_duplicates")


class ReferenceConflict(Exception):
    """A known reference arrived with different content."""


@dataclass(frozen=True)
class StoreResult:
    notification: Notification
    created: bool


def content_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The posted notification without the values the backend computes."""
    return {key: value for key, value in doc.items() if key not in COMPUTED_FIELDS}


def content_hash(doc: dict[str, Any]) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces), so key order and spacing do not count."""
    canonical = json.dumps(
        content_of(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def store_notification(session: Session, doc: dict[str, Any]) -> StoreResult:
    """Store a schema-valid notification once per reference.

    The insert is tried first and the unique constraint on `reference` decides: a replay (or a
    concurrent double post) fails to insert, and is then answered from the row already stored.
    Raises ReferenceConflict when that row has different content.
    """
    person = doc.get("person") or {}
    digest = content_hash(doc)
    key = name_key(person.get("name"))
    born, died = _date(person.get("date_of_birth")), _date(person.get("date_of_death"))
    review = focused_review(doc)
    row = Notification(
        reference=doc["reference"],
        content_hash=digest,
        schema_version=doc["schema_version"],
        flow=doc["flow"],
        channel=doc["channel"],
        language=doc["language"],
        submitted_at=_utc(doc["submitted_at"]),
        received_at=dt.datetime.now(dt.timezone.utc),
        route=decide_route(doc),
        focused_review_required=review["required"],
        focused_review_reasons=review["reasons"],
        urgent=bool((doc.get("safeguarding") or {}).get("urgent")),
        icb=doc.get("icb"),
        name_key=key,
        date_of_birth=born,
        date_of_death=died,
        nhs_number=person.get("nhs_number"),
        payload=content_of(doc),
        possible_duplicates=[],
    )
    try:
        # Insert first: the unique constraint settles replays and races, and on SQLite the
        # write lock is taken before any read (a read-then-write transaction can fail at once
        # with "database is locked" when another writer got in between).
        session.add(row)
        session.flush()
        row.possible_duplicates = find_possible_duplicates(
            session,
            before_id=row.id,
            nhs_number=row.nhs_number,
            key=key,
            date_of_birth=born,
            date_of_death=died,
        )
        session.commit()
        return StoreResult(row, created=True)
    except IntegrityError:
        session.rollback()
    existing = get_notification(session, doc["reference"])
    if existing is None:  # the constraint that failed was not the reference: a real error
        raise RuntimeError(f"could not store notification {doc['reference']}")
    if existing.content_hash != digest:
        raise ReferenceConflict(doc["reference"])
    return StoreResult(existing, created=False)


def get_notification(session: Session, reference: str) -> Notification | None:
    return session.scalar(select(Notification).where(Notification.reference == reference))


def iso_utc(value: dt.datetime) -> str:
    """UTC time as the contract writes it: ISO 8601 ending in Z."""
    text = value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="milliseconds")
    return text + "Z"


def receipt(row: Notification) -> dict[str, Any]:
    """The answer to a post: what the backend decided about this notification."""
    return {
        "reference": row.reference,
        "route": row.route,
        "focused_review": {
            "required": row.focused_review_required,
            "reasons": list(row.focused_review_reasons),
        },
        "possible_duplicates": list(row.possible_duplicates),
        "received_at": iso_utc(row.received_at),
    }


def stored_document(row: Notification) -> dict[str, Any]:
    """The stored notification with the backend's own route, focused review and duplicates."""
    doc = dict(row.payload)
    doc["route"] = row.route
    doc["focused_review"] = {
        "required": row.focused_review_required,
        "reasons": list(row.focused_review_reasons),
    }
    doc["possible_duplicates"] = list(row.possible_duplicates)
    return doc

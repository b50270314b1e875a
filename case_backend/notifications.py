"""Receiving notifications: recompute the policy, spot duplicates, assign the ICB, encrypt,
store exactly once. All four flows arrive here (notify, focused_review, feedback, human)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from case_backend.crypto import Keys
from case_backend.duplicates import find_possible_duplicates
from case_backend.icb import lookup_icb
from case_backend.models import Notification, SearchToken
from case_backend.records import COMPUTED_FIELDS, content_of, protected_columns
from contract.policy import decide_route, focused_review

__all__ = ["COMPUTED_FIELDS", "content_of", "store_notification", "get_notification",
           "receipt", "stored_document", "ReferenceConflict", "StoreResult", "iso_utc"]


class ReferenceConflict(Exception):
    """A known reference arrived with different content."""


@dataclass(frozen=True)
class StoreResult:
    notification: Notification
    created: bool


def _utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def _decisions(doc: dict[str, Any]) -> dict[str, Any]:
    """Route and focused review: recomputed for notify; a focused_review request is itself a
    request for a focused review; feedback and call-back requests have neither."""
    if doc["flow"] == "notify":
        review = focused_review(doc)
        return {"route": decide_route(doc), "focused_review_required": review["required"],
                "focused_review_reasons": review["reasons"]}
    asked = doc["flow"] == "focused_review"
    return {"route": None, "focused_review_required": asked,
            "focused_review_reasons": ["family_request"] if asked else []}


def _icb(session: Session, doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """A request about a known notification goes to that notification's ICB; otherwise the
    person's home postcode, then GP practice; unmatched is None (the national queue)."""
    related = doc.get("related_reference")
    if related and doc["flow"] != "notify":
        row = get_notification(session, related)
        if row is not None and row.icb:
            return row.icb, "related"
    person = doc.get("person") or {}
    return lookup_icb(session, person.get("home_postcode"), person.get("gp_practice"))


def store_notification(session: Session, doc: dict[str, Any], keys: Keys) -> StoreResult:
    """Store a schema-valid notification once per reference.

    The insert is tried first and the unique constraint on `reference` decides: a replay (or a
    concurrent double post) fails to insert, and is then answered from the row already stored.
    Raises ReferenceConflict when that row has different content.
    """
    protected = protected_columns(doc, keys.cipher, keys.index)
    digests = protected.pop("search_digests")
    icb, icb_source = _icb(session, doc)
    row = Notification(
        reference=doc["reference"],
        schema_version=doc["schema_version"],
        flow=doc["flow"],
        channel=doc["channel"],
        language=doc["language"],
        submitted_at=_utc(doc["submitted_at"]),
        received_at=dt.datetime.now(dt.timezone.utc),
        urgent=bool((doc.get("safeguarding") or {}).get("urgent")),
        icb=icb,
        icb_source=icb_source,
        status="new",
        related_reference=doc.get("related_reference") if doc["flow"] != "notify" else None,
        possible_duplicates=[],
        **_decisions(doc),
        **protected,
    )
    try:
        # Insert first: the unique constraint settles replays and races, and on SQLite the
        # write lock is taken before any read (a read-then-write transaction can fail at once
        # with "database is locked" when another writer got in between).
        session.add(row)
        session.flush()
        if digests:
            session.execute(insert(SearchToken),
                            [{"notification_id": row.id, "digest": d} for d in digests])
        if row.flow == "notify":
            row.possible_duplicates = find_possible_duplicates(
                session,
                before_id=row.id,
                nhs_index=row.nhs_index,
                name_dob_index=row.name_dob_index,
                name_dod_index=row.name_dod_index,
            )
        session.commit()
        return StoreResult(row, created=True)
    except IntegrityError:
        session.rollback()
    existing = get_notification(session, doc["reference"])
    if existing is None:  # the constraint that failed was not the reference: a real error
        raise RuntimeError(f"could not store notification {doc['reference']}")
    if existing.content_hash != protected["content_hash"]:
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
        "icb": row.icb,
        "received_at": iso_utc(row.received_at),
    }


def stored_document(row: Notification, keys: Keys) -> dict[str, Any]:
    """The stored notification (decrypted) with the backend's own decisions.

    The transcript is left out once the retention command has purged it.
    """
    doc = dict(keys.cipher.decrypt_json(row.payload_enc))
    transcript = keys.cipher.decrypt_json(row.transcript_enc)
    if transcript is not None:
        doc["transcript"] = transcript
    if row.route is not None:
        doc["route"] = row.route
    doc["focused_review"] = {
        "required": row.focused_review_required,
        "reasons": list(row.focused_review_reasons),
    }
    doc["possible_duplicates"] = list(row.possible_duplicates)
    doc["icb"] = row.icb
    return doc

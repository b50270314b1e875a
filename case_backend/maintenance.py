"""Commands' work: key rotation and the transcript retention purge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from case_backend import audit
from case_backend.crypto import Keys
from case_backend.models import CaseNote, Notification, SearchToken
from case_backend.records import protected_columns

BATCH = 500


@dataclass(frozen=True)
class RotationResult:
    notifications: int
    notes: int


def rotate_keys(session: Session, keys: Keys) -> RotationResult:
    """Re-encrypt every record under the first (current) key and rebuild the blind indexes
    under the current index key. Old keys must still be listed so old records can be read;
    remove them from the environment only after this has run."""
    done = notes_done = 0
    last_id = 0
    while True:
        rows = list(session.scalars(select(Notification).where(Notification.id > last_id)
                                    .order_by(Notification.id).limit(BATCH)))
        if not rows:
            break
        for row in rows:
            doc = keys.cipher.decrypt_json(row.payload_enc)
            transcript = keys.cipher.decrypt_json(row.transcript_enc)
            if transcript is not None:
                doc["transcript"] = transcript
            fresh = protected_columns(doc, keys.cipher, keys.index)
            digests = fresh.pop("search_digests")
            if row.transcript_purged_at is not None:
                # The posted content can no longer be rebuilt: keep its hash as it was.
                fresh.pop("content_hash")
                fresh.pop("transcript_enc")
            for column, value in fresh.items():
                setattr(row, column, value)
            session.execute(delete(SearchToken).where(SearchToken.notification_id == row.id))
            if digests:
                session.execute(insert(SearchToken),
                                [{"notification_id": row.id, "digest": d} for d in digests])
            done += 1
        last_id = rows[-1].id
        session.commit()
    for note in session.scalars(select(CaseNote).where(CaseNote.text_enc.is_not(None))):
        note.text_enc = keys.cipher.rotate(note.text_enc)
        notes_done += 1
    audit.record(session, "keys_rotated", actor="command", notifications=done,
                 notes=notes_done)
    return RotationResult(done, notes_done)


def purge_transcripts(session: Session, days: int, *, now: dt.datetime | None = None) -> int:
    """Delete conversation transcripts received more than `days` days ago; returns how many."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    moment = now or dt.datetime.now(dt.timezone.utc)
    cutoff = moment - dt.timedelta(days=days)
    rows = list(session.scalars(select(Notification).where(
        Notification.received_at < cutoff, Notification.transcript_enc.is_not(None))))
    for row in rows:
        row.transcript_enc = None
        row.transcript_purged_at = moment
    audit.record(session, "transcripts_purged", actor="command", commit=False,
                 count=len(rows), retention_days=days, cutoff=cutoff.isoformat(),
                 references=[row.reference for row in rows][:1000])
    session.commit()
    return len(rows)

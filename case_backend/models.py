"""Typed SQLAlchemy models of the case backend. The tables are made only by the migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDocument = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no time zone, so add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Notification(Base):
    """One submission (any flow) as received. Personal data is only in the encrypted columns;
    the plain columns are what the queue, the ICB scoping and the workflow need."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The idempotency key: the unique constraint makes a second row impossible.
    reference: Mapped[str] = mapped_column(String(13), unique=True)
    # Keyed hash of the posted content: a replay with other content is refused.
    content_hash: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[str] = mapped_column(String(10))
    flow: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(8))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    route: Mapped[str | None] = mapped_column(String(30))  # computed for notify only
    focused_review_required: Mapped[bool]
    focused_review_reasons: Mapped[list[str]] = mapped_column(JsonDocument)
    urgent: Mapped[bool]
    icb: Mapped[str | None] = mapped_column(String(50))  # ODS code; None = national queue
    icb_source: Mapped[str | None] = mapped_column(String(20))  # postcode, gp_practice, admin
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    related_reference: Mapped[str | None] = mapped_column(String(13))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))
    # Blind indexes (HMAC) for duplicate matching: same NHS number, name + date of birth/death.
    nhs_index: Mapped[str | None] = mapped_column(String(64))
    name_dob_index: Mapped[str | None] = mapped_column(String(64))
    name_dod_index: Mapped[str | None] = mapped_column(String(64))
    possible_duplicates: Mapped[list[str]] = mapped_column(JsonDocument)
    # Encrypted (Fernet) personal data: the name for the queue, the notification as posted
    # (without computed values and transcript), and the transcript (purged after retention).
    person_name_enc: Mapped[str | None] = mapped_column(Text)
    payload_enc: Mapped[str] = mapped_column(Text)
    transcript_enc: Mapped[str | None] = mapped_column(Text)
    transcript_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_notifications_nhs_index", "nhs_index"),
        Index("ix_notifications_name_dob_index", "name_dob_index"),
        Index("ix_notifications_name_dod_index", "name_dod_index"),
        Index("ix_notifications_received_at", "received_at"),
        Index("ix_notifications_queue", "icb", "urgent", "focused_review_required",
              "received_at"),
        Index("ix_notifications_route_received_at", "route", "received_at"),
        Index("ix_notifications_related_reference", "related_reference"),
    )


class SearchToken(Base):
    """Blind-index digests of a notification's searchable values (full name, each name word,
    NHS number): search finds digests, never decrypts every record."""

    __tablename__ = "search_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        # (digest, notification_id): a search is answered from the index alone.
        Index("ix_search_tokens_digest", "digest", "notification_id"),
        Index("ix_search_tokens_notification_id", "notification_id"),
    )


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    icb: Mapped[str | None] = mapped_column(String(50))  # None only for national admins
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is stored, so the
    session can be ended server-side (sign-out, password change, idle time-out)."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_staff_sessions_user_id", "user_id"),)


class LoginAttempt(Base):
    """Sign-in attempts, for the per-address rate limit (shared by every server process)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ip: Mapped[str] = mapped_column(String(45))
    success: Mapped[bool]

    __table_args__ = (Index("ix_login_attempts_ip_at", "ip", "at"),)


class CaseNote(Base):
    """A note or status change on a case; the text is encrypted (it may name people)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str | None] = mapped_column(String(20))
    text_enc: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_case_notes_notification_id", "notification_id"),)


class AuditEntry(Base):
    """Append-only: database triggers refuse UPDATE and DELETE. No personal data in `detail`."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None]
    actor: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(13))
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDocument)

    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_reference", "reference"),
    )


class LookupSource(Base):
    """Where an ICB lookup table came from (file, publisher's date) and when it was loaded."""

    __tablename__ = "lookup_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # postcode or gp_practice
    source: Mapped[str] = mapped_column(String(300))
    published: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    rows: Mapped[int]


class PostcodeIcb(Base):
    __tablename__ = "postcode_icb"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # "LS1 4DY"
    icb_code: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int] = mapped_column(ForeignKey("lookup_sources.id"))


class GpPracticeIcb(Base):
    """GP practices by normalised name (the contract carries the practice name as said)."""

    __tablename__ = "gp_practice_icb"

    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    practice_code: Mapped[str] = mapped_column(String(10))
    icb_code: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int] = mapped_column(ForeignKey("lookup_sources.id"))

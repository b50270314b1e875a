"""Typed SQLAlchemy models of the case backend. The tables are made only by the migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Index, MetaData, String, TypeDecorator
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
    """One notification as received, with the columns the duplicate check and the queue need."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The idempotency key: the unique constraint makes a second row impossible.
    reference: Mapped[str] = mapped_column(String(13), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[str] = mapped_column(String(10))
    flow: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(8))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    route: Mapped[str] = mapped_column(String(30))
    focused_review_required: Mapped[bool]
    focused_review_reasons: Mapped[list[str]] = mapped_column(JsonDocument)
    urgent: Mapped[bool]
    icb: Mapped[str | None] = mapped_column(String(50))
    name_key: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date | None]
    date_of_death: Mapped[dt.date | None]
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    possible_duplicates: Mapped[list[str]] = mapped_column(JsonDocument)
    # The notification as posted, without the values the backend computes itself.
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDocument)

    __table_args__ = (
        Index("ix_notifications_nhs_number", "nhs_number"),
        Index("ix_notifications_name_key_date_of_death", "name_key", "date_of_death"),
        Index("ix_notifications_name_key_date_of_birth", "name_key", "date_of_birth"),
        Index("ix_notifications_received_at", "received_at"),
        Index("ix_notifications_urgent_received_at", "urgent", "received_at"),
        Index("ix_notifications_route_received_at", "route", "received_at"),
        Index("ix_notifications_icb_received_at", "icb", "received_at"),
    )

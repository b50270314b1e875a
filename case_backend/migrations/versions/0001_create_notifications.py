"""Create the notifications table.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=13), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.String(length=10), nullable=False),
        sa.Column("flow", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("route", sa.String(length=30), nullable=False),
        sa.Column("focused_review_required", sa.Boolean(), nullable=False),
        sa.Column("focused_review_reasons", JSON_DOCUMENT, nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("icb", sa.String(length=50), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("date_of_death", sa.Date(), nullable=True),
        sa.Column("nhs_number", sa.String(length=10), nullable=True),
        sa.Column("possible_duplicates", JSON_DOCUMENT, nullable=False),
        sa.Column("payload", JSON_DOCUMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        sa.UniqueConstraint("reference", name="uq_notifications_reference"),
    )
    op.create_index("ix_notifications_nhs_number", "notifications", ["nhs_number"])
    op.create_index(
        "ix_notifications_name_key_date_of_death", "notifications", ["name_key", "date_of_death"]
    )
    op.create_index(
        "ix_notifications_name_key_date_of_birth", "notifications", ["name_key", "date_of_birth"]
    )
    op.create_index("ix_notifications_received_at", "notifications", ["received_at"])
    op.create_index(
        "ix_notifications_urgent_received_at", "notifications", ["urgent", "received_at"]
    )
    op.create_index("ix_notifications_route_received_at", "notifications", ["route", "received_at"])
    op.create_index("ix_notifications_icb_received_at", "notifications", ["icb", "received_at"])


def downgrade() -> None:
    op.drop_table("notifications")

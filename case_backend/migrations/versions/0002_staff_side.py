"""Staff side: encrypted personal data, blind indexes, staff accounts, sessions, audit log,
workflow, ICB lookup tables.

Existing notifications are encrypted in place with the app's keys (passed by case_backend.migrate,
else CASE_BACKEND_* from the environment), and their plaintext columns dropped.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TZ = sa.DateTime(timezone=True)

OLD_INDEXES = (
    "ix_notifications_nhs_number",
    "ix_notifications_name_key_date_of_death",
    "ix_notifications_name_key_date_of_birth",
    "ix_notifications_urgent_received_at",
    "ix_notifications_icb_received_at",
)


def _keys():  # the app's cipher and blind index
    from case_backend.config import load_config
    from case_backend.crypto import BlindIndex, FieldCipher

    given = context.config.attributes.get("keys")
    if given is not None:
        return given
    settings = load_config({"AUTO_MIGRATE": False})
    return FieldCipher(settings["ENCRYPTION_KEYS"]), BlindIndex(settings["INDEX_KEY"])


def _create_tables() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("icb", sa.String(50), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("password_changed_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("email", name="uq_staff_users_email"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["staff_users.id"],
                                name="fk_staff_sessions_user_id_staff_users"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_staff_sessions_token_hash"),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("ip", sa.String(45), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(254), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(13), nullable=True),
        sa.Column("ip", sa.String(45), nullable=True),
        sa.Column("detail", JSON_DOCUMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_reference", "audit_log", ["reference"])
    op.create_table(
        "lookup_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("published", sa.String(40), nullable=False),
        sa.Column("imported_at", TZ, nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lookup_sources"),
    )
    op.create_table(
        "postcode_icb",
        sa.Column("postcode", sa.String(8), nullable=False),
        sa.Column("icb_code", sa.String(10), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["lookup_sources.id"],
                                name="fk_postcode_icb_source_id_lookup_sources"),
        sa.PrimaryKeyConstraint("postcode", name="pk_postcode_icb"),
    )
    op.create_table(
        "gp_practice_icb",
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("practice_code", sa.String(10), nullable=False),
        sa.Column("icb_code", sa.String(10), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["lookup_sources.id"],
                                name="fk_gp_practice_icb_source_id_lookup_sources"),
        sa.PrimaryKeyConstraint("name_key", name="pk_gp_practice_icb"),
    )


def _create_dependent_tables() -> None:
    op.create_table(
        "search_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"], ondelete="CASCADE",
                                name="fk_search_tokens_notification_id_notifications"),
        sa.PrimaryKeyConstraint("id", name="pk_search_tokens"),
    )
    op.create_index("ix_search_tokens_digest", "search_tokens", ["digest", "notification_id"])
    op.create_index("ix_search_tokens_notification_id", "search_tokens", ["notification_id"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("status_from", sa.String(20), nullable=True),
        sa.Column("status_to", sa.String(20), nullable=True),
        sa.Column("text_enc", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"],
                                name="fk_case_notes_notification_id_notifications"),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"],
                                name="fk_case_notes_author_id_staff_users"),
        sa.PrimaryKeyConstraint("id", name="pk_case_notes"),
    )
    op.create_index("ix_case_notes_notification_id", "case_notes", ["notification_id"])


def _audit_log_append_only() -> None:
    """Refuse UPDATE and DELETE on the audit log in the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def _encrypt_existing_rows() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, payload FROM notifications")).mappings().all()
    if not rows:
        return
    from case_backend.records import protected_columns

    cipher, index = _keys()
    for row in rows:
        payload = row["payload"]
        if isinstance(payload, str):
            import json

            payload = json.loads(payload)
        values = protected_columns(payload, cipher, index)
        bind.execute(
            sa.text(
                "UPDATE notifications SET content_hash=:content_hash, "
                "person_name_enc=:person_name_enc, "
                "payload_enc=:payload_enc, transcript_enc=:transcript_enc, "
                "nhs_index=:nhs_index, name_dob_index=:name_dob_index, "
                "name_dod_index=:name_dod_index WHERE id=:id"
            ),
            {**{k: v for k, v in values.items() if k != "search_digests"}, "id": row["id"]},
        )
        for digest in values["search_digests"]:
            bind.execute(
                sa.text("INSERT INTO search_tokens (notification_id, digest) VALUES (:n, :d)"),
                {"n": row["id"], "d": digest},
            )


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("notifications") as batch:
        for name in OLD_INDEXES:
            batch.drop_index(name)
        batch.alter_column("route", existing_type=sa.String(30), nullable=True)
        batch.add_column(sa.Column("icb_source", sa.String(20), nullable=True))
        batch.add_column(sa.Column("status", sa.String(20), nullable=False,
                                   server_default="new"))
        batch.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("related_reference", sa.String(13), nullable=True))
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("nhs_index", sa.String(64), nullable=True))
        batch.add_column(sa.Column("name_dob_index", sa.String(64), nullable=True))
        batch.add_column(sa.Column("name_dod_index", sa.String(64), nullable=True))
        batch.add_column(sa.Column("person_name_enc", sa.Text(), nullable=True))
        batch.add_column(sa.Column("payload_enc", sa.Text(), nullable=True))
        batch.add_column(sa.Column("transcript_enc", sa.Text(), nullable=True))
        batch.add_column(sa.Column("transcript_purged_at", TZ, nullable=True))
        batch.create_foreign_key("fk_notifications_assignee_id_staff_users", "staff_users",
                                 ["assignee_id"], ["id"])
        batch.create_foreign_key("fk_notifications_merged_into_id_notifications",
                                 "notifications", ["merged_into_id"], ["id"])
    _create_dependent_tables()
    _encrypt_existing_rows()
    with op.batch_alter_table("notifications") as batch:
        batch.alter_column("status", existing_type=sa.String(20), server_default=None)
        batch.alter_column("payload_enc", existing_type=sa.Text(), nullable=False)
        for column in ("name_key", "date_of_birth", "date_of_death", "nhs_number", "payload"):
            batch.drop_column(column)
        batch.create_index("ix_notifications_nhs_index", ["nhs_index"])
        batch.create_index("ix_notifications_name_dob_index", ["name_dob_index"])
        batch.create_index("ix_notifications_name_dod_index", ["name_dod_index"])
        batch.create_index("ix_notifications_queue",
                           ["icb", "urgent", "focused_review_required", "received_at"])
        batch.create_index("ix_notifications_related_reference", ["related_reference"])
    _audit_log_append_only()


def downgrade() -> None:
    """Back to plaintext columns (decrypting every record with the app's keys)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("date_of_birth", sa.Date(), nullable=True))
        batch.add_column(sa.Column("date_of_death", sa.Date(), nullable=True))
        batch.add_column(sa.Column("nhs_number", sa.String(10), nullable=True))
        batch.add_column(sa.Column("payload", JSON_DOCUMENT, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, payload_enc, transcript_enc FROM notifications")).mappings().all()
    if rows:
        import datetime as dt

        from case_backend.duplicates import name_key

        cipher, _index = _keys()
        table = sa.table("notifications", sa.column("id"), sa.column("payload", JSON_DOCUMENT),
                         sa.column("name_key"), sa.column("nhs_number"),
                         sa.column("date_of_birth"), sa.column("date_of_death"))
        for row in rows:
            doc = cipher.decrypt_json(row["payload_enc"])
            transcript = cipher.decrypt_json(row["transcript_enc"])
            if transcript is not None:
                doc["transcript"] = transcript
            person = doc.get("person") or {}
            born, died = person.get("date_of_birth"), person.get("date_of_death")
            bind.execute(table.update().where(table.c.id == row["id"]).values(
                payload=doc, name_key=name_key(person.get("name")),
                nhs_number=person.get("nhs_number"),
                date_of_birth=dt.date.fromisoformat(born) if born else None,
                date_of_death=dt.date.fromisoformat(died) if died else None))
    op.drop_table("case_notes")
    op.drop_table("search_tokens")
    with op.batch_alter_table("notifications") as batch:
        for name in ("ix_notifications_nhs_index", "ix_notifications_name_dob_index",
                     "ix_notifications_name_dod_index", "ix_notifications_queue",
                     "ix_notifications_related_reference"):
            batch.drop_index(name)
        batch.drop_constraint("fk_notifications_assignee_id_staff_users", type_="foreignkey")
        batch.drop_constraint("fk_notifications_merged_into_id_notifications",
                              type_="foreignkey")
        for column in ("icb_source", "status", "assignee_id", "related_reference",
                       "merged_into_id", "nhs_index", "name_dob_index", "name_dod_index",
                       "person_name_enc", "payload_enc", "transcript_enc",
                       "transcript_purged_at"):
            batch.drop_column(column)
        batch.alter_column("payload", existing_type=JSON_DOCUMENT, nullable=False)
        batch.alter_column("route", existing_type=sa.String(30), nullable=False)
        batch.create_index("ix_notifications_nhs_number", ["nhs_number"])
        batch.create_index("ix_notifications_name_key_date_of_death",
                           ["name_key", "date_of_death"])
        batch.create_index("ix_notifications_name_key_date_of_birth",
                           ["name_key", "date_of_birth"])
        batch.create_index("ix_notifications_urgent_received_at", ["urgent", "received_at"])
        batch.create_index("ix_notifications_icb_received_at", ["icb", "received_at"])
    for table_name in ("gp_practice_icb", "postcode_icb", "lookup_sources", "audit_log",
                       "login_attempts", "staff_sessions", "staff_users"):
        op.drop_table(table_name)

"""Data protection: encrypted columns, blind-index search, key rotation, retention purge."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import create_engine, select, text, update

from case_backend.crypto import Keys
from case_backend.maintenance import purge_transcripts, rotate_keys
from case_backend.migrate import alembic_config, upgrade
from case_backend.models import Notification
from contract import load_example
from tests.case_backend.conftest import TEST_KEYS, TOKEN, Staff, engine_of

REPO = Path(__file__).resolve().parents[2]
NAME, NHS = "Zebedee Quintrell", "9434765919"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _raw_text(app: Flask) -> str:
    """Every value of every row of every table, as the database holds it."""
    engine = engine_of(app)
    parts = []
    with engine.connect() as conn:
        for table in ("notifications", "search_tokens", "case_notes", "audit_log"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_raw_columns_hold_no_plaintext_and_search_still_finds(staff: Staff) -> None:
    staff.user("a@example.org")
    doc = staff.notify(name=NAME, nhs_number=NHS)
    client = staff.client("a@example.org")
    reference = doc["reference"]
    staff.post_form(client, f"/cases/{reference}", f"/cases/{reference}/notes",
                    {"note": "Spoke to Zebedee's sister"})
    raw = _raw_text(staff.app)
    for secret in (NAME, "Zebedee", "Quintrell", "zebedeequintrell", NHS, "Grace Okafor",
                   "+447700900123", "nobody listened", "Zebedee's sister", "my brother"):
        assert secret.lower() not in raw.lower(), secret
    for query in (NAME, "zebedee", "QUINTRELL", "quintrell zebedee", "943 476 5919", NHS,
                  reference, reference.lower()):
        page = client.get("/", query_string={"q": query}).get_data(as_text=True)
        assert f"/cases/{reference}" in page, query
        assert NAME in page, query
    for query in ("Zebedee Smith", "Quint", "4010232137"):
        page = client.get("/", query_string={"q": query}).get_data(as_text=True)
        assert f"/cases/{reference}" not in page, query


def test_key_rotation_keeps_every_record_readable(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    staff = Staff(app)
    staff.user("admin@example.org", role="admin", icb=None)  # no postcode table: unassigned
    docs = [staff.notify(name=f"Person Number{i}", nhs_number=None) for i in range(3)]
    with engine_of(app).connect() as conn:
        before = {r[0]: r[1] for r in conn.execute(
            select(Notification.reference, Notification.payload_enc))}
    new_key = Fernet.generate_key().decode()
    new_index = "a-brand-new-index-key-" + "n" * 30
    rotated_settings = {"ENCRYPTION_KEYS": f"{new_key},{TEST_KEYS['ENCRYPTION_KEYS']}",
                        "INDEX_KEY": new_index}
    both = make_app(**rotated_settings)
    with both.app_context():
        result = rotate_keys(both.extensions["case_backend_db"].session,
                             Keys.from_settings(both.config))
    assert result.notifications == 3
    with engine_of(app).connect() as conn:
        after = {r[0]: r[1] for r in conn.execute(
            select(Notification.reference, Notification.payload_enc))}
    assert all(after[ref] != before[ref] for ref in before)
    # The old key can now go: the new key alone reads everything, and search still works.
    only_new = make_app(ENCRYPTION_KEYS=new_key, INDEX_KEY=new_index)
    api = only_new.test_client()
    for doc in docs:
        stored = api.get(f"/api/v1/notifications/{doc['reference']}", headers=AUTH)
        assert stored.status_code == 200
        assert stored.get_json()["person"]["name"] == doc["person"]["name"]
        # A replay of the same post is still recognised as the same content.
        assert api.post("/api/v1/notifications", json=doc, headers=AUTH).status_code == 200
    client = Staff(only_new).client("admin@example.org")
    page = client.get("/", query_string={"q": "Number1"}).get_data(as_text=True)
    assert f"/cases/{docs[1]['reference']}" in page
    assert f"/cases/{docs[0]['reference']}" not in page
    # Without the key that encrypted them, records cannot be read at all.
    stranger = make_app(ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert stranger.test_client().get(
        f"/api/v1/notifications/{docs[0]['reference']}", headers=AUTH).status_code == 500


def test_rotate_keys_command(staff: Staff, database_url: str) -> None:
    doc = staff.notify(name=NAME)
    new_key = Fernet.generate_key().decode()
    env = {**os.environ, "DATABASE_URL": database_url,
           "CASE_BACKEND_SECRET_KEY": TEST_KEYS["SECRET_KEY"],
           "CASE_BACKEND_INDEX_KEY": TEST_KEYS["INDEX_KEY"],
           "CASE_BACKEND_ENCRYPTION_KEYS": f"{new_key},{TEST_KEYS['ENCRYPTION_KEYS']}"}
    result = subprocess.run([sys.executable, "-m", "case_backend", "rotate-keys"], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "re-encrypted 1 notifications" in result.stdout
    with engine_of(staff.app).connect() as conn:
        token = conn.execute(select(Notification.person_name_enc)).scalar_one()
    assert Fernet(new_key).decrypt(token.encode()).decode() == NAME
    assert doc["reference"]


def test_existing_plaintext_rows_are_encrypted_by_the_migration(empty_database_url: str
                                                                ) -> None:
    upgrade(empty_database_url, revision="0001")
    doc = copy.deepcopy(load_example("notify"))
    doc["person"]["name"] = NAME
    engine = create_engine(empty_database_url)
    payload = {k: v for k, v in doc.items()
               if k not in ("route", "focused_review", "possible_duplicates")}
    import json

    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO notifications (reference, content_hash, schema_version, flow, channel,"
            " language, submitted_at, received_at, route, focused_review_required,"
            " focused_review_reasons, urgent, icb, name_key, nhs_number, possible_duplicates,"
            " payload) VALUES (:ref, 'x', '1.0', 'notify', 'web', 'en', :at, :at, 'leder', true,"
            " '[]', false, null, 'zebedeequintrell', :nhs, '[]', :payload)"),
            {"ref": doc["reference"], "at": dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc),
             "nhs": NHS, "payload": json.dumps(payload)})
    keys = Keys(TEST_KEYS["ENCRYPTION_KEYS"].split(","), TEST_KEYS["INDEX_KEY"])
    upgrade(empty_database_url, keys=keys)
    with engine.connect() as conn:
        raw = " ".join(str(v) for row in conn.execute(text("SELECT * FROM notifications"))
                       for v in row)
    assert NAME not in raw and NHS not in raw
    from case_backend import create_app

    app = create_app({"DATABASE_URL": empty_database_url, "CASE_BACKEND_API_TOKENS": TOKEN,
                      **TEST_KEYS})
    try:
        stored = app.test_client().get(f"/api/v1/notifications/{doc['reference']}",
                                       headers=AUTH).get_json()
        assert stored["person"]["name"] == NAME
        assert stored["transcript"] == doc["transcript"]
        # The old post replayed is the same content (the hash was recomputed with the key).
        again = app.test_client().post("/api/v1/notifications", json=doc, headers=AUTH)
        assert again.status_code == 200
    finally:
        app.extensions["case_backend_db"].dispose()
    command.downgrade(alembic_config(empty_database_url, keys), "0001")
    with engine.connect() as conn:
        assert NAME in str(conn.execute(text("SELECT payload FROM notifications")).scalar_one())
    engine.dispose()


def test_retention_purges_old_transcripts_and_logs_it(staff: Staff) -> None:
    old, new = staff.notify(name="Old Case"), staff.notify(name="New Case")
    with engine_of(staff.app).begin() as conn:
        conn.execute(update(Notification).where(Notification.reference == old["reference"])
                     .values(received_at=dt.datetime.now(dt.timezone.utc)
                             - dt.timedelta(days=400)))
    mark = staff.audit_mark()
    with staff.app.app_context():
        assert purge_transcripts(staff.db, 365) == 1
        assert purge_transcripts(staff.db, 365) == 0  # nothing left to purge
    api = staff.app.test_client()
    purged = api.get(f"/api/v1/notifications/{old['reference']}", headers=AUTH).get_json()
    kept = api.get(f"/api/v1/notifications/{new['reference']}", headers=AUTH).get_json()
    assert "transcript" not in purged and purged["person"]["name"] == "Old Case"
    assert kept["transcript"] == new["transcript"]
    entries = [e for e in staff.audit_since(mark) if e.action == "transcripts_purged"]
    assert entries[0].detail["count"] == 1
    assert entries[0].detail["references"] == [old["reference"]]
    staff.user("a@example.org")
    page = staff.client("a@example.org").get(f"/cases/{old['reference']}").get_data(
        as_text=True)
    assert "transcript was deleted" in page


@pytest.mark.parametrize("days", [-1])
def test_negative_retention_is_refused(staff: Staff, days: int) -> None:
    with staff.app.app_context(), pytest.raises(ValueError):
        purge_transcripts(staff.db, days)



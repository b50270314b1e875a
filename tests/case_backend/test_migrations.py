"""The schema is made only by the Alembic migrations, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from case_backend import create_app
from case_backend.migrate import MIGRATIONS_DIR, alembic_config, current_revision, upgrade
from case_backend.models import Base
from tests.case_backend.conftest import TEST_KEYS

REPO = Path(__file__).resolve().parents[2]


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_makes_every_table(empty_database_url: str) -> None:
    assert _tables(empty_database_url) == set()
    assert current_revision(empty_database_url) is None
    upgrade(empty_database_url)
    assert _tables(empty_database_url) == set(Base.metadata.tables) | {"alembic_version"}
    assert {"notifications", "staff_users", "audit_log", "postcode_icb"} <= _tables(
        empty_database_url)
    assert current_revision(empty_database_url) == _head()
    upgrade(empty_database_url)  # a second run changes nothing
    assert current_revision(empty_database_url) == _head()


def test_migrations_match_the_models(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_empty_and_up_again(empty_database_url: str) -> None:
    from alembic import command

    upgrade(empty_database_url)
    command.downgrade(alembic_config(empty_database_url), "base")
    assert _tables(empty_database_url) == {"alembic_version"}
    upgrade(empty_database_url)
    assert "notifications" in _tables(empty_database_url)


def test_create_app_migrates_at_start_up(empty_database_url: str) -> None:
    app = create_app({"DATABASE_URL": empty_database_url, "CASE_BACKEND_API_TOKENS": "t",
                      **TEST_KEYS})
    try:
        assert current_revision(empty_database_url) == _head()
    finally:
        app.extensions["case_backend_db"].dispose()


@pytest.mark.parametrize("flag", [False, "false", "0", "no"])
def test_auto_migrate_off_leaves_the_database_alone(
    empty_database_url: str, flag: Any, example: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app({"DATABASE_URL": empty_database_url, "CASE_BACKEND_API_TOKENS": "t",
                      "AUTO_MIGRATE": flag, **TEST_KEYS})
    try:
        assert _tables(empty_database_url) == set()
        # Posting to an unmigrated database is a server fault: a 500 in JSON, no stack trace.
        response = app.test_client().post("/api/v1/notifications", json=example,
                                          headers={"Authorization": "Bearer t"})
        assert response.status_code == 500
        body = response.get_json()
        assert body["error"] == "internal_error"
        assert "Traceback" not in response.get_data(as_text=True)
        assert "notifications" not in body["message"]
        assert any("unexpected error on POST /api/v1/notifications" in r.getMessage()
                   and r.exc_info for r in caplog.records)
    finally:
        app.extensions["case_backend_db"].dispose()


def test_upgrade_command(empty_database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database_url,
           **{f"CASE_BACKEND_{name}": value for name, value in TEST_KEYS.items()}}
    result = subprocess.run(
        [sys.executable, "-m", "case_backend", "upgrade"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"database at revision {_head()}" in result.stdout
    assert current_revision(empty_database_url) == _head()


def test_no_code_creates_tables_outside_the_migrations() -> None:
    package = MIGRATIONS_DIR.parent
    offenders = [
        path for path in package.rglob("*.py")
        if "create_all(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_default_database_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    from case_backend.config import load_config

    monkeypatch.setenv("TELL_LEDER_VAR", str(tmp_path))  # development keys go there

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config()["DATABASE_URL"] == f"sqlite:///{REPO / 'var' / 'case_backend.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert load_config()["DATABASE_URL"] == "postgresql+psycopg://u@h/db"

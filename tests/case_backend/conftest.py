"""Fixtures for the case backend: every API test runs on SQLite and on PostgreSQL.

PostgreSQL: one fresh database per test session (tellleder_test_<random>), made through the
admin URL postgresql+psycopg://postgres@127.0.0.1:5432/test (env TEST_POSTGRES_URL overrides)
and dropped at the end; the notifications table is emptied before each test.
"""

from __future__ import annotations

import copy
import os
import re
import secrets
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from case_backend import create_app
from case_backend.models import Notification
from contract import load_example
from contract.reference import new_reference

TOKEN = "test-token-" + "x" * 32
OTHER_TOKEN = "second-client-token"
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Fixed test keys (never used elsewhere), so every app of a test reads the same records.
TEST_KEYS = {
    "SECRET_KEY": "test-secret-key-" + "s" * 32,
    "ENCRYPTION_KEYS": "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=",
    "INDEX_KEY": "test-index-key-" + "i" * 32,
}

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _admin_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_pg_database() -> str:
    """A new empty PostgreSQL database; returns its SQLAlchemy URL."""
    name = f"tellleder_test_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(_admin_url()), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_libpq(_admin_url()), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it (not even migrations), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'case_backend.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build apps on this test's database (migrated, and emptied on PostgreSQL).

    Keyword arguments override the settings; a value of None leaves the setting to the environment.
    """
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        config = {
            "DATABASE_URL": database_url,
            "CASE_BACKEND_API_TOKENS": f"{TOKEN}, {OTHER_TOKEN}",
            "TESTING": True,
            **TEST_KEYS,
            **overrides,
        }
        # An override of None means "not given": the environment decides.
        app = create_app({key: value for key, value in config.items() if value is not None})
        apps.append(app)
        engine = engine_of(app)
        if engine.dialect.name == "postgresql" and len(apps) == 1 and _has_table(engine):
            empty_tables(engine)
        return app

    yield factory
    for app in apps:
        app.extensions["case_backend_db"].dispose()


# Every table but the audit log, which the database keeps append-only (tests read it by id).
MUTABLE_TABLES = ("notifications", "search_tokens", "case_notes", "staff_sessions",
                  "staff_users", "login_attempts", "postcode_icb", "gp_practice_icb",
                  "lookup_sources")


def empty_tables(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(MUTABLE_TABLES)} RESTART IDENTITY"))


def _has_table(engine: Engine) -> bool:
    return inspect(engine).has_table("notifications")


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def example() -> dict[str, Any]:
    return copy.deepcopy(load_example("notify"))


def engine_of(app: Flask) -> Engine:
    return app.extensions["case_backend_db"].engine


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def count_rows(app: Flask) -> Callable[..., int]:
    """How many notifications are stored (with this reference, if given)."""

    def count(reference: str | None = None) -> int:
        query = select(func.count()).select_from(Notification)
        if reference:
            query = query.where(Notification.reference == reference)
        with engine_of(app).connect() as conn:
            return int(conn.execute(query).scalar_one())

    return count


@pytest.fixture
def make_notification() -> Callable[..., dict[str, Any]]:
    """A valid notify notification with a new reference and the given person fields."""

    def make(**person: Any) -> dict[str, Any]:
        doc = copy.deepcopy(load_example("notify"))
        doc["reference"] = new_reference()
        doc["person"].update(person)
        return doc

    return make


@pytest.fixture
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the staff side ---------------------------------------------------------------------------

STAFF_PASSWORD = "correct horse battery staple"
ICB_A, ICB_B = "QWO", "QOP"  # West Yorkshire (LS1 4DY), Greater Manchester (M1 1AE)
POSTCODE_A, POSTCODE_B = "LS1 4DY", "M1 1AE"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Staff:
    """Makes staff accounts, signs them in and posts notifications, on one app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.db = app.extensions["case_backend_db"].session

    def user(self, email: str, role: str = "local_area_contact", icb: str | None = ICB_A,
             name: str | None = None) -> Any:
        from case_backend.accounts import create_user

        with self.app.app_context():
            return create_user(self.db, email=email, display_name=name or email.split("@")[0],
                               role=role, icb=icb, password=STAFF_PASSWORD)

    def client(self, email: str | None = None, password: str = STAFF_PASSWORD,
               **client_args: Any) -> FlaskClient:
        client = self.app.test_client(**client_args)
        if email:
            response = self.login(client, email, password)
            assert response.status_code == 302, response.get_data(as_text=True)
        return client

    @staticmethod
    def login(client: FlaskClient, email: str, password: str, **kwargs: Any) -> Any:
        page = client.get("/login", **kwargs)
        token = csrf_token(page.get_data(as_text=True))
        return client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token}, **kwargs)

    @staticmethod
    def post_form(client: FlaskClient, page_url: str, url: str, data: dict[str, Any]) -> Any:
        """Post a form the way a browser does: with the CSRF token of the page it is on."""
        token = csrf_token(client.get(page_url).get_data(as_text=True))
        return client.post(url, data={**data, "csrf_token": token})

    def post(self, doc: dict[str, Any]) -> dict[str, Any]:
        response = self.app.test_client().post(
            "/api/v1/notifications", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    def notify(self, postcode: str | None = POSTCODE_A, top: dict[str, Any] | None = None,
               **person: Any) -> dict[str, Any]:
        """Post a notify notification (person fields as keywords, others in `top`)."""
        doc = copy.deepcopy(load_example("notify"))
        doc["reference"] = new_reference()
        doc["person"].update({"home_postcode": postcode, **person})
        doc.update(top or {})
        self.post(doc)
        return doc

    def audit_mark(self) -> int:
        from case_backend.models import AuditEntry

        with engine_of(self.app).connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(AuditEntry.id), 0)))
                       .scalar_one())

    def audit_since(self, mark: int) -> list[Any]:
        from case_backend.models import AuditEntry

        with engine_of(self.app).connect() as conn:
            return list(conn.execute(select(AuditEntry).where(AuditEntry.id > mark)
                                     .order_by(AuditEntry.id)))


@pytest.fixture
def staff_app(make_app: Callable[..., Flask]) -> Flask:
    """An app with the sample postcode table loaded (LS1 4DY -> QWO, M1 1AE -> QOP...)."""
    from case_backend.icb import SAMPLE_POSTCODES, import_postcodes

    app = make_app()
    with app.app_context():
        import_postcodes(app.extensions["case_backend_db"].session, SAMPLE_POSTCODES,
                         source="tests: case_backend/data/sample_postcodes.csv",
                         published="sample")
    return app


@pytest.fixture
def staff(staff_app: Flask) -> Staff:
    return Staff(staff_app)

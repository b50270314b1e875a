"""Fixtures for the case backend: every API test runs on SQLite and on PostgreSQL.

PostgreSQL: one fresh database per test session (tellleder_test_<random>), made through the
admin URL postgresql+psycopg://postgres@127.0.0.1:5432/test (env TEST_POSTGRES_URL overrides)
and dropped at the end; the notifications table is emptied before each test.
"""

from __future__ import annotations

import copy
import os
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
            **overrides,
        }
        # An override of None means "not given": the environment decides.
        app = create_app({key: value for key, value in config.items() if value is not None})
        apps.append(app)
        engine = engine_of(app)
        if engine.dialect.name == "postgresql" and len(apps) == 1 and _has_table(engine):
            with engine.begin() as conn:
                conn.execute(text("TRUNCATE notifications RESTART IDENTITY"))
        return app

    yield factory
    for app in apps:
        app.extensions["case_backend_db"].dispose()


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

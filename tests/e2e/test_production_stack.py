"""The production settings: PostgreSQL for every database and a Redis lock store.

One whole conversation, a restart of the Rasa server in the middle, and the
record in the PostgreSQL case backend.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
import redis

from scripts.services import Ports, Services, free_port
from tests.e2e.chat import Chat
from tests.e2e.test_stop_resume_and_outbox import SHORT

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ADMIN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


def _dsn(database: str) -> str:
    return f"{ADMIN.rsplit('/', 1)[0]}/{database}"


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    names = {part: f"tellleder_{part}_{secrets.token_hex(4)}"
             for part in ("tracker", "backend", "outbox")}
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE DATABASE "{name}"')
    redis_db = "5"
    redis.Redis(host="127.0.0.1", port=6379, db=int(redis_db)).flushdb()
    env = {
        "RASA_ENDPOINTS": "bot/endpoints.production.yml",
        "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": names["tracker"], "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "", "TRACKER_DB_LOGIN_DB": "test",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": redis_db,
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{names['backend']}",
        "OUTBOX_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{names['outbox']}",
        "OUTBOX_RETRY_SECONDS": "1",
    }
    ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port(),
                  gateway=free_port())
    services = Services(var=tmp_path_factory.mktemp("prod-var"), ports=ports, extra_env=env)
    try:
        services.start_all()
        yield services
    finally:
        services.stop_all()
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_notification_on_postgresql_and_redis(production: Services) -> None:
    chat = Chat(gateway=f"http://127.0.0.1:{production.ports.gateway}")
    chat.start()
    chat.say("my sun dyed last week")
    chat.say("Peter Jones")
    chat.say("Margaret Jones")
    chat.say("my son")
    production.stop("rasa")  # the tracker lives in PostgreSQL, not in the process
    production.start("rasa")
    production.wait_healthy("rasa")
    assert chat.say("yesterday") and chat.asking == "date_of_birth"
    chat.answer_all({"date_of_birth": "22/07/1975", **SHORT})
    chat.say("yes")
    reference = chat.reference()
    with psycopg.connect(_dsn(production.env["DATABASE_URL"].rsplit("/", 1)[1])) as conn:
        rows = conn.execute("select reference, route from notifications").fetchall()
    assert rows == [(reference, "leder")]
    with psycopg.connect(_dsn(production.env["TRACKER_DB_NAME"])) as conn:
        (events,) = conn.execute("select count(*) from events").fetchone()
    assert events > 20

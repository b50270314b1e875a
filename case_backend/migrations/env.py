"""Alembic environment: the case backend's models, on SQLite or PostgreSQL.

The URL comes from the Alembic config (set by case_backend.migrate), else DATABASE_URL, else the
default SQLite file. A connection passed in config.attributes["connection"] is used as it is.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

from case_backend.config import default_database_url, normalise_database_url
from case_backend.db import make_engine
from case_backend.models import Base

config = context.config
if config.config_file_name:  # only when run by hand with alembic.ini; the app keeps its logging
    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata

# Several processes may start at once; on PostgreSQL only one migrates at a time.
_PG_LOCK_KEY = 7_305_334_511  # arbitrary, fixed for this application


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    return normalise_database_url(url or default_database_url())


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

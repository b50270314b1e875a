"""Run the Alembic migrations of the case backend from code (start-up and `python -m`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

from case_backend.config import normalise_database_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(database_url: str, keys: Any = None) -> Config:
    """An Alembic config for this package's migrations and the given database.

    `keys` (case_backend.crypto.Keys) lets data migrations encrypt existing records.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would read a '%' in a password as a variable.
    url = normalise_database_url(database_url)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if keys is not None:
        config.attributes["keys"] = (keys.cipher, keys.index)
    return config


def upgrade(database_url: str, revision: str = "head", keys: Any = None) -> None:
    """Bring the database up to `revision` (creating every table from empty)."""
    command.upgrade(alembic_config(database_url, keys), revision)


def current_revision(database_url: str) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    from alembic.runtime.migration import MigrationContext

    from case_backend.db import make_engine

    engine = make_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()

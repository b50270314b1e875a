"""Each Twilio webhook is acted on once: replayed MessageSids / call turns are ignored.

A small SQLite table in var/ (shared by every gateway thread and process, kept across
restarts). It holds only Twilio ids, never what people said.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

KEEP_SECONDS = 400 * 24 * 3600  # Twilio signatures do not expire; keep ids for a long time
_PURGE_EVERY = 3600.0


class ReplayGuard:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._local = threading.local()
        self._last_purge = 0.0
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at REAL NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self._local.db = db
        return db

    def claim(self, key: str) -> bool:
        """True the first time ``key`` is seen (the caller acts on it); False after that."""
        db = self._connect()
        cursor = db.execute("INSERT OR IGNORE INTO seen (key, at) VALUES (?, ?)",
                            (key, time.time()))
        self._maybe_purge(db)
        return cursor.rowcount == 1

    def release(self, key: str) -> None:
        """Forget ``key`` when acting on it failed, so Twilio's retry or a resend works."""
        self._connect().execute("DELETE FROM seen WHERE key = ?", (key,))

    def _maybe_purge(self, db: sqlite3.Connection) -> None:
        now = time.monotonic()
        if now - self._last_purge >= _PURGE_EVERY:
            self._last_purge = now
            db.execute("DELETE FROM seen WHERE at < ?", (time.time() - KEEP_SECONDS,))

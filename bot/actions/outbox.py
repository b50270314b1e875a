"""A durable outbox: nothing a family told us is lost while the case backend is down.

The submission is committed to a database table *before* we try to post it,
and a background worker retries until the backend has it. The reference is the
idempotency key, so a post repeated after a timeout never makes a second
record. Works on SQLAlchemy 1.4 (Rasa's environment) and 2.x.
SQLite by default (``OUTBOX_DATABASE_URL``; PostgreSQL in production).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]

metadata = sa.MetaData()
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("reference", sa.String(20), primary_key=True),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_try_at", sa.DateTime, nullable=False),
    sa.Column("delivered_at", sa.DateTime, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, default="pending"),
    sa.Column("last_error", sa.Text, nullable=True),
)

# Backoff between tries, capped: the backend may be down for hours.
MAX_BACKOFF_SECONDS = 300


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)  # naive UTC in the table


@dataclass
class DeliveryResult:
    reference: str
    status: str  # delivered | pending | failed
    detail: str = ""


class Outbox:
    def __init__(self, url: str | None = None, *, backend_url: str | None = None,
                 token: str | None = None, timeout: float = 5.0,
                 retry_seconds: float | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(self.url, future=True, pool_pre_ping=True)
        metadata.create_all(self.engine)
        self.backend_url = (backend_url or os.environ.get("CASE_BACKEND_URL")
                            or "http://127.0.0.1:8000").rstrip("/")
        self.token = token if token is not None else os.environ.get("CASE_BACKEND_TOKEN", "")
        self.timeout = timeout
        self.retry_seconds = retry_seconds if retry_seconds is not None else float(
            os.environ.get("OUTBOX_RETRY_SECONDS", "10"))
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()

    # -- writing -------------------------------------------------------------------------
    def enqueue(self, reference: str, payload: dict[str, Any]) -> None:
        """Keep the submission durably. Safe to call twice with the same reference."""
        now = _now()
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(outbox.c.reference)
                                  .where(outbox.c.reference == reference)).first()
            if exists:
                return
            conn.execute(outbox.insert().values(
                reference=reference, payload=json.dumps(payload, ensure_ascii=False),
                created_at=now, attempts=0, next_try_at=now, status="pending"))

    # -- delivering ----------------------------------------------------------------------
    def deliver(self, reference: str) -> DeliveryResult:
        with self._lock:  # one delivery at a time per process
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(outbox).where(outbox.c.reference == reference)).first()
            if row is None:
                return DeliveryResult(reference, "failed", "unknown reference")
            if row.status != "pending":
                return DeliveryResult(reference, row.status, row.last_error or "")
            return self._post(row)

    def deliver_due(self) -> list[DeliveryResult]:
        with self.engine.connect() as conn:
            refs = [r.reference for r in conn.execute(
                sa.select(outbox.c.reference).where(outbox.c.status == "pending")
                .where(outbox.c.next_try_at <= _now()).order_by(outbox.c.created_at))]
        return [self.deliver(ref) for ref in refs]

    def _post(self, row: Any) -> DeliveryResult:
        reference = row.reference
        try:
            response = requests.post(
                f"{self.backend_url}/api/v1/notifications",
                data=row.payload.encode("utf-8"),
                headers={"Authorization": f"Bearer {self.token}",
                         "Content-Type": "application/json",
                         "Idempotency-Key": reference},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            return self._retry_later(row, f"backend unreachable: {exc.__class__.__name__}")
        if response.status_code in (200, 201):
            self._mark(reference, status="delivered", delivered_at=_now(), last_error=None)
            logger.info("delivered %s (%s)", reference, response.status_code)
            return DeliveryResult(reference, "delivered")
        detail = f"HTTP {response.status_code}: {response.text[:500]}"
        if response.status_code in (400, 409, 413, 422):
            # The backend will never accept this as it is: keep it for a person to look at.
            self._mark(reference, status="failed", last_error=detail)
            logger.error("outbox %s refused by backend: %s", reference, detail)
            return DeliveryResult(reference, "failed", detail)
        return self._retry_later(row, detail)

    def _retry_later(self, row: Any, detail: str) -> DeliveryResult:
        attempts = (row.attempts or 0) + 1
        wait = min(MAX_BACKOFF_SECONDS, self.retry_seconds * (2 ** min(attempts - 1, 8)))
        self._mark(row.reference, attempts=attempts, last_error=detail,
                   next_try_at=_now() + dt.timedelta(seconds=wait))
        logger.warning("outbox %s not delivered (try %s): %s", row.reference, attempts, detail)
        return DeliveryResult(row.reference, "pending", detail)

    def _mark(self, reference: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(outbox.update().where(outbox.c.reference == reference).values(**values))

    # -- looking -------------------------------------------------------------------------
    def status(self, reference: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(outbox.c.status)
                               .where(outbox.c.reference == reference)).first()
        return row.status if row else None

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox.c.status, sa.func.count())
                                .group_by(outbox.c.status)).all()
        return {status: n for status, n in rows}

    # -- background worker ---------------------------------------------------------------
    def start_worker(self) -> None:
        if self._worker and self._worker.is_alive():
            return
        self._stop.clear()
        self._worker = threading.Thread(target=self._run, name="outbox", daemon=True)
        self._worker.start()

    def stop_worker(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        poll = max(0.5, min(self.retry_seconds, 5.0))
        while not self._stop.wait(poll):
            try:
                self.deliver_due()
            except Exception:  # keep retrying whatever happens; log it
                logger.exception("outbox worker error")


def default_url() -> str:
    url = os.environ.get("OUTBOX_DATABASE_URL")
    if url:
        return url
    var = Path(os.environ.get("TELL_LEDER_VAR") or REPO / "var")
    return f"sqlite:///{var / 'outbox.sqlite3'}"


_shared: Outbox | None = None
_shared_lock = threading.Lock()


def shared_outbox() -> Outbox:
    """The action server's outbox, with its retry worker running."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Outbox()
            _shared.start_worker()
        return _shared


def main() -> None:  # pragma: no cover - operator command
    """`python -m bot.actions.outbox`: deliver what is due now and print the counts."""
    logging.basicConfig(level=logging.INFO)
    box = Outbox()
    for result in box.deliver_due():
        print(result.reference, result.status, result.detail)
    print(json.dumps(box.counts()))


if __name__ == "__main__":  # pragma: no cover
    main()

"""Case backend figures: the staff queue page with 10,000 cases in PostgreSQL, and login hashing.

    .venv/bin/python -m scripts.bench_backend [--cases 10000] [--requests 50]

Makes a throw-away PostgreSQL database (admin URL from TEST_POSTGRES_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test), migrates it, stores N encrypted
notifications in one ICB (the worst case for that ICB's staff), times the queue page as a signed
in local area contact (first page, a search, a filtered page) through the app's WSGI interface,
and drops the database. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import secrets
import statistics
import time
from collections.abc import Callable
from typing import Any

import psycopg
from cryptography.fernet import Fernet
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

from case_backend import accounts, create_app
from case_backend.crypto import Keys
from case_backend.models import Notification, SearchToken
from case_backend.records import protected_columns
from contract import load_example
from contract.reference import new_reference

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ICB = "QWO"
PASSWORD = "benchmark passphrase 2026"
FIRST = ["Daniel", "Amira", "Tom", "Grace", "Mohammed", "Sian", "Priya", "Olu", "Kate", "Jan"]
LAST = ["Okafor", "Smith", "Khan", "Jones", "Patel", "Nowak", "Evans", "Begum", "Brown", "Lee"]


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _timed(fn: Callable[[], Any], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _summary(name: str, samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)
    return f"{name:<44} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms"


def _fill(app: Any, keys: Keys, count: int) -> None:
    """Insert `count` notifications the way the API stores them (encrypted, indexed)."""
    example = load_example("notify")
    database = app.extensions["case_backend_db"].session
    rng = random.Random(7)
    now = dt.datetime.now(dt.timezone.utc)
    batch_rows, batch_tokens = [], []
    for i in range(count):
        doc = copy.deepcopy(example)
        doc["reference"] = new_reference()
        doc["person"]["name"] = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        doc["person"]["nhs_number"] = None
        protected = protected_columns(doc, keys.cipher, keys.index)
        tokens = protected.pop("search_digests")
        batch_rows.append({
            "reference": doc["reference"], "schema_version": "1.0", "flow": "notify",
            "channel": "web", "language": "en", "submitted_at": now, "received_at":
            now - dt.timedelta(minutes=count - i), "route": "leder",
            "focused_review_required": rng.random() < 0.4, "focused_review_reasons": [],
            "urgent": rng.random() < 0.02, "icb": ICB, "icb_source": "postcode",
            "status": rng.choice(["new", "triaged", "allocated", "in_review", "closed"]),
            "possible_duplicates": [], **protected})
        batch_tokens.append(tokens)
        if len(batch_rows) == 1000 or i == count - 1:
            database.execute(insert(Notification), batch_rows)
            ids = {ref: row_id for ref, row_id in database.execute(
                select(Notification.reference, Notification.id).where(
                    Notification.reference.in_([r["reference"] for r in batch_rows])))}
            database.execute(insert(SearchToken), [
                {"notification_id": ids[row["reference"]], "digest": digest}
                for row, digests in zip(batch_rows, batch_tokens, strict=True)
                for digest in digests])
            database.commit()
            batch_rows, batch_tokens = [], []
    # Fresh planner statistics, as autovacuum would have made on a live database.
    database.execute(text("ANALYZE"))
    database.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    name = f"tellleder_bench_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    settings = {"DATABASE_URL": url, "CASE_BACKEND_API_TOKENS": "bench",
                "SECRET_KEY": secrets.token_urlsafe(48), "INDEX_KEY": secrets.token_urlsafe(48),
                "ENCRYPTION_KEYS": Fernet.generate_key().decode(), "LOGIN_RATE_LIMIT": 10_000}
    app = create_app(settings)
    try:
        keys = app.extensions["case_backend_keys"]
        start = time.perf_counter()
        _fill(app, keys, args.cases)
        print(f"stored {args.cases} encrypted cases in PostgreSQL in "
              f"{time.perf_counter() - start:.1f} s")
        database = app.extensions["case_backend_db"].session
        with app.app_context():
            accounts.create_user(database, email="lac@example.org", display_name="Bench",
                                 role="local_area_contact", icb=ICB, password=PASSWORD)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        login = client.post("/login", data={"email": "lac@example.org", "password": PASSWORD,
                                            "csrf_token": token})
        assert login.status_code == 302, login.status_code

        def get(url: str) -> Callable[[], None]:
            def run() -> None:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
            return run

        get("/")()  # warm up caches and the connection pool
        print(_summary("queue page 1 (50 of all open cases)", _timed(get("/"), args.requests)))
        print(_summary("queue page 100", _timed(get("/?page=100"), args.requests)))
        print(_summary("queue filtered (status=new, route=leder)",
                       _timed(get("/?status=new&route=leder"), args.requests)))
        print(_summary("queue search by surname (blind index)",
                       _timed(get("/?q=okafor"), args.requests)))
        print(_summary("queue search by full name (blind index)",
                       _timed(get("/?q=Grace+Khan+42"), args.requests)))
        reference = database.scalar(select(Notification.reference).limit(1))
        print(_summary("case page", _timed(get(f"/cases/{reference}"), args.requests)))
        hashes = _timed(lambda: accounts.hash_password(PASSWORD), 10)
        stored = accounts.hash_password(PASSWORD)
        verifies = _timed(lambda: accounts.hasher.verify(stored, PASSWORD), 10)
        print(_summary("login hash: Argon2id hash (64 MiB, t=3)", hashes))
        print(_summary("login hash: Argon2id verify", verifies))
        sign_in = []
        for _ in range(10):
            fresh = app.test_client()
            page = fresh.get("/login").get_data(as_text=True)
            token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
            start = time.perf_counter()
            fresh.post("/login", data={"email": "lac@example.org", "password": PASSWORD,
                                       "csrf_token": token})
            sign_in.append((time.perf_counter() - start) * 1000)
        print(_summary("whole sign-in POST", sign_in))
    finally:
        app.extensions["case_backend_db"].dispose()
        with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()

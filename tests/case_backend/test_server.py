"""The real thing: `python -m case_backend` serving with waitress on a free port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.case_backend.conftest import TEST_KEYS, empty_tables

REPO = Path(__file__).resolve().parents[2]


def _request(
    url: str, *, body: bytes | None = None, token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, headers=all_headers,
                                     method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server(database_url: str, free_port: int, token: str, tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "CASE_BACKEND_PORT": str(free_port),
           "CASE_BACKEND_API_TOKENS": token, "AUTO_MIGRATE": "true",
           **{f"CASE_BACKEND_{name}": value for name, value in TEST_KEYS.items()}}
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "case_backend"], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{free_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if _request(f"{base}/api/v1/health")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, "the case backend did not start"
            time.sleep(0.2)
        if database_url.startswith("postgresql"):  # the session database is shared: empty it
            engine = create_engine(database_url)
            empty_tables(engine)
            engine.dispose()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_waitress_serves_the_api(server: str, token: str, example: dict[str, Any]) -> None:
    body = json.dumps(example).encode()
    assert _request(f"{server}/api/v1/health") == (200, {"status": "ok"})
    assert _request(f"{server}/api/v1/notifications", body=body)[0] == 401
    status, created = _request(f"{server}/api/v1/notifications", body=body, token=token,
                               headers={"Idempotency-Key": example["reference"]})
    assert status == 201
    assert created["route"] == "leder"
    assert _request(f"{server}/api/v1/notifications", body=body, token=token) == (200, created)
    status, stored = _request(f"{server}/api/v1/notifications/ldr-7kqm-3hwx", token=token)
    assert status == 200
    assert stored["person"]["name"] == "Daniel Okafor"
    status, error = _request(f"{server}/api/v1/notifications", body=b"x" * 600_000, token=token)
    assert (status, error["error"]) == (413, "payload_too_large")
    status, error = _request(f"{server}/api/v1/notifications", body=b"{", token=token)
    assert (status, error["error"]) == (400, "malformed_json")


def test_concurrent_posts_to_the_real_server_store_once(
    server: str, token: str, example: dict[str, Any], database_url: str
) -> None:
    body = json.dumps(example).encode()

    def post(_: int) -> int:
        return _request(f"{server}/api/v1/notifications", body=body, token=token)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(16)))
    assert sorted(statuses) == [200] * 15 + [201]
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM notifications")).scalar_one() == 1
    finally:
        engine.dispose()

"""The durable outbox against the real case backend (served over HTTP on a free port)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from bot.actions.outbox import Outbox
from case_backend import create_app
from contract import load_example
from contract.reference import new_reference
from scripts.services import free_port

TOKEN = "outbox-test-token-" + "y" * 20


class Backend:
    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app({"DATABASE_URL": f"sqlite:///{db}",
                               "CASE_BACKEND_API_TOKENS": TOKEN})
        self.server = None

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def get(self, reference: str) -> requests.Response:
        return requests.get(f"{self.url}/api/v1/notifications/{reference}",
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Backend]:
    b = Backend(tmp_path / "backend.sqlite3")
    yield b
    b.stop()


def _notification() -> dict:
    doc = copy.deepcopy(load_example("notify"))
    doc["reference"] = new_reference()
    return doc


def _outbox(tmp_path: Path, backend: Backend, **kw) -> Outbox:
    return Outbox(f"sqlite:///{tmp_path / 'outbox.sqlite3'}", backend_url=backend.url,
                  token=TOKEN, timeout=2, retry_seconds=0.01, **kw)


def test_delivered_at_once_when_the_backend_is_up(tmp_path: Path, backend: Backend) -> None:
    backend.start()
    box = _outbox(tmp_path, backend)
    doc = _notification()
    box.enqueue(doc["reference"], doc)
    assert box.deliver(doc["reference"]).status == "delivered"
    assert backend.get(doc["reference"]).status_code == 200


def test_kept_while_the_backend_is_down_then_delivered_once(tmp_path: Path,
                                                            backend: Backend) -> None:
    box = _outbox(tmp_path, backend)
    doc = _notification()
    box.enqueue(doc["reference"], doc)
    assert box.deliver(doc["reference"]).status == "pending"
    # a new process (after a crash) still has it
    again = _outbox(tmp_path, backend)
    assert again.status(doc["reference"]) == "pending"
    backend.start()
    import time

    time.sleep(0.05)  # past the (tiny) backoff
    results = again.deliver_due()
    assert [r.status for r in results] == ["delivered"]
    assert again.deliver_due() == []  # nothing left to send
    assert backend.get(doc["reference"]).status_code == 200


def test_a_retried_post_never_makes_a_second_record(tmp_path: Path, backend: Backend) -> None:
    backend.start()
    doc = _notification()
    first = _outbox(tmp_path, backend)
    first.enqueue(doc["reference"], doc)
    first.enqueue(doc["reference"], doc)  # enqueue twice: still one entry
    assert first.counts() == {"pending": 1}
    assert first.deliver(doc["reference"]).status == "delivered"
    # the same reference posted again by another outbox (e.g. a lost reply): same record
    other = Outbox(f"sqlite:///{tmp_path / 'other.sqlite3'}", backend_url=backend.url,
                   token=TOKEN, timeout=2)
    other.enqueue(doc["reference"], doc)
    assert other.deliver(doc["reference"]).status == "delivered"
    record = backend.get(doc["reference"]).json()
    assert record["reference"] == doc["reference"]


def test_refused_content_is_kept_for_a_person_not_retried_forever(tmp_path: Path,
                                                                  backend: Backend) -> None:
    backend.start()
    box = _outbox(tmp_path, backend)
    doc = _notification()
    doc["person"]["nhs_number"] = "1234567890"  # fails the Modulus 11 check
    box.enqueue(doc["reference"], doc)
    result = box.deliver(doc["reference"])
    assert result.status == "failed" and "422" in result.detail
    assert box.deliver_due() == []


def test_wrong_token_is_retried_not_lost(tmp_path: Path, backend: Backend) -> None:
    backend.start()
    box = Outbox(f"sqlite:///{tmp_path / 'o.sqlite3'}", backend_url=backend.url,
                 token="wrong", timeout=2, retry_seconds=0.01)
    doc = _notification()
    box.enqueue(doc["reference"], doc)
    assert box.deliver(doc["reference"]).status == "pending"  # 401: fix the config, keep it

"""Fixtures for the channel gateway tests.

``FakeRasa`` is a real HTTP server on a 127.0.0.1 socket (threads) that plays the Rasa
REST channel and tracker API, and can fail on purpose: HTTP 500, invalid JSON, a hang
past the gateway's read timeout. ``refused_url`` is a port that refuses connections.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask import Flask

from channels import create_app

RASA_TOKEN = "test-rasa-token"
GATEWAY_SECRET = "test-gateway-secret-0123456789-abcdefghij"
READ_TIMEOUT = 0.5

WELCOME = {
    "text": "Hello. This is Tell LeDeR. Who are you?",
    "flow": "notify",
    "asks": "notifier_relationship",
    "input": "choice",
    "choices": [
        {"value": "parent", "label": "I am their mum or dad", "picture": "openmoji-1F46A"},
        {"value": "paid_carer", "label": "I am their carer", "picture": "openmoji-1F9D1"},
    ],
    "progress": {"step": 1, "of": 20},
    "audio": None,
}

ENV_NAMES = (
    "RASA_URLS",
    "RASA_TOKEN",
    "GATEWAY_SECRET",
    "GATEWAY_PORT",
    "GATEWAY_FRAME_ANCESTORS",
    "GATEWAY_VAR_DIR",
    "RASA_CONNECT_TIMEOUT",
    "RASA_READ_TIMEOUT",
    "APP_ENV",
    "FLASK_ENV",
    "WIDGET_DIR",
)


class FakeRasa:
    """A stand-in Rasa server. ``mode``: ok | error500 | garbage | not_list | hang."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.received: list[dict[str, Any]] = []  # webhook bodies, in order
        self.tracker_requests: list[dict[str, Any]] = []
        self.trackers: dict[str, list[dict[str, Any]]] = {}
        self.reply: Callable[[dict[str, Any]], list[Any]] = self.default_reply
        self._release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _failure(self) -> bool:
                if fake.mode == "hang":
                    fake._release.wait(10)
                    return True
                if fake.mode == "error500":
                    self._answer(500, b'{"status": "failure"}')
                    return True
                if fake.mode == "garbage":
                    self._answer(200, b"<html>not json")
                    return True
                if fake.mode == "not_list":
                    self._answer(200, b'{"unexpected": "shape"}')
                    return True
                return False

            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                if urlsplit(self.path).path != "/webhooks/rest/webhook":
                    self._answer(404, b"{}")
                    return
                fake.received.append(body)
                if not self._failure():
                    self._answer(200, json.dumps(fake.reply(body)).encode())

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                prefix, suffix = "/conversations/", "/tracker"
                if not (parts.path.startswith(prefix) and parts.path.endswith(suffix)):
                    self._answer(404, b"{}")
                    return
                sender = unquote(parts.path[len(prefix) : -len(suffix)])
                fake.tracker_requests.append({"sender": sender, "query": query})
                if query.get("token") != RASA_TOKEN:
                    self._answer(401, b'{"reason": "NotAuthenticated"}')
                    return
                if not self._failure():
                    events = fake.trackers.get(sender, [])
                    self._answer(200, json.dumps({"sender_id": sender, "events": events}).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @staticmethod
    def default_reply(body: dict[str, Any]) -> list[Any]:
        sender, message = body["sender"], body["message"]
        if message == "/start":
            return [{"recipient_id": sender, "custom": dict(WELCOME)}]
        custom = {"text": f"You said: {message}", "flow": "notify", "asks": None}
        return [{"recipient_id": sender, "custom": custom}]

    def senders(self) -> list[str]:
        return [body["sender"] for body in self.received]

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Gateway settings come only from each test's config, never from the machine."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    yield fake
    fake.stop()


@pytest.fixture
def make_fake_rasa() -> Iterator[Callable[[], FakeRasa]]:
    """Start more fake Rasa servers (for several-server routing)."""
    started: list[FakeRasa] = []

    def start() -> FakeRasa:
        started.append(FakeRasa())
        return started[-1]

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A port that is bound but not listening: connections are refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def make_app(tmp_path) -> Callable[..., Flask]:
    def build(rasa_urls: str | list[str], **config: Any) -> Flask:
        settings = {
            "RASA_URLS": rasa_urls,
            "RASA_TOKEN": RASA_TOKEN,
            "GATEWAY_SECRET": GATEWAY_SECRET,
            "RASA_CONNECT_TIMEOUT": READ_TIMEOUT,
            "RASA_READ_TIMEOUT": READ_TIMEOUT,
            "GATEWAY_VAR_DIR": str(tmp_path / "var"),
            **config,
        }
        return create_app(settings)

    return build


@pytest.fixture
def app(make_app, fake_rasa: FakeRasa) -> Flask:
    return make_app(fake_rasa.url)


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def conversation(client) -> str:
    """A conversation started through the API; returns its id."""
    response = client.post("/api/chat/conversations", json={})
    assert response.status_code == 201, response.json
    return response.json["conversation_id"]

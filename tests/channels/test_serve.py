"""`python -m channels` serves the gateway with waitress on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_gateway(env_extra: dict[str, str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in env_extra}
    env.update(env_extra)
    return subprocess.Popen(
        [sys.executable, "-m", "channels"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_python_m_channels_serves_the_page_and_api(fake_rasa, tmp_path):
    port = free_port()
    process = run_gateway(
        {
            "GATEWAY_PORT": str(port),
            "RASA_URLS": fake_rasa.url,
            "GATEWAY_SECRET": "s" * 40,
            "GATEWAY_VAR_DIR": str(tmp_path),
        }
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the gateway did not start"
            time.sleep(0.1)

        page = requests.get(f"{base}/", timeout=5)
        assert page.status_code == 200 and "Content-Security-Policy" in page.headers
        created = requests.post(f"{base}/api/chat/conversations", json={}, timeout=5)
        assert created.status_code == 201
        conversation = created.json()["conversation_id"]
        answer = requests.post(
            f"{base}/api/chat/conversations/{conversation}/messages",
            json={"text": "توفي أخي 🎶"},
            timeout=5,
        )
        assert answer.json()["messages"][0]["text"] == "You said: توفي أخي 🎶"
        big = requests.post(
            f"{base}/api/chat/conversations/{conversation}/messages",
            data=b'{"text": "' + b"a" * 200_000 + b'"}',
            headers={"Content-Type": "application/json"},
            timeout=5,
        )
        assert big.status_code == 413 and big.json()["error"] == "request_too_large"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_python_m_channels_refuses_production_without_a_secret(tmp_path):
    process = run_gateway(
        {"APP_ENV": "production", "GATEWAY_SECRET": "", "GATEWAY_VAR_DIR": str(tmp_path)}
    )
    output, _ = process.communicate(timeout=30)

    assert process.returncode == 2
    assert "GATEWAY_SECRET" in output
    assert "Traceback" not in output

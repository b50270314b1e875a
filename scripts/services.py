"""Start and stop the four processes of Tell LeDeR, for `make run` and the tests.

  case backend   .venv       python -m case_backend           127.0.0.1:8000
  action server  .venv-rasa  python -m rasa_sdk               127.0.0.1:5055
  Rasa server    .venv-rasa  rasa run (REST channel + API)    127.0.0.1:5005
  gateway        .venv       python -m channels               127.0.0.1:8080

Embedded defaults: SQLite files and secrets generated once under var/.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from scripts.train import model_path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv" / "bin"
VENV_RASA = REPO / ".venv-rasa" / "bin"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _secret(var: Path, name: str) -> str:
    """A secret kept in var/ (created once, private), so restarts keep working."""
    path = var / name
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(32)
    path.write_text(value)
    path.chmod(0o600)
    return value


@dataclass
class Ports:
    backend: int = 8000
    actions: int = 5055
    rasa: int = 5005
    gateway: int = 8080


@dataclass
class Services:
    var: Path = REPO / "var"
    ports: Ports = field(default_factory=Ports)
    extra_env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    started_at: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.var = Path(self.var)
        self.var.mkdir(parents=True, exist_ok=True)
        self.log_dir = Path(self.log_dir or self.var / "logs")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        token = _secret(self.var, "case_backend_token")
        self.env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "RASA_TELEMETRY_ENABLED": "false",
            # The action server listens on every interface unless told otherwise.
            "SANIC_HOST": "127.0.0.1",
            "TELL_LEDER_VAR": str(self.var),
            "DATABASE_URL": f"sqlite:///{self.var / 'case_backend.sqlite3'}",
            "CASE_BACKEND_PORT": str(self.ports.backend),
            "CASE_BACKEND_API_TOKENS": token,
            "CASE_BACKEND_TOKEN": token,
            # The case backend's own keys (sessions, encryption at rest, blind index) are not
            # set here: in development it keeps them in $TELL_LEDER_VAR, where its admin commands
            # (`python -m case_backend rotate-keys`, ...) find the same ones.
            "CASE_BACKEND_URL": f"http://127.0.0.1:{self.ports.backend}",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports.actions}/webhook",
            "RASA_TOKEN": _secret(self.var, "rasa_token"),
            "RASA_URLS": f"http://127.0.0.1:{self.ports.rasa}",
            "GATEWAY_PORT": str(self.ports.gateway),
            # Twilio signs webhooks with this token (tests sign their requests with it).
            "TWILIO_AUTH_TOKEN": _secret(self.var, "twilio_auth_token"),
            "TWILIO_STATE_DB": str(self.var / "twilio_state.sqlite3"),
            "TTS_CACHE_DIR": str(self.var / "tts_cache"),
            "OUTBOX_RETRY_SECONDS": os.environ.get("OUTBOX_RETRY_SECONDS", "10"),
            **self.extra_env,
        }

    # -- the processes -------------------------------------------------------------------
    def commands(self) -> dict[str, list[str]]:
        return {
            "backend": [str(VENV / "python"), "-m", "case_backend"],
            "actions": [str(VENV_RASA / "python"), "-m", "rasa_sdk", "--actions", "bot.actions",
                        "--port", str(self.ports.actions)],
            "rasa": [str(VENV_RASA / "rasa"), "run", "--model", str(model_path()),
                     "--endpoints", self.env.get("RASA_ENDPOINTS", "bot/endpoints.yml"),
                     "--credentials", "bot/credentials.yml",
                     "--interface", "127.0.0.1", "--port", str(self.ports.rasa),
                     "--enable-api",
                     # "=": a token may start with "-", which argparse would take for an option.
                     f"--auth-token={self.env['RASA_TOKEN']}"],
            "gateway": [str(VENV / "python"), "-m", "channels"],
        }

    def health_url(self, name: str) -> str:
        return {
            "backend": f"http://127.0.0.1:{self.ports.backend}/api/v1/health",
            "actions": f"http://127.0.0.1:{self.ports.actions}/health",
            "rasa": f"http://127.0.0.1:{self.ports.rasa}/status?token={self.env['RASA_TOKEN']}",
            "gateway": f"http://127.0.0.1:{self.ports.gateway}/healthz",
        }[name]

    def start(self, name: str) -> None:
        self.started_at[name] = time.monotonic()
        with open(self.log_dir / f"{name}.log", "ab") as log:  # the child keeps its own copy
            self.procs[name] = subprocess.Popen(
                self.commands()[name], cwd=REPO, env=self.env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self, name: str, timeout: float = 20) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def wait_healthy(self, name: str, timeout: float = 180) -> float:
        """Wait until ``name`` answers its health check; seconds since it was started."""
        started = self.started_at.get(name, time.monotonic())
        while time.monotonic() - started < timeout:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.log(name)}")
            if self._healthy(name):
                return time.monotonic() - started
            time.sleep(0.3)
        raise TimeoutError(f"{name} not healthy after {timeout} s; see {self.log(name)}")

    def log(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def _healthy(self, name: str) -> bool:
        try:
            with urllib.request.urlopen(self.health_url(name), timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def start_all(self, timeout: float = 180) -> dict[str, float]:
        """Start everything at once; return each one's start-up seconds."""
        order = ["backend", "actions", "rasa", "gateway"]
        for name in order:
            self.start(name)
        ready: dict[str, float] = {}
        deadline = time.monotonic() + timeout
        while len(ready) < len(order):
            for name in order:
                if name in ready:
                    continue
                proc = self.procs[name]
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}; "
                                       f"see {self.log(name)}")
                if self._healthy(name):
                    ready[name] = time.monotonic() - self.started_at[name]
            if time.monotonic() > deadline:
                missing = [n for n in order if n not in ready]
                raise TimeoutError(f"not healthy after {timeout} s: {missing}")
            time.sleep(0.2)
        return {name: ready[name] for name in order}

    def stop_all(self) -> None:
        for name in list(self.procs)[::-1]:
            self.stop(name)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] != "run":
        print("usage: python -m scripts.services run")
        sys.exit(2)
    services = Services()
    print("Starting Tell LeDeR (the Rasa server takes about a minute)...", flush=True)
    try:
        times = services.start_all()
        for name, seconds in times.items():
            print(f"  {name:<8} ready in {seconds:5.1f} s   log: {services.log(name)}")
        print(f"\nChat page: http://127.0.0.1:{services.ports.gateway}/")
        print(f"Staff pages: http://127.0.0.1:{services.ports.backend}/ (make an account with "
              "`.venv/bin/python -m case_backend create-user --help`)")
        print(f"Case backend API: http://127.0.0.1:{services.ports.backend}/api/v1/")
        print(f"Twilio webhooks: http://127.0.0.1:{services.ports.gateway}/twilio/sms and "
              "/twilio/voice (set PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN)")
        print("Press Ctrl+C to stop.", flush=True)
        while all(p.poll() is None for p in services.procs.values()):
            time.sleep(1)
        print("A service stopped; see the logs above.")
    except KeyboardInterrupt:
        pass
    finally:
        services.stop_all()


if __name__ == "__main__":
    main()

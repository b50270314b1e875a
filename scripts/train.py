"""Train the Rasa model only when its inputs changed.

The model's name is a fingerprint of everything it is trained from (config,
domain, training data, Rasa version), so an unchanged bot is never retrained
and `scripts.services` always knows which file to load.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOT = REPO / "bot"
MODELS = BOT / "models"
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
RASA_VERSION = "3.6.21"


def training_inputs() -> list[Path]:
    files = [BOT / "config.yml"]
    files += sorted((BOT / "domain").rglob("*.yml"))
    files += sorted((BOT / "data").rglob("*.yml"))
    return files


def fingerprint() -> str:
    digest = hashlib.sha256(RASA_VERSION.encode())
    for path in training_inputs():
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"tell-leder-{fingerprint()}.tar.gz"


def train(force: bool = False) -> Path:
    target = model_path()
    if target.exists() and not force:
        print(f"model up to date: {target.relative_to(REPO)}")
        return target
    MODELS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    started = time.monotonic()
    subprocess.run(
        [str(RASA), "train", "--config", "config.yml", "--domain", "domain", "--data", "data",
         "--out", str(MODELS), "--fixed-model-name", target.name[: -len(".tar.gz")]],
        cwd=BOT, env=env, check=True,
    )
    print(f"trained {target.relative_to(REPO)} in {time.monotonic() - started:.1f} s")
    for old in MODELS.glob("tell-leder-*.tar.gz"):  # keep only the current model
        if old != target:
            old.unlink()
    return target


if __name__ == "__main__":
    train(force="--force" in sys.argv)

"""The model is retrained only when what it is trained from changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import train


def test_fingerprint_follows_the_training_data(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bot = tmp_path / "bot"
    (bot / "domain").mkdir(parents=True)
    (bot / "data").mkdir()
    (bot / "config.yml").write_text("language: en\n")
    (bot / "domain" / "a.yml").write_text("intents: [greet]\n")
    (bot / "data" / "nlu.yml").write_text("nlu: []\n")
    monkeypatch.setattr(train, "BOT", bot)
    monkeypatch.setattr(train, "REPO", tmp_path)
    first = train.fingerprint()
    assert train.fingerprint() == first  # unchanged: same model, no retraining
    (bot / "data" / "nlu.yml").write_text("nlu: [x]\n")
    assert train.fingerprint() != first
    (bot / "data" / "nlu.yml").write_text("nlu: []\n")
    assert train.fingerprint() == first


def test_the_current_model_name_carries_the_fingerprint() -> None:
    assert train.model_path().name == f"tell-leder-{train.fingerprint()}.tar.gz"


def test_every_service_listens_on_loopback_only(tmp_path: Path) -> None:
    from scripts.services import Services

    services = Services(var=tmp_path)
    assert services.env["SANIC_HOST"] == "127.0.0.1"  # the action server
    rasa = services.commands()["rasa"]
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"

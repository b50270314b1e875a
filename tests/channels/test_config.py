"""Gateway settings: secret handling, Rasa URLs, production refusals."""

from __future__ import annotations

import os
import stat

import pytest

from channels import ConfigError, create_app
from channels.config import load_settings


def test_without_a_secret_development_makes_one_and_keeps_it(tmp_path, fake_rasa):
    var_dir = tmp_path / "var"
    config = {
        "RASA_URLS": fake_rasa.url,
        "RASA_TOKEN": "test-rasa-token",
        "GATEWAY_VAR_DIR": str(var_dir),
    }

    first = create_app(config).test_client()
    conversation = first.post("/api/chat/conversations", json={}).json["conversation_id"]

    secret_file = var_dir / "gateway_secret"
    assert secret_file.is_file()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(secret_file.read_text().strip()) >= 32
    # After a restart the same secret is used, so the page can carry on.
    again = create_app(config).test_client()
    assert again.get(f"/api/chat/conversations/{conversation}").status_code == 200


def test_a_secret_file_readable_by_others_is_made_private(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    secret_file = var_dir / "gateway_secret"
    secret_file.write_text("s" * 40)
    os.chmod(secret_file, 0o644)

    settings = load_settings({"GATEWAY_VAR_DIR": str(var_dir)}, environ={})

    assert settings.gateway_secret == b"s" * 40
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("variable", ["APP_ENV", "FLASK_ENV"])
def test_production_refuses_to_start_without_a_secret(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, "production")
    with pytest.raises(ConfigError, match="GATEWAY_SECRET"):
        create_app({"GATEWAY_VAR_DIR": str(tmp_path / "var")})
    assert not (tmp_path / "var" / "gateway_secret").exists()


def test_production_refuses_a_short_secret():
    with pytest.raises(ConfigError, match="at least 32"):
        load_settings({"APP_ENV": "production", "GATEWAY_SECRET": "short"}, environ={})


def test_production_starts_with_a_long_secret():
    settings = load_settings({}, environ={"APP_ENV": "production", "GATEWAY_SECRET": "p" * 40})
    assert settings.production and settings.gateway_secret == b"p" * 40


def test_settings_come_from_the_environment():
    settings = load_settings(
        environ={
            "RASA_URLS": "http://127.0.0.1:5005/, http://127.0.0.1:5006",
            "RASA_TOKEN": "tok",
            "GATEWAY_SECRET": "e" * 40,
            "GATEWAY_PORT": "9090",
        }
    )
    assert settings.rasa_urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert settings.rasa_token == "tok"
    assert settings.port == 9090
    assert settings.rasa_connect_timeout == 3.0 and settings.rasa_read_timeout == 20.0
    assert settings.frame_ancestors == "'self'"


def test_defaults():
    settings = load_settings(environ={"GATEWAY_SECRET": "d" * 40})
    assert settings.rasa_urls == ("http://127.0.0.1:5005",)
    assert settings.port == 8080
    assert settings.rasa_token is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RASA_URLS", "ftp://127.0.0.1"),
        ("RASA_URLS", "127.0.0.1:5005"),
        ("RASA_URLS", " , "),
        ("RASA_URLS", "http://user:pw@127.0.0.1:5005"),
        ("GATEWAY_PORT", "eighty"),
        ("GATEWAY_PORT", "70000"),
        ("RASA_READ_TIMEOUT", "-1"),
        ("GATEWAY_FRAME_ANCESTORS", "'self'; script-src *"),
        ("GATEWAY_FRAME_ANCESTORS", "'self'\r\nX-Evil: 1"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_error(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value, "GATEWAY_SECRET": "x" * 40}, environ={})


def test_leave_quickly_goes_to_a_configured_neutral_page(tmp_path):
    settings = load_settings(
        {"GATEWAY_VAR_DIR": str(tmp_path), "WIDGET_EXIT_URL": "https://www.example.org/news"},
        environ={},
    )
    assert settings.exit_url == "https://www.example.org/news"
    assert load_settings({"GATEWAY_VAR_DIR": str(tmp_path)}, environ={}).exit_url.startswith(
        "https://"
    )


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "http://example.org", "/relative", "https://x.org/\"><b>"]
)
def test_leave_quickly_refuses_an_address_that_is_not_plain_https(tmp_path, value):
    with pytest.raises(ConfigError, match="WIDGET_EXIT_URL"):
        load_settings({"GATEWAY_VAR_DIR": str(tmp_path), "WIDGET_EXIT_URL": value}, environ={})

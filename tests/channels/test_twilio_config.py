"""Twilio and speech settings of the gateway."""

from __future__ import annotations

import stat

import pytest

from channels.config import ConfigError, load_settings

BASE = {"GATEWAY_SECRET": "test-gateway-secret-0123456789-abcdefghij"}


def test_development_generates_a_private_twilio_token_that_survives_restarts(tmp_path) -> None:
    config = {**BASE, "GATEWAY_VAR_DIR": str(tmp_path)}
    first = load_settings(config, environ={})
    second = load_settings(config, environ={})
    assert first.twilio_auth_token and first.twilio_auth_token == second.twilio_auth_token
    path = tmp_path / "twilio_auth_token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.tts_cache_dir == tmp_path / "tts_cache"
    assert first.state_db == tmp_path / "twilio_state.sqlite3"


def test_production_never_generates_a_token(tmp_path) -> None:
    settings = load_settings({**BASE, "APP_ENV": "production", "GATEWAY_VAR_DIR": str(tmp_path),
                              "GATEWAY_SECRET": "x" * 40}, environ={})
    assert settings.twilio_auth_token is None
    assert not (tmp_path / "twilio_auth_token").exists()


@pytest.mark.parametrize("url", ["ftp://example.org", "https://example.org/?a=1",
                                 "https://user:pw@example.org", "example.org"])
def test_public_base_url_must_be_a_plain_http_url(tmp_path, url) -> None:
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_settings({**BASE, "GATEWAY_VAR_DIR": str(tmp_path), "PUBLIC_BASE_URL": url},
                      environ={})


def test_public_base_url_and_speech_settings_are_read(tmp_path) -> None:
    settings = load_settings({**BASE, "GATEWAY_VAR_DIR": str(tmp_path),
                              "PUBLIC_BASE_URL": "https://leder.example.org/",
                              "TTS_ONLINE": "off", "TTS_ONLINE_TIMEOUT": "2.5"}, environ={})
    assert settings.public_base_url == "https://leder.example.org"
    assert settings.tts_online is False and settings.tts_online_timeout == 2.5
    with pytest.raises(ConfigError, match="TTS_ONLINE_TIMEOUT"):
        load_settings({**BASE, "GATEWAY_VAR_DIR": str(tmp_path), "TTS_ONLINE_TIMEOUT": "60"},
                      environ={})


def test_a_turn_waits_for_rasa_well_inside_twilios_15_seconds(tmp_path) -> None:
    from channels.twilio.channel import TwilioChannel

    settings = load_settings({**BASE, "GATEWAY_VAR_DIR": str(tmp_path),
                              "RASA_READ_TIMEOUT": "60", "RASA_CONNECT_TIMEOUT": "30"},
                             environ={})
    connect, read = TwilioChannel.from_settings(settings).rasa.timeout
    assert 2 * (connect + read) < 15  # at most 2 Rasa requests a turn

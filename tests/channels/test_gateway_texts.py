"""The gateway's own texts: in the locale file, easy read, loaded by key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from channels import texts
from channels.http_policy import ERROR_TEXTS

LOCALE_FILE = Path(__file__).resolve().parents[2] / "easy_read" / "locales" / "gateway.en.yml"
CONTRACTION = re.compile(r"\b\w+['’](t|re|ve|ll|d|m)\b|\b(it|that|there|what|he|she)['’]s\b", re.I)
NUMBER_WORD = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand)\b",
    re.I,
)


def messages(value, prefix="gateway"):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from messages(child, f"{prefix}.{key}")
    else:
        yield prefix, value


ALL = dict(messages(yaml.safe_load(LOCALE_FILE.read_text(encoding="utf-8"))["en"]))


def test_the_locale_file_is_python_i18n_english():
    data = yaml.safe_load(LOCALE_FILE.read_text(encoding="utf-8"))
    assert list(data) == ["en"]
    assert all(isinstance(text, str) and text.strip() for text in ALL.values())


@pytest.mark.parametrize("key", sorted(ALL))
def test_each_text_is_easy_read(key):
    text = ALL[key].replace("%{limit}", "2000").replace("%{step}", "3").replace("%{of}", "20")
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        assert len(re.findall(r"[\w'’-]+", sentence)) <= 15, sentence
    assert not CONTRACTION.search(text)
    assert not NUMBER_WORD.search(text)


@pytest.mark.parametrize("key", sorted(ERROR_TEXTS))
def test_every_error_text_the_gateway_uses_exists(key):
    assert texts.t(key, **ERROR_TEXTS[key])


def test_parameters_are_filled_in():
    assert "2000" in texts.t("gateway.error.message_too_long", limit=2000)


def test_the_own_loader_reads_the_same_file_without_easy_read():
    # The fallback used when easy_read.text is not there.
    assert "2000" in texts._own_t("gateway.error.message_too_long", "en", {"limit": 2000})
    assert texts._own_t("gateway.error.not_found", "xx", {}) == ALL["gateway.error.not_found"]
    with pytest.raises(KeyError):
        texts._own_t("gateway.error.no_such_text", "en", {})
    with pytest.raises(KeyError):
        texts._own_t("gateway.error.message_too_long", "en", {})  # missing %{limit}


def test_a_missing_text_is_a_key_error():
    with pytest.raises(KeyError):
        texts.t("gateway.error.no_such_text")

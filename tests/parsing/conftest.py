"""Fixtures for the answer parsers (bot/actions/parsing)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

# A Friday, so "last Tuesday" is 17 November and "Friday" is a week ago (13 November).
FRIDAY = dt.date(2026, 11, 20)


@pytest.fixture
def today() -> dt.date:
    return FRIDAY


@pytest.fixture
def no_parser_errors(caplog: pytest.LogCaptureFixture):
    """Fails the test if a parser hit an internal error (it would have been swallowed and
    logged by never_raises, hiding a bug behind a polite error code)."""
    caplog.set_level(logging.ERROR, logger="bot.actions.parsing")
    yield
    errors = [r for r in caplog.records if r.name.startswith("bot.actions.parsing")]
    assert not errors, [r.getMessage() for r in errors]

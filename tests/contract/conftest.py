"""Fixtures for the contract tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from contract import load_example


@pytest.fixture
def example() -> dict[str, Any]:
    """A fresh, complete, valid notify notification (tests may change it freely)."""
    return copy.deepcopy(load_example("notify"))

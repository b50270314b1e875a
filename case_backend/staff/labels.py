"""The staff pages' labels (staff/labels.yml) as Jinja helpers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from case_backend.icb import icb_name

LABELS_FILE = Path(__file__).with_name("labels.yml")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(group: str, key: Any) -> Any:
    """The label of `key` in `group`; the key itself when there is none (never an error)."""
    return labels().get(group, {}).get(str(key), key)


def init_labels(app: Flask) -> None:
    app.jinja_env.globals.update(label=label, icb_name=icb_name)
    app.jinja_env.filters["lbl"] = lambda key, group: label(group, key)

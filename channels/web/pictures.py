"""The open-licensed symbols (easy_read/pictures/) the chat page shows beside messages.

Picture ids look like ``openmoji:1F3E0``: a symbol set and a file name in it. The page
gets them as ``/pictures/openmoji/1F3E0.svg``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

PICTURES_DIR = Path(__file__).resolve().parents[2] / "easy_read" / "pictures"
PICTURES_FILE = PICTURES_DIR.parent / "pictures.yml"
PICTURE_ID = re.compile(r"^(?P<set>[a-z]+):(?P<name>[0-9A-F]+(?:-[0-9A-F]+)*)$")
MESSAGE_PREFIX = "message."
WIDGET_PREFIX = "widget."


@cache
def all_pictures() -> dict[str, str]:
    with PICTURES_FILE.open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle) or {})


def picture_path(picture_id: str) -> str | None:
    """``openmoji:1F3E0`` -> ``openmoji/1F3E0.svg`` (None for anything else)."""
    match = PICTURE_ID.match(picture_id or "")
    return f"{match['set']}/{match['name']}.svg" if match else None


def page_pictures() -> dict[str, str]:
    """What the page needs: pictures of messages (by asks / flow) and of its own buttons.

    Keys lose their prefix: ``asks.person_name``, ``flow.help``, ``default``, ``play``...
    """
    result = {}
    for key, picture_id in all_pictures().items():
        for prefix in (MESSAGE_PREFIX, WIDGET_PREFIX):
            if key.startswith(prefix) and picture_path(picture_id):
                result[key[len(prefix):]] = picture_id
    return result

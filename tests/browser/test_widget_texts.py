"""Every word the chat page's script shows comes from the locale file, and none is missing."""

from __future__ import annotations

import re
from pathlib import Path

from channels.web import page_texts

WIDGET = Path(__file__).resolve().parents[2] / "web_widget"


def test_every_text_the_script_uses_is_given_to_it() -> None:
    used = set(re.findall(r"\btexts\.(\w+)", (WIDGET / "chat.js").read_text(encoding="utf-8")))
    _, script_texts = page_texts()
    assert used, "the script should take its words from the page"
    assert used - set(script_texts) == set()
    assert all(script_texts[key].strip() for key in used)


def test_every_text_the_templates_use_is_in_the_locale_file() -> None:
    page, _ = page_texts()
    for name in ("index.html", "embed.js"):
        used = set(re.findall(r"\b(?:texts|TEXTS)\.(\w+)",
                              (WIDGET / name).read_text(encoding="utf-8")))
        assert used and used - set(page) == set(), name


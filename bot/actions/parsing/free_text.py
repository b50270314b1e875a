"""Free text in the person's own words (concerns, life story): tidied, never rewritten."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .result import Parsed, bad, good, never_raises
from .text import as_text, strip_controls

DEFAULT_MAX = 5000
_BLANK_LINES = re.compile(r"\n{3,}")


@never_raises(Parsed(ok=False, error="empty"))
def parse_free_text(text: Any, max_len: int = DEFAULT_MAX) -> Parsed:
    """Trimmed text with control characters removed (new lines kept, at most one blank line
    in a row); "empty" when nothing is left, "too_long" beyond max_len characters."""
    if not isinstance(max_len, int) or isinstance(max_len, bool) or max_len < 1:
        max_len = DEFAULT_MAX
    raw = as_text(text)
    if raw is None:
        return bad("empty")
    if len(raw) > max_len * 4 + 1000:
        return bad("too_long")  # refuse huge input before doing any work on it
    tidy = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    tidy = strip_controls(tidy, keep_newlines=True)
    tidy = "\n".join(" ".join(line.split()) for line in tidy.split("\n"))
    tidy = _BLANK_LINES.sub("\n\n", tidy).strip()
    if not tidy:
        return bad("empty")
    if len(tidy) > max_len:
        return bad("too_long")
    return good(tidy)

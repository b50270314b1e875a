"""Reference numbers such as ``LDR-7KQM-3HWX``: easy to read aloud, hard to mishear.

The alphabet leaves out 0/O, 1/I/L, 2/Z, 5/S and B so no two characters look alike. The bot makes
the reference when the person confirms; it is also the idempotency key of the case backend.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY346789"
PREFIX = "LDR"
GROUP = 4  # two groups of four characters: 26**8, about 2 * 10**11 references

REFERENCE_RE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{{GROUP}}}-[{ALPHABET}]{{{GROUP}}}$")
# Separators people type or speech recognition inserts between the groups.
_SEPARATORS = re.compile(r"[\s\-_.:/]+")
# Typed or heard look-alikes that can only mean one character of the alphabet.
_LOOK_ALIKES = str.maketrans({"B": "8"})

__all__ = ["ALPHABET", "PREFIX", "REFERENCE_RE", "new_reference", "is_reference",
           "normalise_reference"]


def new_reference() -> str:
    """A new random reference, from the operating system's secure random source."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(2 * GROUP))
    return f"{PREFIX}-{chars[:GROUP]}-{chars[GROUP:]}"


def is_reference(value: object) -> bool:
    """True only for a reference in its exact canonical form (``LDR-XXXX-XXXX``)."""
    return isinstance(value, str) and REFERENCE_RE.match(value) is not None


def normalise_reference(value: object) -> str | None:
    """The canonical form of a reference as someone typed or said it, or None if it is not one.

    Accepts lower case, spaces or other separators, missing dashes and a missing ``LDR`` prefix:
    ``"ldr 7kqm 3hwx"``, ``"LDR7KQM3HWX"`` and ``"7kqm-3hwx"`` all give ``"LDR-7KQM-3HWX"``.
    """
    if not isinstance(value, str) or len(value) > 40:
        return None
    compact = _SEPARATORS.sub("", value.strip().upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX):]
    compact = compact.translate(_LOOK_ALIKES)
    if len(compact) != 2 * GROUP or any(char not in ALPHABET for char in compact):
        return None
    return f"{PREFIX}-{compact[:GROUP]}-{compact[GROUP:]}"

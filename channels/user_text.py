"""Cleaning what people type before it goes to the bot. Shared by every channel."""

from __future__ import annotations

import unicodedata

MAX_CHARACTERS = 2000

# Invisible direction overrides/embeddings/isolates: they can make text display in a
# misleading order on staff pages. Marks such as U+200E/U+200F are kept.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


class UserTextError(ValueError):
    code = "invalid_text"


class EmptyMessage(UserTextError):
    code = "empty_message"


class MessageTooLong(UserTextError):
    code = "message_too_long"


def _keep(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        # Tabs, newlines and other control whitespace become spaces so words stay apart.
        return " " if char.isspace() else ""
    if category == "Cs" or char in _BIDI_CONTROLS:
        return ""  # lone surrogates cannot be encoded as UTF-8
    return char


def clean_user_text(text: str, max_characters: int = MAX_CHARACTERS) -> str:
    """Return the text to send to the bot, or raise EmptyMessage / MessageTooLong.

    Emoji (with their joiners and variation selectors) and every script are kept.
    Leading ``/`` characters are removed, because Rasa reads ``/intent`` as a command:
    a person who types "/start" sends "start".
    """
    cleaned = "".join(_keep(char) for char in text)
    cleaned = " ".join(cleaned.split())
    cleaned = cleaned.lstrip("/ ")
    if not cleaned:
        raise EmptyMessage()
    if len(cleaned) > max_characters:
        raise MessageTooLong()
    return cleaned

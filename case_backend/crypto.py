"""Field-level encryption at rest and the keyed blind index used to search encrypted data.

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) through MultiFernet: the first key
encrypts, every listed key decrypts, so keys can be rotated without losing old records.
The blind index is HMAC-SHA256 under a separate key: equal inputs give equal digests (so we can
search and spot duplicates with an ordinary index) but the digest reveals nothing without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from case_backend.duplicates import name_key

__all__ = ["FieldCipher", "BlindIndex", "InvalidToken", "Keys"]


class FieldCipher:
    """Encrypts one value per field; text and JSON documents."""

    def __init__(self, keys: Iterable[str]) -> None:
        fernets = [Fernet(key) for key in keys]
        if not fernets:
            raise ValueError("at least one encryption key is needed")
        self._multi = MultiFernet(fernets)

    def encrypt(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self._multi.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        return self._multi.decrypt(token.encode("ascii")).decode("utf-8")

    def encrypt_json(self, value: Any) -> str | None:
        if value is None:
            return None
        return self.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def decrypt_json(self, token: str | None) -> Any:
        text = self.decrypt(token)
        return None if text is None else json.loads(text)

    def rotate(self, token: str | None) -> str | None:
        """The same value encrypted under the current (first) key."""
        if token is None:
            return None
        return self._multi.rotate(token.encode("ascii")).decode("ascii")


class BlindIndex:
    """Keyed digests of normalised values (names, NHS numbers, name + date)."""

    def __init__(self, key: str) -> None:
        self._key = key.encode("utf-8")

    def digest(self, kind: str, value: str | None) -> str | None:
        if not value:
            return None
        message = f"{kind}\x1f{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def name(self, name: str | None) -> str | None:
        return self.digest("name", name_key(name))

    def name_words(self, name: str | None) -> list[str]:
        """One digest per word of a name, so staff can search by first name or surname."""
        words = {name_key(word) for word in (name or "").split()}
        return sorted(d for d in (self.digest("word", w) for w in words if w) if d)

    def nhs_number(self, value: str | None) -> str | None:
        digits = "".join(ch for ch in (value or "") if ch.isdigit())
        return self.digest("nhs", digits) if len(digits) == 10 else None

    def name_and_date(self, kind: str, name: str | None, date: Any) -> str | None:
        key = name_key(name)
        if not key or not date:
            return None
        return self.digest(kind, f"{key}|{date}")

    def content(self, canonical_json: str) -> str:
        """Keyed hash of a notification's content (a plain hash could confirm a guess)."""
        return hmac.new(self._key, canonical_json.encode("utf-8"), hashlib.sha256).hexdigest()


class Keys:
    """The app's cipher and blind index, built from its settings."""

    def __init__(self, encryption_keys: Iterable[str], index_key: str) -> None:
        self.cipher = FieldCipher(encryption_keys)
        self.index = BlindIndex(index_key)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Keys:
        return cls(settings["ENCRYPTION_KEYS"], settings["INDEX_KEY"])

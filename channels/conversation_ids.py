"""Unguessable conversation ids that the gateway can check without storing them.

An id is ``<token>.<mac>``: 24 random bytes (base64url, 32 characters) and a truncated
HMAC-SHA256 of the token (16 bytes, 22 characters). A guessed or edited id fails the
MAC check, so it never reaches the Rasa server. Channel-neutral: each channel uses its
own ``purpose`` so an id issued for one channel is not valid for another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 24
MAC_BYTES = 16
_ID = re.compile(r"[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{22}")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class ConversationIds:
    def __init__(self, secret: bytes, purpose: str) -> None:
        if not secret:
            raise ValueError("an HMAC secret is required")
        self._secret = secret
        self._prefix = f"tell-leder/conversation-id/{purpose}\0".encode()

    def _mac(self, token: str) -> str:
        digest = hmac.new(self._secret, self._prefix + token.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest()[:MAC_BYTES])

    def issue(self) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        return f"{token}.{self._mac(token)}"

    def is_valid(self, conversation_id: object) -> bool:
        if not isinstance(conversation_id, str) or not _ID.fullmatch(conversation_id):
            return False
        token, mac = conversation_id.split(".")
        # Compare the canonical encoding, so another spelling of the same bytes fails too.
        return hmac.compare_digest(mac, self._mac(token))


def sender_id(channel: str, conversation_id: str) -> str:
    """The Rasa sender id for a conversation on a channel, such as ``web-<id>``."""
    return f"{channel}-{conversation_id}"

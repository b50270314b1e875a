"""A small client for the private Rasa server's REST channel and tracker API.

Channel-neutral: callers pass a Rasa sender id and metadata. Every failure (refused,
timeout, 5xx, 4xx, not JSON, wrong shape) becomes ``RasaUnavailable``. Log lines never
carry the auth token, the sender id or what a person typed.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import requests

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """The Rasa server could not give a usable answer."""

    def __init__(self, reason: str, base_url: str) -> None:
        super().__init__(f"{reason} ({base_url})")
        self.reason = reason
        self.base_url = base_url


class RasaClient:
    def __init__(
        self,
        urls: Sequence[str],
        token: str | None = None,
        connect_timeout: float = 3.0,
        read_timeout: float = 20.0,
    ) -> None:
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self.urls = tuple(u.rstrip("/") for u in urls)
        self.token = token
        self.timeout = (connect_timeout, read_timeout)
        self._session = requests.Session()
        # Rasa is on a private network: never go through an environment proxy, and
        # never keep cookies, which would be shared between everyone's conversations.
        self._session.trust_env = False
        self._session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))

    def url_for(self, sender: str) -> str:
        """The Rasa server for this conversation: always the same one for one sender.

        Rendezvous hashing: adding or removing a server only moves the conversations of
        that server, and the order of RASA_URLS does not matter.
        """
        if len(self.urls) == 1:
            return self.urls[0]
        return max(
            self.urls,
            key=lambda url: hashlib.sha256(f"{url}\n{sender}".encode()).digest(),
        )

    def send_message(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one user message; return the bot messages (dicts) Rasa answered with."""
        base = self.url_for(sender)
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        data = self._request("POST", base, "/webhooks/rest/webhook", json=body)
        if not isinstance(data, list):
            raise self._fail("webhook answer is not a JSON list", base)
        messages = [item for item in data if isinstance(item, dict)]
        if not messages:
            # The bot answers every message; silence means a part of it failed (say, the
            # action server is restarting). Tell the person to try again, never nothing.
            raise self._fail("the bot gave no answer", base)
        return messages

    def tracker_events(self, sender: str) -> list[dict[str, Any]]:
        """The conversation's events since its last restart (Rasa's default view)."""
        base = self.url_for(sender)
        params = {"include_events": "AFTER_RESTART"}
        if self.token:
            params["token"] = self.token
        path = f"/conversations/{quote(sender, safe='')}/tracker"
        data = self._request("GET", base, path, params=params)
        if not isinstance(data, dict):
            raise self._fail("tracker answer is not a JSON object", base)
        events = data.get("events") or []
        if not isinstance(events, list):
            raise self._fail("tracker events are not a list", base)
        return [event for event in events if isinstance(event, dict)]

    def _request(self, method: str, base: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._session.request(
                method, base + path, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.Timeout:
            raise self._fail("timed out", base) from None
        except requests.ConnectionError:
            raise self._fail("connection failed", base) from None
        except requests.RequestException as exc:
            # The exception text may contain the URL with the token: log only its type.
            raise self._fail(f"request failed: {type(exc).__name__}", base) from None
        if response.status_code in (401, 403):
            raise self._fail(f"HTTP {response.status_code}: check RASA_TOKEN", base)
        if response.status_code != 200:
            raise self._fail(f"HTTP {response.status_code}", base)
        try:
            return response.json()
        except ValueError:
            raise self._fail("answer is not valid JSON", base) from None

    @staticmethod
    def _fail(reason: str, base: str) -> RasaUnavailable:
        log.warning("Rasa server unavailable: %s (%s)", reason, base)
        return RasaUnavailable(reason, base)

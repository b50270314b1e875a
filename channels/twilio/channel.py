"""What the SMS and voice webhooks share: the Rasa client, signature check, replay guard."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import current_app, request
from twilio.request_validator import RequestValidator

from channels.bot_messages import BotMessage, history_from_events
from channels.config import Settings
from channels.http_policy import ApiError
from channels.rasa_client import RasaClient
from channels.twilio.replay import ReplayGuard
from channels.twilio.signature import is_from_twilio

EXTENSION_KEY = "tell_leder_twilio"
LANGUAGE = "en"
# Twilio gives up on a webhook after 15 seconds: answer inside that even when the bot is
# slow (the person then hears or reads "please try again", never silence). A turn makes at
# most 2 Rasa requests (read the choices shown, send the answer): 2 x (1.5 + 5.5) = 14 s.
MAX_RASA_CONNECT_TIMEOUT = 1.5
MAX_RASA_READ_TIMEOUT = 5.5
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9}
_PICK = re.compile(r"^\s*(?:number\s+)?(\w+)\s*[.!]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TwilioChannel:
    settings: Settings
    rasa: RasaClient
    validator: RequestValidator | None
    replays: ReplayGuard

    @classmethod
    def from_settings(cls, settings: Settings) -> TwilioChannel:
        token = settings.twilio_auth_token
        return cls(
            settings=settings,
            rasa=RasaClient(
                settings.rasa_urls,
                settings.rasa_token,
                min(settings.rasa_connect_timeout, MAX_RASA_CONNECT_TIMEOUT),
                min(settings.rasa_read_timeout, MAX_RASA_READ_TIMEOUT),
            ),
            validator=RequestValidator(token) if token else None,
            replays=ReplayGuard(settings.state_db),
        )

    def sender(self, channel: str, caller: str) -> str:
        """A stable Rasa sender id that does not show the phone number or call id."""
        mac = hmac.new(self.settings.gateway_secret, f"twilio/{channel}\0{caller}".encode(),
                       hashlib.sha256).digest()[:18]
        return f"{channel}-" + base64.urlsafe_b64encode(mac).decode("ascii")

    def public_url(self, path: str) -> str:
        base = self.settings.public_base_url or request.url_root.rstrip("/")
        return base + path

    def last_bot_messages(self, sender: str) -> list[BotMessage]:
        """What the bot said since the person last spoke (to repeat it, or read a pick)."""
        turns = history_from_events(self.rasa.tracker_events(sender))
        out: list[BotMessage] = []
        for turn in reversed(turns):
            if turn.speaker == "user":
                break
            if turn.message is not None:
                out.insert(0, turn.message)
        return out


def twilio() -> TwilioChannel:
    return current_app.extensions[EXTENSION_KEY]


def signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) any request without a valid Twilio signature, before anything else."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        channel = twilio()
        if channel.validator is None:
            raise ApiError(503, "twilio_not_configured", "gateway.error.server_error")
        if not is_from_twilio(channel.validator, channel.settings.public_base_url):
            raise ApiError(403, "invalid_signature", "gateway.error.invalid_request")
        return view(*args, **kwargs)

    return checked


def picked_value(text: str, messages: list[BotMessage]) -> str | None:
    """The choice value when ``text`` is just a choice number ("2", "number 2", "two")."""
    found = _PICK.match(text)
    if not found:
        return None
    word = found.group(1).lower()
    number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    with_choices = [m for m in messages if m.choices]
    if number is None or not with_choices or with_choices[-1].multiple:
        return None
    choices = with_choices[-1].choices
    return choices[number - 1].value if 1 <= number <= len(choices) else None


def looks_like_pick(text: str) -> bool:
    found = _PICK.match(text)
    return bool(found) and (found.group(1).isdigit() or found.group(1).lower() in _NUMBER_WORDS)

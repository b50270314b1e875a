"""What the request handlers of every channel share: settings, Rasa client, id issuers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from channels.config import Settings
from channels.conversation_ids import ConversationIds
from channels.rasa_client import RasaClient

EXTENSION_KEY = "tell_leder_gateway"


@dataclass(frozen=True)
class Gateway:
    settings: Settings
    rasa: RasaClient
    web_ids: ConversationIds

    @classmethod
    def from_settings(cls, settings: Settings) -> Gateway:
        return cls(
            settings=settings,
            rasa=RasaClient(
                settings.rasa_urls,
                settings.rasa_token,
                settings.rasa_connect_timeout,
                settings.rasa_read_timeout,
            ),
            web_ids=ConversationIds(settings.gateway_secret, purpose="web"),
        )


def gateway() -> Gateway:
    return current_app.extensions[EXTENSION_KEY]

"""Rasa's natural language generator for Tell LeDeR (named in bot/endpoints.yml).

Every bot message, whether the action server asks for it or Rasa utters it by
itself, is rendered here from the locale files, so text has one source.
Runs inside the Rasa server (Python 3.10).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from easy_read.render import build_message
from easy_read.text import DEFAULT_LOCALE, has

logger = logging.getLogger(__name__)


class EasyReadNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, **_: Any) -> None:
        self.domain = domain

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        locale = tracker.get_slot("language") or DEFAULT_LOCALE
        meta = kwargs.get("meta") or {}
        key = utter_action
        # Rasa's own default actions ask for "utter_default" and the like.
        if not has(key, locale=locale):
            if has(f"rasa.{utter_action}", locale=locale):
                key = f"rasa.{utter_action}"
            elif meta.get("fallback"):
                key = meta["fallback"]
        try:
            message = build_message(key, meta, locale=locale)
        except KeyError:
            logger.exception("no easy-read message for %r", utter_action)
            message = build_message("common.error", {}, locale=locale)
        return {"custom": message}

"""Send a bot message by name: the Rasa server's NLG (easy_read.rasa_nlg) renders it.

Actions pass a locale key and typed metadata, never words.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.menus import MENU

__all__ = ["MENU", "say"]


def say(dispatcher: CollectingDispatcher, key: str, **meta: Any) -> None:
    dispatcher.utter_message(response=key, meta=meta)

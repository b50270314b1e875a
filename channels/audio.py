"""Spoken versions of bot messages: ``GET /audio/<key>`` and the URLs that point there.

Each channel asks for an audio URL while it renders a message; nothing is synthesised
then. The audio is made on its first request (fixed prompts are made in advance by
``python -m easy_read.tts prerender``), so a chat turn never waits for speech.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from flask import Blueprint, Flask, abort, current_app, send_file

from channels.bot_messages import BotMessage
from channels.config import Settings
from easy_read.tts import EspeakEngine, GttsEngine, SpeechCache

EXTENSION_KEY = "tell_leder_speech"
# Fixed prompts never change under one name (the name is a hash of the text).
SHARED_CACHE_CONTROL = "public, max-age=31536000, immutable"
# Audio of what a person said: no shared caches, and gone from the browser soon.
PRIVATE_CACHE_CONTROL = "private, max-age=3600"

bp = Blueprint("audio", __name__)
# Few workers: speech is made one message at a time per call, on a small machine.
_warmers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="speech")


def speech_cache_from_settings(settings: Settings) -> SpeechCache:
    online = GttsEngine(timeout=settings.tts_online_timeout) if settings.tts_online else None
    return SpeechCache(
        settings.tts_cache_dir, settings.gateway_secret, offline=EspeakEngine(), online=online
    )


def install(app: Flask, settings: Settings) -> None:
    app.extensions[EXTENSION_KEY] = speech_cache_from_settings(settings)
    app.register_blueprint(bp)


def speech() -> SpeechCache:
    return current_app.extensions[EXTENSION_KEY]


def audio_path(
    text: str, *, personal: bool, language: str = "en", speed: str = "normal"
) -> str:
    """The path of the spoken version of ``text`` (registered, not yet synthesised)."""
    cache = speech()
    key = cache.register(cache.request_for(text, language=language, speed=speed,
                                           personal=personal))
    return f"/audio/{key}"


def prepare(paths: Iterable[str]) -> None:
    """Start making audio in the background (phone calls: Twilio fetches every <Play>
    right after the turn, so the offline voice gets a head start). Never waits."""
    cache = speech()
    for path in paths:
        _warmers.submit(cache.audio_for, path.rsplit("/", 1)[-1])


def with_audio(messages: Iterable[BotMessage], language: str = "en") -> list[BotMessage]:
    """The messages with ``audio`` set to the URL of their spoken text."""
    return [
        replace(m, audio=audio_path(m.text, personal=m.personal, language=language))
        if m.text else m
        for m in messages
    ]


@bp.get("/audio/<key>")
def audio_file(key: str):
    # Only a 40-character hex key is looked up (SpeechCache checks it), so "..", "/",
    # or any other file name never reaches the file system.
    found = speech().audio_for(key)
    if found is None:
        abort(404)
    response = send_file(found.path, mimetype=found.content_type, conditional=True,
                         etag=True, max_age=None)
    response.headers["Cache-Control"] = (
        PRIVATE_CACHE_CONTROL if found.private else SHARED_CACHE_CONTROL
    )
    return response

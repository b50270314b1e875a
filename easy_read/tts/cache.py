"""Spoken versions of bot messages, made once and kept on disk.

``register`` is cheap (no synthesis): it names the audio and writes a small request file
beside where the audio will be. ``audio_for`` makes the audio on its first request, so
a chat turn never waits for speech. Names are an HMAC of engine class, language, speed
and text, so nobody can guess the address of audio that holds a person's words.

Two folders: ``shared/`` for fixed prompts (kept), ``private/`` for anything that holds
what a person said (spoken only by the offline engine; the audio and its request file are
deleted after ``private_max_age``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from easy_read.tts.catalogue import is_fixed_prompt
from easy_read.tts.engines import SPEEDS, Audio, EngineError
from easy_read.tts.spoken import spoken_text

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"[0-9a-f]{40}")
SHARED, PRIVATE = "shared", "private"
SUFFIXES = (".mp3", ".wav")
CONTENT_TYPES = {".mp3": "audio/mpeg", ".wav": "audio/wav"}
MAX_TEXT = 5000  # a read-back summary is the longest message
_PURGE_EVERY = 600.0


class Engine(Protocol):
    name: str

    def synthesise(self, text: str, *, language: str, speed: str) -> Audio: ...


@dataclass(frozen=True)
class SpeechRequest:
    text: str  # as it is spoken (see spoken.py)
    language: str
    speed: str
    online: bool  # True only for fixed prompt text: may go to Google

    @property
    def folder(self) -> str:
        return SHARED if self.online else PRIVATE


@dataclass(frozen=True)
class CachedAudio:
    path: Path
    content_type: str
    private: bool


class SpeechCache:
    def __init__(
        self,
        directory: Path,
        secret: bytes,
        *,
        offline: Engine,
        online: Engine | None = None,
        private_max_age: float = 24 * 3600,
    ) -> None:
        self.directory = Path(directory)
        self._secret = secret
        self.offline = offline
        self.online = online
        self.private_max_age = private_max_age
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._last_purge = 0.0
        for folder in (SHARED, PRIVATE):
            (self.directory / folder).mkdir(mode=0o700, parents=True, exist_ok=True)

    # -- naming ---------------------------------------------------------------------------
    def request_for(
        self, text: str, *, language: str = "en", speed: str = "normal", personal: bool = True
    ) -> SpeechRequest:
        """What to synthesise for a message. ``personal`` defaults to True: unknown text
        is treated as holding someone's words."""
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}")
        online = not personal and is_fixed_prompt(text, language)
        return SpeechRequest(spoken_text(text)[:MAX_TEXT], language, speed, online)

    def key(self, request: SpeechRequest) -> str:
        material = json.dumps(
            [request.online, request.language, request.speed, request.text], ensure_ascii=False
        )
        return hmac.new(self._secret, material.encode("utf-8"), hashlib.sha256).hexdigest()[:40]

    # -- registering and finding ----------------------------------------------------------
    def register(self, request: SpeechRequest) -> str:
        """Name the audio for ``request`` and remember how to make it; returns the key."""
        key = self.key(request)
        if self._existing(key) is None:
            folder = self.directory / request.folder
            pending = folder / f"{key}.json"
            if not pending.exists():
                body = {"text": request.text, "language": request.language,
                        "speed": request.speed, "online": request.online}
                _write_atomic(pending, json.dumps(body, ensure_ascii=False).encode("utf-8"))
        self._maybe_purge()
        return key

    def audio_for(self, key: str) -> CachedAudio | None:
        """The audio file for ``key``, made now if it was registered but not made yet.
        None for a key that is malformed, unknown, or whose audio could not be made."""
        if not KEY_PATTERN.fullmatch(key):
            return None
        found = self._existing(key)
        if found is not None:
            return found
        for folder in (SHARED, PRIVATE):
            pending = self.directory / folder / f"{key}.json"
            if pending.exists():
                return self._make(key, pending)
        return None

    def make(self, request: SpeechRequest, *, refresh_fallback: bool = False) -> CachedAudio:
        """Register and synthesise now (used by prerender). Returns the audio file."""
        key = self.register(request)
        found = self._existing(key)
        if found is not None and not (refresh_fallback and self._is_fallback(request, found)):
            return found
        pending = self.directory / request.folder / f"{key}.json"
        made = self._make(key, pending, force=found is not None)
        if made is None:
            raise EngineError("no engine could make this audio")
        return made

    def _is_fallback(self, request: SpeechRequest, found: CachedAudio) -> bool:
        """Fixed text spoken by the offline voice while Google could not be reached: worth
        making again once it can."""
        if not (request.online and self.online is not None and self._online_available()):
            return False
        try:
            made_by = json.loads(found.path.with_suffix(".json").read_text("utf-8")).get("engine")
        except (OSError, ValueError):
            return False
        return made_by != self.online.name

    def _online_available(self) -> bool:
        return self.online is not None and getattr(self.online, "available", True)

    def _existing(self, key: str) -> CachedAudio | None:
        for folder in (SHARED, PRIVATE):
            for suffix in SUFFIXES:
                path = self.directory / folder / f"{key}{suffix}"
                if path.is_file():
                    return CachedAudio(path, CONTENT_TYPES[suffix], folder == PRIVATE)
        return None

    def _lock(self, key: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def _make(self, key: str, pending: Path, force: bool = False) -> CachedAudio | None:
        with self._lock(key):
            found = self._existing(key)  # another thread may have made it meanwhile
            if found is not None and not force:
                return found
            try:
                body = json.loads(pending.read_text(encoding="utf-8"))
                request = SpeechRequest(str(body["text"]), str(body["language"]),
                                        str(body["speed"]), bool(body["online"]))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("unreadable speech request %s", pending.name)
                return None
            if request.speed not in SPEEDS or not request.text.strip():
                return None
            audio = self._synthesise(request)
            if audio is None:
                return None
            path = pending.with_suffix(audio.suffix)
            _write_atomic(path, audio.data)
            for suffix in SUFFIXES:  # a fallback made again may change its type
                if suffix != audio.suffix:
                    pending.with_suffix(suffix).unlink(missing_ok=True)
            body["engine"] = audio.engine  # so prerender can tell a fallback
            _write_atomic(pending, json.dumps(body, ensure_ascii=False).encode("utf-8"))
            return CachedAudio(path, CONTENT_TYPES[audio.suffix], not request.online)

    def _synthesise(self, request: SpeechRequest) -> Audio | None:
        engines: list[Engine] = [self.offline]
        if request.online and self._online_available():
            engines.insert(0, self.online)  # never for personal text: online is False then
        for engine in engines:
            try:
                return engine.synthesise(
                    request.text, language=request.language, speed=request.speed
                )
            except EngineError as exc:
                log.warning("%s could not speak a message: %s", engine.name, exc)
        return None

    # -- keeping private audio short-lived ------------------------------------------------
    def _maybe_purge(self) -> None:
        now = time.monotonic()
        if now - self._last_purge >= _PURGE_EVERY:
            self._last_purge = now
            self.purge_private()

    def purge_private(self, max_age: float | None = None) -> int:
        """Delete private audio and requests older than ``max_age`` seconds."""
        limit = time.time() - (self.private_max_age if max_age is None else max_age)
        removed = 0
        for path in (self.directory / PRIVATE).iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file and rename, so nobody serves a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

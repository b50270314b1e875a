"""Synthesise every fixed prompt in advance, so no call waits for speech of fixed text."""

from __future__ import annotations

import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from easy_read.tts.cache import CachedAudio, SpeechCache
from easy_read.tts.catalogue import fixed_prompts
from easy_read.tts.engines import SPEEDS, EngineError


@dataclass
class PrerenderReport:
    prompts: int = 0
    files: int = 0
    total_bytes: int = 0
    seconds: float = 0.0
    failed: int = 0
    by_kind: Counter = field(default_factory=Counter)


def prerender(
    cache: SpeechCache,
    *,
    language: str = "en",
    speeds: tuple[str, ...] = SPEEDS,
    workers: int | None = None,
) -> PrerenderReport:
    report = PrerenderReport()
    started = time.monotonic()
    prompts = fixed_prompts(language)
    report.prompts = len(prompts)

    def make(text: str, speed: str) -> CachedAudio | None:
        request = cache.request_for(text, language=language, speed=speed, personal=False)
        try:
            return cache.make(request, refresh_fallback=True)
        except EngineError:
            return None

    jobs = [(text, speed) for text in prompts for speed in speeds]
    # The offline engine is a separate process per prompt: run one per CPU.
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        for audio in pool.map(lambda job: make(*job), jobs):
            if audio is None:
                report.failed += 1
                continue
            report.files += 1
            report.total_bytes += audio.path.stat().st_size
            report.by_kind[audio.path.suffix] += 1
    report.seconds = time.monotonic() - started
    return report

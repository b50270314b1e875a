"""The speech cache: what may go to Google, cache hits and misses, fallback, prerender."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import mutagen
import pytest

from easy_read.text import t
from easy_read.tts import EspeakEngine, GttsEngine, SpeechCache, fixed_prompts, spoken_text
from easy_read.tts.prerender import prerender
from tests.easy_read.test_tts_engines import RecordedGoogle, google, spoken_parameters

SECRET = b"test-secret-for-audio-names-0123456789"
FIXED = t("notify.ask.notifier_name", locale="en")  # "What is your name?"


@pytest.fixture
def recorded() -> RecordedGoogle:
    return RecordedGoogle()


@pytest.fixture
def cache(tmp_path: Path, recorded: RecordedGoogle) -> SpeechCache:
    online = GttsEngine(session=google(recorded))
    return SpeechCache(tmp_path / "tts", SECRET, offline=EspeakEngine(), online=online)


def texts_sent(adapter: RecordedGoogle) -> list[str]:
    return [spoken_parameters(request)[0] for request, _ in adapter.sent]


def test_a_fixed_prompt_goes_to_gtts_once_then_comes_from_the_cache(cache, recorded) -> None:
    key = cache.register(cache.request_for(FIXED, personal=False))
    assert recorded.sent == [] and cache.audio_for(key) is not None  # made on first request
    assert texts_sent(recorded) == [FIXED]
    again = cache.audio_for(key)
    assert len(recorded.sent) == 1  # a hit: Google is not asked again
    assert again.content_type == "audio/mpeg" and not again.private
    assert mutagen.File(again.path).info.length > 0


def test_anything_personal_never_reaches_google(cache, recorded) -> None:
    name_question = t("notify.ask.date_of_death", locale="en", person="Thomas Smith")
    for text, personal in [
        (name_question, True),
        ("Thomas Smith", True),
        (FIXED, True),  # fixed words, but the bot said the message holds an answer
        ("What is your name, Thomas?", False),  # flagged wrongly: still not a fixed prompt
    ]:
        key = cache.register(cache.request_for(text, personal=personal))
        found = cache.audio_for(key)
        assert found.private and found.path.parent.name == "private", text
        assert mutagen.File(found.path).info.length > 0.5
    assert recorded.sent == []


def test_private_audio_and_its_request_are_purged_together(cache) -> None:
    key = cache.register(cache.request_for("My mum, Ann Lee, died.", personal=True))
    private = cache.directory / "private"
    cache.audio_for(key)
    assert sorted(p.name for p in private.iterdir()) == [f"{key}.json", f"{key}.mp3"]
    assert cache.purge_private(max_age=-1) == 2 and list(private.iterdir()) == []
    assert cache.audio_for(key) is None


def test_keys_depend_on_text_language_speed_and_privacy(cache) -> None:
    keys = {
        cache.register(cache.request_for(FIXED, speed="normal", personal=False)),
        cache.register(cache.request_for(FIXED, speed="slow", personal=False)),
        cache.register(cache.request_for(FIXED, speed="normal", personal=True)),
        cache.register(cache.request_for("Where do you live?", personal=False)),
    }
    assert len(keys) == 4
    assert cache.register(cache.request_for(FIXED, personal=False)) in keys


def test_audio_names_cannot_be_guessed_without_the_secret(tmp_path: Path) -> None:
    request_text = "Thomas Smith"
    a = SpeechCache(tmp_path / "a", SECRET, offline=EspeakEngine())
    b = SpeechCache(tmp_path / "b", b"another-secret-0123456789-abcdefghij", offline=EspeakEngine())
    assert a.key(a.request_for(request_text)) != b.key(b.request_for(request_text))


def test_when_google_cannot_be_reached_the_offline_voice_speaks(tmp_path: Path) -> None:
    import requests

    down = RecordedGoogle(error=requests.ConnectionError("no route"))
    cache = SpeechCache(tmp_path, SECRET, offline=EspeakEngine(),
                        online=GttsEngine(session=google(down)))
    found = cache.audio_for(cache.register(cache.request_for(FIXED, personal=False)))
    assert json.loads(found.path.with_suffix(".json").read_text())["engine"] == "espeak-ng"
    assert mutagen.File(found.path).info.length > 0.5
    assert len(down.sent) == 1


def test_prerender_makes_offline_fallbacks_again_once_google_answers(tmp_path: Path) -> None:
    import requests

    down = RecordedGoogle(error=requests.ConnectionError("no route"))
    online = GttsEngine(session=google(down), retry_after=0)
    cache = SpeechCache(tmp_path, SECRET, offline=EspeakEngine(), online=online)
    request = cache.request_for(FIXED, personal=False)
    first = cache.make(request, refresh_fallback=True)
    up = RecordedGoogle()
    online.session = google(up)
    again = cache.make(request, refresh_fallback=True)
    assert again.path == first.path and len(up.sent) == 1
    assert json.loads(again.path.with_suffix(".json").read_text())["engine"] == "gtts"
    cache.make(request, refresh_fallback=True)
    assert len(up.sent) == 1  # made by Google now: kept


def test_malformed_and_unknown_keys_find_nothing(cache) -> None:
    for key in ("../../etc/passwd", "0" * 40, "A" * 40, "", "0" * 39, "0" * 41):
        assert cache.audio_for(key) is None


def test_old_private_audio_is_purged_and_recent_audio_kept(cache) -> None:
    old_key = cache.register(cache.request_for("Ann Lee", personal=True))
    new_key = cache.register(cache.request_for("Ben Lee", personal=True))
    old_path, new_path = cache.audio_for(old_key).path, cache.audio_for(new_key).path
    old = time.time() - 2 * 24 * 3600
    for path in (old_path, old_path.with_suffix(".json")):
        os.utime(path, (old, old))
    assert cache.purge_private() == 2
    assert not old_path.exists() and new_path.exists()


def test_numbers_dates_and_references_are_spoken_one_character_at_a_time() -> None:
    assert spoken_text("Your reference number is LDR-7KQM-3HWX.") == (
        "Your reference number is L, D, R. 7, K, Q, M. 3, H, W, X.")
    assert spoken_text("Call Cruse on 0808 808 1677.") == (
        "Call Cruse on 0, 8, 0, 8. 8, 0, 8. 1, 6, 7, 7.")
    assert spoken_text("like 14/02/2026") == "like 1, 4. 0, 2. 2, 0, 2, 6."
    assert spoken_text("Press 1.\nPress 2") == "Press 1. Press 2."
    assert spoken_text("For example: LS1 4DY.") == "For example: L, S, 1. 4, D, Y."


def test_the_catalogue_holds_fixed_prompts_only() -> None:
    prompts = fixed_prompts("en")
    assert FIXED in prompts
    assert t("voice.press", locale="en", number=3) in prompts
    # a question about the person, before their name is known
    assert t("notify.ask.date_of_death", locale="en",
             person=t("common.the_person", locale="en")) in prompts
    assert not any("%{" in p for p in prompts)
    assert t("widget.page.send", locale="en") not in prompts  # page words are not spoken


def test_prerender_makes_every_fixed_prompt_and_a_second_run_only_hits(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, SECRET, offline=EspeakEngine())
    first = prerender(cache, speeds=("normal",))
    assert first.failed == 0 and first.files == first.prompts == len(fixed_prompts("en"))
    assert first.total_bytes > first.files * 1000
    second = prerender(cache, speeds=("normal",))
    assert second.files == first.files and second.seconds < first.seconds / 5

"""Text-to-speech engines: gTTS against recorded HTTP answers, espeak-ng for real."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import mutagen.mp3
import mutagen.wave
import pytest
import requests
from requests.adapters import BaseAdapter

from easy_read.tts import EngineError, EspeakEngine, GttsEngine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tts"


class RecordedGoogle(BaseAdapter):
    """A requests transport that answers like Google's TTS endpoint and keeps each request
    with the options it was sent with (certificate check, timeout)."""

    def __init__(self, fixture: str = "gtts_audio_reply.txt", status: int = 200,
                 error: Exception | None = None) -> None:
        super().__init__()
        self.body = (FIXTURES / fixture).read_bytes()
        self.status = status
        self.error = error
        self.sent: list[tuple[requests.PreparedRequest, dict]] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.sent.append((request, {"timeout": timeout, "verify": verify}))
        if self.error is not None:
            raise self.error
        response = requests.Response()
        response.status_code = self.status
        response.raw = io.BytesIO(self.body)
        response.url = request.url
        response.request = request
        response.headers["Content-Type"] = "application/json; charset=utf-8"
        return response

    def close(self) -> None:
        pass


def google(adapter: RecordedGoogle) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def spoken_parameters(request: requests.PreparedRequest) -> list:
    import json

    form = parse_qs(request.body)
    rpc = json.loads(form["f.req"][0])
    return json.loads(rpc[0][0][1])  # [text, language, speed, "null"]


def test_gtts_is_called_with_certificate_checks_and_a_short_timeout() -> None:
    adapter = RecordedGoogle()
    engine = GttsEngine(timeout=3.0, session=google(adapter))

    audio = engine.synthesise("What is your name?", language="en", speed="slow")

    [(request, options)] = adapter.sent
    assert options == {"timeout": 3.0, "verify": True}
    assert request.method == "POST"
    assert urlsplit(request.url).hostname == "translate.google.co.uk"
    text, language, speed, _ = spoken_parameters(request)
    assert (text, language) == ("What is your name?", "en")
    assert speed is True  # gTTS's slow speech for easy read
    assert audio.suffix == ".mp3" and audio.engine == "gtts"
    info = mutagen.mp3.MP3(io.BytesIO(audio.data)).info
    assert info.length > 0.5 and info.sample_rate == 22050


def test_normal_speed_is_asked_for_when_not_slow() -> None:
    adapter = RecordedGoogle()
    GttsEngine(session=google(adapter)).synthesise("Hello.", language="en", speed="normal")
    assert spoken_parameters(adapter.sent[0][0])[2] is None  # gTTS sends null for normal


@pytest.mark.parametrize("adapter", [
    RecordedGoogle("gtts_no_audio_reply.txt"),
    RecordedGoogle(status=429),
    RecordedGoogle(error=requests.ConnectTimeout("no answer")),
    RecordedGoogle(error=requests.exceptions.SSLError("certificate verify failed")),
], ids=["no-audio", "http-429", "timeout", "bad-certificate"])
def test_gtts_failures_raise_and_pause_further_calls(adapter: RecordedGoogle) -> None:
    engine = GttsEngine(session=google(adapter), retry_after=60)
    with pytest.raises(EngineError):
        engine.synthesise("Hello.", language="en", speed="normal")
    assert not engine.available
    with pytest.raises(EngineError):
        engine.synthesise("Hello again.", language="en", speed="normal")
    assert len(adapter.sent) == 1  # the second call did not wait on Google


def length_of(audio) -> float:
    return mutagen.File(io.BytesIO(audio.data)).info.length


def test_espeak_makes_a_small_mp3() -> None:
    text = "Your reference number is L, D, R. 7, K, Q, M."
    audio = EspeakEngine().synthesise(text, language="en", speed="normal")
    wav = EspeakEngine(mp3=False).synthesise(text, language="en", speed="normal")
    assert audio.suffix == ".mp3" and audio.engine == "espeak-ng"
    assert isinstance(mutagen.File(io.BytesIO(audio.data)), mutagen.mp3.MP3)
    assert abs(length_of(audio) - length_of(wav)) < 0.3
    assert len(audio.data) < len(wav.data) / 5


def test_without_mp3_espeak_gives_a_wav_whose_header_has_the_real_length(tmp_path) -> None:
    audio = EspeakEngine(mp3=False).synthesise("Your reference number is L, D, R.",
                                               language="en", speed="normal")
    assert audio.suffix == ".wav" and audio.data[:4] == b"RIFF" and audio.data[8:12] == b"WAVE"
    path = tmp_path / "a.wav"
    path.write_bytes(audio.data)
    # the real length, not espeak's placeholder for a stream (about 13 hours)
    assert 1.0 < mutagen.wave.WAVE(path).info.length < 10.0


def test_espeak_slow_speech_takes_longer() -> None:
    engine = EspeakEngine()
    normal, slow = (engine.synthesise("Please tell us the date.", language="en", speed=speed)
                    for speed in ("normal", "slow"))
    assert length_of(slow) > length_of(normal) * 1.15


def test_text_that_looks_like_an_option_is_spoken_not_obeyed() -> None:
    audio = EspeakEngine().synthesise("--version -w /tmp/x", language="en", speed="normal")
    assert length_of(audio) > 1.0


def test_a_missing_espeak_is_an_engine_error() -> None:
    with pytest.raises(EngineError):
        EspeakEngine(executable="/nonexistent/espeak-ng").synthesise(
            "Hello.", language="en", speed="normal")

"""Speech engines: gTTS (Google, online, fixed text only) and espeak-ng (offline).

gTTS itself sends its requests with TLS certificate checks turned off and no timeout.
We let gTTS build the requests (its text splitting and request format) and send them
ourselves, with certificate checks on and a short timeout, so a slow Google never holds
up a phone call.
"""

from __future__ import annotations

import base64
import logging
import re
import shutil
import struct
import subprocess
import threading
import time
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)

SPEEDS = ("normal", "slow")
# gTTS answers with lines such as: [["wrb.fr","jQ1olc","[\"<base64 mp3>\"]",...
_AUDIO_LINE = re.compile(r'jQ1olc","\[\\"([A-Za-z0-9+/=]+)\\"]')


class EngineError(RuntimeError):
    """The engine could not make audio for this text."""


@dataclass(frozen=True)
class Audio:
    data: bytes
    suffix: str  # ".mp3" or ".wav"
    engine: str


class GttsEngine:
    """Google's text-to-speech through gTTS. Never give it text a person said."""

    name = "gtts"
    suffix = ".mp3"

    def __init__(
        self,
        *,
        timeout: float = 4.0,
        tld: str = "co.uk",
        session: requests.Session | None = None,
        retry_after: float = 60.0,
    ) -> None:
        self.timeout = timeout
        self.tld = tld
        self.session = session or requests.Session()
        self.retry_after = retry_after
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False for a while after a failure, so calls do not each wait for Google."""
        return time.monotonic() >= self._down_until

    def synthesise(self, text: str, *, language: str, speed: str) -> Audio:
        from gtts import gTTS  # imported late: only the gateway side needs it

        if not self.available:
            raise EngineError("gTTS was unreachable a moment ago")
        tts = gTTS(text, tld=self.tld, lang=language, slow=speed == "slow", lang_check=False)
        parts = []
        try:
            for prepared in tts._prepare_requests():  # gTTS has no public way to get them
                response = self.session.send(
                    prepared, verify=True, timeout=self.timeout, allow_redirects=False
                )
                if response.status_code != 200:
                    raise EngineError(f"gTTS answered HTTP {response.status_code}")
                found = _AUDIO_LINE.search(response.text)
                if not found:
                    raise EngineError("gTTS answer holds no audio")
                parts.append(base64.b64decode(found.group(1)))
        except (requests.RequestException, ValueError, EngineError) as exc:
            with self._lock:
                self._down_until = time.monotonic() + self.retry_after
            log.warning("gTTS failed (%s); using the offline voice", type(exc).__name__)
            raise EngineError(str(exc)) from None
        data = b"".join(parts)
        if not data:
            raise EngineError("gTTS gave empty audio")
        return Audio(data, self.suffix, self.name)


class EspeakEngine:
    """espeak-ng on this machine: nothing leaves it. Used for everything personal."""

    name = "espeak-ng"
    # Words per minute and the gap between words (10 ms units): slower for easy read.
    RATES = {"normal": ("140", "2"), "slow": ("110", "6")}
    VOICES = {"en": "en-gb"}

    def __init__(self, executable: str | None = None, timeout: float = 10.0,
                 mp3: bool = True) -> None:
        self.executable = executable or shutil.which("espeak-ng") or "espeak-ng"
        self.timeout = timeout
        self.mp3 = mp3

    def synthesise(self, text: str, *, language: str, speed: str) -> Audio:
        rate, gap = self.RATES.get(speed, self.RATES["normal"])
        voice = self.VOICES.get(language, language)
        # The text goes in on stdin, never as an argument, so it cannot be read as an option.
        command = [self.executable, "-v", voice, "-s", rate, "-g", gap, "--stdout"]
        try:
            done = subprocess.run(
                command, input=text.encode("utf-8"), capture_output=True,
                timeout=self.timeout, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"espeak-ng failed: {type(exc).__name__}") from None
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            raise EngineError(f"espeak-ng failed with code {done.returncode}")
        wav = fix_wav_sizes(done.stdout)
        mp3 = wav_to_mp3(wav) if self.mp3 else None
        return Audio(mp3, ".mp3", self.name) if mp3 else Audio(wav, ".wav", self.name)


def _wav_parts(wav: bytes) -> tuple[int, int, int, bytes]:
    """(channels, sample rate, bits per sample, PCM data) of a WAV file."""
    fmt, data, position = None, None, 12
    while position + 8 <= len(wav):
        chunk, size = wav[position : position + 4], struct.unpack_from("<I", wav, position + 4)[0]
        body = wav[position + 8 : position + 8 + size]
        if chunk == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", body)
        elif chunk == b"data":
            data = body
        position += 8 + size + (size & 1)
    if fmt is None or data is None:
        raise EngineError("not a WAV file")
    return fmt[1], fmt[2], fmt[5], data


def wav_to_mp3(wav: bytes, bit_rate: int = 32) -> bytes | None:
    """Encode 16-bit PCM WAV as MP3 (about a tenth of the size), or None without lameenc."""
    try:
        import lameenc
    except ImportError:
        return None
    channels, rate, bits, pcm = _wav_parts(wav)
    if bits != 16:
        return None
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bit_rate)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(channels)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


def fix_wav_sizes(data: bytes) -> bytes:
    """espeak-ng writes to a pipe before it knows the length, so the RIFF and data chunk
    sizes in its header are placeholders; players would think the audio lasts 13 hours."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise EngineError("espeak-ng did not write a WAV file")
    out = bytearray(data)
    struct.pack_into("<I", out, 4, len(out) - 8)
    position = 12
    while position + 8 <= len(out):
        chunk, size = out[position : position + 4], struct.unpack_from("<I", out, position + 4)[0]
        if chunk == b"data":
            struct.pack_into("<I", out, position + 4, len(out) - position - 8)
            return bytes(out)
        position += 8 + size + (size & 1)
    raise EngineError("espeak-ng WAV file has no data chunk")

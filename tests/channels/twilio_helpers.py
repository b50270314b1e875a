"""Signed Twilio webhook requests for the gateway tests (built with Twilio's own library)."""

from __future__ import annotations

import json
import re
import statistics
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml
from twilio.request_validator import RequestValidator

TWILIO_TOKEN = "test-twilio-auth-token-0123456789"
PUBLIC = "https://leder.example.org"  # the address Twilio calls, in front of a proxy


def twilio_config(tmp_path, **extra: Any) -> dict[str, Any]:
    return {
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC,
        "TWILIO_STATE_DB": str(tmp_path / "twilio.sqlite3"),
        "TTS_CACHE_DIR": str(tmp_path / "tts"),
        "TTS_ONLINE": "0",  # gTTS has its own tests against recorded answers
        **extra,
    }


def signature(url: str, params: dict[str, str], token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post_signed(client, path: str, params: dict[str, str], *, base: str = PUBLIC,
                token: str = TWILIO_TOKEN):
    return client.post(path, data=params,
                       headers={"X-Twilio-Signature": signature(base + path, params, token)})


def twiml(response) -> ET.Element:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())
    assert root.tag == "Response"
    return root


def sms_bodies(response) -> list[str]:
    return [m.text or "" for m in twiml(response).iter("Message")]


# -- Drivers for whole conversations through the real stack (tests/e2e) ----------------------


LOCALES = Path(__file__).resolve().parents[2] / "easy_read" / "locales"


def question_patterns() -> dict[str, re.Pattern[str]]:
    """What each notify question starts with, as a pattern (the person's name varies)."""
    data = yaml.safe_load((LOCALES / "notify.en.yml").read_text(encoding="utf-8"))["en"]
    patterns = {}
    for field, template in data["ask"].items():
        first = template.splitlines()[0]
        parts = [re.escape(p) for p in re.split(r"%\{\w+\}", first)]
        patterns[field] = re.compile(".+?".join(parts))
    return patterns


QUESTIONS = question_patterns()


def asking(text: str) -> str | None:
    """The question asked last in ``text`` (by its words, as a person would tell)."""
    found = [(m.start(), field) for field, pattern in QUESTIONS.items()
             for m in pattern.finditer(text)]
    return max(found)[1] if found else None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency_line(name: str, seconds: list[float]) -> str:
    return (f"{name}: {len(seconds)} turns, median {statistics.median(seconds) * 1000:.0f} ms, "
            f"p95 {percentile(seconds, 0.95) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms")


class Webhooks:
    """Signed POSTs to the real gateway, as Twilio makes them."""

    def __init__(self, stack) -> None:
        self.base = f"http://127.0.0.1:{stack.ports.gateway}"
        self.token = stack.env["TWILIO_AUTH_TOKEN"]
        self.seconds: list[float] = []

    def post(self, path: str, params: dict[str, str]) -> ET.Element:
        url = self.base + path
        headers = {"X-Twilio-Signature": signature(url, params, self.token)}
        started = time.monotonic()
        response = requests.post(url, data=params, headers=headers, timeout=15)
        self.seconds.append(time.monotonic() - started)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("application/xml")
        return ET.fromstring(response.content)


class Phone(Webhooks):
    """A person texting from one number."""

    def __init__(self, stack, number: str) -> None:
        super().__init__(stack)
        self.number = number
        self.replies: list[list[str]] = []

    def text(self, body: str) -> list[str]:
        root = self.post("/twilio/sms", {"MessageSid": "SM" + uuid.uuid4().hex,
                                         "From": self.number, "To": "+441130000000",
                                         "Body": body, "NumMedia": "0"})
        bodies = [m.text or "" for m in root.iter("Message")]
        self.replies.append(bodies)
        return bodies

    @property
    def last(self) -> str:
        return "\n\n".join(self.replies[-1])

    def number_of(self, label: str) -> str:
        """The number to reply for a choice, read from the numbered lines."""
        found = re.findall(rf"^(\d+): {re.escape(label)}$", self.last, re.MULTILINE)
        assert found, f"no choice {label!r} in {self.last!r}"
        return found[-1]


class Call(Webhooks):
    """A person on the phone: hears what the <Play> files say, answers by voice or keys."""

    def __init__(self, stack) -> None:
        super().__init__(stack)
        self.sid = "CA" + uuid.uuid4().hex
        self.cache = Path(stack.env["TTS_CACHE_DIR"])
        self.root: ET.Element | None = None

    def _post(self, url: str, **params: str) -> ET.Element:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.root = self.post(path, {"CallSid": self.sid, "From": "+447700900123", **params})
        return self.root

    def dial(self) -> ET.Element:
        return self._post(self.base + "/twilio/voice", CallStatus="ringing")

    @property
    def gather(self) -> ET.Element:
        [found] = self.root.iter("Gather")
        return found

    def say(self, speech: str) -> ET.Element:
        return self._post(self.gather.get("action"), SpeechResult=speech, Confidence="0.87")

    def press(self, digits: str) -> ET.Element:
        return self._post(self.gather.get("action"), Digits=digits)

    def stay_silent(self) -> ET.Element:
        [redirect] = self.root.iter("Redirect")
        return self._post(redirect.text)

    def plays(self) -> list[str]:
        return [p.text for p in self.root.iter("Play")]

    def request_of(self, url: str) -> tuple[str, dict]:
        """(folder, speech request) behind a <Play> URL, from the gateway's audio cache."""
        key = urlsplit(url).path.rsplit("/", 1)[1]
        for folder in ("shared", "private"):
            path = self.cache / folder / f"{key}.json"
            if path.exists():
                return folder, json.loads(path.read_text(encoding="utf-8"))
        return "", {}

    def heard(self) -> list[str]:
        return [self.request_of(url)[1].get("text", "?") for url in self.plays()]

    def key_for(self, label: str) -> str:
        heard = self.heard()
        for i, text in enumerate(heard[:-1]):
            press = re.fullmatch(r"Press (\d)\.", heard[i + 1])
            if text.rstrip(".") == label and press:
                return press.group(1)
        raise AssertionError(f"no key for {label!r} in {heard}")

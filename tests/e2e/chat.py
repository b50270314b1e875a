"""Drive a conversation through the gateway's web chat API, as the chat page does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import requests

REFERENCE = re.compile(r"LDR-[ACDEFGHJKMNPQRTUVWXY346789]{4}-[ACDEFGHJKMNPQRTUVWXY346789]{4}")

METADATA = {"text", "flow", "asks", "input", "choices", "progress", "audio"}
INPUTS = {"text", "choice", "date", "yes_no", "postcode", "phone", "email", "rating",
          "free_text"}
LOCALE_KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def check_message(m: dict[str, Any]) -> None:
    """Every bot message keeps the contract of SPEC section 5 and shows no internals."""
    assert set(m) >= METADATA, f"metadata missing: {METADATA - set(m)} in {m}"
    text = m["text"]
    assert text and not LOCALE_KEY.match(text), f"a message key, not words: {text!r}"
    assert "__" not in text and "%{" not in text, f"internal text shown: {text!r}"
    if m["asks"]:
        assert m["flow"] and m["input"] in INPUTS, m
        progress = m["progress"]
        assert 1 <= progress["step"] <= progress["of"], m
    for choice in m["choices"]:
        assert choice["value"] and choice["label"] and choice["picture"], choice


@dataclass
class Chat:
    gateway: str
    conversation_id: str = ""
    transcript: list[dict[str, Any]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def start(self) -> list[dict[str, Any]]:
        r = requests.post(f"{self.gateway}/api/chat/conversations", json={}, timeout=60)
        assert r.status_code == 201, r.text
        body = r.json()
        self.conversation_id = body["conversation_id"]
        return self._record(body["messages"])

    def say(self, text: str) -> list[dict[str, Any]]:
        self.transcript.append({"speaker": "user", "text": text})
        r = requests.post(f"{self.gateway}/api/chat/conversations/{self.conversation_id}/messages",
                          json={"text": text}, timeout=60)
        assert r.status_code == 200, r.text
        return self._record(r.json()["messages"])

    def history(self) -> list[dict[str, Any]]:
        r = requests.get(f"{self.gateway}/api/chat/conversations/{self.conversation_id}",
                         timeout=60)
        assert r.status_code == 200, r.text
        return r.json()["messages"]

    def _record(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for m in messages:
            check_message(m)
            self.transcript.append({"speaker": "bot", **m})
            if m.get("asks"):
                self.asked.append(m["asks"])
        return messages

    @property
    def last_bot(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for m in reversed(self.transcript):
            if m["speaker"] == "user":
                break
            out.insert(0, m)
        return out

    @property
    def asking(self) -> str | None:
        """The field the bot is waiting for now (from the metadata, not the words)."""
        for m in reversed(self.last_bot):
            if m.get("asks"):
                return m["asks"]
        return None

    def reference(self) -> str:
        """The reference number the bot gave last (it is read out, so it is in the text)."""
        found = REFERENCE.findall(self.text())
        assert found, f"no reference number in {self.text()!r}"
        return found[-1]

    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.last_bot)

    def answer_all(self, answers: dict[str, str], *, stop_before: str | None = None) -> None:
        """Answer each question from ``answers`` until the read-back or ``stop_before``."""
        for _ in range(60):
            field_name = self.asking
            assert field_name, f"the bot stopped asking: {self.text()!r}"
            if field_name == stop_before or field_name == "confirm":
                return
            assert field_name in answers, (
                f"unexpected question {field_name!r}: {self.text()!r}")
            self.say(answers[field_name])
        raise AssertionError("the conversation did not reach the read-back")

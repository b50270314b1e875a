"""Drive the chat page in real Chromium, by mouse or by keyboard alone.

The driver follows the bot by the message metadata the page received (SPEC section 5),
read from the gateway's JSON answers, never from the words on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Locator, Page

REFERENCE = re.compile(r"LDR-[ACDEFGHJKMNPQRTUVWXY346789]{4}-[ACDEFGHJKMNPQRTUVWXY346789]{4}")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# True once the image has loaded and has pixels; false when it failed.
LOADED = """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth > 0));
    img.addEventListener("error", () => done(false));
})"""
MENU_NOTIFY = "I want to tell you about a death"


def is_chat_reply(response: Any) -> bool:
    return response.request.method == "POST" and "/api/chat/conversations" in response.url


@dataclass
class Widget:
    page: Page
    keyboard_only: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)
    conversation_id: str | None = None

    # --- opening ------------------------------------------------------------------------
    def open(self, url: str) -> list[dict[str, Any]]:
        """Load the page and wait for the first bot message; returns the bot's messages."""
        with self.page.expect_response(is_chat_reply) as info:
            self.page.goto(url)
        body = info.value.json()
        self.conversation_id = body["conversation_id"]
        self.wait_idle()
        self.messages.extend(body["messages"])
        return body["messages"]

    def wait_idle(self) -> None:
        # A selector, not wait_for_function: polling a function needs eval, which the
        # page's Content-Security-Policy rightly refuses.
        self.page.wait_for_selector(
            '#chat[data-ready="true"] #transcript:not([aria-busy="true"])', state="attached"
        )

    # --- what the bot asks --------------------------------------------------------------
    @property
    def last(self) -> dict[str, Any]:
        return self.messages[-1]

    @property
    def asking(self) -> str | None:
        return self.last.get("asks")

    def bot_texts(self) -> list[str]:
        return self.page.locator(".msg--bot .msg__text").all_inner_texts()

    # --- answering ----------------------------------------------------------------------
    def _act(self, action: Any) -> list[dict[str, Any]]:
        with self.page.expect_response(is_chat_reply) as info:
            action()
        response = info.value
        assert response.status == 200, response.text()
        replies = response.json()["messages"]
        self.wait_idle()
        self.messages.extend(replies)
        return replies

    def tab_to(self, target: Locator, limit: int = 80) -> None:
        """Press Tab (only) until ``target`` has the focus."""
        for _ in range(limit):
            if target.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {target}")

    def type_answer(self, text: str) -> list[dict[str, Any]]:
        box = self.page.locator("#message")
        if self.keyboard_only:
            self.tab_to(box)
            self.page.keyboard.type(text)
            return self._act(lambda: self.page.keyboard.press("Enter"))
        box.click()
        box.fill(text)
        return self._act(lambda: self.page.get_by_role("button", name="Send", exact=True).click())

    def choice(self, value: str) -> Locator:
        return self.page.locator(f'#choices .choice[data-value="{value}"]')

    def choose(self, value: str) -> list[dict[str, Any]]:
        button = self.choice(value)
        if self.keyboard_only:
            self.tab_to(button)
            return self._act(lambda: self.page.keyboard.press("Enter"))
        return self._act(button.click)

    def choose_many(self, values: list[str]) -> list[dict[str, Any]]:
        for value in values:
            button = self.choice(value)
            if self.keyboard_only:
                self.tab_to(button)
                self.page.keyboard.press("Space")
            else:
                button.click()
            assert button.get_attribute("aria-pressed") == "true"
        done = self.page.locator("#choices .choices__send")
        if self.keyboard_only:
            self.tab_to(done)
            return self._act(lambda: self.page.keyboard.press("Enter"))
        return self._act(done.click)

    def pick_date(self, day: int, month: int, year: int) -> list[dict[str, Any]]:
        picker = self.page.locator("#date-picker")
        if self.keyboard_only:
            # Chromium's date field takes the digits of each part in turn.
            self.tab_to(picker)
            self.page.keyboard.type(f"{day:02d}{month:02d}{year:04d}")
            assert picker.input_value() == f"{year:04d}-{month:02d}-{day:02d}"
            self.tab_to(self.page.locator("#date-send"))
            return self._act(lambda: self.page.keyboard.press("Enter"))
        picker.fill(f"{year:04d}-{month:02d}-{day:02d}")
        return self._act(self.page.locator("#date-send").click)

    def answer(self, how: tuple[str, Any]) -> list[dict[str, Any]]:
        kind, value = how
        if kind == "type":
            return self.type_answer(value)
        if kind == "choose":
            return self.choose(value)
        if kind == "choose_many":
            return self.choose_many(value)
        if kind == "date":
            return self.pick_date(*value)
        raise ValueError(kind)

    def answer_until(self, answers: dict[str, tuple[str, Any]], stop_at: str = "confirm",
                     on_question: Any = None) -> None:
        """Answer each question the bot asks (by its `asks`) until it asks ``stop_at``."""
        for _ in range(60):
            asks = self.asking
            assert asks, f"the bot stopped asking: {self.last.get('text')!r}"
            if on_question is not None:
                on_question(asks)
            if asks == stop_at:
                return
            assert asks in answers, f"unexpected question {asks!r}: {self.last.get('text')!r}"
            self.answer(answers[asks])
        raise AssertionError(f"never reached {stop_at!r}")

    def reference(self) -> str:
        for message in reversed(self.messages):
            found = REFERENCE.search(message.get("text") or "")
            if found:
                return found.group(0)
        raise AssertionError("no reference number was given")

    # --- looking ------------------------------------------------------------------------
    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than its window (0 = no sideways scroll)."""
        return self.page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )

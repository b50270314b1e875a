"""SMS segments: what a text costs. GSM-7 when every character allows, else UCS-2."""

from __future__ import annotations

import math

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")  # each costs 2 septets
# Typographic characters that have a plain GSM-7 twin: swapping them keeps a text in
# GSM-7 (160 characters a segment) instead of UCS-2 (70).
PLAIN_TWINS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
    "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2022": "-",
})


def is_gsm7(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)


def plain(text: str) -> str:
    return text.translate(PLAIN_TWINS)


def segments(text: str) -> int:
    """How many SMS segments ``text`` is sent as (concatenated SMS use a header)."""
    if not text:
        return 0
    if is_gsm7(text):
        septets = sum(2 if c in GSM_EXTENSION else 1 for c in text)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(text.encode("utf-16-le")) // 2  # emoji take 2 units
    return 1 if units <= 70 else math.ceil(units / 67)

"""Bot messages as SMS text: numbered choices, few segments, plain GSM-7 characters."""

from __future__ import annotations

import re
from collections.abc import Iterable

from twilio.twiml.messaging_response import MessagingResponse

from channels.bot_messages import BotMessage
from channels.texts import t
from channels.twilio.segments import plain

LANGUAGE = "en"
# Twilio refuses a message body longer than 1600 characters.
MAX_BODY = 1600
REFERENCE = re.compile(r"\bLDR-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def message_text(message: BotMessage) -> str:
    lines = [message.text] if message.text else []
    if message.choices:
        key = "sms.reply_numbers" if message.multiple else "sms.reply_number"
        lines.append(t(key, locale=LANGUAGE))
        lines += [
            t("sms.choice_line", locale=LANGUAGE, number=n, value=c.label)
            for n, c in enumerate(message.choices, start=1)
        ]
    return plain("\n".join(lines))


def bodies(texts: Iterable[str]) -> list[str]:
    """Join the texts into as few message bodies as fit (each <Message> costs at least
    one segment, so one body is cheaper than several short ones)."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        if out and len(out[-1]) + 2 + len(text) <= MAX_BODY:
            out[-1] += "\n\n" + text
        else:
            out.extend(text[i : i + MAX_BODY] for i in range(0, len(text), MAX_BODY))
    return out


def confirmation(messages: Iterable[BotMessage]) -> str | None:
    """A short text to keep, after a notification is sent: reference and support line."""
    for message in messages:
        found = REFERENCE.search(message.text)
        if found and not message.asks:
            return plain(t("sms.confirmation", locale=LANGUAGE, reference=found.group(0)))
    return None


def twiml(texts: Iterable[str], separate: Iterable[str] = ()) -> str:
    """TwiML with the joined ``texts``, then each of ``separate`` as its own text."""
    response = MessagingResponse()
    for body in [*bodies(texts), *(s for s in separate if s)]:
        response.message(body)
    return str(response)

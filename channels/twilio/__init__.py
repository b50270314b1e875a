"""SMS and phone calls over Twilio: signed webhooks in, TwiML out."""

from __future__ import annotations

from flask import Flask

from channels.config import Settings
from channels.texts import t
from channels.twilio.channel import EXTENSION_KEY, TwilioChannel
from channels.twilio.sms import bp as sms_bp
from channels.twilio.voice import bp as voice_bp

__all__ = ["install"]


# Every text the Twilio channels use, with sample parameters: checked at start-up, so a
# missing text fails then, not during someone's call.
TEXTS = {
    "sms.reply_number": {}, "sms.reply_numbers": {}, "sms.how_to": {}, "sms.empty": {},
    "sms.choice_line": {"number": 1, "value": "Yes"}, "sms.too_long": {"limit": 1600},
    "sms.confirmation": {"reference": "LDR-7KQM-3HWX"}, "voice.press": {"number": 1},
    "voice.footer": {}, "voice.choose_several": {}, "voice.say_answer": {},
    "voice.take_your_time": {}, "voice.call_back_offer": {}, "voice.goodbye": {},
    "voice.hint_repeat": {}, "voice.hint_person": {}, "commands.reply.human": {},
}


def install(app: Flask, settings: Settings) -> None:
    for key, params in TEXTS.items():
        t(key, locale="en", **params)
    app.extensions[EXTENSION_KEY] = TwilioChannel.from_settings(settings)
    app.register_blueprint(sms_bp)
    app.register_blueprint(voice_bp)

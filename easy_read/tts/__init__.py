"""Text-to-speech for easy-read voice: gTTS for fixed prompts, espeak-ng for the rest."""

from easy_read.tts.cache import CachedAudio, SpeechCache, SpeechRequest
from easy_read.tts.catalogue import fixed_prompts, is_fixed_prompt
from easy_read.tts.engines import SPEEDS, EngineError, EspeakEngine, GttsEngine
from easy_read.tts.spoken import spoken_text

__all__ = [
    "SPEEDS",
    "CachedAudio",
    "EngineError",
    "EspeakEngine",
    "GttsEngine",
    "SpeechCache",
    "SpeechRequest",
    "fixed_prompts",
    "is_fixed_prompt",
    "spoken_text",
]

"""The build fails when the bot stops understanding people (issue 6 thresholds).

Runs Rasa's own evaluation with the current model (trained by `make model`):
intent macro F1 on the held-out set at least 0.95, and every conversation test story
passing. Figures: `python -m scripts.evaluate_nlu` (add --conversations, --safeguarding or
the slow --cross-validation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scripts import evaluate_nlu

REPO = Path(__file__).resolve().parents[2]


def _examples(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found[re.sub(r"[^a-z0-9 ]", "", line[2:].lower()).strip()] = block["intent"]
    return found


def test_the_held_out_set_is_never_trained_on() -> None:
    heldout = _examples(evaluate_nlu.HELDOUT)
    trained: dict[str, str] = {}
    for path in sorted((REPO / "bot" / "data" / "nlu").glob("*.yml")):
        trained.update(_examples(path))
    assert len(heldout) >= 100
    assert sorted(set(heldout) & set(trained)) == []


def test_the_held_out_set_covers_every_flow_and_intent() -> None:
    domain = yaml.safe_load((REPO / "bot" / "domain" / "common.yml").read_text())
    intents = set(domain["intents"]) - {"start"}  # "start" is sent by the page, not typed
    per_intent: dict[str, int] = {}
    for intent in _examples(evaluate_nlu.HELDOUT).values():
        per_intent[intent] = per_intent.get(intent, 0) + 1
    assert set(per_intent) == intents
    for flow_intent in ("notify_death", "request_focused_review", "give_feedback",
                        "request_human", "safeguarding", "about_leder"):
        assert per_intent[flow_intent] >= 10, flow_intent


def test_held_out_intent_macro_f1_is_at_least_095(tmp_path: Path) -> None:
    figures = evaluate_nlu.heldout(tmp_path)
    misses = "\n".join(f"{want} -> {got}: {text}" for text, want, got in figures["errors"])
    assert figures["macro_f1"] >= evaluate_nlu.MIN_MACRO_F1, (
        f"held-out macro F1 {figures['macro_f1']:.3f} on {figures['size']} messages:\n{misses}")


def test_every_conversation_test_story_passes(tmp_path: Path) -> None:
    figures = evaluate_nlu.conversations(tmp_path)
    assert figures["stories"] >= 20
    assert figures["failed"] == 0, figures["failed_names"]


@pytest.mark.parametrize("text", [
    "he died in hospital", "I feel sad", "my mum died and I feel so sad",
    "she was in pain at the end", "I miss him so much",
])
def test_ordinary_grief_never_raises_the_alarm(text: str) -> None:
    from bot.actions.safeguarding import detect_concern

    assert detect_concern(text) is None


def test_the_nlu_rarely_takes_ordinary_grief_for_a_safeguarding_concern(tmp_path: Path) -> None:
    figures = evaluate_nlu.nlu_safeguarding_alarms(tmp_path)
    rate = len(figures["alarms"]) / figures["ordinary"]
    assert rate <= evaluate_nlu.MAX_FALSE_ALARM_RATE, figures["alarms"]

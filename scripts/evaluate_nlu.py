"""Measure how well the bot understands people, with Rasa's own test commands.

    python -m scripts.evaluate_nlu                      # held-out intents (fails below 0.95 F1)
    python -m scripts.evaluate_nlu --conversations      # `rasa test core` on bot/tests stories
    python -m scripts.evaluate_nlu --cross-validation   # slow: 3-fold on the training data
    python -m scripts.evaluate_nlu --safeguarding       # false alarms on ordinary grief

The held-out set (tests/nlu/heldout.yml) is never trained on. Figures are printed and the
exit status is 1 when a threshold is missed, so `make test` fails the build.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from scripts.train import BOT, REPO, model_path, train

RASA = REPO / ".venv-rasa" / "bin" / "rasa"
HELDOUT = REPO / "tests" / "nlu" / "heldout.yml"
GRIEF = REPO / "tests" / "nlu" / "ordinary_grief.yml"
CONVERSATIONS = BOT / "tests"
MIN_MACRO_F1 = 0.95
MAX_FALSE_ALARM_RATE = 0.02
CV_FOLDS = 3


def _rasa(*args: str, cwd: Path = BOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO)}
    return subprocess.run([str(RASA), *args], cwd=cwd, env=env, text=True,
                          capture_output=True, check=False)


def _intent_figures(report: dict[str, Any]) -> dict[str, float]:
    return {"accuracy": float(report["accuracy"]),
            "macro_f1": float(report["macro avg"]["f1-score"]),
            "weighted_f1": float(report["weighted avg"]["f1-score"]),
            "size": int(report["macro avg"]["support"])}


def heldout(out: Path) -> dict[str, Any]:
    """`rasa test nlu` on the held-out file with the current model."""
    model = train()
    result = _rasa("test", "nlu", "--nlu", str(HELDOUT), "--model", str(model),
                   "--out", str(out), "--no-plot", "--quiet")
    if result.returncode != 0:
        raise RuntimeError(f"rasa test nlu failed:\n{result.stderr[-3000:]}")
    report = json.loads((out / "intent_report.json").read_text())
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    return {**_intent_figures(report),
            "errors": [(e["text"], e["intent"], e["intent_prediction"]["name"])
                       for e in errors]}


def conversations(out: Path) -> dict[str, Any]:
    """`rasa test core` on the conversation stories: every predicted action must match."""
    model = train()
    result = _rasa("test", "core", "--stories", str(CONVERSATIONS), "--model", str(model),
                   "--out", str(out), "--no-plot", "--quiet")
    if result.returncode != 0:
        raise RuntimeError(f"rasa test core failed:\n{result.stderr[-3000:]}")
    failed_file = out / "failed_test_stories.yml"
    failed_text = failed_file.read_text() if failed_file.exists() else ""
    failed = (yaml.safe_load(failed_text) or {}).get("stories") or [] if failed_text else []
    stories = 0
    for path in sorted(CONVERSATIONS.glob("*.yml")):
        stories += len((yaml.safe_load(path.read_text()) or {}).get("stories") or [])
    return {"stories": stories, "failed": len(failed),
            "failed_names": [s.get("story") for s in failed]}


def cross_validation(out: Path) -> dict[str, Any]:
    """k-fold cross-validation on the training data (trains k models: slow)."""
    result = _rasa("test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
                   "--cross-validation", "--folds", str(CV_FOLDS), "--out", str(out),
                   "--no-plot", "--quiet")
    if result.returncode != 0:
        raise RuntimeError(f"cross-validation failed:\n{result.stderr[-3000:]}")
    report = json.loads((out / "intent_report.json").read_text())
    weakest = sorted((v["f1-score"], k) for k, v in report.items()
                     if isinstance(v, dict) and "f1-score" in v and k not in (
                         "macro avg", "weighted avg", "micro avg"))[:5]
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    unsure = sum(1 for e in errors if e["intent_prediction"]["name"] == "nlu_fallback")
    pairs: dict[str, int] = {}
    for e in errors:
        pair = f"{e['intent']} -> {e['intent_prediction']['name']}"
        pairs[pair] = pairs.get(pair, 0) + 1
    return {**_intent_figures(report), "folds": CV_FOLDS, "weakest": weakest,
            "errors": len(errors), "not_understood": unsure,
            "confusions": sorted(pairs.items(), key=lambda kv: -kv[1])[:6]}


def safeguarding() -> dict[str, Any]:
    """The deterministic safeguarding check on ordinary grief and on real concerns."""
    from bot.actions.safeguarding import detect_concern

    data = yaml.safe_load(GRIEF.read_text())
    ordinary = data["ordinary"]
    concerns = data["concerns"]
    alarms = [t for t in ordinary if detect_concern(t)]
    missed = [t for t in concerns if not detect_concern(t)]
    return {"ordinary": len(ordinary), "false_alarms": alarms,
            "false_alarm_rate": len(alarms) / len(ordinary),
            "concerns": len(concerns), "missed": missed,
            "detection_rate": 1 - len(missed) / len(concerns)}


def nlu_safeguarding_alarms(out: Path) -> dict[str, Any]:
    """How often the NLU itself calls an ordinary bereavement message "safeguarding"."""
    ordinary = yaml.safe_load(GRIEF.read_text())["ordinary"]
    probe = out / "ordinary.yml"
    lines = "".join(f"      - {json.dumps(str(text))}\n" for text in ordinary)
    # Labelled as telling of a death (an intent the model knows, or Rasa skips the file);
    # only the messages predicted as "safeguarding" are counted.
    probe.write_text('version: "3.1"\nnlu:\n  - intent: notify_death\n'
                     f"    examples: |\n{lines}")
    result = _rasa("test", "nlu", "--nlu", str(probe), "--model", str(train()),
                   "--out", str(out / "probe"), "--no-plot", "--quiet")
    if result.returncode != 0:
        raise RuntimeError(f"rasa test nlu failed:\n{result.stderr[-3000:]}")
    errors_file = out / "probe" / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    alarms = [e["text"] for e in errors if e["intent_prediction"]["name"] == "safeguarding"]
    return {"ordinary": len(ordinary), "alarms": alarms}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", action="store_true")
    parser.add_argument("--cross-validation", action="store_true")
    parser.add_argument("--safeguarding", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    ok = True
    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as tmp:
        out = Path(tmp)
        if args.cross_validation:
            cv = cross_validation(out)
            print(f"cross-validation ({cv['folds']} folds, {cv['size']} examples): "
                  f"intent accuracy {cv['accuracy']:.3f}, macro F1 {cv['macro_f1']:.3f}")
            print("  weakest intents: " + ", ".join(f"{k} {f:.2f}" for f, k in cv["weakest"]))
            print(f"  {cv['not_understood']} of {cv['errors']} misses were 'not understood' "
                  "(below the fallback threshold), not a wrong flow")
            print("  most confused: " + ", ".join(f"{p} ({n})" for p, n in cv["confusions"]))
        elif args.conversations:
            conv = conversations(out)
            print(f"conversation tests: {conv['stories']} stories, {conv['failed']} failed "
                  f"{conv['failed_names'] or ''}")
            ok = conv["failed"] == 0
        elif args.safeguarding:
            sg = safeguarding()
            print(f"safeguarding: false alarms {len(sg['false_alarms'])}/{sg['ordinary']} "
                  f"ordinary bereavement messages ({sg['false_alarm_rate']:.1%}); "
                  f"detected {sg['concerns'] - len(sg['missed'])}/{sg['concerns']} concerns")
            for text in sg["false_alarms"]:
                print(f"  false alarm: {text}")
            for text in sg["missed"]:
                print(f"  missed: {text}")
            ok = sg["false_alarm_rate"] <= MAX_FALSE_ALARM_RATE and not sg["missed"]
            nlu = nlu_safeguarding_alarms(out)
            print(f"NLU intent 'safeguarding' on the same ordinary messages: "
                  f"{len(nlu['alarms'])}/{nlu['ordinary']} "
                  f"({len(nlu['alarms']) / nlu['ordinary']:.1%})")
            for text in nlu["alarms"]:
                print(f"  NLU false alarm: {text}")
        else:
            held = heldout(out)
            print(f"held-out ({held['size']} messages, {HELDOUT.relative_to(REPO)}): "
                  f"intent accuracy {held['accuracy']:.3f}, macro F1 {held['macro_f1']:.3f} "
                  f"(threshold {MIN_MACRO_F1})")
            for text, want, got in held["errors"]:
                print(f"  {want} -> {got}: {text}")
            ok = held["macro_f1"] >= MIN_MACRO_F1
    print(f"model {model_path().name}; took {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

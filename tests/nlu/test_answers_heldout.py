"""Held-out answers of every flow, understood by the deterministic parsers (issue 6).

Figure: `python -m pytest tests/nlu/test_answers_heldout.py -q -rA` prints the accuracy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from bot.actions.answers import interpret
from bot.actions.plan import UNKNOWN, load_plan

HELDOUT = Path(__file__).with_name("heldout_answers.yml")
MIN_ACCURACY = 0.95


def _cases() -> tuple[dt.date, list[tuple[str, str, str, object]]]:
    data = yaml.safe_load(HELDOUT.read_text())
    today = data["today"]
    cases = [(flow, field, said, expected)
             for flow, fields in data["answers"].items()
             for field, pairs in fields.items()
             for said, expected in pairs]
    return today, cases


def test_held_out_answers_are_understood() -> None:
    today, cases = _cases()
    assert len(cases) >= 50 and {c[0] for c in cases} == {"notify", "focused_review",
                                                           "feedback", "human"}
    misses = []
    for flow, field, said, expected in cases:
        plan = load_plan(flow)
        q = plan.question(field)
        outcome = interpret(q, said, {}, today=today, options=list(q.choices), flow=flow)
        want = UNKNOWN if expected == "?" else expected
        if outcome.kind == "error" and expected == "?":
            continue  # unclear answers are asked again, which is also fine
        if outcome.value != want:
            misses.append(f"{flow}.{field}: {said!r} -> {outcome.value or outcome.error!r}, "
                          f"wanted {want!r}")
    accuracy = 1 - len(misses) / len(cases)
    print(f"held-out answers: {len(cases) - len(misses)}/{len(cases)} understood "
          f"({accuracy:.1%})")
    assert accuracy >= MIN_ACCURACY, "\n".join(misses)

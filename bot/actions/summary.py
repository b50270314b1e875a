"""The read-back before sending: one line per answer, as message requests."""

from __future__ import annotations

from typing import Any

from bot.actions.plan import NOTHING, UNKNOWN, Plan


def typed_value(plan: Plan, name: str, raw: Any) -> dict[str, Any]:
    """A slot value as a typed parameter for easy_read.render."""
    q = plan.question(name)
    if raw == UNKNOWN or raw is None:
        return {"unknown": True}
    if raw == NOTHING:
        return {"key": "common.nothing_given"}
    if q.parser == "choices":
        return {"choices": [q.kind, list(raw)]} if raw else {"unknown": True}
    if q.parser == "choice":
        return {"choice": [q.kind, raw]}
    if q.parser == "date":
        return {"date": raw}
    return {"text": str(raw)}


def summary_lines(plan: Plan, answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"key": f"{plan.flow}.summary.{name}",
         "params": {"value": typed_value(plan, name, answers[name])}}
        for name in plan.answered(answers)
    ]

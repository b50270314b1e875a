"""The question plan of a flow, read from ``flows/<flow>.yml``.

Pure Python (no Rasa imports) so the same rules drive the form, the summary,
the payload and the tests: which questions apply, in what order, and how far
along the person is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FLOWS_DIR = Path(__file__).resolve().parent / "flows"

# Stored in a slot for "I do not know": a form treats None as "not asked yet".
UNKNOWN = "__unknown__"
# Stored for "no" to an optional free-text question ("any worries?" - "no").
NOTHING = "__nothing__"

# Internal questions: they steer the conversation and are not data fields.
CONTROL_FIELDS = ("confirm", "field_to_change")


@dataclass(frozen=True)
class Question:
    field: str
    input: str
    parser: str
    essential: bool = False
    unknown: Any = None
    ask_when: dict[str, Any] | None = None
    choices: tuple[Any, ...] = ()
    multiple: bool = False
    none_words: bool = False
    # The SPEC section 4 field this question asks for, when its slot has another name
    # (callback_phone is like notifier_phone): it picks the word lists, the labels and
    # pictures of its choices, and the key of the person's own words in ``as_said``.
    like: str = ""

    @property
    def kind(self) -> str:
        return self.like or self.field

    @property
    def is_control(self) -> bool:
        return self.kind in CONTROL_FIELDS


@dataclass(frozen=True)
class Plan:
    flow: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def fields(self) -> list[str]:
        return [q.field for q in self.questions]

    @property
    def data_fields(self) -> list[str]:
        return [q.field for q in self.questions if not q.is_control]

    @property
    def form(self) -> str:
        return f"{self.flow}_form"

    def field_like(self, kind: str) -> str | None:
        """This plan's slot for the section 4 field ``kind`` (an answer may fill two)."""
        for q in self.questions:
            if q.kind == kind:
                return q.field
        return None

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.field == name:
                return q
        raise KeyError(name)

    def applies(self, q: Question, answers: dict[str, Any]) -> bool:
        cond = q.ask_when
        if not cond:
            return True
        value = answers.get(cond["field"])
        if "is_unknown" in cond:
            return value == UNKNOWN
        if "is_known" in cond:
            return value is not None and value != UNKNOWN
        if "in" in cond:
            return value is not None and value in cond["in"]
        if "contains" in cond:
            return isinstance(value, list) and cond["contains"] in value
        raise ValueError(f"unknown condition in {q.field}: {cond}")

    def applicable(self, answers: dict[str, Any]) -> list[str]:
        """Fields that apply now, in order (a later answer can add or drop some).

        An answer to a question that no longer applies (say, the way to contact
        someone who then said "do not contact me") does not switch others on.
        """
        live: list[str] = []
        seen: dict[str, Any] = {}
        for q in self.questions:
            if self.applies(q, seen):
                live.append(q.field)
                seen[q.field] = answers.get(q.field)
        return live

    def missing(self, answers: dict[str, Any]) -> list[str]:
        return [f for f in self.applicable(answers) if answers.get(f) is None]

    def next_field(self, answers: dict[str, Any]) -> str | None:
        missing = self.missing(answers)
        return missing[0] if missing else None

    def progress(self, answers: dict[str, Any], current: str) -> dict[str, int]:
        """``{"step": n, "of": m}`` counting the questions that apply now."""
        steps = [f for f in self.applicable(answers)
                 if self.question(f).kind != "field_to_change"]
        if current not in steps:
            return {"step": len(steps), "of": len(steps)}
        return {"step": steps.index(current) + 1, "of": len(steps)}

    def answered(self, answers: dict[str, Any]) -> list[str]:
        """Data fields that apply and have an answer (including "I do not know")."""
        return [f for f in self.applicable(answers)
                if not self.question(f).is_control and answers.get(f) is not None]


def _question(raw: dict[str, Any]) -> Question:
    return Question(
        field=raw["field"],
        input=raw["input"],
        parser=raw["parser"],
        essential=bool(raw.get("essential", False)),
        unknown=raw.get("unknown"),
        ask_when=raw.get("ask_when"),
        choices=tuple(raw.get("choices") or ()),
        multiple=bool(raw.get("multiple", False)),
        none_words=bool(raw.get("none_words", False)),
        like=str(raw.get("like") or ""),
    )


@cache
def load_plan(flow: str) -> Plan:
    with (FLOWS_DIR / f"{flow}.yml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return Plan(flow=raw["flow"], questions=tuple(_question(q) for q in raw["questions"]))


def ask_action_name(plan: Plan, field: str) -> str:
    """notify keeps ``action_ask_<slot>``; other forms share slots, so they name their form."""
    if plan.flow == "notify":
        return f"action_ask_{field}"
    return f"action_ask_{plan.form}_{field}"

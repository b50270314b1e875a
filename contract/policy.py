"""Eligibility route and focused-review triggers, evaluated from the data in policy.yml.

The rules themselves live in policy.yml (one edit changes the policy); this module only knows how
to read a notification (the JSON shape of SPEC section 4) and evaluate the small condition
language documented at the top of that file. The policy is checked when it is loaded, so a typo
in the YAML fails loudly instead of silently changing who gets a review.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from contract import load_schema

POLICY_PATH = Path(__file__).with_name("policy.yml")

__all__ = [
    "POLICY_PATH",
    "PolicyError",
    "load_policy",
    "age_at_death",
    "decide_route",
    "focused_review",
]


class PolicyError(ValueError):
    """policy.yml does not follow the condition language or names unknown routes/reasons."""


# --- loading and checking the policy --------------------------------------------------------

_FIELD_OPS = ("in", "not_in", "not_blank")


def _known_values() -> tuple[set[str], set[str]]:
    props = load_schema()["properties"]
    routes = set(props["route"]["enum"])
    reasons = set(props["focused_review"]["properties"]["reasons"]["items"]["enum"])
    return routes, reasons


def _check_condition(cond: Any, where: str) -> None:
    if cond == "always":
        return
    if not isinstance(cond, Mapping) or not cond:
        raise PolicyError(f"{where}: a condition must be 'always' or a mapping, got {cond!r}")
    keys = set(cond)
    if keys == {"age_under"}:
        if not isinstance(cond["age_under"], int) or isinstance(cond["age_under"], bool):
            raise PolicyError(f"{where}: age_under needs a whole number")
        return
    if keys in ({"all"}, {"any"}):
        items = cond.get("all", cond.get("any"))
        if not isinstance(items, list) or not items:
            raise PolicyError(f"{where}: all/any needs a non-empty list")
        for index, item in enumerate(items):
            _check_condition(item, f"{where}[{index}]")
        return
    if "field" in keys and len(keys) == 2 and (keys - {"field"}) <= set(_FIELD_OPS):
        if not isinstance(cond["field"], str) or not cond["field"]:
            raise PolicyError(f"{where}: field needs a dotted JSON path")
        (op,) = keys - {"field"}
        if op in ("in", "not_in"):
            values = cond[op]
            if not isinstance(values, list) or any(isinstance(v, bool) for v in values):
                raise PolicyError(
                    f"{where}: {op} needs a list of values (quote \"yes\"/\"no\" in YAML)"
                )
        elif cond[op] is not True:
            raise PolicyError(f"{where}: not_blank must be true")
        return
    raise PolicyError(f"{where}: unknown condition {dict(cond)!r}")


def _check_policy(policy: Any) -> dict[str, Any]:
    if not isinstance(policy, Mapping):
        raise PolicyError("the policy must be a mapping")
    routes, reasons = _known_values()
    route_rules = policy.get("route")
    if not isinstance(route_rules, list) or not route_rules:
        raise PolicyError("route: needs a non-empty list of rules")
    for index, rule in enumerate(route_rules):
        if not isinstance(rule, Mapping) or set(rule) != {"route", "when"}:
            raise PolicyError(f"route[{index}]: needs exactly 'route' and 'when'")
        if rule["route"] not in routes:
            raise PolicyError(f"route[{index}]: unknown route {rule['route']!r}")
        _check_condition(rule["when"], f"route[{index}].when")
    if route_rules[-1]["when"] != "always":
        raise PolicyError("route: the last rule must be 'when: always' so every case gets a route")
    triggers = policy.get("focused_review")
    if not isinstance(triggers, list):
        raise PolicyError("focused_review: needs a list of triggers")
    for index, trigger in enumerate(triggers):
        if not isinstance(trigger, Mapping) or set(trigger) != {"reason", "required", "when"}:
            raise PolicyError(f"focused_review[{index}]: needs 'reason', 'required' and 'when'")
        if trigger["reason"] not in reasons:
            raise PolicyError(f"focused_review[{index}]: unknown reason {trigger['reason']!r}")
        if not isinstance(trigger["required"], bool):
            raise PolicyError(f"focused_review[{index}]: required must be true or false")
        _check_condition(trigger["when"], f"focused_review[{index}].when")
    return dict(policy)


def load_policy(source: str | Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Load and check a policy: policy.yml by default, or another YAML file, or a mapping."""
    if source is None:
        return _default_policy()
    if isinstance(source, Mapping):
        return _check_policy(source)
    return _check_policy(yaml.safe_load(Path(source).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _default_policy() -> dict[str, Any]:
    return _check_policy(yaml.safe_load(POLICY_PATH.read_text(encoding="utf-8")))


# --- reading a notification -----------------------------------------------------------------


def _get(notification: Mapping[str, Any], path: str) -> Any:
    value: Any = notification
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def as_date(value: Any) -> _dt.date | None:
    """A date from a date, datetime or ISO string; None for anything else."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def age_at_death(notification: Mapping[str, Any]) -> int | None:
    """Whole years at death: from both dates when known, else person.age_at_death, else None.

    Someone born on 29 February turns a year older on 1 March in other years.
    """
    born = as_date(_get(notification, "person.date_of_birth"))
    died = as_date(_get(notification, "person.date_of_death"))
    if born and died and died >= born:
        had_birthday = (died.month, died.day) >= (born.month, born.day)
        return died.year - born.year - (0 if had_birthday else 1)
    stated = _get(notification, "person.age_at_death")
    if isinstance(stated, int) and not isinstance(stated, bool) and stated >= 0:
        return stated
    return None


def _matches(cond: Any, notification: Mapping[str, Any]) -> bool:
    if cond == "always":
        return True
    if "age_under" in cond:
        age = age_at_death(notification)
        return age is not None and age < cond["age_under"]
    if "all" in cond:
        return all(_matches(item, notification) for item in cond["all"])
    if "any" in cond:
        return any(_matches(item, notification) for item in cond["any"])
    value = _get(notification, cond["field"])
    if "in" in cond:
        return value in cond["in"]
    if "not_in" in cond:
        return value not in cond["not_in"]
    return isinstance(value, str) and value.strip() != ""  # not_blank


# --- the two decisions ----------------------------------------------------------------------


def decide_route(
    notification: Mapping[str, Any], policy: Mapping[str, Any] | None = None
) -> str:
    """The route of a notification: leder, child_death_review, not_eligible or needs_triage."""
    rules = load_policy(policy)["route"]
    for rule in rules:
        if _matches(rule["when"], notification):
            return rule["route"]
    raise PolicyError("no route rule matched")  # unreachable: the last rule is `always`


def focused_review(
    notification: Mapping[str, Any], policy: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``{"required": bool, "reasons": [...]}``: every matching trigger, in policy order."""
    triggers = load_policy(policy)["focused_review"]
    matched = [t for t in triggers if _matches(t["when"], notification)]
    return {
        "required": any(t["required"] for t in matched),
        "reasons": [t["reason"] for t in matched],
    }

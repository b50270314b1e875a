"""Eligibility route and focused-review triggers of SPEC section 3, table by table."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from contract import policy as policy_module
from contract.policy import (
    POLICY_PATH,
    PolicyError,
    age_at_death,
    decide_route,
    focused_review,
    load_policy,
)


def make(
    *,
    ld: str | None = None,
    autistic: str | None = None,
    dob: str | None = None,
    dod: str | None = None,
    age: int | None = None,
    ethnicity: str | None = None,
    family_request: str | None = None,
    concerns: str | None = None,
) -> dict[str, Any]:
    return {
        "flow": "notify",
        "person": {
            "name": "Sam",
            "learning_disability": ld,
            "autistic": autistic,
            "date_of_birth": dob,
            "date_of_death": dod,
            "age_at_death": age,
            "ethnicity": ethnicity,
        },
        "family_requests_focused_review": family_request,
        "concerns": concerns,
    }


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # adults: learning disability / autism
        (dict(ld="yes", autistic="yes"), "leder"),
        (dict(ld="yes", autistic="no"), "leder"),
        (dict(ld="no", autistic="yes"), "leder"),
        (dict(ld="yes", autistic="not_sure"), "leder"),
        (dict(ld="not_sure", autistic="yes"), "leder"),
        (dict(ld="yes"), "leder"),
        (dict(ld="no", autistic="no"), "not_eligible"),
        (dict(ld="no", autistic="not_sure"), "needs_triage"),
        (dict(ld="not_sure", autistic="no"), "needs_triage"),
        (dict(ld="not_sure", autistic="not_sure"), "needs_triage"),
        (dict(ld="no"), "needs_triage"),
        (dict(), "needs_triage"),
        # age from both dates
        (dict(ld="yes", dob="2008-11-17", dod="2026-11-17"), "leder"),  # 18 on the day
        (dict(ld="yes", dob="2008-11-18", dod="2026-11-17"), "child_death_review"),  # a day short
        (dict(ld="no", autistic="no", dob="2010-01-01", dod="2026-11-17"), "child_death_review"),
        (dict(ld="yes", dob="2026-01-01", dod="2026-11-17"), "child_death_review"),  # a baby
        # born on 29 February: 18 on 1 March, not on 28 February
        (dict(ld="yes", dob="2008-02-29", dod="2026-02-28"), "child_death_review"),
        (dict(ld="yes", dob="2008-02-29", dod="2026-03-01"), "leder"),
        # date of birth unknown: the stated age
        (dict(ld="yes", age=17), "child_death_review"),
        (dict(ld="yes", age=18), "leder"),
        (dict(ld="yes", age=0), "child_death_review"),
        (dict(ld="yes", dod="2026-11-17", age=17), "child_death_review"),
        # both dates known: they win over a stated age
        (dict(ld="yes", dob="1990-01-01", dod="2026-11-17", age=12), "leder"),
        # age unknown counts as adult
        (dict(ld="yes", dob="1990-01-01"), "leder"),
        (dict(ld="not_sure", dod="2026-11-17"), "needs_triage"),
    ],
    ids=lambda value: str(value),
)
def test_route(case: dict[str, Any], expected: str) -> None:
    assert decide_route(make(**case)) == expected


@pytest.mark.parametrize(
    ("case", "required", "reasons"),
    [
        (dict(ld="yes", ethnicity="white_british"), False, []),
        (dict(ld="yes", ethnicity="not_known"), False, []),
        (dict(ld="yes", ethnicity="prefer_not_to_say"), False, []),
        (dict(ld="yes"), False, []),
        (dict(ld="yes", ethnicity="white_irish"), True, ["ethnic_minority"]),
        (dict(ld="yes", ethnicity="white_roma"), True, ["ethnic_minority"]),
        (dict(ld="yes", ethnicity="asian_pakistani"), True, ["ethnic_minority"]),
        (dict(ld="yes", ethnicity="black_african"), True, ["ethnic_minority"]),
        (dict(ld="yes", ethnicity="other"), True, ["ethnic_minority"]),
        (dict(ld="no", autistic="yes"), True, ["autistic_no_learning_disability"]),
        (dict(ld="yes", autistic="yes"), False, []),
        (dict(ld="not_sure", autistic="yes"), False, []),
        (dict(autistic="yes"), False, []),
        (dict(ld="yes", family_request="yes"), True, ["family_request"]),
        (dict(ld="yes", family_request="not_sure"), False, []),
        (dict(ld="yes", family_request="no"), False, []),
        (dict(ld="yes", concerns="He was not given his medicine."), False, ["concerns_raised"]),
        (dict(ld="yes", concerns="   "), False, []),
        (dict(ld="yes", concerns=""), False, []),
        (
            dict(ld="no", autistic="yes", ethnicity="arab", family_request="yes", concerns="x"),
            True,
            ["ethnic_minority", "autistic_no_learning_disability", "family_request",
             "concerns_raised"],
        ),
    ],
    ids=lambda value: str(value),
)
def test_focused_review(case: dict[str, Any], required: bool, reasons: list[str]) -> None:
    assert focused_review(make(**case)) == {"required": required, "reasons": reasons}


def test_every_census_group_except_white_british_triggers(example: dict[str, Any]) -> None:
    from contract import load_schema

    codes = [c for c in load_schema()["properties"]["person"]["properties"]["ethnicity"]["enum"]
             if c is not None]
    assert len(codes) == 21
    triggering = {
        code for code in codes
        if "ethnic_minority" in focused_review(make(ethnicity=code))["reasons"]
    }
    assert triggering == set(codes) - {"white_british", "not_known", "prefer_not_to_say"}
    assert len(triggering) == 18


def test_example_notification(example: dict[str, Any]) -> None:
    assert decide_route(example) == "leder"
    assert focused_review(example) == {
        "required": True, "reasons": ["ethnic_minority", "concerns_raised"]
    }


def test_missing_person_does_not_crash() -> None:
    assert decide_route({"flow": "feedback"}) == "needs_triage"
    assert focused_review({"flow": "feedback"}) == {"required": False, "reasons": []}


@pytest.mark.parametrize(
    ("dob", "dod", "age", "expected"),
    [
        ("2000-06-15", "2026-06-14", None, 25),
        ("2000-06-15", "2026-06-15", None, 26),
        (None, "2026-06-15", 40, 40),
        ("2000-06-15", None, 40, 40),
        (None, None, None, None),
        ("2026-06-15", "2000-06-15", None, None),  # impossible dates give no age
        ("not a date", "2026-06-15", None, None),
    ],
)
def test_age_at_death(
    dob: str | None, dod: str | None, age: int | None, expected: int | None
) -> None:
    assert age_at_death(make(dob=dob, dod=dod, age=age)) == expected


def _policy() -> dict[str, Any]:
    return yaml.safe_load(POLICY_PATH.read_text(encoding="utf-8"))


def test_policy_is_data_one_edit_changes_the_rule() -> None:
    edited = _policy()
    edited["route"][0]["when"]["age_under"] = 16
    adult_at_16 = make(ld="yes", age=16)
    assert decide_route(adult_at_16) == "child_death_review"
    assert decide_route(adult_at_16, edited) == "leder"

    edited = _policy()
    concerns = next(t for t in edited["focused_review"] if t["reason"] == "concerns_raised")
    concerns["required"] = True
    worried = make(ld="yes", concerns="worried")
    assert focused_review(worried)["required"] is False
    assert focused_review(worried, edited)["required"] is True


def test_policy_file_can_be_loaded_from_a_path(tmp_path: Any) -> None:
    edited = _policy()
    edited["route"][0]["when"]["age_under"] = 21
    path = tmp_path / "policy.yml"
    path.write_text(yaml.safe_dump(edited), encoding="utf-8")
    assert load_policy(path)["route"][0]["when"] == {"age_under": 21}


def _break(change: Any) -> dict[str, Any]:
    broken = _policy()
    change(broken)
    return broken


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p["route"][1]["when"]["any"][0].update({"in": [True]}),  # unquoted yes
        lambda p: p["route"].__setitem__(0, {"route": "adult_review", "when": "always"}),
        lambda p: p["route"].pop(),  # no catch-all rule
        lambda p: p["focused_review"][0].update({"reason": "wealth"}),
        lambda p: p["focused_review"][0].update({"required": "yes"}),
        lambda p: p["focused_review"][0].update({"when": {"field": "x", "equals": 1}}),
        lambda p: p["route"][0].update({"when": {"age_under": "18"}}),
        lambda p: p["route"][0].update({"when": {"all": []}}),
        lambda p: p["focused_review"][3].update({"when": {"field": "concerns", "not_blank": 1}}),
        lambda p: p.pop("focused_review"),
    ],
)
def test_broken_policy_fails_loudly(change: Any) -> None:
    with pytest.raises(PolicyError):
        load_policy(_break(change))


def test_shipped_policy_is_checked_and_cached() -> None:
    assert load_policy() is load_policy()
    assert policy_module.load_policy(None)["version"] == 1

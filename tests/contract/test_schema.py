"""The notification JSON Schema accepts what the bot sends and refuses every kind of bad value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from contract import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    is_valid_nhs_number,
    load_schema,
    validate_notification,
)


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        doc = doc[part]
    doc[last] = value


def test_schema_is_valid_draft_2020_12_with_version_in_id() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f"/{SCHEMA_VERSION}/" in schema["$id"]
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}


def test_every_object_level_forbids_extra_properties() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            types = node.get("type")
            is_object = types == "object" or (isinstance(types, list) and "object" in types)
            if is_object and "properties" in node:
                assert node.get("additionalProperties") is False, where
            for key, child in node.items():
                walk(child, f"{where}/{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{where}/{index}")

    walk(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")), "#")


def test_full_example_is_valid(example: dict[str, Any]) -> None:
    assert validate_notification(example) == []


def test_minimal_notify_is_valid(example: dict[str, Any]) -> None:
    minimal = {
        key: example[key]
        for key in ("schema_version", "reference", "flow", "channel", "language", "submitted_at",
                    "safeguarding", "consent_to_contact")
    }
    minimal["notifier"] = {}
    minimal["person"] = {"name": "Daniel"}
    assert validate_notification(minimal) == []


def test_all_nullable_fields_accept_null(example: dict[str, Any]) -> None:
    for key in example["notifier"]:
        if key != "communication_needs":
            example["notifier"][key] = None
    for key in example["person"]:
        if key != "name":
            example["person"][key] = None
    for key in ("concerns", "life_story", "family_requests_focused_review", "wants_review_copy",
                "review_copy_format", "icb", "family_contact"):
        example[key] = None
    assert validate_notification(example) == []


def test_family_contact_object_is_accepted(example: dict[str, Any]) -> None:
    example["family_contact"] = {"name": "Ada", "relationship": "aunt", "phone": "+447700900456"}
    assert validate_notification(example) == []


@pytest.mark.parametrize("flow", ["focused_review", "feedback"])
def test_other_flows_do_not_need_person_notifier_or_consent(
    example: dict[str, Any], flow: str
) -> None:
    example["flow"] = flow
    example["request"] = {"reason": "I want to know more about his care."}
    for key in ("person", "notifier", "consent_to_contact"):
        del example[key]
    assert validate_notification(example) == []


@pytest.mark.parametrize("flow", ["focused_review", "feedback", "human"])
def test_other_flows_say_what_they_ask_for(example: dict[str, Any], flow: str) -> None:
    example["flow"] = flow
    assert validate_notification(example) == ["$: 'request' is a required property"]


def test_a_call_back_needs_who_to_call(example: dict[str, Any]) -> None:
    example["flow"] = "human"
    example["request"] = {"best_time": "mornings"}
    del example["notifier"]
    assert validate_notification(example) == ["$: 'notifier' is a required property"]


def test_feedback_about_the_service_takes_a_three_point_rating(example: dict[str, Any]) -> None:
    example["flow"] = "feedback"
    example["related_reference"] = example["reference"]
    example["request"] = {"feedback_about": "service", "rating": "ok", "comments": "Easy."}
    assert validate_notification(example) == []
    example["request"]["rating"] = "excellent"
    assert validate_notification(example) != []


@pytest.mark.parametrize("missing", ["person", "notifier", "consent_to_contact"])
def test_notify_needs_person_notifier_and_consent(example: dict[str, Any], missing: str) -> None:
    del example[missing]
    assert validate_notification(example) == [f"$: '{missing}' is a required property"]


BAD_VALUES = [
    # wrong enum values
    ("flow", "notification"),
    ("channel", "email"),
    ("notifier.relationship", "cousin"),
    ("notifier.preferred_contact", "fax"),
    ("notifier.communication_needs", ["braille"]),
    ("notifier.communication_needs", ["bsl", "bsl"]),
    ("person.place_of_death", "car"),
    ("person.learning_disability", "maybe"),
    ("person.autistic", True),
    ("person.ethnicity", "british"),
    ("family_requests_focused_review", "yes please"),
    ("wants_review_copy", "not_sure"),
    ("review_copy_format", "pdf"),
    ("route", "unknown"),
    ("focused_review.reasons", ["too_young"]),
    ("schema_version", "2.0"),
    ("language", "english language"),
    # bad dates and times
    ("person.date_of_death", "2026-02-30"),
    ("person.date_of_death", "17/11/2026"),
    ("person.date_of_birth", "last Tuesday"),
    ("submitted_at", "2026-11-20T10:15:30"),
    ("submitted_at", "2026-11-20T10:15:30+01:00"),
    ("submitted_at", "2026-11-20T25:15:30Z"),
    ("submitted_at", "2026-11-20"),
    # bad phone numbers (E.164)
    ("notifier.phone", "07700 900123"),
    ("notifier.phone", "+44 7700 900123"),
    ("notifier.phone", "+0447700900123"),
    ("notifier.phone", "+4477009001234567"),
    # bad emails
    ("notifier.email", "grace"),
    ("notifier.email", "grace@example"),
    ("notifier.email", "grace @example.org"),
    # bad postcodes (must be upper case with one space)
    ("person.home_postcode", "ls1 4dy"),
    ("person.home_postcode", "LS14DY"),
    ("person.home_postcode", "12345"),
    ("person.home_postcode", "LS1 4CY"),
    # bad NHS numbers
    ("person.nhs_number", "943 476 5919"),
    ("person.nhs_number", "9434765918"),
    ("person.nhs_number", 9434765919),
    # bad references
    ("reference", "LDR-7KQM-3HW0"),
    ("reference", "LDR-7KQI-3HWX"),
    ("reference", "ldr-7kqm-3hwx"),
    ("reference", "LDR7KQM3HWX"),
    ("possible_duplicates", ["LDR-1234-5678"]),
    # bad numbers and types
    ("person.age_at_death", 131),
    ("person.age_at_death", -1),
    ("person.age_at_death", 17.5),
    ("person.name", ""),
    ("consent_to_contact", "yes"),
    ("safeguarding.urgent", "no"),
    ("as_said.favourite_colour", "blue"),
    ("transcript", [{"speaker": "staff", "text": "hi", "at": "2026-11-20T10:02:01Z"}]),
    ("transcript", [{"speaker": "bot", "text": "hi", "at": "yesterday"}]),
    # extra properties at every level
    ("extra", 1),
    ("notifier.extra", 1),
    ("person.extra", 1),
    ("safeguarding.extra", 1),
    ("focused_review.extra", 1),
    ("transcript", [{"speaker": "bot", "text": "hi", "at": "2026-11-20T10:02:01Z", "x": 1}]),
    # overlong strings
    ("person.name", "A" * 201),
    ("notifier.name", "A" * 201),
    ("concerns", "A" * 5001),
    ("life_story", "A" * 5001),
    ("as_said.person_name", "A" * 5001),
    ("safeguarding.what_was_said", ["A" * 5001]),
    ("transcript", [{"speaker": "user", "text": "A" * 5001, "at": "2026-11-20T10:02:01Z"}]),
    ("transcript", [{"speaker": "user", "text": "hi", "at": "2026-11-20T10:02:01Z"}] * 2001),
]


@pytest.mark.parametrize(
    ("path", "value"), BAD_VALUES, ids=[f"{p}={v!r}"[:60] for p, v in BAD_VALUES]
)
def test_bad_value_is_refused_with_its_path(
    example: dict[str, Any], path: str, value: Any
) -> None:
    _set(example, path, value)
    errors = validate_notification(example)
    assert errors, f"{path}={value!r} was accepted"
    parent = "$." + path.rsplit(".", 1)[0] if "." in path else "$"
    assert any(e.startswith(("$." + path, parent)) for e in errors), errors


def test_overlong_string_error_is_bounded(example: dict[str, Any]) -> None:
    example["concerns"] = "A" * 5001
    (error,) = validate_notification(example)
    assert error.startswith("$.concerns: ")
    assert len(error) <= 300


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_death", "1980-01-01", "must not be before"),
        ("date_of_death", "2026-11-21", "must not be after"),
        ("date_of_birth", "2027-01-01", "must not be after"),
    ],
)
def test_dates_must_be_in_order(
    example: dict[str, Any], field: str, value: str, message: str
) -> None:
    example["person"][field] = value
    errors = validate_notification(example)
    assert any(e.startswith(f"$.person.{field}: ") and message in e for e in errors), errors


def test_death_on_the_day_of_submission_is_fine(example: dict[str, Any]) -> None:
    example["person"]["date_of_death"] = example["submitted_at"][:10]
    assert validate_notification(example) == []


def test_non_object_is_refused() -> None:
    assert validate_notification([]) == ["$: [] is not of type 'object'"]


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("4010232137", True), ("9434765918", False),
     ("0000000000", True), ("1234567890", False), ("94347659190", False), ("94347６5919", False)],
)
def test_nhs_number_check_digit(number: str, valid: bool) -> None:
    assert is_valid_nhs_number(number) is valid

"""POST /api/v1/notifications: validation, idempotency, recomputed policy, duplicates."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

URL = "/api/v1/notifications"


# --- bad requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        ('{"reference": ', "application/json", "malformed_json"),
        ("", "application/json", "malformed_json"),
        ("{'single': 'quotes'}", "application/json", "malformed_json"),
        ('{"n": NaN}', "application/json", "malformed_json"),
        (b"\xff\xfe\x00garbage", "application/json", "malformed_json"),
        ("[" * 100_000 + "]" * 100_000, "application/json", "malformed_json"),
        ('{"reference": "LDR-7KQM-3HWX"}', "text/plain", "not_json"),
        ("reference=LDR-7KQM-3HWX", "application/x-www-form-urlencoded", "not_json"),
    ],
    ids=["truncated", "empty", "single-quotes", "nan", "binary", "deep", "text", "form"],
)
def test_non_json_or_malformed_json_is_400(
    client: FlaskClient, auth: dict[str, str], count_rows: Callable[..., int],
    body: str | bytes, content_type: str, error: str,
) -> None:
    response = client.post(URL, data=body, content_type=content_type, headers=auth)
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["error"] == error
    assert response.get_json()["message"]
    assert count_rows() == 0


def test_oversized_body_is_413_json(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int],
) -> None:
    example["padding"] = "x" * (512 * 1024)
    response = client.post(URL, data=json.dumps(example), content_type="application/json",
                           headers=auth)
    assert response.status_code == 413
    assert response.is_json
    assert response.get_json()["error"] == "payload_too_large"
    assert "524288" in response.get_json()["message"]
    assert count_rows() == 0


def test_size_limit_is_configurable(
    make_app: Callable[..., Flask], auth: dict[str, str], example: dict[str, Any]
) -> None:
    client = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    assert client.post(URL, json=example, headers=auth).status_code == 413
    small = make_app(MAX_CONTENT_LENGTH=1024 * 1024).test_client()
    assert small.post(URL, json=example, headers=auth).status_code == 201


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["person"].update(ethnicity="martian"), "$.person.ethnicity"),
        (lambda d: d["person"].update(date_of_death="2026-13-01"), "$.person.date_of_death"),
        (lambda d: d["notifier"].update(phone="07700900123"), "$.notifier.phone"),
        (lambda d: d["person"].update(home_postcode="ls14dy"), "$.person.home_postcode"),
        (lambda d: d.update(reference="LDR-0000-0000"), "$.reference"),
        (lambda d: d.update(unexpected=True), "$"),
        (lambda d: d.update(concerns="x" * 5001), "$.concerns"),
        (lambda d: d.pop("person"), "$"),
        (lambda d: d["person"].update(date_of_death="1970-01-01"), "$.person.date_of_death"),
    ],
    ids=["enum", "date", "phone", "postcode", "reference", "extra", "long", "missing", "order"],
)
def test_schema_invalid_is_422_with_paths(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int], change: Callable[[dict[str, Any]], Any], path: str,
) -> None:
    change(example)
    response = client.post(URL, json=example, headers=auth)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_notification"
    assert body["details"], body
    assert any(detail.startswith(path) for detail in body["details"]), body["details"]
    assert count_rows() == 0


@pytest.mark.parametrize("document", [[], "text", 42, None, {}])
def test_json_that_is_not_a_notification_is_422(
    client: FlaskClient, auth: dict[str, str], document: Any
) -> None:
    response = client.post(URL, data=json.dumps(document), content_type="application/json",
                           headers=auth)
    assert response.status_code == 422
    assert response.get_json()["details"]


def test_idempotency_key_must_equal_the_reference(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int],
) -> None:
    wrong = client.post(URL, json=example, headers={**auth, "Idempotency-Key": "LDR-AAAA-AAAA"})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"] == "idempotency_key_mismatch"
    assert count_rows() == 0
    key = {"Idempotency-Key": example["reference"]}
    right = client.post(URL, json=example, headers={**auth, **key})
    assert right.status_code == 201


def test_unknown_api_path_and_wrong_method_are_json(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    missing = client.get("/api/v1/nothing-here", headers=auth)
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "not_found"
    wrong = client.put(URL, json={}, headers=auth)
    assert wrong.status_code == 405
    assert wrong.get_json()["error"] == "method_not_allowed"
    assert "POST" in wrong.headers["Allow"]


# --- storing once ---------------------------------------------------------------------------


def test_new_notification_is_201_with_the_backends_decisions(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int],
) -> None:
    response = client.post(URL, json=example, headers=auth)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"reference", "route", "focused_review", "possible_duplicates",
                         "icb", "received_at"}
    assert body["reference"] == "LDR-7KQM-3HWX"
    assert body["route"] == "leder"
    assert body["focused_review"] == {"required": True,
                                      "reasons": ["ethnic_minority", "concerns_raised"]}
    assert body["possible_duplicates"] == []
    assert body["received_at"].endswith("Z")
    assert response.headers["Location"] == "/api/v1/notifications/LDR-7KQM-3HWX"
    assert count_rows() == 1


def test_replay_is_200_with_the_same_record_and_no_second_row(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int],
) -> None:
    first = client.post(URL, json=example, headers=auth)
    # The same content with keys in another order and different spacing is the same content.
    reordered = json.dumps(dict(reversed(list(example.items()))), indent=3)
    again = client.post(URL, data=reordered, content_type="application/json",
                        headers={**auth, "Idempotency-Key": example["reference"]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert count_rows() == 1


def test_replay_with_other_posted_route_is_still_the_same_content(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int],
) -> None:
    assert client.post(URL, json=example, headers=auth).status_code == 201
    example["route"] = "not_eligible"
    example.pop("possible_duplicates")
    assert client.post(URL, json=example, headers=auth).status_code == 200
    assert count_rows() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(concerns="Something else entirely."),
        lambda d: d["person"].update(name="Another Person"),
        lambda d: d["safeguarding"].update(urgent=True),
        lambda d: d["transcript"].pop(),
    ],
    ids=["concerns", "name", "urgent", "transcript"],
)
def test_same_reference_with_different_content_is_409(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    count_rows: Callable[..., int], change: Callable[[dict[str, Any]], Any],
) -> None:
    assert client.post(URL, json=example, headers=auth).status_code == 201
    changed = copy.deepcopy(example)
    change(changed)
    response = client.post(URL, json=changed, headers=auth)
    assert response.status_code == 409
    assert response.get_json()["error"] == "reference_conflict"
    assert count_rows() == 1
    stored = client.get(f"{URL}/{example['reference']}", headers=auth).get_json()
    assert stored["person"]["name"] == example["person"]["name"]
    assert stored["concerns"] == example["concerns"]


def _post_together(app: Flask, docs: list[dict[str, Any]], auth: dict[str, str]) -> list[int]:
    """Post every document at the same moment, each from its own thread and client."""
    barrier = threading.Barrier(len(docs))
    statuses: list[int] = [0] * len(docs)

    def post(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        statuses[index] = client.post(URL, json=docs[index], headers=auth).status_code

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(docs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_concurrent_identical_posts_make_one_row(
    app: Flask, auth: dict[str, str], example: dict[str, Any], count_rows: Callable[..., int]
) -> None:
    statuses = _post_together(app, [copy.deepcopy(example) for _ in range(8)], auth)
    assert sorted(statuses) == [200] * 7 + [201]
    assert count_rows() == 1


def test_concurrent_conflicting_posts_make_one_row(
    app: Flask, auth: dict[str, str], example: dict[str, Any], count_rows: Callable[..., int]
) -> None:
    docs = [copy.deepcopy(example) for _ in range(8)]
    for index, doc in enumerate(docs):
        doc["concerns"] = f"version {index % 2}"
    statuses = _post_together(app, docs, auth)
    assert statuses.count(201) == 1
    assert statuses.count(200) == 3  # the other posts with the winner's content
    assert statuses.count(409) == 4
    assert count_rows() == 1


# --- the backend decides route and focused review -------------------------------------------


@pytest.mark.parametrize(
    ("person", "family", "route", "required", "reasons"),
    [
        (dict(learning_disability="no", autistic="no", ethnicity="white_british"), "no",
         "not_eligible", False, []),
        (dict(learning_disability="no", autistic="yes", ethnicity="white_british"), "no",
         "leder", True, ["autistic_no_learning_disability"]),
        (dict(learning_disability="not_sure", autistic="no", ethnicity="not_known"), "yes",
         "needs_triage", True, ["family_request"]),
        (dict(date_of_birth="2010-05-01", ethnicity="prefer_not_to_say"), "not_sure",
         "child_death_review", False, []),
    ],
    ids=["not-eligible", "autistic", "triage", "child"],
)
def test_posted_route_and_focused_review_are_recomputed(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any],
    person: dict[str, Any], family: str, route: str, required: bool, reasons: list[str],
) -> None:
    example["person"].update(person)
    example["family_requests_focused_review"] = family
    example["concerns"] = None
    # Wrong values posted on purpose: the backend must ignore them.
    example["route"] = "leder" if route != "leder" else "not_eligible"
    example["focused_review"] = {"required": not required, "reasons": ["concerns_raised"]}
    example["possible_duplicates"] = ["LDR-AAAA-AAAA"]
    response = client.post(URL, json=example, headers=auth)
    assert response.status_code == 201
    expected = {"route": route, "focused_review": {"required": required, "reasons": reasons},
                "possible_duplicates": []}
    assert {key: response.get_json()[key] for key in expected} == expected
    stored = client.get(f"{URL}/{example['reference']}", headers=auth).get_json()
    assert {key: stored[key] for key in expected} == expected


# --- possible duplicates --------------------------------------------------------------------


def _post(client: FlaskClient, auth: dict[str, str], doc: dict[str, Any]) -> dict[str, Any]:
    response = client.post(URL, json=doc, headers=auth)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


BASE = dict(name="Daniel Okafor", date_of_birth="1984-03-02", date_of_death="2026-11-17",
            nhs_number="9434765919")


@pytest.mark.parametrize(
    ("later", "is_duplicate"),
    [
        # same NHS number, everything else different
        (dict(name="D. Okafor-Smith", date_of_birth=None, date_of_death="2026-01-01"), True),
        # same name (spelt with other case, spaces, punctuation, accents) and date of death
        (dict(name="  daniel   OKAFOR. ", date_of_birth=None, nhs_number=None), True),
        (dict(name="Dániel O'Kafor", date_of_birth="1990-01-01", nhs_number="4010232137"), True),
        # same name and date of birth
        (dict(name="DANIEL-OKAFOR", date_of_death="2026-11-01", nhs_number=None), True),
        # same name only: not enough
        (dict(date_of_birth="1990-01-01", date_of_death="2026-01-01", nhs_number=None), False),
        # same dates, another name
        (dict(name="Daniel Okafore", nhs_number=None), False),
        # nothing known but the name
        (dict(date_of_birth=None, date_of_death=None, nhs_number=None), False),
    ],
    ids=["nhs", "name+dod", "name-accents+dod", "name+dob", "name-only", "other-name",
         "name-no-dates"],
)
def test_duplicate_rules(
    client: FlaskClient, auth: dict[str, str],
    make_notification: Callable[..., dict[str, Any]], later: dict[str, Any], is_duplicate: bool,
) -> None:
    first = make_notification(**BASE)
    _post(client, auth, first)
    second = make_notification(**{**BASE, **later})
    found = _post(client, auth, second)["possible_duplicates"]
    assert found == ([first["reference"]] if is_duplicate else [])
    # The earlier one never lists the later one.
    stored_first = client.get(f"{URL}/{first['reference']}", headers=auth).get_json()
    assert stored_first["possible_duplicates"] == []


def test_duplicates_list_every_earlier_notification_oldest_first(
    client: FlaskClient, auth: dict[str, str], make_notification: Callable[..., dict[str, Any]]
) -> None:
    by_nhs = make_notification(name="Someone Else", date_of_birth=None, date_of_death=None,
                               nhs_number="9434765919")
    by_name_dod = make_notification(name="Mary O'Neill", date_of_birth=None,
                                    date_of_death="2026-11-10", nhs_number=None)
    by_name_dob = make_notification(name="mary oneill", date_of_birth="1970-01-01",
                                    date_of_death=None, nhs_number=None)
    unrelated = make_notification(name="Mary Oneil", date_of_birth="1970-01-01",
                                  date_of_death="2026-11-10", nhs_number="4010232137")
    for doc in (by_nhs, by_name_dod, by_name_dob, unrelated):
        _post(client, auth, doc)
    latest = make_notification(name="MARY ONEILL", date_of_birth="1970-01-01",
                               date_of_death="2026-11-10", nhs_number="9434765919")
    found = _post(client, auth, latest)["possible_duplicates"]
    assert found == [by_nhs["reference"], by_name_dod["reference"], by_name_dob["reference"]]


def test_only_notify_flows_count_as_duplicates(
    client: FlaskClient, auth: dict[str, str], make_notification: Callable[..., dict[str, Any]]
) -> None:
    feedback = make_notification(**BASE)
    feedback["flow"] = "feedback"
    feedback["request"] = {"feedback_about": "person", "comments": "He was kind."}
    _post(client, auth, feedback)
    later = make_notification(**BASE)
    assert _post(client, auth, later)["possible_duplicates"] == []


def test_replay_keeps_the_duplicates_found_first_time(
    client: FlaskClient, auth: dict[str, str], make_notification: Callable[..., dict[str, Any]]
) -> None:
    first, second = make_notification(**BASE), make_notification(**BASE)
    _post(client, auth, first)
    receipt = _post(client, auth, second)
    assert receipt["possible_duplicates"] == [first["reference"]]
    third = make_notification(**BASE)
    _post(client, auth, third)
    replay = client.post(URL, json=second, headers=auth)
    assert replay.status_code == 200
    assert replay.get_json() == receipt

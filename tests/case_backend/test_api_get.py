"""GET /api/v1/notifications/<reference>: the stored notification with the backend's decisions."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

URL = "/api/v1/notifications"


def test_stored_notification_comes_back_as_posted_with_computed_values(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any]
) -> None:
    example["route"] = "not_eligible"  # wrong on purpose
    example["focused_review"] = {"required": False, "reasons": []}
    assert client.post(URL, json=example, headers=auth).status_code == 201
    response = client.get(f"{URL}/{example['reference']}", headers=auth)
    assert response.status_code == 200
    stored = response.get_json()
    for key in example:
        if key not in ("route", "focused_review", "possible_duplicates"):
            assert stored[key] == example[key], key
    assert stored["route"] == "leder"
    assert stored["focused_review"] == {"required": True,
                                        "reasons": ["ethnic_minority", "concerns_raised"]}
    assert stored["possible_duplicates"] == []
    assert stored["as_said"]["date_of_death"] == "last Tuesday"


@pytest.mark.parametrize("typed", ["ldr-7kqm-3hwx", "LDR7KQM3HWX", "ldr 7kqm 3hwx", "7KQM-3HWX"])
def test_reference_is_normalised(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any], typed: str
) -> None:
    assert client.post(URL, json=example, headers=auth).status_code == 201
    response = client.get(f"{URL}/{typed}", headers=auth)
    assert response.status_code == 200
    assert response.get_json()["reference"] == "LDR-7KQM-3HWX"


@pytest.mark.parametrize("reference", ["LDR-AAAA-AAAA", "not-a-reference", "LDR-0000-0000",
                                       "x" * 500])
def test_unknown_reference_is_404_json(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any], reference: str
) -> None:
    assert client.post(URL, json=example, headers=auth).status_code == 201
    response = client.get(f"{URL}/{reference}", headers=auth)
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}])
def test_reading_needs_a_token(
    client: FlaskClient, auth: dict[str, str], example: dict[str, Any], headers: dict[str, str]
) -> None:
    assert client.post(URL, json=example, headers=auth).status_code == 201
    response = client.get(f"{URL}/{example['reference']}", headers=headers)
    assert response.status_code == 401
    assert "Daniel" not in response.get_data(as_text=True)

"""Only service clients with a configured bearer token may use the notification API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


def test_health_needs_no_token(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dGVzdDp0ZXN0"},
        {"Authorization": "test-token-" + "x" * 32},  # the right token without the scheme
        {"Authorization": "Bearer test-token-" + "x" * 31},  # one character short
    ],
    ids=["none", "wrong", "empty", "scheme-only", "basic", "no-scheme", "prefix"],
)
def test_post_without_a_valid_token_is_refused(
    client: FlaskClient, example: dict[str, Any], count_rows: Callable[..., int],
    headers: dict[str, str],
) -> None:
    response = client.post("/api/v1/notifications", json=example, headers=headers)
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "unauthorized"
    assert "Bearer" in body["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count_rows() == 0


def test_every_configured_token_works(
    client: FlaskClient, example: dict[str, Any], count_rows: Callable[..., int]
) -> None:
    response = client.post(
        "/api/v1/notifications", json=example,
        headers={"Authorization": "bearer second-client-token"},
    )
    assert response.status_code == 201
    assert count_rows() == 1


def test_token_is_checked_before_the_body(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/notifications", data="{not json", content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize("tokens", ["", " , ", None])
def test_no_configured_tokens_refuses_every_call(
    make_app: Callable[..., Flask], example: dict[str, Any], tokens: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASE_BACKEND_API_TOKENS", raising=False)
    app = make_app(CASE_BACKEND_API_TOKENS=tokens)  # None: from the environment, where unset
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"}):
        assert client.post("/api/v1/notifications", json=example,
                           headers=headers).status_code == 401
        assert client.get(f"/api/v1/notifications/{example['reference']}",
                          headers=headers).status_code == 401
    assert client.get("/api/v1/health").status_code == 200


def test_tokens_come_from_the_environment(
    make_app: Callable[..., Flask], example: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASE_BACKEND_API_TOKENS", "alpha,beta")
    app = make_app(CASE_BACKEND_API_TOKENS=None)
    client = app.test_client()
    ok = client.post("/api/v1/notifications", json=example,
                     headers={"Authorization": "Bearer beta"})
    assert ok.status_code == 201
    refused = client.post("/api/v1/notifications", json=example,
                          headers={"Authorization": "Bearer test-token-" + "x" * 32})
    assert refused.status_code == 401

"""Routes of /api/v1: post a notification, read one back, health check."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, jsonify, request

from case_backend.api import bp
from case_backend.api.auth import require_token
from case_backend.errors import json_error
from case_backend.notifications import (
    ReferenceConflict,
    get_notification,
    receipt,
    store_notification,
    stored_document,
)
from contract import SCHEMA_VERSION, validate_notification
from contract.reference import normalise_reference

MAX_ERRORS = 50  # enough to fix a post; bounded so a huge bad post gives a small answer


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _read_json() -> tuple[Any, Response | None]:
    """The request body as JSON, or a 400 answer saying what is wrong with it."""
    if not request.is_json:
        return None, json_error(
            400, "not_json", "Send the notification as JSON with 'Content-Type: application/json'."
        )
    raw = request.get_data(cache=False)  # raises 413 over MAX_CONTENT_LENGTH
    try:
        return json.loads(raw, parse_constant=_reject_constant), None
    except (ValueError, RecursionError) as error:
        detail = str(error)[:200] if isinstance(error, ValueError) else "nested too deeply"
        return None, json_error(400, "malformed_json", f"The body is not valid JSON: {detail}")


def _db_session() -> Any:
    return current_app.extensions["case_backend_db"].session


def _keys() -> Any:
    return current_app.extensions["case_backend_keys"]


@bp.get("/health")
def health() -> Response:
    return jsonify({"status": "ok"})


@bp.post("/notifications")
@require_token
def post_notification() -> Response:
    doc, problem = _read_json()
    if problem is not None:
        return problem
    errors = validate_notification(doc)
    if errors:
        return json_error(
            422,
            "invalid_notification",
            f"The notification does not match the contract (schema version {SCHEMA_VERSION}).",
            details=errors[:MAX_ERRORS],
        )
    key = request.headers.get("Idempotency-Key")
    if key is not None and key.strip() != doc["reference"]:
        return json_error(
            400, "idempotency_key_mismatch",
            "The Idempotency-Key header must equal the notification's reference.",
        )
    try:
        result = store_notification(_db_session(), doc, _keys())
    except ReferenceConflict:
        return json_error(
            409, "reference_conflict",
            f"Reference {doc['reference']} is already stored with different content.",
        )
    response = jsonify(receipt(result.notification))
    response.status_code = 201 if result.created else 200
    if result.created:
        response.headers["Location"] = f"{bp.url_prefix}/notifications/{doc['reference']}"
    return response


@bp.get("/notifications/<string:reference>")
@require_token
def get_notification_view(reference: str) -> Response:
    canonical = normalise_reference(reference)
    row = get_notification(_db_session(), canonical) if canonical else None
    if row is None:
        return json_error(404, "not_found", "No notification has this reference.")
    return jsonify(stored_document(row, _keys()))

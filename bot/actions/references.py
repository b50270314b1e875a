"""Is a reference one the case backend knows? (focused review and feedback about a death)"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import requests

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class ReferenceCheck:
    status: str  # "found" | "unknown" | "not_checked" (the backend could not be asked)
    person_name: str | None = None


def check_reference(reference: str) -> ReferenceCheck:
    """GET /api/v1/notifications/<ref> with the outbox's bearer token.

    When the backend cannot be asked, the reference is kept unchecked: staff can still
    match it, and a family is never turned away because a server was down.
    """
    base = (os.environ.get("CASE_BACKEND_URL") or "http://127.0.0.1:8000").rstrip("/")
    token = os.environ.get("CASE_BACKEND_TOKEN", "")
    try:
        response = requests.get(f"{base}/api/v1/notifications/{reference}",
                                headers={"Authorization": f"Bearer {token}"},
                                timeout=TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        logger.warning("could not check reference %s: %s", reference, exc.__class__.__name__)
        return ReferenceCheck("not_checked")
    if response.status_code == 404:
        return ReferenceCheck("unknown")
    if response.status_code != 200:
        logger.warning("checking reference %s: HTTP %s", reference, response.status_code)
        return ReferenceCheck("not_checked")
    try:
        person = (response.json() or {}).get("person") or {}
    except ValueError:
        person = {}
    name = person.get("name") if isinstance(person, dict) else None
    return ReferenceCheck("found", name if isinstance(name, str) and name else None)

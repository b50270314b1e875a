"""Build the notification JSON of SPEC section 4 from a finished conversation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.actions.plan import NOTHING, UNKNOWN, Plan
from contract import SCHEMA_VERSION
from contract.policy import decide_route, focused_review

MAX_AS_SAID = 5000
MAX_TRANSCRIPT_TURNS = 2000


def _clean(v: Any) -> Any:
    return None if v in (UNKNOWN, NOTHING) else v


def utc_now() -> str:
    moment = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def build_notification(
    plan: Plan,
    answers: dict[str, Any],
    *,
    reference: str,
    channel: str,
    language: str,
    as_said: dict[str, str],
    transcript: list[dict[str, Any]],
    submitted_at: str | None = None,
) -> dict[str, Any]:
    live = set(plan.applicable(answers))

    def get(name: str) -> Any:
        return _clean(answers.get(name)) if name in live else None

    family_named = any(get(f) for f in ("family_contact_name", "family_contact_relationship",
                                        "family_contact_phone"))
    needs = get("communication_needs") or []
    consent = bool(get("consent_to_contact"))
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "reference": reference,
        "flow": plan.flow,
        "channel": channel,
        "language": language,
        "submitted_at": submitted_at or utc_now(),
        "notifier": {
            "name": get("notifier_name"),
            "relationship": get("notifier_relationship"),
            "phone": get("notifier_phone"),
            "email": get("notifier_email"),
            "preferred_contact": get("preferred_contact") if consent else "none",
            "communication_needs": list(needs),
            "interpreter_language": get("interpreter_language"),
        },
        "family_contact": {
            "name": get("family_contact_name"),
            "relationship": get("family_contact_relationship"),
            "phone": get("family_contact_phone"),
        } if family_named else None,
        "person": {
            "name": get("person_name"),
            "date_of_birth": get("date_of_birth"),
            "age_at_death": get("age_at_death"),
            "date_of_death": get("date_of_death"),
            "place_of_death": get("place_of_death"),
            "home_postcode": get("home_postcode"),
            "gp_practice": get("gp_practice"),
            "nhs_number": get("nhs_number"),
            "learning_disability": get("learning_disability"),
            "autistic": get("autistic"),
            "ethnicity": get("ethnicity"),
        },
        "concerns": get("concerns"),
        "life_story": get("life_story"),
        "family_requests_focused_review": get("family_requests_focused_review"),
        "wants_review_copy": get("wants_review_copy"),
        "review_copy_format": get("review_copy_format"),
        "consent_to_contact": consent,
        "safeguarding": {"urgent": False, "what_was_said": []},
        "as_said": {k: str(v)[:MAX_AS_SAID] for k, v in as_said.items()
                    if k in live and k in plan.data_fields},
        "transcript": transcript[-MAX_TRANSCRIPT_TURNS:],
    }
    doc["route"] = decide_route(doc)
    doc["focused_review"] = focused_review(doc)
    return doc


def transcript_from_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation turn by turn, from Rasa tracker events (internal turns left out)."""
    turns: list[dict[str, Any]] = []
    for e in events:
        kind = e.get("event")
        at = _iso(e.get("timestamp"))
        if kind == "user":
            text = e.get("text") or ""
            if not text or text.startswith("/"):
                continue
            turns.append({"speaker": "user", "text": text[:MAX_AS_SAID], "at": at, "asks": None})
        elif kind == "bot":
            custom = (e.get("data") or {}).get("custom") or {}
            text = e.get("text") or custom.get("text")
            if text:
                turns.append({"speaker": "bot", "text": text[:MAX_AS_SAID], "at": at,
                              "asks": custom.get("asks")})
    return turns


def _iso(ts: Any) -> str:
    try:
        moment = dt.datetime.fromtimestamp(float(ts), tz=dt.timezone.utc)
    except (TypeError, ValueError, OverflowError):
        moment = dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")

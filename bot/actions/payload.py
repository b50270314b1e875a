"""Build the notification JSON of SPEC section 4 from a finished conversation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.actions.parsing import parse_postcode
from bot.actions.plan import NOTHING, UNKNOWN, Plan
from contract import SCHEMA_VERSION
from contract.policy import decide_route, focused_review

MAX_AS_SAID = 5000
MAX_TRANSCRIPT_TURNS = 2000


def _clean(v: Any) -> Any:
    return None if v in (UNKNOWN, NOTHING) else v


def utc_now() -> str:
    return _iso_z(dt.datetime.now(dt.timezone.utc))


def _iso_z(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _envelope(plan: Plan, *, reference: str, channel: str, language: str,
              submitted_at: str | None, safeguarding: dict[str, Any] | None,
              transcript: list[dict[str, Any]]) -> dict[str, Any]:
    """What the system adds to every submission, whatever its flow (SPEC section 4)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": reference,
        "flow": plan.flow,
        "channel": channel,
        "language": language,
        "submitted_at": submitted_at or utc_now(),
        "safeguarding": safeguarding or {"urgent": False, "what_was_said": []},
        "transcript": transcript[-MAX_TRANSCRIPT_TURNS:],
    }


def _notifier_fields(get: Any, preferred_contact: Any) -> dict[str, Any]:
    return {
        "name": get("notifier_name"),
        "relationship": get("notifier_relationship"),
        "phone": get("notifier_phone"),
        "email": get("notifier_email"),
        "preferred_contact": preferred_contact,
        "communication_needs": list(get("communication_needs") or []),
        "interpreter_language": get("interpreter_language"),
    }


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
    safeguarding: dict[str, Any] | None = None,
) -> dict[str, Any]:
    live = set(plan.applicable(answers))

    def get(name: str) -> Any:
        return _clean(answers.get(name)) if name in live else None

    family_named = any(get(f) for f in ("family_contact_name", "family_contact_relationship",
                                        "family_contact_phone"))
    consent = bool(get("consent_to_contact"))
    doc: dict[str, Any] = {
        **_envelope(plan, reference=reference, channel=channel, language=language,
                    submitted_at=submitted_at, safeguarding=safeguarding, transcript=transcript),
        "notifier": _notifier_fields(get, get("preferred_contact") if consent else "none"),
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
        "as_said": {k: str(v)[:MAX_AS_SAID] for k, v in as_said.items()
                    if k in live and k in plan.data_fields},
    }
    doc["route"] = decide_route(doc)
    doc["focused_review"] = focused_review(doc)
    return doc


# Section 4 fields whose words the other flows keep in ``as_said`` (the contract's field ids).
AS_SAID_FIELDS = frozenset({
    "person_name", "date_of_death", "home_postcode", "notifier_name", "notifier_relationship",
    "notifier_phone", "notifier_email", "preferred_contact", "communication_needs",
    "interpreter_language", "consent_to_contact",
})


def build_request(
    plan: Plan,
    answers: dict[str, Any],
    *,
    reference: str,
    channel: str,
    language: str,
    as_said: dict[str, str],
    transcript: list[dict[str, Any]],
    safeguarding: dict[str, Any],
    submitted_at: str | None = None,
) -> dict[str, Any]:
    """A focused_review, feedback or human submission: the same envelope as a notification,
    with what is asked for in ``request`` (SPEC section 4, added for these flows)."""
    live = set(plan.applicable(answers))
    by_kind: dict[str, Any] = {}
    for q in plan.questions:
        if q.field in live and not q.is_control:
            by_kind[q.kind] = _clean(answers.get(q.field))
    get = by_kind.get
    reference_given = get("fr_reference") or get("fb_reference")
    doc: dict[str, Any] = {
        **_envelope(plan, reference=reference, channel=channel, language=language,
                    submitted_at=submitted_at, safeguarding=safeguarding, transcript=transcript),
        "related_reference": reference_given,
        "request": {
            "reason": get("fr_reason") or get("callback_reason"),
            "feedback_about": get("feedback_about"),
            "rating": get("rating"),
            "what_was_important": get("fb_important"),
            "what_went_well": get("fb_went_well"),
            "what_went_wrong": get("fb_went_wrong"),
            "comments": get("fb_comments"),
            "best_time": get("callback_best_time"),
        },
        "as_said": {
            plan.question(k).kind: str(v)[:MAX_AS_SAID] for k, v in as_said.items()
            if k in live and k in plan.data_fields and plan.question(k).kind in AS_SAID_FIELDS
        },
    }
    notifier = _notifier(plan, by_kind)
    if notifier:
        doc["notifier"] = notifier
    if get("person_name") and not reference_given:
        postcode = parse_postcode(get("home_postcode"))
        doc["person"] = {
            "name": str(get("person_name"))[:200],
            "date_of_death": get("date_of_death"),
            # a town ("Leeds") stays in as_said; only a real postcode goes here
            "home_postcode": postcode.value if postcode.ok else None,
        }
    return doc


def _notifier(plan: Plan, by_kind: dict[str, Any]) -> dict[str, Any] | None:
    get = by_kind.get
    if plan.flow == "feedback" and not get("consent_to_contact"):
        return None  # feedback can be anonymous
    contact = get("preferred_contact")
    if plan.flow == "human":
        contact = "phone"
    return _notifier_fields(get, contact)


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
    return _iso_z(moment)

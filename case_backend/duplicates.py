"""Spotting earlier notifications about the same person (SPEC section 4, possible_duplicates)."""

from __future__ import annotations

import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from case_backend.models import Notification

MAX_DUPLICATES = 100  # the schema's bound on possible_duplicates


def name_key(name: str | None) -> str | None:
    """A name for matching: no case, accents, spaces or punctuation ("O'Brien" == "o brien").

    Letters and digits of every script are kept, so names in other scripts still match.
    """
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    key = "".join(char for char in decomposed if char.isalnum())
    return key[:200] or None


def find_possible_duplicates(
    session: Session,
    *,
    before_id: int,
    nhs_index: str | None,
    name_dob_index: str | None,
    name_dod_index: str | None,
) -> list[str]:
    """References of earlier `notify` notifications that look like the same person, oldest first.

    Earlier means stored before the row with id `before_id` (the notification being received).
    Same NHS number, or same name and date of death, or same name and date of birth: compared
    through their blind indexes (keyed digests), never in plaintext.
    """
    rules = []
    if nhs_index:
        rules.append(Notification.nhs_index == nhs_index)
    if name_dod_index:
        rules.append(Notification.name_dod_index == name_dod_index)
    if name_dob_index:
        rules.append(Notification.name_dob_index == name_dob_index)
    if not rules:
        return []
    query = (
        select(Notification.reference)
        .where(Notification.flow == "notify", Notification.id < before_id, or_(*rules))
        .order_by(Notification.received_at, Notification.id)
        .limit(MAX_DUPLICATES)
    )
    return list(session.scalars(query))

"""Turning a notification into its protected columns (encrypted fields, blind indexes) and back."""

from __future__ import annotations

import json
from typing import Any

from case_backend.crypto import BlindIndex, FieldCipher

# Values the backend works out itself: never trusted from the post, not part of its content.
COMPUTED_FIELDS = ("route", "focused_review", "possible_duplicates")


def content_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The posted notification without the values the backend computes."""
    return {key: value for key, value in doc.items() if key not in COMPUTED_FIELDS}


def canonical_json(doc: dict[str, Any]) -> str:
    """Sorted keys, no spaces: key order and spacing do not change the content."""
    return json.dumps(content_of(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def protected_columns(doc: dict[str, Any], cipher: FieldCipher, index: BlindIndex
                      ) -> dict[str, Any]:
    """The encrypted columns, blind indexes, search digests and keyed content hash of `doc`."""
    person = doc.get("person") or {}
    name = person.get("name")
    content = content_of(doc)
    transcript = content.pop("transcript", None)
    nhs = index.nhs_number(person.get("nhs_number"))
    digests = {index.name(name), nhs, *index.name_words(name)}
    return {
        "content_hash": index.content(canonical_json(doc)),
        "person_name_enc": cipher.encrypt(name),
        "payload_enc": cipher.encrypt_json(content),
        "transcript_enc": cipher.encrypt_json(transcript),
        "nhs_index": nhs,
        "name_dob_index": index.name_and_date("name_dob", name, person.get("date_of_birth")),
        "name_dod_index": index.name_and_date("name_dod", name, person.get("date_of_death")),
        "search_digests": sorted(d for d in digests if d),
    }

"""Reference numbers: easy to read aloud, valid in the schema, forgiving when typed back."""

from __future__ import annotations

import re

import pytest

from contract import load_schema
from contract.reference import ALPHABET, is_reference, new_reference, normalise_reference


def test_alphabet_has_no_look_alikes() -> None:
    assert ALPHABET == "ACDEFGHJKMNPQRTUVWXY346789"
    assert len(set(ALPHABET)) == len(ALPHABET) == 26
    for confusing in "0O1IL2Z5SB":
        assert confusing not in ALPHABET


def test_schema_pattern_uses_the_same_alphabet() -> None:
    pattern = load_schema()["$defs"]["reference"]["pattern"]
    assert pattern == f"^LDR-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$"


def test_new_references_are_well_formed_and_random() -> None:
    refs = {new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    pattern = re.compile(load_schema()["$defs"]["reference"]["pattern"])
    for ref in refs:
        assert is_reference(ref)
        assert pattern.match(ref)
    used = set("".join(ref[4:].replace("-", "") for ref in refs))
    assert used == set(ALPHABET)


@pytest.mark.parametrize(
    "value", ["LDR-7KQM-3HW0", "LDR-7KQM-3HW", "ldr-7kqm-3hwx", "LDR 7KQM 3HWX", "", None, 42,
              "LDR-7KQM-3HWXX", "XYZ-7KQM-3HWX"],
)
def test_is_reference_accepts_only_the_canonical_form(value: object) -> None:
    assert is_reference(value) is False


@pytest.mark.parametrize(
    "typed",
    ["LDR-7KQM-3HWX", "ldr 7kqm 3hwx", "ldr7kqm3hwx", "LDR-7KQM3HWX", "7kqm-3hwx", "7KQM 3HWX",
     "  LDR - 7KQM - 3HWX  ", "ldr.7kqm.3hwx", "LDR_7KQM_3HWX"],
)
def test_normalise_accepts_what_people_type(typed: str) -> None:
    assert normalise_reference(typed) == "LDR-7KQM-3HWX"


def test_normalise_reads_b_as_eight() -> None:
    assert normalise_reference("ldr b7km 3hwx") == "LDR-87KM-3HWX"


@pytest.mark.parametrize(
    "typed",
    ["LDR-7KQM-3HW0", "LDR-7KQM-3HWXA", "LDR-7KQM", "hello", "", "LDR-7KQM-3HW!", None, 7,
     "LDR-" + "7" * 100, "LDR-7KQM-3HWI"],
)
def test_normalise_refuses_what_is_not_a_reference(typed: object) -> None:
    assert normalise_reference(typed) is None

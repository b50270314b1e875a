"""The word lists (bot/actions/parsing/lexicon/en.yml) against SPEC section 4 and themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.actions.parsing import (
    CHOICE_FIELDS,
    COMMANDS,
    detect_command,
    is_dont_know,
    parse_choice,
    parse_choices,
)
from bot.actions.parsing.wordlists import LEXICON_DIR, Lexicon, load_lexicon
from contract import load_schema

pytestmark = pytest.mark.usefixtures("no_parser_errors")

RELATIONSHIP = ("parent", "child", "sibling", "partner", "other_family", "friend", "paid_carer",
                "health_professional", "social_care_professional", "other")
YES_NO_NOT_SURE = ("yes", "no", "not_sure")
# SPEC section 4, in its order.
SPEC_VALUES = {
    "notifier_relationship": RELATIONSHIP,
    "family_contact_relationship": RELATIONSHIP,
    "preferred_contact": ("phone", "text", "email", "post", "none"),
    "communication_needs": ("easy_read", "large_print", "audio", "interpreter", "bsl", "none"),
    "place_of_death": ("home", "hospital", "care_home", "supported_living", "hospice", "other",
                       "not_known"),
    "learning_disability": YES_NO_NOT_SURE,
    "autistic": YES_NO_NOT_SURE,
    "family_requests_focused_review": YES_NO_NOT_SURE,
    "wants_review_copy": ("yes", "no"),
    "review_copy_format": ("easy_read", "standard", "audio"),
    "consent_to_contact": (True, False),
    "confirm": ("send", "change"),
    "ethnicity": (
        "white_british", "white_irish", "white_gypsy_or_irish_traveller", "white_roma",
        "white_other", "mixed_white_black_caribbean", "mixed_white_black_african",
        "mixed_white_asian", "mixed_other", "asian_indian", "asian_pakistani",
        "asian_bangladeshi", "asian_chinese", "asian_other", "black_african", "black_caribbean",
        "black_other", "arab", "other", "not_known", "prefer_not_to_say",
    ),
}
RAW = yaml.safe_load((LEXICON_DIR / "en.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("field", sorted(SPEC_VALUES))
def test_every_spec_value_set_is_complete_and_in_order(field: str) -> None:
    assert CHOICE_FIELDS[field] == SPEC_VALUES[field]


def _enum(node: dict) -> tuple:
    return tuple(v for v in node["enum"] if v is not None)


def test_value_sets_match_the_contract_schema() -> None:
    schema = load_schema()
    props = schema["properties"]
    person = props["person"]["properties"]
    notifier = props["notifier"]["properties"]
    yes_no_not_sure = _enum(schema["$defs"]["yes_no_not_sure"])
    assert _enum(notifier["relationship"]) == CHOICE_FIELDS["notifier_relationship"]
    assert _enum(notifier["preferred_contact"]) == CHOICE_FIELDS["preferred_contact"]
    assert _enum(notifier["communication_needs"]["items"]) == CHOICE_FIELDS["communication_needs"]
    assert _enum(person["place_of_death"]) == CHOICE_FIELDS["place_of_death"]
    assert _enum(person["ethnicity"]) == CHOICE_FIELDS["ethnicity"]
    assert yes_no_not_sure == CHOICE_FIELDS["learning_disability"] == CHOICE_FIELDS["autistic"]
    assert yes_no_not_sure == CHOICE_FIELDS["family_requests_focused_review"]
    assert _enum(props["wants_review_copy"]) == CHOICE_FIELDS["wants_review_copy"]
    assert _enum(props["review_copy_format"]) == CHOICE_FIELDS["review_copy_format"]


def _parse(field: str, text: str):
    if field == "communication_needs":
        result = parse_choices(field, text)
        return result.value["needs"] if result.ok else None
    result = parse_choice(field, text)
    return result.value if result.ok else None


def _expected(field: str, value):
    return [value] if field == "communication_needs" else value


@pytest.mark.parametrize("field", sorted(SPEC_VALUES))
def test_every_code_is_reachable_by_its_own_words_and_a_natural_phrase(field: str) -> None:
    lex = load_lexicon()
    spec = lex.fields[field]
    for code in spec.codes:
        value = spec.value_of(code)
        # the code itself, as a button would send it
        assert _parse(field, code) == _expected(field, value), code
        # at least one everyday phrase that is not just the code
        phrases = [p for p in (RAW[field].get("phrases") or {}).get(code, []) if p != code]
        relation_words = [w for g in RAW["relation_words"] for w in g["words"]
                          if g["codes"][0] == code]
        assert phrases or (spec.relations and relation_words), f"{field}.{code} has no phrase"


def _listed(field: str, kind: str):
    for code, phrases in (RAW[field].get(kind) or {}).items():
        for phrase in phrases:
            yield code, phrase


@pytest.mark.parametrize("field", sorted(SPEC_VALUES))
def test_every_listed_phrase_said_alone_means_its_code(field: str) -> None:
    """A phrase listed under two codes, or swallowed by a longer phrase, shows up here."""
    spec = load_lexicon().fields[field]
    wrong = []
    for kind in ("phrases", "weak"):
        for code, phrase in _listed(field, kind):
            if _parse(field, phrase) != _expected(field, spec.value_of(code)):
                wrong.append((kind, code, phrase, _parse(field, phrase)))
    assert not wrong


@pytest.mark.parametrize("field", sorted(SPEC_VALUES))
def test_ambiguous_phrases_said_alone_are_no_match(field: str) -> None:
    for phrase in RAW[field].get("ambiguous") or []:
        assert _parse(field, phrase) is None, phrase


def test_every_command_phrase_is_its_command() -> None:
    for command, phrases in RAW["commands"].items():
        if command == "filler":
            continue
        assert command in COMMANDS
        for phrase in phrases:
            assert detect_command(phrase) == command, phrase


def test_every_dont_know_phrase_is_dont_know() -> None:
    for phrase in RAW["dont_know"]["phrases"]:
        assert is_dont_know(phrase), phrase


def test_relation_words_use_known_codes() -> None:
    for group in RAW["relation_words"]:
        assert set(group["codes"]) <= set(RELATIONSHIP)


def test_a_bare_yaml_boolean_in_a_word_list_is_refused(tmp_path: Path) -> None:
    """`no` unquoted is False in YAML: the loader must say so rather than silently drop it."""
    broken = (LEXICON_DIR / "en.yml").read_text(encoding="utf-8").replace(
        'codes: ["yes", "no", not_sure]', "codes: [yes, no, not_sure]", 1
    )
    assert broken != (LEXICON_DIR / "en.yml").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="not a string"):
        Lexicon(yaml.safe_load(broken), "en")


def test_an_unknown_code_in_a_word_list_is_refused() -> None:
    raw = yaml.safe_load((LEXICON_DIR / "en.yml").read_text(encoding="utf-8"))
    raw["place_of_death"]["phrases"]["moon"] = ["on the moon"]
    with pytest.raises(ValueError, match="unknown code"):
        Lexicon(raw, "en")


def test_unknown_language_falls_back_to_english() -> None:
    assert load_lexicon("xx").language == "en"
    assert load_lexicon("../../etc").language == "en"
    assert parse_choice("place_of_death", "hospital", language="cy").value == "hospital"

"""Free text to the codes of choice fields (SPEC section 4), numbered picks, multi-select."""

from __future__ import annotations

import pytest

from bot.actions.parsing import CHOICE_FIELDS, parse_choice, parse_choices

pytestmark = pytest.mark.usefixtures("no_parser_errors")

NOTIFIER = [
    # the answer describes the person telling us
    ("I'm his mum", "parent"),
    ("im his mum", "parent"),
    ("I am her mother", "parent"),
    ("mum", "parent"),
    ("Mam", "parent"),
    ("his dad", "parent"),
    ("I was his dad", "parent"),
    ("step dad", "parent"),
    ("stepmum", "parent"),
    ("foster mum", "parent"),
    ("mum and dad", "parent"),
    ("I'm his son", "child"),
    ("her daughter", "child"),
    ("son", "child"),
    ("daughter", "child"),
    # ...or the person who died, seen from them: "my son" means I am a parent
    ("my son", "parent"),
    ("he was my son", "parent"),
    ("my daughter", "parent"),
    ("our son", "parent"),
    ("my youngest son", "parent"),
    ("she was my mum", "child"),
    ("my mum", "child"),
    ("he was my dad", "child"),
    ("my sun", "parent"),  # typo of son
    ("my dauhgter", "parent"),  # typo
    ("my brother", "sibling"),
    ("brother", "sibling"),
    ("I'm her sister", "sibling"),
    ("my twin sister", "sibling"),
    ("half brother", "sibling"),
    ("she was my wife", "partner"),
    ("her husband", "partner"),
    ("my partner", "partner"),
    ("we were married", "partner"),
    ("boyfriend", "partner"),
    ("auntie", "other_family"),
    ("my nan", "other_family"),
    ("I'm his nan", "other_family"),
    ("grandson", "other_family"),
    ("his uncle", "other_family"),
    ("cousin", "other_family"),
    ("mother in law", "other_family"),
    ("my father-in-law", "other_family"),
    ("niece", "other_family"),
    ("family member", "other_family"),
    ("other family", "other_family"),
    ("friend", "friend"),
    ("his best friend", "friend"),
    ("family friend", "friend"),
    ("neighbour", "friend"),
    ("freind", "friend"),
    ("I was her carer", "paid_carer"),
    ("carer", "paid_carer"),
    ("support worker", "paid_carer"),
    ("his support worker", "paid_carer"),
    ("I work at his care home", "paid_carer"),
    ("care home manager", "paid_carer"),
    ("paid carer", "paid_carer"),
    ("key worker", "paid_carer"),
    ("suport worker", "paid_carer"),
    ("GP", "health_professional"),
    ("I'm his GP", "health_professional"),
    ("nurse", "health_professional"),
    ("learning disability nurse", "health_professional"),
    ("ward sister", "health_professional"),  # not a sibling
    ("I'm a doctor at the hospital", "health_professional"),
    ("paramedic", "health_professional"),
    ("docter", "health_professional"),
    ("I'm his social worker", "social_care_professional"),
    ("social worker", "social_care_professional"),
    ("from the council", "social_care_professional"),
    ("social services", "social_care_professional"),
    ("socialworker", "social_care_professional"),
    ("other", "other"),
    ("advocate", "other"),
    ("his advocate", "other"),
    ("the vicar", "other"),
    ("paid_carer", "paid_carer"),  # the code itself
    ("Health professional", "health_professional"),  # the button label
    # family words beat a bare "carer": family carers are family
    ("I'm his mum and his carer", "parent"),
    ("I'm my brother's carer", "sibling"),
    ("his mum, I looked after him", "parent"),
    # negation
    ("I'm not his mum, I'm his aunt", "other_family"),
]


@pytest.mark.parametrize(("text", "code"), NOTIFIER)
def test_notifier_relationship(text: str, code: str) -> None:
    assert parse_choice("notifier_relationship", text).value == code


@pytest.mark.parametrize(
    "text",
    [
        "dunno",
        "it's complicated",
        "I'm his mum and my husband is his dad",  # a parent and a partner: ask
        "I looked after him",  # family or paid? ask
        "legal guardian",
        "his sister's husband",
        "banana",
        "1",  # no numbered options were shown
    ],
)
def test_notifier_relationship_ambiguous_is_no_match(text: str) -> None:
    result = parse_choice("notifier_relationship", text)
    assert (result.ok, result.error) == (False, "no_match")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("his mum", "parent"),
        ("mum", "parent"),
        ("her son", "child"),
        ("his brother", "sibling"),
        ("her sister", "sibling"),
        ("his wife", "partner"),
        ("her aunt", "other_family"),
        ("a friend of hers", "friend"),
        ("his social worker", "social_care_professional"),
    ],
)
def test_family_contact_relationship_names_the_contact(text: str, code: str) -> None:
    assert parse_choice("family_contact_relationship", text).value == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("at home", "home"),
        ("home", "home"),
        ("in his own home", "home"),
        ("at her flat", "home"),
        ("in bed at home", "home"),
        ("his house", "home"),
        ("in hospital", "hospital"),
        ("the royal infirmary", "hospital"),
        ("Leeds General Infirmary", "hospital"),
        ("A&E", "hospital"),
        ("intensive care", "hospital"),
        ("hospitle", "hospital"),
        ("hosptial", "hospital"),
        ("nursing home", "care_home"),
        ("in a care home", "care_home"),
        ("carehome", "care_home"),
        ("residential home", "care_home"),
        ("his flat with support", "supported_living"),
        ("supported living", "supported_living"),
        ("suported living", "supported_living"),
        ("supported housing", "supported_living"),
        ("hospice", "hospice"),
        ("at the hospice", "hospice"),
        ("on holiday", "other"),
        ("in the street", "other"),
        ("at the day centre", "other"),
        ("other", "other"),
        ("not sure", "not_known"),
        ("don't know", "not_known"),
        ("unknown", "not_known"),
        ("not in hospital, at home", "home"),
        ("not at home, in hospital", "hospital"),
    ],
)
def test_place_of_death(text: str, code: str) -> None:
    assert parse_choice("place_of_death", text).value == code


@pytest.mark.parametrize("text", ["at home or in hospital", "somewhere", "Leeds", "ho"])
def test_place_of_death_unclear(text: str) -> None:
    assert parse_choice("place_of_death", text).error == "no_match"


YES_NO_NOT_SURE = [
    ("yes", "yes"),
    ("Yes.", "yes"),
    ("yes he did", "yes"),
    ("yeah", "yes"),
    ("yep", "yes"),
    ("y", "yes"),
    ("YES!!", "yes"),
    ("definitely", "yes"),
    ("yse", "yes"),
    ("yes I think so", "yes"),
    ("no", "no"),
    ("No.", "no"),
    ("nope", "no"),
    ("nah", "no"),
    ("no he wasn't", "no"),
    ("no she didn't", "no"),
    ("he did not", "no"),
    ("I don't think so", "no"),
    ("not really", "no"),
    ("not sure", "not_sure"),
    ("I'm not sure", "not_sure"),
    ("I don't know", "not_sure"),
    ("dunno", "not_sure"),
    ("maybe", "not_sure"),
    ("probably not", "not_sure"),
    ("not that I know of", "not_sure"),  # not a "no": staff decide
    ("he was never tested", "not_sure"),
    # hedges: "I think so" about a diagnosis is not a yes (it means triage by staff)
    ("I think so", "not_sure"),
    ("I believe so", "not_sure"),
    ("not_sure", "not_sure"),
]


@pytest.mark.parametrize(("text", "code"), YES_NO_NOT_SURE)
@pytest.mark.parametrize("field", ["learning_disability", "autistic"])
def test_diagnosis_questions(field: str, text: str, code: str) -> None:
    assert parse_choice(field, text).value == code


def test_diagnosis_answers_about_the_other_question_are_not_guessed() -> None:
    # "he was autistic" answers the autism question, not the learning disability one
    assert parse_choice("autistic", "he was autistic").value == "yes"
    assert parse_choice("learning_disability", "he was autistic").error == "no_match"
    assert parse_choice("learning_disability", "he had down syndrome").value == "yes"
    assert parse_choice("autistic", "he had a learning disability").error == "no_match"
    assert parse_choice("learning_disability", "yes and autistic").value == "yes"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("yes", "yes"),
        ("yes please", "yes"),
        ("we would like one", "yes"),
        ("I want one", "yes"),
        ("I think so", "yes"),  # a family's wish, not a fact: a hedge still asks for it
        ("no", "no"),
        ("no thanks", "no"),
        ("we don't want one", "no"),
        ("not sure", "not_sure"),
        ("I need to ask the family", "not_sure"),
        ("maybe", "not_sure"),
        ("not yet", "not_sure"),
    ],
)
def test_family_requests_focused_review(text: str, code: str) -> None:
    assert parse_choice("family_requests_focused_review", text).value == code


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes please", "yes"),
        ("yes", "yes"),
        ("that would be nice", "yes"),
        ("no thanks", "no"),
        ("no", "no"),
        ("I'd rather not", "no"),
    ],
)
def test_wants_review_copy(text: str, value: str) -> None:
    assert parse_choice("wants_review_copy", text).value == value


def test_wants_review_copy_has_no_not_sure() -> None:
    assert parse_choice("wants_review_copy", "not sure").error == "no_match"
    assert parse_choice("wants_review_copy", "maybe").error == "no_match"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("yes you can", True),
        ("that's fine", True),
        ("I don't mind", True),
        ("ok", True),
        ("no", False),
        ("please don't", False),
        ("don't contact me", False),
        ("no thank you", False),
    ],
)
def test_consent_to_contact_is_a_boolean(text: str, value: bool) -> None:
    result = parse_choice("consent_to_contact", text)
    assert result.value is value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("yes", "send"),
        ("send it", "send"),
        ("that's right", "send"),
        ("looks good", "send"),
        ("all correct", "send"),
        ("change", "change"),
        ("no", "change"),
        ("that's not right", "change"),
        ("wrong", "change"),
        ("there is a mistake", "change"),
        ("don't send", "change"),
    ],
)
def test_confirm(text: str, code: str) -> None:
    assert parse_choice("confirm", text).value == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("phone", "phone"),
        ("call me", "phone"),
        ("ring me", "phone"),
        ("text me", "text"),
        ("text", "text"),
        ("SMS", "text"),
        ("text me on my mobile", "text"),
        ("email", "email"),
        ("e-mail", "email"),
        ("by email please", "email"),
        ("by post", "post"),
        ("a letter", "post"),
        ("none", "none"),
        ("don't contact me", "none"),
        ("phone, not text", "phone"),
        ("not by phone, text please", "text"),
    ],
)
def test_preferred_contact(text: str, code: str) -> None:
    assert parse_choice("preferred_contact", text).value == code


@pytest.mark.parametrize("text", ["mobile", "text or call", "either", "mail", "whatsapp"])
def test_preferred_contact_unclear(text: str) -> None:
    assert parse_choice("preferred_contact", text).error == "no_match"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("easy read", "easy_read"),
        ("easyread", "easy_read"),
        ("with pictures", "easy_read"),
        ("standard", "standard"),
        ("the normal one", "standard"),
        ("full report", "standard"),
        ("audio", "audio"),
        ("read it to me", "audio"),
        ("I'd like to listen to it", "audio"),
    ],
)
def test_review_copy_format(text: str, code: str) -> None:
    assert parse_choice("review_copy_format", text).value == code


ETHNICITY = [
    ("White British", "white_british"),
    ("white english", "white_british"),
    ("White Scottish", "white_british"),
    ("white britsh", "white_british"),
    ("Irish", "white_irish"),
    ("white irish", "white_irish"),
    ("Irish traveller", "white_gypsy_or_irish_traveller"),
    ("gypsy", "white_gypsy_or_irish_traveller"),
    ("Romany", "white_gypsy_or_irish_traveller"),
    ("Roma", "white_roma"),
    ("Polish", "white_other"),
    ("white european", "white_other"),
    ("white other", "white_other"),
    ("mixed white and black caribbean", "mixed_white_black_caribbean"),
    ("white and black caribbean", "mixed_white_black_caribbean"),
    ("mixed race white and black caribbean", "mixed_white_black_caribbean"),
    ("white and black african", "mixed_white_black_african"),
    ("mixed white and asian", "mixed_white_asian"),
    ("half indian half white", "mixed_white_asian"),
    ("other mixed", "mixed_other"),
    ("Indian", "asian_indian"),
    ("British Indian", "asian_indian"),
    ("Pakistani", "asian_pakistani"),
    ("pakistan", "asian_pakistani"),
    ("pakistany", "asian_pakistani"),
    ("Bangladeshi", "asian_bangladeshi"),
    ("bangladeshy", "asian_bangladeshi"),
    ("Chinese", "asian_chinese"),
    ("Hong Kong Chinese", "asian_chinese"),
    ("Sri Lankan", "asian_other"),
    ("Filipino", "asian_other"),
    ("other asian", "asian_other"),
    ("Black African", "black_african"),
    ("Nigerian", "black_african"),
    ("Somali", "black_african"),
    ("black caribbean", "black_caribbean"),
    ("Jamaican", "black_caribbean"),
    ("carribean", "black_caribbean"),
    ("jamacian", "black_caribbean"),
    ("Black British", "black_other"),  # as the census codes it
    ("Black British Caribbean", "black_caribbean"),
    ("other black", "black_other"),
    ("Arab", "arab"),
    ("arabic", "arab"),
    ("Iraqi", "arab"),
    ("other", "other"),
    ("any other ethnic group", "other"),
    ("not sure", "not_known"),
    ("don't know", "not_known"),
    ("don't want to say", "prefer_not_to_say"),
    ("prefer not to say", "prefer_not_to_say"),
    ("I'd rather not say", "prefer_not_to_say"),
    ("none of your business", "prefer_not_to_say"),
    ("prefer_not_to_say", "prefer_not_to_say"),
]


@pytest.mark.parametrize(("text", "code"), ETHNICITY)
def test_ethnicity(text: str, code: str) -> None:
    assert parse_choice("ethnicity", text).value == code


@pytest.mark.parametrize(
    "text",
    [
        # could be more than one census group: the bot shows the list instead of guessing
        # (a wrong "white_british" would silently drop a required focused review)
        "English",
        "British",
        "Scottish",
        "white",
        "black",
        "asian",
        "mixed race",
        "Northern Irish",
        "Bengali",
        "Punjabi",
        "Muslim",
        "not white british",
        "blah",
    ],
)
def test_ethnicity_ambiguous_is_no_match(text: str) -> None:
    assert parse_choice("ethnicity", text).error == "no_match"


# --- numbered choices (SMS "Reply 1, 2 or 3", voice keypad) --------------------------------------

PLACES = ["home", "hospital", "care_home", "supported_living", "hospice", "other", "not_known"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1", "home"),
        ("2", "hospital"),
        ("2.", "hospital"),
        ("(2)", "hospital"),
        ("#2", "hospital"),
        ("number 3", "care_home"),
        ("no 3", "care_home"),
        ("option 4 please", "supported_living"),
        ("the first one", "home"),
        ("first", "home"),
        ("second one", "hospital"),
        ("2nd", "hospital"),
        ("two", "hospital"),
        ("the last one", "not_known"),
        ("7", "not_known"),
        ("٢", "hospital"),
    ],
)
def test_numbered_choice_picks_by_position(text: str, code: str) -> None:
    assert parse_choice("place_of_death", text, PLACES).value == code


@pytest.mark.parametrize("text", ["0", "8", "99", "1 or 2", "1.5"])
def test_numbered_choice_out_of_range(text: str) -> None:
    assert parse_choice("place_of_death", text, PLACES).error == "no_match"


def test_numbered_choice_follows_the_order_shown() -> None:
    assert parse_choice("place_of_death", "1", ["hospice", "home"]).value == "hospice"
    # words still win over position when they clearly name a code
    assert parse_choice("place_of_death", "hospital", ["hospice", "home"]).value == "hospital"


def test_numbered_consent_returns_the_stored_value() -> None:
    assert parse_choice("consent_to_contact", "1", [True, False]).value is True
    assert parse_choice("consent_to_contact", "2", [True, False]).value is False
    assert parse_choice("consent_to_contact", "2", ["yes", "no"]).value is False


def test_numbered_yes_no() -> None:
    options = ["yes", "no", "not_sure"]
    assert parse_choice("learning_disability", "3", options).value == "not_sure"
    # "no" is an answer, not the abbreviation of "number"
    assert parse_choice("learning_disability", "no", options).value == "no"
    assert parse_choice("learning_disability", "no one knows", options).value == "not_sure"


# --- multi-select -------------------------------------------------------------------------------

NEEDS = ["easy_read", "large_print", "audio", "interpreter", "bsl", "none"]


@pytest.mark.parametrize(
    ("text", "needs", "language"),
    [
        ("easy read and large print", ["easy_read", "large_print"], None),
        ("large print and easy read", ["easy_read", "large_print"], None),
        ("1 and 3", ["easy_read", "audio"], None),
        ("1, 2", ["easy_read", "large_print"], None),
        ("1 3", ["easy_read", "audio"], None),
        ("the first and third", ["easy_read", "audio"], None),
        ("1 and large print", ["easy_read", "large_print"], None),
        ("none", ["none"], None),
        ("no", ["none"], None),
        ("no thanks", ["none"], None),
        ("6", ["none"], None),
        ("no, just easy read", ["easy_read"], None),
        ("she needs an interpreter for Urdu", ["interpreter"], "Urdu"),
        ("an interpreter who speaks punjabi", ["interpreter"], "Punjabi"),
        ("Urdu", ["interpreter"], "Urdu"),
        ("polish interpreter", ["interpreter"], "Polish"),
        ("interpreter for Oromifa", ["interpreter"], "Oromifa"),
        ("interpreter", ["interpreter"], None),
        ("BSL", ["bsl"], None),
        ("sign language interpreter", ["bsl"], None),
        ("british sign language", ["bsl"], None),
        ("audio and an interpreter for Somali", ["audio", "interpreter"], "Somali"),
        ("big writing please", ["large_print"], None),
        ("not large print, easy read", ["easy_read"], None),
        ("read it out to me", ["audio"], None),
    ],
)
def test_communication_needs(text: str, needs: list[str], language: str | None) -> None:
    result = parse_choices("communication_needs", text, NEEDS)
    assert result.value == {"needs": needs, "interpreter_language": language}


@pytest.mark.parametrize("text", ["7", "1 and 9", "banana", "", "makaton"])
def test_communication_needs_unclear(text: str) -> None:
    result = parse_choices("communication_needs", text, NEEDS)
    assert not result.ok
    assert result.error in ("no_match", "empty")


def test_parse_choices_on_a_single_choice_field_returns_a_list() -> None:
    assert parse_choices("place_of_death", "home", PLACES).value == ["home"]


def test_unknown_field_is_no_match_not_an_exception() -> None:
    assert parse_choice("favourite_colour", "blue").error == "no_match"
    assert parse_choices("favourite_colour", "blue").error == "no_match"
    assert parse_choice(None, "yes").error == "no_match"  # type: ignore[arg-type]


def test_choice_fields_cover_the_spec_fields() -> None:
    assert set(CHOICE_FIELDS) == {
        "notifier_relationship", "family_contact_relationship", "preferred_contact",
        "place_of_death", "learning_disability", "autistic", "family_requests_focused_review",
        "wants_review_copy", "review_copy_format", "ethnicity", "consent_to_contact",
        "confirm", "communication_needs",
        "feedback_about", "rating",  # the feedback flow (SPEC section 3)
    }

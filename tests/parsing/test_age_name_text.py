"""Ages, names and free text."""

from __future__ import annotations

import pytest

from bot.actions.parsing import parse_age, parse_free_text, parse_name

pytestmark = pytest.mark.usefixtures("no_parser_errors")

# --- age ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("42.", 42),
        ("he was 42", 42),
        ("She was 42 years old", 42),
        ("aged 42", 42),
        ("42yrs", 42),
        ("42 yo", 42),
        ("about 40ish", 40),
        ("aged 42 when he died in hospital", 42),
        ("forty two", 42),
        ("forty-two", 42),
        ("Forty-two years old", 42),
        ("he was forty two when he died", 42),
        ("twenty", 20),
        ("eighteen", 18),
        ("one hundred and five", 105),
        ("a hundred", 100),
        ("0", 0),
        ("zero", 0),
        ("125", 125),
        ("6 months", 0),
        ("18 months old", 1),
        ("3 weeks old", 0),
        ("٤٢", 42),
        (42, 42),  # a number from a button or keypad
    ],
)
def test_ages(text: object, expected: int) -> None:
    assert parse_age(text).value == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("126", "age_range"),
        ("1958", "age_range"),  # a year, not an age
        ("-5", "age_range"),
        ("99999999999", "age_range"),
        ("in his forties", "not_a_number"),
        ("40s", "not_a_number"),
        ("over 40", "not_a_number"),
        ("40 odd", "not_a_number"),
        ("42 or 43", "not_a_number"),
        ("no one knows", "not_a_number"),  # "one" inside words is not an age
        ("I don't know", "not_a_number"),
        ("old", "not_a_number"),
        ("🙂", "not_a_number"),
        ("", "empty"),
        (None, "empty"),
    ],
)
def test_bad_ages(text: object, error: str) -> None:
    result = parse_age(text)
    assert (result.ok, result.error) == (False, error)


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom Smith", "Tom Smith"),
        ("his name was Tom Smith", "Tom Smith"),
        ("His name is Tom Smith.", "Tom Smith"),
        ("her name was Mary O'Brien", "Mary O'Brien"),
        ("my name is Jo", "Jo"),
        ("My name's Jo", "Jo"),
        ("I'm Jo", "Jo"),
        ("i am jo bloggs", "Jo Bloggs"),
        ("it's Ann-Marie O'Neil", "Ann-Marie O'Neil"),
        ("it’s Ann-Marie O’Neil", "Ann-Marie O'Neil"),  # curly apostrophes
        ("Mrs Jones", "Mrs Jones"),
        ("Dr A. Patel", "Dr A. Patel"),
        ("  tom   smith ", "Tom Smith"),
        ("ann-marie o'neil", "Ann-Marie O'Neil"),
        ("ian mcdonald", "Ian McDonald"),
        ("ludwig van beethoven", "Ludwig van Beethoven"),
        ("TOM SMITH", "TOM SMITH"),  # the person's own capitalisation is kept
        ("tom McDonald", "tom McDonald"),
        ("deShawn Smith", "deShawn Smith"),
        ("Hi, my name is Jo, thanks x", "Jo"),
        ("he was called Tom", "Tom"),
        ("we called him Tommy", "Tommy"),
        ("Tom Smith thank you", "Tom Smith"),
        ("José Álvarez", "José Álvarez"),
        ("Zoë Brontë", "Zoë Brontë"),
        ("محمد علي", "محمد علي"),
        ("李小龍", "李小龍"),
        ("Tom ❤️", "Tom"),
        ("Imogen Poots", "Imogen Poots"),  # "Im" is a lead-in only as a word of its own
        ("Thomas (Tom) Smith", "Thomas (Tom) Smith"),
        ("Will May", "Will May"),
    ],
)
def test_names(text: str, expected: str) -> None:
    assert parse_name(text).value == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("🙂🙂", "empty"),
        ("12345", "not_a_name"),
        ("Tom 1958", "not_a_name"),
        ("jo@example.org", "not_a_name"),
        ("I don't know", "not_a_name"),
        ("dunno", "not_a_name"),
        ("no", "not_a_name"),
        ("my mum", "not_a_name"),
        ("I'm his mum", "not_a_name"),
        ("he was a lovely man who loved his family and going to the seaside every summer",
         "not_a_name"),
        ("one two three four five six seven eight nine ten eleven twelve", "not_a_name"),
        ("my name is", "not_a_name"),
        ("Tom <script>", "not_a_name"),
        ("x" * 201, "too_long"),
        ("x" * 10_000_000, "too_long"),
    ],
)
def test_not_names(text: object, error: str) -> None:
    result = parse_name(text)
    assert (result.ok, result.error) == (False, error)


def test_name_at_the_length_limit() -> None:
    assert parse_name("A" * 200).value == "A" * 200


# --- free text -----------------------------------------------------------------------------------


def test_free_text_is_trimmed_and_kept_in_the_persons_words() -> None:
    text = "  He loved music.\r\n\r\n\r\n\r\nHe was   scared of hospitals. \t "
    assert parse_free_text(text).value == "He loved music.\n\nHe was scared of hospitals."


def test_free_text_strips_control_characters_but_keeps_new_lines() -> None:
    text = "line one\x00\x07\x1b[31m\u200b\u202e\nline two\u2028three"
    assert parse_free_text(text).value == "line one[31m\nline two\nthree"


def test_free_text_keeps_emoji_and_other_scripts() -> None:
    text = "Он любил музыку 🎵 — أحب الموسيقى"
    assert parse_free_text(text).value == text


def test_free_text_limits() -> None:
    assert parse_free_text("").error == "empty"
    assert parse_free_text(" \n\t ").error == "empty"
    assert parse_free_text(None).error == "empty"
    assert parse_free_text("a" * 5000).ok
    assert parse_free_text("a" * 5001).error == "too_long"
    assert parse_free_text("a" * 201, max_len=200).error == "too_long"
    assert parse_free_text("a" * 200, max_len=200).value == "a" * 200
    assert parse_free_text("x" * 10_000_000).error == "too_long"
    # trailing spaces do not count against the limit
    assert parse_free_text("a" * 200 + "   ", max_len=200).ok


def test_free_text_from_bytes_is_never_cut_short() -> None:
    text = "He loved trains. " * 290  # about 4900 characters
    assert parse_free_text(text.encode("utf-8")).value == text.strip()
    assert parse_free_text(("x" * 6000).encode("utf-8")).error == "too_long"

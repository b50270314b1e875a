"""Unit tests of the easy-read checker (easy_read/readability.py, rules in style_rules.yml).

Each rule gets messages that must pass and messages that must fail, so a checker that
passes everything (or fails everything) is caught.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

import pytest

from easy_read import readability as rd
from easy_read.readability import (
    LocaleFileError,
    Problem,
    Rules,
    check_message,
    fk_grade,
    iter_locale_messages,
    placeholder_problems,
    sentences,
    unexplained_abbreviations,
    words,
)

REPO = Path(__file__).resolve().parents[2]


def rules_broken(text: str, **kwargs) -> set[str]:
    return {p.rule for p in check_message(text, **kwargs)}


def assert_passes(text: str, **kwargs) -> None:
    problems = check_message(text, **kwargs)
    assert problems == [], "\n".join(str(p) for p in problems)


def assert_fails(text: str, rule: str, **kwargs) -> None:
    problems = check_message(text, **kwargs)
    assert rule in {p.rule for p in problems}, (
        f"expected {rule!r} for {text!r}, got: {[str(p) for p in problems]}"
    )


# --- the pinned measuring tool ------------------------------------------------------------
def test_textstat_is_the_pinned_offline_version():
    assert version("textstat") == "0.7.3"


# --- splitting ----------------------------------------------------------------------------
def test_sentences_split_on_stops_questions_exclamations_and_new_lines():
    text = "Thank you. When did Tom die? We are so sorry!\nTake your time"
    assert sentences(text) == [
        "Thank you.",
        "When did Tom die?",
        "We are so sorry!",
        "Take your time",
    ]


def test_list_lines_are_their_own_sentences():
    text = "Was it at home?\n1. Yes\n2. No\n3. Not sure\nReply 1 for yes"
    assert sentences(text) == [
        "Was it at home?",
        "1. Yes",
        "2. No",
        "3. Not sure",
        "Reply 1 for yes",
    ]


def test_dotted_abbreviation_does_not_end_a_sentence():
    assert sentences("Bring letters, e.g. from the GP. Thank you.") == [
        "Bring letters, e.g. from the GP.",
        "Thank you.",
    ]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Call Samaritans on 116 123", 4),
        ("Call Cruse on 0808 808 1677 today", 5),
        ("Call the Care Quality Commission on 03000 616161", 7),
        ("Your reference is LDR-7KQM-3HWX", 4),
        ("The postcode is LS1 4DY", 4),
        ("Email jo@samaritans.org", 2),
        ("Tom died on 14 February 2026", 6),
        ("Tom Smith's self-advocate", 3),
    ],
)
def test_phone_numbers_references_and_postcodes_are_one_word(text, count):
    assert len(words(text)) == count


# --- rule 1: sentence length ----------------------------------------------------------------
FIFTEEN = "You can tell us about the death of a person with a learning disability today."


@pytest.mark.parametrize(
    "text",
    [
        FIFTEEN,
        # 14 words only when the phone number counts as one word
        "You can call Cruse on 0808 808 1677 for free at any time today or tomorrow.",
        # 2 short sentences of 9 words: the line break splits them
        "Tell us the full name of the person\nTell us the date of their death, if you know",
        "Reply 1 for yes. Reply 2 for no. Reply 3 if you are not sure.",
    ],
)
def test_sentences_of_at_most_15_words_pass(text):
    assert "sentence_length" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        FIFTEEN.replace("today", "today or tomorrow"),
        "Thank you. " + FIFTEEN.replace("a person", "a young person"),
        "You can ask us for a copy of the review when it is finished in about 6 months.",
        # placeholders are filled first: 8 x "Tom Smith" is 16 words
        "%{person} %{person} %{person} %{person} %{person} %{person} %{person} %{person}.",
    ],
)
def test_sentences_over_15_words_fail(text):
    problems = [p for p in check_message(text) if p.rule == "sentence_length"]
    assert problems and problems[0].sentence and "words" in problems[0].detail


# --- rule 2: Flesch-Kincaid grade -----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "When did %{person} die?",
        "Tell us what happened. You can take your time.",
        "Call Samaritans on 116 123. It is free. They are there all day and all night.",
        "Your reference is %{reference}. Please keep it safe.",
    ],
)
def test_simple_messages_are_within_grade_5(text):
    assert fk_grade(text) <= 5
    assert "fk_grade" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "Subsequently, comprehensive multidisciplinary investigations necessitate coordination.",
        "The organisation will communicate information regarding individualised documentation.",
        "Comprehensive multidisciplinary documentation facilitates accountability.",
    ],
)
def test_hard_messages_fail_the_grade(text):
    assert fk_grade(text) > 5
    assert_fails(text, "fk_grade")


@pytest.mark.parametrize(
    "text", ["Comprehensive documentation.", "Unfortunately", "Multidisciplinary."]
)
def test_messages_shorter_than_the_minimum_are_exempt_from_the_grade_only(text):
    assert fk_grade(text) > 5  # hard words ...
    assert "fk_grade" not in rules_broken(text)  # ... but too short to grade
    assert_fails("Comprehensive documentation etc.", "abbreviation")  # other rules still apply


@pytest.mark.parametrize(
    ("with_token", "plain"),
    [
        ("Call 0808 808 1677 now.", "Call num now."),
        ("Your reference is LDR-7KQM-3HWX.", "Your reference is num."),
        ("Is the postcode LS1 4DY?", "Is the postcode num?"),
        ("Email jo@samaritans.org today.", "Email num today."),
    ],
)
def test_numbers_and_references_do_not_inflate_syllables(with_token, plain):
    assert fk_grade(with_token) == fk_grade(plain)


# --- rule 3: one idea per sentence ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Reply 1, 2 or 3.",
        "If you know, tell us his age, in years.",
        "Say your name and then press send.",
        "Over 1,000 people, in 2025, told us.",  # a thousands comma is not a comma
    ],
)
def test_one_idea_sentences_pass(text):
    assert "one_idea" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "Say your name and then his name and then press send.",
        "We will call; we will write; we will visit.",
        "Tell us his name, his age, his home, and his GP.",
        "Type your name; and then press send.",
    ],
)
def test_several_ideas_in_a_sentence_fail(text):
    assert_fails(text, "one_idea")


# --- rule 4: no contractions ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Tom Smith's GP was kind.",
        "What was the person's full name?",
        "Tom Smith\u2019s home was in Leeds.",  # curly apostrophe, possessive
        "We do not know. It is fine.",
        "The parents' wishes matter.",
        "Was Mary O'Neill his sister?",
    ],
)
def test_possessives_and_full_forms_pass(text):
    assert "contraction" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "Don't worry.",
        "It's fine.",
        "I\u2019m so sorry.",  # curly apostrophe
        "We'll call you soon.",
        "You can't do it wrong.",
        "We won't share it.",
        "They're kind.",
        "You've done well.",
        "That's OK.",
    ],
)
def test_contractions_fail(text):
    assert_fails(text, "contraction")


def test_possessive_of_a_placeholder_name_passes():
    assert_passes("What was %{person}'s date of birth?")


# --- rule 5: digits for numbers -------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "There are 3 questions left.",
        "Was Tom a loved one in your family?",
        "No one will be cross with you.",
        "Each one is important.",
        "Is this one right?",
        "Tell someone you trust.",
    ],
)
def test_digits_and_pronoun_one_pass(text):
    assert "number_words" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are three questions left.",
        "It takes twenty minutes.",
        "One question is left.",
        "Reviews aim to finish within six months.",
        "Over a thousand people told us.",
    ],
)
def test_number_words_fail(text):
    assert_fails(text, "number_words")


# --- rule 6: abbreviations ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Your GP can help.",
        "The NHS pays for LeDeR.",
        "We will send you an SMS.",
        "Talk to the GPs at the practice.",
        "Was the care good, OK or bad?",
    ],
)
def test_allowed_abbreviations_pass(text):
    assert "abbreviation" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ICB will call you.",
        "You can tell the CQC.",
        "Bring letters, e.g. from the hospital.",
        "Bring letters etc.",
        "We will call at 9am.",
        "Dr Jones will call.",
        "Reply STOP at any time.",
    ],
)
def test_other_abbreviations_fail(text):
    assert_fails(text, "abbreviation")


def test_the_ldr_prefix_inside_a_reference_is_not_an_abbreviation():
    assert_passes("Your reference is LDR-7KQM-3HWX.")
    assert_fails("It starts with LDR.", "abbreviation")


def test_unexplained_abbreviation_is_reported_across_messages():
    problems = unexplained_abbreviations([("ask.gp", "Who was the GP?")])
    assert [p.rule for p in problems] == ["abbreviation_unexplained"]
    assert "GP" in problems[0].detail and "ask.gp" in problems[0].detail


@pytest.mark.parametrize(
    "explaining",
    [
        "A GP is a family doctor.",
        "GP means your family doctor.",
        "Your GP is your family doctor.",
    ],
)
def test_abbreviation_explained_in_any_message_passes(explaining):
    messages = [("ask.gp", "Who was the GP?"), ("help.gp", explaining)]
    assert unexplained_abbreviations(messages) == []


def test_every_allowed_abbreviation_needs_its_own_explanation():
    messages = [
        ("help.leder", "LeDeR means Learning from Life and Death Reviews."),
        ("help.nhs", "LeDeR is part of the NHS."),
        ("help.sms", "We can send you an SMS."),
    ]
    missing = {p.detail.split()[0] for p in unexplained_abbreviations(messages)}
    assert missing == {"NHS", "SMS"}


def test_explaining_phrase_without_the_abbreviation_does_not_count():
    messages = [("ask.gp", "Who was the GP?"), ("help", "A family doctor can help.")]
    assert len(unexplained_abbreviations(messages)) == 1


# --- rule 7: jargon explained in the next sentence ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "You can ask for a focused review. A focused review is a longer look at what happened.",
        "We think about safeguarding. This means keeping people safe.",
        "There may be an inquest. An inquest is a meeting in a court about the death.",
        "A focused review is a longer look at what happened.",
        "You can ask for a focused review. This is a longer look. The focused review is free.",
    ],
)
def test_jargon_with_an_explanation_passes(text):
    assert "jargon" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "You can ask for a focused review.",
        "You can ask for a focused review. It is free.",
        "Safeguarding matters to us. We will call you.",
        "There may be an inquest. We will tell you. An inquest is a meeting in a court.",
        "The integrated care board will call you.",
    ],
)
def test_jargon_without_an_explanation_in_the_next_sentence_fails(text):
    problems = [p for p in check_message(text) if p.rule == "jargon"]
    assert problems and problems[0].sentence


def test_jargon_already_explained_in_the_turn_is_allowed_only_for_listed_keys():
    data = dict(Rules.load().data)
    data["jargon"] = dict(data["jargon"], already_explained={"notify.after.*": ["focused review"]})
    rules = Rules(data)
    text = "You can ask for a focused review."
    assert "jargon" not in rules_broken(text, key="notify.after.review", rules=rules)
    assert "jargon" in rules_broken(text, key="notify.ask.review", rules=rules)


# --- rule 8: "died", not euphemisms ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Tom Smith died on 14 February 2026.",
        "Have you lost your reference?",
        "It is not too late to tell us.",
        "Tell us what has gone wrong.",
        "We have passed on your message to the team.",
    ],
)
def test_died_and_other_uses_of_the_words_pass(text):
    assert "euphemism" not in rules_broken(text)


@pytest.mark.parametrize(
    "text",
    [
        "We are sorry Tom passed away.",
        "I am sorry you lost your son.",
        "When did your late husband die?",
        "Tell us about the deceased.",
        "He is no longer with us.",
        "She has gone.",
        "When did he pass away?",
    ],
)
def test_euphemisms_for_died_fail(text):
    assert_fails(text, "euphemism")


def test_passed_away_is_reported_once():
    problems = [p for p in check_message("Tom passed away.") if p.rule == "euphemism"]
    assert len(problems) == 1 and '"passed away"' in problems[0].detail


# --- empty, leftovers, HTML -----------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_message_fails(text):
    assert rules_broken(text) == {"empty"}


@pytest.mark.parametrize(
    "text", ["Hello %{person }.", "Hello {person}.", "Hello %(person)s.", "Hello %person."]
)
def test_leftover_placeholder_fails(text):
    assert_fails(text, "placeholder")


@pytest.mark.parametrize("text", ["<b>Hello</b> Tom.", "Hello<br>Tom.", "Tom&nbsp;Smith died."])
def test_raw_html_fails(text):
    assert_fails(text, "html")


# --- placeholders -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("person", "Tom Smith"),
        ("date_of_death", "14 February 2026"),
        ("reference", "LDR-7KQM-3HWX"),
        ("step", "2"),
        ("some_other_date", "14 February 2026"),
        ("answer_count", "3"),
        ("mystery", "Sam"),
    ],
)
def test_placeholders_are_filled_with_realistic_values(name, value):
    assert Rules.load().substitute(f"<%{{{name}}}>") == f"<{value}>"


def test_a_filled_message_is_what_is_measured():
    assert_passes("Thank you, %{person}. Your reference is %{reference}.")
    assert fk_grade("Your reference is %{reference}.") == fk_grade("Your reference is num.")


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("When did %{persn} die?", "%{persn}"),
        ("When did %person die?", "%person"),
        ("When did {person} die?", "{person}"),
    ],
)
def test_unknown_or_malformed_placeholders_are_reported(text, bad):
    problems = placeholder_problems(text)
    assert len(problems) == 1 and bad in problems[0].detail


def test_known_placeholders_pass():
    assert placeholder_problems("When did %{person} die? It was %{date_of_death}.") == []


def test_problem_reads_well():
    assert str(Problem("contraction", "bad", "Don't.")) == '[contraction] bad  in: "Don\'t."'


# --- locale files -------------------------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    write(
        tmp_path / "ask.en.yml",
        """\
        en:
          ask:
            person_name: "What was the full name of the person who died?"
            date_of_death: "When did %{person} die?"
          options:
            - "Reply 1 for yes."
            - "Reply 2 for no."
        """,
    )
    write(tmp_path / "flows" / "help.en.yml", 'en:\n  intro: "LeDeR is part of the NHS."\n')
    write(tmp_path / "ask.cy.yml", 'cy:\n  ask:\n    person_name: "Beth oedd ei enw?"\n')
    return tmp_path


def test_iter_locale_messages_reads_every_english_file_with_dotted_keys(locales):
    assert dict(iter_locale_messages("en", root=locales)) == {
        "ask.ask.person_name": "What was the full name of the person who died?",
        "ask.ask.date_of_death": "When did %{person} die?",
        "ask.options.0": "Reply 1 for yes.",
        "ask.options.1": "Reply 2 for no.",
        "flows.help.intro": "LeDeR is part of the NHS.",
    }
    assert dict(iter_locale_messages("cy", root=locales)) == {
        "ask.ask.person_name": "Beth oedd ei enw?"
    }


def test_a_locale_file_without_its_language_key_is_an_error(tmp_path):
    write(tmp_path / "ask.en.yml", 'ask:\n  name: "What was their name?"\n')
    with pytest.raises(LocaleFileError, match="en:"):
        list(iter_locale_messages("en", root=tmp_path))


def test_no_locale_folder_means_no_messages(tmp_path):
    assert list(iter_locale_messages("en", root=tmp_path / "missing")) == []


# --- command line ---------------------------------------------------------------------------
def test_cli_prints_the_summary_figures(locales, capsys):
    status = rd.main(["--root", str(locales)])
    out = capsys.readouterr().out
    assert "messages checked:        5" in out
    assert "worst FK grade:" in out and "(ask.ask.person_name)" in out
    assert "longest sentence:        10 words  (ask.ask.person_name)" in out
    # the NHS and LeDeR are used but not explained in these 5 messages
    assert status == 1 and "abbreviation_unexplained" in out


def test_cli_exits_0_when_all_is_well(tmp_path, capsys):
    write(tmp_path / "a.en.yml", 'en:\n  hello: "Hello. When did %{person} die?"\n')
    assert rd.main(["--root", str(tmp_path)]) == 0
    assert "messages with problems:  0" in capsys.readouterr().out


def test_cli_fails_and_names_the_message_that_breaks_a_rule(tmp_path, capsys):
    write(tmp_path / "a.en.yml", 'en:\n  sorry: "We are sorry he passed away."\n')
    assert rd.main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "a.sorry" in out and "euphemism" in out


def test_cli_fails_when_there_are_no_messages(tmp_path, capsys):
    assert rd.main(["--root", str(tmp_path)]) == 1
    assert "No 'en' messages" in capsys.readouterr().out


def test_cli_runs_as_a_module(locales):
    result = subprocess.run(
        [sys.executable, "-m", "easy_read.readability", "--quiet", "--root", str(locales)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert "messages checked:        5" in result.stdout, result.stderr


# --- the build test over all messages works on any locale folder ----------------------------
def run_message_test(root: Path) -> subprocess.CompletedProcess:
    test_file = Path(__file__).with_name("test_messages_are_easy_read.py")
    env = dict(os.environ, EASY_READ_LOCALES_DIR=str(root))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def test_message_test_fails_when_there_are_no_english_messages(tmp_path):
    result = run_message_test(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "no-english-messages" in result.stdout


def test_message_test_names_the_failing_message(tmp_path):
    write(
        tmp_path / "ask.en.yml",
        """\
        en:
          good: "When did %{person} die?"
          bad: "We are sorry %{person} passed away."
          typo: "When did %{persn} die?"
        """,
    )
    result = run_message_test(tmp_path)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert any("[ask.bad]" in line for line in failed), result.stdout
    assert not any("[ask.good]" in line for line in failed), result.stdout
    assert "passed away" in result.stdout
    assert "%{persn}" in result.stdout


def test_message_test_passes_on_good_messages_and_checks_translations(tmp_path):
    write(
        tmp_path / "help.en.yml",
        """\
        en:
          what: "LeDeR means Learning from Life and Death Reviews."
          when: "When did %{person} die?"
        """,
    )
    result = run_message_test(tmp_path)
    assert result.returncode == 0, result.stdout

    write(tmp_path / "help.cy.yml", 'cy:\n  what: "Ystyr LeDeR yw ..."\n')
    result = run_message_test(tmp_path)
    assert result.returncode == 1
    assert "help.when" in result.stdout  # missing key named
    assert "_unchecked_translation" in result.stdout  # missing marker named

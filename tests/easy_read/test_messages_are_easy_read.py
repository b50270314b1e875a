"""The build fails when any English bot message breaks the easy-read rules (SPEC section 6).

One test case per English message, named by its dotted key, so a failure says which message
and which rule. The rules themselves are in easy_read/style_rules.yml and are unit-tested in
test_readability_rules.py. Other languages must have exactly the English keys and say, with a
top-level ``_unchecked_translation: true`` (or ``false`` plus ``_checked_by: "Name, date"``),
whether a fluent speaker has checked them.

The locale folder is ``easy_read/locales/``; the environment variable ``EASY_READ_LOCALES_DIR``
points the test at another folder (the unit tests use it to prove this test can fail).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from easy_read.readability import (
    LOCALES_DIR,
    LocaleFileError,
    Rules,
    check_message,
    iter_locale_file,
    locale_file_language,
    locale_files,
    placeholder_problems,
    unexplained_abbreviations,
)

ROOT = Path(os.environ.get("EASY_READ_LOCALES_DIR") or LOCALES_DIR)
RULES = Rules.load()
FILES = locale_files(ROOT)
PLACEHOLDER = re.compile(r"%\{([^}]*)\}")


def _messages(lang: str) -> list[tuple[str, str]]:
    """Messages of every readable file of a language (broken files fail their own test)."""
    found = []
    for path in FILES.get(lang, []):
        try:
            found.extend(
                (key, "" if value is None else str(value))
                for key, value in iter_locale_file(path, ROOT)
            )
        except (LocaleFileError, yaml.YAMLError):
            continue
    return found


ENGLISH = _messages("en")
ENGLISH_KEYS = {key for key, _ in ENGLISH}
OTHER_LANGUAGES = sorted(lang for lang in FILES if lang != "en")
OTHER_FILES = [path for lang in OTHER_LANGUAGES for path in FILES[lang]]
ALL_FILES = [path for lang in sorted(FILES) for path in FILES[lang]]


def _file_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- every English message --------------------------------------------------------------------
MESSAGE_CASES = [pytest.param(key, text, id=key) for key, text in ENGLISH] or [
    pytest.param(None, None, id="no-english-messages")
]


@pytest.mark.parametrize(("key", "text"), MESSAGE_CASES)
def test_message_is_easy_read(key: str | None, text: str | None) -> None:
    if key is None:
        pytest.fail(f"no English messages (*.en.yml) found under {ROOT}: nothing was checked")
    problems = check_message(text, key=key, rules=RULES)
    if problems:
        pytest.fail(
            f"{key} breaks the easy-read rules:\n  text: {text!r}\n"
            + "\n".join(f"  - {p}" for p in problems),
            pytrace=False,
        )


def test_english_message_keys_are_unique() -> None:
    keys = [key for key, _ in ENGLISH]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"keys defined twice: {duplicates}"


def test_every_abbreviation_used_is_explained_somewhere() -> None:
    problems = unexplained_abbreviations(ENGLISH, rules=RULES)
    assert not problems, "\n".join(str(p) for p in problems)


def test_placeholders_are_known_names() -> None:
    bad = [
        f"{key} ({lang}): {p.detail.split(';')[0]}"
        for lang in FILES
        for key, text in _messages(lang)
        for p in placeholder_problems(text, rules=RULES)
    ]
    assert not bad, (
        "placeholders must be %{name} with a name listed under placeholders: in "
        "easy_read/style_rules.yml (is it a typo?):\n  " + "\n  ".join(bad)
    )


# --- every locale file ------------------------------------------------------------------------
def _shape_problems(node: yaml.Node, where: str) -> list[str]:
    """Duplicate keys, and keys or messages that YAML does not read as text."""
    problems: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = f"{where}.{key_node.value}" if where else str(key_node.value)
            if key_node.tag != "tag:yaml.org,2002:str":
                problems.append(
                    f"key {name!r} is read as {key_node.tag.rsplit(':', 1)[-1]}, not text "
                    "(quote it: YAML reads unquoted yes/no/on/off as true/false)"
                )
            if key_node.value in seen:
                problems.append(f"key {name!r} is defined twice (YAML keeps only the last)")
            seen.add(key_node.value)
            problems.extend(_shape_problems(value_node, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems.extend(_shape_problems(item, f"{where}.{i}"))
    elif node.tag != "tag:yaml.org,2002:str":
        problems.append(
            f"message {where!r} = {node.value!r} is read as {node.tag.rsplit(':', 1)[-1]}, "
            "not text (put it in quotes)"
        )
    return problems


@pytest.mark.parametrize("path", ALL_FILES, ids=_file_id)
def test_locale_file_is_well_formed(path: Path) -> None:
    lang = locale_file_language(path)
    with open(path, encoding="utf-8") as fh:
        try:
            root = yaml.compose(fh)
        except yaml.YAMLError as exc:
            pytest.fail(f"{_file_id(path)} is not valid YAML: {exc}", pytrace=False)
    subtree = None
    if isinstance(root, yaml.MappingNode):
        subtree = next((v for k, v in root.value if k.value == lang), None)
    if subtree is None:
        pytest.fail(f"{_file_id(path)}: the top-level key '{lang}:' is missing", pytrace=False)
    problems = _shape_problems(subtree, "")
    assert not problems, f"{_file_id(path)}:\n  " + "\n  ".join(problems)


# --- other languages --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translation_has_exactly_the_english_keys(lang: str) -> None:
    keys = {key for key, _ in _messages(lang)}
    missing = sorted(ENGLISH_KEYS - keys)
    extra = sorted(keys - ENGLISH_KEYS)
    assert not missing and not extra, (
        f"'{lang}' locale files differ from English:\n"
        f"  missing keys: {missing}\n  keys English does not have: {extra}"
    )


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translation_uses_the_english_placeholders(lang: str) -> None:
    english = {key: set(PLACEHOLDER.findall(text)) for key, text in ENGLISH}
    wrong = [
        f"{key}: {sorted(set(PLACEHOLDER.findall(text)))} (English: {sorted(english[key])})"
        for key, text in _messages(lang)
        if key in english and set(PLACEHOLDER.findall(text)) != english[key]
    ]
    assert not wrong, f"'{lang}' placeholders differ from English:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("path", OTHER_FILES, ids=_file_id)
def test_translation_says_whether_a_fluent_speaker_checked_it(path: Path) -> None:
    with open(path, encoding="utf-8") as fh:
        data: Any = yaml.safe_load(fh)
    data = data if isinstance(data, dict) else {}
    marker = data.get(RULES.translation_marker)
    assert isinstance(marker, bool), (
        f"{_file_id(path)}: add '{RULES.translation_marker}: true' at the top level (next to "
        f"'{locale_file_language(path)}:') until a fluent speaker has checked this translation"
    )
    if marker is False:
        checked_by = data.get(RULES.checked_by_key)
        assert isinstance(checked_by, str) and checked_by.strip(), (
            f"{_file_id(path)} says it was checked: add "
            f"'{RULES.checked_by_key}: \"Name, date\"' saying who checked it"
        )

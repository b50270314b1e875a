"""Measured easy-read checks for English bot messages (SPEC section 6).

The rules live as data in ``easy_read/style_rules.yml``; this module measures a message against
them. Each rule is a separate check and reports a :class:`Problem` naming the rule, what is
wrong and the sentence it is in.

Before a message is measured its ``%{name}`` placeholders are replaced by realistic sample
values from the data file (``%{person}`` -> "Tom Smith", a date -> "14 February 2026",
``%{reference}`` -> "LDR-7KQM-3HWX", numbers -> digits, an unknown name -> "Sam").

How the text is cut up
----------------------
* Sentences end at ``.``, ``?``, ``!`` or ``…`` followed by a space or the end, and at every
  line break. A list line ("1. Yes", "- Not sure", "Reply 1 for yes") is its own sentence.
  The dots of "e.g." and the like do not end a sentence.
* Words are runs of letters or digits (hyphens and apostrophes inside a word keep it one word).
  A phone number ("116 123", "0808 808 1677"), a reference ("LDR-7KQM-3HWX"), a postcode
  ("LS1 4DY"), an email address or a web address counts as ONE word.

The rules
---------
``sentence_length``  at most ``limits.max_words_per_sentence`` (15) words per sentence.
``fk_grade``         Flesch-Kincaid grade at most ``limits.max_fk_grade`` (5) per message,
                     measured by ``textstat.flesch_kincaid_grade`` (textstat 0.7.3: pyphen,
                     offline). textstat only splits sentences on ``.?!``, so it is given our
                     sentences, each ending with a full stop; phone numbers, references,
                     postcodes, emails and web addresses become the one-syllable word "num" so
                     they do not inflate syllables. Messages of fewer than
                     ``limits.fk_min_words`` (3) words are exempt from this rule only.
``one_idea``         "One idea per sentence", approximated so it can be measured: a sentence
                     fails when it has more than ``one_idea.max_joiners`` (1) main-clause
                     joiners (``"; "`` or ``" and then "``), or more than
                     ``one_idea.max_commas`` (2) commas (thousands separators do not count).
``contraction``      no "don't", "it's", "we'll" ... (straight or curly apostrophes). A
                     possessive "'s" ("Tom Smith's") is fine; "'s" is a contraction only after
                     the words listed in ``contractions.s_after``.
``number_words``     digits for numbers: no "three", "twenty", "hundred" ... "one" is allowed
                     inside the pronoun phrases of ``numbers.allowed_phrases`` ("a loved one").
``abbreviation``     any all-capital word of 2+ letters, any dotted short form ("e.g.") and the
                     short forms of ``abbreviations.other`` ("etc", "Dr") are abbreviations,
                     as are times like "9am". Only the ``abbreviations.allowed`` ones (LeDeR,
                     NHS, GP, SMS) may be used, and :func:`unexplained_abbreviations` checks
                     over ALL messages that each one used is explained by at least one message
                     (one of its ``explained_by`` phrases, e.g. "NHS means ...").
``jargon``           a ``jargon.terms`` term, where it first appears in a message, must be
                     explained by the NEXT sentence of that message, which starts like one of
                     ``jargon.explanation_starts`` ("A focused review is ...", "This means
                     ..."); a sentence that itself starts like that ("A focused review is a
                     longer look ...") is the explanation. ``jargon.already_explained`` lists
                     the few message keys (globs) where a term was explained earlier in the
                     same turn.
``euphemism``        say "died": "passed away", "lost", "late" ... fail unless the match is
                     inside one of the phrase's ``allowed`` phrases ("lost your reference").
``empty``, ``placeholder``, ``html``   no empty message, no placeholder left after
                     substitution, no raw HTML tags or entities.

Locale files
------------
python-i18n YAML files ``easy_read/locales/[<dir>/]<namespace>.<lang>.yml`` with the language as
the top-level key. Message keys are dotted like python-i18n's: ``<dir>.<namespace>.<nested.key>``;
list items get their index as the last part. A non-English file also carries, at its top level
next to the language key, ``_unchecked_translation: true`` until a fluent speaker has checked it
(then ``_unchecked_translation: false`` and ``_checked_by: "Name, date"``). python-i18n ignores
these keys.

Run ``python -m easy_read.readability`` for each message's grade and longest sentence and the
summary figures. It exits with status 1 when any message breaks a rule or none were found.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALES_DIR = PACKAGE_DIR / "locales"
RULES_FILE = PACKAGE_DIR / "style_rules.yml"
TEXTSTAT_VERSION = "0.7.3"  # 0.7.4+ downloads NLTK data at run time and scores differently

# --- tokens -------------------------------------------------------------------------------
# Things that are read as ONE word and must not inflate syllables or trip other rules.
_REFERENCE = r"\bLDR-[A-Z0-9]{4}-[A-Z0-9]{4}\b"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = r"\b(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)\"'\u2019\u201d]"
_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
_PHONE = r"(?<![\w+])\+?\d{2,}(?:[ \u00a0]\d{3,})+(?!\w)"
_SPECIAL = re.compile("|".join(f"(?:{p})" for p in (_REFERENCE, _EMAIL, _URL, _POSTCODE, _PHONE)))
_WORD = r"[^\W_]+(?:['\u2019\u02bc-][^\W_]+)*"
_TOKEN = re.compile(f"{_SPECIAL.pattern}|{_WORD}")
_FK_TOKEN = "num"  # one syllable, one word, not capitals

_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*\u2022\u2013\u2014])\s+")
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)\]]*(?=\s|$)")
_DOTTED_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")

_PLACEHOLDER = re.compile(r"%\{(\w+)\}")
_LEFTOVER = re.compile(
    r"%\{[^}]*\}?|%\(\w+\)[sd]|%[A-Za-z_]\w*|\$\{[^}]*\}|\{\{?\s*[A-Za-z_][\w.]*\s*\}\}?"
)
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_CAPITALS = re.compile(r"\b([A-Z]{2,})(?:s\b|\b)")
_DOTTED_ABBREV = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}")
_TIME_ABBREV = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm)\b", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


@dataclass(frozen=True)
class Problem:
    """One broken rule: which rule, what is wrong, and the sentence it is in ("" = message)."""

    rule: str
    detail: str
    sentence: str = ""

    def __str__(self) -> str:
        where = f'  in: "{self.sentence}"' if self.sentence else ""
        return f"[{self.rule}] {self.detail}{where}"


@dataclass(frozen=True)
class MessageStats:
    words: int
    longest_sentence_words: int
    longest_sentence: str
    fk_grade: float | None  # None when the message is too short to measure


class LocaleFileError(ValueError):
    """A locale file that python-i18n could not use (bad YAML shape, missing language key)."""


# --- rules data ----------------------------------------------------------------------------
def _phrase_body(phrase: str, *, plural: bool = False) -> str:
    """Regex body for a phrase; spaces and hyphens inside it match each other."""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", phrase.strip()) if p]
    return r"[\s-]+".join(parts) + ("(?:s|es)?" if plural else "")


def _phrase_regex(phrase: str, *, plural: bool = False, flags: int = re.IGNORECASE) -> re.Pattern:
    """Whole-word regex for a phrase."""
    return re.compile(rf"(?<![\w']){_phrase_body(phrase, plural=plural)}(?![\w'])", flags)


class Rules:
    """The compiled form of style_rules.yml."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        limits = data["limits"]
        self.max_words = int(limits["max_words_per_sentence"])
        self.max_fk = float(limits["max_fk_grade"])
        self.fk_min_words = int(limits["fk_min_words"])

        self.placeholders: dict[str, str] = {
            str(k): str(v) for k, v in data["placeholders"].items()
        }
        self.fallbacks: dict[str, str] = {
            str(k): str(v) for k, v in data["placeholder_fallbacks"].items()
        }
        self.number_name_parts = {str(w) for w in data["placeholder_number_words"]}

        con = data["contractions"]
        suffixes = [s.replace("\u2019", "'") for s in con["suffixes"]]
        nt = [s for s in suffixes if s.startswith("n'")]
        other = [s for s in suffixes if not s.startswith("n'")]
        alternatives = []
        if other:
            alternatives.append(r"[A-Za-z]+(?:" + "|".join(re.escape(s) for s in other) + ")")
        if nt:
            alternatives.append(r"[A-Za-z]*(?:" + "|".join(re.escape(s) for s in nt) + ")")
        alternatives.append("(?:" + "|".join(re.escape(w) for w in con["s_after"]) + ")'s")
        alternatives.extend(re.escape(w.replace("\u2019", "'")) for w in con["words"])
        self.contraction = re.compile(
            r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])", re.IGNORECASE
        )

        nums = data["numbers"]
        self.number_word = re.compile(
            r"(?<![\w'-])(?:" + "|".join(re.escape(w) for w in nums["words"]) + r")(?![\w'])",
            re.IGNORECASE,
        )
        self.number_allowed = [_phrase_regex(p) for p in nums["allowed_phrases"]]

        abbr = data["abbreviations"]
        self.allowed_abbreviations: dict[str, list[str]] = {
            str(k): list(v["explained_by"]) for k, v in abbr["allowed"].items()
        }
        self.plain_capitals = {str(w) for w in abbr["plain_words_in_capitals"]}
        self.other_abbreviations = [
            _phrase_regex(w, flags=re.IGNORECASE if w.islower() else 0) for w in abbr["other"]
        ]

        jar = data["jargon"]
        self.jargon_terms: list[str] = [str(t) for t in jar["terms"]]
        self.jargon_regex = {t: _phrase_regex(t, plural=True) for t in self.jargon_terms}
        self.explanation_starts: dict[str, list[re.Pattern]] = {}
        for term in self.jargon_terms:
            term_body = _phrase_body(term, plural=True)
            starts = []
            for template in jar["explanation_starts"]:
                head, _, tail = template.partition("{term}")
                pattern = r"\s+".join(re.escape(w) for w in head.split())
                if "{term}" in template:
                    pattern += (r"\s+" if head.strip() else "") + term_body
                    pattern += "".join(r"\s+" + re.escape(w) for w in tail.split())
                starts.append(re.compile(rf"^{pattern}(?![\w'])", re.IGNORECASE))
            self.explanation_starts[term] = starts
        self.already_explained: dict[str, list[str]] = {
            str(k): [str(t) for t in v] for k, v in (jar.get("already_explained") or {}).items()
        }

        self.euphemisms: list[tuple[str, re.Pattern, list[re.Pattern]]] = [
            (
                str(e["phrase"]),
                _phrase_regex(str(e["phrase"])),
                [_phrase_regex(a) for a in e.get("allowed") or []],
            )
            for e in data["euphemisms"]
        ]

        idea = data["one_idea"]
        self.joiners = [str(j).lower() for j in idea["joiners"]]
        self.max_joiners = int(idea["max_joiners"])
        self.max_commas = int(idea["max_commas"])

        tr = data["translations"]
        self.translation_marker = str(tr["marker"])
        self.checked_by_key = str(tr["checked_by"])

    @classmethod
    def load(cls, path: str | Path | None = None) -> Rules:
        return _load_rules(str(path or RULES_FILE))

    def sample_value(self, name: str) -> str:
        """A realistic value for placeholder ``name`` (known names first, then by its words)."""
        if name in self.placeholders:
            return self.placeholders[name]
        lowered = name.lower()
        if "date" in lowered:
            return self.fallbacks["date"]
        if "ref" in lowered:
            return self.fallbacks["reference"]
        if set(lowered.split("_")) & self.number_name_parts:
            return self.fallbacks["number"]
        return self.fallbacks["default"]

    def substitute(self, text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.sample_value(m.group(1)), text)

    def terms_explained_before(self, key: str) -> set[str]:
        found: set[str] = set()
        for pattern, terms in self.already_explained.items():
            if key and fnmatch.fnmatchcase(key, pattern):
                found.update(terms)
        return found

    def explains(self, sentence: str, term: str) -> bool:
        text = _LIST_MARKER.sub("", sentence.strip()).lstrip("\"'\u2018\u201c(")
        return any(p.search(text) for p in self.explanation_starts[term])


@functools.lru_cache(maxsize=8)
def _load_rules(path: str) -> Rules:
    with open(path, encoding="utf-8") as fh:
        return Rules(yaml.safe_load(fh))


# --- splitting and measuring ---------------------------------------------------------------
def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        if _DOTTED_END.search(line[: match.end()]):
            continue  # "e.g." does not end a sentence
        pieces.append(line[start : match.end()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def sentences(text: str) -> list[str]:
    """Split a message into sentences: at .?!… before a space or the end, and at line breaks."""
    result: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        marker = _LIST_MARKER.match(line)
        prefix = ""
        if marker:
            prefix, line = marker.group(0), line[marker.end() :]
        pieces = _split_line(line)
        if prefix and pieces:
            pieces[0] = prefix + pieces[0]
        result.extend(p for p in pieces if _TOKEN.search(p))
    return result


def words(text: str) -> list[str]:
    """The words of a text; a phone number, reference, postcode, email or URL is one word."""
    return _TOKEN.findall(text)


def _fk_text(text: str) -> str:
    """Our sentences, each ending in a full stop, with one-word tokens that textstat can score."""
    prepared = []
    for sentence in sentences(text):
        s = re.sub(r"^(\d{1,2})[.)]\s+", r"\1 ", sentence)
        s = _LIST_MARKER.sub("", s)
        s = _SPECIAL.sub(_FK_TOKEN, s).replace("\u2026", ".")
        if not s.rstrip("\"'\u2019\u201d)]").endswith((".", "!", "?")):
            s += "."
        prepared.append(s)
    return " ".join(prepared)


def _textstat() -> Any:
    from importlib.metadata import version

    import textstat  # test/CLI dependency only: the bot never measures at run time

    installed = version("textstat")
    if installed != TEXTSTAT_VERSION:
        raise RuntimeError(
            f"textstat {installed} is installed; the easy-read grade is defined with "
            f"textstat=={TEXTSTAT_VERSION} (pip install 'textstat=={TEXTSTAT_VERSION}')"
        )
    return textstat


def fk_grade(text: str, *, rules: Rules | None = None) -> float:
    """Flesch-Kincaid grade of a message (placeholders filled, long numbers as one short word)."""
    prepared = _fk_text((rules or Rules.load()).substitute(text))
    if not prepared:
        return 0.0
    return float(_textstat().flesch_kincaid_grade(prepared))


def message_stats(text: str, *, rules: Rules | None = None) -> MessageStats:
    r = rules or Rules.load()
    filled = r.substitute(text)
    counted = [(len(words(s)), s) for s in sentences(filled)]
    longest_n, longest = max(counted, default=(0, ""), key=lambda c: c[0])
    n_words = len(words(filled))
    grade = fk_grade(filled, rules=r) if n_words >= r.fk_min_words else None
    return MessageStats(n_words, longest_n, longest, grade)


# --- the checks ----------------------------------------------------------------------------
def _inside(span: tuple[int, int], allowed: list[re.Pattern], text: str) -> bool:
    return any(
        m.start() <= span[0] and span[1] <= m.end() for p in allowed for m in p.finditer(text)
    )


def _check_sentence(sentence: str, r: Rules) -> list[Problem]:
    problems: list[Problem] = []
    n = len(words(sentence))
    if n > r.max_words:
        problems.append(
            Problem(
                "sentence_length", f"{n} words; a sentence may have at most {r.max_words}", sentence
            )
        )

    # Phone numbers, references, emails and web addresses are not words to judge.
    clean = _SPECIAL.sub(" ", sentence)
    plain = clean.translate(_APOSTROPHES)

    lowered = f" {clean.lower()} "
    joiners = sum(lowered.count(j) for j in r.joiners)
    if joiners > r.max_joiners:
        problems.append(
            Problem(
                "one_idea",
                f"{joiners} clause joiners ({' / '.join(repr(j) for j in r.joiners)}); "
                f"at most {r.max_joiners}: split it into sentences",
                sentence,
            )
        )
    commas = _THOUSANDS.sub("", clean).count(",")
    if commas > r.max_commas:
        problems.append(
            Problem(
                "one_idea",
                f"{commas} commas; at most {r.max_commas}: split it into sentences",
                sentence,
            )
        )

    for m in r.contraction.finditer(plain):
        problems.append(
            Problem(
                "contraction",
                f'"{clean[m.start() : m.end()]}" is a contraction; write it '
                'in full ("do not", "it is")',
                sentence,
            )
        )

    for m in r.number_word.finditer(clean):
        if not _inside(m.span(), r.number_allowed, clean):
            problems.append(
                Problem("number_words", f'"{m.group(0)}": write numbers as digits', sentence)
            )

    allowed = set(r.allowed_abbreviations) | r.plain_capitals
    found: list[str] = [m.group(1) for m in _CAPITALS.finditer(clean) if m.group(1) not in allowed]
    found += [m.group(0) for m in _DOTTED_ABBREV.finditer(clean)]
    found += [m.group(0) for p in r.other_abbreviations for m in p.finditer(clean)]
    found += [m.group(0) for m in _TIME_ABBREV.finditer(clean)]
    for token in found:
        problems.append(
            Problem(
                "abbreviation",
                f'"{token}" is an abbreviation (or a word in capitals); only '
                f"{', '.join(r.allowed_abbreviations)} are allowed",
                sentence,
            )
        )

    spans: list[tuple[int, int]] = []
    for _phrase, pattern, allowed_phrases in r.euphemisms:
        for m in pattern.finditer(clean):
            if _inside(m.span(), allowed_phrases, clean):
                continue
            if any(s <= m.start() and m.end() <= e for s, e in spans):
                continue  # already reported as part of a longer phrase
            spans.append(m.span())
            problems.append(
                Problem(
                    "euphemism",
                    f'"{m.group(0)}" is a way of not saying "died"; say "died"',
                    sentence,
                )
            )
    return problems


def _check_jargon(sents: list[str], key: str, r: Rules) -> list[Problem]:
    problems: list[Problem] = []
    seen = r.terms_explained_before(key)
    for i, sentence in enumerate(sents):
        clean = _SPECIAL.sub(" ", sentence)
        for term in r.jargon_terms:
            if term in seen or not r.jargon_regex[term].search(clean):
                continue
            seen.add(term)  # only the first use in a message needs the explanation
            following = sents[i + 1] if i + 1 < len(sents) else ""
            if r.explains(sentence, term) or (following and r.explains(following, term)):
                continue
            problems.append(
                Problem(
                    "jargon",
                    f'"{term}" needs an explanation in the next sentence, '
                    f'starting like "A {term} is ..." or "This means ..."',
                    sentence,
                )
            )
    return problems


def check_message(text: str, *, key: str = "", rules: Rules | None = None) -> list[Problem]:
    """Every easy-read problem of one English message (placeholders filled with samples)."""
    r = rules or Rules.load()
    if text is None or not str(text).strip():
        return [Problem("empty", "the message is empty")]
    filled = r.substitute(str(text))
    problems: list[Problem] = []
    for m in _LEFTOVER.finditer(filled):
        problems.append(
            Problem(
                "placeholder",
                f'"{m.group(0)}" is left after filling placeholders; use '
                "%{name} with a name from style_rules.yml",
            )
        )
    for m in _HTML.finditer(filled):
        problems.append(Problem("html", f'raw HTML "{m.group(0)}"; write plain text'))

    sents = sentences(filled)
    for sentence in sents:
        problems.extend(_check_sentence(sentence, r))
    problems.extend(_check_jargon(sents, key, r))

    if len(words(filled)) >= r.fk_min_words:
        grade = fk_grade(filled, rules=r)
        if grade > r.max_fk:
            problems.append(
                Problem(
                    "fk_grade",
                    f"Flesch-Kincaid grade {grade:.1f} is above {r.max_fk:g}; "
                    "use shorter words and shorter sentences",
                )
            )
    return problems


def placeholder_problems(text: str, *, rules: Rules | None = None) -> list[Problem]:
    """Placeholders that are not ``%{name}`` with a name listed in style_rules.yml."""
    r = rules or Rules.load()
    problems = []
    for m in _LEFTOVER.finditer(str(text)):
        named = _PLACEHOLDER.fullmatch(m.group(0))
        if named and named.group(1) in r.placeholders:
            continue
        detail = (
            f'unknown placeholder "{m.group(0)}"'
            if named
            else f'"{m.group(0)}" is not a %{{name}} placeholder'
        )
        problems.append(
            Problem(
                "placeholder_name",
                f"{detail}; known names: {', '.join(sorted(r.placeholders))}",
            )
        )
    return problems


def unexplained_abbreviations(
    messages: Iterable[tuple[str, str]], *, rules: Rules | None = None
) -> list[Problem]:
    """Allowed abbreviations used somewhere that no message explains (SPEC: explained once)."""
    r = rules or Rules.load()
    first_use: dict[str, str] = {}
    explained: set[str] = set()
    phrases = {
        abbr: [_phrase_regex(p) for p in ways] for abbr, ways in r.allowed_abbreviations.items()
    }
    for key, text in messages:
        clean = _SPECIAL.sub(" ", r.substitute(str(text)))
        for abbr in r.allowed_abbreviations:
            if not re.search(rf"(?<![\w']){re.escape(abbr)}(?:s|'s)?(?![\w])", clean):
                continue
            first_use.setdefault(abbr, key)
            if any(p.search(clean) for p in phrases[abbr]):
                explained.add(abbr)
    return [
        Problem(
            "abbreviation_unexplained",
            f'{abbr} is used (first in "{key}") but no message that uses it explains it; '
            f'write one like "{r.allowed_abbreviations[abbr][0]} ..."',
        )
        for abbr, key in first_use.items()
        if abbr not in explained
    ]


# --- locale files --------------------------------------------------------------------------
def locale_file_language(path: Path) -> str | None:
    """``ask.en.yml`` -> ``en``; None for a file not named ``<namespace>.<lang>.yml``."""
    parts = path.name.split(".")
    if len(parts) < 3 or parts[-1] not in ("yml", "yaml"):
        return None
    return parts[-2]


def locale_files(root: str | Path | None = None) -> dict[str, list[Path]]:
    """Locale files under ``root`` by language, sorted."""
    base = Path(root) if root else LOCALES_DIR
    found: dict[str, list[Path]] = {}
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*")):
        lang = locale_file_language(path) if path.is_file() else None
        if lang:
            found.setdefault(lang, []).append(path)
    return found


def namespace_of(path: Path, root: str | Path | None = None) -> str:
    """The python-i18n key prefix of a file: its folders below root, then its first name part."""
    base = Path(root) if root else LOCALES_DIR
    folders = path.relative_to(base).parent.parts
    return ".".join([*folders, path.name.split(".")[0]])


def load_locale_file(path: Path) -> dict[str, Any]:
    """The whole YAML mapping of a locale file (language key plus any markers)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    lang = locale_file_language(path)
    if not isinstance(data, dict) or lang not in data:
        raise LocaleFileError(f"{path}: the top-level key '{lang}:' is missing")
    if not isinstance(data[lang], (dict, type(None))):
        raise LocaleFileError(f"{path}: '{lang}:' must hold a mapping of messages")
    return data


def flatten_messages(value: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """(dotted key, leaf value) pairs; list items get their index as the last key part."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flatten_messages(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from flatten_messages(v, f"{prefix}.{i}")
    else:
        yield prefix, value


def iter_locale_file(path: Path, root: str | Path | None = None) -> Iterator[tuple[str, Any]]:
    lang = locale_file_language(path)
    data = load_locale_file(path)
    yield from flatten_messages(data[lang] or {}, namespace_of(path, root))


def iter_locale_messages(
    locale: str = "en", root: str | Path | None = None
) -> Iterator[tuple[str, str]]:
    """(dotted key, text) of every message of one language under ``root`` (the locales folder)."""
    for path in locale_files(root).get(locale, []):
        for key, value in iter_locale_file(path, root):
            yield key, "" if value is None else str(value)


# --- command line --------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m easy_read.readability",
        description="Measure every message of a locale against the easy-read rules.",
    )
    parser.add_argument("--locale", default="en")
    parser.add_argument("--root", default=None, help=f"locales folder (default {LOCALES_DIR})")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)

    rules = Rules.load()
    messages = list(iter_locale_messages(args.locale, args.root))
    root = args.root or LOCALES_DIR
    if not messages:
        print(f"No '{args.locale}' messages found under {root}.")
        return 1

    rows = []
    for key, text in messages:
        rows.append(
            (key, message_stats(text, rules=rules), check_message(text, key=key, rules=rules))
        )
    cross = unexplained_abbreviations(messages, rules=rules)

    width = max(len("key"), *(len(k) for k, _, _ in rows))
    if not args.quiet:
        print(f"{'key':<{width}}  words  longest  FK grade  problems")
        for key, st, probs in rows:
            grade = "-" if st.fk_grade is None else f"{st.fk_grade:.1f}"
            print(
                f"{key:<{width}}  {st.words:>5}  {st.longest_sentence_words:>7}  "
                f"{grade:>8}  {len(probs):>8}"
            )
        print()

    graded = [(st.fk_grade, key) for key, st, _ in rows if st.fk_grade is not None]
    worst_grade, worst_key = max(graded, default=(None, "-"))
    longest_key, longest = max(
        ((k, st) for k, st, _ in rows), key=lambda ks: ks[1].longest_sentence_words
    )
    failing = [(k, p) for k, _, p in rows if p]
    n_problems = sum(len(p) for _, p in failing) + len(cross)

    print(f"Easy-read summary: locale '{args.locale}', {root}")
    print(f"  messages checked:        {len(rows)}")
    if worst_grade is None:
        print(f"  worst FK grade:          - (every message is under {rules.fk_min_words} words)")
    else:
        print(
            f"  worst FK grade:          {worst_grade:.1f}  ({worst_key})   limit {rules.max_fk:g}"
        )
    print(
        f"  longest sentence:        {longest.longest_sentence_words} words  ({longest_key})"
        f"   limit {rules.max_words}"
    )
    print(f'                           "{longest.longest_sentence}"')
    print(f"  messages with problems:  {len(failing)}  ({n_problems} problems)")

    if failing or cross:
        print()
        for key, probs in failing:
            print(key)
            for p in probs:
                print(f"    {p}")
        for p in cross:
            print(f"(all messages)\n    {p}")
    return 1 if n_problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load and compile the word lists in lexicon/<language>.yml (data, not code).

Compiled once per language and cached. A broken word list (a phrase that is not a string,
an unknown code) raises here, at load time, so the tests catch it before users do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .text import replace_sequences, words

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """What a phrase means inside a choice field."""

    kind: str  # "strong" | "weak" | "ambiguous" | "relation"
    code: str | None = None
    inverse: str | None = None  # relation words: the code when the word names the deceased


@dataclass(frozen=True)
class ChoiceField:
    name: str
    codes: tuple[str, ...]
    values: dict[str, Any]  # code -> stored value, when not the code itself
    phrases: tuple[tuple[Phrase, Hit], ...]  # longest first
    vocabulary: frozenset[str]  # every word of every phrase (for typo fixing)
    negation: bool
    relations: str | None  # "directional" | "self" | None

    def value_of(self, code: str) -> Any:
        return self.values.get(code, code)


def _strings(raw: Any, where: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError(f"lexicon {where}: expected a list, got {type(raw).__name__}")
    for item in raw:
        if not isinstance(item, str):
            # Most often an unquoted yes / no that YAML read as a boolean.
            raise ValueError(f"lexicon {where}: {item!r} is not a string (quote it)")
    return raw


class Lexicon:
    """One language's compiled word lists."""

    def __init__(self, raw: dict[str, Any], language: str) -> None:
        self.language = language
        seqs = raw.get("normalise", {}).get("sequences", {}) or {}
        # Sequences are matched on raw word tokens (no further replacement).
        self._sequences: dict[Phrase, list[str]] = {
            tuple(words(str(k))): words(str(v)) for k, v in seqs.items()
        }
        common = _strings(raw["common_words"], "common_words")
        self.common_words = frozenset(self.tokens(" ".join(common)))
        self._compile_numbers(raw["numbers"], raw["age"])
        self._compile_dates(raw["dates"])
        self._compile_commands(raw["commands"], raw["dont_know"])
        self._compile_names(raw["names"])
        self.nothing_to_add = frozenset(
            self.phrases(_strings(raw["nothing_to_add"], "nothing_to_add")))
        self._compile_relations(raw["relation_words"], raw["relation_markers"])
        neg = raw["negation_words"]
        self.negators = frozenset(_strings(neg["negators"], "negation_words.negators"))
        self.negators_immediate = frozenset(_strings(neg["immediate"], "negation_words.immediate"))
        self.negation_skip = frozenset(_strings(neg["skip"], "negation_words.skip"))
        self.negation_window = int(neg["window"])
        self.fields: dict[str, ChoiceField] = {}
        for name, spec in raw.items():
            if isinstance(spec, dict) and "codes" in spec and "phrases" in spec:
                if name in ("yes_no_not_sure", "yes_no"):
                    continue  # YAML anchors shared by the real fields
                self.fields[name] = self._compile_field(name, spec)
        self.email_lead_words = frozenset(_strings(raw["email"]["lead_words"], "email.lead_words"))
        langs = _strings(raw["interpreter_languages"], "interpreter_languages")
        self.languages: dict[Phrase, str] = {self.phrase(x): x for x in langs}
        self.not_languages = frozenset(
            self.tokens(" ".join(_strings(raw["interpreter_not_languages"], "not languages")))
        )

    # --- tokens ----------------------------------------------------------------------------

    def tokens(self, text: str) -> list[str]:
        """Word tokens with the lexicon's sequence replacements ("i am" -> "im")."""
        return replace_sequences(words(text), self._sequences)

    def phrase(self, text: str) -> Phrase:
        return tuple(self.tokens(text))

    def phrases(self, items: Iterable[str]) -> list[Phrase]:
        out = [self.phrase(x) for x in items]
        return [p for p in out if p]

    # --- compilers -------------------------------------------------------------------------

    def _compile_numbers(self, raw: dict[str, Any], age: dict[str, Any]) -> None:
        self.units: dict[str, int] = {str(k): int(v) for k, v in raw["units"].items()}
        self.tens: dict[str, int] = {str(k): int(v) for k, v in raw["tens"].items()}
        self.hundred = frozenset(_strings(raw["hundred"], "numbers.hundred"))
        self.ordinals: dict[str, int] = {str(k): int(v) for k, v in raw["ordinals"].items()}
        self.pick_filler = frozenset(self.tokens(" ".join(_strings(raw["pick_filler"], "pick"))))
        self.pick_prefix = frozenset(self.tokens(" ".join(_strings(raw["pick_prefix"], "pick"))))
        self.age_filler = frozenset(self.tokens(" ".join(_strings(age["filler"], "age.filler"))))
        self.age_months = frozenset(_strings(age["months"], "age.months"))
        self.age_weeks = frozenset(_strings(age["weeks"], "age.weeks"))
        self.age_days = frozenset(_strings(age["days"], "age.days"))
        self.age_vague = self.phrases(_strings(age["vague"], "age.vague"))

    def _compile_dates(self, raw: dict[str, Any]) -> None:
        self.months: dict[str, int] = {}
        for number, names in raw["months"].items():
            for name in _strings(names, f"dates.months.{number}"):
                self.months[name] = int(number)
        self.weekdays: dict[str, int] = {}
        for number, names in raw["weekdays"].items():
            for name in _strings(names, f"dates.weekdays.{number}"):
                self.weekdays[name] = int(number)
        self.date_filler = frozenset(self.tokens(" ".join(_strings(raw["filler"], "filler"))))
        self.date_joiners = frozenset(_strings(raw["joiners"], "dates.joiners"))
        self.relative_days: dict[Phrase, int] = {
            self.phrase(str(k)): int(v) for k, v in raw["relative_days"].items()
        }
        self.vague_dates = self.phrases(_strings(raw["vague"], "dates.vague"))
        self.day_units: dict[str, int] = {str(k): int(v) for k, v in raw["units"].items()}
        self.vague_units = frozenset(_strings(raw["vague_units"], "dates.vague_units"))
        self.ago = self.phrases(_strings(raw["ago"], "dates.ago"))
        self.counts: dict[Phrase, int] = {
            self.phrase(str(k)): int(v) for k, v in raw["counts"].items()
        }
        self.week_before_prefix = self.phrases(_strings(raw["week_before_prefix"], "wb prefix"))
        self.week_before_suffix = self.phrases(_strings(raw["week_before_suffix"], "wb suffix"))
        self.weekday_past = self.phrases(_strings(raw["weekday_past"], "weekday_past"))
        self.month_words: dict[Phrase, int] = {
            self.phrase(str(k)): int(v) for k, v in raw["month_words"].items()
        }
        self.approximate = self.phrases(_strings(raw["approximate"], "dates.approximate"))
        self.year_words: dict[Phrase, int] = {
            self.phrase(str(k)): int(v) for k, v in raw["year_words"].items()
        }

    def _compile_commands(self, raw: dict[str, Any], dont_know: dict[str, Any]) -> None:
        self.commands: list[tuple[Phrase, str]] = []
        for command, items in raw.items():
            if command == "filler":
                continue
            for p in self.phrases(_strings(items, f"commands.{command}")):
                self.commands.append((p, command))
        self.command_filler = self.phrases(_strings(raw["filler"], "commands.filler"))
        self.dont_know = frozenset(self.phrases(_strings(dont_know["phrases"], "dont_know")))
        self.dont_know_filler = self.phrases(_strings(dont_know["filler"], "dont_know.filler"))
        self.dont_know_blockers = frozenset(
            self.tokens(" ".join(_strings(dont_know["blockers"], "dont_know.blockers")))
        )
        self.dont_know_max_object = int(dont_know["max_object_words"])

    def _compile_names(self, raw: dict[str, Any]) -> None:
        # Lead-ins are matched on the raw text (to keep the person's capitalisation).
        leads = _strings(raw["lead_ins"], "names.lead_ins")
        self.name_lead_ins = sorted(leads, key=len, reverse=True)
        self.name_trailing = sorted(_strings(raw["trailing"], "names.trailing"), key=len,
                                    reverse=True)
        self.name_stopwords = frozenset(words(" ".join(_strings(raw["stopwords"], "stopwords"))))
        self.not_names = frozenset(self.phrases(_strings(raw["not_names"], "names.not_names")))
        self.name_particles = frozenset(_strings(raw["particles"], "names.particles"))

    def _compile_relations(self, groups: list[dict[str, Any]], markers: dict[str, Any]) -> None:
        self.relation_words: list[tuple[Phrase, str, str]] = []
        for group in groups:
            own, inverse = group["codes"]
            for p in self.phrases(_strings(group["words"], "relation_words")):
                self.relation_words.append((p, str(own), str(inverse)))
        self.inverse_markers = frozenset(_strings(markers["inverse"], "relation_markers.inverse"))
        self.self_markers = frozenset(_strings(markers["self"], "relation_markers.self"))
        self.marker_window = int(markers["window"])

    def _compile_field(self, name: str, spec: dict[str, Any]) -> ChoiceField:
        codes = tuple(str(c) for c in _strings(spec["codes"], f"{name}.codes"))
        table: dict[Phrase, Hit] = {}

        def add(p: Phrase, hit: Hit) -> None:
            # The first meaning given wins; the code itself ("paid carer") comes first.
            table.setdefault(p, hit)

        for code in codes:
            add(self.phrase(code.replace("_", " ")), Hit("strong", code))
        for kind in ("phrases", "weak"):
            for code, items in (spec.get(kind) or {}).items():
                code = str(code) if not isinstance(code, bool) else ("yes" if code else "no")
                if code not in codes:
                    raise ValueError(f"lexicon {name}.{kind}: unknown code {code!r}")
                for p in self.phrases(_strings(items, f"{name}.{kind}.{code}")):
                    add(p, Hit("strong" if kind == "phrases" else "weak", code))
        for p in self.phrases(_strings(spec.get("ambiguous"), f"{name}.ambiguous")):
            add(p, Hit("ambiguous"))
        relations = spec.get("relations")
        if relations:
            for p, own, inverse in self.relation_words:
                if own not in codes or inverse not in codes:
                    raise ValueError(f"lexicon relation_words: unknown code in {p}")
                add(p, Hit("relation", own, inverse))
        # Two-word phrases also match written as one word ("carehome", "socialworker").
        for p, hit in list(table.items()):
            if len(p) == 2:
                add(("".join(p),), hit)
        ordered = tuple(sorted(table.items(), key=lambda item: -len(item[0])))
        vocabulary = frozenset(w for p in table for w in p)
        values = {}
        for code, value in (spec.get("values") or {}).items():
            code = str(code) if not isinstance(code, bool) else ("yes" if code else "no")
            values[code] = value
        return ChoiceField(
            name=name,
            codes=codes,
            values=values,
            phrases=ordered,
            vocabulary=vocabulary,
            negation=bool(spec.get("negation", False)),
            relations=str(relations) if relations else None,
        )


@lru_cache(maxsize=8)
def load_lexicon(language: str = "en") -> Lexicon:
    """The compiled word lists of `language` (falls back to English when there are none)."""
    path = LEXICON_DIR / f"{language}.yml"
    if not language.isalpha() or not path.is_file():
        path, language = LEXICON_DIR / "en.yml", "en"
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return Lexicon(raw, language)

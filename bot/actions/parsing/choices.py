"""Map a free-text answer to the code(s) of a choice field, using the lexicon's phrases.

Order of understanding:
1. a numbered pick when the bot showed numbered choices ("2", "number 3", "the first one");
2. phrases of the field, after fixing small typos ("hospitle", "my sun");
3. when the phrases point to more than one code, or only to ambiguous words, no answer:
   Parsed(ok=False, error="no_match"), so the bot shows the choices instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .result import Parsed, bad, good, never_raises
from .text import allowed_typos, closest, find_phrases, short_input
from .wordlists import ChoiceField, Hit, Lexicon, load_lexicon

_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)?$")
# Fuzzy typo fixing costs time per word: long messages are matched exactly.
_MAX_FUZZY_WORDS = 40
_MULTI_JOINERS = frozenset({"and", "or", "also", "both", "plus", "then", "too", "as", "well"})


def _number(token: str, lex: Lexicon) -> int | None:
    m = _ORDINAL_DIGITS.match(token)
    if m:
        return int(m.group(1))
    if token in lex.ordinals:
        return lex.ordinals[token]
    if token in lex.units:
        return lex.units[token]
    return None


def _single_pick(tokens: list[str], lex: Lexicon) -> int | None:
    """The number picked when the whole message is a pick ("2.", "number 3", "the first one")."""
    rest = [
        t for i, t in enumerate(tokens)
        if t not in lex.pick_filler
        and not (t in lex.pick_prefix and i + 1 < len(tokens) and tokens[i + 1].isdigit())
    ]
    if len(rest) == 2 and rest[1] == "one" and rest[0] != "one":
        rest = rest[:1]  # "the first one", "second one"
    if len(rest) != 1:
        return None
    return _number(rest[0], lex)


def _multi_picks(tokens: list[str], lex: Lexicon) -> tuple[list[int], list[str]]:
    """Numbered picks in a multi-select answer ("1 and 3", "the first and third") and the
    words left over. Number words ("two") count only when nothing but picks was said."""
    filler = lex.pick_filler | _MULTI_JOINERS
    numbers: list[int] = []
    rest: list[str] = []
    for tok in tokens:
        number = _number(tok, lex) if tok not in lex.units else None
        if number is not None:
            numbers.append(number)
        else:
            rest.append(tok)
    words_left = [t for t in rest if t not in filler]
    if words_left and all(t in lex.units for t in words_left):
        numbers.extend(lex.units[t] for t in words_left)
        words_left = []
    if numbers and not words_left:
        rest = []
    return numbers, rest


def _option_value(field: ChoiceField, option: Any) -> Any:
    if isinstance(option, str) and option in field.codes:
        return field.value_of(option)
    return option


def _pick(options: Sequence[Any], number: int) -> tuple[bool, Any]:
    if number == -1 and options:  # "the last one"
        return True, options[-1]
    if 1 <= number <= len(options):
        return True, options[number - 1]
    return False, None


@lru_cache(maxsize=4096)
def _fix(word: str, field_name: str, language: str) -> str:
    return closest(word, _by_length(field_name, language, len(word))) or word


@lru_cache(maxsize=512)
def _by_length(field_name: str, language: str, size: int) -> tuple[str, ...]:
    """Vocabulary words close enough in length to be a typo of a `size`-letter word."""
    vocab = load_lexicon(language).fields[field_name].vocabulary
    limit = allowed_typos("x" * size)
    return tuple(sorted(w for w in vocab if abs(len(w) - size) <= limit))


def _fix_typos(tokens: list[str], field: ChoiceField, lex: Lexicon) -> list[str]:
    if len(tokens) > _MAX_FUZZY_WORDS:
        return tokens
    out = []
    for tok in tokens:
        if tok in field.vocabulary or tok in lex.common_words or not tok.isalpha():
            out.append(tok)
        else:
            out.append(_fix(tok, field.name, lex.language))
    return out


def _negated(tokens: list[str], start: int, lex: Lexicon) -> bool:
    """Is the phrase starting at `start` negated ("not in hospital", "no texts")?"""
    if start > 0 and tokens[start - 1] in lex.negators_immediate:
        return True
    i = start - 1
    steps = 0
    while i >= 0 and steps < lex.negation_window:
        tok = tokens[i]
        if tok in lex.negators:
            return True
        if tok not in lex.negation_skip:
            return False
        i -= 1
        steps += 1
    return False


def _relation_code(tokens: list[str], start: int, hit: Hit, field: ChoiceField,
                   lex: Lexicon) -> str | None:
    """"I'm his mum" -> parent; "she was my mum" -> child (the word names the deceased)."""
    if field.relations != "directional":
        return hit.code
    for i in range(start - 1, max(-1, start - 1 - lex.marker_window), -1):
        if tokens[i] in lex.inverse_markers:
            return hit.inverse
        if tokens[i] in lex.self_markers:
            return hit.code
    return hit.code


def _understand(tokens: list[str], field: ChoiceField, lex: Lexicon
                ) -> tuple[list[str], list[str], bool]:
    """(strong codes, weak codes, anything ambiguous) in the order they were said."""
    strong: list[str] = []
    weak: list[str] = []
    ambiguous = False
    for start, _end, hit in find_phrases(tokens, field.phrases):
        if field.negation and _negated(tokens, start, lex):
            continue
        if hit.kind == "ambiguous":
            ambiguous = True
            continue
        code = hit.code
        if hit.kind == "relation":
            code = _relation_code(tokens, start, hit, field, lex)
        target = weak if hit.kind == "weak" else strong
        if code and code not in target:
            target.append(code)
    return strong, weak, ambiguous


def _field(field: str, language: str) -> tuple[Lexicon, ChoiceField | None]:
    lex = load_lexicon(language)
    return lex, lex.fields.get(field) if isinstance(field, str) else None


@never_raises(Parsed(ok=False, error="no_match"))
def parse_choice(field: str, text: Any, options: Sequence[Any] | None = None, *,
                 language: str = "en") -> Parsed:
    """One code (or its stored value, e.g. True for consent) of `field` from free text.

    `options` are the codes shown to the person as numbered choices, in order; "2" picks the
    second. A code matched from words is returned even when it was not among the options.
    """
    lex, spec = _field(field, language)
    if spec is None:
        return bad("no_match")
    cleaned, err = short_input(text)
    if err:
        return bad(err)
    assert cleaned is not None
    tokens = lex.tokens(cleaned)
    if not tokens:
        return bad("no_match")
    number = _single_pick(tokens, lex)
    digits = any(t[0].isdigit() for t in tokens)
    if number is not None and digits:
        # "2", "2.", "number 2", "2nd": always a pick from the numbered list.
        found, option = _pick(list(options or ()), number)
        return good(_option_value(spec, option)) if found else bad("no_match")
    strong, weak, ambiguous = _understand(_fix_typos(tokens, spec, lex), spec, lex)
    if len(strong) == 1:
        return good(spec.value_of(strong[0]))
    if not strong and not ambiguous and len(weak) == 1:
        return good(spec.value_of(weak[0]))
    if number is not None:
        # "the first one", "two": a pick, unless the words meant more ("I want one").
        found, option = _pick(list(options or ()), number)
        if found:
            return good(_option_value(spec, option))
    return bad("no_match")


def _language(tokens: list[str], lex: Lexicon) -> tuple[str | None, set[int]]:
    """An interpreter language named in the answer, and the positions of its words."""
    found = find_phrases(tokens, [(p, name) for p, name in lex.languages.items()])
    names = []
    used: set[int] = set()
    for start, end, name in found:
        if name not in names:
            names.append(name)
        used.update(range(start, end))
    if len(names) == 1:
        return names[0], used
    if names:
        return " and ".join(names), used
    # "an interpreter for Oromifa": a language missing from our list, after "for" / "in".
    for i, tok in enumerate(tokens[:-1]):
        if tok.startswith("interpret") and i + 2 < len(tokens) and tokens[i + 1] in ("for", "in"):
            word = tokens[i + 2]
            if word.isalpha() and len(word) > 2 and word not in lex.not_languages:
                return word.capitalize(), {i + 2}
    return None, used


@never_raises(Parsed(ok=False, error="no_match"))
def parse_choices(field: str, text: Any, options: Sequence[Any] | None = None, *,
                  language: str = "en") -> Parsed:
    """Several codes of a multi-select field ("easy read and large print", "1 and 3").

    For communication_needs the value is {"needs": [codes in the field's order],
    "interpreter_language": "Urdu" | None}; for other fields it is the list of values.
    "none" said together with a real need is dropped ("no, just easy read").
    """
    lex, spec = _field(field, language)
    if spec is None:
        return bad("no_match")
    cleaned, err = short_input(text)
    if err:
        return bad(err)
    assert cleaned is not None
    tokens = lex.tokens(cleaned)
    if not tokens:
        return bad("no_match")

    language_name: str | None = None
    if field == "communication_needs":
        language_name, used = _language(tokens, lex)
        tokens = [t for i, t in enumerate(tokens) if i not in used]

    picked: list[Any] = []
    rest = tokens
    if options:
        numbers, rest = _multi_picks(tokens, lex)
        for number in numbers:
            found, option = _pick(list(options), number)
            if not found:
                return bad("no_match")
            picked.append(_option_value(spec, option))

    codes: list[str] = []
    if rest:
        strong, weak, _ambiguous = _understand(_fix_typos(rest, spec, lex), spec, lex)
        codes = strong or weak
    values = [spec.value_of(c) for c in codes]
    for v in picked:
        if v not in values:
            values.append(v)
    if language_name and field == "communication_needs" and "interpreter" not in values:
        values.append("interpreter")
    if not values:
        return bad("no_match")
    if "none" in values and len(values) > 1:
        values.remove("none")
    order = {spec.value_of(c): i for i, c in enumerate(spec.codes)}
    values.sort(key=lambda v: order.get(v, len(order)))
    if field == "communication_needs":
        return good({"needs": values, "interpreter_language": language_name})
    return good(values)


def _choice_fields() -> MappingProxyType[str, tuple[Any, ...]]:
    lex = load_lexicon("en")
    return MappingProxyType(
        {name: tuple(spec.value_of(c) for c in spec.codes) for name, spec in lex.fields.items()}
    )


# Every choice field this package understands -> its values, in the order of SPEC section 4
# (consent_to_contact -> (True, False); communication_needs is multi-select: parse_choices).
CHOICE_FIELDS: MappingProxyType[str, tuple[Any, ...]] = _choice_fields()

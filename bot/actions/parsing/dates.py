"""Dates as people type or say them, UK day-first, returned as ISO "YYYY-MM-DD".

A small grammar reads the common forms deterministically ("14/02/1991", "3rd March 1958",
"March 3 58", "yesterday", "last Tuesday", "2 weeks ago", "a week last Friday"), so the bot
behaves the same with every dateparser version (the Rasa side pins an older one, which reads
"last tuesday" differently). dateparser (DMY, past, relative to `today`) is the fallback for
answers in which the grammar finds no date at all when the conversation is in another
language, with guards. In English it is not used: it reads a bare "5" as the 5th of this
month and "21st" as a day in the future, and versions 1.2 and 1.5 disagree.

Prefer an error to a wrong date: a bare "5" asks for the month; "monday" inside a longer
story is not taken as a date; two different dates are not a date. Only a fully written date
(day, month and year) may sit inside a longer sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from contract.policy import as_date

from .result import Parsed, bad, good, never_raises
from .text import allowed_typos, closest_meaning, find_phrases, short_input
from .wordlists import Lexicon, load_lexicon

MIN_YEAR = 1880
MAX_YEAR = 2100
_MAX_WORDS = 40  # a full date may sit inside a sentence up to this long
_FALLBACK_WORDS = 8  # dateparser only sees answers this short

# Times are not part of the date: "at 4pm", "about 3.30am", "14:05".
_TIME = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_ORDINAL = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)\b")
_ISO = re.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/.\-])")
_DMY = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/.\-])")
_MY = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.\-]\s*(\d{4})(?![\d/.\-])")
_DM = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/\-]\s*(\d{1,2})(?![\d/.\-])")
_MARK = "qqd"  # placeholder word for a numeric date found by the regexes above


@dataclass
class _Expr:
    """One date expression found in the answer."""

    kind: str  # full | noyear | monthyear | month | year | day | relative | vague | bad
    start: int
    end: int
    day: int = 0
    month: int = 0
    year: int = 0
    short_year: bool = False  # the year was written with two digits
    days_back: int = 0  # relative
    explicit: bool = False  # written out in full: may sit inside a longer sentence
    weekday: int = -1  # relative expressions made from a weekday name


class _Reader:
    def __init__(self, text: str, today: dt.date, lex: Lexicon) -> None:
        self.lex = lex
        self.today = today
        self.numeric: list[_Expr] = []
        text = text.casefold()
        text = _TIME.sub(" ", text)
        text = _ORDINAL.sub(r"\1", text)
        text = _ISO.sub(lambda m: self._mark("full", m.group(3), m.group(2), m.group(1)), text)
        text = _DMY.sub(lambda m: self._mark("full", m.group(1), m.group(3), m.group(4)), text)
        text = _MY.sub(lambda m: self._mark("monthyear", "0", m.group(1), m.group(2)), text)
        text = _DM.sub(lambda m: self._mark("noyear", m.group(1), m.group(2), "0"), text)
        self.tokens = self._words(lex.tokens(text))
        self.taken = [False] * len(self.tokens)
        self.found: list[_Expr] = []

    # --- preparation ---------------------------------------------------------------------

    def _mark(self, kind: str, day: str, month: str, year: str) -> str:
        expr = _Expr(kind, 0, 0, day=int(day), month=int(month), year=int(year),
                     short_year=len(year) == 2, explicit=kind == "full")
        self.numeric.append(expr)
        return f" {_MARK}{len(self.numeric) - 1} "

    def _words(self, tokens: list[str]) -> list[str]:
        """Ordinal words to digits ("twenty first" -> "21"), month and weekday typos fixed."""
        lex = self.lex
        out: list[str] = []
        i = 0
        # A typo maps to a known spelling of the same month or weekday ("setpember").
        names: dict[str, tuple[str, int]] = {}
        spelling: dict[tuple[str, int], str] = {}
        for kind, table in (("m", lex.months), ("d", lex.weekdays)):
            for word, number in table.items():
                spelling.setdefault((kind, number), word)
                if len(word) >= 5:
                    names[word] = (kind, number)
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if tok in lex.tens and 1 <= lex.ordinals.get(nxt, 0) <= 9:
                out.append(str(lex.tens[tok] + lex.ordinals[nxt]))
                i += 2
                continue
            if lex.ordinals.get(tok, 0) > 0:
                out.append(str(lex.ordinals[tok]))
            elif (tok.isalpha() and len(tok) >= 5 and allowed_typos(tok)
                  and tok not in lex.months and tok not in lex.weekdays
                  and tok not in lex.date_filler and tok not in lex.common_words):
                meaning = closest_meaning(tok, names)
                out.append(spelling[meaning] if meaning else tok)
            else:
                out.append(tok)
            i += 1
        return out

    # --- helpers ---------------------------------------------------------------------------

    def _free(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and not self.taken[i]

    def _take(self, start: int, end: int) -> None:
        for k in range(start, end):
            self.taken[k] = True

    def _add(self, expr: _Expr) -> None:
        self._take(expr.start, expr.end)
        self.found.append(expr)

    def _num(self, i: int) -> str | None:
        if self._free(i) and self.tokens[i].isdigit():
            return self.tokens[i]
        return None

    def _skip_joiners(self, i: int, step: int) -> int:
        while self._free(i) and self.tokens[i] in self.lex.date_joiners:
            i += step
        return i

    def _skip_filler(self, i: int, step: int) -> int:
        lex = self.lex
        while self._free(i) and (self.tokens[i] in lex.date_joiners
                                 or self.tokens[i] in lex.date_filler):
            i += step
        return i

    def _phrase_at(self, i: int, phrases: list[tuple[str, ...]]) -> int:
        """Length of the longest phrase from `phrases` starting at i (0 if none)."""
        best = 0
        for p in phrases:
            if tuple(self.tokens[i : i + len(p)]) == p and all(
                self._free(k) for k in range(i, i + len(p))
            ):
                best = max(best, len(p))
        return best

    def _phrase_before(self, end: int, phrases: list[tuple[str, ...]]) -> int:
        """Length of the longest phrase from `phrases` ending just before `end`."""
        best = 0
        for p in phrases:
            start = end - len(p)
            if start >= 0 and tuple(self.tokens[start:end]) == p and all(
                self._free(k) for k in range(start, end)
            ):
                best = max(best, len(p))
        return best

    # --- grammar ---------------------------------------------------------------------------

    def read(self) -> list[_Expr]:
        self._relative_days()
        self._ago()
        self._day_of_month_words()
        self._vague()
        self._numeric_marks()
        self._month_names()
        self._weekdays()
        self._bare_numbers()
        self._weekday_with_day()
        return self.found

    def _relative_days(self) -> None:
        table = sorted(self.lex.relative_days.items(), key=lambda item: -len(item[0]))
        for start, end, back in find_phrases(self.tokens, table):
            if all(self._free(k) for k in range(start, end)):
                self._add(_Expr("relative", start, end, days_back=back))

    def _count_before(self, end: int) -> tuple[int, int] | None:
        """(count, start) of "2" / "two" / "a couple of" just before `end`."""
        if end - 1 >= 0 and self._free(end - 1):
            tok = self.tokens[end - 1]
            if tok.isdigit() and len(tok) <= 3:
                return int(tok), end - 1
            if tok in self.lex.units:
                return self.lex.units[tok], end - 1
        counts = list(self.lex.counts)
        size = self._phrase_before(end, counts)
        if size:
            return self.lex.counts[tuple(self.tokens[end - size : end])], end - size
        return None

    def _ago(self) -> None:
        """"2 weeks ago", "a fortnight ago", "1 week and 2 days ago"."""
        for i in range(len(self.tokens)):
            size = self._phrase_at(i, self.lex.ago)
            if not size:
                continue
            end = i
            total = 0
            start = i
            vague = False
            while True:
                unit_at = end - 1
                if not self._free(unit_at):
                    break
                unit = self.tokens[unit_at]
                if unit in self.lex.day_units:
                    count = self._count_before(unit_at)
                    if count is None:
                        break
                    total += count[0] * self.lex.day_units[unit]
                elif unit in self.lex.vague_units:
                    count = self._count_before(unit_at)
                    if count is None:
                        break
                    vague = True
                else:
                    break
                start = count[1]
                end = start
                if self._free(end - 1) and self.tokens[end - 1] == "and":
                    end -= 1
            if start == i:
                continue
            if vague or self._approximate():
                self._add(_Expr("vague", start, i + size))
            else:
                self._add(_Expr("relative", start, i + size, days_back=total))

    def _day_of_month_words(self) -> None:
        """"the 12th of this month", "3rd of last month"."""
        table = sorted(self.lex.month_words.items(), key=lambda item: -len(item[0]))
        for start, end, back in find_phrases(self.tokens, table):
            if not all(self._free(k) for k in range(start, end)):
                continue
            j = self._skip_joiners(start - 1, -1)
            day = self._num(j)
            if not (day and len(day) <= 2 and 1 <= int(day) <= 31):
                continue
            month_index = self.today.year * 12 + self.today.month - 1 + back
            year, month = divmod(month_index, 12)
            found = _valid(year, month + 1, int(day))
            if found is None or found > self.today:
                self._add(_Expr("bad", j, end))
            else:
                self._add(_Expr("relative", j, end, days_back=(self.today - found).days))

    def _weekday_with_day(self) -> None:
        """"Monday 16th": the most recent 16th that was a Monday, within the last two months
        (a weekday and a day that do not agree are not a date)."""
        days = [e for e in self.found if e.kind == "day"]
        for weekday in [e for e in self.found if e.weekday >= 0]:
            for day in days:
                between = range(min(weekday.end, day.end), max(weekday.start, day.start))
                if any(self.tokens[k] not in self.lex.date_joiners
                       and self.tokens[k] not in self.lex.date_filler for k in between):
                    continue
                self.found.remove(day)
                days.remove(day)
                weekday.kind = "bad"
                for back in range(0, 62):
                    candidate = self.today - dt.timedelta(days=back)
                    if candidate.day == day.day and candidate.weekday() == weekday.weekday:
                        weekday.kind, weekday.days_back = "relative", back
                        break
                break

    def _approximate(self) -> bool:
        """Does the answer say the count is only roughly right ("about 3 weeks ago")?"""
        return bool(find_phrases(self.tokens, [(p, None) for p in self.lex.approximate]))

    def _vague(self) -> None:
        for start, end, _ in find_phrases(self.tokens, [(p, None) for p in self.lex.vague_dates]):
            if all(self._free(k) for k in range(start, end)):
                self._add(_Expr("vague", start, end))

    def _numeric_marks(self) -> None:
        for i, tok in enumerate(self.tokens):
            if tok.startswith(_MARK) and tok[len(_MARK):].isdigit():
                expr = self.numeric[int(tok[len(_MARK):])]
                expr.start, expr.end = i, i + 1
                self._add(expr)

    def _year_after(self, i: int) -> tuple[int, bool, int] | None:
        """(year, two digits?, end) of a year at i: "1958", "58", "last year"."""
        tok = self._num(i)
        if tok and len(tok) in (2, 4):
            return int(tok), len(tok) == 2, i + 1
        words = list(self.lex.year_words)
        size = self._phrase_at(i, words)
        if size:
            back = self.lex.year_words[tuple(self.tokens[i : i + size])]
            return self.today.year + back, False, i + size
        return None

    def _month_names(self) -> None:
        for i, tok in enumerate(self.tokens):
            if not self._free(i) or tok not in self.lex.months:
                continue
            month = self.lex.months[tok]
            start, end, day = i, i + 1, 0
            # day before: "3 March", "3rd of March", "the 3rd of March"
            j = self._skip_joiners(i - 1, -1)
            before = self._num(j)
            if before and len(before) <= 2 and 1 <= int(before) <= 31:
                day, start = int(before), j
            else:
                # day after: "March 3", "March the 3rd" (not "March 58": that is a year)
                j = self._skip_joiners(i + 1, 1)
                after = self._num(j)
                if after and len(after) <= 2 and 1 <= int(after) <= 31:
                    day, end = int(after), j + 1
            year = self._year_after(self._skip_joiners(end, 1))
            if year:
                value, short, end = year
                kind = "full" if day else "monthyear"
                self._add(_Expr(kind, start, end, day=day, month=month, year=value,
                                short_year=short, explicit=bool(day)))
            elif day:
                self._add(_Expr("noyear", start, end, day=day, month=month))
            else:
                self._add(_Expr("month", start, end, month=month))

    def _weekdays(self) -> None:
        lex = self.lex
        for i, tok in enumerate(self.tokens):
            if not self._free(i) or tok not in lex.weekdays:
                continue
            start, end = i, i + 1
            # A weekday next to a written date only names that date's day: "Tuesday 3 March",
            # "3 March 2020 (a Tuesday)".
            nb = [e for e in self.found if e.kind in ("full", "noyear", "monthyear")
                  and (e.start == self._skip_filler(i + 1, 1)
                       or e.end == self._skip_filler(i - 1, -1) + 1)]
            if nb:
                self._take(i, i + 1)
                continue
            extra = 0
            size = self._phrase_before(start, lex.week_before_prefix)
            if size:
                start, extra = start - size, 7
            else:
                size = self._phrase_before(start, lex.weekday_past)
                start -= size
            size = self._phrase_at(end, lex.week_before_suffix)
            if size:
                end, extra = end + size, 7
            else:
                end += self._phrase_at(end, lex.weekday_past)
            back = (self.today.weekday() - lex.weekdays[tok]) % 7 or 7
            self._add(_Expr("relative", start, end, days_back=back + extra,
                            weekday=lex.weekdays[tok]))

    def _bare_numbers(self) -> None:
        n = len(self.tokens)
        for i in range(n):
            d, m, y = self._num(i), self._num(i + 1), self._num(i + 2)
            # "14 02 1991" (spaces, as speech-to-text writes it)
            if d and m and y and len(d) <= 2 and len(m) <= 2 and len(y) in (2, 4) \
                    and 1 <= int(m) <= 12:
                self._add(_Expr("full", i, i + 3, day=int(d), month=int(m), year=int(y),
                                short_year=len(y) == 2, explicit=True))
        for i in range(n):
            tok = self._num(i)
            if not tok:
                continue
            if len(tok) == 8:  # keypad: DDMMYYYY
                self._add(_Expr("full", i, i + 1, day=int(tok[:2]), month=int(tok[2:4]),
                                year=int(tok[4:]), explicit=True))
            elif len(tok) == 6:  # keypad: DDMMYY
                self._add(_Expr("full", i, i + 1, day=int(tok[:2]), month=int(tok[2:4]),
                                year=int(tok[4:]), short_year=True))
            elif len(tok) == 4 and MIN_YEAR <= int(tok) <= MAX_YEAR:
                self._add(_Expr("year", i, i + 1, year=int(tok)))
            elif len(tok) <= 2 and 1 <= int(tok) <= 31:
                self._add(_Expr("day", i, i + 1, day=int(tok)))

    def leftovers(self) -> list[str]:
        lex = self.lex
        return [
            t for k, t in enumerate(self.tokens)
            if not self.taken[k] and t not in lex.date_filler and t not in lex.date_joiners
        ]


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _recent_year(short: int, month: int, day: int, today: dt.date) -> int:
    """A two-digit year: the most recent year that does not put the date in the future."""
    year = 2000 + short
    if (year, month, day or 1) > (today.year, today.month, today.day):
        year -= 100
    return year


def _no_year(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in range(today.year, today.year - 9, -1):  # 29 February: the last leap year
        found = _valid(year, month, day)
        if found and found <= today:
            return found
    return None


def _resolve(expr: _Expr, today: dt.date, *, allow_month_only: bool,
             allow_no_year: bool) -> tuple[dt.date | None, str | None]:
    if expr.kind == "relative":
        return today - dt.timedelta(days=expr.days_back), None
    if expr.kind in ("vague", "month"):
        return None, "need_day"
    if expr.kind in ("day", "year"):
        return None, "need_month"
    if expr.kind == "bad":
        return None, "not_a_date"
    year = expr.year
    if expr.kind == "noyear":
        if not allow_no_year:
            return None, "need_year"
        found = _no_year(expr.month, expr.day, today)
        return (found, None) if found else (None, "not_a_date")
    if expr.short_year:
        year = _recent_year(year, expr.month, expr.day, today)
    if expr.kind == "monthyear":
        if not allow_month_only:
            return None, "need_day"
        found = _valid(year, expr.month, 1)
        return (found, None) if found else (None, "not_a_date")
    found = _valid(year, expr.month, expr.day)
    return (found, None) if found else (None, "not_a_date")


def _fallback(text: str, tokens: list[str], today: dt.date, language: str) -> dt.date | None:
    """dateparser, for short answers in which our English grammar found no date at all
    (mostly answers in another language: "wczoraj", "ddoe"). Only a whole day is accepted,
    never a guess of missing parts, and never a day after today unless a year was written."""
    if len(tokens) > _FALLBACK_WORDS:
        return None
    try:
        from dateparser.date import DateDataParser

        base = dt.datetime.combine(today, dt.time(12, 0))
        settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RELATIVE_BASE": base}
        languages = [language, "en"] if language != "en" else ["en"]
        data = DateDataParser(languages=languages, settings=settings).get_date_data(text)
    except Exception:  # noqa: BLE001 - a third-party parser must not break the conversation
        return None
    if data is None or data.date_obj is None or getattr(data, "period", "day") != "day":
        return None
    found = data.date_obj.date()
    has_year = any(t.isdigit() and len(t) == 4 for t in tokens)
    if found > today and not has_year:
        return None
    return found


@never_raises(Parsed(ok=False, error="not_a_date"))
def parse_date(text: Any, *, today: dt.date | None = None, not_after: dt.date | None = None,
               not_before: dt.date | None = None, allow_month_only: bool = False,
               allow_no_year: bool = False, language: str = "en") -> Parsed:
    """A date as ISO "YYYY-MM-DD", UK day-first ("04/05/2020" is 4 May 2020).

    today             what "yesterday" and "last Tuesday" count from (default: date.today()).
    not_after         later dates get "date_in_future".
    not_before        earlier dates get "date_before_birth".
    allow_month_only  "March 2020" means 1 March 2020 (otherwise "need_day").
    allow_no_year     "3 March" means the most recent 3 March (otherwise "need_year"):
                      right for a recent death, wrong for a birth date.
    """
    today = as_date(today) or dt.date.today()
    cleaned, err = short_input(text, limit=400)
    if err:
        return bad(err)
    assert cleaned is not None
    lex = load_lexicon(language)
    reader = _Reader(cleaned, today, lex)
    if len(reader.tokens) > _MAX_WORDS or not reader.tokens:
        return bad("not_a_date")
    found = reader.read()
    leftovers = reader.leftovers()

    day: dt.date | None = None
    error: str | None = "not_a_date"
    if found:
        results = [
            _resolve(e, today, allow_month_only=allow_month_only, allow_no_year=allow_no_year)
            for e in found
        ]
        explicit = all(e.explicit for e in found)
        dates = {r[0] for r in results if r[0]}
        if len(found) == 1 or (len(dates) == 1 and all(r[0] for r in results)):
            if leftovers and not explicit:
                error = "not_a_date"  # "he saw the GP on monday and died later" is not a date
            elif dates:
                day, error = dates.pop(), None
            else:
                error = results[0][1]
    if not found and language != "en":
        day = _fallback(cleaned, reader.tokens, today, language)
        if day is not None:
            error = None
    if day is None:
        return bad(error or "not_a_date")
    after, before = as_date(not_after), as_date(not_before)
    if after and day > after:
        return bad("date_in_future")
    if before and day < before:
        return bad("date_before_birth")
    return good(day.isoformat())

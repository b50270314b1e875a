"""Dates: UK day-first, relative to a fixed Friday 20 November 2026, errors over wrong dates."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.actions.parsing import parse_date

pytestmark = pytest.mark.usefixtures("no_parser_errors")

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numeric, always day first
        ("04/05/2020", "2020-05-04"),
        ("4/5/2020", "2020-05-04"),
        ("14/02/1991", "1991-02-14"),
        ("14-2-91", "1991-02-14"),
        ("14.02.1991", "1991-02-14"),
        ("14 / 02 / 1991", "1991-02-14"),
        ("14 02 1991", "1991-02-14"),
        ("14021991", "1991-02-14"),  # keypad on a phone call
        ("2020-05-04", "2020-05-04"),  # ISO from the web date picker
        ("01/01/00", "2000-01-01"),
        ("3/12/26", "1926-12-03"),  # 2026-12-03 would be in the future: most recent past
        ("3/11/26", "2026-11-03"),
        # month names
        ("3rd March 1958", "1958-03-03"),
        ("3 March 1958", "1958-03-03"),
        ("3rd of March 1958", "1958-03-03"),
        ("the 3rd of March, 1958", "1958-03-03"),
        ("March 3 1958", "1958-03-03"),
        ("March 3rd, 1958", "1958-03-03"),
        ("March the 3rd 1958", "1958-03-03"),
        ("3 mar 58", "1958-03-03"),
        ("3 Mar 1958", "1958-03-03"),
        ("21st September 2020", "2020-09-21"),
        ("twenty first of september 2020", "2020-09-21"),
        ("third of march 1958", "1958-03-03"),
        ("1st feb 2001", "2001-02-01"),
        ("29 February 2020", "2020-02-29"),
        ("3 SEPT 2019", "2019-09-03"),
        ("12 december 25", "2025-12-12"),
        # misspelt months
        ("3 febuary 2001", "2001-02-03"),
        ("3 feburary 2001", "2001-02-03"),
        ("5 septmber 2019", "2019-09-05"),
        ("5 setpember 2019", "2019-09-05"),
        ("9 janurary 2020", "2020-01-09"),
        # weekday names beside a written date just name its day (even when wrong)
        ("Tuesday 3rd March 2020", "2020-03-03"),
        ("Monday, 3 March 2020", "2020-03-03"),
        ("3 March 2020 (a Tuesday)", "2020-03-03"),
        # relative to today
        ("today", "2026-11-20"),
        ("this morning", "2026-11-20"),
        ("earlier today", "2026-11-20"),
        ("yesterday", "2026-11-19"),
        ("Yesterday.", "2026-11-19"),
        ("yesterday morning", "2026-11-19"),
        ("last night", "2026-11-19"),
        ("he died yesterday", "2026-11-19"),
        ("she passed away yesterday", "2026-11-19"),
        ("died at 4pm yesterday", "2026-11-19"),
        ("the day before yesterday", "2026-11-18"),
        ("last Tuesday", "2026-11-17"),
        ("on Tuesday", "2026-11-17"),
        ("tuesday", "2026-11-17"),
        ("Tues", "2026-11-17"),
        ("wensday", "2026-11-18"),
        ("Thursday", "2026-11-19"),
        ("Friday", "2026-11-13"),  # said on a Friday: a week ago, never today or the future
        ("on friday", "2026-11-13"),
        ("Saturday", "2026-11-14"),
        ("sunday just gone", "2026-11-15"),
        ("he died on Monday", "2026-11-16"),
        ("a week last Friday", "2026-11-06"),
        ("the friday before last", "2026-11-06"),
        ("2 weeks ago", "2026-11-06"),
        ("two weeks ago", "2026-11-06"),
        ("a week ago", "2026-11-13"),
        ("a fortnight ago", "2026-11-06"),
        ("3 days ago", "2026-11-17"),
        ("a couple of days ago", "2026-11-18"),
        ("1 week and 2 days ago", "2026-11-11"),
        ("10 days ago", "2026-11-10"),
        ("he died last friday evening in hospital", "2026-11-13"),
        ("peacefully at home on Sunday", "2026-11-15"),
        ("sat night", "2026-11-14"),
        ("early hours of sunday morning", "2026-11-15"),
        # a weekday and a day of the month that agree
        ("it was Monday 16th", "2026-11-16"),
        ("monday the 9th", "2026-11-09"),
        ("Saturday 31st", "2026-10-31"),
        ("the 12th of this month", "2026-11-12"),
        ("3rd of last month", "2026-10-03"),
        # a full date may sit inside a sentence
        ("he was born on the 3rd of March 1958 in Leeds", "1958-03-03"),
        ("She died on 14/02/2021 at the Royal Infirmary", "2021-02-14"),
        ("it was the 3rd March 2020 about 3.30am", "2020-03-03"),
        ("born 3 March 1958, he would have been 68", "1958-03-03"),
        # the same date said twice
        ("yesterday, 19 November 2026", "2026-11-19"),
        # other scripts' digits and full-width digits
        ("١٤/٠٢/١٩٩١", "1991-02-14"),
        ("１４/０２/１９９１", "1991-02-14"),
    ],
)
def test_reads_dates_uk_day_first(text: str, expected: str) -> None:
    result = parse_date(text, today=TODAY)
    assert result.ok, result
    assert result.value == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        # not enough to know the day: ask, never guess
        ("March 2020", "need_day"),
        ("in march 2020", "need_day"),
        ("03/2020", "need_day"),
        ("mar 58", "need_day"),
        ("March", "need_day"),
        ("last week", "need_day"),
        ("last month", "need_day"),
        ("a few weeks ago", "need_day"),
        ("3 months ago", "need_day"),
        ("2 years ago", "need_day"),
        ("recently", "need_day"),
        ("5", "need_month"),
        ("the 5th", "need_month"),
        ("21st", "need_month"),  # dateparser would say 21 November 2026, a future day
        ("1958", "need_month"),
        ("born in 1958", "need_month"),
        ("3 March", "need_year"),  # unless allow_no_year
        ("25/12", "need_year"),
        # not a date, or not one date
        ("hello", "not_a_date"),
        ("I don't know", "not_a_date"),
        ("31/02/2020", "not_a_date"),
        ("32/01/2020", "not_a_date"),
        ("12/25/2020", "not_a_date"),  # US order is not guessed
        ("3 March 1066", "not_a_date"),
        ("born 3/3/1958 died 5/5/2020", "not_a_date"),
        ("monday or tuesday", "not_a_date"),
        ("he died on monday after a long illness", "not_a_date"),
        ("he saw the GP on Monday and died a few days later", "not_a_date"),
        ("he was 5 when he moved to Leeds", "not_a_date"),
        ("next friday", "not_a_date"),
        ("tuesday the 16th", "not_a_date"),  # the 16th was a Monday
        ("25th of this month", "not_a_date"),  # still to come
        ("he went into hospital on monday", "not_a_date"),  # not when he died
        ("about 3 weeks ago", "need_day"),  # an estimate is not a day
        ("around a fortnight ago", "need_day"),
        ("🙂", "not_a_date"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("x" * 5000, "too_long"),
    ],
)
def test_refuses_what_is_not_one_full_date(text: object, error: str) -> None:
    result = parse_date(text, today=TODAY)
    assert not result.ok
    assert result.error == error
    assert result.value is None


def test_month_only_is_accepted_when_the_caller_allows_it() -> None:
    assert parse_date("March 2020", today=TODAY, allow_month_only=True).value == "2020-03-01"
    assert parse_date("03/2020", today=TODAY, allow_month_only=True).value == "2020-03-01"
    # a bare month still has no year
    assert parse_date("March", today=TODAY, allow_month_only=True).error == "need_day"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 March", "2026-03-03"),
        ("3rd of November", "2026-11-03"),
        ("25 December", "2025-12-25"),  # this year's is still to come
        ("20 November", "2026-11-20"),
        ("21 November", "2025-11-21"),
        ("29 Feb", "2024-02-29"),
        ("25/12", "2025-12-25"),
        ("on the 3rd of march", "2026-03-03"),
    ],
)
def test_day_and_month_mean_the_most_recent_one_when_allowed(text: str, expected: str) -> None:
    assert parse_date(text, today=TODAY, allow_no_year=True).value == expected


def test_not_after_refuses_future_dates() -> None:
    result = parse_date("1 January 2030", today=TODAY, not_after=TODAY)
    assert (result.ok, result.error) == (False, "date_in_future")
    assert parse_date("tomorrow", today=TODAY, not_after=TODAY).error == "date_in_future"
    assert parse_date("today", today=TODAY, not_after=TODAY).value == "2026-11-20"


def test_not_before_refuses_dates_before_birth() -> None:
    born = dt.date(1958, 3, 3)
    assert parse_date("2 March 1958", today=TODAY, not_before=born).error == "date_before_birth"
    assert parse_date("3 March 1958", today=TODAY, not_before=born).value == "1958-03-03"


def test_relative_dates_follow_today() -> None:
    monday = dt.date(2026, 11, 16)
    assert parse_date("yesterday", today=monday).value == "2026-11-15"
    assert parse_date("last tuesday", today=monday).value == "2026-11-10"
    assert parse_date("Monday", today=monday).value == "2026-11-09"
    # `today` may be a datetime or an ISO string (the lead passes what it has)
    assert parse_date("yesterday", today=dt.datetime(2026, 1, 1, 9, 30)).value == "2025-12-31"
    assert parse_date("yesterday", today="2026-01-01").value == "2025-12-31"


def test_default_today_is_the_real_today() -> None:
    expected = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert parse_date("yesterday").value == expected


def test_two_digit_years_pick_the_most_recent_past_year() -> None:
    assert parse_date("3/3/58", today=TODAY).value == "1958-03-03"
    assert parse_date("3/3/20", today=TODAY).value == "2020-03-03"
    assert parse_date("20/11/26", today=TODAY).value == "2026-11-20"
    assert parse_date("21/11/26", today=TODAY).value == "1926-11-21"


def test_another_language_falls_back_to_dateparser() -> None:
    # Polish "yesterday": our English grammar finds nothing, dateparser does.
    assert parse_date("wczoraj", today=TODAY, language="pl").value == "2026-11-19"
    # ...but English answers never go to it (it would read "hello" as nothing anyway).
    assert parse_date("wczoraj", today=TODAY).error == "not_a_date"

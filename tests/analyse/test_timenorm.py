"""The time grammar and resolver, one expression at a time, against a fixed reference date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.timenorm import duration_value, find_expressions, holiday_date, resolve

REF = date(2023, 10, 27)  # a Friday
TIMEX3 = re.compile(
    r"^(?:\d{4}(?:-\d\d(?:-\d\d(?:T(?:\d\d:\d\d|MO|AF|EV|NI))?)?|-W\d\d(?:-WE)?|-Q[1-4]|-H[12]"
    r"|-(?:SP|SU|FA|WI))?|\d{2,3}|XXXX(?:-(?:XX|\d\d)(?:-(?:XX|\d\d))?(?:T(?:\d\d:\d\d|MO|AF|EV|NI))?"
    r"|-WXX(?:-\d|-WE)?(?:T(?:MO|AF|EV|NI))?|-QX|-SU|-SP|-FA|-WI)?|XX|XXX|P(?:T?\d+[YMWDHS]|T?X[YMWDHS]|X(?:DE|CE))+"
    r"|P\d+(?:[YMWDHS])|PT\d+H\d+M|(?:PRESENT|PAST|FUTURE)_REF)$"
)


def value(text: str, tense: str | None = None, ref: date | None = REF) -> str:
    [match] = find_expressions(text)
    return resolve(match.expression, ref, tense=tense).value


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("next month", None, "2023-11"),
        ("last year", None, "2022"),
        ("this week", None, "2023-W43"),
        ("the weekend", "future", "2023-W43-WE"),
        ("mid-November", "future", "2023-11"),
        ("November 15, 2023", None, "2023-11-15"),
        ("15 November 2023", None, "2023-11-15"),
        ("Nov. 9", "past", "2022-11-09"),
        ("Friday", "past", "2023-10-27"),  # the reference day itself
        ("Thursday", "past", "2023-10-26"),
        ("Thursday", "future", "2023-11-02"),
        ("Monday", None, "2023-10-30"),  # no tense: the nearer one
        ("last Friday", None, "2023-10-20"),
        ("next Tuesday", None, "2023-10-31"),
        ("Friday night", "past", "2023-10-27TNI"),
        ("yesterday", None, "2023-10-26"),
        ("tonight", None, "2023-10-27TNI"),
        ("the week of Nov. 13", "future", "2023-W46"),
        ("two years ago", None, "2021"),
        ("three days ago", None, "2023-10-24"),
        ("the summer", "past", "2023-SU"),
        ("last fall", None, "2022-FA"),
        ("the third quarter of 2023", None, "2023-Q3"),
        ("fourth-quarter", "past", "2022-Q4"),
        ("the 1990s", None, "199"),
        ("the 20th century", None, "19"),
        ("9 a.m. Tuesday", "future", "2023-10-31T09:00"),
        ("6.10am", "past", "2023-10-27T06:10"),
        ("noon Thursday", "past", "2023-10-26T12:00"),
        ("4 in the morning", "future", "2023-10-27T04:00"),
        ("11 at night", "past", "2023-10-27T23:00"),
        ("in last month's vote", None, "2023-09"),
        ("the prior year", None, "2022"),
        ("now", None, "PRESENT_REF"),
        ("the past", None, "PAST_REF"),
        ("a few years ago", None, "PAST_REF"),
        ("July last year", None, "2022-07"),
        ("by the end of the year", None, "2023"),
        ("Christmas", "future", "2023-12-25"),
        ("Thanksgiving", "future", "2023-11-23"),
    ],
)
def test_dates(text, tense, expected):
    assert value(text, tense) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over the past six months", "P6M"),
        ("two days", "P2D"),
        ("a 16-hour meeting", "PT16H"),
        ("5 1/2 hours", "PT5H30M"),
        ("a year and", "P1Y"),
        ("a decade", "P10Y"),
        ("for years", "PXY"),
        ("daily", "P1D"),
        ("in the last month", "P1M"),
        ("every Monday", "XXXX-WXX-1"),
        ("every four years", "P4Y"),
        ("for more than 2,000 years", "P2000Y"),  # a thousands separator, not a decimal
        ("for 10 consecutive weeks", "P10W"),
        ("after 15 straight years", "P15Y"),
    ],
)
def test_durations_and_sets(text, expected):
    assert value(text) == expected


def test_a_range_of_days_is_never_a_year():
    [match] = find_expressions("taking place from November 15-17 in the city")
    resolved = resolve(match.expression, REF, tense="future")
    assert (resolved.value, resolved.range_start, resolved.range_end) == (
        "2023-11-15", "2023-11-15", "2023-11-17",
    )  # fmt: skip


def test_weekday_with_its_date_picks_the_year_in_which_they_agree():
    assert value("on Tuesday (Nov. 9)", ref=date(2023, 1, 1)) == "2021-11-09"


def test_modifiers_are_kept():
    [match] = find_expressions("in mid-November")
    assert resolve(match.expression, REF).mod == "MID"
    [match] = find_expressions("more than four decades")
    assert resolve(match.expression, REF).mod == "MORE_THAN"


def test_without_a_reference_date_unknown_parts_are_x():
    assert value("next month", ref=None) == "XXXX-XX"
    assert value("Friday", ref=None) == "XXXX-WXX-5"
    assert value("November 15", ref=None) == "XXXX-11-15"
    assert value("November 15, 2023", ref=None) == "2023-11-15"


def test_next_day_counts_from_the_anchor():
    [match] = find_expressions("the next day")
    assert resolve(match.expression, REF, anchor="2023-03-01").value == "2023-03-02"


@pytest.mark.parametrize(
    "text",
    [
        "She may come back.",  # a verb, not a month
        "The troops march on.",
        "Foreign Minister Jan Kavan said",
        "2000 people marched",
        "his 1987 Chevrolet",
        "as soon as possible",
        "the rules were recently changed",  # a vague adverb dates nothing
        "a 12-year-old boy",
        "the fall of the wall",
    ],
)
def test_not_time_expressions(text):
    assert find_expressions(text) == []


def test_moving_holidays():
    assert holiday_date("thanksgiving", 1999) == date(1999, 11, 25)
    assert holiday_date("election day", 1998) == date(1998, 11, 3)
    assert holiday_date("easter", 2000) == date(2000, 4, 23)


def test_duration_value():
    assert duration_value("hour", 0.5) == "PT30M"
    assert duration_value("year", 1.5) == "P18M"
    assert duration_value("week", None) == "PXW"


@given(st.text(max_size=80), st.sampled_from([None, "past", "present", "future"]))
def test_resolution_never_raises_and_values_are_timex3(text, tense):
    for match in find_expressions(text):
        resolved = resolve(match.expression, REF, tense=tense)
        assert TIMEX3.match(resolved.value), (text, resolved.value)
        assert resolve(match.expression, None, tense=tense).value


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
)
def test_a_weekday_with_a_date_always_yields_that_weekday(day, reference):
    text = f"on {day:%A} ({day:%B} {day.day})"
    [match] = find_expressions(text)
    resolved = resolve(match.expression, reference)
    if "X" not in resolved.value:
        assert date.fromisoformat(resolved.value[:10]).weekday() == day.weekday()


def test_a_year_naming_an_event_is_a_date():
    [match] = find_expressions("charged over the 1996 Olympic bombing")
    assert (match.text, resolve(match.expression, None).value) == ("1996", "1996")


def test_february_29_is_read_in_a_leap_year_and_a_weekday_no_year_near_has_stays_yearless():
    def value(text: str) -> str:
        [match] = find_expressions(text)
        return resolve(match.expression, date(1999, 1, 1)).value

    assert value("on February 29") == "2000-02-29"  # not 1999-02-29, which is no day
    assert value("on Monday (February 29)") == "1988-02-29"
    assert value("on Wednesday (February 29)") == "XXXX-02-29"  # no leap year near fits it

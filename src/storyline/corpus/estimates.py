"""When an undated article was written, from what it says of events dated elsewhere.

An article without a date that speaks of "next week's meeting" in Lima, a meeting
other articles date to 15 November 2023, was written in the week before. Each such relative
expression, tried against every day it could have been written, keeps the days on which it
would name the event's date; what the article says happened is after the event began, what
it expects is before it ended. The days that satisfy everything are the estimate. Nothing is
guessed when no relative expression ties the article to a dated event, or when they disagree.

The estimate is kept apart from the publication date (which stays unknown) and is only used to
order reports and to read the article's other relative dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from storyline.analyse.timenorm import Expression, Tense, find_expressions, resolve
from storyline.corpus.events import ANTICIPATED, Cluster, Report, redate
from storyline.corpus.when import Interval, interval_of
from storyline.records import Timex

SEARCH = timedelta(days=400)  # how far from an event an article about it is looked for
MAX_EVENT_DAYS = 62  # events dated more loosely than this tie nothing down
MAX_ESTIMATE_DAYS = 366  # a wider estimate says too little to be worth keeping
CANDIDATE_DAYS = 14  # an article is of the fortnight from the day its weekday with its date names


@dataclass(frozen=True, slots=True)
class Estimate:
    interval: Interval
    evidence: tuple[str, ...]  # one line per expression used


def estimate_publication(
    reports: Sequence[Report],
    events: Mapping[int, Cluster],
    *,
    latest: date | None = None,
    candidates: Sequence[date] = (),
) -> Estimate | None:
    """The days an undated article can have been written on (``events``: the event each report
    was linked to, by report index; ``latest``: a bound such as its crawl date; ``candidates``:
    the days its own date clue leaves it, each the day things happened, so the article is of
    fortnight — "Tuesday (Nov. 9)" fits 2021 and 2010, and an event it expects dated in
    November 2021 chooses)."""
    allowed: set[date] | None = None
    evidence: list[str] = []
    bounds: list[tuple[date, date]] = []
    # An event the article says has happened is no longer ahead of it, whatever else it says
    # of it ("the bombings will haunt the industry for years" is no bombing to come).
    over = {events[r.index].id for r in reports if r.status == "happened" and r.index in events}
    for report in reports:
        event = events.get(report.index)
        when = event.when if event else None
        if event is None or when is None or when.days > MAX_EVENT_DAYS:
            continue
        low, high = when.start - SEARCH, when.end + SEARCH
        if report.status == "happened":
            low = when.start
        elif report.status in ANTICIPATED and event.id not in over:
            high = when.end
        bounds.append((low, high))
        if report.timex is None or (expression := _expression(report.timex[0])) is None:
            continue
        if not depends_on_the_day_said(expression):
            continue
        text, tense = report.timex
        days = _days_naming(expression, _tense(tense), when)
        if not days:
            continue
        allowed = days if allowed is None else allowed & days
        evidence.append(f"“{text}” ({report.trigger}) names {when.value}")
    if candidates and bounds:
        weeks = {day + timedelta(days=n) for day in candidates for n in range(CANDIDATE_DAYS)}
        fitting = {day for day in weeks if all(low <= day <= high for low, high in bounds)}
        narrowed = fitting if allowed is None else allowed & fitting
        if narrowed:
            allowed = narrowed
            chosen = sorted({day for day in candidates if day in narrowed})
            evidence.append(
                "its own weekday with its date holds then: " + ", ".join(map(str, chosen))
            )
    if not allowed:
        return None
    # What happened was written after it, what is expected before it; a bound that would
    # leave no day at all comes from a report linked to the wrong event and is passed over.
    for low, high in bounds:
        allowed = {day for day in allowed if low <= day <= high} or allowed
    if latest is not None:
        allowed = {day for day in allowed if day <= latest}
    if not allowed:
        return None
    interval = Interval(min(allowed), max(allowed))
    if interval.days > MAX_ESTIMATE_DAYS:
        return None
    return Estimate(interval, tuple(evidence))


def redated(reports: Sequence[Report], estimate: Estimate) -> list[Report]:
    """The reports with their relative dates read again against the estimate, where every day
    of it gives the same reading ("next month" said on any day of October 2023)."""
    first, last = estimate.interval.start, estimate.interval.end
    result = []
    for report in reports:
        if report.timex is None or (expression := _expression(report.timex[0])) is None:
            result.append(report)
            continue
        tense = _tense(report.timex[1])
        value = resolve(expression, first, tense=tense).value
        same = value == resolve(expression, last, tense=tense).value
        result.append(redate(report, value) if same and "X" not in value else report)
    return result


def timexes_read_against(timexes: Sequence[Timex], interval: Interval) -> list[Timex]:
    """An undated article's unresolved time expressions read against the days it was estimated
    to be written on, where every one of those days gives the same value ("last year" said on
    any day of March 2024); the others are kept as they are."""
    result = []
    for timex in timexes:
        expression = _expression(timex.text) if "X" in timex.value else None
        if expression is None:
            result.append(timex)
            continue
        tense = _tense(timex.tense)
        first = resolve(expression, interval.start, tense=tense)
        same = first.value == resolve(expression, interval.end, tense=tense).value
        if same and "X" not in first.value and first.type == timex.type:
            timex = replace(
                timex, value=first.value, mod=first.mod or timex.mod,
                range_start=first.range_start, range_end=first.range_end,
            )  # fmt: skip
        result.append(timex)
    return result


def _days_naming(expression: Expression, tense: Tense, when: Interval) -> set[date]:
    """The days on which the expression, said then, would name a time within ``when``."""
    days = set()
    for day in _days(when.start - SEARCH, when.end + SEARCH):
        named = interval_of(resolve(expression, day, tense=tense).value)
        if named is not None and named.overlaps(when):
            days.add(day)
    return days


def depends_on_the_day_said(expression: Expression) -> bool:
    """Whether what the expression names depends on the day it was said, and so tells that day:
    "Friday", "last month", "two days ago" do; "Aug. 29, 2017", "in 1998", "this year" name
    the same on almost any day of a year, and a clock time ("11:57am", "midnight") is of
    whatever day the event was — they would pin an article to the event's own day."""
    if expression.kind == "clock" and expression.weekday is None:
        return False
    if expression.kind in ("year", "decade", "century") or expression.unit == "year":
        return False
    return expression.year is None


def _tense(value: str | None) -> Tense:
    return value if value in ("past", "present", "future") else None  # type: ignore[return-value]


def _expression(text: str) -> Expression | None:
    matches = find_expressions(text)
    if not matches:
        return None
    return max(matches, key=lambda m: m.end - m.start).expression


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]

"""Calendar arithmetic on TIMEX3 values, for comparing and combining the dates of reports.

A value names a stretch of days: "2023" the year, "2023-11" a month, "2023-W46" a week,
"2023-11-15" a day. A value without its year ("XXXX-11-15", from an article whose publication
date is unknown) is a :class:`Partial`: a month, and perhaps a day, in some year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_WEEK = re.compile(r"(\d{4})-W(\d\d)")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_YEAR = re.compile(r"(\d{4})")
_PARTIAL = re.compile(r"XXXX-(\d\d)(?:-(\d\d))?")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # 14: next February


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: Interval) -> Interval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Interval(start, end) if start <= end else None

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def value(self) -> str:
        """The shortest ISO prefix naming exactly these days, or ``start/end``."""
        start, end = self.start, self.end
        if start == end:
            return start.isoformat()
        if start == date(start.year, start.month, 1) and end == _month_end(start.year, start.month):
            return f"{start.year:04d}-{start.month:02d}"
        if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
            return f"{start.year:04d}"
        return f"{start.isoformat()}/{end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Partial:
    """A month, and perhaps a day, of an unknown year."""

    month: int
    day: int | None = None

    def fits(self, interval: Interval) -> bool:
        return any(
            self.day_in(year, interval)
            for year in range(interval.start.year, interval.end.year + 1)
        )

    def day_in(self, year: int, interval: Interval) -> bool:
        try:
            first = date(year, self.month, self.day or 1)
            last = date(year, self.month, self.day) if self.day else _month_end(year, self.month)
        except ValueError:
            return False
        return interval.overlaps(Interval(first, last))

    def within(self, interval: Interval) -> Interval | None:
        """The one stretch of ``interval`` this partial date can name, if there is only one."""
        found = []
        for year in range(interval.start.year, interval.end.year + 1):
            try:
                first = date(year, self.month, self.day or 1)
                last = (
                    date(year, self.month, self.day) if self.day else _month_end(year, self.month)
                )
            except ValueError:
                continue
            if (part := interval.intersection(Interval(first, last))) is not None:
                found.append(part)
        return found[0] if len(found) == 1 else None


def interval_of(value: str | None) -> Interval | None:
    """The days a TIMEX3 date value names; ``None`` for values without a year and for
    durations, sets and times of day only."""
    if not value:
        return None
    value = value.split("T", 1)[0]
    try:
        if m := _DAY.fullmatch(value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return Interval(day, day)
        if m := _MONTH.fullmatch(value):
            year, month = int(m[1]), int(m[2])
            return Interval(date(year, month, 1), _month_end(year, month))
        if m := _WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Interval(monday, monday + timedelta(days=6))
        if m := _QUARTER.fullmatch(value):
            year, quarter = int(m[1]), int(m[2])
            return Interval(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if m := _HALF.fullmatch(value):
            year, half = int(m[1]), int(m[2])
            return Interval(date(year, 6 * half - 5, 1), _month_end(year, 6 * half))
        if m := _SEASON.fullmatch(value):
            year, (first, last) = int(m[1]), _SEASON_MONTHS[m[2]]
            end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
            return Interval(date(year, first, 1), _month_end(end_year, end_month))
        if m := _YEAR.fullmatch(value):
            year = int(m[1])
            return Interval(date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None
    return None


def partial_of(value: str | None) -> Partial | None:
    if not value or not (m := _PARTIAL.fullmatch(value.split("T", 1)[0])):
        return None
    month, day = int(m[1]), int(m[2]) if m[2] else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return Partial(month, day)


def parse_day(value: str | None) -> date | None:
    """The first day a stored date value names (``"2023-11"`` → 1 November 2023)."""
    interval = interval_of(value)
    return interval.start if interval else None


def day_of(published: str | None) -> date | None:
    """The day a publication date names, or None for a coarser one ("2017-12", "2017"): such
    an article places events and stories no better than an undated one, and is estimated like
    one, rather than put on the first day of its month or year."""
    if not published or len(published) < len("2017-12-05"):
        return None
    return parse_day(published)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])

"""Dates and time values as a reader writes them ("20 Apr 2024", "Thursday night"), for pages
and briefs; the ISO or TIMEX value stays beside them for whoever wants it."""

from __future__ import annotations

import calendar
import re
from typing import Any

_DAY = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\w+))?$")
_WEEK = re.compile(r"^(\d{4}|XXXX)-W(\d{2}|XX)(?:-(\d))?(?:T(\w+))?$")
_PERIOD = re.compile(r"^P(?:T)?(\d+(?:\.\d+)?|X)([YMWDH])$")
_TIMES = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}
_REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def human_date(value: str | None) -> str:
    """An ISO date of any granularity as a reader writes it: "20 Apr 2024", "Apr 2024",
    "2024"; anything else as it is."""
    if not value:
        return ""
    match = _DAY.match(value)
    if not match or not (1 <= int(match[2] or 1) <= 12):
        return value
    year, month, day, time = match.groups()
    if month is None:
        return year if year != "XXXX" else value
    month_name = calendar.month_abbr[int(month)]
    text = f"{int(day)} {month_name}" if day else month_name
    if year != "XXXX":
        text += f" {year}"
    return f"{text}, {_TIMES[time]}" if time in _TIMES else text


def human_time(value: str | None) -> str:
    """A TIMEX value in words where it has a reading ("Thursday night", "3 days", "now",
    "summer 2023"); the value itself otherwise."""
    if not value:
        return ""
    if value in _REFS:
        return _REFS[value]
    if _DAY.match(value) and human_date(value) != value:
        return human_date(value)
    if week := _WEEK.match(value):
        return _week(*week.groups())
    if period := _PERIOD.match(value):
        amount, unit = period.groups()
        name = _UNITS[unit] if unit != "M" or "T" not in value else "minute"
        if amount == "X":
            return f"some {name}s"
        return f"{amount} {name}{'' if amount == '1' else 's'}"
    season = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if season:
        return f"{_SEASONS[season[2]]} {season[1]}"
    return value


def _week(year: str, week: str, day: str | None, time: str | None) -> str:
    words = [calendar.day_name[int(day) - 1]] if day else []
    if time in _TIMES:
        words.append(_TIMES[time])
    when = " ".join(words)
    if week != "XX":
        of_year = f" of {year}" if year != "XXXX" else ""
        return f"{when}, week {int(week)}{of_year}" if when else f"week {int(week)}{of_year}"
    if year != "XXXX":
        return f"{when} {year}".strip()
    return when or f"{year}-W{week}"


def as_said(text: str, kind: str | None) -> str:
    """A quote as it was said: direct speech in quotation marks; indirect and mixed speech as
    reported speech ("said that …"), with no marks but the ones around the words quoted."""
    text = " ".join(text.split())
    if kind not in ("indirect", "mixed"):
        return f"“{text}”"
    that = "" if text.lower().startswith("that ") else "that "
    return f"said {that}{text}"


def citation(source: dict[str, Any] | None, headline_chars: int = 70) -> str:
    """A cited document as a reader names it: outlet, date, headline ("Reuters, 20 Apr 2024,
    “Herring quotas restored…”"); empty when nothing is known of it."""
    if not source:
        return ""
    parts = [source.get("outlet") or ""]
    if source.get("published"):
        prefix = "~" if source.get("estimated") else ""
        parts.append(prefix + human_date(source["published"]))
    title = " ".join((source.get("title") or "").split())
    if title:
        short = title if len(title) <= headline_chars else title[: headline_chars - 1] + "…"
        parts.append(f"“{short}”")
    return ", ".join(part for part in parts if part)


def web_url(url: str | None) -> str | None:
    """An article's URL if it is one to link to (http or https), else None: a URL from a page
    is data, and a ``javascript:`` one must never become a link."""
    if (
        url
        and url.lower().startswith(("http://", "https://"))
        and not any(c.isspace() or c in "<>\"'" for c in url)
    ):
        return url
    return None

"""Time expressions: find them in text and normalise each to a TIMEX3 value.

Pure functions over strings and dates, apart from any parse, so that they can be tested one
expression at a time and run in well under a millisecond each:

* :func:`find_expressions` finds DATE, TIME, DURATION and SET expressions with a grammar of
  regular expressions (``_GRAMMAR``), longest match first, and parses each into an
  :class:`Expression`: what it says, not yet what it means;
* :func:`resolve` turns an expression into a value against a reference date (the document's
  publication date), the tense of its clause (past or future decides which "Friday"), and an
  anchor (the last date mentioned, for "the next day").

Values follow TIMEX3: ``2023-11-15``, ``2023-11``, ``2023-W46``, ``2023-W46-WE``, ``2023-SU``,
``2023-Q3``, ``199`` (the 1990s), ``2023-11-14TNI``, ``2023-11-14T09:30``, ``P6M``, ``PT5H30M``,
``PXY``, ``PRESENT_REF``; unknown parts are ``X``. Modifiers (``START``, ``MID``, ``END``,
``APPROX``, ``MORE_THAN`` …) are kept apart, and a range ("November 15-17") has a start and end.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from storyline.analyse import time_words as W

WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)  # dateutil's weekdays, Monday = 0 as in datetime

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"] | None
Day = date | None
Value = tuple[str, str | None, str | None]  # the value, and a range's start and end

# --- the grammar ------------------------------------------------------------------------------


def _alternation(words: object) -> str:
    names = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(name) for name in names)


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_ALONE = (  # without a day or year: full names, or abbreviations with their dot
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUMBER_WORD = _alternation(W.NUMBERS)
_VAGUE = _alternation(W.VAGUE_AMOUNTS)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:[.,]\d+)?(?:\s+1/2|\s*½)?|(?i:{_NUMBER_WORD})(?:[ -](?i:one|two|three|four|five|six|seven|eight|nine))?)"
_UNIT = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies)|weekends?)"
_MOD = r"(?i:early|mid-?|late|the end of|the beginning of|the start of|the middle of|end of|beginning of|start of|middle of|the early part of)"
_AMOUNT_MOD = r"(?i:about|around|roughly|approximately|nearly|almost|some|more than|over|less than|under|at least|at most|no more than|up to)"
_SHIFT = r"(?i:this|last|next|coming|past|previous|following|current)"
_PART = r"(?i:morning|afternoon|evening|night|overnight)"
_TZ = "|".join(W.TIME_ZONES)
_END = r"(?![\w-])"  # an expression ends where a word does
TENSE_PENALTY = 30.0
_NOT_PLURALS = r"(?!(?:was|has|is|as|this|its|his|thus|does|us|always|perhaps|less|unless|across|towards|afterwards|whereas)\b)"
NEWS_PAST_BIAS = 2.0


@dataclass(frozen=True, slots=True)
class Expression:
    """What a time expression says, before it is anchored in time."""

    type: TimexType
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    shift: int | None = None  # this 0, next +1, last -1; None when the expression gives none
    unit: str | None = None
    amount: float | None = None  # None with ``unit`` set: an unknown number ("years")
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    season: str | None = None
    ordinal: int | None = None
    ref: str | None = None
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str
    expression: Expression


Handler = Callable[[re.Match[str]], Expression | None]
_GRAMMAR: list[tuple[re.Pattern[str], Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a pattern and the function that parses what it matches."""

    def register(handler: Handler) -> Handler:
        _GRAMMAR.append((re.compile(rf"(?<![\w-])(?:{pattern}){_END}"), handler))
        return handler

    return register


def _month(text: str) -> int:
    return W.MONTHS[text.lower().rstrip(".")]


def _weekday(text: str) -> int:
    return W.WEEKDAYS[text.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _shift(text: str | None) -> int | None:
    if text is None:
        return None
    word = text.lower()
    if word in ("this", "current", "coming"):
        return 0 if word != "coming" else 1
    if word in ("next", "following"):
        return 1
    return -1  # last, past, previous


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    return W.MODIFIERS.get(text.lower().strip(), W.MODIFIERS.get(text.lower().rstrip("-") + "-"))


def _number(text: str) -> float | None:
    words = text.lower().replace("½", " 1/2").split()
    if not words:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", words[0]):  # "2,000 years": thousands
        return float(words[0].replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", words[0]):
        value = float(words[0].replace(",", "."))
        return value + 0.5 if words[-1] == "1/2" else value
    joined = " ".join(words)
    if joined in W.NUMBERS:
        return W.NUMBERS[joined]
    if "-" in joined or len(words) == 2:  # "twenty-five", "twenty five"
        parts = re.split(r"[- ]", joined)
        if all(part in W.NUMBERS for part in parts):
            return sum(W.NUMBERS[part] for part in parts)
    return W.NUMBERS.get(words[0])


def _unit(text: str) -> str:
    word = text.lower()
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") else word


# --- rules, most specific first (a longer match always wins over a shorter one) -------------


@rule(
    rf"(?P<week>(?i:the\s+)?(?i:week)\s+of\s+)?"
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?P<mod>{_MOD})[\s-]*)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})"
    rf"(?:\s*(?:-|–|to|through|and)\s*(?P<day2>{_DAY}))?(?:,?\s+(?P<year>{_YEAR}))?(?!\d)"
)
def _month_day(m: re.Match[str]) -> Expression | None:
    day, end_day = _day(m["day"]), _day(m["day2"]) if m["day2"] else None
    if day > 31 or (end_day is not None and not day < end_day <= 31):
        return None
    return Expression(
        "DATE", "date", year=int(m["year"]) if m["year"] else None, month=_month(m["month"]),
        day=day, end_day=end_day, weekday=_weekday(m["wd"]) if m["wd"] else None,
        mod=_mod(m.groupdict().get("mod")), unit="week" if m.groupdict().get("week") else None,
    )  # fmt: skip


@rule(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<day>{_DAY})(?:\s*(?:-|–)\s*(?P<day2>{_DAY}))?\s+(?:of\s+)?"
    rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?"
)
def _day_month(m: re.Match[str]) -> Expression | None:
    return _month_day(m)


@rule(rf"(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])")
def _iso_date(m: re.Match[str]) -> Expression:
    return Expression("DATE", "date", year=int(m["year"]), month=int(m["month"]), day=int(m["day"]))


@rule(r"(?P<a>0?[1-9]|1[0-2])/(?P<b>0?[1-9]|[12]\d|3[01])/(?P<year>(?:19|20)\d\d)")
def _slash_date(m: re.Match[str]) -> Expression:
    return Expression("DATE", "date", year=int(m["year"]), month=int(m["a"]), day=int(m["b"]))


@rule(
    rf"(?:(?P<shift>{_SHIFT})\s+|(?P<mod>{_MOD})[\s-]*)?(?P<month>{_MONTH_ALONE})(?!\s+\d)"
    rf"|(?:(?P<shift2>{_SHIFT})\s+|(?P<mod2>{_MOD})[\s-]*)?(?P<month2>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})"
)
def _month_alone(m: re.Match[str]) -> Expression | None:
    word = (m["month"] or m["month2"]).rstrip(".")
    shift, mod = m["shift"] or m["shift2"], m["mod"] or m["mod2"]
    bare = not (m["year"] or shift or mod)
    temporal = r"(?i:in|since|until|by|of|during|from|to|through|before|after|early|late|mid-?)\s+$"
    if bare and word in ("May", "March") and not _preceded_by(m, temporal):
        return None  # "may" and "march" are verbs too
    if bare and _followed_by(m, r"\s+[A-Z][a-z]") and not _preceded_by(m, temporal):
        return None  # "Foreign Minister Jan Kavan"
    return Expression(
        "DATE", "month", year=int(m["year"]) if m["year"] else None, month=_month(word),
        shift=_shift(shift), mod=_mod(mod),
    )  # fmt: skip


@rule(
    rf"(?:(?P<mod>{_MOD})\s*)?(?:the\s+)?(?P<decade>(?:1[5-9]|20)\d0)'?s"
    rf"|(?:(?P<mod2>{_MOD})\s+)?the\s+'(?P<short>[1-9]0)s"
)
def _decade(m: re.Match[str]) -> Expression:
    decade = int(m["decade"]) // 10 if m["decade"] else 190 + int(m["short"]) // 10
    return Expression("DATE", "decade", year=decade * 10, mod=_mod(m["mod"] or m["mod2"]))


@rule(r"(?:the\s+)?(?P<n>1\d|20|21|[2-9])(?:st|nd|rd|th)\s+century")
def _century(m: re.Match[str]) -> Expression:
    return Expression("DATE", "century", year=(int(m["n"]) - 1) * 100)


@rule(
    rf"(?:(?P<mod>{_MOD})[\s-]*|(?P<prepost>(?i:pre|post))-)?(?:(?P<intro>the\s+year|fiscal|the\s+fiscal\s+year)\s+)?"
    rf"(?P<year>{_YEAR})(?!\s*(?:%|percent|per\s+cent))(?![.,]\d)"
)
def _year(m: re.Match[str]) -> Expression | None:
    after = m.string[m.end() : m.end() + 20]
    counted = re.match(
        rf"\s+{_NOT_PLURALS}[a-z]{{2,}}s\b|\s+(?:people|troops|votes|km|tons)\b", after
    )
    if counted and not _preceded_by(m, r"(?i:\bthe|\bin|\bsince|\bof|['’]s|\bby|\buntil)\s+$"):
        return None  # "2000 people": a number, not a year; "the 1994 elections" is one
    introduced = m["mod"] or m["prepost"] or m["intro"]
    temporal = r"(?i:in|since|until|by|of|during|from|to|before|after|between|and|the|,)\s*$"
    if re.match(r"\s+[A-Z][a-z]", after) and not introduced and not _preceded_by(m, temporal):
        return None  # "his 1987 Chevrolet"; but "the 1996 Olympic bombing" is dated
    if m["prepost"]:
        return Expression(
            "DATE",
            "year",
            year=int(m["year"]),
            mod="BEFORE" if m["prepost"].lower() == "pre" else "AFTER",
        )
    before = m.string[max(0, m.start() - 2) : m.start()]
    if "$" in before or "£" in before or "€" in before or "#" in before:
        return None
    return Expression("DATE", "year", year=int(m["year"]), mod=_mod(m["mod"]))


@rule(
    r"(?:the\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+"
    rf"(?:fiscal\s+)?(?P<what>quarter|half)(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<shift>this|last|next)\s+year))?"
    rf"|(?P<q>Q[1-4])\s+(?P<qyear>{_YEAR})"
)
def _quarter(m: re.Match[str]) -> Expression:
    if m["q"]:
        return Expression(
            "DATE", "quarter", year=int(m["qyear"]), ordinal=int(m["q"][1]), unit="quarter"
        )
    ordinal = W.ORDINALS[m["ord"].lower()]
    unit = m["what"].lower()
    if unit == "half" and ordinal > 2:
        ordinal = 2
    year = int(m["year"]) if m["year"] else None
    return Expression(
        "DATE", "quarter", year=year, ordinal=ordinal, unit=unit, shift=_shift(m["shift"])
    )


@rule(
    rf"(?:(?P<mod>{_MOD})\s*)?(?:(?P<shift>this|last|next|past|coming|previous)\s+|(?P<the>the)\s+)?"
    rf"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?"
)
def _season(m: re.Match[str]) -> Expression | None:
    word = m["season"].lower()
    if word == "fall" and not (m["shift"] or m["year"]):
        return None  # "the fall of the wall"
    introduced = m["shift"] or m["year"] or m["the"] or m["mod"]
    if not introduced and not _preceded_by(m, r"(?i:in|since|during|until|by|over|through)\s+$"):
        return None
    return Expression(
        "DATE", "season", year=int(m["year"]) if m["year"] else None, season=W.SEASONS[word],
        shift=_shift(m["shift"]), mod=_mod(m["mod"]),
    )  # fmt: skip


@rule(
    rf"(?:(?P<shift>last|next|this|coming|past|previous|this\s+past)\s+|(?P<mod>(?i:early|late|mid))\s+)?(?P<wd>{_WEEKDAY})(?P<poss>['’]s)?"
    rf"(?:\s+(?P<part>{_PART}))?(?:\s*\((?P<pmonth>{_MONTH})\s+(?P<pday>{_DAY})\))?"
)
def _weekday_rule(m: re.Match[str]) -> Expression:
    weekday = _weekday(m["wd"])
    part = W.PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    if m["pmonth"]:  # "Tuesday (Nov. 9)"
        return Expression(
            "DATE",
            "date",
            month=_month(m["pmonth"]),
            day=_day(m["pday"]),
            weekday=weekday,
            part=part,
        )
    shift = _shift(m["shift"].split()[-1]) if m["shift"] else None
    mod = _mod(m["mod"])
    return Expression(
        "TIME" if part else "DATE", "weekday", weekday=weekday, shift=shift, part=part, mod=mod
    )


@rule(
    rf"(?P<word>(?i:today|tonight|yesterday|tomorrow))(?:['’]s)?(?:\s+(?P<part>{_PART}))?"
    rf"|(?P<this>(?i:this|last|yesterday|tomorrow))\s+(?P<part2>morning|afternoon|evening|night)"
)
def _deictic(m: re.Match[str]) -> Expression:
    if m["word"]:
        word = m["word"].lower()
        part = (
            "NI"
            if word == "tonight"
            else (W.PARTS_OF_DAY[m["part"].lower()] if m["part"] else None)
        )
        offset = W.DAY_WORDS[word]
    else:
        word = m["this"].lower()
        part = W.PARTS_OF_DAY[m["part2"].lower()]
        offset = {"this": 0, "last": -1 if part == "NI" else 0, "yesterday": -1, "tomorrow": 1}[
            word
        ]
        if word == "last" and part != "NI":
            offset = -1
    return Expression("TIME" if part else "DATE", "deictic", shift=offset, part=part)


@rule(
    rf"(?:(?P<mod>{_MOD})\s+)?(?P<earlier>earlier|later)?\s*(?P<shift>{_SHIFT})\s+"
    r"(?P<unit>(?i:week|weekend|month|year|quarter|decade|century))"
)
def _relative_unit(m: re.Match[str]) -> Expression | None:
    shift_word = m["shift"].lower()
    unit = m["unit"].lower()
    possessive = _followed_by(m, r"['’]s\b")  # "in last month's vote": the month, not a span
    if shift_word == "past" or (
        shift_word == "last"
        and not possessive
        and _preceded_by(m, r"(?i:the|over|in|for|during)\s+$")
    ):
        return Expression("DURATION", "duration", unit=unit, amount=1)  # "over the past year"
    return Expression("DATE", "relative", unit=unit, shift=_shift(shift_word), mod=_mod(m["mod"]))


@rule(
    rf"(?P<mod>{_MOD})\s+the\s+(?P<unit>(?i:week|month|year|quarter|decade|century))"
    r"|(?P<the>(?i:the))\s+(?P<unit2>(?i:week|month|year))\s+(?P<ahead>ahead|to date)"
)
def _part_of_current(m: re.Match[str]) -> Expression:
    # "by the end of the year": this year, its end; "the week ahead": next week.
    if m["unit2"]:
        return Expression(
            "DATE", "relative", unit=m["unit2"].lower(), shift=1 if m["ahead"] == "ahead" else 0
        )
    return Expression("DATE", "relative", unit=m["unit"].lower(), shift=0, mod=_mod(m["mod"]))


@rule(
    rf"(?:(?P<mod>{_MOD})[\s-]*)?(?P<month>{_MONTH_ALONE}),?\s+(?:of\s+)?(?P<shift>this|last|next|the\s+previous|the\s+following)\s+year"
)
def _month_of_relative_year(m: re.Match[str]) -> Expression:
    shift = _shift(m["shift"].split()[-1])
    return Expression(
        "DATE", "month", month=_month(m["month"]), unit="year", shift=shift, mod=_mod(m["mod"])
    )


@rule(r"(?P<the>(?i:the))\s+(?P<unit>year|month|week|day|morning|afternoon|evening|night)")
def _the_unit(m: re.Match[str]) -> Expression | None:
    # "earlier in the year", "later in the day": the period the text is speaking of.
    if not _preceded_by(m, r"(?i:in|during|for|through|throughout|over|of|by|within|all)\s+$"):
        return None
    if _followed_by(m, r"\s+(?:before|after|of|that|when|which|in which|ahead|to date|\d)"):
        return None
    unit = m["unit"].lower()
    part = W.PARTS_OF_DAY.get(unit)
    if part:
        return Expression("TIME", "anchored", unit="day", shift=0, part=part)
    if _preceded_by(m, r"(?i:for|over|throughout|within|all)\s+$"):
        return Expression("DURATION", "duration", unit=unit, amount=1)  # "for the year": its length
    return Expression("DATE", "anchored", unit=unit, shift=0)


@rule(r"(?:(?P<shift>this\s+past|this|last|next|coming|the|past)\s+)weekend")
def _weekend(m: re.Match[str]) -> Expression:
    word = m["shift"].lower().split()[-1]
    return Expression(
        "DATE", "relative", unit="weekend", shift=None if word == "the" else _shift(word)
    )


@rule(
    rf"(?P<vague>{_VAGUE})\s+(?P<unit>(?i:days|weeks|months|years|decades|centuries))\s+(?P<dir>(?i:ago|earlier|from now|hence))"
)
def _vague_offset(m: re.Match[str]) -> Expression:
    ahead = m["dir"].lower() in ("from now", "hence")
    return Expression("DATE", "ref", ref="FUTURE_REF" if ahead else "PAST_REF")


@rule(
    rf"(?:(?P<amod>{_AMOUNT_MOD})\s+)?(?P<num>{_NUMBER})[\s-]+(?P<unit>{_UNIT})\s+"
    r"(?P<dir>(?i:ago|later|earlier|before|after|from now|hence|since))"
)
def _offset(m: re.Match[str]) -> Expression | None:
    amount = _number(m["num"])
    if amount is None:
        return None
    direction = m["dir"].lower()
    if direction in ("before", "after", "since"):
        return None  # "two days before the vote": anchored to an event, not a date
    unit = _unit(m["unit"])
    if unit in ("hour", "minute", "second"):
        # "an hour later": a day-level value would say nothing; the span of time does.
        return Expression("DURATION", "duration", unit=unit, amount=amount, mod=_mod(m["amod"]))
    kind = "offset" if direction in ("ago", "from now", "hence") else "anchored_offset"
    sign = -1 if direction in ("ago", "earlier") else 1
    return Expression("DATE", kind, unit=unit, amount=sign * amount, mod=_mod(m["amod"]))


@rule(
    rf"(?:(?:the|a|an)\s+)?(?:(?P<span>past|last|next|coming|first|previous|following|final)\s+)?"
    rf"(?:(?P<amod>{_AMOUNT_MOD})\s+)?(?P<num>{_NUMBER})(?P<half>\s+and\s+a\s+half)?(?:\s+more)?[\s-]+"
    rf"(?:(?i:consecutive|straight|successive|full|whole)\s+)?(?P<unit>{_UNIT})"
    r"(?P<half2>\s+and\s+a\s+half)?(?:[\s-](?P<adj>long|old))?"
)
def _duration(m: re.Match[str]) -> Expression | None:
    amount = _number(m["num"])
    if amount is None or amount == 0:
        return None
    if m["half"] or m["half2"]:
        amount += 0.5  # "two and a half years", "a year and a half"
    unit = _unit(m["unit"])
    if unit == "weekend":
        return None
    if m["adj"] == "old" or _followed_by(m, r"-old\b"):
        return None  # "a 12-year-old", "a 6-month-old son": an age, not a duration
    if m["unit"][0].isupper() and not m.string[m.start() : m.start() + 1].isupper():
        return None  # "60 Minutes": a title
    if unit == "second" and m["num"].lower() in ("a", "one") and _followed_by(m, r"\s+[a-z]"):
        return None  # "a second betrayal": an ordinal
    return Expression("DURATION", "duration", unit=unit, amount=amount, mod=_mod(m["amod"]))


@rule(
    rf"(?:(?:the\s+)?(?P<span>past|last|next|coming|recent|first)\s+)?(?P<vague>{_VAGUE})?\s*"
    r"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries))(?P<long>-long)?"
    r"|(?P<one>(?i:day|week|month|year|hour))-long"
)
def _vague_duration(m: re.Match[str]) -> Expression | None:
    if m["one"]:
        return Expression("DURATION", "duration", unit=_unit(m["one"]), amount=1)
    counted = m["span"] or m["vague"] or m["long"]
    if not counted and not _preceded_by(
        m, r"(?i:for|in|over|within|after|took|take|takes|spent|lasted)\s+$"
    ):
        return None
    return Expression("DURATION", "duration", unit=_unit(m["unit"]), amount=None)


NIGHT_FROM_HOUR = 6  # "11 at night" is 23:00; "2 at night", 02:00


@rule(
    rf"(?<![\d.:])(?P<hour>1[0-2]|0?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm))"
    rf"(?:\s+(?P<tz>{_TZ}))?(?:\s+(?:on\s+)?(?P<wd>{_WEEKDAY}|(?i:today|tomorrow|yesterday)))?"
    rf"|(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?:\s+(?P<tz24>{_TZ}|local\s+time))"
    rf"|(?P<named>(?i:noon|midnight|midday))(?:\s+(?:on\s+)?(?P<named_wd>{_WEEKDAY}|(?i:today|tomorrow|yesterday)))?"
    r"|(?<![\d.,])(?P<hour12>1[0-2]|0?[1-9])(?:\s+o['’]clock)?\s+(?P<part>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night))"
)
def _clock(m: re.Match[str]) -> Expression | None:
    if m["named"] and _preceded_by(m, r"(?i:high)\s+$"):
        return None  # "high noon"
    if m["hour24"]:
        return Expression("TIME", "clock", hour=int(m["hour24"]), minute=int(m["minute24"]))
    if m["hour12"]:  # "4 in the morning", "11 at night"
        hour = int(m["hour12"]) % 12
        evening = m["part"].lower().endswith(("afternoon", "evening")) or (
            m["part"].lower().endswith("night") and hour >= NIGHT_FROM_HOUR
        )
        return Expression("TIME", "clock", hour=hour + 12 * evening, minute=0)
    if m["named"]:
        hour, minute = (0 if m["named"].lower() == "midnight" else 12), 0
    else:
        hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        minute = int(m["minute"]) if m["minute"] else 0
    weekday = shift = None
    if day := m["wd"] or m["named_wd"]:  # "9 a.m. Tuesday", "noon Thursday"
        word = day.lower().rstrip(".")
        if word in W.DAY_WORDS:
            shift = W.DAY_WORDS[word]
        else:
            weekday = _weekday(word)
    return Expression("TIME", "clock", hour=hour, minute=minute, weekday=weekday, shift=shift)


@rule(
    r"(?P<adverb>(?i:daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly))"
    rf"|(?i:every|each)\s+(?:other\s+)?(?P<unit>(?i:day|week|month|year|morning|evening|night|hour|minute)|{_WEEKDAY})"
    rf"|(?i:every)\s+(?P<num>{_NUMBER}|(?i:few|several|couple of))\s+(?P<units>(?i:days|weeks|months|years|hours|minutes|decades))"
    r"|(?i:every|each)\s+(?P<season>(?i:spring|summer|autumn|fall|winter|weekend))"
    rf"|(?P<freq>(?i:once|twice|three times|four times|\d+ times))\s+(?i:a|an|per|each)\s+(?P<per>(?i:day|week|month|year|hour))"
)
def _set(m: re.Match[str]) -> Expression:
    adverb = (m["adverb"] or "").lower()
    if m["units"]:
        amount = _number(m["num"])  # None for "every few years": an unknown period
        return Expression(
            "SET",
            "set",
            unit=_unit(m["units"]),
            amount=amount if amount else None,
            ref="vague" if amount is None else None,
        )
    if m["season"]:
        word = m["season"].lower()
        if word == "weekend":
            return Expression("SET", "set", unit="weekend")
        return Expression("SET", "set", season=W.SEASONS[word])
    word = (m["unit"] or m["per"] or "").lower().rstrip(".")
    if adverb:
        unit = {"daily": "day", "nightly": "day", "weekly": "week", "monthly": "month",
                "annually": "year", "yearly": "year", "hourly": "hour", "quarterly": "quarter"}[adverb]  # fmt: skip
        return Expression("SET", "set", unit=unit)
    if word in W.WEEKDAYS:
        return Expression("SET", "set", weekday=_weekday(word))
    if word in W.PARTS_OF_DAY:
        return Expression("SET", "set", unit="day", part=W.PARTS_OF_DAY[word])
    return Expression("SET", "set", unit=word)


# Only words that name the present, past or future themselves. Vague adverbs ("recently",
# "soon", "currently", "formerly") date nothing, and TimeBank-style annotation mostly leaves them
# out: none of 7 found on the dev set, 17 of 103 on the silver sample.
@rule(
    r"(?P<ref>(?i:now|the past|the future|the near future|the coming (?:days|weeks|months|years)))"
)
def _generic(m: re.Match[str]) -> Expression | None:
    word = m["ref"].lower()
    if word == "now" and _followed_by(m, r"\s+(?:that|on)\b"):
        return None  # "now that": a conjunction
    return Expression("DATE", "ref", ref=W.GENERIC_REFS[word])


@rule(rf"(?:(?P<shift>last|next|this)\s+)?(?=[A-Z])(?P<holiday>(?i:{_alternation(W.HOLIDAYS)}))")
def _holiday(m: re.Match[str]) -> Expression:
    month, day = W.HOLIDAYS[m["holiday"].lower()]
    return Expression("DATE", "date", month=month, day=day, shift=_shift(m["shift"]))


@rule(
    rf"(?:(?P<shift>last|next|this)\s+)?(?=[A-Z])(?P<holiday>(?i:{_alternation(W.MOVING_HOLIDAYS)}))"
)
def _moving_holiday(m: re.Match[str]) -> Expression:
    name = m["holiday"].lower()
    unit = "week" if name.endswith(" week") else None
    return Expression("DATE", "holiday", ref=name, shift=_shift(m["shift"]), unit=unit)


@rule(
    r"(?P<rel>(?i:(?:earlier|later)\s+that\s+(?:day|week|month|year|morning|night|evening)"
    r"|that\s+(?:same\s+)?(?:day|week|month|year|morning|night|evening|afternoon)"
    r"|the\s+(?:same|next|following|previous|preceding|prior)\s+(?:day|week|month|year|morning|night|evening|afternoon)"
    r"|the\s+day\s+(?:before|after)(?=\s*[.,;:!?)]|\s*$)))"
)
def _anchored(m: re.Match[str]) -> Expression:
    words = m["rel"].lower().split()
    unit = words[-1] if words[-1] not in ("before", "after") else "day"
    shift = 0
    if any(w in words for w in ("next", "following", "after")):
        shift = 1
    elif any(w in words for w in ("previous", "preceding", "prior", "before")):
        shift = -1
    part = W.PARTS_OF_DAY.get(unit)
    if part:
        unit = "day"
    return Expression("TIME" if part else "DATE", "anchored", unit=unit, shift=shift, part=part)


def _preceded_by(m: re.Match[str], pattern: str) -> bool:
    return re.search(pattern, m.string[max(0, m.start() - 20) : m.start()]) is not None


def _followed_by(m: re.Match[str], pattern: str) -> bool:
    return re.match(pattern, m.string[m.end() : m.end() + 30]) is not None


def find_expressions(text: str) -> list[Match]:
    """Every time expression in ``text``, longest first where they overlap, in text order."""
    candidates: list[Match] = []
    for pattern, handler in _GRAMMAR:
        for found in pattern.finditer(text):
            if found.end() == found.start():
                continue
            expression = handler(found)
            if expression is not None:
                start, end = _trim(text, found.start(), found.end())
                candidates.append(Match(start, end, text[start:end], expression))
    chosen: list[Match] = []
    for candidate in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda m: m.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,.;:":
        if text[end - 1] == "." and re.search(r"(?:\b[A-Z][a-z]{1,3}|[ap]\.m)\.$", text[start:end]):
            break  # "Nov." and "a.m." keep their dot
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


# --- resolution -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolved:
    type: TimexType
    value: str
    mod: str | None = None
    range_start: str | None = None
    range_end: str | None = None


def resolve(
    expression: Expression,
    reference: date | None,
    *,
    tense: Tense = None,
    anchor: str | None = None,
) -> Resolved:
    """The TIMEX3 value of an expression, anchored at ``reference`` (``X`` where it cannot be).

    ``anchor`` is the value of the last date mentioned before it (``2023``, ``2023-11``,
    ``2023-11-15``), from which "later that year" and "the next day" count.
    """
    resolver = _RESOLVERS[expression.kind]
    value, start, end = resolver(
        expression, reference, tense, _anchor_date(anchor, expression.unit)
    )
    return Resolved(expression.type, value, expression.mod, start, end)


def _anchor_date(anchor: str | None, unit: str | None) -> date | None:
    """The anchor as a date, if its granularity is fine enough for the unit counted from it."""
    if not anchor:
        return None
    parts = anchor.split("-")
    needed = {"year": 1, "decade": 1, "century": 1, "month": 2, "quarter": 2}.get(unit or "day", 3)
    if len(parts) < needed:
        return None
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 7
    day = int(parts[2]) if len(parts) > 2 else 15
    return date(year, month, day)


def _resolve_date(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.month is not None and e.day is not None
    year = e.year
    weekday_fits = True
    if year is None and e.weekday is not None:
        year = _year_for_weekday(e.month, e.day, e.weekday, ref)
        weekday_fits = year is not None  # none near the reference: the year stays unknown
    if year is None and ref is not None and weekday_fits:
        year = _nearest_year(e.month, e.day, ref, tense, shift=e.shift)
    if e.unit == "week" and year is not None and e.day <= monthrange(year, e.month)[1]:
        iso = date(year, e.month, e.day).isocalendar()  # "the week of March 6"
        return f"{iso.year}-W{iso.week:02d}", None, None
    value = f"{_y(year)}-{e.month:02d}-{e.day:02d}" + (f"T{e.part}" if e.part else "")
    if e.end_day is not None:
        return value, value, f"{_y(year)}-{e.month:02d}-{e.end_day:02d}"
    return value, None, None


def _resolve_month(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.month is not None
    year = e.year
    if year is None and ref is not None and e.unit == "year":
        year = ref.year + (e.shift or 0)  # "July last year"
    if year is None and ref is not None:
        if e.shift in (1, -1):
            year = (
                ref.year
                + (1 if e.shift == 1 and e.month <= ref.month else 0)
                - (1 if e.shift == -1 and e.month >= ref.month else 0)
            )
        else:
            year = _nearest_year(e.month, 15, ref, tense, month_only=True)
    return f"{_y(year)}-{e.month:02d}", None, None


def _resolve_weekday(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.weekday is not None
    part = f"T{e.part}" if e.part else ""
    if ref is None:
        return f"XXXX-WXX-{e.weekday + 1}{part}", None, None
    return _weekday_date(e.weekday, ref, tense, e.shift).isoformat() + part, None, None


def _weekday_date(weekday: int, ref: date, tense: Tense, shift: int | None) -> date:
    delta = weekday - ref.weekday()
    if shift == 1:  # "next Friday": in the coming week
        return ref + timedelta(days=delta % 7 or 7)
    if shift == -1:  # "last Friday"
        return ref - timedelta(days=(-delta) % 7 or 7)
    if delta == 0:
        return ref
    if tense == "past":
        return ref - timedelta(days=(-delta) % 7)
    if tense in ("future", "present"):
        return ref + timedelta(days=delta % 7)
    forward, backward = delta % 7, (-delta) % 7  # no tense: the nearer one, the past on a tie
    return ref + timedelta(days=forward) if forward < backward else ref - timedelta(days=backward)


def _resolve_deictic(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    part = f"T{e.part}" if e.part else ""
    if ref is None:
        return "XXXX-XX-XX" + part, None, None
    return (ref + timedelta(days=e.shift or 0)).isoformat() + part, None, None


def _resolve_relative(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    return (
        _unit_value(
            e.unit or "day", ref, e.shift if e.shift is not None else _tense_shift(tense, e.unit)
        ),
        None,
        None,
    )


def _tense_shift(tense: Tense, unit: str | None) -> int:
    # "over the weekend" said on a Monday: the one just gone; speaking of the future, the next.
    if unit == "weekend":
        return -1 if tense == "past" else 0
    return 0


def _unit_value(unit: str, ref: date | None, shift: int) -> str:
    if ref is None:
        return {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}.get(unit, "XXXX")  # fmt: skip
    if unit in ("week", "weekend"):
        year, week, _ = (ref + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        month = ref + relativedelta(months=shift)
        return f"{month.year:04d}-{month.month:02d}"
    if unit == "quarter":
        quarter_index = ref.year * 4 + (ref.month - 1) // 3 + shift
        return f"{quarter_index // 4:04d}-Q{quarter_index % 4 + 1}"
    if unit == "decade":
        return f"{ref.year // 10 + shift:03d}"
    if unit == "century":
        return f"{ref.year // 100 + shift:02d}"
    if unit == "day":
        return (ref + timedelta(days=shift)).isoformat()
    return f"{ref.year + shift:04d}"


def _resolve_offset(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    base = anchor if e.kind == "anchored_offset" and anchor is not None else ref
    unit, amount = e.unit or "day", e.amount or 0
    if base is None:
        return _unit_value(unit if unit != "day" else "day", None, 0), None, None
    if unit in ("hour", "minute", "second"):
        return base.isoformat(), None, None
    if unit in ("day", "night"):
        return (base + timedelta(days=round(amount))).isoformat(), None, None
    if unit == "week":
        return _unit_value("week", base + timedelta(weeks=round(amount)), 0), None, None
    if unit == "month":
        return _unit_value("month", base, round(amount)), None, None
    factor = {"year": 1, "decade": 10, "century": 100}.get(unit, 1)
    return f"{base.year + round(amount * factor):04d}", None, None


def _resolve_anchored(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    base = anchor or ref
    part = f"T{e.part}" if e.part else ""
    if base is None:
        return "XXXX-XX-XX" + part, None, None
    unit = e.unit or "day"
    return _unit_value(unit, base, e.shift or 0) + (part if unit == "day" else ""), None, None


def _resolve_duration(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    return duration_value(e.unit or "day", e.amount), None, None


def duration_value(unit: str, amount: float | None) -> str:
    """``P3D``, ``PT5H30M``, ``P18M``, ``PXY`` (an unknown number of years)."""
    if unit in W.UNIT_FACTORS:
        unit, factor = W.UNIT_FACTORS[unit]
        amount = amount * factor if amount is not None else None
    letter, timed = W.UNITS[unit]
    prefix = "PT" if timed else "P"
    if unit == "decade":
        letter, amount = "Y", amount * 10 if amount is not None else None
    if unit == "century":
        letter, amount = "Y", amount * 100 if amount is not None else None
    if amount is None:
        return f"{prefix}X{letter}"
    if amount != int(amount) and unit == "second":
        return f"PT{amount:g}S"
    if amount != int(amount):
        smaller = {"hour": ("M", 60, True), "day": ("H", 24, True), "year": ("M", 12, False),
                   "month": ("D", 30, False), "week": ("D", 7, False), "minute": ("S", 60, True)}.get(unit)  # fmt: skip
        if smaller:
            whole, rest = int(amount), round((amount - int(amount)) * smaller[1])
            if smaller[2]:
                head = f"{whole}{letter}" if whole else ""
                return f"PT{head}{rest}{smaller[0]}"
            return f"P{whole * smaller[1] + rest}{smaller[0]}"
    return f"{prefix}{int(amount)}{letter}"


def _resolve_set(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    if e.weekday is not None:
        return f"XXXX-WXX-{e.weekday + 1}", None, None
    if e.season:
        return f"XXXX-{e.season}", None, None
    if e.unit == "weekend":
        return "XXXX-WXX-WE", None, None
    if e.ref == "vague":
        return duration_value(e.unit or "year", None), None, None
    if e.part:
        return f"XXXX-XX-XXT{e.part}", None, None
    return duration_value(e.unit or "day", e.amount or 1), None, None


def _resolve_clock(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.hour is not None
    clock = f"T{e.hour:02d}:{(e.minute or 0):02d}"
    base = anchor or ref
    if e.weekday is not None and ref is not None:
        base = _weekday_date(e.weekday, ref, tense, None)
    elif e.shift is not None and ref is not None:
        base = ref + timedelta(days=e.shift)
    if base is None:
        return "XXXX-XX-XX" + clock, None, None
    return base.isoformat() + clock, None, None


def _resolve_ref(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    return e.ref or "PRESENT_REF", None, None


def _resolve_year(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    return f"{e.year:04d}", None, None


def _resolve_decade(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.year is not None
    return f"{e.year // 10:03d}", None, None


def _resolve_century(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    assert e.year is not None
    return f"{e.year // 100:02d}", None, None


def _resolve_quarter(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    letter = "Q" if e.unit == "quarter" else "H"
    year = e.year
    if year is None and ref is not None:
        if e.shift is not None:
            year = ref.year + e.shift
        else:
            # "fourth-quarter profit" reported in January: the last fourth quarter begun.
            current = (ref.month - 1) // (3 if letter == "Q" else 6) + 1
            ahead = (e.ordinal or 1) > current or ((e.ordinal or 1) == current and tense == "past")
            year = (
                ref.year
                + (1 if tense == "future" and not ahead else 0)
                - (1 if ahead and tense != "future" else 0)
            )
    return f"{_y(year)}-{letter}{e.ordinal}", None, None


def _resolve_holiday(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    if ref is None:
        return "XXXX-XX-XX", None, None
    candidates = [
        (year, holiday_date(e.ref or "", year)) for year in (ref.year - 1, ref.year, ref.year + 1)
    ]
    if e.shift == -1:
        when = max(d for _, d in candidates if d < ref)
    elif e.shift == 1:
        when = min(d for _, d in candidates if d > ref)
    else:
        month, day = candidates[1][1].month, candidates[1][1].day
        when = holiday_date(e.ref or "", _nearest_year(month, day, ref, tense))
    if e.unit == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}", None, None
    return when.isoformat(), None, None


def holiday_date(name: str, year: int) -> date:
    """The date of a moving holiday in a given year."""
    rule = W.MOVING_HOLIDAYS[name]
    if rule[0] == "easter":
        return easter(year) + timedelta(days=int(rule[1]))
    month, weekday, nth = rule  # type: ignore[misc]
    first = date(year, month, 1)
    if nth == 0:  # the Tuesday after the first Monday
        return first + relativedelta(weekday=MO(1)) + timedelta(days=1)
    if nth > 0:
        return first + relativedelta(weekday=WEEKDAYS[weekday](nth))
    return first + relativedelta(day=31, weekday=WEEKDAYS[weekday](-1))


def _resolve_season(e: Expression, ref: Day, tense: Tense, anchor: Day) -> Value:
    year = e.year
    if year is None and ref is not None:
        year = ref.year + (e.shift or 0)
        if e.shift is None and tense == "past" and _season_start(e.season or "SU") > ref.month:
            year -= 1
        if e.shift is None and tense == "future" and _season_end(e.season or "SU") < ref.month:
            year += 1
    return f"{_y(year)}-{e.season}", None, None


def _season_start(season: str) -> int:
    return {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]


def _season_end(season: str) -> int:
    return {"SP": 5, "SU": 8, "FA": 11, "WI": 2}[season]


_RESOLVERS: dict[str, Callable[[Expression, Day, Tense, Day], Value]] = {
    "date": _resolve_date, "month": _resolve_month, "weekday": _resolve_weekday,
    "deictic": _resolve_deictic, "relative": _resolve_relative, "offset": _resolve_offset,
    "anchored_offset": _resolve_offset, "anchored": _resolve_anchored,
    "duration": _resolve_duration, "set": _resolve_set, "clock": _resolve_clock,
    "ref": _resolve_ref, "year": _resolve_year, "decade": _resolve_decade,
    "century": _resolve_century, "quarter": _resolve_quarter, "season": _resolve_season,
    "holiday": _resolve_holiday,
}  # fmt: skip


def _y(year: int | None) -> str:
    return f"{year:04d}" if year is not None else "XXXX"


def _nearest_year(
    month: int,
    day: int,
    ref: date,
    tense: Tense,
    *,
    month_only: bool = False,
    shift: int | None = None,
) -> int:
    """The year that puts a month and day nearest the reference date, on the side the tense
    points to ("said on Nov. 25" in February: last November; "will meet on Jan. 14": ahead)."""
    candidates = []
    leap_day = (month, day) == (2, 29)  # only in a leap year: look as far as the nearest ones
    years = range(ref.year - 4, ref.year + 5) if leap_day else range(ref.year - 1, ref.year + 2)
    for year in years:
        try:
            when = date(year, month, min(day, 28) if month == 2 and not leap_day else day)
        except ValueError:
            continue
        candidates.append((year, when))
    if shift == -1:
        return max(y for y, when in candidates if when < ref)
    if shift == 1:
        return min(y for y, when in candidates if when > ref)
    if month_only:
        same = [y for y, when in candidates if y == ref.year and when.month == ref.month]
        if same:
            return same[0]

    def cost(candidate: tuple[int, date]) -> float:
        # Distance, stretched on the side the tense points away from: the tense decides between
        # two dates at similar distances, not against a date next week ("the Jan. 14 deadline").
        days = (candidate[1] - ref).days
        if tense == "past" and days > 1:
            return days * TENSE_PENALTY
        if tense == "future" and days < -1:
            return -days * TENSE_PENALTY
        if tense in (None, "present") and days > 1:
            return days * NEWS_PAST_BIAS  # news tells what happened more than what will
        return abs(days)

    return min(candidates, key=cost)[0]


def _year_for_weekday(month: int, day: int, weekday: int, ref: date | None) -> int | None:
    """The year in which a month and day fall on ``weekday``, nearest the reference date. With
    none, no year: the pair holds in a year of every five to eleven, and which is a guess."""
    if ref is None:
        return None
    fitting = []
    for year in range(ref.year - 12, ref.year + 13):
        try:
            if date(year, month, day).weekday() == weekday:
                fitting.append(year)
        except ValueError:
            continue
    if not fitting:
        return None
    return min(fitting, key=lambda y: abs((date(y, month, day) - ref).days))

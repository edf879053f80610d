"""When was an article published? Evidence, best first, and a date only where it holds.

Sources, in order of trust:

1. **metadata**: what the page or feed states (JSON Lines field, HTML meta tags via htmldate);
2. **dateline**: "PORT ANSELM, March 4, 2021 (Coastwire) -" at the head of the body;
3. **header**: a date line printed above the article. It may be the day the page was rendered,
   not written: when the article's own content points to a date weeks away from it, the content
   wins and the header is kept as the render date, with the reason;
4. **inferred**: candidates, then evidence. Each clue in the text bounds the day or names the
   days it may be: the latest day told in the past tense ("on Nov. 24, 2017 they seized …", "in
   2016", a dated photo caption) is a lower bound; the crawl date, when the user gives one (else
   today), an upper bound; a weekday with its date ("Thursday, July 14") names the years in which
   it holds, and decides only when the bounds (or other such pairs) leave one; a reported full
   date that is the weekday the text speaks of in the past tense ("said on Tuesday" beside
   "June 11, 2019", a Tuesday) dates the article to that day, unless it tells of something later.
   Bounds alone give a range, a month or a year when they are that close (``2017-12``, with
   ``start`` and ``end`` where the range is narrower than the value).

Nothing supports a date: ``None``. A confident wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.analyse.timenorm import Expression, Match, find_expressions
from storyline.analyse.timexes import FoundTimex
from storyline.records import DATE_CANDIDATES, PublishedDate
from storyline.records import DateEvidence as Evidence

HEADER_CONFIDENCE = 0.7
DATELINE_CONFIDENCE = 0.8
CONFIRMED_DAY_CONFIDENCE = 0.6  # a reported date on the weekday the text speaks of
WEEKDAY_DATE_CONFIDENCE = 0.6  # a weekday with its date, in the one year the bounds leave
RANGE_CONFIDENCE = 0.8  # between the latest day told in the past and the crawl date
YEAR_CONFIDENCE = 0.9
MAX_RANGE_DAYS = 31
OPEN_YEARS_SHOWN = 4
WEEKDAY_BEFORE_LOWER = timedelta(days=31)  # a weekday's date may be a little before the bound
RENDER_DATE_GAP = timedelta(
    days=21
)  # a header this far from what the content says is no byline date
_DATELINE = re.compile(
    r"\A\s*(?P<line>[^\n]{3,90}?)\s*(?:\(\s*[A-Z][\w ./&-]{1,30}\)\s*)?(?:--|—|–|-|_|:)\s"
)


@dataclass(frozen=True, slots=True)
class DateDecision:
    published: PublishedDate | None
    evidence: tuple[Evidence, ...]
    render_date: str | None = None  # a page date the content shows was not the article's


def publication_date(
    *,
    metadata: PublishedDate | None,
    header: str | None,
    body: str,
    captions: tuple[str, ...],
    found: list[FoundTimex],
    upper_bound: date,
    crawled: bool = False,
) -> DateDecision:
    """Decide the publication date of one article from everything it carries. ``upper_bound``
    is the crawl date when ``crawled``, else today: the article is no later."""
    if metadata is not None:
        evidence = Evidence(
            metadata.value, "metadata", metadata.confidence, "stated by the page or feed"
        )
        return DateDecision(metadata, (evidence,))
    dateline = _dateline(body, upper_bound)
    if dateline is not None:
        decided = PublishedDate(dateline.value, "dateline", DATELINE_CONFIDENCE)
        return DateDecision(decided, (dateline,))
    inferred, content = _inferred(found, body, captions, upper_bound, crawled)
    header_evidence = _header(header, upper_bound)
    if header_evidence is None:
        return DateDecision(inferred, tuple(content))
    header_day = date.fromisoformat(header_evidence.value)
    if (
        inferred is None
        or len(inferred.value) < 10
        or (abs(_day(inferred.value) - header_day) <= RENDER_DATE_GAP)
    ):
        decided = PublishedDate(header_evidence.value, "header", HEADER_CONFIDENCE)
        return DateDecision(decided, (header_evidence, *content))
    doubt = Evidence(
        header_evidence.value, "header", 0.0,
        f"page header date {header_evidence.value} set aside: the content points to "
        f"{inferred.value}, so the header is the page's render date",
    )  # fmt: skip
    return DateDecision(inferred, (doubt, *content), render_date=header_evidence.value)


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)


def _dateline(body: str, upper_bound: date) -> Evidence | None:
    match = _DATELINE.match(body)
    if not match or not re.search(r"[A-Z]{2,}|\(", match.group(0)):
        return None  # a dateline names a place in capitals or an agency in brackets
    for expression in find_expressions(match["line"]):
        e = expression.expression
        if e.kind == "date" and e.year is not None and e.month and e.day:
            value = f"{e.year:04d}-{e.month:02d}-{e.day:02d}"
            if date.fromisoformat(value) <= upper_bound:
                return Evidence(
                    value, "dateline", DATELINE_CONFIDENCE, f"dateline {match['line']!r}"
                )
    return None


def _header(header: str | None, upper_bound: date) -> Evidence | None:
    if not header:
        return None
    for expression in find_expressions(header):
        e = expression.expression
        if e.kind == "date" and e.year is not None and e.month and e.day:
            value = f"{e.year:04d}-{e.month:02d}-{e.day:02d}"
            if date.fromisoformat(value) <= upper_bound:
                return Evidence(value, "header", HEADER_CONFIDENCE, f"page header {header!r}")
    return None


def _inferred(
    found: list[FoundTimex], body: str, captions: tuple[str, ...], upper_bound: date, crawled: bool
) -> tuple[PublishedDate | None, list[Evidence]]:
    """Candidates, then evidence: each clue in the text bounds the publication day or names
    days it may be; the decision is what they leave together, at the granularity they allow.
    A single ambiguous clue (a weekday with its date fits a year in every five to eleven)
    never decides the year."""
    shown = [match for caption in captions for match in find_expressions(caption)]
    lower = _lower_bound(found, body, shown, upper_bound if crawled else None)
    evidence = [lower] if lower else []
    if crawled:
        reason = "crawled then: published on or before it"
        evidence.append(Evidence(upper_bound.isoformat(), "crawl", 0.0, reason))
    earliest = date.fromisoformat(lower.value) if lower else None
    candidates = [
        *_weekday_days(found, earliest, upper_bound),
        *_confirmed_days(found, shown, earliest),
    ]
    evidence += candidates
    days = [item for item in candidates if item.weight > 0]
    named = max(days, key=lambda item: (item.value, item.weight)) if days else None
    if named is not None:  # the day things happened on: the article is that day or after
        earliest = max(earliest or date.min, date.fromisoformat(named.value))
    if earliest is not None and (upper_bound - earliest).days < MAX_RANGE_DAYS:
        return _between(earliest, upper_bound), evidence
    if named is not None:
        return PublishedDate(named.value, "inferred", named.weight), evidence
    if earliest is not None and earliest.year == upper_bound.year:
        return PublishedDate(str(earliest.year), "inferred", YEAR_CONFIDENCE), evidence
    return None, evidence


# Words that make the date after them a target or a window, not a day that has been:
# "delayed the launch until 2018", "a launch window between Feb 8 and 25".
_NOT_YET = re.compile(
    r"\b(?:until|till|by|to|through|before|between|ahead\s+of)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|middle)\s+of\s+|(?:early|late|mid)[\s-]+)?\Z",
    re.IGNORECASE,
)
# A date that names a thing ("the Jan. 14 deadline", "a Nov. 8 vote") says nothing of
# whether that day has come.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|this|that)\s+\Z", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\A[\s-]+[a-z]")


def _told_as_past(item: FoundTimex, body: str) -> bool:
    """Whether a dated expression tells of a day that has been: said in the past tense, and
    neither a target, a window nor a name."""
    if item.tense != "past":
        return False
    start, end = item.match.start, item.match.end
    before, after = body[max(0, start - 30) : start], body[end : end + 3]
    if _NOT_YET.search(before):
        return False
    return not (_ARTICLE_BEFORE.search(before) and _WORD_AFTER.match(after))


def _lower_bound(
    found: list[FoundTimex], body: str, shown: list[Match], crawl: date | None
) -> Evidence | None:
    """The latest day the article tells of in the past tense (a dated photo caption too): it
    was written on or after it. With a crawl date, a day given without its year ("on Dec. 12")
    is its latest occurrence before the crawl."""
    bounds: list[Evidence] = []
    latest = crawl or date.max
    for item in found:
        day = _first_day(item.match.expression, crawl)
        if day is not None and day <= latest and _told_as_past(item, body):
            reason = f"{item.match.text!r}, told in the past tense: published on or after it"
            bounds.append(Evidence(day.isoformat(), "inferred", 0.0, reason))
    for match in shown:
        day = _first_day(match.expression, None)
        if day is not None and day <= latest and match.expression.day:
            reason = f"photo caption dated {match.text!r}: published on or after it"
            bounds.append(Evidence(day.isoformat(), "inferred", 0.0, reason))
    return max(bounds, key=lambda item: item.value) if bounds else None


def _first_day(e: Expression, crawl: date | None) -> date | None:
    """The first day a dated expression names: a day, a month of a year, a year. With a crawl
    date, a day or a month given without its year ("on Dec. 12", "in March") is its latest
    occurrence before the crawl."""
    try:
        if e.kind == "date" and e.month and e.day:
            if e.year is not None:
                return date(e.year, e.month, e.day)
            return _latest_before(crawl, e.month, e.day) if crawl else None
        if e.kind == "month" and e.month:
            if e.year is not None:
                return date(e.year, e.month, 1)
            return _latest_before(crawl, e.month, 1) if crawl else None
        if e.kind == "year" and e.year is not None:
            return date(e.year, 1, 1)
    except ValueError:  # 29 February of a year without one
        return None
    return None


def _latest_before(crawl: date, month: int, day: int) -> date:
    this_year = date(crawl.year, month, day)
    return this_year if this_year <= crawl else date(crawl.year - 1, month, day)


def _weekday_days(
    found: list[FoundTimex], earliest: date | None, upper_bound: date
) -> list[Evidence]:
    """Days named by a weekday with its date ("Thursday, July 14") in the one year the other
    clues leave them all: after the article's latest past day (a month before it at most),
    not after the upper bound, and the same year for every such pair."""
    pairs = [
        f
        for f in found
        if (e := f.match.expression).kind == "date"
        and e.weekday is not None
        and e.year is None
        and e.month
        and e.day
        and f.tense != "future"
    ]
    if not pairs:
        return []
    first = earliest - WEEKDAY_BEFORE_LOWER if earliest else date(upper_bound.year - 100, 1, 1)
    years: set[int] | None = None
    for pair in pairs:
        e = pair.match.expression
        fitting = {
            y
            for y in range(first.year, upper_bound.year + 1)
            if _is_weekday(y, e) and first <= date(y, e.month or 1, e.day or 1) <= upper_bound
        }
        years = fitting if years is None else years & fitting
    if not years or len(years) > 1:
        return [_open_candidates(pair, first, upper_bound) for pair in pairs]
    (year,) = years
    evidence = []
    for pair in pairs:
        e = pair.match.expression
        day = date(year, e.month or 1, e.day or 1)
        reason = f"{pair.match.text!r}: a {day:%A} in {year} only, of the years left open"
        evidence.append(Evidence(day.isoformat(), "inferred", WEEKDAY_DATE_CONFIDENCE, reason))
    return evidence


def _open_candidates(pair: FoundTimex, first: date, upper_bound: date) -> Evidence:
    """A weekday with its date the bounds leave open: its latest years, kept as evidence
    that decides nothing."""
    e = pair.match.expression
    years = [y for y in range(first.year, upper_bound.year + 1) if _is_weekday(y, e)][::-1]
    shown = ", ".join(str(y) for y in years[:OPEN_YEARS_SHOWN])
    more = " and earlier" if len(years) > OPEN_YEARS_SHOWN else ""
    reason = f"{pair.match.text!r} holds in {shown}{more}: nothing else chooses the year"
    days = " ".join(date(y, e.month or 1, e.day or 1).isoformat() for y in years)
    return Evidence(days, DATE_CANDIDATES, 0.0, reason)


def _is_weekday(year: int, e: Expression) -> bool:
    try:
        return date(year, e.month or 1, e.day or 1).weekday() == e.weekday
    except ValueError:
        return False


def _confirmed_days(
    found: list[FoundTimex], shown: list[Match], earliest: date | None
) -> list[Evidence]:
    """A full date the article reports or its photo captions show that is the weekday it says
    things happened on ("said on Friday" beside "March 4, 2021", a Friday): the day it was
    written, or close to it — unless the article tells of something later (then the date is
    history)."""
    weekdays = {
        f.match.expression.weekday
        for f in found
        if f.match.expression.kind == "weekday" and f.tense == "past"
    }
    reported = [(item.match, "") for item in found if item.tense != "future"] + [
        (match, "photo caption ") for match in shown
    ]
    confirmed = []
    for match, where in reported:
        e = match.expression
        if e.kind != "date" or e.year is None or not e.month:
            continue
        day = _first_day(e, None)
        if day is None or day.weekday() not in weekdays or (earliest and day < earliest):
            continue
        reason = f"{where}{match.text!r}: a {day:%A}, as in the text's own past-tense weekday"
        confirmed.append(Evidence(day.isoformat(), "inferred", CONFIRMED_DAY_CONFIDENCE, reason))
    return confirmed


def _between(earliest: date, latest: date) -> PublishedDate:
    """The publication day lies between two bounds under a month apart: the narrowest date
    that holds them both, with the bounds themselves."""
    if earliest.month == latest.month and earliest.year == latest.year:
        value = earliest.strftime("%Y-%m")
    elif earliest.year == latest.year:
        value = str(earliest.year)
    else:  # late December to early January: no ISO prefix holds both; the range says it
        value = earliest.strftime("%Y-%m")
    return PublishedDate(
        value, "inferred", RANGE_CONFIDENCE, earliest.isoformat(), latest.isoformat()
    )


def reference_date(published: PublishedDate | None) -> date | None:
    """The date relative expressions count from: the publication day, when known to the day."""
    if published is None or len(published.value) < 10:
        return None
    return date.fromisoformat(published.value[:10])

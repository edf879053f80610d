"""When was an article published? Evidence, best first, and a date only where it holds.

Sources, in order of trust:

1. **metadata**: what the page or feed states (JSON Lines field, HTML meta tags via htmldate);
2. **dateline**: "PORT ANSELM, March 4, 2021 (Coastwire) -" at the head of the body;
3. **header**: a date line printed above the article. It may be the day the page was rendered,
   not written: when the article's own content points to a date weeks away from it, the content
   wins and the header is kept as the render date, with the reason;
4. **inferred**: from the text itself: a weekday given with a date ("Thursday (March 4)") fixes
   the year (the latest in which that date is that weekday, not after the crawl or today); an
   explicit date in past-tense narration is a lower bound; a past-tense weekday that names the
   same day ("officials said on Tuesday" beside "June 11, 2019", a Tuesday) dates the article
   to that day.

Nothing supports a date: ``None``. A confident wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.analyse.timenorm import Expression, find_expressions, year_for_weekday
from storyline.analyse.timexes import FoundTimex
from storyline.records import DateEvidence as Evidence
from storyline.records import PublishedDate

HEADER_CONFIDENCE = 0.7
DATELINE_CONFIDENCE = 0.8
INFERRED_DAY_CONFIDENCE = 0.6
INFERRED_LOWER_BOUND_CONFIDENCE = 0.4
RENDER_DATE_GAP = timedelta(
    days=21
)  # a header this far from what the content says is no byline date
RECENT_WEEKDAY = timedelta(days=7)
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
) -> DateDecision:
    """Decide the publication date of one article from everything it carries."""
    if metadata is not None:
        evidence = Evidence(
            metadata.value, "metadata", metadata.confidence, "stated by the page or feed"
        )
        return DateDecision(metadata, (evidence,))
    dateline = _dateline(body, upper_bound)
    if dateline is not None:
        decided = PublishedDate(dateline.value, "dateline", DATELINE_CONFIDENCE)
        return DateDecision(decided, (dateline,))
    content = list(_content_evidence(found, captions, upper_bound))
    estimate = _estimate(content)
    header_evidence = _header(header, upper_bound)
    if header_evidence is not None:
        header_day = date.fromisoformat(header_evidence.value)
        if estimate is None or abs(_day(estimate.value) - header_day) <= RENDER_DATE_GAP:
            decided = PublishedDate(header_evidence.value, "header", HEADER_CONFIDENCE)
            return DateDecision(decided, (header_evidence, *content))
        doubt = Evidence(
            header_evidence.value, "header", 0.0,
            f"page header date {header_evidence.value} set aside: the content points to "
            f"{estimate.value} ({estimate.reason}), so the header is the page's render date",
        )  # fmt: skip
        published = PublishedDate(estimate.value, "inferred", estimate.weight)
        return DateDecision(published, (doubt, *content), render_date=header_evidence.value)
    if estimate is None:
        return DateDecision(None, tuple(content))
    return DateDecision(PublishedDate(estimate.value, "inferred", estimate.weight), tuple(content))


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


def _content_evidence(
    found: list[FoundTimex], captions: tuple[str, ...], upper_bound: date
) -> list[Evidence]:
    """Dates the article's words fix without knowing when it was written."""
    evidence: list[Evidence] = []
    past_weekdays = [f for f in found if f.match.expression.kind == "weekday" and f.tense == "past"]
    for item in found:
        e = item.match.expression
        fixed = _fixed_day(e, upper_bound)
        if fixed is None or item.tense == "future":
            continue
        text = item.match.text
        if e.weekday is not None and e.year is None:
            reason = f"{text!r}: the latest year in which that date is that weekday"
            evidence.append(
                Evidence(fixed.isoformat(), "inferred", INFERRED_DAY_CONFIDENCE, reason)
            )
        else:
            reason = f"{text!r}: a date the article reports"
            weight = INFERRED_LOWER_BOUND_CONFIDENCE
            evidence.append(Evidence(fixed.isoformat(), "inferred", weight, reason))
    for caption in captions:
        for match in find_expressions(caption):
            fixed = _fixed_day(match.expression, upper_bound)
            if fixed is not None:
                reason = f"photo caption dated {match.text!r}"
                weight = INFERRED_LOWER_BOUND_CONFIDENCE
                evidence.append(Evidence(fixed.isoformat(), "inferred", weight, reason))
    return _confirm_by_weekdays(evidence, past_weekdays)


def _fixed_day(e: Expression, upper_bound: date) -> date | None:
    """A day the expression names on its own: with a year, or a weekday that fixes the year."""
    if e.kind != "date" or e.month is None or e.day is None:
        return None
    year = e.year
    if year is None and e.weekday is not None:
        year = year_for_weekday(e.month, e.day, e.weekday, latest=upper_bound)
    if year is None:
        return None
    try:
        fixed = date(year, e.month, e.day)
    except ValueError:
        return None
    return fixed if fixed <= upper_bound else None


def _confirm_by_weekdays(
    evidence: list[Evidence], past_weekdays: list[FoundTimex]
) -> list[Evidence]:
    """A reported date that is the weekday the article says things happened on ("said on
    Friday") is the day it was written, or close to it: raise its weight."""
    weekdays = {f.match.expression.weekday for f in past_weekdays}
    confirmed = []
    for item in evidence:
        day = date.fromisoformat(item.value)
        if day.weekday() in weekdays:
            reason = item.reason + f", a {day:%A} as in the text's own past-tense weekday"
            item = Evidence(item.value, item.source, INFERRED_DAY_CONFIDENCE, reason)
        confirmed.append(item)
    return confirmed


def _estimate(evidence: list[Evidence]) -> Evidence | None:
    """The latest date the article reports as the day things happened (a weekday with its
    date, or a date that is the weekday the text says it spoke of): it was written then.
    A date reported without such support is only a lower bound, and dates nothing."""
    strong = [item for item in evidence if item.weight >= INFERRED_DAY_CONFIDENCE]
    return max(strong, key=lambda item: item.value) if strong else None


def reference_date(published: PublishedDate | None) -> date | None:
    """The date relative expressions count from: the publication day, when known to the day."""
    if published is None or len(published.value) < 10:
        return None
    return date.fromisoformat(published.value[:10])

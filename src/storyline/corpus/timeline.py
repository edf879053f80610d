"""Events built from reports from scratch, as known on a given day.

The stored events grow incrementally as articles arrive (:mod:`storyline.corpus.event_linking`);
this builds them again from the reports alone, which is what ``timeline --as-of`` needs: only
articles published by that day are read, and an undated article only when what was known by
then places it before that day, so nothing written later leaks into the picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.corpus.estimates import Estimate, estimate_publication, redated
from storyline.corpus.events import (
    UNDATED,
    Cluster,
    Event,
    EventIndex,
    Report,
    Reporting,
    group_document,
    lead_group,
    summarise,
)


@dataclass(frozen=True, slots=True)
class Document:
    """What the event layer needs of a document."""

    id: str
    published: date | None
    latest: date | None = None  # an upper bound on an undated one (its crawl date)
    candidates: tuple[date, ...] = ()  # undated: the days its own date clue leaves it


@dataclass(slots=True)
class Built:
    events: list[Event]
    estimates: dict[str, Estimate]


def build_events(
    reports: Iterable[Report],
    documents: Mapping[str, Document],
    names: Mapping[str, str],
    *,
    as_of: date | None = None,
) -> Built:
    """Every event the reports speak of. Dated documents are read in publication order, then
    each undated one is placed in time by the events it shares with them."""
    by_document: dict[str, list[Report]] = {}
    for report in reports:
        by_document.setdefault(report.document, []).append(report)
    dated = sorted(
        (
            d
            for d in by_document
            if (p := _published(documents, d)) and (as_of is None or p <= as_of)
        ),
        key=lambda d: (_published(documents, d), d),
    )
    undated = sorted(d for d in by_document if _published(documents, d) is None)
    reporting: dict[str, Reporting] = {
        d: Reporting(published=_published(documents, d)) for d in dated
    }
    index = EventIndex()
    for document in dated:
        add_document(index, by_document[document], reporting[document])
    estimates: dict[str, Estimate] = {}
    for document in undated:
        known = documents.get(document)
        placed = place_undated(
            index, by_document[document], latest=known.latest if known else None,
            candidates=known.candidates if known else (),
        )  # fmt: skip
        if placed is None:
            if as_of is None:  # still part of the story, just not placed in time
                add_document(index, by_document[document], UNDATED)
            continue
        estimate, own = placed
        if as_of is not None and estimate.interval.end > as_of:
            continue
        estimates[document] = estimate
        reporting[document] = Reporting(estimate=estimate.interval)
        by_document[document] = own
        add_document(index, own, reporting[document])
    index.consolidate(list(index.clusters))  # as the corpus step does after each chunk
    reports_by_event = {c.id: c.reports for c in index.clusters.values()}
    latest = {d: documents[d].latest if d in documents else None for d in undated}
    candidates = {d: documents[d].candidates for d in undated if d in documents}
    refined = refine_estimates(reports_by_event, reporting, latest, candidates)
    for document, estimate in refined.items():
        if as_of is None or estimate.interval.end <= as_of:
            estimates[document] = estimate
            reporting[document] = Reporting(estimate=estimate.interval)
    events = [summarise(c, reporting, names) for c in index.clusters.values()]
    return Built(sorted(events, key=lambda e: (e.sort_day, e.id)), estimates)


def add_document(
    index: EventIndex, reports: Sequence[Report], reporting: Reporting
) -> list[Cluster]:
    """Group one document's reports and link each group to the corpus: to the event it
    agrees with, else as an event of its own (even "the driver was arrested", which says
    nothing of who, where or when, is a happening the article reports)."""
    groups = group_document(reports, reporting)
    if not groups:
        return []
    main = lead_group(groups)
    linked = [index.link(main)]
    for group in groups:
        if group is not main:
            group.add_context(linked[0].id)  # the story it is told in: its article's lead
            linked.append(index.link(group))
    return linked


def place_undated(
    index: EventIndex,
    reports: Sequence[Report],
    *,
    latest: date | None = None,
    candidates: Sequence[date] = (),
) -> tuple[Estimate, list[Report]] | None:
    """An undated document's estimated date, from the events its groups would join, with its
    reports' relative dates read against it; ``None`` when nothing places it."""
    events: dict[int, Cluster] = {}
    for group in group_document(reports, UNDATED):
        if not group.anchored:
            continue
        event = index.best(group.facts())
        if event is not None:
            events.update((report.index, event) for report in group.reports)
    estimate = estimate_publication(reports, events, latest=latest, candidates=candidates)
    if estimate is None:
        return None
    return estimate, redated(reports, estimate)


def refine_estimates(
    reports_by_event: Mapping[str, Sequence[Report]],
    reporting: Mapping[str, Reporting],
    latest: Mapping[str, date | None],
    candidates: Mapping[str, Sequence[date]] | None = None,
) -> dict[str, Estimate]:
    """Estimate each of the undated documents in ``latest`` again, now that all documents are
    linked, against its events as dated by the other documents alone (an article's own dates
    must not place it)."""
    events_of: dict[str, set[str]] = {}
    for event_id, reports in reports_by_event.items():
        for report in reports:
            events_of.setdefault(report.document, set()).add(event_id)
    refined = {}
    for document, bound in latest.items():
        others: dict[str, Cluster] = {}
        for event_id in events_of.get(document, ()):
            cluster = Cluster(id=event_id, family=reports_by_event[event_id][0].family)
            for report in reports_by_event[event_id]:
                if report.document != document:
                    cluster.add(report, reporting.get(report.document, UNDATED))
            others[event_id] = cluster
        own = [
            (report, others[event_id])
            for event_id in events_of.get(document, ())
            for report in reports_by_event[event_id]
            if report.document == document
        ]
        estimate = estimate_publication(
            [report for report, _ in own],
            {report.index: cluster for report, cluster in own},
            latest=bound,
            candidates=(candidates or {}).get(document, ()),
        )
        if estimate is not None:
            refined[document] = estimate
    return refined


def _published(documents: Mapping[str, Document], document: str) -> date | None:
    known = documents.get(document)
    return known.published if known else None

"""The corpus step for events: link each stored document's event mentions to corpus events.

Incremental, like entity linking (run after it: participants are corpus entities): only
mentions not linked yet are read, dated documents in publication order and then undated ones,
which are placed in time by the events they share with what is already known. Each event a
document touched is summarised again from all its mentions (date, status, trajectory) in the
same transaction. ``rebuild`` starts over from every document's own analysis.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from storyline.analyse.event_words import ONLINE
from storyline.analyse.events import ACTOR_LABELS
from storyline.analyse.known_names import is_media
from storyline.corpus.estimates import Estimate
from storyline.corpus.events import (
    UNDATED,
    Cluster,
    Event,
    EventIndex,
    Report,
    Reporting,
    is_country,
    nation_of,
    set_aside_by,
    summarise,
)
from storyline.corpus.timeline import Document, add_document, place_undated, refine_estimates
from storyline.corpus.when import Interval, Partial, day_of, parse_day
from storyline.store.corrections import CorrectionRecord
from storyline.store.database import Store
from storyline.store.events import (
    DocumentDates,
    DocumentEntityRow,
    DocumentEstimate,
    EventRecord,
    EventReportRow,
)

DOCUMENTS_PER_TRANSACTION = 200
PERSON_LABELS = ("PERSON",)
# A report's participants that are no person: countries, bodies, groups.
GROUP_LABELS = tuple(label for label in ACTOR_LABELS if label not in PERSON_LABELS)


@dataclass(slots=True)
class EventReport:
    documents: int = 0
    mentions: int = 0
    events: int = 0  # events created or changed
    placed: int = 0  # undated documents given an estimated date


def link_events(store: Store, *, rebuild: bool = False) -> EventReport:
    """Link the event mentions of every document not linked yet (all of them with ``rebuild``)."""
    if rebuild:
        with store.transaction():
            store.reset_event_links()
    report = EventReport()
    pending = _pending_documents(store)
    index = EventIndex(_stored_clusters(store, pending[0].published if pending else None))
    for offset in range(0, len(pending), DOCUMENTS_PER_TRANSACTION):
        chunk = pending[offset : offset + DOCUMENTS_PER_TRANSACTION]
        if chunk[0].published is not None:
            index.set_aside(chunk[0].published)
        _link_chunk(store, index, chunk, report)
    undated = [d for d in pending if d.published is None]
    _refine_estimates(store, index, undated + _undated_told_of_new(store, pending))
    apply_event_link_corrections(store)
    return report


def apply_event_link_corrections(store: Store) -> None:
    """The merges and splits of events a user made, oldest first, over what linking made: run
    after every linking, so they hold through new articles and a rebuild. One naming an event
    that is not there (not yet, or no more) waits."""
    fixes = sorted(store.corrections(kind="event-link"), key=lambda c: c.id)
    if not fixes:
        return
    touched: set[str] = set()
    with store.transaction():
        for fix in fixes:
            if "merge" in fix.value:
                others = [e for e in fix.value["merge"] if store.event_title(e) is not None]
                if others and store.event_title(fix.target) is not None:
                    store.merge_events((other, fix.target) for other in others)
                    touched.add(fix.target)
            elif store.split_event(fix.target, fix.value["split"], split_id(fix)):
                touched |= {fix.target, split_id(fix)}
        events = summarise_events(store, touched)
        store.replace_events(_event_record(event, None) for event in events)


def split_id(fix: CorrectionRecord) -> str:
    """The id of the event a split makes: from the event and the document taken out of it."""
    digest = hashlib.sha1(f"{fix.target}:{fix.value['split']}".encode()).hexdigest()
    return "ev-" + digest[:12]


def _undated_told_of_new(store: Store, pending: Sequence[Document]) -> list[Document]:
    """Undated documents of earlier runs that report an event a newly dated one reports: what
    the new one says of its date may place them now."""
    dated = [d.id for d in pending if d.published is not None]
    if not dated:
        return []
    known = {d.id for d in pending}
    return [
        stored_document(d)
        for d in store.undated_reporting_events(store.events_of_documents(dated))
        if d.id not in known
    ]


def _refine_estimates(store: Store, index: EventIndex, undated: Sequence[Document]) -> None:
    """Place the run's undated documents again, against everything linked by now."""
    if not undated:
        return
    event_ids = store.events_of_documents(document.id for document in undated)
    reports_by_event = _reports_of_events(store, sorted(event_ids))
    documents = {r.document for reports in reports_by_event.values() for r in reports}
    reporting = read_reporting(store, documents)
    refined = refine_estimates(
        reports_by_event, reporting, {d.id: d.latest for d in undated},
        {d.id: d.candidates for d in undated},
    )  # fmt: skip
    changed = {
        document: estimate
        for document, estimate in refined.items()
        if reporting.get(document, UNDATED).estimate != estimate.interval
    }
    if not changed:
        return
    touched = {
        event_id
        for event_id, reports in reports_by_event.items()
        if any(r.document in changed for r in reports)
    }
    with store.transaction():
        _save_estimates(store, changed)
        _save_events(store, summarise_events(store, touched), index)


def _pending_documents(store: Store) -> list[Document]:
    """The documents with mentions to link, dated ones first in publication order."""
    return [stored_document(d) for d in store.event_documents_to_link()]


def stored_document(dates: DocumentDates) -> Document:
    """What the event layer needs of a stored document's dates."""
    return Document(
        dates.id, day_of(dates.published), parse_day(dates.crawl_date),
        tuple(date.fromisoformat(day) for day in dates.candidates),
    )  # fmt: skip


def _link_chunk(
    store: Store, index: EventIndex, documents: Sequence[Document], report: EventReport
) -> None:
    reports = read_reports(store, [d.id for d in documents], linked=False)
    touched: set[str] = set()
    assignments: list[tuple[str, int, str | None]] = []
    estimates: dict[str, Estimate] = {}
    redated: list[Report] = []
    for document in documents:
        own = reports.get(document.id, [])
        reporting = Reporting(published=document.published) if document.published else UNDATED
        if document.published is None and (
            placed := place_undated(
                index, own, latest=document.latest, candidates=document.candidates
            )
        ):
            estimates[document.id], placed_reports = placed
            redated += [new for new, old in zip(placed_reports, own, strict=True) if new != old]
            own = placed_reports
            reporting = Reporting(estimate=placed[0].interval)
        linked = {
            r.index: c.id
            for c in add_document(index, own, reporting)
            for r in c.reports
            if r.document == document.id
        }
        touched.update(linked.values())
        assignments += [(document.id, r.index, linked.get(r.index)) for r in own]
        report.documents += 1
        report.mentions += len(own)
    report.placed += len(estimates)
    merged = index.consolidate(touched)
    assignments = [(d, i, merged.get(e, e) if e else e) for d, i, e in assignments]
    touched = {merged.get(e, e) for e in touched}
    with store.transaction():
        _save_estimates(store, estimates)
        store.redate_event_mentions((r.document, r.index, r.date) for r in redated)
        store.link_event_mentions(assignments)
        store.merge_events(merged.items())
        events = summarise_events(store, touched)
        _save_events(store, events, index)
    index.settle(touched)
    report.events += len(touched)


def summarise_events(store: Store, event_ids: Iterable[str]) -> list[Event]:
    """Events from all their stored mentions."""
    ids = sorted(set(event_ids))
    if not ids:
        return []
    reports = _reports_of_events(store, ids)
    documents = {r.document for own in reports.values() for r in own}
    reporting = read_reporting(store, documents)
    names = entity_names(store, {k for own in reports.values() for r in own for k in _keys(r)})
    events = []
    for event_id in ids:
        own = reports.get(event_id, [])
        if not own:
            continue
        cluster = Cluster(id=event_id, family=own[0].family, reports=list(own))
        events.append(summarise(cluster, reporting, names))
    return events


def _keys(report: Report) -> set[str]:
    return set(report.persons | report.actors)


# --- reading ------------------------------------------------------------------------------------


def read_reports(
    store: Store,
    document_ids: Sequence[str],
    *,
    linked: bool | None = None,
    own_dates: bool = False,
) -> dict[str, list[Report]]:
    """Each document's event mentions as reports, participants as corpus entities; with
    ``own_dates``, an undated document's relative dates as it gave them, not as read against
    the date the corpus later estimated for it."""
    result: dict[str, list[Report]] = {}
    for document_id in document_ids:
        rows = store.document_event_reports(document_id, linked=linked)
        if rows:
            result[document_id] = _document_reports(store, document_id, rows, own_dates)
    return result


def _reports_of_events(store: Store, event_ids: Sequence[str]) -> dict[str, list[Report]]:
    """Every report linked to one of ``event_ids`` (sorted), by event."""
    wanted = set(event_ids)
    result: dict[str, list[Report]] = {}
    for document_id in store.documents_reporting_events(event_ids):
        stored = store.document_event_reports_of(document_id, wanted)
        for row, report in zip(stored, _document_reports(store, document_id, stored), strict=True):
            if row.event_id is not None:  # always: only linked mentions are read
                result.setdefault(row.event_id, []).append(report)
    return result


def _document_reports(
    store: Store, document_id: str, rows: Sequence[EventReportRow], own_dates: bool = False
) -> list[Report]:
    """A document's stored mentions as reports, their sentences read from its text."""
    body = store.document_body(document_id) or ""
    entities = store.document_entity_rows(document_id)
    names = frozenset(
        e.entity_id for e in entities.values() if e.entity_id and not is_media(e.name)
    )  # the wire that carried it and the network it was shared on tie no two events
    return [
        replace(_report(document_id, row, body, entities, own_dates), names=names) for row in rows
    ]


def _report(
    document_id: str,
    row: EventReportRow,
    body: str,
    entities: dict[int, DocumentEntityRow],
    own_dates: bool,
) -> Report:
    """One mention as a report: participants and place as corpus entities where linked."""
    persons, actors, nationalities = set(), set(), set()
    roles = []
    stated = row.details.get("roles") or ["agent"] * len(row.participants)
    for key, role in zip(row.participants, stated, strict=False):
        entity = entities.get(key)
        if entity is None:
            continue
        identity = entity.entity_id or f"{document_id}:{key}"
        roles.append((identity, role))
        if entity.label == "NORP":
            nationalities.add(identity)
        if entity.label in PERSON_LABELS:
            persons.add(identity)
        elif entity.label in GROUP_LABELS:
            actors.add(identity)
    location = ONLINE if row.location == ONLINE else None
    if row.location_key is not None and (place := entities.get(row.location_key)):
        location = place.entity_id or f"{document_id}:{row.location_key}"
    return Report(
        document=document_id, index=row.index, start=row.start, end=row.end,
        trigger=row.trigger, kind=row.kind, status=row.status, cue=row.cue,
        evidence=" ".join(body[row.sentence_start : row.sentence_end].split()),
        persons=frozenset(persons), actors=frozenset(actors), location=location,
        location_name=row.location,
        date=row.date if own_dates else row.redated or row.date,
        timex=(row.timex_text, row.timex_tense) if row.timex_text else None,
        roles=tuple(roles), counts=tuple(sorted(row.details.get("counts", {}).items())),
        phrase=row.details.get("phrase"), target=row.details.get("target"),
        prominence=row.details.get("prominence", 0.0),
        places=frozenset(
            _identity(document_id, key, entities) for key in row.details.get("places", [])
        ),
        actor=row.details.get("actor"), nationalities=frozenset(nationalities),
        country=bool(row.location and row.location != ONLINE and is_country(row.location)),
        nation=nation_of(row.location) if row.location and row.location != ONLINE else None,
    )  # fmt: skip


def _identity(document_id: str, key: int, entities: dict[int, DocumentEntityRow]) -> str:
    entity = entities.get(key)
    return (entity.entity_id if entity else None) or f"{document_id}:{key}"


def read_reporting(store: Store, document_ids: Iterable[str]) -> dict[str, Reporting]:
    """When each document was published, or the estimate for an undated one."""
    reporting = {}
    for document_id, timing in store.document_timings(document_ids).items():
        if published := day_of(timing.published):
            reporting[document_id] = Reporting(published=published)
        elif timing.estimate_start and timing.estimate_end:
            estimate = Interval(
                date.fromisoformat(timing.estimate_start), date.fromisoformat(timing.estimate_end)
            )
            reporting[document_id] = Reporting(estimate=estimate)
    return reporting


def entity_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The names of corpus entities, and of document entities (``document:key``) the entity
    linker has not seen, in the order of ``ids``."""
    wanted = list(ids)
    known = store.corpus_entity_names(wanted)
    names = {}
    for entity_id in wanted:
        if entity_id in known:
            names[entity_id] = known[entity_id]
        elif ":" in entity_id:  # a document entity the entity linker has not seen
            document_id, key = entity_id.rsplit(":", 1)
            local = store.document_entity_name(document_id, int(key))
            if local is not None:
                names[entity_id] = local
    return names


# --- writing ------------------------------------------------------------------------------------


def _stored_clusters(store: Store, first: date | None) -> list[Cluster]:
    """The stored events as the linker compares new mentions with them, less those it would
    have set aside by ``first``, the first day of the documents to link."""
    return [
        facts_cluster(s.id, s.family, s.facts)
        for s in store.stored_event_facts()
        if first is None or not set_aside_by(s.family, s.facts, first)
    ]


def _save_estimates(store: Store, estimates: dict[str, Estimate]) -> None:
    """Store undated documents' estimated dates (inside the caller's transaction)."""
    store.save_document_estimates(
        DocumentEstimate(
            document_id, e.interval.start.isoformat(), e.interval.end.isoformat(), e.evidence
        )
        for document_id, e in estimates.items()
    )


def _save_events(store: Store, events: Sequence[Event], index: EventIndex) -> None:
    """Store events with the linker's facts of their clusters (inside the caller's
    transaction)."""
    store.replace_events(_event_record(event, index.clusters.get(event.id)) for event in events)


def _event_record(event: Event, cluster: Cluster | None) -> EventRecord:
    """An event as the store keeps it."""
    return EventRecord(
        id=event.id, family=event.family, kind=event.kind, title=event.title,
        participants=event.participants, location=event.location,
        location_entity=event.location_entity,
        date_value=event.date.value if event.date else None,
        date_start=event.date.start.isoformat() if event.date else None,
        date_end=event.date.end.isoformat() if event.date else None,
        happened_by=event.happened_by.isoformat() if event.happened_by else None,
        status=event.status, conflicting=event.conflicting,
        trajectory=tuple(asdict(s) for s in event.trajectory),
        mentions=len(event.reports), documents=len({r.document for r in event.reports}),
        facts=cluster_facts(cluster) if cluster else {},
        details={"roles": [list(pair) for pair in event.roles], "counts": dict(event.counts)},
        salience=event.salience,
    )  # fmt: skip


def cluster_facts(cluster: Cluster) -> dict[str, Any]:
    """What the linker needs of an event to compare new mentions with it, as JSON."""
    return {
        "persons": dict(cluster.persons),
        "actors": dict(cluster.actors),
        "locations": dict(cluster.locations),
        "when": _interval_json(cluster.when),
        "partial": [cluster.partial.month, cluster.partial.day] if cluster.partial else None,
        "window": _interval_json(cluster.window),
        "size": cluster.size,
        "lead": cluster.lead,
        "places": dict(cluster.places),
        "contexts": sorted(cluster.contexts),
        "countries": sorted(cluster.countries),
        "reported": _interval_json(cluster.reported),
    }


def facts_cluster(event_id: str, family: str, facts: dict[str, Any]) -> Cluster:
    return Cluster(
        id=event_id, family=family,
        persons=Counter(facts.get("persons", {})), actors=Counter(facts.get("actors", {})),
        locations=Counter(facts.get("locations", {})), when=_interval(facts.get("when")),
        partial=Partial(*facts["partial"]) if facts.get("partial") else None,
        window=_interval(facts.get("window")), earlier=int(facts.get("size", 0)),
        lead=bool(facts.get("lead")), reported=_interval(facts.get("reported")),
        places=Counter(facts.get("places", {})),
        contexts=frozenset(facts.get("contexts", [])),
        countries=frozenset(facts.get("countries", [])),
    )  # fmt: skip


def _interval_json(interval: Interval | None) -> list[str] | None:
    return [interval.start.isoformat(), interval.end.isoformat()] if interval else None


def _interval(value: list[str] | None) -> Interval | None:
    if not value:
        return None
    return Interval(date.fromisoformat(value[0]), date.fromisoformat(value[1]))

"""Reading events back: the stored timeline, the timeline as known on a given day, and finding
the event a user means ("Ruiz Okafor meeting")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from storyline.corpus.event_linking import entity_names, read_reports, stored_document
from storyline.corpus.events import ANTICIPATED, Event, Step
from storyline.corpus.timeline import build_events
from storyline.corpus.when import Interval, interval_of, parse_day
from storyline.store.database import Store
from storyline.store.events import EventMention, EventRecord

_WORD = re.compile(r"\w+")


def stored_events(
    store: Store,
    documents: Iterable[str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[Event]:
    """The corpus's events as the last linking run left them (those reported by ``documents``
    if given), in date order, undated last; ``limit`` and ``offset`` page through them."""
    if documents is None:
        records = store.event_records(limit=limit, offset=offset)
    else:
        records = store.event_records_reported_by(documents)
    mentions = store.event_mention_spans([record.id for record in records])
    events = [_event(record, mentions.get(record.id, [])) for record in records]
    return sorted(with_corrections(store, events), key=lambda e: (e.sort_day, e.id))


def stored_events_by_id(store: Store, event_ids: Sequence[str]) -> list[Event]:
    """The stored events of these ids (those that exist), as :func:`stored_events` reads them."""
    wanted = set(event_ids)
    reporting = store.documents_reporting_events(sorted(wanted))
    return [event for event in stored_events(store, reporting) if event.id in wanted]


def events_as_of(store: Store, as_of: date, documents: Iterable[str] | None = None) -> list[Event]:
    """The events as the articles published by ``as_of`` (of ``documents`` if given: one
    story's) told them, built again from those articles alone (an undated article counts when
    what was known then places it earlier)."""
    known = {d.id: stored_document(d) for d in store.document_dates(documents)}
    wanted = [d.id for d in known.values() if d.published is None or d.published <= as_of]
    reports = [r for own in read_reports(store, wanted, own_dates=True).values() for r in own]
    names = entity_names(store, {k for r in reports for k in r.persons | r.actors})
    events = with_corrections(store, build_events(reports, known, names, as_of=as_of).events)
    return sorted(events, key=lambda e: (e.sort_day, e.id))


def with_corrections(store: Store, events: Sequence[Event]) -> list[Event]:
    """The events with what a user corrected of them (status, date, title) in force."""
    fixes = {c.target: c.value for c in store.corrections(kind="event")}
    return [corrected(event, fixes[event.id]) if event.id in fixes else event for event in events]


def corrected(event: Event, fix: Mapping[str, str]) -> Event:
    """An event as a user corrected it: ``fix`` holds any of "status", "date" (an ISO day,
    month or year) and "title"."""
    changed = replace(event, corrected=tuple(sorted(fix)))
    if "status" in fix:
        changed = replace(changed, status=fix["status"], conflicting=())
    if "title" in fix:
        changed = replace(changed, title=fix["title"])
    if "date" in fix and (when := interval_of(fix["date"])) is not None:
        changed = replace(changed, date=when, happened_by=None)
    return changed


def reported_events(
    store: Store, documents: Sequence[str] | None = None, as_of: date | None = None
) -> list[Event]:
    """The events (as known on ``as_of``, if given) that ``documents`` (one story's articles,
    say) report; all the corpus's when ``documents`` is None."""
    events = events_as_of(store, as_of, documents) if as_of else stored_events(store, documents)
    if documents is None:
        return events
    wanted = set(documents)
    return [e for e in events if any(m[0] in wanted for m in e.mentions)]


def participant_names(store: Store, events: Iterable[Event]) -> dict[str, str]:
    return entity_names(store, {key for event in events for key in event.participants})


def find_events(events: Sequence[Event], query: str, names: Mapping[str, str]) -> list[Event]:
    """The events whose id is ``query``, or whose title, kind, place and participants' names
    hold every word of it; anticipated events (those with a trajectory to show) first, then
    the most reported."""
    exact = [e for e in events if e.id == query.strip()]
    if exact:
        return exact
    wanted = {w.casefold() for w in _WORD.findall(query)}
    if not wanted:
        return []
    found = [e for e in events if wanted <= _words(e, names)]
    return sorted(found, key=lambda e: (not _anticipated(e), -len(e.mentions), e.id))


def _words(event: Event, names: Mapping[str, str]) -> set[str]:
    text = " ".join(
        [event.title, event.kind, event.family, event.location or "", event.id]
        + [names.get(key, "") for key in event.participants]
    )
    return {w.casefold() for w in _WORD.findall(text)}


def _anticipated(event: Event) -> bool:
    return any(step.status in ANTICIPATED for step in event.trajectory)


def _event(record: EventRecord, mentions: Sequence[EventMention]) -> Event:
    """A stored event as the corpus step's :class:`Event` (without its reports)."""
    when = None
    if record.date_start and record.date_end:
        when = Interval(date.fromisoformat(record.date_start), date.fromisoformat(record.date_end))
    return Event(
        id=record.id, kind=record.kind, family=record.family, title=record.title,
        participants=record.participants, location=record.location,
        location_entity=record.location_entity, date=when,
        happened_by=parse_day(record.happened_by), status=record.status,
        conflicting=record.conflicting,
        trajectory=tuple(Step(**step) for step in record.trajectory),
        mentions=tuple((m.document_id, m.start, m.end) for m in mentions),
        roles=tuple((key, role) for key, role in record.details.get("roles", [])),
        counts=tuple(sorted(record.details.get("counts", {}).items())),
        salience=record.salience,
    )  # fmt: skip

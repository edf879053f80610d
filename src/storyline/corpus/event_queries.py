"""Reading events back: the stored timeline, the timeline as known on a given day, and finding
the event a user means ("Ruiz Okafor meeting")."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from sqlite3 import Row

from storyline.corpus.event_linking import entity_names, read_reports
from storyline.corpus.events import ANTICIPATED, Event, Step
from storyline.corpus.timeline import Document, build_events
from storyline.corpus.when import Interval, parse_day
from storyline.store.database import Store

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
        rows = store.db.execute(
            "SELECT * FROM events ORDER BY COALESCE(date_start, happened_by) IS NULL, "
            "COALESCE(date_start, happened_by), id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
    else:
        wanted = sorted(set(documents))
        rows = store.db.execute(
            f"SELECT * FROM events WHERE id IN (SELECT event_id FROM event_mentions "
            f"WHERE document_id IN ({','.join('?' * len(wanted))}))",
            wanted,
        ).fetchall()
    ids = [row["id"] for row in rows]
    mentions: dict[str, list[tuple[str, int, int]]] = {}
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        for row in store.db.execute(
            f"SELECT event_id, document_id, start_char, end_char FROM event_mentions "
            f"WHERE event_id IN ({','.join('?' * len(chunk))}) ORDER BY document_id, start_char",
            chunk,
        ):
            mentions.setdefault(row[0], []).append((row[1], row[2], row[3]))
    events = [_event(row, tuple(mentions.get(row["id"], ()))) for row in rows]
    return sorted(events, key=lambda e: (e.sort_day, e.id))


def events_as_of(store: Store, as_of: date, documents: Iterable[str] | None = None) -> list[Event]:
    """The events as the articles published by ``as_of`` (of ``documents`` if given: one
    story's) told them, built again from those articles alone (an undated article counts when
    what was known then places it earlier)."""
    if documents is None:
        rows = store.db.execute("SELECT id, published, crawl_date FROM documents").fetchall()
    else:
        wanted = sorted(set(documents))
        rows = store.db.execute(
            f"SELECT id, published, crawl_date FROM documents "
            f"WHERE id IN ({','.join('?' * len(wanted))})",
            wanted,
        ).fetchall()
    documents = {
        r["id"]: Document(r["id"], parse_day(r["published"]), parse_day(r["crawl_date"]))
        for r in rows
    }
    wanted = [d.id for d in documents.values() if d.published is None or d.published <= as_of]
    reports = [r for own in read_reports(store, wanted, own_dates=True).values() for r in own]
    names = entity_names(store, {k for r in reports for k in r.persons | r.actors})
    return build_events(reports, documents, names, as_of=as_of).events


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


def _event(row: Row, mentions: tuple[tuple[str, int, int], ...]) -> Event:
    when = None
    if row["date_start"]:
        when = Interval(date.fromisoformat(row["date_start"]), date.fromisoformat(row["date_end"]))
    return Event(
        id=row["id"], kind=row["kind"], family=row["family"], title=row["title"],
        participants=tuple(json.loads(row["participants"])), location=row["location"],
        location_entity=row["location_entity"], date=when,
        happened_by=parse_day(row["happened_by"]), status=row["status"],
        conflicting=tuple(json.loads(row["conflicting"])),
        trajectory=tuple(Step(**step) for step in json.loads(row["trajectory"])),
        mentions=mentions,
    )  # fmt: skip

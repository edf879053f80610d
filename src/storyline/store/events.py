"""The store's SQL for event linking and the event reads.

Used by corpus/event_linking.py and corpus/event_queries.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
The records here are plain: dates stay ISO strings and JSON columns come back decoded, so the
corpus step builds its own reports, clusters and events from them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from storyline.records import DATE_CANDIDATES
from storyline.store.sql import chunks, insert_rows, placeholders

MENTION_CHUNK = 500  # event ids per query for an event's mentions (as it always was)

_EVENT_REPORT_SELECT = (
    "SELECT m.*, t.text AS timex_text, t.tense AS timex_tense FROM event_mentions m "
    "LEFT JOIN timexes t ON t.document_id = m.document_id AND t.start_char = m.date_start "
)


@dataclass(frozen=True, slots=True)
class DocumentDates:
    """A document's publication and crawl dates (ISO strings, None when unknown), and the days
    its own date clue leaves it when undated (latest first)."""

    id: str
    published: str | None
    crawl_date: str | None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentTiming:
    """When a document was published, or the days the corpus estimated for an undated one."""

    published: str | None
    estimate_start: str | None
    estimate_end: str | None


@dataclass(frozen=True, slots=True)
class EventReportRow:
    """One stored event mention with the time expression its date came from."""

    document_id: str
    index: int
    start: int
    end: int
    trigger: str
    kind: str
    sentence_start: int
    sentence_end: int
    status: str
    cue: str | None
    participants: tuple[int, ...]  # the document's own entity keys
    location: str | None
    location_key: int | None
    date: str | None
    redated: str | None  # the date read again against an undated document's estimate
    event_id: str | None
    timex_text: str | None
    timex_tense: str | None
    details: dict[str, Any] = field(default_factory=dict)  # see ``mention_details``


@dataclass(frozen=True, slots=True)
class DocumentEntityRow:
    """A document's own entity and the corpus entity it was linked to (None: not yet)."""

    key: int
    label: str
    name: str
    entity_id: str | None


@dataclass(frozen=True, slots=True)
class StoredEventFacts:
    """What the event linker keeps of a stored event to compare new mentions with."""

    id: str
    family: str
    facts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentEstimate:
    """The days an undated document was probably written on, and the lines saying why."""

    document_id: str
    start: str
    end: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A corpus event as the ``events`` table holds it (dates as ISO strings)."""

    id: str
    family: str
    kind: str
    title: str
    participants: tuple[str, ...]
    location: str | None
    location_entity: str | None
    date_value: str | None
    date_start: str | None
    date_end: str | None
    happened_by: str | None
    status: str
    conflicting: tuple[str, ...]
    trajectory: tuple[dict[str, Any], ...]  # one dict per step
    mentions: int
    documents: int
    facts: dict[str, Any]
    details: dict[str, Any] = field(default_factory=dict)  # roles, counts, phrase, target
    salience: float = 0.0


@dataclass(frozen=True, slots=True)
class EventMention:
    """Where an event was reported: the document and the trigger's characters."""

    document_id: str
    start: int
    end: int


class EventQueries:
    db: sqlite3.Connection

    # --- linking: what to read -------------------------------------------------------------

    def event_documents_to_link(self) -> list[DocumentDates]:
        """Documents with event mentions not linked yet: dated ones in publication order, then
        undated ones, each in the order they were stored."""
        rows = self.db.execute(
            """
            SELECT d.id, d.published, d.crawl_date, d.date_evidence FROM documents d
            WHERE EXISTS (SELECT 1 FROM event_mentions m
                          WHERE m.document_id = d.id AND m.linked = 0)
            ORDER BY d.published IS NULL, d.published, d.rowid
            """
        )
        return [_document_dates(row) for row in rows]

    def document_event_reports(
        self, document_id: str, *, linked: bool | None = None
    ) -> list[EventReportRow]:
        """A document's event mentions in order (only those linked or not, if ``linked``)."""
        condition = "" if linked is None else f" AND m.linked = {int(linked)}"
        rows = self.db.execute(
            f"{_EVENT_REPORT_SELECT}WHERE m.document_id = ?{condition} ORDER BY m.idx",
            (document_id,),
        )
        return [_event_report(row) for row in rows]

    def document_event_reports_of(
        self, document_id: str, event_ids: AbstractSet[str]
    ) -> list[EventReportRow]:
        """A document's event mentions linked to one of ``event_ids``, in order."""
        rows = self.db.execute(
            f"{_EVENT_REPORT_SELECT}WHERE m.document_id = ? AND m.event_id IS NOT NULL "
            "ORDER BY m.idx",
            (document_id,),
        )
        return [_event_report(row) for row in rows if row["event_id"] in event_ids]

    def documents_reporting_events(self, event_ids: Sequence[str]) -> list[str]:
        """The documents with a mention linked to one of ``event_ids``.

        One query, not chunks: the order the documents come in is SQLite's (by event for a
        few ids, by document for thousands), and the linker's reports follow it."""
        rows = self.db.execute(
            "SELECT DISTINCT document_id FROM event_mentions "
            f"WHERE event_id IN ({placeholders(len(event_ids))})",
            event_ids,
        )
        return [row[0] for row in rows]

    def undated_reporting_events(self, event_ids: Iterable[str]) -> list[DocumentDates]:
        """The dates of the documents without a publication day (none, or only a month or a
        year) that have a mention linked to one of ``event_ids``."""
        found: dict[str, DocumentDates] = {}
        for chunk in chunks(sorted(set(event_ids))):
            rows = self.db.execute(
                "SELECT d.id, d.published, d.crawl_date, d.date_evidence FROM documents d "
                "WHERE length(coalesce(d.published, '')) < 10 AND EXISTS (SELECT 1 FROM "
                "event_mentions m WHERE m.document_id = d.id "
                f"AND m.event_id IN ({placeholders(len(chunk))}))",
                chunk,
            )
            found.update((row[0], _document_dates(row)) for row in rows)
        return list(found.values())

    def events_of_documents(self, document_ids: Iterable[str]) -> set[str]:
        """The events the mentions of ``document_ids`` are linked to."""
        found: set[str] = set()
        for chunk in chunks(sorted(set(document_ids))):
            rows = self.db.execute(
                "SELECT DISTINCT event_id FROM event_mentions "
                f"WHERE document_id IN ({placeholders(len(chunk))}) AND event_id IS NOT NULL",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    def document_body(self, document_id: str) -> str | None:
        """A document's text (None for an unknown id)."""
        row = self.db.execute("SELECT body FROM documents WHERE id = ?", (document_id,)).fetchone()
        return None if row is None else row[0]

    def document_entity_rows(self, document_id: str) -> dict[int, DocumentEntityRow]:
        """A document's own entities by key."""
        rows = self.db.execute(
            "SELECT key, label, name, entity_id FROM doc_entities WHERE document_id = ?",
            (document_id,),
        )
        return {row[0]: DocumentEntityRow(row[0], row[1], row[2], row[3]) for row in rows}

    def document_timings(self, document_ids: Iterable[str]) -> dict[str, DocumentTiming]:
        """Each known document's publication date and estimate, in the order asked for."""
        timings = {}
        for document_id in document_ids:
            row = self.db.execute(
                "SELECT d.published, e.start, e.end FROM documents d "
                "LEFT JOIN document_estimates e ON e.document_id = d.id WHERE d.id = ?",
                (document_id,),
            ).fetchone()
            if row is not None:
                timings[document_id] = DocumentTiming(row[0], row[1], row[2])
        return timings

    def corpus_entity_names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """The names of those of ``entity_ids`` that are corpus entities."""
        names: dict[str, str] = {}
        for chunk in chunks(sorted(set(entity_ids))):
            rows = self.db.execute(
                f"SELECT id, name FROM entities WHERE id IN ({placeholders(len(chunk))})", chunk
            )
            names.update((row[0], row[1]) for row in rows)
        return names

    def document_entity_name(self, document_id: str, key: int) -> str | None:
        """The name of a document's own entity (None if it has no entity ``key``)."""
        row = self.db.execute(
            "SELECT name FROM doc_entities WHERE document_id = ? AND key = ?", (document_id, key)
        ).fetchone()
        return None if row is None else row[0]

    def stored_event_facts(self) -> Iterator[StoredEventFacts]:
        """Every stored event's family and linking facts, one at a time (a large corpus holds
        millions, of which the linker keeps the recent)."""
        for row in self.db.execute("SELECT id, family, facts FROM events"):
            yield StoredEventFacts(row[0], row[1], json.loads(row[2]))

    # --- linking: what to write (inside the caller's transaction) ---------------------------

    def reset_event_links(self) -> None:
        """Forget every event link, event and date estimate, to link all mentions again."""
        self.db.execute("UPDATE event_mentions SET linked = 0, event_id = NULL, redated = NULL")
        self.db.execute("DELETE FROM events")
        self.db.execute("DELETE FROM document_estimates")

    def redate_event_mentions(self, dates: Iterable[tuple[str, int, str | None]]) -> None:
        """Set the date read again of mentions given as (document id, index, date)."""
        self.db.executemany(
            "UPDATE event_mentions SET redated = ? WHERE document_id = ? AND idx = ?",
            [(value, document_id, index) for document_id, index, value in dates],
        )

    def link_event_mentions(self, links: Iterable[tuple[str, int, str | None]]) -> None:
        """Mark mentions given as (document id, index, event id or None) linked."""
        self.db.executemany(
            "UPDATE event_mentions SET linked = 1, event_id = ? WHERE document_id = ? AND idx = ?",
            [(event_id, document_id, index) for document_id, index, event_id in links],
        )

    def merge_events(self, merges: Iterable[tuple[str, str]]) -> None:
        """Fold events into others, given as (absorbed id, surviving id): the absorbed one's
        mentions move to the survivor and its record goes."""
        pairs = list(merges)
        self.db.executemany(
            "UPDATE event_mentions SET event_id = ? WHERE event_id = ?",
            [(survivor, absorbed) for absorbed, survivor in pairs],
        )
        self.db.executemany("DELETE FROM events WHERE id = ?", [(a,) for a, _ in pairs])

    def split_event(self, event_id: str, document_id: str, new_id: str) -> bool:
        """Move an event's mentions in one document to an event of their own; whether any
        were moved (the caller summarises both events again)."""
        moved = self.db.execute(
            "UPDATE event_mentions SET event_id = ? WHERE event_id = ? AND document_id = ?",
            (new_id, event_id, document_id),
        ).rowcount
        return moved > 0

    def save_document_estimates(self, estimates: Iterable[DocumentEstimate]) -> None:
        """Store (or replace) undated documents' estimated dates."""
        rows = [
            {"document_id": e.document_id, "start": e.start, "end": e.end,
             "evidence": json.dumps(list(e.evidence), ensure_ascii=False)}
            for e in estimates
        ]  # fmt: skip
        insert_rows(self.db, "document_estimates", rows, or_replace=True)

    def replace_events(self, events: Iterable[EventRecord]) -> None:
        """Store events, replacing those with the same id."""
        insert_rows(self.db, "events", [_event_columns(event) for event in events], or_replace=True)

    # --- reading events back ---------------------------------------------------------------

    def event_records(self, *, limit: int | None = None, offset: int = 0) -> list[EventRecord]:
        """Stored events in date order (undated last, then by id); ``limit``/``offset`` page."""
        rows = self.db.execute(
            "SELECT * FROM events ORDER BY COALESCE(date_start, happened_by) IS NULL, "
            "COALESCE(date_start, happened_by), id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [_event_record(row) for row in rows]

    def event_title(self, event_id: str) -> str | None:
        """The stored event's title; None when there is no event of that id."""
        row = self.db.execute("SELECT title FROM events WHERE id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def event_records_reported_by(self, document_ids: Iterable[str]) -> list[EventRecord]:
        """The stored events that ``document_ids`` report (in SQLite's order; one query, so
        the order, and with it the chunks their mentions are read in, stays as it was)."""
        wanted = sorted(set(document_ids))
        rows = self.db.execute(
            "SELECT * FROM events WHERE id IN (SELECT event_id FROM event_mentions "
            f"WHERE document_id IN ({placeholders(len(wanted))}))",
            wanted,
        )
        return [_event_record(row) for row in rows]

    def event_mention_spans(self, event_ids: Sequence[str]) -> dict[str, list[EventMention]]:
        """Each event's mentions, by document and then position."""
        spans: dict[str, list[EventMention]] = {}
        for chunk in chunks(event_ids, MENTION_CHUNK):
            rows = self.db.execute(
                "SELECT event_id, document_id, start_char, end_char FROM event_mentions "
                f"WHERE event_id IN ({placeholders(len(chunk))}) ORDER BY document_id, start_char",
                chunk,
            )
            for row in rows:
                spans.setdefault(row[0], []).append(EventMention(row[1], row[2], row[3]))
        return spans

    def document_dates(self, document_ids: Iterable[str] | None = None) -> list[DocumentDates]:
        """Publication and crawl dates of every document (of ``document_ids`` if given)."""
        columns = "SELECT id, published, crawl_date, date_evidence FROM documents"
        if document_ids is None:
            rows = self.db.execute(columns)
        else:
            wanted = sorted(set(document_ids))
            rows = self.db.execute(f"{columns} WHERE id IN ({placeholders(len(wanted))})", wanted)
        return [_document_dates(row) for row in rows]


def _document_dates(row: sqlite3.Row) -> DocumentDates:
    candidates = candidate_days(row[3]) if row[1] is None else ()
    return DocumentDates(row[0], row[1], row[2], candidates)


def candidate_days(evidence: str) -> tuple[str, ...]:
    """The days a document's date evidence (the JSON of ``documents.date_evidence``) leaves it
    as candidates (the years a weekday with its date holds in), latest first."""
    days = {
        day
        for item in json.loads(evidence)
        if item["source"] == DATE_CANDIDATES
        for day in item["value"].split()
    }
    return tuple(sorted(days, reverse=True))


def _event_report(row: sqlite3.Row) -> EventReportRow:
    return EventReportRow(
        document_id=row["document_id"], index=row["idx"], start=row["start_char"],
        end=row["end_char"], trigger=row["trigger"], kind=row["kind"],
        sentence_start=row["sentence_start"], sentence_end=row["sentence_end"],
        status=row["status"], cue=row["cue"], participants=tuple(json.loads(row["participants"])),
        location=row["location"], location_key=row["location_key"], date=row["date"],
        redated=row["redated"], event_id=row["event_id"], timex_text=row["timex_text"],
        timex_tense=row["timex_tense"], details=json.loads(row["details"]),
    )  # fmt: skip


def _event_columns(event: EventRecord) -> dict[str, Any]:
    """An event as the ``events`` table's columns, JSON encoded as they always were."""
    return {
        "id": event.id, "family": event.family, "kind": event.kind, "title": event.title,
        "participants": json.dumps(list(event.participants)), "location": event.location,
        "location_entity": event.location_entity, "date_value": event.date_value,
        "date_start": event.date_start, "date_end": event.date_end,
        "happened_by": event.happened_by, "status": event.status,
        "conflicting": json.dumps(list(event.conflicting)),
        "trajectory": json.dumps(list(event.trajectory), ensure_ascii=False),
        "mentions": event.mentions, "documents": event.documents, "facts": json.dumps(event.facts),
        "details": json.dumps(event.details, ensure_ascii=False), "salience": event.salience,
    }  # fmt: skip


def _event_record(row: sqlite3.Row) -> EventRecord:
    return EventRecord(
        id=row["id"], family=row["family"], kind=row["kind"], title=row["title"],
        participants=tuple(json.loads(row["participants"])), location=row["location"],
        location_entity=row["location_entity"], date_value=row["date_value"],
        date_start=row["date_start"], date_end=row["date_end"], happened_by=row["happened_by"],
        status=row["status"], conflicting=tuple(json.loads(row["conflicting"])),
        trajectory=tuple(json.loads(row["trajectory"])), mentions=row["mentions"],
        documents=row["documents"], facts=json.loads(row["facts"]),
        details=json.loads(row["details"]), salience=row["salience"],
    )  # fmt: skip

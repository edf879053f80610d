"""The corpus step for events: link each stored document's event mentions to corpus events.

Incremental, like entity linking (run after it: participants are corpus entities): only
mentions not linked yet are read, dated documents in publication order and then undated ones,
which are placed in time by the events they share with what is already known. Each event a
document touched is summarised again from all its mentions (date, status, trajectory) in the
same transaction. ``rebuild`` starts over from every document's own analysis.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from sqlite3 import Connection, Row
from typing import Any

from storyline.analyse.event_words import ONLINE
from storyline.corpus.estimates import Estimate
from storyline.corpus.events import (
    UNDATED,
    Cluster,
    Event,
    EventIndex,
    Report,
    Reporting,
    summarise,
)
from storyline.corpus.timeline import Document, add_document, place_undated, refine_estimates
from storyline.corpus.when import Interval, Partial, parse_day
from storyline.store.database import Store

CHUNK = 200  # documents per transaction
PERSON_LABELS = ("PERSON",)
ACTOR_LABELS = ("ORG", "GPE", "NORP")


@dataclass(slots=True)
class EventReport:
    documents: int = 0
    mentions: int = 0
    events: int = 0  # events created or changed
    placed: int = 0  # undated documents given an estimated date


def link_events(store: Store, *, rebuild: bool = False) -> EventReport:
    """Link the event mentions of every document not linked yet (all of them with ``rebuild``)."""
    if rebuild:
        with store.transaction() as db:
            db.execute("UPDATE event_mentions SET linked = 0, event_id = NULL, redated = NULL")
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM document_estimates")
    index = EventIndex(_stored_clusters(store))
    report = EventReport()
    pending = _pending_documents(store)
    for offset in range(0, len(pending), CHUNK):
        _link_chunk(store, index, pending[offset : offset + CHUNK], report)
    _refine_estimates(store, index, [d for d in pending if d.published is None])
    return report


def _refine_estimates(store: Store, index: EventIndex, undated: Sequence[Document]) -> None:
    """Place the run's undated documents again, against everything linked by now."""
    if not undated:
        return
    event_ids = {
        row[0]
        for document in undated
        for row in store.db.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE document_id = ? "
            "AND event_id IS NOT NULL",
            (document.id,),
        )
    }
    reports_by_event = _reports_of_events(store, sorted(event_ids))
    documents = {r.document for reports in reports_by_event.values() for r in reports}
    reporting = read_reporting(store, documents)
    refined = refine_estimates(reports_by_event, reporting, {d.id: d.latest for d in undated})
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
    with store.transaction() as db:
        _save_estimates(db, changed)
        _save_events(db, summarise_events(store, touched), index)


def _pending_documents(store: Store) -> list[Document]:
    rows = store.db.execute(
        """
        SELECT d.id, d.published, d.crawl_date FROM documents d
        WHERE EXISTS (SELECT 1 FROM event_mentions m WHERE m.document_id = d.id AND m.linked = 0)
        ORDER BY d.published IS NULL, d.published, d.rowid
        """
    ).fetchall()
    return [Document(r["id"], parse_day(r["published"]), parse_day(r["crawl_date"])) for r in rows]


def _link_chunk(
    store: Store, index: EventIndex, documents: Sequence[Document], report: EventReport
) -> None:
    reports = read_reports(store, [d.id for d in documents], linked=False)
    touched: set[str] = set()
    assignments: list[tuple[str | None, str, int]] = []
    estimates: dict[str, Estimate] = {}
    redated: list[Report] = []
    for document in documents:
        own = reports.get(document.id, [])
        reporting = Reporting(published=document.published) if document.published else UNDATED
        if document.published is None and (
            placed := place_undated(index, own, latest=document.latest)
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
        assignments += [(linked.get(r.index), document.id, r.index) for r in own]
        report.documents += 1
        report.mentions += len(own)
    report.placed += len(estimates)
    with store.transaction() as db:
        _save_estimates(db, estimates)
        db.executemany(
            "UPDATE event_mentions SET redated = ? WHERE document_id = ? AND idx = ?",
            [(r.date, r.document, r.index) for r in redated],
        )
        db.executemany(
            "UPDATE event_mentions SET linked = 1, event_id = ? WHERE document_id = ? AND idx = ?",
            assignments,
        )
        events = summarise_events(store, touched)
        _save_events(db, events, index)
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
        condition = "" if linked is None else f" AND m.linked = {int(linked)}"
        rows = store.db.execute(
            "SELECT m.*, t.text AS timex_text, t.tense AS timex_tense FROM event_mentions m "
            "LEFT JOIN timexes t ON t.document_id = m.document_id AND t.start_char = m.date_start "
            f"WHERE m.document_id = ?{condition} ORDER BY m.idx",
            (document_id,),
        ).fetchall()
        if rows:
            result[document_id] = _document_reports(store, document_id, rows, own_dates)
    return result


def _reports_of_events(store: Store, event_ids: Sequence[str]) -> dict[str, list[Report]]:
    rows = store.db.execute(
        f"SELECT DISTINCT document_id FROM event_mentions WHERE event_id IN "
        f"({','.join('?' * len(event_ids))})",
        event_ids,
    ).fetchall()
    wanted = set(event_ids)
    result: dict[str, list[Report]] = {}
    for document_id in (r[0] for r in rows):
        stored = store.db.execute(
            "SELECT m.*, t.text AS timex_text, t.tense AS timex_tense FROM event_mentions m "
            "LEFT JOIN timexes t ON t.document_id = m.document_id AND t.start_char = m.date_start "
            "WHERE m.document_id = ? AND m.event_id IS NOT NULL ORDER BY m.idx",
            (document_id,),
        ).fetchall()
        stored = [r for r in stored if r["event_id"] in wanted]
        for row, report in zip(stored, _document_reports(store, document_id, stored), strict=True):
            result.setdefault(row["event_id"], []).append(report)
    return result


def _document_reports(
    store: Store, document_id: str, rows: list[Row], own_dates: bool = False
) -> list[Report]:
    body = store.db.execute("SELECT body FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    entities = {
        r["key"]: r
        for r in store.db.execute(
            "SELECT key, label, name, entity_id FROM doc_entities WHERE document_id = ?",
            (document_id,),
        )
    }
    return [_report(document_id, row, body, entities, own_dates) for row in rows]


def _report(
    document_id: str, row: Row, body: str, entities: dict[int, Any], own_dates: bool
) -> Report:
    persons, actors = set(), set()
    for key in json.loads(row["participants"]):
        entity = entities.get(key)
        if entity is None:
            continue
        identity = entity["entity_id"] or f"{document_id}:{key}"
        if entity["label"] in PERSON_LABELS:
            persons.add(identity)
        elif entity["label"] in ACTOR_LABELS:
            actors.add(identity)
    location = ONLINE if row["location"] == ONLINE else None
    if row["location_key"] is not None and (place := entities.get(row["location_key"])):
        location = place["entity_id"] or f"{document_id}:{row['location_key']}"
    return Report(
        document=document_id, index=row["idx"], start=row["start_char"], end=row["end_char"],
        trigger=row["trigger"], kind=row["kind"], status=row["status"], cue=row["cue"],
        evidence=" ".join(body[row["sentence_start"] : row["sentence_end"]].split()),
        persons=frozenset(persons), actors=frozenset(actors), location=location,
        location_name=row["location"],
        date=row["date"] if own_dates else row["redated"] or row["date"],
        timex=(row["timex_text"], row["timex_tense"]) if row["timex_text"] else None,
    )  # fmt: skip


def read_reporting(store: Store, document_ids: Iterable[str]) -> dict[str, Reporting]:
    """When each document was published, or the estimate for an undated one."""
    reporting = {}
    for document_id in document_ids:
        row = store.db.execute(
            "SELECT d.published, e.start, e.end FROM documents d "
            "LEFT JOIN document_estimates e ON e.document_id = d.id WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            continue
        if row["published"]:
            reporting[document_id] = Reporting(published=parse_day(row["published"]))
        elif row["start"]:
            estimate = Interval(date.fromisoformat(row["start"]), date.fromisoformat(row["end"]))
            reporting[document_id] = Reporting(estimate=estimate)
    return reporting


def entity_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    names = {}
    for entity_id in ids:
        row = store.db.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is not None:
            names[entity_id] = row[0]
        elif ":" in entity_id:  # a document entity the entity linker has not seen
            document_id, key = entity_id.rsplit(":", 1)
            local = store.db.execute(
                "SELECT name FROM doc_entities WHERE document_id = ? AND key = ?",
                (document_id, int(key)),
            ).fetchone()
            if local is not None:
                names[entity_id] = local[0]
    return names


# --- writing ------------------------------------------------------------------------------------


def _stored_clusters(store: Store) -> list[Cluster]:
    return [
        facts_cluster(row["id"], row["family"], json.loads(row["facts"]))
        for row in store.db.execute("SELECT id, family, facts FROM events")
    ]


def _save_estimates(db: Connection, estimates: dict[str, Estimate]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO document_estimates (document_id, start, end, evidence) "
        "VALUES (?, ?, ?, ?)",
        [
            (document_id, e.interval.start.isoformat(), e.interval.end.isoformat(),
             json.dumps(list(e.evidence), ensure_ascii=False))
            for document_id, e in estimates.items()
        ],
    )  # fmt: skip


def _save_events(db: Connection, events: Sequence[Event], index: EventIndex) -> None:
    for event in events:
        cluster = index.clusters.get(event.id)
        db.execute(
            """
            INSERT OR REPLACE INTO events (id, family, kind, title, participants, location,
                location_entity, date_value, date_start, date_end, happened_by, status,
                conflicting, trajectory, mentions, documents, facts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                event.id, event.family, event.kind, event.title, json.dumps(event.participants),
                event.location, event.location_entity,
                event.date.value if event.date else None,
                event.date.start.isoformat() if event.date else None,
                event.date.end.isoformat() if event.date else None,
                event.happened_by.isoformat() if event.happened_by else None,
                event.status, json.dumps(event.conflicting),
                json.dumps([asdict(s) for s in event.trajectory], ensure_ascii=False),
                len(event.reports), len({r.document for r in event.reports}),
                json.dumps(cluster_facts(cluster) if cluster else {}),
            ),
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
    }


def facts_cluster(event_id: str, family: str, facts: dict[str, Any]) -> Cluster:
    return Cluster(
        id=event_id, family=family,
        persons=Counter(facts.get("persons", {})), actors=Counter(facts.get("actors", {})),
        locations=Counter(facts.get("locations", {})), when=_interval(facts.get("when")),
        partial=Partial(*facts["partial"]) if facts.get("partial") else None,
        window=_interval(facts.get("window")), earlier=int(facts.get("size", 0)),
    )  # fmt: skip


def _interval_json(interval: Interval | None) -> list[str] | None:
    return [interval.start.isoformat(), interval.end.isoformat()] if interval else None


def _interval(value: list[str] | None) -> Interval | None:
    if not value:
        return None
    return Interval(date.fromisoformat(value[0]), date.fromisoformat(value[1]))

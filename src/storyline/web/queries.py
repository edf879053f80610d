"""What each page and its JSON twin show: plain dicts, the export contract's records where there
is one, read through the :class:`storyline.Dossier` API (and, for what only a page shows, such
as activity sparklines and co-occurring entities, the store's view queries). Pages and API call
the same function."""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.api import Dossier
from storyline.corpus.briefs import UnknownStory
from storyline.corpus.event_queries import stored_events
from storyline.corpus.events import Event
from storyline.outputs.export import entity_record, event_record, quote_record

SPARK_BINS = 24
PAGE_SIZE = 100
TIMELINE_CHUNK = 2000  # stored events read at once when the background ones are left out
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})


def stories(dossier: Dossier, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, most articles first, each with its activity (articles per stretch of days)."""
    records = dossier.stories(limit=limit, offset=offset)
    for record in records:
        days = dossier.store.publication_days(record["documents"])
        record["activity"] = _activity([days.get(d) for d in record["documents"]])
    return records


def story(
    dossier: Dossier, story_id: str, as_of: date | None = None, since: date | None = None
) -> dict[str, Any] | None:
    """A story with its brief (as known on ``as_of``), and what changed from ``since`` on."""
    record = dossier.story(story_id)
    if record is None:
        return None
    try:
        brief = dossier.brief(story_id, as_of=as_of)
        changes = changes_since(dossier, story_id, since) if since else None
    except UnknownStory:
        return None
    return {"story": record, "brief": brief, "report_days": _report_days(dossier, record),
            "changes": changes}  # fmt: skip


def changes_since(dossier: Dossier, story_id: str, since: date) -> dict[str, Any]:
    """What a story gained from ``since`` on: its articles, new events, status changes."""
    found = dossier.changes(story_id, since)
    titles = dossier.store.document_titles(found.articles)
    days = dossier.store.publication_days(found.articles)
    return {
        "since": found.since,
        "articles": [
            {"id": d, "title": titles.get(d), "published": days.get(d)} for d in found.articles
        ],
        "new_events": [event_record(e) for e in found.new_events],
        "status_changes": [
            {
                "event": event.id,
                "title": event.title,
                "from": change.before,
                "to": change.after,
                "as_of": change.step.as_of,
                "document": change.step.document,
                "evidence": change.step.evidence,
            }
            for event, change in found.changes
        ],
    }


def alert_firings(dossier: Dossier, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """The alerts' firings, newest first, each with the story its article belongs to."""
    records = dossier.firings(limit=limit)
    for record in records:
        document = record["source"]["document"]
        record["story"] = record["story"] or (
            dossier.store.story_of_document(document) if document else None
        )
    return records


def timeline(
    dossier: Dossier,
    story_id: str | None,
    as_of: date | None,
    limit: int | None = None,
    offset: int = 0,
    *,
    background: bool = False,
) -> list[dict[str, Any]] | None:
    """The dated events (of one story), as stored or as known on ``as_of``, without the
    background ones unless ``background``; ``None`` for an unknown story."""
    if story_id is None and as_of is None:  # dated events come first: page in SQL
        return [event_record(e) for e in _stored_timeline(dossier, limit, offset, background)]
    try:
        events = [
            e
            for e in dossier.events(as_of=as_of, story=story_id)
            if e.dated and (background or not e.background)
        ]
    except UnknownStory:
        return None
    return [event_record(e) for e in events[offset : None if limit is None else offset + limit]]


def _stored_timeline(
    dossier: Dossier, limit: int | None, offset: int, background: bool
) -> list[Event]:
    """A page of the stored dated events; without the background ones, read a chunk at a time
    from the first (the store pages by date, not by salience) until the page is full."""
    store = dossier.store
    dated = store.dated_event_count()
    if background:
        size = max(0, min(limit if limit is not None else dated, dated - offset))
        return stored_events(store, limit=size, offset=offset)
    wanted = limit if limit is not None else dated
    page: list[Event] = []
    skip = offset
    for start in range(0, dated, TIMELINE_CHUNK):
        chunk = stored_events(store, limit=min(TIMELINE_CHUNK, dated - start), offset=start)
        for event in chunk:
            if event.background:
                continue
            if skip:
                skip -= 1
                continue
            page.append(event)
            if len(page) >= wanted:
                return page
    return page


def document(dossier: Dossier, document_id: str) -> dict[str, Any] | None:
    record = dossier.document_record(document_id)
    if record is None:
        return None
    record["segments"] = segments(record)
    record["story"] = dossier.store.story_of_document(document_id)
    return record


def segments(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The body cut into plain and marked stretches (entity, quote, time), for highlighting;
    where marks overlap the first one wins."""
    body = record["body"]
    marks = [
        (e["start"], e["end"], "entity", e.get("entity"), e["label"])
        for e in record["entities"]
        if e["label"] in NAMED
    ]
    marks += [(q["start"], q["end"], "quote", None, (q.get("speaker") or {}).get("name") or "")
              for q in record["quotes"]]  # fmt: skip
    marks += [(t["start"], t["end"], "time", None, t["value"] or "") for t in record["timexes"]]
    result, position = [], 0
    for start, end, kind, target, note in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < position or start >= end:
            continue
        if start > position:
            result.append({"text": body[position:start], "kind": None})
        result.append({"text": body[start:end], "kind": kind, "target": target, "note": note})
        position = end
    if position < len(body):
        result.append({"text": body[position:], "kind": None})
    return result


def entity(dossier: Dossier, entity_id: str) -> dict[str, Any] | None:
    found = [e for e in dossier.entity(entity_id) if e.id == entity_id]
    if not found:
        return None
    store = dossier.store
    record = entity_record(found[0])
    record["quotes"] = [
        {**quote_record(q), "document": q.document_id, "published": q.published}
        for q in dossier.quotes(entity=entity_id, limit=200)
    ]
    record["stories"] = [
        {"id": story_id, "title": title} for story_id, title in store.entity_stories(entity_id)
    ]
    record["co_occurring"] = _co_occurring(dossier, entity_id)
    record["document_ids"] = store.entity_document_ids(entity_id)
    return record


def search(dossier: Dossier, query: str, limit: int = 20) -> list[dict[str, Any]]:
    hits = dossier.search(query, limit=limit)
    return [_hit(h.id, h.title, h.published, h.outlet, h.snippet) for h in hits]


def _hit(
    document_id: str, title: str | None, published: str | None, outlet: str | None, snippet: str
) -> dict[str, Any]:
    return {"id": document_id, "title": title, "published": published, "outlet": outlet,
            "snippet": _snippet_parts(snippet)}  # fmt: skip


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """``\\x02 … \\x03`` marks of the full-text index as parts, the matched ones flagged."""
    parts = []
    for index, chunk in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        if chunk:
            parts.append({"text": chunk, "match": index % 2 == 1})
    return parts


def _co_occurring(dossier: Dossier, entity_id: str) -> list[dict[str, Any]]:
    """The entities found in most of this one's documents (of 500 at most)."""
    return [
        {"id": e.id, "name": e.name, "label": e.label, "documents": e.documents}
        for e in dossier.store.co_occurring_entities(entity_id, documents=500, limit=10)
    ]


def _activity(days: list[str | None]) -> list[int]:
    known = sorted(date.fromisoformat(d[:10]) for d in days if d)
    if not known:
        return []
    span = max(1, (known[-1] - known[0]).days + 1)
    bins = [0] * min(SPARK_BINS, span)
    for day in known:
        bins[min(len(bins) - 1, (day - known[0]).days * len(bins) // span)] += 1
    return bins


def _report_days(dossier: Dossier, record: dict[str, Any]) -> list[str]:
    """The days the story's articles were published on: the stops of the as-of slider."""
    days = dossier.store.publication_days(record["documents"])
    return sorted({days[d][:10] for d in record["documents"] if d in days})

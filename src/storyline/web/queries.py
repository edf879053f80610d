"""What each page and its JSON twin show, read from the store: plain dicts, the export
contract's records where there is one. Pages and API call the same function."""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.corpus.briefs import (
    UnknownStory,
    build_brief,
    story_events,
    story_members,
)
from storyline.corpus.event_queries import events_as_of, stored_events
from storyline.outputs.export import (
    brief_record,
    document_record,
    entity_record,
    event_record,
    quote_record,
    story_records,
)
from storyline.store.database import Store

SPARK_BINS = 24
PAGE_SIZE = 100
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})


def stories(store: Store, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, most articles first, each with its activity (articles per stretch of days)."""
    records = list(story_records(store, order="articles", limit=limit, offset=offset))
    for record in records:
        days = store.publication_days(record["documents"])
        record["activity"] = _activity([days.get(d) for d in record["documents"]])
    return records


def story(store: Store, story_id: str, as_of: date | None = None) -> dict[str, Any] | None:
    record = next(story_records(store, [story_id]), None)
    if record is None:
        return None
    try:
        brief = brief_record(build_brief(store, story_id, as_of=as_of))
    except UnknownStory:
        return None
    return {"story": record, "brief": brief, "report_days": _report_days(store, record)}


def timeline(
    store: Store,
    story_id: str | None,
    as_of: date | None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]] | None:
    """The dated events (of one story), as stored or as known on ``as_of``; ``None`` for an
    unknown story."""
    if story_id is None:
        if as_of is None:  # dated events come first: page in SQL
            dated = store.dated_event_count()
            size = max(0, min(limit if limit is not None else dated, dated - offset))
            return [event_record(e) for e in stored_events(store, limit=size, offset=offset)]
        events = [e for e in events_as_of(store, as_of) if e.dated]
        return [event_record(e) for e in events[offset : None if limit is None else offset + limit]]
    if not store.story_exists(story_id):
        return None
    events = story_events(store, story_members(store, story_id, as_of), as_of)
    return [event_record(e) for e in events[offset : None if limit is None else offset + limit]]


def document(store: Store, document_id: str) -> dict[str, Any] | None:
    found = store.document(document_id)
    if found is None or found.id != document_id:
        return None
    record = document_record(store, found)
    record["segments"] = segments(record)
    record["story"] = store.story_of_document(document_id)
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


def entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    if not store.entity_exists(entity_id):
        return None
    (found,) = [e for e in store.entity(entity_id) if e.id == entity_id]
    record = entity_record(found)
    documents = store.entity_document_ids(entity_id)
    record["quotes"] = [
        {**quote_record(q), "document": q.document_id, "published": q.published}
        for q in store.quotes(entity_id=entity_id, limit=200)
    ]
    record["stories"] = [
        {"id": story_id, "title": title} for story_id, title in store.entity_stories(entity_id)
    ]
    record["co_occurring"] = _co_occurring(store, entity_id)
    record["document_ids"] = documents
    return record


def search(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    hits = store.search(query, limit=limit)
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


def _co_occurring(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """The entities found in most of this one's documents (of 500 at most)."""
    return [
        {"id": e.id, "name": e.name, "label": e.label, "documents": e.documents}
        for e in store.co_occurring_entities(entity_id, documents=500, limit=10)
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


def _report_days(store: Store, record: dict[str, Any]) -> list[str]:
    """The days the story's articles were published on: the stops of the as-of slider."""
    days = store.publication_days(record["documents"])
    return sorted({days[d][:10] for d in record["documents"] if d in days})

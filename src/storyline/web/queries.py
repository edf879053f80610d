"""What each page and its JSON twin show: plain dicts, the export contract's records where there
is one, read through the :class:`storyline.Dossier` API (and, for what only a page shows, such
as activity sparklines and co-occurring entities, the store's view queries). Pages and API call
the same function."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from itertools import pairwise
from typing import Any

from storyline.api import Dossier
from storyline.corpus.briefs import UnknownStory
from storyline.corpus.event_queries import stored_events
from storyline.corpus.events import Event
from storyline.corpus.search import SearchMode, SearchUnavailable
from storyline.outputs.export import entity_record, event_record, quote_record
from storyline.outputs.human import human_time
from storyline.store.lists import DocumentFilters, DocumentOrder, DocumentSummary, SearchOrder

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
    sources = document_sources(dossier, record["documents"])
    articles = sorted(
        ({"id": d, **sources[d]} for d in record["documents"] if d in sources),
        key=lambda a: (a["published"] or "9999", a["id"]),
    )
    return {"story": record, "brief": brief, "report_days": _report_days(dossier, record),
            "changes": changes, "articles": articles, "sources": sources}  # fmt: skip


def document_sources(dossier: Dossier, documents: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What citations of these documents show: headline, outlet, date, URL, copy of what."""
    return {d: asdict(s) for d, s in dossier.store.document_sources(documents).items()}


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


def document(dossier: Dossier, document_id: str, at: int | None = None) -> dict[str, Any] | None:
    """A document record with its body cut into highlight segments; ``at`` (an offset, as
    citations give it) marks the sentence that holds it as ``cited_sentence``."""
    record = dossier.document_record(document_id)
    if record is None:
        return None
    record["segments"] = segments(record)
    record["cited_sentence"] = _sentence_at(record["sentences"], at)
    record["story"] = dossier.store.story_of_document(document_id)
    return record


def segments(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The body cut into plain and marked stretches (entity, quote, time), for highlighting,
    and at sentence starts; each stretch has the index of its ``sentence`` (the text between
    two sentences goes with the first). Where marks overlap the first one wins."""
    body = record["body"]
    marks = [
        (e["start"], e["end"], "entity", e.get("entity"), e["label"])
        for e in record["entities"]
        if e["label"] in NAMED
    ]
    marks += [(q["start"], q["end"], "quote", None, (q.get("speaker") or {}).get("name") or "")
              for q in record["quotes"]]  # fmt: skip
    marks += [(t["start"], t["end"], "time", None, _time_note(t)) for t in record["timexes"]]
    stretches: list[tuple[int, int, str | None, Any, str]] = []
    position = 0
    for start, end, mark, target, note in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < position or start >= end:
            continue
        if start > position:
            stretches.append((position, start, None, None, ""))
        stretches.append((start, end, mark, target, note))
        position = end
    if position < len(body):
        stretches.append((position, len(body), None, None, ""))
    starts = sorted({start for start, _ in record["sentences"]} - {0})
    result = []
    for start, end, kind, target, note in stretches:
        cuts = [start] + [s for s in starts if start < s < end] + [end]
        for a, b in pairwise(cuts):
            part = {"text": body[a:b], "kind": kind, "sentence": bisect_right(starts, a)}
            result.append(part | ({"target": target, "note": note} if kind else {}))
    return result


def _sentence_at(sentences: list[list[int]], at: int | None) -> int | None:
    """The index of the sentence holding offset ``at`` (counting as :func:`segments` does)."""
    if at is None:
        return None
    starts = sorted({start for start, _ in sentences} - {0})
    return bisect_right(starts, at)


def _time_note(timex: dict[str, Any]) -> str:
    value = timex["value"] or ""
    words = human_time(value)
    return f"{words} ({value})" if words and words != value else value


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
    record["sources"] = document_sources(dossier, {q["document"] for q in record["quotes"]})
    return record


def search(
    dossier: Dossier,
    query: str,
    filters: DocumentFilters | None = None,
    sort: SearchOrder = "relevance",
    limit: int = 20,
    offset: int = 0,
    mode: SearchMode | None = None,
) -> list[dict[str, Any]] | None:
    """The hits of a search in the documents ``filters`` keep; ``None`` for an unknown story."""
    try:
        hits = dossier.search(
            query, filters=filters, sort=sort, limit=limit, offset=offset, mode=mode
        )
    except UnknownStory:
        return None
    return [_hit(h.id, h.title, h.published, h.outlet, h.snippet) for h in hits]


def similar(
    dossier: Dossier, document_id: str, *, limit: int = 10, quiet: bool = False
) -> list[dict[str, Any]] | None:
    """More like this; with ``quiet``, an empty list where search by meaning is unavailable
    (an install or a database without vectors), else its error."""
    try:
        hits = dossier.similar(document_id, limit=limit)
    except SearchUnavailable:
        if quiet:
            return []
        raise
    return [_hit(h.id, h.title, h.published, h.outlet, h.snippet) for h in hits]


def stories_of_hits(
    dossier: Dossier, hits: list[dict[str, Any]], limit: int = 3
) -> list[dict[str, Any]]:
    """The stories of the search hits (records of ``search``), best first: ``id``, ``title``
    and ``hits`` (how many of the hits are in it)."""
    found = dossier.stories_of_hits([h["id"] for h in hits], limit=limit)
    return [{"id": f.id, "title": f.title, "hits": f.hits} for f in found]


def events_of_hits(
    dossier: Dossier, hits: list[dict[str, Any]], limit: int = 3
) -> list[dict[str, Any]]:
    """The events the search hits lead with, best first, as the export has them."""
    return [event_record(e) for e in dossier.events_of_hits([h["id"] for h in hits], limit=limit)]


def document_list(
    dossier: Dossier,
    filters: DocumentFilters,
    sort: DocumentOrder = "date",
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[dict[str, Any]] | None:
    """A page of document summaries; ``None`` for an unknown story."""
    try:
        found = dossier.list_documents(filters=filters, sort=sort, limit=limit, offset=offset)
    except UnknownStory:
        return None
    return [document_summary(d) for d in found]


def document_summary(summary: DocumentSummary) -> dict[str, Any]:
    """A document record's light fields (as the export has them), its story and what it is a
    copy of; no text, no annotations."""
    published: dict[str, Any] | None = None
    if summary.published:
        published = {"value": summary.published, "source": summary.published_source,
                     "confidence": summary.published_confidence}  # fmt: skip
        if summary.published_start:
            published |= {"start": summary.published_start, "end": summary.published_end}
    return {
        "type": "document", "id": summary.id, "title": summary.title, "outlet": summary.outlet,
        "published": published, "url": summary.url, "language": summary.language,
        "story": summary.story, "duplicate_of": summary.duplicate_of,
    }  # fmt: skip


def entity_list(
    dossier: Dossier,
    label: str | None = None,
    name: str | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """A page of entity records, most documents first."""
    found = dossier.list_entities(label=label, name=name, limit=limit, offset=offset)
    return [entity_record(e) for e in found]


def quote_list(
    dossier: Dossier,
    speaker: str | None = None,
    entity: str | None = None,
    documents: DocumentFilters | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[dict[str, Any]] | None:
    """A page of quote records, each with its document's id, date, title and outlet (as
    ``storyline quotes --json`` prints them); ``None`` for an unknown story."""
    try:
        found = dossier.list_quotes(speaker=speaker, entity=entity, documents=documents,
                                    limit=limit, offset=offset)  # fmt: skip
    except UnknownStory:
        return None
    return [
        {"document": q.document_id, "published": q.published, "title": q.title,
         "outlet": q.outlet, **quote_record(q)}
        for q in found
    ]  # fmt: skip


def event_list(
    dossier: Dossier,
    story: str | None = None,
    status: str | None = None,
    since: date | None = None,
    until: date | None = None,
    *,
    background: bool = False,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[dict[str, Any]] | None:
    """A page of event records in timeline order; ``None`` for an unknown story."""
    try:
        found = dossier.list_events(story=story, status=status, since=since, until=until,
                                    background=background, limit=limit, offset=offset)  # fmt: skip
    except UnknownStory:
        return None
    return [event_record(e) for e in found]


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

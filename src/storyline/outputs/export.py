"""The public JSON Lines export (DESIGN.md, "Contract: the export format").

Fields may be added; none may be renamed or removed without a version bump.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date
from typing import Any

from storyline.corpus.briefs import Brief, Cited
from storyline.corpus.estimates import timexes_read_against
from storyline.corpus.event_queries import stored_events
from storyline.corpus.events import Event, Step
from storyline.corpus.review import event_agreement, speaker_confidence
from storyline.corpus.when import Interval
from storyline.records import Timex
from storyline.store.corrections import CorrectionRecord
from storyline.store.database import (
    Store,
    StoredDocument,
    StoredEntity,
    StoredEventMention,
    StoredQuote,
)
from storyline.store.views import StoryRow

EXPORT_VERSION = 1
RECORD_TYPES = ("document", "entity", "event", "story", "correction")


def document_record(store: Store, document: StoredDocument) -> dict[str, Any]:
    """One ``document`` record: the clean article, what was removed, and its annotations."""
    published, estimate = None, published_estimate(store, document.id)
    if document.published:
        published = {
            "value": document.published,
            "source": document.published_source,
            "confidence": document.published_confidence,
        }
        if document.published_start:
            published |= {"start": document.published_start, "end": document.published_end}
    return {
        "type": "document",
        "id": document.id,
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "outlet": document.outlet,
        "author": document.author,
        "language": document.language,
        "translated_from": document.translated_from,
        "published": published,
        "published_estimate": estimate,
        "crawl_date": document.crawl_date,
        "render_date": document.render_date,
        "body": document.body,
        "boilerplate": list(document.boilerplate),
        "captions": list(document.captions),
        "sentences": [[start, end] for start, end in store.sentences(document.id)],
        "entities": [
            {"text": m.text, "start": m.start, "end": m.end, "label": m.label, "entity": m.entity}
            for m in store.mentions(document.id)
        ],
        "quotes": [quote_record(q) for q in store.quotes(document_id=document.id)],
        "timexes": [timex_record(t) for t in _timexes(store, document, estimate)],
        "events": [event_mention_record(m) for m in store.event_mentions(document.id)],
        "duplicate_of": store.duplicate_of(document.id),
    }


def _timexes(
    store: Store, document: StoredDocument, estimate: dict[str, Any] | None
) -> list[Timex]:
    """The document's time expressions; an undated one's read against its estimated days."""
    timexes = store.timexes(document.id)
    if document.published or estimate is None:
        return timexes
    days = Interval(date.fromisoformat(estimate["start"]), date.fromisoformat(estimate["end"]))
    return timexes_read_against(timexes, days)


def story_records(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    order: str = "first",
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[dict[str, Any]]:
    """Stories with their documents (copies included, in the order they joined) and their
    dated events: all, or those of ``story_ids``, in ``order`` ("first" or "articles")."""
    if story_ids is not None:
        rows = store.story_rows_of(story_ids, order=order)
    else:
        rows = store.story_rows(order=order, limit=limit, offset=offset)
    for row in rows:
        yield story_record(store, row)


def story_record(store: Store, row: StoryRow) -> dict[str, Any]:
    """One ``story`` record: the stored story, its documents and its dated events."""
    return {
        "type": "story", "id": row.id, "title": row.title,
        "documents": store.story_document_ids(row.id), "first": row.first, "last": row.last,
        "articles": row.articles, "independent_sources": row.sources,
        "events": store.story_dated_event_ids(row.id),
    }  # fmt: skip


def published_estimate(store: Store, document_id: str) -> dict[str, Any] | None:
    """For an undated document, the days the events it reports place it in, and why."""
    estimate = store.date_estimate(document_id)
    if estimate is None:
        return None
    return {"start": estimate.start, "end": estimate.end, "evidence": list(estimate.evidence)}


def event_record(event: Event) -> dict[str, Any]:
    """An event with its date, current status and the report-by-report trajectory."""
    when: dict[str, Any] | None = None
    if event.date is not None:
        when = {"value": event.date.value, "start": event.date.start.isoformat(),
                "end": event.date.end.isoformat()}  # fmt: skip
    elif event.happened_by is not None:  # only known to be over by then
        when = {"value": None, "end": event.happened_by.isoformat()}
    return {
        "type": "event",
        "id": event.id,
        "kind": event.kind,
        "title": event.title,
        "participants": list(event.participants),
        "roles": [{"entity": key, "role": role} for key, role in event.roles],
        "counts": dict(event.counts),
        "salience": event.salience,
        "background": event.background,
        "location": event.location,
        "date": when,
        "status": event.status,
        "conflicting": list(event.conflicting),
        "trajectory": [step_record(step) for step in event.trajectory],
        "mentions": [{"document": d, "start": a, "end": b} for d, a, b in event.mentions],
        "agreement": event_agreement(event)[0] if event.trajectory else None,
        "corrected": list(event.corrected),
    }


def step_record(step: Step) -> dict[str, Any]:
    """One report of an event's status: when, by which document, in which words."""
    return {
        "status": step.status, "as_of": step.as_of, "estimated": step.estimated,
        "document": step.document, "evidence": step.evidence, "cue": step.cue,
        "start": step.start, "end": step.end,
    }  # fmt: skip


def timex_record(timex: Timex) -> dict[str, Any]:
    """A time expression: offsets into the body, TIMEX3 type and value, modifier, range."""
    record: dict[str, Any] = {
        "text": timex.text, "start": timex.start, "end": timex.end, "type": timex.type,
        "value": timex.value, "mod": timex.mod,
    }  # fmt: skip
    if timex.range_start:
        record["range"] = {"start": timex.range_start, "end": timex.range_end}
    return record


def event_mention_record(mention: StoredEventMention) -> dict[str, Any]:
    """One event the article reports: where, what kind, with what status and date, and the
    corpus event it was linked to (null when nothing in it ties it to one)."""
    return {
        "text": mention.trigger, "start": mention.start, "end": mention.end,
        "kind": mention.kind, "status": mention.status, "cue": mention.cue,
        "date": mention.date, "date_text": mention.date_text, "event": mention.event,
    }  # fmt: skip


def quote_record(quote: StoredQuote) -> dict[str, Any]:
    """A quote as the export contract has it, plus its fragments and cue offsets."""
    speaker = None
    if quote.speaker or quote.speaker_name:
        speaker = {
            "text": quote.speaker,
            "start": quote.speaker_start,
            "end": quote.speaker_end,
            "kind": quote.speaker_kind,
            "entity": quote.speaker_entity,
            "name": quote.speaker_name,
            "confidence": speaker_confidence(quote.speaker_kind),
            "related_to": (
                {"entity": quote.related_entity, "name": quote.related_name}
                if quote.related_name and quote.speaker_kind == "nominal"
                else None
            ),
        }
    return {
        "id": f"{quote.document_id}:{quote.index}",
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "spans": [list(span) for span in quote.spans],
        "kind": quote.kind,
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "speaker": speaker,
    }


def entity_record(entity: StoredEntity) -> dict[str, Any]:
    return {
        "type": "entity",
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "documents": entity.documents,
        "mentions": entity.mentions,
    }


def iter_records(store: Store, types: Iterable[str] = RECORD_TYPES) -> Iterator[dict[str, Any]]:
    """Every record of the wanted types, documents first, streamed from the store."""
    wanted = set(types)
    unknown = wanted - set(RECORD_TYPES)
    if unknown:
        raise ValueError(f"unknown record type(s): {', '.join(sorted(unknown))}")
    if "document" in wanted:
        for document in store.iter_documents():
            yield document_record(store, document)
    if "entity" in wanted:
        for entity in store.entities():
            yield entity_record(entity)
    if "event" in wanted:
        for event in stored_events(store):
            yield event_record(event)
    if "story" in wanted:
        yield from story_records(store)
    if "correction" in wanted:
        for correction in store.corrections(active=False):
            yield correction_record(correction)


def correction_record(correction: CorrectionRecord) -> dict[str, Any]:
    """A user's correction: the claim (a document's ``date``, a quote's ``speaker``), what it
    was made to say, what it said before, and when it was undone (null while in force)."""
    return {
        "type": "correction",
        "id": correction.id,
        "kind": correction.kind,
        "target": correction.target,
        "value": correction.value,
        "previous": correction.previous,
        "note": correction.note,
        "created_at": correction.created_at,
        "undone_at": correction.undone_at,
    }


def brief_record(brief: Brief) -> dict[str, Any]:
    """The brief as JSON: every sentence and quote with the document and offsets it is from;
    the salient dated events in ``events``, the background ones in ``background``."""

    def cited(c: Cited) -> dict[str, Any]:
        record = {"text": c.text, "document": c.document, "start": c.start, "end": c.end}
        return record | {"kind": c.kind} if c.kind else record

    return {
        "story": brief.story,
        "title": brief.title,
        "as_of": brief.as_of,
        "sentences": [cited(c) for c in brief.sentences],
        "events": [event_record(e) for e in brief.events],
        "background": [event_record(e) for e in brief.background],
        "quotes": [
            {"speaker": speaker, "quotes": [cited(c) for c in quotes]}
            for speaker, quotes in brief.quotes.items()
        ],
        "entities": [
            {"id": i, "name": name, "label": label, "mentions": n}
            for i, name, label, n in brief.entities
        ],
        "open_questions": [_question(e) for e in brief.open_questions],
        "sources": {document: asdict(source) for document, source in brief.sources.items()},
    }


def _question(event: Event) -> dict[str, Any]:
    date_value = event.date.value if event.date else None
    return {"event": event.id, "title": event.title, "status": event.status, "date": date_value}

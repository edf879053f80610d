"""Corrections: a user says what a claim should be, and it stays so.

Each correction is its own record (listed, exported, undone). A document's date is carried out
by analysing the document again with that date as its metadata (the per-document stage is a
pure function of the raw document, so every time expression and event is read against the
right day), then running the corpus steps again; a quote's speaker by setting it on the quote,
again after any new analysis of its document. Both live in the document's own analysis, which
``link --rebuild`` reads and re-ingesting the same bytes leaves alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from storyline.analyse.annotate import annotate
from storyline.analyse.embeddings import load_embedder
from storyline.analyse.model import load_pipeline
from storyline.corpus.event_linking import apply_event_link_corrections, link_events
from storyline.corpus.event_queries import stored_events_by_id
from storyline.corpus.events import STRENGTH, Event
from storyline.corpus.linking import link_entities
from storyline.corpus.review import CORRECTED_SPEAKER
from storyline.corpus.story_linking import NEW_STORY, apply_story_corrections, link_stories
from storyline.extract import outlet_of
from storyline.ingest.readers import stored_raw_document
from storyline.pipeline import IngestOptions
from storyline.records import (
    AnalysedDocument,
    Failure,
    Kind,
    PublishedDate,
    RawDocument,
    outlet_key,
)
from storyline.store.corrections import CorrectionRecord, QuoteSpeaker
from storyline.store.database import Store, StoredDocument

KINDS = ("date", "speaker", "event", "event-link", "story")
EVENT_FIELDS = ("status", "date", "title")
_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote by its document and its index there, written ``DOCUMENT:INDEX``."""

    document: str
    index: int

    def __str__(self) -> str:
        return f"{self.document}:{self.index}"


def fix_date(
    store: Store,
    document: str,
    value: str,
    *,
    note: str | None = None,
    options: IngestOptions | None = None,
) -> CorrectionRecord:
    """Correct a document's publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    found = _document(store, document)
    _check_day(value)
    previous = {"value": found.published, "source": found.published_source}
    record = store.add_correction("date", found.id, value, previous, note)
    reanalyse(store, [found.id], options)
    return record


def fix_speaker(
    store: Store, quote: str, name: str, *, note: str | None = None
) -> CorrectionRecord:
    """Correct who said a quote (``DOCUMENT:INDEX``, the document's id or the start of it)."""
    if not name.strip():
        raise CorrectionError("a speaker needs a name")
    ref = _quote(store, quote)
    current = store.quote_speaker(ref.document, ref.index) if ref else None
    if ref is None or current is None:
        raise CorrectionError(f"{quote}: no such quote")
    record = store.add_correction("speaker", str(ref), name.strip(), _speaker_json(current), note)
    _set_speaker(store, ref, name.strip())
    return record


def fix_event(
    store: Store,
    event: str,
    *,
    status: str | None = None,
    day: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> CorrectionRecord:
    """Correct an event's status, date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or title; what
    an earlier correction of it set and this one does not change stays."""
    _known_event(store, event)
    if status is not None and status not in STRENGTH:
        raise CorrectionError(f"{status}: a status is one of {', '.join(STRENGTH)}")
    if day is not None:
        _check_day(day)
    if title is not None and not title.strip():
        raise CorrectionError("a title needs words")
    given = {"status": status, "date": day, "title": title and title.strip()}
    fix = {field: value for field, value in given.items() if value is not None}
    if not fix:
        raise CorrectionError("say what to correct: --status, --date or --title")
    earlier = store.corrections(kind="event", target=event)
    value = {**(earlier[0].value if earlier else {}), **fix}
    before = next(iter(stored_events_by_id(store, [event])), None)
    previous = _event_fields(before) if before else None
    return store.add_correction("event", event, value, previous, note)


def merge_events(
    store: Store, survivor: str, others: Sequence[str], *, note: str | None = None
) -> CorrectionRecord:
    """Make events one: the reports of ``others`` join ``survivor``."""
    for event in [survivor, *others]:
        _known_event(store, event)
    value = {"merge": _merged(survivor, others, "events")}
    record = store.add_correction("event-link", survivor, value, None, note, supersede=False)
    apply_event_link_corrections(store)
    return record


def split_event(
    store: Store, event: str, document: str, *, note: str | None = None
) -> CorrectionRecord:
    """Take one article's reports out of an event: they are an event of their own."""
    _known_event(store, event)
    found = _document(store, document)
    reporting = store.documents_reporting_events([event])
    if found.id not in reporting:
        raise CorrectionError(f"{found.id} does not report {event}")
    if len(reporting) < 2:
        raise CorrectionError(f"{event} is reported by {found.id} alone: nothing to split")
    split = {"split": found.id}
    record = store.add_correction("event-link", event, split, None, note, supersede=False)
    apply_event_link_corrections(store)
    return record


def merge_stories(
    store: Store, survivor: str, others: Sequence[str], *, note: str | None = None
) -> CorrectionRecord:
    """Make stories one: the articles of ``others`` join ``survivor``."""
    for story in [survivor, *others]:
        _known_story(store, story)
    merged = _merged(survivor, others, "stories")
    previous = {story: store.story_document_ids(story) for story in merged}
    merge = {"merge": merged}
    record = store.add_correction("story", survivor, merge, previous, note, supersede=False)
    apply_story_corrections(store)
    return record


def move_to_story(
    store: Store, document: str, story: str, *, note: str | None = None
) -> CorrectionRecord:
    """Put an article (and its copies) in another story."""
    found = _document(store, document)
    _known_story(store, story)
    current = store.story_of_document(found.id)
    if current == story:
        raise CorrectionError(f"{found.id} is in {story} already")
    record = store.add_correction("story", found.id, {"into": story}, {"story": current}, note)
    apply_story_corrections(store)
    return record


def split_story(store: Store, document: str, *, note: str | None = None) -> CorrectionRecord:
    """Take an article (and its copies) out of its story into a story of its own."""
    found = _document(store, document)
    current = store.story_of_document(found.id)
    if current is None:
        raise CorrectionError(f"{found.id} is in no story yet (run 'storyline link')")
    if len(store.story_document_ids(current)) < 2:
        raise CorrectionError(f"{found.id} is alone in {current}: nothing to split")
    record = store.add_correction("story", found.id, {"into": NEW_STORY}, {"story": current}, note)
    apply_story_corrections(store)
    return record


def undo(store: Store, correction_id: int, *, options: IngestOptions | None = None) -> None:
    """Undo a correction: the claim is what the analysis says again."""
    record = store.correction(correction_id)
    if record is None:
        raise CorrectionError(f"no correction {correction_id}")
    if not record.active:
        raise CorrectionError(f"correction {correction_id} was undone already")
    store.undo_correction(correction_id)
    if record.kind == "date":
        reanalyse(store, [record.target], options)
    elif record.kind == "speaker" and (ref := _quote(store, record.target, must_exist=False)):
        store.set_quote_speaker(ref.document, ref.index, QuoteSpeaker(**record.previous))
    elif record.kind == "story":
        link_stories(store, rebuild=True)  # cluster again; the other corrections hold
    elif record.kind == "event-link":
        link_events(store, rebuild=True)  # link again; the other corrections hold
    # an event's correction is read over the event wherever it is read: undone, it is gone


def reanalyse(
    store: Store, document_ids: Sequence[str], options: IngestOptions | None = None
) -> None:
    """Analyse documents again from their raw input, with the dates a user gave them, keep
    their speaker corrections, and run the corpus steps again over the whole corpus."""
    options = options or IngestOptions()
    stored = [_stored_raw(store, document) for document in document_ids]
    batch = [_with_corrected_hints(store, raw) for raw in stored]
    outlets = {outlet_key(o) for raw in batch if raw.kind == "text" and (o := outlet_of(raw))}
    furniture = store.outlet_furniture(outlets, min_documents=options.min_outlet_pages)
    results = annotate(
        batch,
        nlp=load_pipeline(options.model),
        outlet_furniture=furniture,
        embedder=load_embedder(),
    )
    failed = [r for r in results if isinstance(r, Failure)]
    if failed:
        raise CorrectionError(f"cannot analyse {failed[0]}")
    analysed = [_with_corrected_date(store, r) for r in results if isinstance(r, AnalysedDocument)]
    store.replace_documents(list(zip(stored, analysed, strict=True)))  # the input as it was
    for record in store.corrections(kind="speaker"):
        ref = _quote(store, record.target, must_exist=False)
        if ref is not None and ref.document in document_ids:
            _set_speaker(store, ref, record.value)
    link_entities(store, rebuild=True, aliases_path=options.aliases)
    link_events(store, rebuild=True)
    link_stories(store, rebuild=True)


def _stored_raw(store: Store, document_id: str) -> RawDocument:
    stored = store.document(document_id)
    found = store.raw(document_id)
    if stored is None or found is None:
        raise CorrectionError(f"{document_id}: no such document")
    raw, hints = found
    kind: Kind = "html" if stored.kind == "html" else "text"
    document = stored_raw_document(stored.source, raw, hints, kind)
    if isinstance(document, Failure):
        raise CorrectionError(str(document))
    return document


def _with_corrected_hints(store: Store, document: RawDocument) -> RawDocument:
    """The raw document with the date a user gave it as its metadata, to analyse."""
    day = _corrected_day(store, document.id)
    if day is None:
        return document
    return replace(document, hints=replace(document.hints, published=day))


def _with_corrected_date(store: Store, analysed: AnalysedDocument) -> AnalysedDocument:
    day = _corrected_day(store, analysed.id)
    if day is None:
        return analysed
    published = PublishedDate(day, "correction", 1.0)
    return replace(analysed, article=replace(analysed.article, published=published))


def _corrected_day(store: Store, document_id: str) -> str | None:
    found = store.corrections(kind="date", target=document_id)
    return str(found[0].value) if found else None


def _set_speaker(store: Store, ref: QuoteRef, name: str) -> None:
    current = store.quote_speaker(ref.document, ref.index)
    if current is None:
        return  # the quote is not found in the new analysis: the correction waits
    key = store.document_entity_key(ref.document, name)
    speaker = QuoteSpeaker(current.speaker, CORRECTED_SPEAKER, name, key)
    store.set_quote_speaker(ref.document, ref.index, speaker)


def _speaker_json(speaker: QuoteSpeaker) -> dict[str, object]:
    return {"speaker": speaker.speaker, "speaker_kind": speaker.speaker_kind,
            "speaker_name": speaker.speaker_name, "speaker_key": speaker.speaker_key}  # fmt: skip


def _event_fields(event: Event) -> dict[str, str | None]:
    return {"status": event.status, "date": event.date.value if event.date else None,
            "title": event.title}  # fmt: skip


def _known_event(store: Store, event: str) -> None:
    if store.event_title(event) is None:
        raise CorrectionError(f"{event}: no such event (ids are shown by 'storyline timeline')")


def _known_story(store: Store, story: str) -> None:
    if not store.story_exists(story):
        raise CorrectionError(f"{story}: no such story (ids are shown by 'storyline stories')")


def _merged(survivor: str, others: Sequence[str], what: str) -> list[str]:
    """The ids to merge into ``survivor``; a merge of nothing is refused."""
    merged = [other for other in dict.fromkeys(others) if other != survivor]
    if not merged:
        raise CorrectionError(f"name the {what} to merge into the first one")
    return merged


def _document(store: Store, document: str) -> StoredDocument:
    found = store.document(document)
    if found is None:
        raise CorrectionError(f"{document}: no such document (or the id is ambiguous)")
    return found


def _quote(store: Store, quote: str, *, must_exist: bool = True) -> QuoteRef | None:
    document, _, index = quote.rpartition(":")
    if not document or not index.isdigit():
        raise CorrectionError(f"{quote}: a quote is DOCUMENT:INDEX (as `storyline quotes` shows)")
    found = store.document(document)
    ref = QuoteRef(found.id, int(index)) if found else None
    if ref is not None and store.quote_speaker(ref.document, ref.index) is not None:
        return ref
    if must_exist:
        raise CorrectionError(f"{quote}: no such quote")
    return None


def _check_day(value: str) -> None:
    if not _DAY.match(value):
        raise CorrectionError(f"{value}: a date is YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(p) for p in [*value.split("-"), "1", "1"][:3])
    try:
        date(year, month, day)
    except ValueError as error:
        raise CorrectionError(f"{value}: not a date ({error})") from error

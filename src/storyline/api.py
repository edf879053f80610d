"""The library's front door: a :class:`Dossier` is one storyline database and what it knows.

The command line and the web app call this API; so can a user's own script::

    import storyline

    with storyline.Dossier("news.db") as dossier:
        dossier.ingest(["articles/"])
        for event in dossier.events():
            print(event.date, event.status, event.title)
        records = list(dossier.export())
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from storyline.corpus.alerts import AlertError, StoryChanges, add_alert, check_alerts, story_changes
from storyline.corpus.briefs import UnknownStory, build_brief, story_members
from storyline.corpus.entities import CorpusEntity
from storyline.corpus.event_linking import EventReport, link_events
from storyline.corpus.event_queries import find_events as _find_events
from storyline.corpus.event_queries import (
    participant_names,
    reported_events,
    stored_events_by_id,
)
from storyline.corpus.events import BACKGROUND, Event
from storyline.corpus.linking import (
    LinkReport,
    default_aliases_path,
    link_entities,
    merge_entities,
    split_entity,
)
from storyline.corpus.review import DEFAULT_BELOW, Claim, review
from storyline.corpus.review import KINDS as REVIEW_KINDS
from storyline.corpus.search import (
    SearchMode,
    StoryHit,
    default_mode,
    embed_missing,
    events_of_hits,
    search_documents,
    similar_documents,
    stories_of_hits,
)
from storyline.corpus.story_linking import StoryReport, link_stories
from storyline.corrections import (
    CorrectionError,
    fix_date,
    fix_event,
    fix_speaker,
    merge_events,
    merge_stories,
    move_to_story,
    split_event,
    split_story,
    undo,
)
from storyline.ingest.web import Fetcher
from storyline.outputs.alerts import WebhookOptions, deliver_webhooks, firing_record
from storyline.outputs.brief_render import render_brief
from storyline.outputs.export import (
    RECORD_TYPES,
    brief_record,
    document_record,
    iter_records,
    story_records,
)
from storyline.pipeline import IngestOptions, IngestReport, Listener, ingest
from storyline.records import Timex
from storyline.store.corrections import CorrectionRecord
from storyline.store.database import (
    SearchHit,
    Store,
    StoredDocument,
    StoredEntity,
    StoredMention,
    StoredQuote,
)
from storyline.store.lists import (
    DocumentFilters,
    DocumentOrder,
    DocumentSummary,
    EventFilters,
    SearchOrder,
)
from storyline.store.watching import AlertRecord, SourceRecord
from storyline.watch import (
    RoundReport,
    SourceError,
    WatchOptions,
    add_sources,
    source_location,
    watch_round,
)


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What one :meth:`Dossier.link` run did, step by step."""

    entities: LinkReport
    events: EventReport
    stories: StoryReport


class Dossier:
    """A storyline database.

    ``Dossier(path)`` opens the database at ``path``, creating it if needed;
    ``Dossier(path, create=False)`` raises :class:`storyline.MissingDatabase` instead, and
    ``Dossier()`` is an in-memory one; ``readonly`` opens one for reading only (the web app).
    ``aliases`` is the user's entity rules file
    (``aliases.toml``); by default ``$STORYLINE_ALIASES``, else ``aliases.toml`` beside the
    database.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        create: bool = True,
        readonly: bool = False,
        aliases: Path | None = None,
    ) -> None:
        self.path = str(path)
        self.store = Store(self.path, create=create, readonly=readonly)
        self.aliases = aliases or default_aliases_path(self.path)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Dossier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- building it -----------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        options: IngestOptions | None = None,
        listener: Listener | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> IngestReport:
        """Read, analyse and store every article under ``paths`` (files, folders, globs, "-",
        URLs of pages, feeds and sitemaps), then link the new documents. Bad inputs are listed
        in the report, never raised; ``stop`` ends the run between documents."""
        return ingest(
            [str(p) for p in paths], self.store, options=self._with_aliases(options),
            listener=listener, stop=stop,
        )  # fmt: skip

    def _with_aliases(self, options: IngestOptions | None) -> IngestOptions:
        options = options or IngestOptions()
        if options.aliases is None and self.aliases is not None:
            options = replace(options, aliases=self.aliases)
        return options

    # --- keeping up with a story -----------------------------------------------------------

    def watch(
        self, locations: Sequence[str], *, urls_file: str | None = None
    ) -> list[SourceRecord]:
        """Follow these sources (URLs of feeds, sitemaps or pages; folders; a file of URLs);
        all that are followed when none is named. Raises :class:`SourceError` for a bad one."""
        if not locations and urls_file is None:
            return self.store.sources()
        return add_sources(self.store, locations, urls_file=urls_file)

    def sources(self) -> list[SourceRecord]:
        """The sources followed, with their state."""
        return self.store.sources()

    def forget_source(self, location: str) -> bool:
        """Stop following a source (as named to :meth:`watch`); False if it was not."""
        return self.store.remove_source(source_location(location))

    def watch_round(
        self,
        sources: Sequence[SourceRecord],
        number: int = 1,
        *,
        options: WatchOptions | None = None,
        listener: Listener | None = None,
        stop: Callable[[], bool] = lambda: False,
        fetcher: Fetcher | None = None,
    ) -> RoundReport:
        """One round over ``sources``: what is new is ingested and linked, alerts checked,
        webhooks delivered. Pass the same ``fetcher`` to every round of a long watch: it
        keeps what each site's robots.txt says."""
        options = options or WatchOptions()
        options = replace(options, ingest=self._with_aliases(options.ingest))
        return watch_round(
            self.store, sources, number, options=options, listener=listener, stop=stop,
            fetcher=fetcher,
        )  # fmt: skip

    def add_alert(
        self, name: str, query: str, *, on: str = "status", webhook: str | None = None
    ) -> AlertRecord:
        """Follow the events (``on="status"``), stories (``"new-event"``) or articles
        (``"new-article"``) ``query`` matches; what matches now counts as seen. Raises
        :class:`AlertError` for a taken name, an unknown trigger or an empty query."""
        return add_alert(self.store, name, query, trigger=on, webhook=webhook)

    def alerts(self) -> list[AlertRecord]:
        return self.store.alerts()

    def remove_alert(self, name: str) -> bool:
        """Remove an alert and its firings; False if there is no such alert."""
        return self.store.remove_alert(name)

    def check_alerts(
        self, names: Sequence[str] | None = None, *, webhooks: WebhookOptions | None = None
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """Fire what changed since the alerts last looked: the new firings' records (oldest
        first), and the webhook deliveries that failed (one line each)."""
        firings = check_alerts(self.store, names)
        errors = deliver_webhooks(self.store, webhooks)
        return [firing_record(self.store, f) for f in reversed(firings)], errors

    def firings(
        self, *, alert: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Alert firings, newest first."""
        return [firing_record(self.store, f) for f in self.store.firings(alert=alert, limit=limit)]

    def link(self, *, rebuild: bool = False) -> LinkSummary:
        """Link entities, events and stories across the corpus (``rebuild``: from scratch)."""
        entities = link_entities(self.store, rebuild=rebuild, aliases_path=self.aliases)
        events = link_events(self.store, rebuild=rebuild)
        embed_missing(self.store)
        stories = link_stories(self.store, rebuild=rebuild)
        return LinkSummary(entities, events, stories)

    def merge_entities(self, survivor: str, others: Sequence[str]) -> CorpusEntity:
        """Make the entities ``others`` (ids) one with ``survivor``; kept across re-links."""
        return merge_entities(self.store, survivor, list(others))

    def split_entity(self, entity: str, alias: str) -> int:
        """Move the documents that call ``entity`` by ``alias`` into an entity of their own."""
        return split_entity(self.store, entity, alias, aliases_path=self.aliases)

    # --- reading it ------------------------------------------------------------------------

    def documents(self, *, limit: int | None = None) -> list[StoredDocument]:
        return self.store.documents(limit=limit)

    def document(self, id_or_prefix: str) -> StoredDocument | None:
        """One document by id, or by the start of an id that only one document has."""
        return self.store.document(id_or_prefix)

    def document_record(self, document_id: str) -> dict[str, Any] | None:
        """The export's record of one document (by its whole id), or None."""
        found = self.store.document(document_id)
        if found is None or found.id != document_id:
            return None
        return document_record(self.store, found)

    def timexes(self, document_id: str) -> list[Timex]:
        """The document's time expressions, resolved against its publication date."""
        return self.store.timexes(document_id)

    def mentions(self, document_id: str) -> list[StoredMention]:
        """The document's entity mentions, in text order."""
        return self.store.mentions(document_id)

    def top_mentions(self, labels: Sequence[str], *, limit: int) -> list[tuple[str, int]]:
        """The most mentioned entities of these labels, by name, with their mention counts."""
        return self.store.top_mentions(labels, limit=limit)

    def search(
        self,
        query: str,
        *,
        filters: DocumentFilters | None = None,
        sort: SearchOrder = "relevance",
        limit: int = 20,
        offset: int = 0,
        mode: SearchMode | None = None,
    ) -> list[SearchHit]:
        """Search in the documents ``filters`` keep, best first or (``sort="date"``) the best
        newest first. ``mode`` "words": every word must occur, "quoted words" as a phrase;
        "meaning": nearest in meaning; "hybrid": both, merged; None: hybrid when the database
        has document vectors, else words. Raises :class:`UnknownStory` for an unknown story,
        :class:`SearchUnavailable` for meaning without vectors."""
        self._known_story(filters.story if filters else None)
        return search_documents(
            self.store, query, mode=mode, filters=filters, sort=sort, limit=limit, offset=offset
        )

    def search_mode(self) -> SearchMode:
        """The mode a search without one uses here: hybrid when there are vectors, else words."""
        return default_mode(self.store)

    def similar(
        self, document_id: str, *, filters: DocumentFilters | None = None, limit: int = 10
    ) -> list[SearchHit]:
        """More like this: the documents nearest in meaning to this one (its whole id)."""
        self._known_story(filters.story if filters else None)
        return similar_documents(self.store, document_id, filters=filters, limit=limit)

    def events_of_hits(self, hits: Sequence[str], *, limit: int = 5) -> list[Event]:
        """The events that search hits (document ids, best first) lead with, best first."""
        return events_of_hits(self.store, hits, limit=limit)

    def stories_of_hits(self, hits: Sequence[str], *, limit: int = 5) -> list[StoryHit]:
        """The stories that search hits (document ids, best first) belong to, those with the
        best hits first."""
        return stories_of_hits(self.store, hits, limit=limit)

    def entities(self, *, label: str | None = None, limit: int | None = None) -> list[StoredEntity]:
        return self.store.entities(label=label, limit=limit)

    def entity(self, id_or_name: str) -> list[StoredEntity]:
        """The entities with this id, or going by this name (several when it is ambiguous)."""
        return self.store.entity(id_or_name)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        limit: int | None = None,
    ) -> list[StoredQuote]:
        """Quotes, by a speaker whose name contains ``speaker`` or by the entity ``entity``."""
        return self.store.quotes(speaker=speaker, entity_id=entity, limit=limit)

    def events(self, *, as_of: date | None = None, story: str | None = None) -> list[Event]:
        """The corpus's events; ``as_of``: built again from what was published by that day;
        ``story``: only that story's (raises :class:`UnknownStory` for an unknown id)."""
        if story is not None and not self.store.story_exists(story):
            raise UnknownStory(story)
        members = story_members(self.store, story, as_of) if story is not None else None
        return reported_events(self.store, members, as_of)

    def find_events(
        self, query: str, *, as_of: date | None = None, story: str | None = None
    ) -> list[Event]:
        """Events matching ``query`` (an event id, or words of the title and participants'
        names), best first."""
        events = self.events(as_of=as_of, story=story)
        return _find_events(events, query, participant_names(self.store, events))

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Story records (the export's), the stories with most articles first."""
        return list(story_records(self.store, order="articles", limit=limit, offset=offset))

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story's record, or None."""
        return next(story_records(self.store, [story_id]), None)

    def brief(self, story: str, *, as_of: date | None = None) -> dict[str, Any]:
        """The brief record of one story: every sentence cited to its document and offsets."""
        return brief_record(build_brief(self.store, story, as_of=as_of))

    def render_brief(self, story: str, *, fmt: str = "md", as_of: date | None = None) -> str:
        """The brief as Markdown (``fmt="md"``) or standalone HTML (``"html"``)."""
        return render_brief(self.brief(story, as_of=as_of), fmt)

    def changes(self, story: str, since: date) -> StoryChanges:
        """What a story gained from ``since`` on: articles, new events, status changes
        (raises :class:`UnknownStory` for an unknown id)."""
        return story_changes(self.store, story, since)

    # --- lists and filtered search -----------------------------------------------------------

    def list_documents(
        self,
        *,
        filters: DocumentFilters | None = None,
        sort: DocumentOrder = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DocumentSummary]:
        """A page of the documents ``filters`` keep, without their text, by publication date
        (``sort="-date"``: newest first), undated last; raises :class:`UnknownStory` for an
        unknown story."""
        self._known_story(filters.story if filters else None)
        return self.store.document_summaries(filters, sort=sort, limit=limit, offset=offset)

    def list_entities(
        self,
        *,
        label: str | None = None,
        name: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredEntity]:
        """A page of the corpus entities (of ``label``; whose name or an alias holds ``name``,
        case aside), most documents first."""
        return self.store.entities(label=label, name=name, limit=limit, offset=offset)

    def list_quotes(
        self,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        documents: DocumentFilters | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredQuote]:
        """A page of the quotes by a speaker whose name holds ``speaker``, by the entity
        ``entity``, in the documents ``documents`` keep; in document order. Raises
        :class:`UnknownStory` for an unknown story."""
        self._known_story(documents.story if documents else None)
        return self.store.quotes(
            speaker=speaker, entity_id=entity, documents=documents, limit=limit, offset=offset
        )

    def list_events(
        self,
        *,
        story: str | None = None,
        status: str | None = None,
        since: date | None = None,
        until: date | None = None,
        background: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """A page of the stored events, in timeline order (undated last): of one story, with
        one status, dated within ``since``/``until`` (see :class:`EventFilters`); the background
        ones only if ``background``. Raises :class:`UnknownStory` for an unknown story."""
        self._known_story(story)
        salience = 0.0 if background else BACKGROUND
        filters = EventFilters(story, status, since, until, min_salience=salience)
        ids = self.store.event_ids(filters, limit=limit, offset=offset)
        if not ids:
            return []
        by_id = {event.id: event for event in stored_events_by_id(self.store, ids)}
        return [by_id[event_id] for event_id in ids if event_id in by_id]

    def _known_story(self, story: str | None) -> None:
        if story is not None and not self.store.story_exists(story):
            raise UnknownStory(story)

    # --- corrections -------------------------------------------------------------------------

    def fix_date(
        self, document: str, value: str, *, note: str | None = None,
        options: IngestOptions | None = None,
    ) -> CorrectionRecord:  # fmt: skip
        """Correct a document's publication date (its id or the start of it; ``YYYY``,
        ``YYYY-MM`` or ``YYYY-MM-DD``): it is analysed again with that date, and the corpus
        linked again. Raises :class:`CorrectionError` for an unknown document or a bad date."""
        return fix_date(self.store, document, value, note=note, options=self._with_aliases(options))

    def fix_speaker(self, quote: str, name: str, *, note: str | None = None) -> CorrectionRecord:
        """Correct who said a quote (``DOCUMENT:INDEX``, as ``quotes`` give its ``id``)."""
        return fix_speaker(self.store, quote, name, note=note)

    def fix_event(
        self, event: str, *, status: str | None = None, date: str | None = None,
        title: str | None = None, note: str | None = None,
    ) -> CorrectionRecord:  # fmt: skip
        """Correct an event's status, date or title; read over the event wherever it is read
        (timeline, as-of views, briefs, export). Raises :class:`CorrectionError`."""
        return fix_event(self.store, event, status=status, day=date, title=title, note=note)

    def merge_events(
        self, survivor: str, others: Sequence[str], *, note: str | None = None
    ) -> CorrectionRecord:
        """Make events one (kept through new articles and rebuilds)."""
        return merge_events(self.store, survivor, others, note=note)

    def split_event(
        self, event: str, document: str, *, note: str | None = None
    ) -> CorrectionRecord:
        """Take one article's reports out of an event into one of their own (kept likewise)."""
        return split_event(self.store, event, document, note=note)

    def merge_stories(
        self, survivor: str, others: Sequence[str], *, note: str | None = None
    ) -> CorrectionRecord:
        """Make stories one (kept through new articles and rebuilds)."""
        return merge_stories(self.store, survivor, others, note=note)

    def move_to_story(
        self, document: str, story: str, *, note: str | None = None
    ) -> CorrectionRecord:
        """Put an article (and its copies) in another story (kept likewise)."""
        return move_to_story(self.store, document, story, note=note)

    def review(
        self, *, below: float = DEFAULT_BELOW, kinds: Sequence[str] = REVIEW_KINDS,
        limit: int | None = None,
    ) -> list[Claim]:  # fmt: skip
        """The claims (dates, speakers, event statuses) with less than ``below`` confidence,
        most consequential first, each with the command that corrects or confirms it."""
        return review(self.store, below=below, kinds=kinds, limit=limit)

    def split_story(self, document: str, *, note: str | None = None) -> CorrectionRecord:
        """Take an article (and its copies) out of its story into one of its own."""
        return split_story(self.store, document, note=note)

    def corrections(self, *, active: bool = True) -> list[CorrectionRecord]:
        """The corrections in force (``active=False``: all, undone ones too), newest first."""
        return self.store.corrections(active=active)

    def undo_correction(self, correction_id: int, *, options: IngestOptions | None = None) -> None:
        """Undo a correction; raises :class:`CorrectionError` for an unknown or undone one."""
        undo(self.store, correction_id, options=self._with_aliases(options))

    def export(self, types: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """The export's records (``storyline export``), of all types or the ones named."""
        return iter_records(self.store, tuple(types) if types else RECORD_TYPES)


__all__ = [
    "AlertError",
    "CorrectionError",
    "Dossier",
    "LinkSummary",
    "SourceError",
    "UnknownStory",
]

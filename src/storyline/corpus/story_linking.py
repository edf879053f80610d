"""The corpus step for stories: mark copies, then put each new document in a story.

Incremental like the other corpus steps (run after entity and event linking: their ids are
clustering signals): only documents without a story are read, in publication order (undated
ones by their estimate, then the rest), against the stories and word frequencies kept in the
store. A copy joins its original's story and adds nothing to it, so a wire story published
thirty times counts once. Story ids derive from their first document: stable across re-runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from storyline.analyse.embeddings import load_embedder
from storyline.corpus.dedup import CopyFinder, signature, signature_bytes, signature_from_bytes
from storyline.corpus.estimates import CANDIDATE_DAYS
from storyline.corpus.events import LEAD
from storyline.corpus.stories import (
    ACTIVE_DAYS,
    Story,
    StoryDocument,
    StoryIndex,
    Vocabulary,
    absorb,
    terms,
)
from storyline.corpus.stories import story_id as new_story_id
from storyline.corpus.when import day_of, parse_day
from storyline.store.database import Store
from storyline.store.events import DocumentEstimate
from storyline.store.stories import StoryMember, StoryRecord

CLUSTER_LABELS = ("PERSON", "ORG")  # places and nationalities are shared by too many stories
STORY_MARGIN = timedelta(days=30)  # how far from its story's dated days an article may be
NEW_STORY = "new"  # a move "into" this: a story of the article's own
TITLE_CANDIDATES = 200  # a story's first articles that may give it its title
# "BREAKING NEWS: …", "… $284 BILLION …": a headline that shouts is no story's title when
# another will do (acronyms are shorter than five letters, or mixed: NASA, UNICEF aside).
_SHOUTING = re.compile(r"^[A-Z][A-Z ]{3,}:|\b[A-Z]{5,}\b")


@dataclass(slots=True)
class StoryReport:
    documents: int = 0
    duplicates: int = 0
    stories: int = 0  # stories created or grown


def link_stories(store: Store, *, rebuild: bool = False) -> StoryReport:
    """Give every document without a story one, marking copies on the way."""
    if rebuild:
        with store.transaction():
            store.clear_stories()
    pending = store.documents_without_story()
    report = StoryReport()
    if not pending:
        return report
    copies = _copy_finder(store)
    documents = story_documents(store, pending)
    first_day = min((d.day for d in documents if d.day), default=None)
    index = StoryIndex(_stored_stories(store, first_day), _stored_vocabulary(store))
    before = Counter(dict(index.vocabulary.frequencies))
    story_of = store.story_of_documents()
    signatures, members, touched = [], [], set()
    for document in documents:
        text_signature = signature(document.text)
        original = copies.add(document.id, text_signature)
        signatures.append((document.id, signature_bytes(text_signature), original))
        if original is not None and original in story_of:
            story = story_of[original]
            report.duplicates += 1
        else:
            story = index.add(document)
        story_of[document.id] = story
        members.append((document.id, story))
        touched.add(story)
        report.documents += 1
    report.stories = len(touched)
    with store.transaction():
        store.save_signatures(signatures)
        store.add_story_members(members)
        _save_vocabulary(store, index.vocabulary, before)
        saved = [index.stories.get(s) or _stored_story(store, s) for s in sorted(touched)]
        for record in saved:
            _save_story(store, record)
        store.save_document_estimates(_placed_by_their_stories(store, saved))
    apply_story_corrections(store)
    return report


def apply_story_corrections(store: Store) -> None:
    """The merges and moves a user made, oldest first, over what clustering made: run after
    every clustering, so they hold through new articles and a rebuild. A correction naming a
    story that is not there (not yet, or no more) waits."""
    fixes = sorted(store.corrections(kind="story"), key=lambda c: c.id)
    if not fixes:
        return
    with store.transaction():
        for fix in fixes:
            if "merge" in fix.value:
                _merge_stories(store, fix.target, fix.value["merge"])
            else:
                _move_documents(store, [fix.target], fix.value["into"])


def _merge_stories(store: Store, survivor: str, others: Sequence[str]) -> None:
    if not store.story_exists(survivor):
        return
    merged = _stored_story(store, survivor)
    for other in others:
        if other == survivor or not store.story_exists(other):
            continue
        _absorb_story(merged, _stored_story(store, other))
        store.move_to_story(store.story_document_ids(other), survivor)
        store.delete_empty_stories([other])
    _save_story(store, merged)


def _story_of_its_own(store: Store, document_id: str) -> str:
    """A story for one article alone (the id its first article gives it), made if needed."""
    new_id = new_story_id(document_id)
    if not store.story_exists(new_id) and (found := story_documents(store, [document_id])):
        story = Story(id=new_id)
        vocabulary = _stored_vocabulary(store)
        absorb(story, found[0], vocabulary.vector(terms(found[0].text)))
        _save_story(store, story)
    return new_id


def _absorb_story(story: Story, other: Story) -> None:
    for term, weight in other.centroid.items():
        story.centroid[term] = story.centroid.get(term, 0.0) + weight
    story.norm = math.sqrt(sum(w * w for w in story.centroid.values()))
    story.entities.update(other.entities)
    story.events |= other.events
    if other.vector is not None:
        story.vector = other.vector if story.vector is None else story.vector + other.vector
    days = [d for d in (story.first, story.last, other.first, other.last) if d is not None]
    story.first, story.last = (min(days), max(days)) if days else (None, None)
    story.size += other.size


def _move_documents(store: Store, documents: Sequence[str], story_id: str) -> None:
    if story_id == NEW_STORY and documents:
        story_id = _story_of_its_own(store, documents[0])
    if not store.story_exists(story_id):
        return
    left = store.move_to_story(documents, story_id)
    store.delete_empty_stories(left)
    for story in [story_id, *left]:
        if store.story_exists(story):
            _save_story(store, _stored_story(store, story))


def _placed_by_their_stories(store: Store, stories: Sequence[Story]) -> list[DocumentEstimate]:
    """Undated articles whose own weekday with its date holds in one year only near their
    story's dated days: the fortnight from that day ("Tuesday (Nov. 9)" in a story of November
    2021). Two clues agree; neither alone decides."""
    spans = {s.id: (s.first, s.last) for s in stories if s.first and s.last}
    estimates = []
    for story_id, document_id, days in store.unplaced_members(list(spans)):
        first, last = spans[story_id]
        near = [
            day
            for day in map(date.fromisoformat, days)
            if first - STORY_MARGIN <= day <= last + STORY_MARGIN
        ]
        if len(near) != 1:
            continue
        (day,) = near
        end = day + timedelta(days=CANDIDATE_DAYS - 1)
        reason = (f"its own weekday with its date holds then ({day}), of its story's days "
                  f"{first} – {last}")  # fmt: skip
        estimates.append(DocumentEstimate(document_id, day.isoformat(), end.isoformat(), (reason,)))
    return estimates


# --- reading ------------------------------------------------------------------------------------


def story_documents(store: Store, document_ids: Sequence[str]) -> list[StoryDocument]:
    """What clustering needs of each document: its words, linked entities and events, day,
    and its vector of this install's model (when it has one)."""
    embedder = load_embedder()
    vectors = store.document_vectors(document_ids, embedder.name) if embedder else {}
    return [
        StoryDocument(
            id=signals.id,
            day=day_of(signals.published) or parse_day(signals.estimated),
            text=f"{signals.title or ''}\n\n{signals.body}",
            entities=signals.entities,
            events=signals.events,
            candidate_days=tuple(date.fromisoformat(day) for day in signals.candidate_days),
            vector=vectors.get(signals.id),
        )
        for signals in store.document_signals(
            document_ids, CLUSTER_LABELS, event_prominence=LEAD, other_kinds=UNTELLING_KINDS
        )
    ]


# An article's story is told by the events it leads with; a statement or a happening of no
# kind ("the plane landed") is in every story, and what it recalls further on is background.
UNTELLING_KINDS = ("other", "statement")


def _copy_finder(store: Store) -> CopyFinder:
    """The signatures stored so far, in the order they were first seen."""
    finder = CopyFinder()
    for document_id, blob in store.story_signatures():
        finder.add(document_id, signature_from_bytes(blob))
    return finder


def _stored_stories(store: Store, since: date | None) -> list[Story]:
    """The stories still active at ``since`` (all of them when it is unknown)."""
    cutoff = (since - timedelta(days=ACTIVE_DAYS)).isoformat() if since else None
    return [_story(story_id, state) for story_id, state in store.story_states(cutoff)]


def _stored_story(store: Store, story_id: str) -> Story:
    """A story set aside as quiet, which a copy of one of its articles has just joined."""
    return _story(story_id, store.story_state(story_id))


def _stored_vocabulary(store: Store) -> Vocabulary:
    frequencies, documents = store.story_vocabulary()
    return Vocabulary(frequencies, documents)


def _story(story_id: str, state: dict[str, Any]) -> Story:
    centroid = state["centroid"]
    return Story(
        norm=math.sqrt(sum(w * w for w in centroid.values())),
        id=story_id, centroid=state["centroid"], entities=Counter(state["entities"]),
        events=set(state["events"]), first=parse_day(state["first"]),
        last=parse_day(state["last"]), size=state["size"],
        vector=np.asarray(state["vector"], dtype=np.float32) if state.get("vector") else None,
    )  # fmt: skip


# --- writing ------------------------------------------------------------------------------------


def _save_vocabulary(store: Store, vocabulary: Vocabulary, before: Counter[str]) -> None:
    """Write only the words whose document frequency changed since ``before``."""
    changed = {
        term: count for term, count in vocabulary.frequencies.items() if before[term] != count
    }
    forgotten = [term for term in before if term not in vocabulary.frequencies]
    store.update_story_vocabulary(changed, forgotten, vocabulary.documents)


def _save_story(store: Store, story: Story) -> None:
    members = store.story_members(story.id)
    state = {
        "centroid": story.centroid, "entities": dict(story.entities),
        "events": sorted(story.events), "first": _iso(story.first), "last": _iso(story.last),
        "size": story.size,
        "vector": None if story.vector is None else [round(float(x), 5) for x in story.vector],
    }  # fmt: skip
    store.save_story(
        StoryRecord(
            id=story.id,
            title=central_title(members, story.vector, _member_vectors(store, members)),
            first=_iso(story.first),
            last=_iso(story.last),
            documents=len(members),
            sources=independent_sources(members),
            state=state,
        )
    )


def central_title(
    members: Sequence[StoryMember], centre: np.ndarray | None, vectors: dict[str, np.ndarray]
) -> str | None:
    """The story's title: the headline of its original article nearest the story's centre in
    meaning (what most of its articles are about, not a side piece that came first); a whole
    headline before one cut short ("…"), one that shouts or asks a question; the first such
    headline when there are no vectors."""
    titled = [m for m in members if m.title and m.duplicate_of is None] or [
        m for m in members if m.title
    ]
    if not titled:
        return None
    whole = [m for m in titled if not (m.title or "").rstrip().endswith(("…", "..."))] or titled
    whole = [m for m in whole if not _SHOUTING.search(m.title or "")] or whole
    whole = [m for m in whole if "?" not in (m.title or "")] or whole
    if centre is None or not vectors:
        return whole[0].title
    closeness = {m.id: float(vectors[m.id] @ centre) for m in whole if m.id in vectors}
    best = max(whole, key=lambda m: closeness.get(m.id, float("-inf")))
    return best.title


def _member_vectors(store: Store, members: Sequence[StoryMember]) -> dict[str, np.ndarray]:
    embedder = load_embedder()
    if embedder is None:
        return {}
    wanted = [m.id for m in members[:TITLE_CANDIDATES] if m.title]
    return store.document_vectors(wanted, embedder.name)


def independent_sources(members: Sequence[StoryMember]) -> int:
    """Outlets that wrote their own article: copies count for nothing, and articles of no
    known outlet count one each."""
    originals = [m for m in members if m.duplicate_of is None]
    outlets = {m.outlet for m in originals if m.outlet}
    return len(outlets) + sum(1 for m in originals if not m.outlet)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

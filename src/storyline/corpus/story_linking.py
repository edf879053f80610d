"""The corpus step for stories: mark copies, then put each new document in a story.

Incremental like the other corpus steps (run after entity and event linking: their ids are
clustering signals): only documents without a story are read, in publication order (undated
ones by their estimate, then the rest), against the stories and word frequencies kept in the
store. A copy joins its original's story and adds nothing to it, so a wire story published
thirty times counts once. Story ids derive from their first document: stable across re-runs.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storyline.corpus.dedup import CopyFinder, signature, signature_bytes, signature_from_bytes
from storyline.corpus.stories import ACTIVE_DAYS, Story, StoryDocument, StoryIndex, Vocabulary
from storyline.corpus.when import parse_day
from storyline.store.database import Store

CLUSTER_LABELS = ("PERSON", "ORG")  # places and nationalities are shared by too many stories


@dataclass(slots=True)
class StoryReport:
    documents: int = 0
    duplicates: int = 0
    stories: int = 0  # stories created or grown


def link_stories(store: Store, *, rebuild: bool = False) -> StoryReport:
    """Give every document without a story one, marking copies on the way."""
    if rebuild:
        with store.transaction() as db:
            for table in ("signatures", "stories", "story_documents", "story_terms", "story_meta"):
                db.execute(f"DELETE FROM {table}")
    pending = _pending(store)
    report = StoryReport()
    if not pending:
        return report
    copies = _copy_finder(store)
    documents = story_documents(store, pending)
    first_day = min((d.day for d in documents if d.day), default=None)
    index = StoryIndex(_stored_stories(store, first_day), _stored_vocabulary(store))
    before = Counter(dict(index.vocabulary.frequencies))
    story_of = dict(store.db.execute("SELECT document_id, story_id FROM story_documents"))
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
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO signatures (document_id, signature, duplicate_of) "
            "VALUES (?, ?, ?)",
            signatures,
        )
        _save_members(db, members)
        _save_vocabulary(db, index.vocabulary, before)
        for story_id in sorted(touched):
            _save_story(db, index.stories.get(story_id) or _stored_story(db, story_id))
    return report


# --- reading ------------------------------------------------------------------------------------


def _pending(store: Store) -> list[str]:
    rows = store.db.execute(
        """
        SELECT d.id FROM documents d
        LEFT JOIN document_estimates e ON e.document_id = d.id
        WHERE NOT EXISTS (SELECT 1 FROM story_documents s WHERE s.document_id = d.id)
        ORDER BY COALESCE(d.published, e.start) IS NULL, COALESCE(d.published, e.start), d.rowid
        """
    ).fetchall()
    return [r[0] for r in rows]


def story_documents(store: Store, document_ids: Sequence[str]) -> list[StoryDocument]:
    """What clustering needs of each document: its words, linked entities and events, day."""
    result = []
    for document_id in document_ids:
        row = store.db.execute(
            "SELECT d.title, d.body, d.published, e.start FROM documents d "
            "LEFT JOIN document_estimates e ON e.document_id = d.id WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        entities = store.db.execute(
            f"SELECT DISTINCT entity_id FROM doc_entities WHERE document_id = ? "
            f"AND entity_id IS NOT NULL AND label IN ({','.join('?' * len(CLUSTER_LABELS))})",
            (document_id, *CLUSTER_LABELS),
        ).fetchall()
        events = store.db.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE document_id = ? "
            "AND event_id IS NOT NULL",
            (document_id,),
        ).fetchall()
        result.append(
            StoryDocument(
                id=document_id,
                day=parse_day(row["published"] or row["start"]),
                text=f"{row['title'] or ''}\n\n{row['body']}",
                entities=frozenset(r[0] for r in entities),
                events=frozenset(r[0] for r in events),
            )
        )
    return result


def _copy_finder(store: Store) -> CopyFinder:
    """The signatures stored so far, in the order they were first seen."""
    finder = CopyFinder()
    rows = store.db.execute(
        "SELECT g.document_id, g.signature FROM signatures g "
        "JOIN story_documents s ON s.document_id = g.document_id ORDER BY s.position"
    )
    for document_id, blob in rows:
        finder.add(document_id, signature_from_bytes(blob))
    return finder


def _stored_stories(store: Store, since: date | None) -> list[Story]:
    """The stories still active at ``since`` (all of them when it is unknown)."""
    cutoff = (since - timedelta(days=ACTIVE_DAYS)).isoformat() if since else None
    return [_story(row[0], json.loads(row[1])) for row in store.db.execute(
        "SELECT id, state FROM stories WHERE ? IS NULL OR last IS NULL OR last >= ? ORDER BY id",
        (cutoff, cutoff),
    )]  # fmt: skip


def _stored_story(db: Any, story_id: str) -> Story:
    """A story set aside as quiet, which a copy of one of its articles has just joined."""
    row = db.execute("SELECT state FROM stories WHERE id = ?", (story_id,)).fetchone()
    return _story(story_id, json.loads(row[0]))


def _stored_vocabulary(store: Store) -> Vocabulary:
    frequencies = dict(store.db.execute("SELECT term, documents FROM story_terms"))
    row = store.db.execute("SELECT value FROM story_meta WHERE key = 'documents'").fetchone()
    return Vocabulary(frequencies, int(row[0]) if row else 0)


def _story(story_id: str, state: dict[str, Any]) -> Story:
    centroid = state["centroid"]
    return Story(
        norm=math.sqrt(sum(w * w for w in centroid.values())),
        id=story_id, centroid=state["centroid"], entities=Counter(state["entities"]),
        events=set(state["events"]), first=parse_day(state["first"]),
        last=parse_day(state["last"]), size=state["size"],
    )  # fmt: skip


# --- writing ------------------------------------------------------------------------------------


def _save_members(db: Any, members: Iterable[tuple[str, str]]) -> None:
    start = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM story_documents").fetchone()[0]
    db.executemany(
        "INSERT INTO story_documents (document_id, story_id, position) VALUES (?, ?, ?)",
        [(document, story, start + i) for i, (document, story) in enumerate(members)],
    )


def _save_vocabulary(db: Any, vocabulary: Vocabulary, before: Counter[str]) -> None:
    changed = [
        (term, count) for term, count in vocabulary.frequencies.items() if before[term] != count
    ]
    db.executemany("INSERT OR REPLACE INTO story_terms (term, documents) VALUES (?, ?)", changed)
    forgotten = [(term,) for term in before if term not in vocabulary.frequencies]
    db.executemany("DELETE FROM story_terms WHERE term = ?", forgotten)
    db.execute(
        "INSERT OR REPLACE INTO story_meta (key, value) VALUES ('documents', ?)",
        (str(vocabulary.documents),),
    )


def _save_story(db: Any, story: Story) -> None:
    rows = db.execute(
        "SELECT d.title, d.outlet, d.published, g.duplicate_of FROM story_documents s "
        "JOIN documents d ON d.id = s.document_id "
        "LEFT JOIN signatures g ON g.document_id = s.document_id "
        "WHERE s.story_id = ? ORDER BY s.position",
        (story.id,),
    ).fetchall()
    title = next((r["title"] for r in rows if r["title"]), None)
    state = {
        "centroid": story.centroid, "entities": dict(story.entities),
        "events": sorted(story.events), "first": _iso(story.first), "last": _iso(story.last),
        "size": story.size,
    }  # fmt: skip
    db.execute(
        "INSERT OR REPLACE INTO stories (id, title, first, last, documents, sources, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (story.id, title, _iso(story.first), _iso(story.last), len(rows),
         independent_sources(rows), json.dumps(state)),
    )  # fmt: skip


def independent_sources(rows: Sequence[Any]) -> int:
    """Outlets that wrote their own article: copies count for nothing, and articles of no
    known outlet count one each."""
    originals = [r for r in rows if r["duplicate_of"] is None]
    outlets = {r["outlet"] for r in originals if r["outlet"]}
    return len(outlets) + sum(1 for r in originals if not r["outlet"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

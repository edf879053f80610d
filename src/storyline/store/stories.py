"""The store's SQL for story linking: vectors and fingerprints in, stories and copies out.

Used by corpus/story_linking.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.store.events import candidate_days
from storyline.store.sql import chunks, insert_rows, placeholders

STORY_TABLES = ("signatures", "stories", "story_documents", "story_terms", "story_meta")


@dataclass(frozen=True, slots=True)
class DocumentSignals:
    """What clustering reads of a document: its text, its date or else its estimated one,
    and the corpus entities and events it is linked to."""

    id: str
    title: str | None
    body: str
    published: str | None
    estimated: str | None  # the start of its estimated date, when it has one
    entities: frozenset[str]
    events: frozenset[str]
    candidate_days: tuple[str, ...] = ()  # undated: the days its text allows, latest first


@dataclass(frozen=True, slots=True)
class StoryMember:
    """A document of a story, with the earlier document it is a copy of (None: an original)."""

    title: str | None
    outlet: str | None
    published: str | None
    duplicate_of: str | None
    id: str = ""


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story as stored: its listing columns and the clustering ``state`` (a JSON object)."""

    id: str
    title: str | None
    first: str | None
    last: str | None
    documents: int
    sources: int
    state: Mapping[str, Any]


class StoryQueries:
    db: sqlite3.Connection

    # --- reads ---------------------------------------------------------------------------------

    def documents_without_story(self) -> list[str]:
        """Ids of the documents no story holds yet, by publication date (an undated one by its
        estimate), then the undated rest, each in the order stored."""
        rows = self.db.execute(
            """
            SELECT d.id FROM documents d
            LEFT JOIN document_estimates e ON e.document_id = d.id
            WHERE NOT EXISTS (SELECT 1 FROM story_documents s WHERE s.document_id = d.id)
            ORDER BY COALESCE(d.published, e.start) IS NULL, COALESCE(d.published, e.start),
                d.rowid
            """
        )
        return [document_id for (document_id,) in rows]

    def document_signals(
        self,
        document_ids: Iterable[str],
        entity_labels: Sequence[str],
        *,
        event_prominence: float = 0.0,
        other_kinds: Sequence[str] = (),
    ) -> list[DocumentSignals]:
        """The signals of each document, in the order given; entities of ``entity_labels``
        only; events it reports at ``event_prominence`` or more, of no kind in
        ``other_kinds``."""
        return [
            self._signals(document_id, entity_labels, event_prominence, other_kinds)
            for document_id in document_ids
        ]

    def _signals(
        self,
        document_id: str,
        entity_labels: Sequence[str],
        event_prominence: float,
        other_kinds: Sequence[str],
    ) -> DocumentSignals:
        title, body, published, estimated, evidence = self.db.execute(
            "SELECT d.title, d.body, d.published, e.start, d.date_evidence FROM documents d "
            "LEFT JOIN document_estimates e ON e.document_id = d.id WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        entities = self.db.execute(
            "SELECT DISTINCT entity_id FROM doc_entities WHERE document_id = ? "
            f"AND entity_id IS NOT NULL AND label IN ({placeholders(len(entity_labels))})",
            (document_id, *entity_labels),
        )
        events = self.db.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE document_id = ? "
            "AND event_id IS NOT NULL "
            "AND coalesce(json_extract(details, '$.prominence'), 0) >= ? "
            f"AND kind NOT IN ({placeholders(len(other_kinds))})",
            (document_id, event_prominence, *other_kinds),
        )
        return DocumentSignals(
            document_id,
            title,
            body,
            published,
            estimated,
            entities=frozenset(entity for (entity,) in entities),
            events=frozenset(event for (event,) in events),
            candidate_days=candidate_days(evidence) if published is None else (),
        )

    def story_signatures(self) -> list[tuple[str, bytes]]:
        """(document id, MinHash signature) of the documents in stories, in the order they
        joined them."""
        rows = self.db.execute(
            "SELECT g.document_id, g.signature FROM signatures g "
            "JOIN story_documents s ON s.document_id = g.document_id ORDER BY s.position"
        )
        return [(document_id, signature) for document_id, signature in rows]

    def story_of_documents(self) -> dict[str, str]:
        """The story of every document that has one."""
        rows = self.db.execute("SELECT document_id, story_id FROM story_documents")
        return {document_id: story_id for document_id, story_id in rows}

    def story_states(self, active_since: str | None) -> list[tuple[str, dict[str, Any]]]:
        """(id, clustering state) of the stories last seen on or after ``active_since``, or of
        no known day (all stories when it is None), by id."""
        rows = self.db.execute(
            "SELECT id, state FROM stories WHERE ? IS NULL OR last IS NULL OR last >= ? "
            "ORDER BY id",
            (active_since, active_since),
        )
        return [(story_id, json.loads(state)) for story_id, state in rows]

    def story_state(self, story_id: str) -> dict[str, Any]:
        """One story's clustering state; KeyError if there is no such story."""
        row = self.db.execute("SELECT state FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise KeyError(story_id)
        state: dict[str, Any] = json.loads(row[0])
        return state

    def story_vocabulary(self) -> tuple[dict[str, int], int]:
        """The document frequency of each word seen so far, and how many documents were seen."""
        rows = self.db.execute("SELECT term, documents FROM story_terms")
        frequencies = {term: count for term, count in rows}
        row = self.db.execute("SELECT value FROM story_meta WHERE key = 'documents'").fetchone()
        return frequencies, int(row[0]) if row else 0

    def unplaced_members(self, story_ids: Sequence[str]) -> list[tuple[str, str, tuple[str, ...]]]:
        """(story id, document id, candidate days) of the stories' undated documents that no
        estimate places yet but whose own date clue leaves them candidate days."""
        found = []
        for chunk in chunks(sorted(set(story_ids))):
            rows = self.db.execute(
                "SELECT s.story_id, d.id, d.date_evidence FROM story_documents s "
                "JOIN documents d ON d.id = s.document_id "
                "LEFT JOIN document_estimates e ON e.document_id = d.id "
                f"WHERE s.story_id IN ({placeholders(len(chunk))}) AND d.published IS NULL "
                "AND e.document_id IS NULL",
                chunk,
            )
            found += [(story, doc, days) for story, doc, evidence in rows
                      if (days := candidate_days(evidence))]  # fmt: skip
        return found

    def story_members(self, story_id: str) -> list[StoryMember]:
        """A story's documents, in the order they joined it."""
        rows = self.db.execute(
            "SELECT d.title, d.outlet, d.published, g.duplicate_of, d.id FROM story_documents s "
            "JOIN documents d ON d.id = s.document_id "
            "LEFT JOIN signatures g ON g.document_id = s.document_id "
            "WHERE s.story_id = ? ORDER BY s.position",
            (story_id,),
        )
        return [StoryMember(*row) for row in rows]

    # --- writes --------------------------------------------------------------------------------

    def clear_stories(self) -> None:
        """Forget every story, signature and word count, to cluster again from nothing."""
        for table in STORY_TABLES:
            self.db.execute(f"DELETE FROM {table}")

    def save_signatures(self, signatures: Iterable[tuple[str, bytes, str | None]]) -> None:
        """Store (document id, signature, id of the document it copies or None) triples."""
        rows = [
            {"document_id": document_id, "signature": signature, "duplicate_of": original}
            for document_id, signature, original in signatures
        ]
        insert_rows(self.db, "signatures", rows, or_replace=True)

    def add_story_members(self, members: Iterable[tuple[str, str]]) -> None:
        """Put (document id, story id) pairs in their stories, after every earlier member."""
        (start,) = self.db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM story_documents"
        ).fetchone()
        rows = [
            {"document_id": document_id, "story_id": story_id, "position": start + i}
            for i, (document_id, story_id) in enumerate(members)
        ]
        insert_rows(self.db, "story_documents", rows)

    def update_story_vocabulary(
        self, changed: Mapping[str, int], forgotten: Iterable[str], documents: int
    ) -> None:
        """Write the words whose document frequency changed, drop the forgotten ones, and
        record how many documents were seen."""
        rows = [{"term": term, "documents": count} for term, count in changed.items()]
        insert_rows(self.db, "story_terms", rows, or_replace=True)
        self.db.executemany("DELETE FROM story_terms WHERE term = ?", [(t,) for t in forgotten])
        insert_rows(
            self.db, "story_meta", [{"key": "documents", "value": str(documents)}], or_replace=True
        )

    def move_to_story(self, document_ids: Iterable[str], story_id: str) -> list[str]:
        """Put documents (and the copies of them) in another story; the stories they left."""
        wanted = list(dict.fromkeys(document_ids))
        marks = placeholders(len(wanted))
        moving = [row[0] for row in self.db.execute(
            f"SELECT document_id FROM story_documents WHERE document_id IN ({marks}) "
            f"UNION SELECT document_id FROM signatures WHERE duplicate_of IN ({marks})",
            wanted + wanted,
        )]  # fmt: skip
        marks = placeholders(len(moving))
        left = [row[0] for row in self.db.execute(
            f"SELECT DISTINCT story_id FROM story_documents WHERE document_id IN ({marks}) "
            "AND story_id != ?", [*moving, story_id],
        )]  # fmt: skip
        self.db.execute(
            f"UPDATE story_documents SET story_id = ? WHERE document_id IN ({marks})",
            [story_id, *moving],
        )
        return left

    def delete_empty_stories(self, story_ids: Iterable[str]) -> None:
        """Forget the stories of ``story_ids`` that no document belongs to any more."""
        self.db.executemany(
            "DELETE FROM stories WHERE id = ? AND NOT EXISTS "
            "(SELECT 1 FROM story_documents WHERE story_id = stories.id)",
            [(story_id,) for story_id in story_ids],
        )

    def save_story(self, story: StoryRecord) -> None:
        """Write a story, replacing what was stored of it."""
        row = {
            "id": story.id, "title": story.title, "first": story.first, "last": story.last,
            "documents": story.documents, "sources": story.sources,
            "state": json.dumps(story.state),
        }  # fmt: skip
        insert_rows(self.db, "stories", [row], or_replace=True)

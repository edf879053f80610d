"""The store's SQL for what the outputs read: documents, stories, entities as shown.

Used by outputs/export.py, corpus/briefs.py and web/queries.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyline.store.events import DocumentEstimate
from storyline.store.sql import chunks, placeholders

# How stories can be listed: by their first day, or the biggest first. Ties end on the id.
STORY_ORDERS = {
    "first": "first IS NULL, first, id",
    "articles": "documents DESC, first IS NULL, first, id",
}
_STORY_COLUMNS = "id, title, first, last, documents, sources"
_DATED_EVENT = "(e.date_start IS NOT NULL OR e.happened_by IS NOT NULL)"


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as stored: its title, first and last day, and how many articles and sources."""

    id: str
    title: str | None
    first: str | None
    last: str | None
    articles: int  # copies included
    sources: int  # independent ones


@dataclass(frozen=True, slots=True)
class StoryOriginal:
    """An original article of a story (no copy) with its date, or the end of its estimate."""

    document: str
    published: str | None
    estimate_end: str | None


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """A document as a citation names it."""

    title: str | None
    outlet: str | None
    published: str | None  # or the first day of its estimate (``estimated``)
    estimated: bool
    url: str | None
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class CoOccurring:
    """An entity found in the same documents as another one, and in how many."""

    id: str
    name: str
    label: str
    documents: int


class ViewQueries:
    db: sqlite3.Connection

    # --- documents ------------------------------------------------------------------------------

    def duplicate_of(self, document_id: str) -> str | None:
        """The document this one is a copy of, or ``None`` for an original (or unlinked one)."""
        row = self.db.execute(
            "SELECT duplicate_of FROM signatures WHERE document_id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    def date_estimate(self, document_id: str) -> DocumentEstimate | None:
        """The estimated days of an undated document; ``None`` when there is none."""
        row = self.db.execute(
            "SELECT start, end, evidence FROM document_estimates WHERE document_id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            return None
        return DocumentEstimate(document_id, row[0], row[1], tuple(json.loads(row[2])))

    def document_bodies(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The clean body of each of the documents found, by id."""
        return dict(
            self._rows_by_id("SELECT id, body FROM documents WHERE id IN ({})", document_ids)
        )

    def document_titles(self, document_ids: Iterable[str]) -> dict[str, str | None]:
        """The title (``None`` where it has none) of each of the documents found, by id."""
        return dict(
            self._rows_by_id("SELECT id, title FROM documents WHERE id IN ({})", document_ids)
        )

    def document_sources(self, document_ids: Iterable[str]) -> dict[str, DocumentSource]:
        """What a citation of each document shows: headline, outlet, date, URL, and the
        document it is a copy of."""
        rows = self._rows_by_id(
            "SELECT d.id, d.title, d.outlet, COALESCE(d.published, e.start), "
            "d.published IS NULL AND e.start IS NOT NULL, d.url, s.duplicate_of "
            "FROM documents d LEFT JOIN document_estimates e ON e.document_id = d.id "
            "LEFT JOIN signatures s ON s.document_id = d.id WHERE d.id IN ({})",
            document_ids,
        )
        return {
            document: DocumentSource(title, outlet, day, bool(estimated), url, copy_of)
            for document, title, outlet, day, estimated, url, copy_of in rows
        }

    def publication_days(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Each document's publication date, or the first day of its estimate; documents with
        neither are left out."""
        rows = self._rows_by_id(
            "SELECT d.id, COALESCE(d.published, e.start) FROM documents d "
            "LEFT JOIN document_estimates e ON e.document_id = d.id WHERE d.id IN ({})",
            document_ids,
        )
        return {document: day for document, day in rows if day}

    def story_of_document(self, document_id: str) -> str | None:
        """The story the document belongs to, if it has been linked into one."""
        row = self.db.execute(
            "SELECT story_id FROM story_documents WHERE document_id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    # --- stories --------------------------------------------------------------------------------

    def story_exists(self, story_id: str) -> bool:
        """Whether there is a story of that id."""
        found = self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
        return found is not None

    def story_row(self, story_id: str) -> StoryRow | None:
        """The story of that id, ``None`` if there is none."""
        row = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return None if row is None else StoryRow(*row)

    def story_rows(
        self, *, order: str = "first", limit: int | None = None, offset: int = 0
    ) -> list[StoryRow]:
        """A page of the stories in ``order`` (a key of :data:`STORY_ORDERS`); all by default."""
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories ORDER BY {STORY_ORDERS[order]} LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [StoryRow(*row) for row in rows]

    def story_rows_of(self, story_ids: Iterable[str], *, order: str = "first") -> list[StoryRow]:
        """The stories of ``story_ids`` that exist, in ``order``: one query, so keep it to a
        page of ids."""
        wanted = list(story_ids)
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id IN ({placeholders(len(wanted))}) "
            f"ORDER BY {STORY_ORDERS[order]}",
            wanted,
        )
        return [StoryRow(*row) for row in rows]

    def story_document_ids(self, story_id: str) -> list[str]:
        """The story's documents, copies included, in the order they joined it."""
        rows = self.db.execute(
            "SELECT document_id FROM story_documents WHERE story_id = ? ORDER BY position",
            (story_id,),
        )
        return [row[0] for row in rows]

    def story_originals(self, story_id: str) -> list[StoryOriginal]:
        """The story's original articles (copies left out), in the order they joined it."""
        rows = self.db.execute(
            "SELECT s.document_id, d.published, e.end FROM story_documents s "
            "JOIN documents d ON d.id = s.document_id "
            "LEFT JOIN document_estimates e ON e.document_id = s.document_id "
            "LEFT JOIN signatures g ON g.document_id = s.document_id "
            "WHERE s.story_id = ? AND g.duplicate_of IS NULL ORDER BY s.position",
            (story_id,),
        )
        return [StoryOriginal(*row) for row in rows]

    def story_dated_event_ids(self, story_id: str) -> list[str]:
        """The dated events (a date, or a day they were over by) the story's documents report,
        by id."""
        rows = self.db.execute(
            "SELECT DISTINCT e.id FROM story_documents s "
            "JOIN event_mentions m ON m.document_id = s.document_id "
            f"JOIN events e ON e.id = m.event_id WHERE s.story_id = ? AND {_DATED_EVENT} "
            "ORDER BY e.id",
            (story_id,),
        )
        return [row[0] for row in rows]

    def dated_event_count(self) -> int:
        """How many events have a date, or a day they were over by."""
        row = self.db.execute(f"SELECT COUNT(*) FROM events e WHERE {_DATED_EVENT}").fetchone()
        return int(row[0])

    # --- entities -------------------------------------------------------------------------------

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The name and label of each of the entities found, by id."""
        rows = self._rows_by_id("SELECT id, name, label FROM entities WHERE id IN ({})", entity_ids)
        return {entity_id: (name, label) for entity_id, name, label in rows}

    def entity_document_ids(self, entity_id: str) -> list[str]:
        """The documents that mention the entity, each once."""
        rows = self.db.execute(
            "SELECT DISTINCT document_id FROM mentions WHERE entity_id = ?", (entity_id,)
        )
        return [row[0] for row in rows]

    def entity_stories(self, entity_id: str) -> list[tuple[str, str | None]]:
        """The stories (id, title) whose documents have the entity, by their first day."""
        rows = self.db.execute(
            "SELECT DISTINCT s.id, s.title FROM doc_entities x "
            "JOIN story_documents m ON m.document_id = x.document_id "
            "JOIN stories s ON s.id = m.story_id WHERE x.entity_id = ? ORDER BY s.first",
            (entity_id,),
        )
        return [(row[0], row[1]) for row in rows]

    def co_occurring_entities(
        self, entity_id: str, *, documents: int = 500, limit: int = 10
    ) -> list[CoOccurring]:
        """The ``limit`` entities found in most of this one's documents (the first
        ``documents`` of them by id, to bound the work), most shared first."""
        rows = self.db.execute(
            """
            SELECT o.entity_id, e.name, e.label, COUNT(DISTINCT o.document_id) AS shared
            FROM (SELECT DISTINCT document_id FROM doc_entities WHERE entity_id = ?
                  ORDER BY document_id LIMIT ?) mine
            JOIN doc_entities o ON o.document_id = mine.document_id
            JOIN entities e ON e.id = o.entity_id
            WHERE o.entity_id != ?
            GROUP BY o.entity_id ORDER BY shared DESC, e.name LIMIT ?
            """,
            (entity_id, documents, entity_id, limit),
        )
        return [CoOccurring(*row) for row in rows]

    # --- helpers --------------------------------------------------------------------------------

    def _rows_by_id(self, query: str, ids: Iterable[str]) -> list[tuple[Any, ...]]:
        """The rows of ``query`` (its ``IN ({})`` filled with placeholders) for ``ids``, one
        query per chunk of them; each row as a plain tuple."""
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(dict.fromkeys(ids)):
            rows += [
                tuple(r) for r in self.db.execute(query.format(placeholders(len(chunk))), chunk)
            ]
        return rows

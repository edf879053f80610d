"""The store's SQL for lists and filtered search: which documents, quotes and events a filter
keeps, in SQL, a page at a time.

Used by api.py (documents and events here; search and quotes in database.py take
:class:`DocumentFilters` too).

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

SearchOrder = Literal["relevance", "date"]
DocumentOrder = Literal["date", "-date"]

SEARCH_ORDERS: dict[str, str] = {
    "relevance": "score",
    "date": "d.published DESC NULLS LAST, score",
}
DOCUMENT_ORDERS: dict[str, str] = {
    "date": "d.published NULLS LAST, d.rowid",  # NULLS LAST, unlike "IS NULL", uses the index
    "-date": "d.published DESC NULLS LAST, d.rowid DESC",
}
# The first and the last day a stored publication date may name ("2023-11": the 1st and the
# 30th), or the narrower days it is known to lie between.
_FIRST_DAY = (
    "COALESCE(d.published_start, CASE length(d.published) WHEN 4 THEN d.published || '-01-01' "
    "WHEN 7 THEN d.published || '-01' ELSE d.published END)"
)
_LAST_DAY = (
    "COALESCE(d.published_end, CASE length(d.published) WHEN 4 THEN d.published || '-12-31' "
    "WHEN 7 THEN date(d.published || '-01', '+1 month', '-1 day') ELSE d.published END)"
)
_EVENT_DAY = "COALESCE(e.date_start, e.happened_by)"  # the day the timeline puts it on


@dataclass(frozen=True, slots=True)
class DocumentFilters:
    """Which documents a search or a list keeps; each filter given narrows it.

    ``since`` and ``until``: published within these days (a coarse date, "2023-11", counts only
    when all of it lies within; an undated document never does). ``outlet``: of that outlet
    (case aside). ``story``: of that story, copies included. ``entity``: mentioning that
    corpus entity (its id).
    """

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    language: str | None = None
    story: str | None = None
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which events a list keeps. ``story``: reported by its articles (copies aside).
    ``since``/``until``: a dated event counts when all of its date lies within, one known only
    to be over by a day counts by that day, an undated one never. ``min_salience``: leaves out
    the events less central to their articles (the background ones)."""

    story: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    min_salience: float = 0.0


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document without its text: what a list of documents shows."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    language: str | None
    published: str | None
    published_source: str | None
    published_confidence: float | None
    published_start: str | None
    published_end: str | None
    story: str | None
    duplicate_of: str | None  # the document this one is a copy of


def document_conditions(filters: DocumentFilters) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on the documents aliased ``d`` (only those the filters ask for, so that
    SQLite can use its indexes), and their named parameters (``f_…``)."""
    conditions: list[str] = []
    if filters.since is not None:
        # Each first test is implied by the second, in a form the date index serves (a date
        # of the year alone sorts before the months of that year).
        conditions += [
            "(d.published >= :f_since_month OR d.published = :f_since_year)",
            f"{_FIRST_DAY} >= :f_since",
        ]
    if filters.until is not None:
        conditions += ["d.published < :f_until || '~'", f"{_LAST_DAY} <= :f_until"]
    if filters.outlet is not None:
        conditions.append(
            "d.outlet IN (SELECT DISTINCT outlet FROM documents WHERE outlet = :f_outlet "
            "COLLATE NOCASE)"
        )
    if filters.language is not None:
        conditions.append("d.language = :f_language")
    if filters.story is not None:
        conditions.append(
            "d.id IN (SELECT document_id FROM story_documents WHERE story_id = :f_story)"
        )
    if filters.entity is not None:
        conditions.append(
            "d.id IN (SELECT document_id FROM doc_entities WHERE entity_id = :f_entity)"
        )
    since = filters.since.isoformat() if filters.since else ""
    params = {
        "f_since": since, "f_since_month": since[:7], "f_since_year": since[:4],
        "f_until": filters.until.isoformat() if filters.until else None,
        "f_outlet": filters.outlet, "f_language": filters.language, "f_story": filters.story,
        "f_entity": filters.entity,
    }  # fmt: skip
    return conditions, params


def order_by(orders: dict[str, str], sort: str) -> str:
    """The ORDER BY terms of a sort a user named; a ``ValueError`` for an unknown one."""
    if sort not in orders:
        raise ValueError(f"unknown sort {sort!r} (one of: {', '.join(orders)})")
    return orders[sort]


class ListQueries:
    db: sqlite3.Connection

    def document_summaries(
        self,
        filters: DocumentFilters | None = None,
        *,
        sort: DocumentOrder = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DocumentSummary]:
        """A page of the documents ``filters`` keep, without their text, by publication date
        (``sort="-date"``: newest first), undated last, then in the order they came in."""
        conditions, params = document_conditions(filters or DocumentFilters())
        rows = self.db.execute(
            f"""
            SELECT d.id, d.title, d.outlet, d.url, d.language, d.published, d.published_source,
                   d.published_confidence, d.published_start, d.published_end, s.story_id,
                   g.duplicate_of
            FROM documents d
            LEFT JOIN story_documents s ON s.document_id = d.id
            LEFT JOIN signatures g ON g.document_id = d.id
            WHERE {" AND ".join(conditions) or "1"}
            ORDER BY {order_by(DOCUMENT_ORDERS, sort)} LIMIT :limit OFFSET :offset
            """,
            {**params, "limit": -1 if limit is None else limit, "offset": offset},
        )
        return [DocumentSummary(*row) for row in rows]

    def event_ids(
        self, filters: EventFilters | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[str]:
        """A page of the events ``filters`` keep, by id, in timeline order (by date, undated
        last, then by id)."""
        filters = filters or EventFilters()
        conditions = []
        if filters.story is not None:
            conditions.append(
                "e.id IN (SELECT m.event_id FROM story_documents s "
                "JOIN event_mentions m ON m.document_id = s.document_id "
                "LEFT JOIN signatures g ON g.document_id = s.document_id "
                "WHERE s.story_id = :story AND g.duplicate_of IS NULL)"
            )
        if filters.status is not None:
            conditions.append("e.status = :status")
        if filters.since is not None:
            conditions.append(f"{_EVENT_DAY} >= :since")
        if filters.until is not None:
            conditions.append("COALESCE(e.date_end, e.happened_by) <= :until")
        if filters.min_salience > 0:
            conditions.append("e.salience >= :min_salience")
        rows = self.db.execute(
            f"SELECT e.id FROM events e WHERE {' AND '.join(conditions) or '1'} "
            f"ORDER BY {_EVENT_DAY} IS NULL, {_EVENT_DAY}, e.id LIMIT :limit OFFSET :offset",
            {"story": filters.story, "status": filters.status,
             "since": filters.since.isoformat() if filters.since else None,
             "until": filters.until.isoformat() if filters.until else None,
             "min_salience": filters.min_salience,
             "limit": -1 if limit is None else limit, "offset": offset},
        )  # fmt: skip
        return [row[0] for row in rows]

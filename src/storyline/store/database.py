"""The SQLite store: one object owns the connection; every write batch is one transaction."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.records import (
    AnalysedDocument,
    DateEvidence,
    EventMention,
    RawDocument,
    Timex,
    outlet_key,
)
from storyline.store.corrections import CorrectionQueries, ReviewQueries
from storyline.store.events import EventQueries
from storyline.store.linking import EntityLinkQueries
from storyline.store.lists import (
    SEARCH_ORDERS,
    DocumentFilters,
    ListQueries,
    SearchOrder,
    document_conditions,
    order_by,
)
from storyline.store.migrations import MIGRATIONS, apply_migrations
from storyline.store.sql import chunks, insert_rows, placeholders
from storyline.store.stories import StoryQueries
from storyline.store.vectors import VectorQueries
from storyline.store.views import ViewQueries
from storyline.store.watching import WatchQueries

DEFAULT_DB = "storyline.db"
DB_ENV = "STORYLINE_DB"
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


class StoreError(Exception):
    """The database cannot be opened or used; the message says why."""


class MissingDatabase(StoreError):
    """A database that is only to be read does not exist (and was not created)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: no such database")
        self.path = path


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: str
    source: str
    kind: str
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    language: str | None
    translated_from: str | None
    published: str | None
    published_source: str | None
    published_confidence: float | None
    crawl_date: str | None
    body: str
    boilerplate: tuple[str, ...]
    captions: tuple[str, ...]
    encoding: str | None
    ingested_at: str
    render_date: str | None = None
    date_evidence: tuple[DateEvidence, ...] = ()
    published_start: str | None = None  # the days a coarse date lies between, when narrower
    published_end: str | None = None


@dataclass(frozen=True, slots=True)
class StoredMention:
    start: int
    end: int
    text: str
    label: str
    entity: str | None


@dataclass(frozen=True, slots=True)
class StoredEntity:
    id: str
    label: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    documents: int
    mentions: int


@dataclass(frozen=True, slots=True)
class StoredEventMention:
    """A sentence's report of an event, as the document says it, and the event it joined."""

    start: int
    end: int
    trigger: str
    kind: str
    status: str
    cue: str | None
    date: str | None  # the value of its time expression, read against the document's date
    date_text: str | None
    event: str | None  # None: nothing (people, place, date) ties it to an event of the corpus


@dataclass(frozen=True, slots=True)
class StoredQuote:
    """A quote with its speaker resolved to the corpus and the document it comes from."""

    document_id: str
    index: int
    text: str
    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    kind: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_kind: str | None
    speaker_name: str | None
    speaker_entity: str | None
    related_entity: str | None  # a nominal speaker's person or body: corpus entity id
    related_name: str | None
    published: str | None
    title: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search match; matched words in ``snippet`` are wrapped in \\x02 … \\x03."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    score: float


class Store(
    EntityLinkQueries,
    StoryQueries,
    VectorQueries,
    EventQueries,
    ViewQueries,
    WatchQueries,
    ListQueries,
    CorrectionQueries,
    ReviewQueries,
):
    """A storyline database. ``Store(":memory:")`` for tests; ``Store(path)`` creates the file,
    ``Store(path, create=False)`` raises :class:`MissingDatabase` instead."""

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        readonly: bool = False,
        create: bool = True,
    ) -> None:
        self.path = str(path)
        if readonly:
            self.db = _open_readonly(self.path)
            return
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise MissingDatabase(self.path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            apply_migrations(self.db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open database ({error})") from error

    def files(self) -> list[str]:
        """The files this database lives in (none for an in-memory one)."""
        if self.path == ":memory:":
            return []
        return [self.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a batch is either wholly stored or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- writes ----------------------------------------------------------------------------

    def add_documents(self, items: Sequence[tuple[RawDocument, AnalysedDocument]]) -> int:
        """Store analysed documents with their raw input, in one transaction; skip known ids."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self.transaction() as db:
            for raw, analysed in items:
                if db.execute("SELECT 1 FROM documents WHERE id = ?", (analysed.id,)).fetchone():
                    continue
                _insert_document(db, raw, analysed, now)
                added += 1
        return added

    def replace_documents(self, items: Sequence[tuple[RawDocument, AnalysedDocument]]) -> None:
        """Store documents analysed again in place of what they had, in one transaction; their
        corpus links go with the old rows (run the corpus steps again after)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.transaction() as db:
            for raw, analysed in items:
                db.execute("DELETE FROM documents WHERE id = ?", (analysed.id,))
                _insert_document(db, raw, analysed, now, learn_furniture=False)

    # --- reads -----------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        known: set[str] = set()
        for chunk in chunks(wanted):
            rows = self.db.execute(
                f"SELECT id FROM documents WHERE id IN ({placeholders(len(chunk))})", chunk
            )
            known.update(row[0] for row in rows)
        return known

    def outlet_furniture(
        self, outlets: Iterable[str], *, min_documents: int
    ) -> dict[str, frozenset[int]]:
        """Per outlet, the fingerprints of lines printed on at least ``min_documents`` pages."""
        result = {}
        for outlet in set(outlets):
            rows = self.db.execute(
                "SELECT fingerprint FROM outlet_lines WHERE outlet = ? AND documents >= ?",
                (outlet, min_documents),
            )
            result[outlet] = frozenset(row[0] for row in rows)
        return result

    def count_documents(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[StoredDocument]:
        """Documents by publication date (undated last), then by ingestion order."""
        rows = self.db.execute(
            "SELECT * FROM documents ORDER BY published IS NULL, published, rowid LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        return [_document(row) for row in rows]

    def iter_documents(self) -> Iterator[StoredDocument]:
        """Every document, streamed in ingestion order (memory stays flat on big stores)."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT * FROM documents WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _document(row)
            last = rows[-1]["rowid"]

    def snippets(self, query: str, document_ids: Sequence[str]) -> dict[str, str]:
        """The full-text snippets of these documents for a query of any of its words."""
        if not document_ids:
            return {}
        rows = self.db.execute(
            f"SELECT d.id, {SNIPPET} FROM documents_fts JOIN documents d "
            "ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
            f"AND d.id IN ({placeholders(len(document_ids))})",
            (fts_query(query, any_word=True), *document_ids),
        )
        return {row[0]: row[1] for row in rows}

    def search_hits(self, scored: Sequence[tuple[str, float, str]]) -> list[SearchHit]:
        """Hits for documents found another way: (id, score, snippet), in that order."""
        rows = {
            row["id"]: row
            for chunk in chunks([document for document, _, _ in scored])
            for row in self.db.execute(
                "SELECT id, title, published, outlet FROM documents "
                f"WHERE id IN ({placeholders(len(chunk))})",
                chunk,
            )
        }
        return [
            SearchHit(d, rows[d]["title"], rows[d]["published"], rows[d]["outlet"], snippet, score)
            for d, score, snippet in scored
            if d in rows
        ]

    def document(self, id_or_prefix: str) -> StoredDocument | None:
        """A document by id, or by a prefix of its id that only it has."""
        rows = self.db.execute(
            "SELECT * FROM documents WHERE id >= ? AND id < ? LIMIT 2",
            (id_or_prefix, id_or_prefix + "\uffff"),
        ).fetchall()
        exact = [row for row in rows if row["id"] == id_or_prefix]
        if exact or len(rows) == 1:
            return _document((exact or rows)[0])
        return None

    def raw(self, document_id: str) -> tuple[bytes, dict[str, str | None]] | None:
        row = self.db.execute(
            "SELECT content, hints FROM raw_documents WHERE document_id = ?", (document_id,)
        ).fetchone()
        return (bytes(row["content"]), json.loads(row["hints"])) if row else None

    def event_mentions(self, document_id: str) -> list[StoredEventMention]:
        rows = self.db.execute(
            "SELECT start_char, end_char, trigger, kind, status, cue, COALESCE(redated, date), "
            "date_text, event_id FROM event_mentions WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [StoredEventMention(*row) for row in rows]

    def mentions(self, document_id: str) -> list[StoredMention]:
        rows = self.db.execute(
            "SELECT start_char, end_char, text, label, entity_id FROM mentions "
            "WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [StoredMention(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def timexes(self, document_id: str) -> list[Timex]:
        rows = self.db.execute(
            "SELECT start_char, end_char, text, type, value, mod, range_start, range_end, tense "
            "FROM timexes WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [Timex(*row) for row in rows]

    def sentences(self, document_id: str) -> list[tuple[int, int]]:
        rows = self.db.execute(
            "SELECT start_char, end_char FROM sentences WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [(row[0], row[1]) for row in rows]

    def entities(
        self,
        *,
        label: str | None = None,
        name: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredEntity]:
        """Corpus entities, most documents first; ``name`` keeps those whose name or an alias
        holds that text (case aside)."""
        rows = self.db.execute(
            """
            SELECT * FROM entities WHERE (:label IS NULL OR label = :label)
            AND (:name IS NULL OR instr(lower(name), lower(:name)) > 0 OR EXISTS
                 (SELECT 1 FROM json_each(entities.aliases)
                  WHERE instr(lower(value), lower(:name)) > 0))
            ORDER BY documents DESC, mentions DESC, name, id LIMIT :limit OFFSET :offset
            """,
            {"label": label, "name": name, "limit": -1 if limit is None else limit,
             "offset": offset},
        )  # fmt: skip
        return [_entity(row) for row in rows]

    def entity(self, id_or_name: str) -> list[StoredEntity]:
        """Entities an argument names: its id, else the entities of that name or alias."""
        row = self.db.execute("SELECT * FROM entities WHERE id = ?", (id_or_name,)).fetchone()
        if row:
            return [_entity(row)]
        wanted = id_or_name.casefold()
        rows = self.db.execute(
            "SELECT * FROM entities WHERE lower(name) = lower(?) OR EXISTS "
            "(SELECT 1 FROM json_each(entities.aliases) WHERE lower(value) = lower(?))",
            (id_or_name, id_or_name),
        )
        found = [_entity(row) for row in rows]
        exact = [e for e in found if e.name.casefold() == wanted]
        return exact or found

    def quotes(
        self,
        *,
        document_id: str | None = None,
        entity_id: str | None = None,
        speaker: str | None = None,
        documents: DocumentFilters | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredQuote]:
        """Quotes in document order (by date, then position), with their speakers' entities.

        ``entity_id`` keeps the quotes of one corpus entity; ``speaker`` those whose speaker's
        name contains the text (case aside); ``documents`` those of the documents it keeps.
        """
        # only the filters given, so that SQLite can use its indexes
        conditions, params = document_conditions(documents or DocumentFilters())
        conditions.append("1")
        if document_id is not None:
            conditions.append("q.document_id = :doc")
        if entity_id is not None:
            conditions.append("de.entity_id = :entity")
        if speaker is not None:
            conditions.append(
                "instr(lower(coalesce(e.name, q.speaker_name, q.speaker, '')), lower(:speaker)) > 0"
            )
        rows = self.db.execute(
            f"""
            SELECT q.*, d.body, d.published, d.title, d.outlet, de.entity_id AS speaker_entity_id,
                   e.name AS entity_name, rde.entity_id AS related_entity_id,
                   coalesce(re.name, rde.name) AS related_name
            FROM quotes q JOIN documents d ON d.id = q.document_id
            LEFT JOIN doc_entities de ON de.document_id = q.document_id AND de.key = q.speaker_key
            LEFT JOIN entities e ON e.id = de.entity_id
            LEFT JOIN doc_entities rde
                ON rde.document_id = q.document_id AND rde.key = q.related_key
            LEFT JOIN entities re ON re.id = rde.entity_id
            WHERE {" AND ".join(conditions)}
            ORDER BY d.published IS NULL, d.published, d.rowid, q.idx
            LIMIT :limit OFFSET :offset
            """,
            {**params, "doc": document_id, "entity": entity_id, "speaker": speaker,
             "limit": -1 if limit is None else limit, "offset": offset},
        )  # fmt: skip
        return [_quote(row) for row in rows]

    def top_mentions(self, labels: Sequence[str], *, limit: int) -> list[tuple[str, int]]:
        """The most mentioned entities with these labels, by name, with their mention counts: one
        identity each ("Park" and "Park Ji-won" count as one); a mention not linked yet counts
        under its own text."""
        rows = self.db.execute(
            "SELECT coalesce(e.name, m.text), count(*) FROM mentions m "
            "LEFT JOIN entities e ON e.id = m.entity_id "
            f"WHERE coalesce(e.label, m.label) IN ({placeholders(len(labels))}) "
            "GROUP BY coalesce(m.entity_id, m.text) ORDER BY count(*) DESC, 1 LIMIT ?",
            (*labels, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def search(
        self,
        query: str,
        *,
        filters: DocumentFilters | None = None,
        sort: SearchOrder = "relevance",
        limit: int = 20,
        offset: int = 0,
        any_word: bool = False,
        snippets: bool = True,
    ) -> list[SearchHit]:
        """Full-text search over titles and bodies, best first (bm25, titles weigh more), or
        newest first (``sort="date"``, undated last), in the documents ``filters`` keep; every
        word must occur, or with ``any_word`` any of them. ``snippets=False``: empty snippets
        (they cost more than the search; see :meth:`snippets`)."""
        conditions, params = document_conditions(filters or DocumentFilters())
        order = order_by(SEARCH_ORDERS, sort)
        try:
            snippet = SNIPPET if snippets else "''"
            rows = self.db.execute(
                f"""
                SELECT d.id, d.title, d.published, d.outlet, {snippet} AS snippet,
                       bm25(documents_fts, 5.0, 1.0) AS score
                FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                WHERE {" AND ".join(["documents_fts MATCH :query", *conditions])}
                ORDER BY {order} LIMIT :limit OFFSET :offset
                """,
                {
                    **params,
                    "query": fts_query(query, any_word=any_word),
                    "limit": limit,
                    "offset": offset,
                },
            ).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"cannot search for {query!r} ({error})") from error
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], -r[5]) for r in rows]


def _open_readonly(path: str) -> sqlite3.Connection:
    """A connection that cannot write (for the web app), to a database already up to date."""
    if not Path(path).is_file():
        raise MissingDatabase(path)
    try:
        db = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: cannot open database ({error})") from error
    if missing := [name for name, _ in MIGRATIONS if name not in done]:
        db.close()
        raise StoreError(
            f"{path}: written by an older storyline (missing {', '.join(missing)}); "
            f"run 'storyline link --db {path}' once to upgrade it"
        )
    return db


SNIPPET = "snippet(documents_fts, 1, char(2), char(3), ' … ', 16)"


def fts_query(query: str, *, any_word: bool = False) -> str:
    """Turn what a user types into an FTS5 query: words must all occur (or, ``any_word``, any
    of them); "quoted phrases" stay phrases; FTS5 operators in the text are treated as words,
    never as syntax."""
    parts: list[str] = []
    for index, chunk in enumerate(query.split('"')):
        if index % 2:
            if chunk.strip():
                parts.append('"' + chunk.strip().replace('"', "") + '"')
        else:
            parts.extend('"' + word + '"' for word in _fts_words(chunk))
    if not parts:
        raise StoreError("empty search query")
    return (" OR " if any_word else " ").join(parts)


def _fts_words(text: str) -> list[str]:
    return [
        "".join(ch for ch in word if ch.isalnum() or ch in "-'")
        for word in text.split()
        if any(c.isalnum() for c in word)
    ]


def _insert_document(
    db: sqlite3.Connection,
    raw: RawDocument,
    analysed: AnalysedDocument,
    now: str,
    *,
    learn_furniture: bool = True,
) -> None:
    article = analysed.article
    published = article.published
    doc = analysed.id
    insert_rows(db, "documents", [{
        "id": doc, "source": analysed.source, "kind": analysed.kind, "title": article.title,
        "outlet": article.outlet, "author": article.author, "url": article.url,
        "language": article.language, "translated_from": article.translated_from,
        "published": published.value if published else None,
        "published_source": published.source if published else None,
        "published_confidence": published.confidence if published else None,
        "published_start": published.start if published else None,
        "published_end": published.end if published else None,
        "crawl_date": article.crawl_date, "body": article.body,
        "boilerplate": _json(article.boilerplate), "captions": _json(article.captions),
        "encoding": article.encoding, "ingested_at": now, "render_date": article.render_date,
        "date_evidence": json.dumps(
            [asdict(e) for e in article.date_evidence], ensure_ascii=False
        ),
    }])  # fmt: skip
    insert_rows(db, "raw_documents", [{
        "document_id": doc, "content": raw.raw,
        "hints": json.dumps(asdict(raw.hints), ensure_ascii=False),
    }])  # fmt: skip
    insert_rows(db, "sentences", [
        {"document_id": doc, "idx": i, "start_char": start, "end_char": end}
        for i, (start, end) in enumerate(analysed.sentences)
    ])  # fmt: skip
    insert_rows(db, "mentions", [
        {"document_id": doc, "idx": i, "start_char": m.start, "end_char": m.end, "text": m.text,
         "label": m.label, "local_entity": m.entity}
        for i, m in enumerate(analysed.entities)
    ])  # fmt: skip
    insert_rows(db, "doc_entities", [
        {"document_id": doc, "key": e.key, "label": e.label, "name": e.name,
         "aliases": _json(e.aliases), "roles": _json(e.roles), "mentions": len(e.mentions)}
        for e in analysed.doc_entities
    ])  # fmt: skip
    insert_rows(db, "quotes", [
        {"document_id": doc, "idx": i, "start_char": q.start, "end_char": q.end,
         "spans": json.dumps(q.spans), "kind": q.kind, "cue": q.cue, "cue_start": q.cue_start,
         "cue_end": q.cue_end, "speaker": q.speaker, "speaker_start": q.speaker_start,
         "speaker_end": q.speaker_end, "speaker_kind": q.speaker_kind,
         "speaker_name": q.speaker_name, "speaker_key": q.speaker_entity,
         "related_key": q.speaker_related}
        for i, q in enumerate(analysed.quotes)
    ])  # fmt: skip
    insert_rows(db, "timexes", [
        {"document_id": doc, "idx": i, "start_char": t.start, "end_char": t.end, "text": t.text,
         "type": t.type, "value": t.value, "mod": t.mod, "range_start": t.range_start,
         "range_end": t.range_end, "tense": t.tense}
        for i, t in enumerate(analysed.timexes)
    ])  # fmt: skip
    insert_rows(db, "event_mentions", [
        {"document_id": doc, "idx": i, "start_char": e.start, "end_char": e.end,
         "trigger": e.trigger, "kind": e.kind, "sentence_start": e.sentence_start,
         "sentence_end": e.sentence_end, "status": e.status, "cue": e.cue,
         "participants": json.dumps(e.participants), "location": e.location,
         "location_key": e.location_entity, "date": e.date, "date_text": e.date_text,
         "date_start": e.date_start, "details": json.dumps(mention_details(e))}
        for i, e in enumerate(analysed.events)
    ])  # fmt: skip
    if analysed.vector is not None and analysed.vector_model is not None:
        insert_rows(db, "document_vectors", [
            {"document_id": doc, "model": analysed.vector_model, "vector": analysed.vector}
        ])  # fmt: skip
    if learn_furniture and article.outlet and analysed.line_fingerprints:
        db.executemany(
            "INSERT INTO outlet_lines (outlet, fingerprint, documents) VALUES (?, ?, 1) "
            "ON CONFLICT (outlet, fingerprint) DO UPDATE SET documents = documents + 1",
            [(outlet_key(article.outlet), f) for f in set(analysed.line_fingerprints)],
        )


def _json(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _entity(row: sqlite3.Row) -> StoredEntity:
    return StoredEntity(
        id=row["id"], label=row["label"], name=row["name"],
        aliases=tuple(json.loads(row["aliases"])), roles=tuple(json.loads(row["roles"])),
        documents=row["documents"], mentions=row["mentions"],
    )  # fmt: skip


def _quote(row: sqlite3.Row) -> StoredQuote:
    spans = tuple((start, end) for start, end in json.loads(row["spans"]))
    body = row["body"]
    return StoredQuote(
        document_id=row["document_id"], index=row["idx"],
        text=" … ".join(body[start:end] for start, end in spans),
        start=row["start_char"], end=row["end_char"], spans=spans, kind=row["kind"],
        cue=row["cue"], cue_start=row["cue_start"], cue_end=row["cue_end"],
        speaker=row["speaker"], speaker_start=row["speaker_start"],
        speaker_end=row["speaker_end"], speaker_kind=row["speaker_kind"],
        speaker_name=row["entity_name"] or row["speaker_name"],
        speaker_entity=row["speaker_entity_id"], related_entity=row["related_entity_id"],
        related_name=row["related_name"], published=row["published"],
        title=row["title"], outlet=row["outlet"],
    )  # fmt: skip


def _document(row: sqlite3.Row) -> StoredDocument:
    return StoredDocument(
        id=row["id"], source=row["source"], kind=row["kind"], title=row["title"],
        outlet=row["outlet"], author=row["author"], url=row["url"], language=row["language"],
        translated_from=row["translated_from"], published=row["published"],
        published_source=row["published_source"],
        published_confidence=row["published_confidence"], crawl_date=row["crawl_date"],
        body=row["body"], boilerplate=tuple(json.loads(row["boilerplate"])),
        captions=tuple(json.loads(row["captions"])), encoding=row["encoding"],
        ingested_at=row["ingested_at"], render_date=row["render_date"],
        date_evidence=tuple(DateEvidence(**e) for e in json.loads(row["date_evidence"])),
        published_start=row["published_start"], published_end=row["published_end"],
    )  # fmt: skip


def mention_details(mention: EventMention) -> dict[str, Any]:
    """What the ``details`` column of ``event_mentions`` holds."""
    return {
        "roles": list(mention.roles), "counts": dict(mention.counts), "phrase": mention.phrase,
        "target": mention.target, "prominence": mention.prominence,
        "places": list(mention.places), "actor": mention.actor,
    }  # fmt: skip

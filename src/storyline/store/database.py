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

from storyline.records import AnalysedDocument, RawDocument
from storyline.store.migrations import apply_migrations

DEFAULT_DB = "storyline.db"
DB_ENV = "STORYLINE_DB"
BUSY_TIMEOUT_MS = 10_000
SQL_VARIABLES = 500  # ids per IN (...) query, well under SQLite's limit


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


class StoreError(Exception):
    """The database cannot be opened or used; the message says why."""


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


@dataclass(frozen=True, slots=True)
class StoredMention:
    start: int
    end: int
    text: str
    label: str
    entity: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search match; matched words in ``snippet`` are wrapped in \\x02 … \\x03."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    score: float


class Store:
    """A storyline database. ``Store(":memory:")`` for tests; ``Store(path)`` creates the file."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self.path = str(path)
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

    # --- reads -----------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        known: set[str] = set()
        for offset in range(0, len(wanted), SQL_VARIABLES):
            chunk = wanted[offset : offset + SQL_VARIABLES]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
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

    def mentions(self, document_id: str) -> list[StoredMention]:
        rows = self.db.execute(
            "SELECT start_char, end_char, text, label, entity_id FROM mentions "
            "WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [StoredMention(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def sentences(self, document_id: str) -> list[tuple[int, int]]:
        rows = self.db.execute(
            "SELECT start_char, end_char FROM sentences WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [(row[0], row[1]) for row in rows]

    def top_mentions(self, labels: Sequence[str], *, limit: int) -> list[tuple[str, int]]:
        """The most frequent entity mention texts with these labels, with their counts."""
        marks = ",".join("?" * len(labels))
        rows = self.db.execute(
            f"SELECT text, count(*) FROM mentions WHERE label IN ({marks}) "
            "GROUP BY text ORDER BY count(*) DESC, text LIMIT ?",
            (*labels, limit),
        )
        return [(row[0], row[1]) for row in rows]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and bodies, best first (bm25, titles weigh more)."""
        try:
            rows = self.db.execute(
                """
                SELECT d.id, d.title, d.published, d.outlet,
                       snippet(documents_fts, 1, char(2), char(3), ' … ', 16) AS snippet,
                       bm25(documents_fts, 5.0, 1.0) AS score
                FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                WHERE documents_fts MATCH ? ORDER BY score LIMIT ?
                """,
                (fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"cannot search for {query!r} ({error})") from error
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], -r[5]) for r in rows]


def fts_query(query: str) -> str:
    """Turn what a user types into an FTS5 query: words must all occur; "quoted phrases" stay
    phrases; FTS5 operators in the text are treated as words, never as syntax."""
    parts: list[str] = []
    for index, chunk in enumerate(query.split('"')):
        if index % 2:
            if chunk.strip():
                parts.append('"' + chunk.strip().replace('"', "") + '"')
        else:
            parts.extend('"' + word + '"' for word in _fts_words(chunk))
    if not parts:
        raise StoreError("empty search query")
    return " ".join(parts)


def _fts_words(text: str) -> list[str]:
    return [
        "".join(ch for ch in word if ch.isalnum() or ch in "-'")
        for word in text.split()
        if any(c.isalnum() for c in word)
    ]


def _insert_document(
    db: sqlite3.Connection, raw: RawDocument, analysed: AnalysedDocument, now: str
) -> None:
    article = analysed.article
    published = article.published
    db.execute(
        """
        INSERT INTO documents (id, source, kind, title, outlet, author, url, language,
            translated_from, published, published_source, published_confidence, crawl_date, body,
            boilerplate, captions, encoding, ingested_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            analysed.id, analysed.source, analysed.kind, article.title, article.outlet,
            article.author, article.url, article.language, article.translated_from,
            published.value if published else None, published.source if published else None,
            published.confidence if published else None, article.crawl_date, article.body,
            json.dumps(list(article.boilerplate), ensure_ascii=False),
            json.dumps(list(article.captions), ensure_ascii=False), article.encoding, now,
        ),
    )  # fmt: skip
    db.execute(
        "INSERT INTO raw_documents (document_id, content, hints) VALUES (?, ?, ?)",
        (analysed.id, raw.raw, json.dumps(asdict(raw.hints), ensure_ascii=False)),
    )
    db.executemany(
        "INSERT INTO sentences (document_id, idx, start_char, end_char) VALUES (?, ?, ?, ?)",
        [(analysed.id, i, start, end) for i, (start, end) in enumerate(analysed.sentences)],
    )
    db.executemany(
        "INSERT INTO mentions (document_id, idx, start_char, end_char, text, label) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (analysed.id, i, m.start, m.end, m.text, m.label)
            for i, m in enumerate(analysed.entities)
        ],
    )
    if article.outlet and analysed.line_fingerprints:
        db.executemany(
            "INSERT INTO outlet_lines (outlet, fingerprint, documents) VALUES (?, ?, 1) "
            "ON CONFLICT (outlet, fingerprint) DO UPDATE SET documents = documents + 1",
            [(outlet_key(article.outlet), f) for f in set(analysed.line_fingerprints)],
        )


def outlet_key(outlet: str) -> str:
    """One spelling per outlet for counting its lines: "www.Example.com" and "example.com" agree."""
    key = outlet.strip().lower()
    return key[4:] if key.startswith("www.") else key


def _document(row: sqlite3.Row) -> StoredDocument:
    return StoredDocument(
        id=row["id"], source=row["source"], kind=row["kind"], title=row["title"],
        outlet=row["outlet"], author=row["author"], url=row["url"], language=row["language"],
        translated_from=row["translated_from"], published=row["published"],
        published_source=row["published_source"],
        published_confidence=row["published_confidence"], crawl_date=row["crawl_date"],
        body=row["body"], boilerplate=tuple(json.loads(row["boilerplate"])),
        captions=tuple(json.loads(row["captions"])), encoding=row["encoding"],
        ingested_at=row["ingested_at"],
    )  # fmt: skip

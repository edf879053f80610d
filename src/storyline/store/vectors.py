"""The store's SQL for document vectors: saved with each document, scanned for the nearest.

The scan is numpy over the vectors the filters keep, read in chunks: at 10,000 documents it
takes a few milliseconds (``benchmarks/search.py`` measures it), and no index has to be kept in
step with the documents.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence

import numpy as np

from storyline.analyse.embeddings import VECTOR_DTYPE, vector_from_bytes
from storyline.store.lists import DocumentFilters, document_conditions
from storyline.store.sql import chunks, insert_rows, placeholders

SCAN_ROWS = 20_000  # vectors read from SQLite at a time


class VectorQueries:
    db: sqlite3.Connection

    def document_vector(self, document_id: str, model: str) -> np.ndarray | None:
        row = self.db.execute(
            "SELECT vector FROM document_vectors WHERE document_id = ? AND model = ?",
            (document_id, model),
        ).fetchone()
        return vector_from_bytes(row[0]) if row else None

    def document_vectors(self, document_ids: Sequence[str], model: str) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in chunks(document_ids):
            rows = self.db.execute(
                "SELECT document_id, vector FROM document_vectors "
                f"WHERE model = ? AND document_id IN ({placeholders(len(chunk))})",
                (model, *chunk),
            )
            found.update((row[0], vector_from_bytes(row[1])) for row in rows)
        return found

    def has_vectors(self, model: str) -> bool:
        found = self.db.execute(
            "SELECT 1 FROM document_vectors WHERE model = ? LIMIT 1", (model,)
        ).fetchone()
        return found is not None

    def documents_without_vector(self, model: str) -> list[tuple[str, str | None, str]]:
        """(id, title, body) of the documents with no vector of this model."""
        documents, vectors = self.db.execute(
            "SELECT (SELECT count(*) FROM documents), "
            "(SELECT count(*) FROM document_vectors WHERE model = ?)",
            (model,),
        ).fetchone()
        if documents == vectors:  # every ingest asks: answer from two counts when all have one
            return []
        rows = self.db.execute(
            "SELECT d.id, d.title, d.body FROM documents d WHERE NOT EXISTS (SELECT 1 FROM "
            "document_vectors v WHERE v.document_id = d.id AND v.model = ?) ORDER BY d.rowid",
            (model,),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def save_vectors(self, model: str, vectors: Sequence[tuple[str, bytes]]) -> None:
        self.db.executemany(
            "DELETE FROM document_vectors WHERE document_id = ?", [(d,) for d, _ in vectors]
        )
        insert_rows(
            self.db,
            "document_vectors",
            [{"document_id": d, "model": model, "vector": v} for d, v in vectors],
        )

    def nearest_documents(
        self,
        vector: np.ndarray,
        model: str,
        *,
        filters: DocumentFilters | None = None,
        limit: int = 20,
        exclude: Collection[str] = (),
        min_score: float = -1.0,
    ) -> list[tuple[str, float]]:
        """The documents whose vectors are nearest ``vector`` (cosine, best first, at least
        ``min_score``), among those ``filters`` keep."""
        ids, matrix = self._all_vectors(model)
        conditions, params = document_conditions(filters or DocumentFilters())
        keep = np.ones(len(ids), dtype=bool)
        if conditions:
            allowed = {
                row[0]
                for row in self.db.execute(
                    f"SELECT d.id FROM documents d WHERE {' AND '.join(conditions)}", params
                )
            }
            keep = np.fromiter((d in allowed for d in ids), dtype=bool, count=len(ids))
        scores = np.empty(len(ids), dtype=np.float32)
        for start in range(0, len(ids), SCAN_ROWS):
            chunk = matrix[start : start + SCAN_ROWS].astype(np.float32)
            scores[start : start + SCAN_ROWS] = chunk @ vector
        scores[~keep | (scores < min_score)] = -np.inf
        wanted = min(len(ids), limit + len(exclude))
        if wanted == 0:
            return []
        top = np.argpartition(-scores, wanted - 1)[:wanted]
        found = [(ids[i], float(scores[i])) for i in top if np.isfinite(scores[i])]
        found = [hit for hit in found if hit[0] not in exclude]
        return sorted(found, key=lambda hit: -hit[1])[:limit]

    def _all_vectors(self, model: str) -> tuple[list[str], np.ndarray]:
        """Every vector of ``model`` (ids, float16 rows), read once per process while the
        table stays as it was: a server answers searches from memory."""
        count, last = self.db.execute(
            "SELECT count(*), max(rowid) FROM document_vectors WHERE model = ?", (model,)
        ).fetchone()
        key = (_database_file(self.db), model, count, last)
        if key in _VECTORS:
            return _VECTORS[key]
        rows = self.db.execute(
            "SELECT document_id, vector FROM document_vectors WHERE model = ? ORDER BY rowid",
            (model,),
        ).fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=VECTOR_DTYPE)
        ids = [row[0] for row in rows]
        blob = b"".join(row[1] for row in rows)
        matrix = np.frombuffer(blob, dtype=VECTOR_DTYPE).reshape(len(rows), -1)
        if key[0]:
            _VECTORS.clear()  # one database's vectors at a time
            _VECTORS[key] = (ids, matrix)
        return ids, matrix


# The vectors searched last in this process: (database file, model, rows, last rowid) → (ids,
# matrix). Any change to the table changes the key.
_VECTORS: dict[tuple[str, str, int, int], tuple[list[str], np.ndarray]] = {}


def _database_file(db: sqlite3.Connection) -> str:
    """The file of the main database ("" for one in memory: never cached)."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return str(file or "")
    return ""

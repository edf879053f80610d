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
from storyline.store.sql import insert_rows

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
        for document_id in document_ids:
            vector = self.document_vector(document_id, model)
            if vector is not None:
                found[document_id] = vector
        return found

    def has_vectors(self, model: str) -> bool:
        found = self.db.execute(
            "SELECT 1 FROM document_vectors WHERE model = ? LIMIT 1", (model,)
        ).fetchone()
        return found is not None

    def documents_without_vector(self, model: str) -> list[tuple[str, str | None, str]]:
        """(id, title, body) of the documents with no vector of this model."""
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
        conditions, params = document_conditions(filters or DocumentFilters())
        join = "JOIN documents d ON d.id = v.document_id " if conditions else ""
        cursor = self.db.execute(
            f"SELECT v.document_id, v.vector FROM document_vectors v {join}"
            f"WHERE {' AND '.join(['v.model = :model', *conditions])}",
            {**params, "model": model},
        )
        best: list[tuple[str, float]] = []
        while rows := cursor.fetchmany(SCAN_ROWS):
            ids = [row[0] for row in rows]
            matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=VECTOR_DTYPE)
            scores = matrix.reshape(len(rows), -1).astype(np.float32) @ vector
            keep = min(len(rows), limit + len(exclude))
            top = np.argpartition(-scores, keep - 1)[:keep]
            best += [
                (ids[i], float(scores[i]))
                for i in top
                if ids[i] not in exclude and scores[i] >= min_score
            ]
            best = sorted(best, key=lambda hit: -hit[1])[:limit]
        return best

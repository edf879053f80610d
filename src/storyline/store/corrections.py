"""The store's queries for corrections: the records of what a user corrected, and the writes
that carry a correction out (a document analysed again, a quote's speaker)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """One correction: ``kind`` "date" (``target`` a document id) or "speaker" (``target``
    "DOCUMENT:INDEX" of a quote); ``value`` and ``previous`` as JSON values."""

    id: int
    kind: str
    target: str
    value: Any
    previous: Any
    note: str | None
    created_at: str
    undone_at: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass(frozen=True, slots=True)
class QuoteSpeaker:
    """A quote's speaker as stored: what the text calls them, their kind, name and the
    document's entity key they resolve to."""

    speaker: str | None
    speaker_kind: str | None
    speaker_name: str | None
    speaker_key: int | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CorrectionQueries:
    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def add_correction(
        self,
        kind: str,
        target: str,
        value: Any,
        previous: Any,
        note: str | None,
        *,
        supersede: bool = True,
    ) -> CorrectionRecord:
        """Record a correction; with ``supersede`` an earlier active one of the same claim is
        undone now, so one claim has one correction in force (merges and moves add up)."""
        stamp = _now()
        with self.transaction() as db:
            if supersede:
                db.execute(
                    "UPDATE corrections SET undone_at = ? WHERE kind = ? AND target = ? "
                    "AND undone_at IS NULL",
                    (stamp, kind, target),
                )
            cursor = db.execute(
                "INSERT INTO corrections (kind, target, value, previous, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (kind, target, json.dumps(value), json.dumps(previous), note, stamp),
            )
        found = self.correction(int(cursor.lastrowid or 0))
        assert found is not None
        return found

    def correction(self, correction_id: int) -> CorrectionRecord | None:
        row = self.db.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone()
        return _correction(row) if row else None

    def corrections(
        self, *, active: bool = True, kind: str | None = None, target: str | None = None
    ) -> list[CorrectionRecord]:
        """Corrections, newest first: those in force (``active``), or all."""
        where, params = [], []
        if active:
            where.append("undone_at IS NULL")
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if target is not None:
            where.append("target = ?")
            params.append(target)
        sql = "SELECT * FROM corrections"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_correction(row) for row in self.db.execute(sql + " ORDER BY id DESC", params)]

    def undo_correction(self, correction_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL",
                (_now(), correction_id),
            )

    # --- carrying corrections out ----------------------------------------------------------

    def quote_speaker(self, document_id: str, index: int) -> QuoteSpeaker | None:
        row = self.db.execute(
            "SELECT speaker, speaker_kind, speaker_name, speaker_key FROM quotes "
            "WHERE document_id = ? AND idx = ?",
            (document_id, index),
        ).fetchone()
        return QuoteSpeaker(*row) if row else None

    def set_quote_speaker(self, document_id: str, index: int, speaker: QuoteSpeaker) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE quotes SET speaker = ?, speaker_kind = ?, speaker_name = ?, "
                "speaker_key = ? WHERE document_id = ? AND idx = ?",
                (speaker.speaker, speaker.speaker_kind, speaker.speaker_name,
                 speaker.speaker_key, document_id, index),
            )  # fmt: skip

    def document_entity_key(self, document_id: str, name: str) -> int | None:
        """The key of the document's entity (a person or organisation) going by ``name``, by
        its own name or an alias, case aside."""
        rows = self.db.execute(
            "SELECT key, name, aliases FROM doc_entities WHERE document_id = ? "
            "AND label IN ('PERSON', 'ORG') ORDER BY mentions DESC",
            (document_id,),
        )
        wanted = name.casefold()
        for key, own, aliases in rows:
            if own.casefold() == wanted or wanted in (a.casefold() for a in json.loads(aliases)):
                return int(key)
        return None


def _correction(row: sqlite3.Row) -> CorrectionRecord:
    values = dict(row)
    values["value"] = json.loads(values["value"])
    values["previous"] = json.loads(values["previous"]) if values["previous"] else None
    return CorrectionRecord(**values)


@dataclass(frozen=True, slots=True)
class DateClaim:
    """A document's publication date as the analysis decided it, and what hangs on it."""

    document: str
    title: str | None
    published: str | None
    source: str | None
    confidence: float | None
    events: int  # event reports the document makes: what its date places in time


@dataclass(frozen=True, slots=True)
class SpeakerClaim:
    """Who the analysis says said a quote."""

    document: str
    index: int
    text: str
    kind: str  # the quote's: direct, indirect, mixed
    speaker_kind: str | None
    speaker: str | None  # the name it resolved to, or the words of the text
    speaker_documents: int  # documents of the corpus entity it resolved to


class ReviewQueries:
    db: sqlite3.Connection

    def date_claims(self, below: float) -> list[DateClaim]:
        """Documents with no date, or one decided with less than ``below`` confidence."""
        rows = self.db.execute(
            "SELECT d.id, d.title, d.published, d.published_source, d.published_confidence, "
            "(SELECT count(*) FROM event_mentions m WHERE m.document_id = d.id) "
            "FROM documents d WHERE d.published IS NULL OR d.published_confidence < ?",
            (below,),
        )
        return [DateClaim(*row) for row in rows]

    def speaker_claims(self, kinds: Sequence[str | None]) -> list[SpeakerClaim]:
        """Quotes whose speaker was found in one of these ways (``None``: no speaker)."""
        named = [kind for kind in kinds if kind is not None]
        where = [f"q.speaker_kind IN ({', '.join('?' * len(named))})"] if named else []
        if None in kinds:
            where.append("q.speaker_kind IS NULL")
        if not where:
            return []
        rows = self.db.execute(
            "SELECT q.document_id, q.idx, substr(d.body, q.start_char + 1, "
            "q.end_char - q.start_char), q.kind, q.speaker_kind, "
            "COALESCE(e.name, q.speaker_name, q.speaker), COALESCE(e.documents, 0) "
            "FROM quotes q JOIN documents d ON d.id = q.document_id "
            "LEFT JOIN doc_entities de "
            "ON de.document_id = q.document_id AND de.key = q.speaker_key "
            "LEFT JOIN entities e ON e.id = de.entity_id WHERE " + " OR ".join(where),
            named,
        )
        return [SpeakerClaim(*row) for row in rows]

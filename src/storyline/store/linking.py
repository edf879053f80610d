"""The store's SQL for entity linking: mentions in, entities and their links out.

Used by corpus/linking.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from storyline.store.sql import insert_rows

RuleKind = Literal["merge", "separate"]


@dataclass(frozen=True, slots=True)
class EntityRule:
    """A user's correction: ``name`` and ``other`` are one entity (merge) or never (separate)."""

    kind: RuleKind
    label: str
    name: str
    other: str


@dataclass(frozen=True, slots=True)
class EntityIdentity:
    """A corpus entity as the linker compares and keeps it (its counts are the store's own)."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocEntity:
    """One document's own entity, as its analysis found it; ``key`` is its number there."""

    document_id: str
    key: int
    label: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]


class EntityLinkQueries:
    db: sqlite3.Connection

    # --- reads ---------------------------------------------------------------------------------

    def entity_rules(self) -> list[EntityRule]:
        """The corrections recorded so far, oldest first: later ones may refine earlier ones."""
        rows = self.db.execute("SELECT kind, label, name, other FROM entity_rules ORDER BY id")
        return [EntityRule(kind, label, name, other) for kind, label, name, other in rows]

    def entity_identities(self) -> list[EntityIdentity]:
        """Every corpus entity, for the linker's index."""
        rows = self.db.execute("SELECT id, label, name, aliases, roles FROM entities")
        return [_identity(row) for row in rows]

    def entity_identity(self, entity_id: str) -> EntityIdentity | None:
        """One corpus entity; None if there is no such id."""
        row = self.db.execute(
            "SELECT id, label, name, aliases, roles FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        return None if row is None else _identity(row)

    def doc_entities_to_link(self, limit: int) -> list[DocEntity]:
        """Up to ``limit`` document entities not linked yet, in the order their documents were
        stored, so a run that stopped half way resumes where it stopped."""
        rows = self.db.execute(
            """
            SELECT de.document_id, de.key, de.label, de.name, de.aliases, de.roles
            FROM doc_entities de JOIN documents d ON d.id = de.document_id
            WHERE de.entity_id IS NULL ORDER BY d.rowid, de.key LIMIT ?
            """,
            (limit,),
        )
        return [_doc_entity(row) for row in rows]

    def doc_entities_linked_to(self, entity_id: str) -> list[DocEntity]:
        """The document entities a corpus entity is made of."""
        rows = self.db.execute(
            "SELECT document_id, key, label, name, aliases, roles FROM doc_entities "
            "WHERE entity_id = ?",
            (entity_id,),
        )
        return [_doc_entity(row) for row in rows]

    # --- writes --------------------------------------------------------------------------------

    def unlink_all_entities(self) -> None:
        """Forget every corpus entity and link, keeping each document's own analysis."""
        self.db.execute("UPDATE doc_entities SET entity_id = NULL")
        self.db.execute("UPDATE mentions SET entity_id = NULL")
        self.db.execute("DELETE FROM entities")

    def save_entities(self, entities: Iterable[EntityIdentity]) -> None:
        """Insert new corpus entities and update the name, aliases and roles of known ones."""
        self.db.executemany(
            """
            INSERT INTO entities (id, label, name, aliases, roles) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
                roles = excluded.roles
            """,
            [(e.id, e.label, e.name, _json_list(e.aliases), _json_list(e.roles)) for e in entities],
        )

    def absorb_entity(self, absorbed: str, survivor: str) -> None:
        """Point every link to ``absorbed`` at ``survivor`` and delete ``absorbed``."""
        self.db.execute(
            "UPDATE doc_entities SET entity_id = ? WHERE entity_id = ?", (survivor, absorbed)
        )
        self.db.execute(
            "UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (survivor, absorbed)
        )
        self.db.execute("DELETE FROM entities WHERE id = ?", (absorbed,))

    def link_doc_entities(self, links: Iterable[tuple[str, int, str]]) -> None:
        """Link document entities, given as (document id, key, corpus entity id)."""
        self.db.executemany(
            "UPDATE doc_entities SET entity_id = ? WHERE document_id = ? AND key = ?",
            [(entity, document, key) for document, key, entity in links],
        )

    def unlink_doc_entities(self, keys: Iterable[tuple[str, int]]) -> None:
        """Unlink document entities, given as (document id, key), for the linker to redo."""
        self.db.executemany(
            "UPDATE doc_entities SET entity_id = NULL WHERE document_id = ? AND key = ?", keys
        )

    def sync_mention_entities(self, document_ids: Iterable[str]) -> None:
        """Give the mentions of these documents the corpus entity of their document entity."""
        self.db.executemany(
            """
            UPDATE mentions SET entity_id = (
                SELECT de.entity_id FROM doc_entities de
                WHERE de.document_id = mentions.document_id AND de.key = mentions.local_entity)
            WHERE document_id = ?
            """,
            [(document,) for document in document_ids],
        )

    def recount_entities(self, entity_ids: Iterable[str]) -> None:
        """Count again the documents and mentions of these corpus entities, and take the label
        most of their mentions have."""
        self.db.executemany(
            """
            UPDATE entities SET
                documents = (
                    SELECT count(DISTINCT document_id) FROM doc_entities WHERE entity_id = ?),
                mentions = (
                    SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = ?),
                label = coalesce((
                    SELECT label FROM doc_entities WHERE entity_id = ?
                    GROUP BY label ORDER BY sum(mentions) DESC, label LIMIT 1), label)
            WHERE id = ?
            """,
            [(i, i, i, i) for i in entity_ids],
        )

    def add_entity_rule(self, rule: EntityRule) -> None:
        """Record a user's correction, stamped with the time, to replay on every (re)link."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        row = {"kind": rule.kind, "label": rule.label, "name": rule.name, "other": rule.other}
        insert_rows(self.db, "entity_rules", [{**row, "created_at": now}])


def _identity(row: sqlite3.Row) -> EntityIdentity:
    entity_id, label, name, aliases, roles = row
    return EntityIdentity(
        entity_id, label, name, tuple(json.loads(aliases)), tuple(json.loads(roles))
    )


def _doc_entity(row: sqlite3.Row) -> DocEntity:
    document_id, key, label, name, aliases, roles = row
    return DocEntity(
        document_id, key, label, name, tuple(json.loads(aliases)), tuple(json.loads(roles))
    )


def _json_list(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)

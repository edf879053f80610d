"""The corpus step for entities: link each stored document's entities to corpus identities.

Incremental: only document entities not linked yet are read, in the order their documents were
stored, and each chunk is written in one transaction; a run that stops half way resumes where it
stopped. ``rebuild`` starts over from every document's own analysis (after changing the rules).
A user's corrections live in the store (``entities merge``/``split``) and in ``aliases.toml``,
and are applied on every run, so they survive a rebuild.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from sqlite3 import Connection
from typing import Any

from storyline.corpus.entities import CorpusEntity, EntityIndex, Rules, make_rules, name_key
from storyline.store.database import Store

CHUNK = 2000  # document entities per transaction
ALIASES_FILE = "aliases.toml"
ALIASES_ENV = "STORYLINE_ALIASES"


class RulesError(ValueError):
    """An aliases file that cannot be used; the message names it and says why."""


@dataclass(slots=True)
class LinkReport:
    linked: int = 0
    created: int = 0
    merged: int = 0


def default_aliases_path(db_path: str) -> Path | None:
    """``$STORYLINE_ALIASES``, else ``aliases.toml`` beside the database, if it exists."""
    if os.environ.get(ALIASES_ENV):
        return Path(os.environ[ALIASES_ENV])
    if db_path == ":memory:":
        return None
    candidate = Path(db_path).resolve().parent / ALIASES_FILE
    return candidate if candidate.exists() else None


def load_rules(store: Store, aliases_path: Path | None = None) -> Rules:
    """The store's recorded corrections plus those of an aliases file."""
    same: list[tuple[str, str, list[str]]] = []
    apart: list[tuple[str, str, str]] = []
    for row in store.db.execute("SELECT kind, label, name, other FROM entity_rules ORDER BY id"):
        if row["kind"] == "merge":
            same.append((row["label"], row["name"], [row["other"]]))
        else:
            apart.append((row["label"], row["name"], row["other"]))
    if aliases_path is not None:
        file_same, file_apart = read_aliases_file(aliases_path)
        same += file_same
        apart += file_apart
    return make_rules(same=same, apart=apart)


def read_aliases_file(
    path: Path,
) -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str, str]]]:
    """``[[entity]] name, label, aliases`` groups and ``[[separate]] label, names`` pairs."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RulesError(f"{path}: cannot read aliases ({error})") from error
    same = []
    for number, group in enumerate(data.get("entity", []), 1):
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            raise RulesError(f"{path}: [[entity]] number {number} needs a name")
        aliases = group.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise RulesError(f"{path}: aliases of {group['name']!r} must be a list of strings")
        same.append((str(group.get("label", "PERSON")), group["name"], aliases))
    apart = []
    for number, group in enumerate(data.get("separate", []), 1):
        names = group.get("names") if isinstance(group, dict) else None
        if not isinstance(names, list) or len(names) < 2:
            raise RulesError(f"{path}: [[separate]] number {number} needs two or more names")
        label = str(group.get("label", "PERSON"))
        apart += [(label, a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    return same, apart


def link_entities(
    store: Store, *, rebuild: bool = False, aliases_path: Path | None = None
) -> LinkReport:
    """Link every document entity not linked yet (all of them with ``rebuild``)."""
    rules = load_rules(store, aliases_path)
    if rebuild:
        with store.transaction() as db:
            db.execute("UPDATE doc_entities SET entity_id = NULL")
            db.execute("UPDATE mentions SET entity_id = NULL")
            db.execute("DELETE FROM entities")
    index = EntityIndex(_stored_entities(store), rules)
    report = LinkReport()
    while True:
        rows = store.db.execute(
            """
            SELECT de.document_id, de.key, de.label, de.name, de.aliases, de.roles
            FROM doc_entities de JOIN documents d ON d.id = de.document_id
            WHERE de.entity_id IS NULL ORDER BY d.rowid, de.key LIMIT ?
            """,
            (CHUNK,),
        ).fetchall()
        if not rows:
            return report
        _link_chunk(store, index, rows, report)


def _link_chunk(store: Store, index: EntityIndex, rows: list[Any], report: LinkReport) -> None:
    touched: set[str] = set()
    absorbed: dict[str, str] = {}  # an earlier entity -> the one it became part of
    assignments = []
    for row in rows:
        aliases, roles = json.loads(row["aliases"]), json.loads(row["roles"])
        link = index.link(row["label"], row["name"], aliases, roles)
        assignments.append((link.entity.id, row["document_id"], row["key"]))
        touched.add(link.entity.id)
        report.linked += 1
        report.created += link.created
        for old in link.absorbed:
            absorbed[old] = link.entity.id
            report.merged += 1
    touched -= set(absorbed)
    assignments = [(_final(absorbed, entity), doc, key) for entity, doc, key in assignments]
    with store.transaction() as db:
        _save_entities(db, [index.by_id[i] for i in touched])
        for old in absorbed:
            survivor = _final(absorbed, old)
            db.execute("UPDATE doc_entities SET entity_id = ? WHERE entity_id = ?", (survivor, old))
            db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (survivor, old))
            db.execute("DELETE FROM entities WHERE id = ?", (old,))
        db.executemany(
            "UPDATE doc_entities SET entity_id = ? WHERE document_id = ? AND key = ?", assignments
        )
        _sync_mentions(db, {document for _, document, _ in assignments})
        _recount(db, touched)


def _final(absorbed: dict[str, str], entity: str) -> str:
    """Where an entity ended up after the merges of a chunk (merges can chain)."""
    while entity in absorbed:
        entity = absorbed[entity]
    return entity


def _stored_entities(store: Store) -> list[CorpusEntity]:
    rows = store.db.execute("SELECT id, label, name, aliases, roles FROM entities")
    return [
        CorpusEntity(
            r["id"], r["label"], r["name"], json.loads(r["aliases"]), json.loads(r["roles"])
        )
        for r in rows
    ]


def _save_entities(db: Connection, entities: list[CorpusEntity]) -> None:
    db.executemany(
        """
        INSERT INTO entities (id, label, name, aliases, roles) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
            roles = excluded.roles
        """,
        [
            (
                e.id,
                e.label,
                e.name,
                json.dumps(e.aliases, ensure_ascii=False),
                json.dumps(e.roles, ensure_ascii=False),
            )
            for e in entities
        ],
    )


def _sync_mentions(db: Connection, documents: set[str]) -> None:
    db.executemany(
        """
        UPDATE mentions SET entity_id = (
            SELECT de.entity_id FROM doc_entities de
            WHERE de.document_id = mentions.document_id AND de.key = mentions.local_entity)
        WHERE document_id = ?
        """,
        [(document,) for document in documents],
    )


def _recount(db: Connection, entity_ids: set[str]) -> None:
    db.executemany(
        """
        UPDATE entities SET
            documents = (SELECT count(DISTINCT document_id) FROM doc_entities WHERE entity_id = ?),
            mentions = (SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = ?)
        WHERE id = ?
        """,
        [(i, i, i) for i in entity_ids],
    )


# --- a user's corrections ------------------------------------------------------------------


def merge_entities(store: Store, survivor_id: str, others: list[str]) -> CorpusEntity:
    """Make ``others`` one entity with ``survivor_id``, now and on every later (re)link."""
    entities = {e.id: e for e in _stored_entities(store)}
    missing = [i for i in (survivor_id, *others) if i not in entities]
    if missing:
        raise KeyError(", ".join(missing))
    index = EntityIndex(entities.values())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as db:
        for other in others:
            merged = entities[other]
            db.execute(
                "INSERT INTO entity_rules (kind, label, name, other, created_at) "
                "VALUES ('merge', ?, ?, ?, ?)",
                (merged.label, entities[survivor_id].name, merged.name, now),
            )
            index.merge(survivor_id, other)
            db.execute(
                "UPDATE doc_entities SET entity_id = ? WHERE entity_id = ?", (survivor_id, other)
            )
            db.execute(
                "UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (survivor_id, other)
            )
            db.execute("DELETE FROM entities WHERE id = ?", (other,))
        _save_entities(db, [index.by_id[survivor_id]])
        _recount(db, {survivor_id})
    return index.by_id[survivor_id]


def split_entity(store: Store, entity: str, alias: str, *, aliases_path: Path | None = None) -> int:
    """Take the documents that call ``entity`` by ``alias`` out of it, now and on every later
    (re)link; return how many document entities were moved."""
    row = store.db.execute("SELECT label, name FROM entities WHERE id = ?", (entity,)).fetchone()
    if row is None:
        raise KeyError(entity)
    key = name_key(alias)
    moved = [
        (r["document_id"], r["key"])
        for r in store.db.execute(
            "SELECT document_id, key, name, aliases FROM doc_entities WHERE entity_id = ?",
            (entity,),
        )
        if name_key(r["name"]) == key
    ]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO entity_rules (kind, label, name, other, created_at) "
            "VALUES ('separate', ?, ?, ?, ?)",
            (row["label"], row["name"], alias, now),
        )
        db.executemany(
            "UPDATE doc_entities SET entity_id = NULL WHERE document_id = ? AND key = ?", moved
        )
        _recount(db, {entity})
    link_entities(store, aliases_path=aliases_path)
    return len(moved)

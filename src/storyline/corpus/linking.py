"""The corpus step for entities: link each stored document's entities to corpus identities.

Incremental: only document entities not linked yet are read, in the order their documents were
stored, and each chunk is written in one transaction; a run that stops half way resumes where it
stopped. ``rebuild`` starts over from every document's own analysis (after changing the rules).
A user's corrections live in the store (``entities merge``/``split``) and in ``aliases.toml``,
and are applied on every run, so they survive a rebuild.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from storyline.corpus.entities import CorpusEntity, EntityIndex, Rules, make_rules, name_key
from storyline.store.database import Store
from storyline.store.linking import DocEntity, EntityIdentity, EntityRule

ENTITIES_PER_TRANSACTION = 2000  # document entities
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
    for rule in store.entity_rules():
        if rule.kind == "merge":
            same.append((rule.label, rule.name, [rule.other]))
        else:
            apart.append((rule.label, rule.name, rule.other))
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
        with store.transaction():
            store.unlink_all_entities()
    index = EntityIndex(_stored_entities(store), rules)
    report = LinkReport()
    while doc_entities := store.doc_entities_to_link(ENTITIES_PER_TRANSACTION):
        _link_chunk(store, index, doc_entities, report)
    return report


def _link_chunk(
    store: Store, index: EntityIndex, doc_entities: list[DocEntity], report: LinkReport
) -> None:
    touched: set[str] = set()
    absorbed: dict[str, str] = {}  # an earlier entity -> the one it became part of
    assignments = []
    for e in doc_entities:
        link = index.link(e.label, e.name, e.aliases, e.roles)
        assignments.append((e.document_id, e.key, link.entity.id))
        touched.add(link.entity.id)
        report.linked += 1
        report.created += link.created
        for old in link.absorbed:
            absorbed[old] = link.entity.id
            report.merged += 1
    touched -= set(absorbed)
    assignments = [(doc, key, _final(absorbed, entity)) for doc, key, entity in assignments]
    with store.transaction():
        store.save_entities(_identities(index.by_id[i] for i in touched))
        for old in absorbed:
            store.absorb_entity(old, _final(absorbed, old))
        store.link_doc_entities(assignments)
        store.sync_mention_entities({document for document, _, _ in assignments})
        store.recount_entities(touched)


def _final(absorbed: dict[str, str], entity: str) -> str:
    """Where an entity ended up after the merges of a chunk (merges can chain)."""
    while entity in absorbed:
        entity = absorbed[entity]
    return entity


def _stored_entities(store: Store) -> list[CorpusEntity]:
    """The store's corpus entities, as the linker's index grows them (aliases and roles as
    lists it appends to)."""
    return [
        CorpusEntity(e.id, e.label, e.name, list(e.aliases), list(e.roles))
        for e in store.entity_identities()
    ]


def _identities(entities: Iterable[CorpusEntity]) -> list[EntityIdentity]:
    """The linker's entities as the store keeps them."""
    return [
        EntityIdentity(e.id, e.label, e.name, tuple(e.aliases), tuple(e.roles)) for e in entities
    ]


# --- a user's corrections ------------------------------------------------------------------


def merge_entities(store: Store, survivor_id: str, others: list[str]) -> CorpusEntity:
    """Make ``others`` one entity with ``survivor_id``, now and on every later (re)link."""
    entities = {e.id: e for e in _stored_entities(store)}
    missing = [i for i in (survivor_id, *others) if i not in entities]
    if missing:
        raise KeyError(", ".join(missing))
    index = EntityIndex(entities.values())
    survivor = entities[survivor_id]
    with store.transaction():
        for other in others:
            merged = entities[other]
            store.add_entity_rule(EntityRule("merge", merged.label, survivor.name, merged.name))
            index.merge(survivor_id, other)
            store.absorb_entity(other, survivor_id)
        store.save_entities(_identities([index.by_id[survivor_id]]))
        store.recount_entities({survivor_id})
    return index.by_id[survivor_id]


def split_entity(store: Store, entity: str, alias: str, *, aliases_path: Path | None = None) -> int:
    """Take the documents that call ``entity`` by ``alias`` out of it, now and on every later
    (re)link; return how many document entities were moved."""
    stored = store.entity_identity(entity)
    if stored is None:
        raise KeyError(entity)
    key = name_key(alias)
    moved = [
        (e.document_id, e.key)
        for e in store.doc_entities_linked_to(entity)
        if name_key(e.name) == key
    ]
    with store.transaction():
        store.add_entity_rule(EntityRule("separate", stored.label, stored.name, alias))
        store.unlink_doc_entities(moved)
        store.recount_entities({entity})
    link_entities(store, aliases_path=aliases_path)
    return len(moved)

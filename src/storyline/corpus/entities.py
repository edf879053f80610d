"""One identity per real-world entity across a corpus: the linking decisions, without a database.

Each document's analysis already grouped its own mentions (``storyline.analyse.entities``). Here a
document's entity is matched to the corpus entities seen so far:

1. a user's rules first (``aliases.toml``, ``storyline entities merge``/``split``);
2. the same name (case, punctuation, titles and a leading "the" aside);
3. for a person or organisation with a full name, a misspelling of a known name: a fuzzy ratio
   (rapidfuzz) over names sharing a word, accepted when the roles agree or the names nearly match;
4. for a one-word person name ("Okafor", "Ngozi"), the one known full name containing that word,
   and, when several do, the one whose roles agree; never a blind merge: two "Okafor"s with
   different roles stay apart;
5. otherwise a new entity. A new full name also takes in the one-word entities made earlier that
   can only be it ("Okafor" seen before "Ngozi Okafor").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from storyline.analyse.cues import HONORIFICS
from storyline.analyse.entities import FUZZY_NAME_RATIO, other_given_name
from storyline.analyse.entity_evidence import LEGAL_FORMS, PLACE_LABELS
from storyline.analyse.known_names import fold_abbreviations

NEAR_EXACT_RATIO = 95  # this close, a misspelling links even without roles to confirm it
# A word more entities share than this ("road", "john") finds no misspelling: it is no evidence,
# and comparing with every holder would make linking quadratic in the corpus.
MAX_SPELLING_POSTING = 256
ROLE_AGREEMENT = 70  # token-set ratio between two roles that describe the same job
MAX_ROLES = 12
MAX_ALIASES = 40
_NOT_NAME = re.compile(r"[^\w\s-]")
_ROLE_NOISE = frozenset({"the", "a", "an", "of", "for", "to", "at", "in", "and", "former"})


@lru_cache(maxsize=1 << 16)  # the linker asks for the key of each known name again and again
def name_key(name: str) -> str:
    """The form two spellings of one name share: case, accents, punctuation and titles aside
    ("Süddeutsche Zeitung" and "Suddeutsche Zeitung")."""
    folded = without_accents(fold_abbreviations(name)).casefold()
    folded = folded.replace("’s", "").replace("'s", "")
    words = _NOT_NAME.sub(" ", folded).split()
    while words and (words[0] in HONORIFICS or words[0] == "the"):
        words = words[1:]
    return " ".join(" ".join(words).replace("-", " ").split())


def _alias_keys(label: str, alias: str) -> set[str]:
    """The keys an alias is found by: its own, and for a body also without the words that say
    it is one ("Nordhav Energi ASA" is found as "Nordhav Energi")."""
    key = name_key(alias)
    if label in PLACE_LABELS and "-" in alias:
        return {key, _without_links(key)}
    if label != "ORG":
        return {key}
    words = key.split()
    while len(words) > 2 and words[-1] in LEGAL_FORMS:
        words.pop()
    return {key, " ".join(words)}


def _without_links(key: str) -> str:
    """ "mazar sharif" for "Mazar-i-Sharif" and "Mazar-e-Sharif": the short words linking a
    place name's parts are spelt as many ways as it is transliterated."""
    words = key.split()
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 2), words[-1]])


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _better_spelling(new: str, old: str) -> bool:
    """The same name with the accents the other spelling dropped."""
    if name_key(new) != name_key(old):
        return False
    return sum(not c.isascii() for c in new) > sum(not c.isascii() for c in old)


def entity_id(label: str, key: str, salt: int = 0) -> str:
    digest = hashlib.sha1(f"{label}\x1f{key}\x1f{salt}".encode()).hexdigest()
    return "e" + digest[:12]


def roles_agree(ours: Iterable[str], theirs: Iterable[str]) -> bool | None:
    """True if some role of each describes the same job, False if both have roles and none
    agree, None if either has none (no evidence either way)."""
    ours, theirs = [_role(r) for r in ours if _role(r)], [_role(r) for r in theirs if _role(r)]
    if not ours or not theirs:
        return None
    return any(
        fuzz.token_set_ratio(a, b) >= ROLE_AGREEMENT or a.split()[-1] == b.split()[-1]
        for a in ours
        for b in theirs
    )


def _role(role: str) -> str:
    return " ".join(w for w in name_key(role).split() if w not in _ROLE_NOISE)


@dataclass(slots=True)
class CorpusEntity:
    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return name_key(self.name)

    def absorb(self, name: str, aliases: Iterable[str], roles: Iterable[str]) -> list[str]:
        """Take in a name, its aliases and roles; return the aliases that were new."""
        added = []
        for alias in (name, *aliases):
            if alias not in self.aliases and len(self.aliases) < MAX_ALIASES:
                self.aliases.append(alias)
                added.append(alias)
        for role in roles:
            if role not in self.roles and len(self.roles) < MAX_ROLES:
                self.roles.append(role)
        return added


@dataclass(frozen=True, slots=True)
class Rules:
    """A user's corrections: names that are one entity, names that must stay apart."""

    canonical: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # (label, alias key) -> name
    separate: frozenset[tuple[str, str, str]] = frozenset()  # (label, key, key), both orders

    def canonical_name(self, label: str, names: Iterable[str]) -> str | None:
        for name in names:
            found = self.canonical.get((label, name_key(name)))
            if found:
                return found
        return None

    def kept_apart(self, label: str, a: str, b: str) -> bool:
        return (label, name_key(a), name_key(b)) in self.separate


def make_rules(
    *,
    same: Iterable[tuple[str, str, Iterable[str]]] = (),
    apart: Iterable[tuple[str, str, str]] = (),
) -> Rules:
    """Rules from (label, name, aliases) groups and (label, name, other) separations."""
    canonical = {}
    for label, name, aliases in same:
        for alias in (name, *aliases):
            canonical[(label, name_key(alias))] = name
    separate = set()
    for label, a, b in apart:
        separate.add((label, name_key(a), name_key(b)))
        separate.add((label, name_key(b), name_key(a)))
    return Rules(canonical, frozenset(separate))


@dataclass(frozen=True, slots=True)
class Link:
    """The outcome of linking one document entity."""

    entity: CorpusEntity
    created: bool
    absorbed: tuple[str, ...] = ()  # ids of earlier entities merged into ``entity``


class EntityIndex:
    """The corpus entities in memory, looked up by name and by the words of their names."""

    def __init__(self, entities: Iterable[CorpusEntity] = (), rules: Rules | None = None) -> None:
        self.rules = rules or Rules()
        self.by_id: dict[str, CorpusEntity] = {}
        self._by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._by_word: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_alias: dict[tuple[str, str], set[str]] = defaultdict(set)
        for entity in entities:
            self._add(entity)

    def link(self, label: str, name: str, aliases: Iterable[str], roles: Iterable[str]) -> Link:
        """The corpus entity a document's entity is, created if it is new."""
        aliases, roles = tuple(aliases), tuple(roles)
        canonical = self.rules.canonical_name(label, (name, *aliases))
        target = canonical or name
        entity = self._find(label, target, roles, exclude=name) or self._by_own_alias(
            label, aliases, exclude=name
        )
        if entity is not None:
            self._index_aliases(entity, entity.absorb(name, aliases, roles))
            if canonical is None and _better_spelling(name, entity.name):
                entity.name = name  # "Süddeutsche Zeitung" over "Suddeutsche Zeitung": one key
            return Link(entity, created=False)
        entity = self._create(label, target)
        self._index_aliases(entity, entity.absorb(name, aliases, roles))
        return Link(entity, created=True, absorbed=tuple(self._absorb_short_forms(entity)))

    def merge(self, survivor_id: str, other_id: str) -> CorpusEntity:
        """Fold one entity into another (a user's merge)."""
        survivor, other = self.by_id[survivor_id], self.by_id[other_id]
        self._remove(other)
        self._unindex(survivor)
        survivor.absorb(other.name, other.aliases, other.roles)
        self._index(survivor)
        return survivor

    # --- finding ---------------------------------------------------------------------------

    def _find(
        self, label: str, name: str, roles: tuple[str, ...], *, exclude: str
    ) -> CorpusEntity | None:
        key = name_key(name)
        if not key:
            return None
        if label == "NORP" and key.endswith("s") and (label, key[:-1]) in self._by_key:
            key = key[:-1]  # "Panamanians" are "Panamanian"
        exact = [self.by_id[i] for i in self._by_key.get((label, key), [])]
        exact = [e for e in exact if not self.rules.kept_apart(label, e.name, exclude)]
        if exact:
            return self._best_by_roles(exact, roles) or exact[0]
        words = key.split()
        if label == "PERSON" and len(words) == 1:
            return self._by_one_word(label, words[0], roles, exclude)
        if label != "PERSON":
            keys = sorted(_alias_keys(label, name), key=lambda k: k != key)  # its own first
            aliased = next(filter(None, (self._aliased(label, k, exclude) for k in keys)), None)
            if aliased is not None:
                return aliased
        found = self._by_name_only(label, key, exclude)
        if found is not None or label not in ("PERSON", "ORG", *PLACE_LABELS):
            return found
        return self._by_spelling(label, key, roles, exclude)  # places: near-exact only

    def _aliased(self, label: str, key: str, exclude: str) -> CorpusEntity | None:
        """The one body or place that went by this name in another document ("ICIJ", where
        another article spelled it out with its acronym). People are never linked this way:
        "Trump" was an alias of more than one of them."""
        found = [
            self.by_id[i]
            for i in self._by_alias.get((label, key), ())
            if not self.rules.kept_apart(label, self.by_id[i].name, exclude)
        ]
        return found[0] if len(found) == 1 else None

    def _by_own_alias(
        self, label: str, aliases: tuple[str, ...], *, exclude: str
    ) -> CorpusEntity | None:
        """The one entity named as one of a new body's aliases: "International Consortium of
        Investigative Journalists (ICIJ)" after articles that said only "ICIJ"."""
        if label == "PERSON":
            return None
        for alias in aliases:
            key = name_key(alias)
            exact = [self.by_id[i] for i in self._by_key.get((label, key), [])] if key else []
            exact = [e for e in exact if not self.rules.kept_apart(label, e.name, exclude)]
            if len(exact) == 1:
                return exact[0]
        return None

    def _by_name_only(self, label: str, key: str, exclude: str) -> CorpusEntity | None:
        """The one entity of this name under another label: NER called "Chicago Cubs" a
        person in one article and an organisation in the next; it is one thing (its label is
        the one most of its mentions have). A one-word name is a person's or a place's apart
        ("Washington")."""
        one_word = " " not in key
        others = [
            self.by_id[i]
            for i in self._by_name.get(key, ())
            if self.by_id[i].label != label
            and not (one_word and "PERSON" in (label, self.by_id[i].label))
            and not self.rules.kept_apart(self.by_id[i].label, self.by_id[i].name, exclude)
        ]
        return others[0] if len(others) == 1 else None

    def _by_one_word(
        self, label: str, word: str, roles: tuple[str, ...], exclude: str
    ) -> CorpusEntity | None:
        holders = [
            self.by_id[i]
            for i in self._by_word.get((label, word), ())
            if len(self.by_id[i].key.split()) > 1
            and not self.rules.kept_apart(label, self.by_id[i].name, exclude)
        ]
        if len(holders) == 1:
            return holders[0] if roles_agree(roles, holders[0].roles) is not False else None
        return self._best_by_roles(holders, roles)

    def _by_spelling(
        self, label: str, key: str, roles: tuple[str, ...], exclude: str
    ) -> CorpusEntity | None:
        postings = (self._by_word.get((label, word), ()) for word in key.split())
        candidates = {i for ids in postings if len(ids) <= MAX_SPELLING_POSTING for i in ids}
        best, best_ratio = None, 0.0
        for entity in (self.by_id[i] for i in candidates):
            if self.rules.kept_apart(label, entity.name, exclude) or len(entity.key.split()) < 2:
                continue
            if label == "PERSON" and other_given_name(key.split(), entity.key.split()):
                continue
            ratio = fuzz.ratio(key, entity.key)
            agree = roles_agree(roles, entity.roles)
            accepted = ratio >= NEAR_EXACT_RATIO or (ratio >= FUZZY_NAME_RATIO and agree)
            if accepted and ratio > best_ratio:
                best, best_ratio = entity, ratio
        return best

    @staticmethod
    def _best_by_roles(entities: list[CorpusEntity], roles: tuple[str, ...]) -> CorpusEntity | None:
        agreeing = [e for e in entities if roles_agree(roles, e.roles)]
        return agreeing[0] if len(agreeing) == 1 else None

    # --- creating and absorbing ------------------------------------------------------------

    def _create(self, label: str, name: str) -> CorpusEntity:
        key = name_key(name) or name.casefold()
        salt = 0
        while entity_id(label, key, salt) in self.by_id:
            salt += 1
        entity = CorpusEntity(entity_id(label, key, salt), label, name)
        self._add(entity)
        return entity

    def _absorb_short_forms(self, entity: CorpusEntity) -> Iterable[str]:
        """One-word entities made before this full name, that can only be it, join it."""
        words = entity.key.split()
        if entity.label != "PERSON" or len(words) < 2:
            return
        for word in words:
            for other_id in list(self._by_key.get((entity.label, word), [])):
                other = self.by_id[other_id]
                full_names = [
                    i for i in self._by_word.get((entity.label, word), ())
                    if len(self.by_id[i].key.split()) > 1
                ]  # fmt: skip
                if full_names != [entity.id] or self.rules.kept_apart(
                    entity.label, entity.name, other.name
                ):
                    continue
                if roles_agree(entity.roles, other.roles) is False:
                    continue
                self.merge(entity.id, other_id)
                yield other_id

    def _add(self, entity: CorpusEntity) -> None:
        self.by_id[entity.id] = entity
        self._index(entity)

    def _remove(self, entity: CorpusEntity) -> None:
        self._unindex(entity)
        del self.by_id[entity.id]

    def _index(self, entity: CorpusEntity) -> None:
        self._by_key[(entity.label, entity.key)].append(entity.id)
        self._by_name[entity.key].append(entity.id)
        for word in entity.key.split():
            self._by_word[(entity.label, word)].add(entity.id)
        self._index_aliases(entity, entity.aliases)

    def _index_aliases(self, entity: CorpusEntity, aliases: Iterable[str]) -> None:
        for alias in aliases:
            for key in _alias_keys(entity.label, alias):
                self._by_alias[(entity.label, key)].add(entity.id)

    def _unindex(self, entity: CorpusEntity) -> None:
        for ids in (self._by_key.get((entity.label, entity.key), []), self._by_name[entity.key]):
            if entity.id in ids:
                ids.remove(entity.id)
        for word in entity.key.split():
            self._by_word.get((entity.label, word), set()).discard(entity.id)
        for alias in entity.aliases:
            for key in _alias_keys(entity.label, alias):
                self._by_alias.get((entity.label, key), set()).discard(entity.id)

"""Stories: articles grouped by what they report, online, in publication order.

Each document joins the story it is most like, or starts one. Likeness mixes the words of the
article (TF-IDF, its document frequencies counted as the corpus arrives, so nothing is refitted
and a story never moves), the people and organisations it names (linked entities), the events
it reports (linked events: two articles on the same meeting are one story even in other
words) and time: a story that has been quiet for long takes a new article only on much
stronger evidence, so the same people a year later, doing something else, are a new story.

A story is kept as a bounded summary: the top terms of its centroid, its entities with
counts, its events, and its first and last day; adding a document never rereads the others.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources

import numpy as np

CENTROID_TERMS = 300  # terms kept of a story's centroid
DOCUMENT_TERMS = 200  # terms kept of a document's vector
# Weights and threshold chosen on the clustering benchmark's dev split (benchmarks/clustering.py).
JOIN_THRESHOLD = 0.22
ENTITY_WEIGHT = 0.15
EVENT_WEIGHT = 0.15
# Meaning: the cosine of the document's and the story's vectors, counted above what two
# unrelated news articles share.
MEANING_WEIGHT = 0.3
MEANING_BASELINE = 0.6
QUIET_DAYS = 60  # a story quiet for longer than this needs more to take a new article:
QUIET_PENALTY = 0.001  # this much per day beyond QUIET_DAYS (a year later: 0.3)
MAX_CANDIDATES = 50
MAX_POSTING = 64  # stories remembered per key (term, entity, event)
MAX_TERMS = 400_000  # document frequencies kept; past this, words seen once are forgotten
ACTIVE_DAYS = 180  # a story quiet for longer is set aside (its penalty alone would be 0.12)
SWEEP_EVERY = 1000  # documents between two sweeps for such stories

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_MORE_STOP_WORDS = frozenset({"said", "says", "say", "mr", "ms", "mrs", "also", "would"})


@dataclass(frozen=True, slots=True)
class StoryDocument:
    """What clustering needs of an analysed article."""

    id: str
    day: date | None
    text: str  # title and body
    entities: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    candidate_days: tuple[date, ...] = ()  # undated: the days its text leaves it
    vector: np.ndarray | None = None  # its headline and lead embedded (unit length)


@dataclass(slots=True)
class Story:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)  # term → summed weight
    entities: Counter[str] = field(default_factory=Counter)
    events: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None
    size: int = 0
    norm: float = 0.0  # of the centroid, kept with it
    vector: np.ndarray | None = None  # the sum of its documents' vectors
    # Its core entities as of the size it had: compared with every candidate document.
    _core: tuple[int, frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def core_entities(self) -> frozenset[str]:
        """The entities a third or more of its documents name (its entities change only as
        it grows, so they are counted again only then)."""
        if self._core is None or self._core[0] != self.size:
            core = frozenset(e for e, n in self.entities.items() if 3 * n >= self.size)
            self._core = (self.size, core)
        return self._core[1]


def story_id(first_document: str) -> str:
    return "st-" + hashlib.sha1(first_document.encode()).hexdigest()[:12]


def terms(text: str) -> Counter[str]:
    stop = stop_words()
    words = (w.casefold().replace("’", "'") for w in _WORD.findall(text))
    return Counter(w for w in words if len(w) > 2 and w not in stop)


@cache
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words and a few of news (the list ships as data: importing
    scikit-learn for it took more than a second of every ingest)."""
    path = resources.files("storyline.corpus").joinpath("data/english_stop_words.txt")
    words = (line.strip() for line in path.read_text("utf-8").splitlines())
    listed = frozenset(word for word in words if word and not word.startswith("#"))
    return listed | _MORE_STOP_WORDS


class Vocabulary:
    """Document frequencies, counted as documents arrive."""

    def __init__(self, frequencies: Mapping[str, int] | None = None, documents: int = 0) -> None:
        self.frequencies: Counter[str] = Counter(frequencies or {})
        self.documents = documents

    def add(self, counts: Counter[str]) -> None:
        self.frequencies.update(counts.keys())
        self.documents += 1
        if len(self.frequencies) > MAX_TERMS:
            self._forget_rare()

    def _forget_rare(self) -> None:
        """Drop the rarest words until a fifth of the room is free again (a rare word's IDF
        hardly differs from an unknown one's), so pruning happens seldom, never every add."""
        floor = 1
        while len(self.frequencies) > 0.8 * MAX_TERMS:
            self.frequencies = Counter({t: n for t, n in self.frequencies.items() if n > floor})
            floor += 1

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """Sublinear TF-IDF, the strongest terms only, L2-normalised."""
        n = self.documents
        weights = {
            term: (1 + math.log(count)) * (math.log((1 + n) / (1 + self.frequencies[term])) + 1)
            for term, count in counts.items()
        }
        return _normalised(_top(weights, DOCUMENT_TERMS))


class StoryIndex:
    """The stories so far, found by their terms, entities and events."""

    def __init__(self, stories: Iterable[Story] = (), vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.stories: dict[str, Story] = {}
        self._added = 0
        self._by_key: dict[str, dict[str, None]] = {}  # key → story ids, most recent last
        for story in stories:
            self._index(story)

    def add(self, document: StoryDocument) -> str:
        """The story the document joins (a new one if none is close enough)."""
        self._added += 1
        if document.day and self._added % SWEEP_EVERY == 0:
            self.set_aside(document.day - timedelta(days=ACTIVE_DAYS))
        counts = terms(document.text)
        self.vocabulary.add(counts)
        vector = self.vocabulary.vector(counts)
        best = self.best(document, vector)
        story = best or Story(id=story_id(document.id))
        absorb(story, document, vector)
        self._index(story)
        return story.id

    def best(self, document: StoryDocument, vector: Mapping[str, float]) -> Story | None:
        scored = [
            (similarity(document, vector, story), story.size, story.id)
            for story in self._candidates(document, vector)
        ]
        top = max(scored, default=None)
        return self.stories[top[2]] if top and top[0] >= JOIN_THRESHOLD else None

    def set_aside(self, before: date) -> None:
        """Forget stories last reported before ``before``: memory stays bounded by the stories
        of the last months, however long the corpus runs (they stay in the store)."""
        quiet = [i for i, story in self.stories.items() if story.last and story.last < before]
        if not quiet:
            return
        for story_id in quiet:
            del self.stories[story_id]
        self._by_key = {}
        for story in self.stories.values():
            self._index(story)

    def _candidates(self, document: StoryDocument, vector: Mapping[str, float]) -> list[Story]:
        hits: Counter[str] = Counter()
        keys = [f"t:{t}" for t in _top(vector, 30)]
        # In a fixed order: stories that tie for the last candidate places are taken in the
        # order their keys are read, which must not change from one run to the next.
        keys += [f"e:{e}" for e in sorted(document.entities)]
        keys += [f"v:{v}" for v in sorted(document.events)]
        for key in keys:
            hits.update(self._by_key.get(key, {}).keys())
        found = (self.stories.get(i) for i, _ in hits.most_common(MAX_CANDIDATES))
        return [story for story in found if story is not None]

    def _index(self, story: Story) -> None:
        self.stories[story.id] = story
        keys = [f"t:{t}" for t in _top(story.centroid, 30)]
        keys += [f"e:{e}" for e, _ in story.entities.most_common(20)]
        keys += [f"v:{v}" for v in story.events]
        for key in keys:
            posting = self._by_key.setdefault(key, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > MAX_POSTING:  # a common key: only its latest stories
                del posting[next(iter(posting))]


def similarity(document: StoryDocument, vector: Mapping[str, float], story: Story) -> float:
    """Cosine of the words, plus shared entities and events, less a penalty for a quiet story."""
    centroid = story.centroid
    norm = story.norm or math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    # Terms the centroid lacks add nothing: left out of the sum, which is the same.
    score = sum(weight * centroid[term] for term, weight in vector.items() if term in centroid)
    score /= norm
    if document.entities and story.entities:
        core = story.core_entities()
        shared = len(document.entities & core)
        score += ENTITY_WEIGHT * shared / max(1, min(len(document.entities), len(core)))
    shared_events = bool(document.events & story.events)
    if shared_events:
        score += EVENT_WEIGHT
    score += MEANING_WEIGHT * (meaning_similarity(document, story) - MEANING_BASELINE)
    gap = _gap(document, story)
    if gap is not None:
        if gap > QUIET_DAYS and document.events and story.events and not shared_events:
            return float("-inf")  # long after, and about other events: another story
        score -= QUIET_PENALTY * max(0, gap - QUIET_DAYS)
    return score


def meaning_similarity(document: StoryDocument, story: Story) -> float:
    """Cosine of the document's vector and the story's (the baseline when either has none, so
    that a store without vectors clusters by the other signals alone)."""
    if document.vector is None or story.vector is None:
        return MEANING_BASELINE
    norm = float(np.linalg.norm(story.vector))
    return float(document.vector @ story.vector) / norm if norm else MEANING_BASELINE


def _gap(document: StoryDocument, story: Story) -> int | None:
    """Days between the document and the story's span: from its date, or, undated, from the
    nearest of the days its text leaves it (None: nothing to tell)."""
    if not (story.first and story.last):
        return None
    days = (document.day,) if document.day else document.candidate_days
    if not days:
        return None
    return min(max((story.first - day).days, (day - story.last).days, 0) for day in days)


def absorb(story: Story, document: StoryDocument, vector: Mapping[str, float]) -> None:
    for term, weight in vector.items():
        story.centroid[term] = story.centroid.get(term, 0.0) + weight
    story.centroid = _top(story.centroid, CENTROID_TERMS)
    story.norm = math.sqrt(sum(w * w for w in story.centroid.values()))
    story.entities.update(sorted(document.entities))  # ties of most_common: a fixed order
    story.events |= document.events
    if document.vector is not None:
        story.vector = document.vector if story.vector is None else story.vector + document.vector
    if document.day:
        story.first = min(story.first or document.day, document.day)
        story.last = max(story.last or document.day, document.day)
    story.size += 1


def _top(weights: Mapping[str, float], k: int) -> dict[str, float]:
    if len(weights) <= k:
        return dict(weights)
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:k])


def _normalised(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}

"""An extractive briefing of one story: every sentence verbatim from a cited article.

The summary takes the story's most central sentences (cosine to the story's TF-IDF centroid)
and keeps them apart with maximal marginal relevance, so three copies of one lead do not fill
it; copies of articles are not read at all. Then the story's events with their status (the
background ones, recalled for context in no headline or lead, kept apart to be folded), its
quotes by speaker, its main entities, and the open questions: anticipated events that have
not been resolved (happened or called off) by the brief's day.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.corpus.event_queries import reported_events
from storyline.corpus.events import ANTICIPATED, Event
from storyline.corpus.when import day_of, parse_day
from storyline.store.database import Store
from storyline.store.views import DocumentSource

SUMMARY_SENTENCES = 5
MMR_LAMBDA = 0.8  # relevance against redundancy (chosen on dev: benchmarks/briefs.py)
MIN_WORDS, MAX_WORDS = 8, 60
MMR_POOL = 200  # the most central sentences MMR chooses among
SENTENCES_PER_ARTICLE = 20  # what news puts first matters most; keeps big stories quick
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Cited:
    text: str
    document: str
    start: int
    end: int
    kind: str | None = None  # a quote's: "direct", "indirect" or "mixed"


@dataclass(slots=True)
class Brief:
    story: str
    title: str | None
    as_of: str | None
    sentences: list[Cited] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # the salient dated events
    background: list[Event] = field(default_factory=list)  # the dated background events
    quotes: dict[str, list[Cited]] = field(default_factory=dict)  # by speaker
    entities: list[tuple[str, str, str, int]] = field(default_factory=list)  # id, name, label, n
    open_questions: list[Event] = field(default_factory=list)
    sources: dict[str, DocumentSource] = field(default_factory=dict)  # every document cited


class UnknownStory(LookupError):
    pass


def story_members(store: Store, story_id: str, as_of: date | None = None) -> list[str]:
    """The story's original articles (no copies), in the order they joined, published by
    ``as_of`` if given (an undated one by its estimate)."""
    originals = store.story_originals(story_id)
    if as_of is None:
        return [o.document for o in originals]
    return [
        o.document
        for o in originals
        if (day := day_of(o.published) or parse_day(o.estimate_end)) is not None and day <= as_of
    ]


def build_brief(store: Store, story_id: str, *, as_of: date | None = None) -> Brief:
    """The brief of the story as stored, or as its articles published by ``as_of`` tell it;
    :class:`UnknownStory` if there is no such story."""
    story = store.story_row(story_id)
    if story is None:
        raise UnknownStory(story_id)
    members = story_members(store, story_id, as_of)
    brief = Brief(story=story_id, title=story.title, as_of=as_of.isoformat() if as_of else None)
    if not members:
        return brief
    bodies = store.document_bodies(members)
    candidates = [
        cited
        for d in members
        for a, b in store.sentences(d)[:SENTENCES_PER_ARTICLE]
        if MIN_WORDS
        <= len(_WORDS.findall((cited := _trimmed(bodies[d], d, a, b)).text))
        <= MAX_WORDS
    ]
    brief.title = brief.title if as_of is None else _first_title(store, members)
    brief.sentences = summary(candidates)
    reported = reported_events(store, members, as_of)
    dated = [e for e in reported if e.dated]
    brief.events = [e for e in dated if not e.background]
    brief.background = [e for e in dated if e.background]
    # Open questions come from every dated event, background ones too: a trial "due next
    # month" told only in passing is still unresolved, and folding is for the timeline's
    # noise, not for hiding what the story leaves open. An undated article's expected event
    # ("a summit in the coming weeks") is open all the same, if the story leads with it.
    brief.open_questions = [e for e in dated if e.status in ANTICIPATED] + [
        e for e in reported if not e.dated and not e.background and e.status in ANTICIPATED
    ]
    brief.quotes = _quotes(store, members, bodies)
    brief.sources = store.document_sources(_cited_documents(brief))
    brief.entities = _entities(store, members)
    return brief


def _trimmed(body: str, document: str, start: int, end: int) -> Cited:
    """The sentence without the blank lines or spaces around it, offsets to match."""
    text = body[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return Cited(body[start:end], document, start, end)


def summary(candidates: list[Cited], size: int = SUMMARY_SENTENCES) -> list[Cited]:
    """The most central sentences that do not repeat each other, in reading order."""
    if not candidates:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [c.text for c in candidates]
    )
    centroid = vectors.mean(axis=0).A1
    centrality = vectors @ centroid
    centrality = centrality / (centrality.max() or 1.0)  # on the scale of sentence similarity
    pool = np.argsort(-centrality, kind="stable")[:MMR_POOL]  # similarity is pairwise: bounded
    similar = (vectors[pool] @ vectors[pool].T).toarray()
    chosen: list[int] = []  # positions in the pool
    while len(chosen) < min(size, len(pool)):
        best = max(
            (i for i in range(len(pool)) if i not in chosen),
            key=lambda i: (
                MMR_LAMBDA * centrality[pool[i]]
                - (1 - MMR_LAMBDA) * max((similar[i, j] for j in chosen), default=0.0)
            ),
        )
        chosen.append(best)
    picked = [candidates[int(pool[i])] for i in chosen]
    rank = {document: n for n, document in enumerate(dict.fromkeys(c.document for c in candidates))}
    return sorted(picked, key=lambda c: (rank[c.document], c.start))


def _cited_documents(brief: Brief) -> set[str]:
    cited = [c.document for c in brief.sentences]
    cited += [c.document for quotes in brief.quotes.values() for c in quotes]
    events = brief.events + brief.background + brief.open_questions
    return set(cited) | {step.document for event in events for step in event.trajectory}


def _quotes(store: Store, members: list[str], bodies: dict[str, str]) -> dict[str, list[Cited]]:
    by_speaker: dict[str, list[Cited]] = defaultdict(list)
    for document in members:
        for quote in store.quotes(document_id=document):
            speaker = quote.speaker_name or quote.speaker
            if speaker:
                text = bodies[document][quote.start : quote.end]
                cited = Cited(text, document, quote.start, quote.end, quote.kind)
                by_speaker[speaker].append(cited)
    ranked = sorted(by_speaker.items(), key=lambda item: (-len(item[1]), item[0]))
    return dict(ranked[:8])


def _entities(store: Store, members: list[str]) -> list[tuple[str, str, str, int]]:
    counts: Counter[str] = Counter()
    for document in members:
        counts.update(m.entity for m in store.mentions(document) if m.entity)
    top = counts.most_common(12)
    names = store.entity_names(entity_id for entity_id, _ in top)
    return [(i, *names[i], count) for i, count in top if i in names]


def _first_title(store: Store, members: list[str]) -> str | None:
    """The title of the first article that has one: the story's title as of the brief's day."""
    titles = store.document_titles(members)
    return next((title for d in members if (title := titles.get(d))), None)

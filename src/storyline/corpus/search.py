"""Search by words, by meaning, or both; "more like this"; the stories and events of the hits.

- ``words``: bm25 over titles and bodies, every word required (the store's full-text search).
- ``meaning``: the query embedded like an article's headline and lead, the documents ranked by
  cosine; each hit's snippet is its sentence nearest the query.
- ``hybrid`` (the default when the store has vectors): the best 100 of each — bm25 taking any
  of the words, so that a paraphrase still finds its articles — merged by reciprocal rank
  fusion (Cormack, Clarke & Büttcher 2009): a document's score is the sum of 1 / (k + rank)
  over the two lists. Ranks, not scores, are merged: bm25 and cosine are on unrelated scales.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from storyline.analyse.embeddings import Embedder, document_text, load_embedder, vector_bytes
from storyline.corpus.event_queries import stored_events_by_id
from storyline.corpus.events import LEAD, Event
from storyline.corpus.stories import stop_words
from storyline.corpus.story_linking import CLUSTER_LABELS, UNTELLING_KINDS
from storyline.store.database import SearchHit, Store, StoreError
from storyline.store.lists import DocumentFilters, SearchOrder

SearchMode = Literal["words", "meaning", "hybrid"]
SEARCH_MODES: tuple[SearchMode, ...] = ("words", "meaning", "hybrid")
FUSION_K = 60  # the constant of reciprocal rank fusion, as its authors set it
CANDIDATES = 100  # hits of each kind that the fusion ranks
# The static model's cosines say more about rank than about relevance: on the search
# benchmark's dev queries, 96% of the relevant articles are at 0.25 or more, and 41% of the
# others too. The floor only cuts the tail that is plainly about something else; a query
# with no word the model knows as a whole ("zzzqqq") finds nothing by meaning at all.
MEANING_FLOOR = 0.25
SNIPPET_CHARS = 240


class SearchUnavailable(StoreError):
    """Search by meaning asked of a store (or an install) without document vectors."""


@dataclass(frozen=True, slots=True)
class StoryHit:
    """A story that search hits belong to: its share of the hits' fused score."""

    id: str
    title: str | None
    hits: int
    score: float


def default_mode(store: Store, embedder: Embedder | None = None) -> SearchMode:
    """Hybrid when this install embeds and the store holds vectors of its model, else words."""
    embedder = embedder or load_embedder()
    return "hybrid" if embedder and store.has_vectors(embedder.name) else "words"


def search_documents(
    store: Store,
    query: str,
    *,
    mode: SearchMode | None = None,
    filters: DocumentFilters | None = None,
    sort: SearchOrder = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[SearchHit]:
    """The documents that match ``query`` best (``sort="date"``: the same best matches, newest
    first); ``mode`` None: :func:`default_mode`."""
    mode = mode or default_mode(store)
    if mode == "words":
        return store.search(query, filters=filters, sort=sort, limit=limit, offset=offset)
    embedder = _embedder_for(store)
    if not query.strip():
        raise StoreError("empty search query")
    wanted = max(CANDIDATES, offset + limit)
    query_vector = embedder.encode([query])[0]
    by_meaning = (
        store.nearest_documents(
            query_vector, embedder.name, filters=filters, limit=wanted, min_score=MEANING_FLOOR
        )
        if embedder.knows_a_word(content_words(query))
        else []
    )
    if mode == "meaning":
        ranked, by_words = by_meaning, []
    else:
        by_words = _any_words(store, query, filters, wanted)
        ranked = fused([[d for d, _ in by_meaning], [h.id for h in by_words]])
    if sort == "date":
        ranked = _newest_first(store, ranked)
    page = ranked[offset : offset + limit]
    word_hits = {hit.id for hit in by_words}
    snippets = store.snippets(_words_query(query), [d for d, _ in page if d in word_hits])
    return store.search_hits(
        [
            (d, score, snippets.get(d) or _nearest_sentence(store, embedder, d, query_vector))
            for d, score in page
        ]
    )


def similar_documents(
    store: Store, document_id: str, *, filters: DocumentFilters | None = None, limit: int = 10
) -> list[SearchHit]:
    """The documents nearest in meaning to this one (itself left out), best first."""
    embedder = _embedder_for(store)
    vector = store.document_vector(document_id, embedder.name)
    if vector is None:
        raise SearchUnavailable(f"document {document_id} has no vector yet (run storyline link)")
    near = store.nearest_documents(
        vector, embedder.name, filters=filters, limit=limit, exclude={document_id}
    )
    return store.search_hits(
        [(d, score, _nearest_sentence(store, embedder, d, vector)) for d, score in near]
    )


def stories_of_hits(store: Store, hits: Sequence[str], *, limit: int = 5) -> list[StoryHit]:
    """The stories of these hits (document ids, best first), by the summed reciprocal ranks
    of their hits."""
    score: defaultdict[str, float] = defaultdict(float)
    count: defaultdict[str, int] = defaultdict(int)
    for rank, hit in enumerate(hits, start=1):
        story = store.story_of_document(hit)
        if story is not None:
            score[story] += 1 / (FUSION_K + rank)
            count[story] += 1
    best = sorted(score, key=lambda story: -score[story])[:limit]
    titles = {row.id: row.title for row in store.story_rows_of(best)}
    return [StoryHit(s, titles.get(s), count[s], score[s]) for s in best]


def events_of_hits(store: Store, hits: Sequence[str], *, limit: int = 5) -> list[Event]:
    """The events these hits (document ids, best first) lead with — their headline's or
    lead's, not the background they recall — by the summed reciprocal ranks of their hits.
    Events that two or more hits lead with come first; one hit's alone only fill up."""
    score: defaultdict[str, float] = defaultdict(float)
    told_by: defaultdict[str, int] = defaultdict(int)
    signals = store.document_signals(
        hits, CLUSTER_LABELS, event_prominence=LEAD, other_kinds=UNTELLING_KINDS
    )
    for rank, document in enumerate(signals, start=1):
        for event in document.events:
            score[event] += 1 / (FUSION_K + rank)
            told_by[event] += 1
    ranked = sorted(score, key=lambda event: (told_by[event] < 2, -score[event], event))
    found = {event.id: event for event in stored_events_by_id(store, ranked[: 3 * limit])}
    events = [found[event] for event in ranked if event in found]
    return [event for event in events if not event.background][:limit]


def fused(rankings: Sequence[Sequence[str]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of ranked lists of ids: best first."""
    score: defaultdict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            score[item] += 1 / (FUSION_K + rank)
    return sorted(score.items(), key=lambda item: -item[1])


def _any_words(
    store: Store, query: str, filters: DocumentFilters | None, limit: int
) -> list[SearchHit]:
    try:
        return store.search(
            _words_query(query), filters=filters, limit=limit, any_word=True, snippets=False
        )
    except StoreError:  # no searchable word ("?!", "the"): meaning alone
        return []


def _words_query(query: str) -> str:
    """The query for bm25 in hybrid search: a phrase keeps its little words, else they go."""
    return query if '"' in query else " ".join(content_words(query))


def content_words(query: str) -> list[str]:
    """The query's words less the little ones ("the", "of") and their punctuation."""
    stop = stop_words()
    words = (word.strip(".,;:!?'\"()") for word in query.split())
    return [word for word in words if word and word.casefold() not in stop]


def _embedder_for(store: Store) -> Embedder:
    embedder = load_embedder()
    if embedder is None:
        raise SearchUnavailable(
            "search by meaning needs the embedding model (pip install model2vec); use --mode words"
        )
    if not store.has_vectors(embedder.name):
        raise SearchUnavailable(
            "no document vectors in this database yet (run storyline link); use --mode words"
        )
    return embedder


def _newest_first(store: Store, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    days = store.publication_days([d for d, _ in ranked])
    dated = sorted((h for h in ranked if h[0] in days), key=lambda h: days[h[0]], reverse=True)
    return dated + [h for h in ranked if h[0] not in days]


def _nearest_sentence(
    store: Store, embedder: Embedder, document_id: str, vector: np.ndarray
) -> str:
    body = store.document_bodies([document_id]).get(document_id, "")
    sentences = [body[start:end].strip() for start, end in store.sentences(document_id)] or [body]
    sentences = [s for s in sentences if s] or [""]
    best = sentences[int(np.argmax(embedder.encode(sentences) @ vector))]
    return best if len(best) <= SNIPPET_CHARS else best[: SNIPPET_CHARS - 1].rstrip() + "…"


def embed_missing(store: Store, *, batch: int = 256) -> int:
    """Give every document without a vector of this install's model one (documents ingested
    by an install without the model, or before vectors existed); how many were embedded."""
    embedder = load_embedder()
    if embedder is None:
        return 0
    missing = store.documents_without_vector(embedder.name)
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        vectors = embedder.encode([document_text(title, body) for _, title, body in chunk])
        with store.transaction():
            store.save_vectors(
                embedder.name,
                [(d, vector_bytes(v)) for (d, _, _), v in zip(chunk, vectors, strict=True)],
            )
    return len(missing)

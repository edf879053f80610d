"""The store's reads for exports, briefs and web pages (store/views.py), on a small store."""

from __future__ import annotations

import json

import pytest

from storyline.records import AnalysedDocument, Article, EntityMention, PublishedDate, RawDocument
from storyline.store.events import DocumentEstimate
from storyline.store.sql import insert_rows
from storyline.store.views import CoOccurring, StoryOriginal, StoryRow


def _document(
    text: str, title: str | None, published: str | None
) -> tuple[RawDocument, AnalysedDocument]:
    raw = RawDocument(
        source=f"{text[:8]}.txt", location="x", raw=text.encode(), payload=text.encode(),
        kind="text",
    )  # fmt: skip
    date = PublishedDate(published, "metadata", 0.9) if published else None
    article = Article(title=title, body=text, published=date)
    analysed = AnalysedDocument(
        id=raw.id, source=raw.source, kind="text", article=article, sentences=((0, len(text)),),
        entities=(EntityMention(0, 5, text[:5], "ORG"),), line_fingerprints=(1, 2),
    )  # fmt: skip
    return raw, analysed


@pytest.fixture
def ids(store):
    """Three documents in story st-a (the third a copy of the first, the second undated with
    an estimate), none in st-b or st-c; entities e1 (in all three) and e2 (in the first)."""
    docs = [
        _document("Acme ferries will cross twice more.", "Ferries", "2025-03-04"),
        _document("Acme ferry strike is called off.", None, None),
        _document("Acme ferries will cross twice more!", "Ferries again", "2025-03-06"),
    ]
    store.add_documents(docs)
    a, b, c = (raw.id for raw, _ in docs)
    with store.transaction() as db:
        insert_rows(db, "signatures", [
            {"document_id": a, "signature": b"", "duplicate_of": None},
            {"document_id": b, "signature": b"", "duplicate_of": None},
            {"document_id": c, "signature": b"", "duplicate_of": a},
        ])  # fmt: skip
        insert_rows(db, "document_estimates", [
            {"document_id": b, "start": "2025-03-01", "end": "2025-03-05",
             "evidence": json.dumps(["strike: 2025-03-01"])},
        ])  # fmt: skip
        insert_rows(db, "stories", [
            {"id": "st-a", "title": "Ferries", "first": "2025-03-04", "last": "2025-03-06",
             "documents": 3, "sources": 2, "state": "{}"},
            {"id": "st-b", "title": None, "first": None, "last": None, "documents": 1,
             "sources": 1, "state": "{}"},
            {"id": "st-c", "title": "Later", "first": "2025-04-01", "last": "2025-04-01",
             "documents": 1, "sources": 1, "state": "{}"},
        ])  # fmt: skip
        insert_rows(db, "story_documents", [
            {"document_id": a, "story_id": "st-a", "position": 0},
            {"document_id": c, "story_id": "st-a", "position": 1},
            {"document_id": b, "story_id": "st-a", "position": 2},
        ])  # fmt: skip
        insert_rows(db, "entities", [
            {"id": "e1", "label": "ORG", "name": "Acme"},
            {"id": "e2", "label": "GPE", "name": "Dover"},
        ])  # fmt: skip
        insert_rows(
            db,
            "doc_entities",
            [
                {"document_id": d, "key": 0, "label": "ORG", "name": "Acme", "entity_id": "e1"}
                for d in (a, b, c)
            ]
            + [{"document_id": a, "key": 1, "label": "GPE", "name": "Dover", "entity_id": "e2"}],
        )
        db.execute("UPDATE mentions SET entity_id = 'e1'")
        insert_rows(db, "events", [
            {"id": "ev-1", "family": "f", "kind": "strike", "title": "strike",
             "status": "cancelled", "date_start": None, "happened_by": "2025-03-05"},
            {"id": "ev-2", "family": "f", "kind": "crossing", "title": "crossing",
             "status": "planned", "date_start": None, "happened_by": None},
        ])  # fmt: skip
        insert_rows(db, "event_mentions", [
            {"document_id": d, "idx": 0, "start_char": 0, "end_char": 4, "trigger": "x",
             "kind": "k", "sentence_start": 0, "sentence_end": 4, "status": "s",
             "event_id": event}
            for d, event in ((a, "ev-2"), (b, "ev-1"), (c, "ev-1"))
        ])  # fmt: skip
    return a, b, c


def test_documents_copies_and_estimates(store, ids):
    a, b, c = ids
    assert store.duplicate_of(c) == a and store.duplicate_of(a) is None
    assert store.duplicate_of("nope") is None
    assert store.date_estimate(b) == DocumentEstimate(
        b, "2025-03-01", "2025-03-05", ("strike: 2025-03-01",)
    )
    assert store.date_estimate(a) is None


def test_bodies_titles_and_days_by_id(store, ids):
    a, b, c = ids
    assert store.document_bodies([b, "nope"]) == {b: "Acme ferry strike is called off."}
    assert store.document_titles([a, b, c]) == {a: "Ferries", b: None, c: "Ferries again"}
    assert store.publication_days([a, b, c]) == {a: "2025-03-04", b: "2025-03-01", c: "2025-03-06"}
    assert store.document_titles([]) == {} and store.publication_days([]) == {}


def test_many_ids_go_in_chunks(store, ids):
    a, _, _ = ids
    assert store.document_titles([f"x{n}" for n in range(2000)] + [a]) == {a: "Ferries"}


def test_stories_in_their_orders(store, ids):
    b = ids[1]
    assert store.story_exists("st-a") and not store.story_exists("nope")
    assert store.story_row("st-a") == StoryRow("st-a", "Ferries", "2025-03-04", "2025-03-06", 3, 2)
    assert store.story_row("nope") is None
    assert [s.id for s in store.story_rows()] == ["st-a", "st-c", "st-b"]  # no first day: last
    assert [s.id for s in store.story_rows(order="articles")] == ["st-a", "st-c", "st-b"]
    assert [s.id for s in store.story_rows(limit=1, offset=1)] == ["st-c"]
    assert [s.id for s in store.story_rows_of(["st-b", "st-a", "nope"])] == ["st-a", "st-b"]
    assert store.story_of_document(b) == "st-a"


def test_story_members(store, ids):
    a, b, c = ids
    assert store.story_document_ids("st-a") == [a, c, b]
    assert store.story_originals("st-a") == [
        StoryOriginal(a, "2025-03-04", None),
        StoryOriginal(b, None, "2025-03-05"),
    ]
    assert store.story_dated_event_ids("st-a") == ["ev-1"]  # ev-2 has no date
    assert store.story_document_ids("st-b") == [] and store.story_originals("st-b") == []
    assert store.dated_event_count() == 1


def test_entities(store, ids):
    a = ids[0]
    assert store.entity_names(["e2", "nope", "e1"]) == {
        "e1": ("Acme", "ORG"),
        "e2": ("Dover", "GPE"),
    }
    assert sorted(store.entity_document_ids("e1")) == sorted(ids)
    assert store.entity_stories("e2") == [("st-a", "Ferries")]
    assert store.co_occurring_entities("e2") == [CoOccurring("e1", "Acme", "ORG", 1)]
    first_only = store.co_occurring_entities("e1", documents=1)  # the first document by id
    assert first_only == ([CoOccurring("e2", "Dover", "GPE", 1)] if min(ids) == a else [])
    assert store.co_occurring_entities("e1", limit=0) == []

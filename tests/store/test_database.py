from __future__ import annotations

import sqlite3

import pytest

from storyline.records import AnalysedDocument, Article, EntityMention, PublishedDate, RawDocument
from storyline.store.database import Store, StoreError, fts_query, outlet_key
from storyline.store.migrations import MIGRATIONS


def make(text: str, *, title: str = "Ferry crossings added", outlet: str | None = None):
    raw = RawDocument(
        source="a.txt", location="a.txt", raw=text.encode(), payload=text.encode(), kind="text"
    )
    article = Article(
        title=title, body=text, boilerplate=("Share",), outlet=outlet,
        published=PublishedDate("2025-03-04", "metadata", 0.9),
    )  # fmt: skip
    analysed = AnalysedDocument(
        id=raw.id, source=raw.source, kind="text", article=article, sentences=((0, len(text)),),
        entities=(EntityMention(0, 5, text[:5], "ORG"),), line_fingerprints=(1, 2),
    )  # fmt: skip
    return raw, analysed


def test_migrations_are_recorded(store):
    names = [row[0] for row in store.db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]


def test_reopening_applies_no_migration_twice(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path) as store:
        assert store.db.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_database_uses_wal(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_add_and_read_back(store):
    raw, analysed = make("Ferries will cross twice more each evening.")
    assert store.add_documents([(raw, analysed)]) == 1
    stored = store.document(raw.id)
    assert stored is not None and stored.body == analysed.article.body
    assert stored.published == "2025-03-04" and stored.boilerplate == ("Share",)
    assert store.raw(raw.id)[0] == raw.raw
    assert store.sentences(raw.id) == [(0, len(analysed.article.body))]
    assert [m.label for m in store.mentions(raw.id)] == ["ORG"]


def test_same_document_twice_is_stored_once(store):
    item = make("Ferries will cross twice more each evening.")
    assert store.add_documents([item]) == 1
    assert store.add_documents([item]) == 0
    assert store.count_documents() == 1


def test_document_by_unique_prefix(store):
    raw, analysed = make("Ferries will cross twice more each evening.")
    store.add_documents([(raw, analysed)])
    assert store.document(raw.id[:6]).id == raw.id
    assert store.document("zz") is None


def test_failed_batch_leaves_nothing_half_written(store):
    good = make("Ferries will cross twice more each evening.")
    raw, _ = make("A second article about the island council.")
    broken = (raw, AnalysedDocument(id=raw.id, source=raw.source, kind="text", article=None))  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.add_documents([good, broken])
    assert store.count_documents() == 0
    assert store.db.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_search_ranks_and_highlights(store):
    store.add_documents([make("The island ferry adds evening crossings.", title="Ferry news")])
    store.add_documents([make("The council met to discuss the budget.", title="Budget")])
    hits = store.search("ferry crossings")
    assert [hit.title for hit in hits] == ["Ferry news"]
    assert "\x02" in hits[0].snippet


def test_search_with_fts_syntax_in_the_query_is_safe(store):
    store.add_documents([make("The island ferry adds evening crossings.")])
    assert store.search('ferry* "evening crossings" (') != []
    assert store.search("ferry NEAR(") == []  # operators are words here, never syntax errors


def test_fts_query_quotes_words_and_keeps_phrases():
    assert fts_query('ferry "evening crossings"') == '"ferry" "evening crossings"'
    with pytest.raises(StoreError):
        fts_query("  ( ) ")


def test_outlet_furniture_counts_pages(store):
    for n in range(3):
        store.add_documents([make(f"Article number {n} about ferries.", outlet="www.Example.com")])
    assert store.outlet_furniture(["example.com"], min_documents=3) == {
        "example.com": frozenset({1, 2})
    }
    assert store.outlet_furniture(["example.com"], min_documents=4) == {"example.com": frozenset()}
    assert outlet_key("www.Example.com") == "example.com"


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        Store(path)


def test_foreign_keys_cascade(store):
    raw, analysed = make("Ferries will cross twice more each evening.")
    store.add_documents([(raw, analysed)])
    with store.transaction() as db:
        db.execute("DELETE FROM documents WHERE id = ?", (raw.id,))
    assert store.raw(raw.id) is None
    assert store.search("ferries") == []
    assert isinstance(store.db, sqlite3.Connection)

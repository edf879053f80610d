"""Ingest end to end: real model, real files, an in-memory or temporary store."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.ingest.web import FetchOptions
from storyline.pipeline import IngestOptions, ingest
from storyline.store.database import Store
from tests.conftest import DEMO_CORPUS, SEEDS, needs_shared
from tests.loopback import LoopbackServer

ARTICLE = "\n\n".join(
    [
        "Island ferry adds two evening crossings",
        "The regional ferry company said on Monday that it would add two evening crossings to "
        "its island route from next month, after a summer in which boats were often full.",
        "Passengers have complained for years about the lack of late services, which forced "
        "many island residents who work on the mainland to leave their jobs early.",
        "Share on WhatsApp",
    ]
)


def mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE.encode() * 50)[:200])
    (root / "feed.jsonl").write_text(
        '{"text": "' + ARTICLE.replace("\n", "\\n").replace("Island", "Harbour") + '", '
        '"url": "https://news.example/a", "published": "2025-03-04"}\n'
        "{not json}\n",
        encoding="utf-8",
    )
    (root / "page.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"
    )
    return root


@pytest.fixture
def store():
    with Store(":memory:") as store:
        yield store


def test_good_inputs_are_stored_and_each_broken_one_reported(tmp_path, store):
    report = ingest([str(mixed_folder(tmp_path / "in"))], store, options=IngestOptions(workers=1))
    assert report.added == 2
    failed = {Path(f.location.split(":")[0].split("#")[0]).name: f.reason for f in report.failures}
    assert set(failed) == {"empty.txt", "logo.png", "cut.txt.gz", "feed.jsonl", "page.warc"}
    assert "gzip" in failed["cut.txt.gz"] and "binary" in failed["logo.png"]
    assert "malformed JSON" in failed["feed.jsonl"]
    assert "WARC" in failed["page.warc"]
    assert all("\n" not in reason for reason in failed.values())


def test_reingesting_the_same_bytes_is_a_no_op(tmp_path, store):
    folder = mixed_folder(tmp_path / "in")
    ingest([str(folder)], store, options=IngestOptions(workers=1))
    again = ingest([str(folder)], store, options=IngestOptions(workers=1))
    assert again.added == 0 and again.already_stored == 2
    assert store.count_documents() == 2


def test_stored_document_keeps_raw_bytes_and_metadata(tmp_path, store):
    folder = mixed_folder(tmp_path / "in")
    ingest([str(folder)], store, options=IngestOptions(workers=1))
    [from_feed] = [d for d in store.documents() if d.url]
    assert from_feed.published == "2025-03-04" and from_feed.published_source == "metadata"
    assert from_feed.outlet == "news.example"
    [from_file] = [d for d in store.documents() if d.source.endswith("good.txt")]
    assert store.raw(from_file.id)[0] == (folder / "good.txt").read_bytes()
    assert from_file.title == "Island ferry adds two evening crossings"
    assert from_file.boilerplate == ("Share on WhatsApp",)
    assert store.sentences(from_file.id) and store.mentions(from_file.id)


def test_demo_corpus(store):
    report = ingest([str(DEMO_CORPUS)], store, options=IngestOptions(workers=1))
    assert report.failures == [] and report.skipped == 1
    assert report.added == 8
    documents = store.documents()
    assert {d.translated_from for d in documents} == {None, "de", "es"}
    assert all(d.title for d in documents)
    assert any(d.encoding == "cp1252" or d.encoding == "windows-1252" for d in documents)


@needs_shared(SEEDS)
def test_seeds_ingest_with_titles_and_translation(store):
    report = ingest([str(SEEDS)], store, options=IngestOptions(workers=1))
    assert report.added == 5 and not report.failures
    documents = store.documents()
    assert sum(d.title is not None for d in documents) == 4
    assert [d.translated_from for d in documents].count("nl") == 1


def test_worker_pool_gives_the_same_rows_as_one_process(tmp_path):
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        ingest([str(DEMO_CORPUS)], one, options=IngestOptions(workers=1))
        ingest([str(DEMO_CORPUS)], two, options=IngestOptions(workers=2, batch_size=2))

        def rows(store: Store) -> list[tuple[object, ...]]:
            return [
                (d.id, d.title, d.body, tuple(store.sentences(d.id)), tuple(store.mentions(d.id)))
                for d in sorted(store.documents(), key=lambda d: d.id)
            ]

        assert rows(one) == rows(two)


def test_pages_from_urls_are_analysed_in_this_process_unless_told(tmp_path, monkeypatch):
    """Fetched pages come a second apart per host: a pool would only start slower."""
    started: list[int] = []
    real_runner = pipeline._Runner

    def runner(workers: int, model: str | None) -> pipeline._Runner:
        started.append(workers)
        return real_runner(1, model)

    monkeypatch.setattr(pipeline, "_Runner", runner)
    with LoopbackServer() as server, Store() as store:
        server.route("/a.html", "<html><body><p>A short page.</p></body></html>")
        fetch = FetchOptions(delay=0)
        ingest([server.url_for("/a.html")], store, options=IngestOptions(fetch=fetch))
        ingest([server.url_for("/a.html")], store, options=IngestOptions(fetch=fetch, workers=3))
    assert started == [1, 3]

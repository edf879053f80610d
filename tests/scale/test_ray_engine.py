"""The Ray engine gives the same corpus as the local one: the seeds and a WARC of real pages."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.outputs.export import iter_records
from storyline.pipeline import IngestOptions, ingest
from storyline.store.database import Store
from tests.conftest import SEEDS, SHARED, needs_shared

PAGES = SHARED / "benchmarks" / "extraction" / "html"
pytest.importorskip("ray.data")
pytestmark = [needs_shared(SEEDS), needs_shared(PAGES)]


def crawl(pages: list[Path], path: Path) -> Path:
    """A WARC.gz as a news crawl ships it: a request and a response record per page, plus a
    record that is not HTML."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, page in enumerate(pages):
            url = f"https://news.example/{number}/{page.name.split('.')[0][:12]}"
            body = gzip.decompress(page.read_bytes())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-01T12:00:00Z"},
            ))  # fmt: skip
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."),
            http_headers=image,
        ))  # fmt: skip
    return path


def corpus(db: Path, inputs: list[str], engine: str) -> list[dict]:
    with Store(db) as store:
        report = ingest(inputs, store, options=IngestOptions(workers=1, engine=engine))
        assert report.skipped == 1 and not report.failures
        return [json.loads(json.dumps(r)) for r in iter_records(store)]


def same_corpus(tmp_path: Path, pages: int) -> None:
    warc = crawl(sorted(PAGES.iterdir())[:pages], tmp_path / "crawl.warc.gz")
    inputs = [str(SEEDS), str(warc)]
    local = corpus(tmp_path / "local.db", inputs, "local")
    ray = corpus(tmp_path / "ray.db", inputs, "ray")
    assert len([r for r in local if r["type"] == "document"]) == 5 + pages
    assert ray == local
    crawled = [r for r in ray if r["type"] == "document" and r["url"]]
    assert crawled and all(r["crawl_date"].startswith("2024-03-01") for r in crawled)


def test_ray_and_local_engines_store_the_same_corpus(tmp_path):
    same_corpus(tmp_path, 8)


@pytest.mark.slow
def test_the_same_on_every_page_of_the_extraction_set(tmp_path):
    same_corpus(tmp_path, len(list(PAGES.iterdir())))

from __future__ import annotations

import json

from storyline.ingest.manifest import Manifest, is_manifest, read_manifest
from storyline.ingest.sources import InputFile
from storyline.pipeline import IngestOptions, ingest
from storyline.store.database import Store
from tests.test_pipeline import ARTICLE


def write_manifest(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return InputFile(str(path))


def test_a_jsonl_naming_files_without_text_is_a_manifest(tmp_path):
    manifest = write_manifest(
        tmp_path / "manifest.jsonl", [{"file": "a.txt", "published": "2024-05-01"}]
    )
    feed = write_manifest(tmp_path / "feed.jsonl", [{"file": "a.txt", "text": "An article."}])
    assert is_manifest(manifest)
    assert not is_manifest(feed)


def test_manifest_hints_by_resolved_path(tmp_path):
    file = write_manifest(
        tmp_path / "m.jsonl",
        [
            {
                "file": "sub/a.txt",
                "published": "2024-05-01",
                "url": "https://x.example/a",
                "outlet": "x",
            }
        ],
    )
    manifest = Manifest()
    read_manifest(file, manifest)
    hints = manifest.hints_for(str(tmp_path / "sub" / ".." / "sub" / "a.txt"))
    assert hints is not None and hints.published == "2024-05-01" and hints.outlet == "x"


def test_bad_manifest_lines_are_failures(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"file": "a.txt"}\n{oops\n{"title": "no file"}\n', encoding="utf-8")
    manifest = Manifest()
    read_manifest(InputFile(str(path)), manifest)
    assert [f.location.rsplit(":", 1)[1] for f in manifest.failures] == ["2", "3"]


def test_ingest_applies_the_manifest_to_the_files_it_names(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_manifest(
        tmp_path / "manifest.jsonl",
        [{"file": "a.txt", "published": "2024-05-01T08:00:00", "url": "https://news.example/a"}],
    )
    with Store(":memory:") as store:
        report = ingest([str(tmp_path)], store, options=IngestOptions(workers=1))
        assert report.added == 1 and not report.failures
        [document] = store.documents()
    assert document.published == "2024-05-01" and document.outlet == "news.example"


def test_a_manifest_json_in_a_folder_is_read_as_metadata_not_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_manifest(tmp_path / "manifest.json", [{"file": "a.txt", "published": "2024-05-01"}])
    (tmp_path / "MANIFEST").write_text("a.txt\n", encoding="utf-8")
    with Store(":memory:") as store:
        report = ingest([str(tmp_path)], store, options=IngestOptions(workers=1))
        assert report.added == 1 and report.skipped_files == 1 and not report.failures
        [document] = store.documents()
    assert document.published == "2024-05-01" and document.source == str(tmp_path / "a.txt")

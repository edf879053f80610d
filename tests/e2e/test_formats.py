"""The dossier of the small invented corpus (:mod:`tests.e2e.corpus`) in the forms people use:
CSV and Parquet tables from ``export``, a timeline as CSV and as TimelineJS JSON, and a brief as a
Word document with numbered sources."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.outputs.export import RECORD_TYPES
from storyline.outputs.human import human_date
from storyline.outputs.tables import csv_text
from tests.e2e import corpus
from tests.e2e.cli import export, ingest, json_lines, run


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "dossier.db"
    ingest([folder / name for name in corpus.FILES], db)
    quote = json_lines("quotes", "--json", "--db", str(db))[0]  # a correction to export too
    run("fix", "speaker", quote["id"], "Maria Okafor", "--db", str(db))
    return db


@pytest.fixture(scope="module")
def records(db) -> list[dict[str, Any]]:
    return export(db)


@pytest.fixture(scope="module")
def tables(db, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tables") / "csv"  # not there yet: export makes it
    run("export", "--db", str(db), "--format", "csv", "-o", str(folder))
    return folder


@pytest.fixture(scope="module")
def geneva(records) -> dict[str, Any]:
    [meeting] = [r for r in records if r["type"] == "event" and r["location"] == "Geneva"]
    return meeting


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def fails(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code != 0
    return result.output


@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_csv_has_a_table_per_type_with_a_row_per_record(tables, records, kind):
    rows = read_csv(tables / f"{kind}.csv")
    assert [r["id"] for r in rows] == [str(r["id"]) for r in records if r["type"] == kind]
    assert rows, f"the corpus has {kind} records"


def test_csv_cells_hold_scalars_as_text_and_nested_values_as_json(tables, records):
    rows = {r["id"]: r for r in read_csv(tables / "document.csv")}
    for record in (r for r in records if r["type"] == "document"):
        row = rows[record["id"]]
        assert row["body"] == record["body"] and row["outlet"] == (record["outlet"] or "")
        assert json.loads(row["entities"]) == record["entities"]
        assert json.loads(row["published"]) == record["published"]


def test_only_the_types_asked_for(db, tmp_path):
    run("export", "--db", str(db), "--format", "csv", "--type", "event", "-o", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["event.csv"]


def test_parquet_reads_back_as_the_csv_rows(db, tables, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    run("export", "--db", str(db), "--format", "parquet", "-o", str(tmp_path))
    for kind in RECORD_TYPES:
        table = pq.read_table(tmp_path / f"{kind}.parquet").to_pylist()
        as_text = [{key: csv_text(value) for key, value in row.items()} for row in table]
        assert as_text == read_csv(tables / f"{kind}.csv"), kind


def test_tables_need_a_folder(db, tmp_path):
    assert "give -o FOLDER" in fails("export", "--db", str(db), "--format", "csv")
    (tmp_path / "file").write_text("")
    output = fails("export", "--db", str(db), "--format", "parquet", "-o", str(tmp_path / "file"))
    assert "is a file" in output


def test_jsonl_stays_the_default(db, records):
    assert json_lines("export", "--db", str(db), "--format", "jsonl") == records


def test_timeline_csv_has_the_geneva_meeting(db, geneva):
    text = run("timeline", "--db", str(db), "--format", "csv").output
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    row = rows[geneva["id"]]
    assert (row["date"], row["status"], row["location"]) == ("2024-04-18", "happened", "Geneva")
    assert set(row["participants"].split("; ")) >= {"Ilse Brandvik", "Tomas Ekwueme"}
    assert row["first_report"] == "2024-03-05" and row["latest_report"] == "2024-04-20"


def test_timeline_json_is_the_same_as_the_old_flag(db):
    by_flag = json_lines("timeline", "--db", str(db), "--json")
    assert json_lines("timeline", "--db", str(db), "--format", "json") == by_flag
    assert "--json is --format json" in fails(
        "timeline", "--db", str(db), "--json", "--format", "csv"
    )


def test_timelinejs_has_the_geneva_meeting_on_its_day(db, geneva):
    timeline = json.loads(run("timeline", "--db", str(db), "--format", "timelinejs").output)
    slides = {s["unique_id"]: s for s in timeline["events"]}
    slide = slides[geneva["id"]]
    assert slide["start_date"] == {"year": "2024", "month": "4", "day": "18"}
    assert slide["group"] == "happened"
    assert timeline["title"]["text"]["headline"]


@pytest.fixture(scope="module")
def story(db, geneva) -> dict[str, Any]:
    stories = json_lines("stories", "--db", str(db), "--json")
    [found] = [s for s in stories if geneva["id"] in s["events"]]
    return found


def test_brief_as_docx_has_its_title_and_numbered_sources(db, story, records, tmp_path):
    out = tmp_path / "brief.docx"
    run("brief", story["id"], "--db", str(db), "--format", "docx", "-o", str(out))
    lines = [p.text for p in docx.Document(str(out)).paragraphs]
    record = json.loads(run("brief", story["id"], "--db", str(db), "--format", "json").output)
    assert lines[0] == record["title"]
    documents = {r["id"]: r for r in records if r["type"] == "document"}
    first = documents[record["sentences"][0]["document"]]
    sources = lines[lines.index("Sources") + 1 :]
    day = human_date(first["published"]["value"])
    assert sources[0].startswith(f"1. {first['outlet']}. {day}.")
    assert sources[0].endswith(f"Document {first['id']}.")


def test_brief_as_docx_needs_a_file(db, story):
    assert "give -o FILE.docx" in fails("brief", story["id"], "--db", str(db), "--format", "docx")

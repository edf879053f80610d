"""Export records as tables: one per record type, scalar fields as columns, nested values as
JSON text; CSV by the standard library, Parquet by pyarrow when it is installed."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from storyline.outputs.tables import (
    PARQUET_MISSING,
    ParquetUnavailable,
    cell,
    csv_text,
    table_row,
    write_csv,
    write_parquet,
    write_tables,
)


def document(id_: str, **fields: Any) -> dict[str, Any]:
    record = {"type": "document", "id": id_, "title": "Talks, at last", "published": None,
              "body": "He said:\n\n\u201cNo.\u201d", "entities": [{"text": "He", "start": 0}],
              "duplicate_of": None}  # fmt: skip
    return record | fields


def entity(id_: str) -> dict[str, Any]:
    return {"type": "entity", "id": id_, "name": "Ilse Brandvik", "aliases": ["Brandvik"]}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_nested_values_are_json_text_and_scalars_stay():
    assert cell([[0, 12]]) == "[[0, 12]]"
    assert json.loads(str(cell({"value": "2024-04", "source": "metadata"}))) == {
        "value": "2024-04", "source": "metadata",
    }  # fmt: skip
    assert cell("Zürich") == "Zürich" and cell(3) == 3 and cell(0.5) == 0.5 and cell(None) is None


def test_a_row_is_the_record_in_key_order_without_its_type():
    row = table_row(document("d1"))
    assert list(row) == ["id", "title", "published", "body", "entities", "duplicate_of"]
    assert row["entities"] == '[{"text": "He", "start": 0}]'


def test_csv_text_writes_null_empty_and_booleans_as_json_does():
    assert [csv_text(v) for v in (None, True, False, 2, 0.9, "x")] == [
        "", "true", "false", "2", "0.9", "x",
    ]  # fmt: skip


def test_csv_round_trips_commas_quotes_line_breaks_and_non_ascii(tmp_path):
    rows = [table_row(document("d1")), table_row(document("d2", title='Oslo "deal", 2°C'))]
    assert write_csv(rows, tmp_path / "document.csv") == 2
    back = read_csv(tmp_path / "document.csv")
    assert [r["title"] for r in back] == ["Talks, at last", 'Oslo "deal", 2°C']
    assert back[0]["body"] == "He said:\n\n\u201cNo.\u201d"
    assert back[0]["published"] == ""
    assert json.loads(back[0]["entities"]) == [{"text": "He", "start": 0}]
    raw = (tmp_path / "document.csv").read_bytes()
    assert raw.startswith(b"id,title,published,body,entities,duplicate_of\r\n")  # no BOM


def test_one_table_per_type_and_an_empty_one_for_a_type_asked_with_no_records(tmp_path):
    records = [document("d1"), document("d2"), entity("e1")]
    written = write_tables(
        records, tmp_path / "out", fmt="csv", types=["document", "entity", "story"]
    )
    assert sorted(p.name for p in written.values()) == ["document.csv", "entity.csv", "story.csv"]
    assert [r["id"] for r in read_csv(written["document"])] == ["d1", "d2"]
    assert read_csv(written["entity"]) == [
        {"id": "e1", "name": "Ilse Brandvik", "aliases": '["Brandvik"]'}
    ]
    assert written["story"].read_bytes() == b""


def test_records_of_a_type_must_come_together(tmp_path):
    with pytest.raises(ValueError, match="not together"):
        write_tables([document("d1"), entity("e1"), document("d2")], tmp_path, fmt="csv",
                     types=["document", "entity"])  # fmt: skip


def test_a_failed_write_leaves_no_table_behind(tmp_path):
    def rows():
        yield table_row(document("d1"))
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_csv(rows(), tmp_path / "document.csv")
    assert list(tmp_path.iterdir()) == []


def test_parquet_keeps_types_and_nulls_across_row_groups(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [table_row(document(f"d{i}")) for i in range(3)]
    rows.append(table_row(document("d3", duplicate_of="d0", published='{"value": "2024"}')))
    assert write_parquet(rows, tmp_path / "document.parquet", batch_size=2) == 4
    table = pq.read_table(tmp_path / "document.parquet")
    assert table.column_names == ["id", "title", "published", "body", "entities", "duplicate_of"]
    assert table.to_pylist() == rows  # the all-null columns of the first row group hold text


def test_parquet_of_no_rows_is_an_empty_table(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    write_tables([], tmp_path, fmt="parquet", types=["story"])
    assert pq.read_table(tmp_path / "story.parquet").num_rows == 0


def test_parquet_without_pyarrow_is_a_one_line_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ParquetUnavailable, match="pip install 'storyline\\[parquet\\]'"):
        write_tables([document("d1")], tmp_path / "out", fmt="parquet", types=["document"])
    assert PARQUET_MISSING == "parquet needs pyarrow: pip install 'storyline[parquet]'"
    assert not (tmp_path / "out").exists()

"""The export's records as tables, one per record type, for spreadsheets and dataframes.

A record's top-level fields become its columns, in the record's key order (the ``type`` is the
table's name, not a column); a nested value (a list or an object) is its JSON text in one cell.
CSV is written with the standard library (UTF-8, a header row, RFC 4180 quoting; ``null`` an
empty cell, booleans ``true``/``false`` as in JSON); Parquet with pyarrow, an optional
dependency (``pip install 'storyline[parquet]'``), with ``null`` kept as null.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby, islice
from pathlib import Path
from typing import Any

Cell = str | int | float | bool | None
Row = dict[str, Cell]
TABLE_FORMATS = ("csv", "parquet")
PARQUET_BATCH = 1000  # rows a Parquet row group holds: big enough to compress, small in memory
PARQUET_MISSING = "parquet needs pyarrow: pip install 'storyline[parquet]'"


class ParquetUnavailable(RuntimeError):
    """pyarrow is not installed."""


def cell(value: Any) -> Cell:
    """A field's value as one cell: scalars as they are, lists and objects as JSON text."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value  # type: ignore[no-any-return]


def table_row(record: dict[str, Any]) -> Row:
    """A record as one row of its type's table: every field but ``type``, in order."""
    return {key: cell(value) for key, value in record.items() if key != "type"}


def csv_text(value: Cell) -> str:
    """A cell as CSV text: ``null`` empty, booleans as JSON spells them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_tables(
    records: Iterable[dict[str, Any]], folder: Path, *, fmt: str, types: Sequence[str]
) -> dict[str, Path]:
    """``folder/<type>.<fmt>`` for each of ``types`` (an empty file where there are no records
    of a type); ``records`` come grouped by type, as the export streams them."""
    writer = {"csv": write_csv, "parquet": write_parquet}[fmt]
    if fmt == "parquet":
        pyarrow_modules()  # fail before writing anything
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for kind, group in groupby(records, key=lambda record: str(record["type"])):
        if kind in written:
            raise ValueError(f"records of type {kind!r} are not together")
        written[kind] = folder / f"{kind}.{fmt}"
        writer((table_row(record) for record in group), written[kind])
    for kind in types:
        if kind not in written:
            written[kind] = folder / f"{kind}.{fmt}"
            writer(iter(()), written[kind])
    return written


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A file beside ``path`` that becomes it once written whole, so a failed run leaves no
    half-written table (and an older one in place)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_csv(rows: Iterable[Row], path: Path) -> int:
    """The rows as CSV with a header row, columns those of the first row; how many rows."""
    count = 0
    with _replacing(path) as partial, partial.open("w", encoding="utf-8", newline="") as out:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\r\n")
                writer.writeheader()
            writer.writerow({key: csv_text(value) for key, value in row.items()})
            count += 1
    return count


def pyarrow_modules() -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``; :class:`ParquetUnavailable` if not installed."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise ParquetUnavailable(PARQUET_MISSING) from error
    return pyarrow, pyarrow.parquet


def write_parquet(rows: Iterable[Row], path: Path, *, batch_size: int = PARQUET_BATCH) -> int:
    """The rows as Parquet, in row groups of ``batch_size``; how many rows.

    Column types come from the first batch; a column with nothing but nulls there is text
    (what every such field of the export holds when it holds something)."""
    pa, pq = pyarrow_modules()
    count, writer = 0, None
    with _replacing(path) as partial:
        try:
            for batch in _batches(rows, batch_size):
                schema = writer.schema if writer is not None else None
                table = pa.Table.from_pylist(batch, schema=schema)
                if writer is None:
                    table = table.cast(_nulls_as_text(pa, table.schema))
                    writer = pq.ParquetWriter(partial, table.schema)
                writer.write_table(table)
                count += len(batch)
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pq.write_table(pa.table({}), partial)
    return count


def _nulls_as_text(pa: Any, schema: Any) -> Any:
    fields = [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema]
    return pa.schema(fields)


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch

"""Small helpers the store's query modules share: placeholders, chunks, rows by column name."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
# SQLite's default limit on host parameters is 999 in older builds; stay well below it.
MAX_PARAMETERS = 900


def placeholders(count: int) -> str:
    """ "?, ?, ?" for ``count`` values."""
    return ", ".join("?" * count)


def chunks(values: Iterable[T], size: int = MAX_PARAMETERS) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``: one ``IN (…)`` query each."""
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert_rows(
    db: sqlite3.Connection,
    table: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    or_replace: bool = False,
) -> None:
    """Insert ``rows`` (dicts keyed by column name, all with the same keys) into ``table``."""
    if not rows:
        return
    columns = list(rows[0])
    verb = "INSERT OR REPLACE" if or_replace else "INSERT"
    db.executemany(
        f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({placeholders(len(columns))})",
        [tuple(row[column] for column in columns) for row in rows],
    )

"""Manifests: JSON Lines files that describe other files instead of holding articles.

A corpus often ships as article files plus one ``manifest.jsonl`` whose records name a file
(``{"file": "001.txt", "published": "…", "url": "…"}``). Such a file is read as metadata for the
files it names, not as articles.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from storyline.ingest.readers import JSONL_FIELDS
from storyline.ingest.sources import InputFile
from storyline.records import Failure, Hints

FILE_FIELDS = ("file", "path", "filename")
MANIFEST_EXTENSIONS = (".jsonl", ".ndjson", ".jl", ".json")  # as readers.py reads them


@dataclass(slots=True)
class Manifest:
    """Metadata by the resolved path of the file it describes."""

    hints: dict[str, Hints] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def hints_for(self, path: str) -> Hints | None:
        return self.hints.get(os.path.realpath(path))


def is_manifest(file: InputFile) -> bool:
    """Whether a JSON Lines file's first record names another file and carries no article."""
    if file.is_stdin or not file.name.lower().endswith(MANIFEST_EXTENSIONS):
        return False
    try:
        with open(file.name, encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        record = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(record, dict) and _names_file(record) and not _has_article(record)


def read_manifest(file: InputFile, into: Manifest) -> None:
    """Add the metadata of a manifest file to ``into``; bad lines become failures."""
    folder = os.path.dirname(os.path.abspath(file.name))
    with open(file.name, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            location = f"{file.name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                into.failures.append(Failure(location, f"malformed JSON ({error.msg})"))
                continue
            if not isinstance(record, dict) or not _names_file(record):
                into.failures.append(Failure(location, "manifest record names no file"))
                continue
            path = os.path.realpath(os.path.join(folder, _file_field(record)))
            into.hints[path] = _hints(record)


def _names_file(record: dict[str, object]) -> bool:
    return any(isinstance(record.get(name), str) for name in FILE_FIELDS)


def _file_field(record: dict[str, object]) -> str:
    return next(str(record[name]) for name in FILE_FIELDS if isinstance(record.get(name), str))


def _has_article(record: dict[str, object]) -> bool:
    return any(record.get(name) for name in (*JSONL_FIELDS["text"], *JSONL_FIELDS["html"]))


def _hints(record: dict[str, object]) -> Hints:
    def first(key: str) -> str | None:
        for name in JSONL_FIELDS[key]:
            value = record.get(name)
            if isinstance(value, str) and value.strip():
                return value
        return None

    return Hints(
        url=first("url"),
        title=first("title"),
        published=first("published"),
        outlet=first("outlet"),
        language=first("language"),
    )

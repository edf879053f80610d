"""Helpers for the end-to-end tests: run storyline's command line in-process, as a user would,
and read back what it prints (the model loads once per test process and is reused)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from storyline.cli import cli


def run(*args: str) -> Result:
    """``storyline ARGS…``; fails the test with the command's output if it exits non-zero."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, f"storyline {' '.join(args)}:\n{result.output}"
    return result


def ingest(paths: Sequence[Path], db: Path) -> Result:
    """``storyline ingest PATHS… --db DB`` in one process (one model load)."""
    return run("ingest", *map(str, paths), "--db", str(db), "--workers", "1", "-q")


def json_lines(*args: str) -> list[dict[str, Any]]:
    """The JSON Lines a command prints, one object a line."""
    return [json.loads(line) for line in run(*args).output.splitlines() if line.strip()]


def export(db: Path, *types: str) -> list[dict[str, Any]]:
    """``storyline export`` (optionally ``--type T`` for each of ``types``)."""
    options = [arg for kind in types for arg in ("--type", kind)]
    return json_lines("export", "--db", str(db), *options)


def by_source(documents: Sequence[dict[str, Any]], name: str) -> dict[str, Any]:
    """The one document record whose ``source`` is the file ``name`` (with any ``:line``)."""
    found = [d for d in documents if Path(d["source"].split(":")[0].split("#")[0]).name == name]
    assert len(found) == 1, f"{name}: {[d['source'] for d in documents]}"
    return found[0]


def timex(document: dict[str, Any], text: str) -> dict[str, Any]:
    """The document's one time expression whose text is ``text``."""
    found = [t for t in document["timexes"] if t["text"] == text]
    assert len(found) == 1, f"{text!r} in {[t['text'] for t in document['timexes']]}"
    return found[0]

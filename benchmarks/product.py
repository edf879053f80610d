"""Run documents through the product as a user would: write them out, ``storyline ingest`` them
into a fresh store, ``storyline export`` it, and read the exported records back.

Every quality benchmark scores what this returns, so that a break between stages (the reader, the
extractor, the date decision, the pipeline, the corpus steps) shows in its figure. The exported
offsets point into ``body``; :class:`BodyMap` carries them back to the text the benchmark's gold
annotation was made on.

Documents are matched back to the benchmark's own ids by the line of the JSON Lines file they came
from (``source`` is ``path:line``), so no id needs to travel in the data.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).resolve().parents[1] / "src" / "storyline"


def storyline_command() -> list[str]:
    """The installed ``storyline`` beside this Python, else ``python -m storyline``."""
    script = Path(sys.executable).with_name("storyline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "storyline"]


@dataclass(frozen=True, slots=True)
class Exported:
    """What ``storyline export`` said after ingesting a benchmark's documents."""

    documents: dict[str, dict[str, Any]]  # benchmark id → document record
    records: list[dict[str, Any]]  # every exported record
    ingest_seconds: float
    ingest_stderr: str

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [record for record in self.records if record["type"] == kind]


@contextmanager
def workdir(keep: Path | None = None) -> Iterator[Path]:
    """A fresh folder for one run (kept at ``keep`` if given, else removed afterwards)."""
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as folder:
        yield Path(folder)


def run_jsonl(
    items: Sequence[tuple[str, Mapping[str, Any]]],
    folder: Path,
    *,
    workers: int | None = None,
    extra_args: Sequence[str] = (),
) -> Exported:
    """Ingest ``(benchmark id, JSON Lines object)`` pairs as one JSON Lines file and export."""
    feed = folder / "articles.jsonl"
    with open(feed, "w", encoding="utf-8") as handle:
        for _, record in items:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_source = {f"{feed}:{line}": key for line, (key, _) in enumerate(items, start=1)}
    return run_inputs([str(feed)], by_source, folder, workers=workers, extra_args=extra_args)


def run_inputs(
    inputs: Sequence[str],
    by_source: Mapping[str, str],
    folder: Path,
    *,
    workers: int | None = None,
    extra_args: Sequence[str] = (),
) -> Exported:
    import time

    db = folder / "bench.db"
    command = [*storyline_command(), "ingest", *inputs, "--db", str(db), "--quiet", *extra_args]
    if workers:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some inputs failed, reported on stderr
        raise RuntimeError(f"storyline ingest failed ({done.returncode}):\n{done.stderr}")
    out = folder / "export.jsonl"
    subprocess.run(
        [*storyline_command(), "export", "--db", str(db), "-o", str(out)], check=True, env=_env()
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    documents = {
        by_source[record["source"]]: record
        for record in records
        if record["type"] == "document" and record["source"] in by_source
    }
    return Exported(documents, records, seconds, done.stderr)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("STORYLINE_DB", None)
    return env


def code_version() -> str:
    """A hash of storyline's code (``src/storyline/**/*.py``): a cached run is one of this code."""
    digest = hashlib.sha1()
    for path in sorted(SOURCE.rglob("*.py")):
        digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class ProductRun:
    """A benchmark's documents after ``storyline ingest`` and ``storyline export`` (cached)."""

    folder: Path
    db: Path  # the store ingest made: for the CLI steps that come after (brief) and components
    exported: Exported


def product_run(
    items: Sequence[tuple[str, Mapping[str, Any]]], cache: Path, name: str
) -> ProductRun:
    """``(benchmark id, JSON Lines object)`` pairs ingested and exported by the installed CLI,
    cached in ``cache`` by their content and the storyline code version."""
    feed = "".join(json.dumps([key, record], ensure_ascii=False) + "\n" for key, record in items)
    key = hashlib.sha1(f"{code_version()}\n{feed}".encode()).hexdigest()[:12]
    folder = cache / f"{name}-{key}"
    meta = folder / "meta.json"
    if not meta.exists():
        with workdir(folder):
            done = run_jsonl(items, folder, workers=2)
        ids = {bench: record["id"] for bench, record in done.documents.items()}
        meta.write_text(json.dumps({"ids": ids, "ingest_seconds": done.ingest_seconds,
                                    "ingest_stderr": done.ingest_stderr}))  # fmt: skip
    saved = json.loads(meta.read_text())
    lines = (folder / "export.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    by_id = {r["id"]: r for r in records if r["type"] == "document"}
    documents = {bench: by_id[doc] for bench, doc in saved["ids"].items() if doc in by_id}
    exported = Exported(documents, records, saved["ingest_seconds"], saved["ingest_stderr"])
    return ProductRun(folder, folder / "bench.db", exported)


class BodyMap:
    """Carries character offsets in an exported ``body`` back to the text it was made from.

    The body is the source's paragraphs, cleaned: whitespace inside a paragraph may be folded,
    and paragraphs taken for boilerplate are gone. Each body paragraph is found in the source in
    order (exactly where it can be, else by the longest matching blocks), giving a position in
    the source for every body character that has one.
    """

    def __init__(self, body: str, source: str) -> None:
        self.body, self.source = body, source
        self._to_source: list[int | None] = [None] * (len(body) + 1)
        cursor = 0
        for start, paragraph in _paragraphs(body):
            found = source.find(paragraph, cursor)
            if found >= 0:
                for i in range(len(paragraph) + 1):
                    self._to_source[start + i] = found + i
                cursor = found + len(paragraph)
                continue
            window = source[cursor : cursor + 4 * len(paragraph) + 200]
            matcher = SequenceMatcher(None, paragraph, window, autojunk=False)
            last = cursor
            for block in matcher.get_matching_blocks():
                for i in range(block.size):
                    self._to_source[start + block.a + i] = cursor + block.b + i
                    last = cursor + block.b + i + 1
            if last > cursor:
                cursor = last

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The source span of body[start:end], or None when none of it is in the source."""
        inside = [
            self._to_source[i] for i in range(start, min(end, len(self.body)))
            if self._to_source[i] is not None
        ]  # fmt: skip
        if not inside:
            return None
        return min(inside), max(inside) + 1  # type: ignore[type-var,operator]

    def kept_share(self) -> float:
        """The share of the source's letters and digits that reached the body."""
        covered = {i for i in self._to_source if i is not None}
        letters = [i for i, char in enumerate(self.source) if char.isalnum()]
        return sum(i in covered for i in letters) / len(letters) if letters else 1.0


def _paragraphs(body: str) -> Iterable[tuple[int, str]]:
    start = 0
    for paragraph in body.split("\n\n"):
        yield start, paragraph
        start += len(paragraph) + 2


def mapped(
    items: Iterable[dict[str, Any]], body_map: BodyMap, *, keys: Sequence[str] = ("start", "end")
) -> list[dict[str, Any]]:
    """Copies of exported items with ``start``/``end`` carried into the source; unmappable ones
    are dropped (their text is not in the source)."""
    out = []
    for item in items:
        span = body_map.span(item[keys[0]], item[keys[1]])
        if span is not None:
            out.append({**item, keys[0]: span[0], keys[1]: span[1]})
    return out

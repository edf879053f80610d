"""Ingest throughput and memory against bare spaCy, measured in the same run.

Method
------
* Corpus: built at run time in a temporary folder (nothing is written into the repository) by
  repeating real articles from the shared data: the plain-text files of ``corpora/seeds/`` and
  ``corpora/heldout-stories/*.txt`` and the HTML pages of ``benchmarks/extraction/html/*.html.gz``.
  Every copy gets different bytes (a ``Ref. NNNNNN.`` line at the end of a text, an HTML comment at
  the end of a page), so ids differ and no copy is deduplicated. Texts are written as ``.txt``
  files, except every 4th text copy, which goes into one ``corpus.jsonl``; pages as ``.html``,
  every 5th gzipped as ``.html.gz``. The seeds are interleaved in a fixed shuffled order, so any
  corpus size has the same mix of formats and articles.
* Baseline: ``nlp.pipe`` over exactly the texts ingest analyses: the generated files are read with
  storyline's own readers and each document goes through ``extract_article`` before anything is
  timed. Same model (``storyline.analyse.model.load_model``: as shipped, and with only the
  components storyline runs), same ``batch_size`` as ingest; one
  process, and ``n_process=2`` for the comparison with ``workers=2``.
* Ingest: ``storyline.pipeline.ingest`` of the corpus folder into a fresh SQLite file, with
  ``workers=1`` and ``workers=2``: reading, extraction, spaCy, entity and sentence rows, storage.
* Each measured run is a fresh process (multiprocessing "spawn"). Its clock starts after imports
  and before the model is loaded, in both the baseline and ingest, and stops when the last
  document is analysed (baseline) or stored and the database closed (ingest).
  documents/s = documents analysed / seconds. ratio = ingest documents/s / bare documents/s of the
  matching run (1 process vs ``workers=1``; ``n_process=2`` vs ``workers=2``), against the model
  as shipped (all six components); "same" against bare ``nlp.pipe`` with only the components
  storyline runs (``storyline.analyse.model.UNUSED_COMPONENTS`` left out), i.e. storyline's own
  overhead: reading, extraction, rows and storage.
* Memory: a thread of this (parent) process samples the run's whole process tree every 0.2 s
  (the run's process and all its live descendants: pool workers, spaCy's forked workers, the
  multiprocessing resource tracker) and sums ``VmRSS`` from ``/proc/<pid>/status``. peak RSS = the
  highest such sum, or the main process's own ``ru_maxrss`` if higher (it catches a spike between
  two samples). Summed RSS counts pages shared between processes once per process (spaCy's
  ``n_process`` forks share the model copy-on-write), so it overstates multi-process runs; the
  proportional set size (``Pss`` of ``/proc/<pid>/smaps_rollup``, shared pages split between their
  users) is sampled beside it as "peak PSS". "main maxrss" is ``ru_maxrss`` of the run's main
  process alone; "worker" the highest sampled ``VmRSS`` of any single child process.
* Also printed, for context: how long reading + ``extract_article`` of the corpus takes alone in
  one process (done untimed for the baseline): work ingest does that bare ``nlp.pipe`` does not.
* Streaming: ingest with ``workers=2`` also runs on a smaller corpus (``--scale-docs``, default a
  third of ``--docs``); if ingest streams, its peak RSS does not grow with the corpus. A spaCy
  process's RSS is set by the largest batch it has analysed so far (32 articles at once), not by how
  many it has seen, so tiny corpora (``--quick``) understate it and this check means little there;
  "main maxrss" of the ingest runs is what ingest itself buffers (reading, batches in flight).

Goals, one verdict line each: ingest / bare nlp.pipe >= 0.8 for both worker counts; peak RSS of
every ingest run < 1500 MB; peak RSS of ingest grows by under 10% from the smaller corpus to the
larger one.

Defaults are sized for a 2-core machine, where the small English model analyses about 3-4 of these
articles (about 4,000 characters each) a second per core: the default run (400 documents) takes
about 8 minutes, ``--quick`` (100 documents) about 3.

Usage: python benchmarks/throughput.py [--docs N] [--scale-docs M] [--quick] [--json]
                                       [--shared ../shared] [--model NAME]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_DOCS = 400
QUICK_DOCS = 100
RATIO_GOAL = 0.8
COMPONENT_GOAL = 0.15  # entity and quote components over the model's own time
COMPONENT_DOCS = 60
RSS_GOAL_MB = 1500.0
GROWTH_GOAL = 0.10  # peak RSS may grow by less than this share from the smaller corpus
SAMPLE_SECONDS = 0.2
JSONL_EVERY = 4  # every 4th text copy is a line of corpus.jsonl instead of a .txt file
GZIP_EVERY = 5  # every 5th HTML copy is written gzipped
SHUFFLE_SEED = 20240611

Kind = Literal["text", "html"]


# --- corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seed:
    """One real article the corpus repeats."""

    name: str
    kind: Kind
    data: bytes


@dataclass(slots=True)
class Corpus:
    folder: Path
    documents: int
    files: dict[str, int] = field(default_factory=dict)  # by format: txt, html, html.gz, jsonl
    jsonl_records: int = 0
    bytes: int = 0


def load_seeds(shared: Path) -> list[Seed]:
    """The real articles: plain texts and (decompressed) HTML pages, in a fixed shuffled order."""
    seeds: list[Seed] = []
    texts = sorted((shared / "corpora" / "seeds").glob("*.txt"))
    texts += sorted((shared / "corpora" / "heldout-stories").glob("*.txt"))
    seeds += [Seed(path.name, "text", path.read_bytes()) for path in texts]
    pages = sorted((shared / "benchmarks" / "extraction" / "html").glob("*.html.gz"))
    seeds += [Seed(path.name, "html", gzip.decompress(path.read_bytes())) for path in pages]
    if not seeds:
        raise SystemExit(f"no articles found under {shared} (see --shared)")
    random.Random(SHUFFLE_SEED).shuffle(seeds)
    return seeds


def build_corpus(seeds: list[Seed], documents: int, folder: Path) -> Corpus:
    """``documents`` copies of the seeds, round robin, each with bytes of its own."""
    folder.mkdir(parents=True)
    corpus = Corpus(folder, documents)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as jsonl:
        text_copies = 0
        for number in range(documents):
            seed = seeds[number % len(seeds)]
            if seed.kind == "html":
                data = seed.data + f"\n<!-- storyline benchmark copy {number:06d} -->\n".encode()
                if number % GZIP_EVERY == 0:
                    name, data = f"{number:06d}.html.gz", gzip.compress(data, mtime=0)
                else:
                    name = f"{number:06d}.html"
            else:
                data = seed.data.rstrip() + f"\n\nRef. {number:06d}.\n".encode()
                text_copies += 1
                text = _utf8(data)
                if text is not None and text_copies % JSONL_EVERY == 0:
                    line = json.dumps({"text": text}, ensure_ascii=False) + "\n"
                    jsonl.write(line)
                    corpus.jsonl_records += 1
                    corpus.bytes += len(line.encode())
                    continue
                name = f"{number:06d}.txt"
            (folder / name).write_bytes(data)
            fmt = name.split(".", 1)[1]
            corpus.files[fmt] = corpus.files.get(fmt, 0) + 1
            corpus.bytes += len(data)
    if corpus.jsonl_records:
        corpus.files["jsonl"] = 1
    else:
        (folder / "corpus.jsonl").unlink()
    return corpus


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_article_texts(corpus: Path, out: Path) -> tuple[int, int]:
    """The article bodies ingest will analyse, one JSON string a line; (written, not extracted).

    Read with storyline's own readers, in ingest's order, and extracted with its extractor.
    """
    from storyline.extract import ExtractionError, extract_article
    from storyline.ingest.readers import read_input
    from storyline.ingest.sources import InputFile, iter_input_files
    from storyline.records import RawDocument

    written = failed = 0
    with out.open("w", encoding="utf-8") as handle:
        for item in iter_input_files([str(corpus)]):
            if not isinstance(item, InputFile):  # a failure, or a README skipped
                failed += 1
                continue
            for result in read_input(item):
                if not isinstance(result, RawDocument):
                    failed += 1
                    continue
                try:
                    body = extract_article(result).body
                except ExtractionError:
                    failed += 1
                    continue
                handle.write(json.dumps(body, ensure_ascii=False) + "\n")
                written += 1
    return written, failed


# --- the measured runs, each in a fresh process ------------------------------------------------


def _bare_run(
    texts_path: str,
    n_process: int,
    batch_size: int,
    model: str | None,
    full: bool,
    result_path: str,
) -> None:
    """Child: load the model (all its components, or storyline's) and ``nlp.pipe`` the texts."""
    from storyline.analyse.model import load_model

    start = time.perf_counter()
    nlp = load_model(model, exclude=()) if full else load_model(model)
    analysed = 0
    with open(texts_path, encoding="utf-8") as handle:
        texts = (json.loads(line) for line in handle)
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            analysed += 1
    seconds = time.perf_counter() - start
    model_name = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version')}"
    _write_result(result_path, analysed, seconds, {"model": model_name})


def _ingest_run(
    corpus: str, db_path: str, workers: int, batch_size: int, model: str | None, result_path: str
) -> None:
    """Child: ingest the corpus folder into a fresh SQLite file."""
    from storyline.pipeline import IngestOptions, ingest
    from storyline.store.database import Store

    start = time.perf_counter()
    options = IngestOptions(workers=workers, batch_size=batch_size, model=model)
    with Store(db_path) as store:
        report = ingest([corpus], store, options=options)
    seconds = time.perf_counter() - start
    extra = {
        "already_stored": report.already_stored,
        "skipped": report.skipped,
        "failures": len(report.failures),
        "first_failures": [str(failure) for failure in report.failures[:5]],
        "db_mb": round(os.path.getsize(db_path) / 1e6, 1),
    }
    _write_result(result_path, report.added, seconds, extra)


def _components_run(texts_path: str, result_path: str) -> None:
    """Child: what storyline's own spaCy components add to the model's time per document.

    The model parses the texts (components left out, best of two runs); then the components run
    over those parsed documents (best of two). Whole-pipeline timings drift too much between
    runs on a shared machine to see a few percent.
    """
    from storyline.analyse.model import load_pipeline

    nlp = load_pipeline()
    ours = [n for n in nlp.pipe_names if n.startswith("storyline_") and n != "storyline_paragraphs"]
    with open(texts_path, encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle][:COMPONENT_DOCS]
    spacy_seconds = parsed = None
    for _ in range(2):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, disable=ours))
        seconds = time.perf_counter() - started
        spacy_seconds, parsed = min(spacy_seconds or seconds, seconds), docs
    assert parsed is not None
    component_seconds = min(
        _timed(lambda: [nlp.get_pipe(name)(doc) for doc in parsed for name in ours])
        for _ in range(2)
    )
    each = {name: 0.0 for name in ours}  # each component alone, in pipeline order
    for doc in parsed:
        for name in ours:
            each[name] += _timed(partial(nlp.get_pipe(name), doc))
    extra = {
        "spacy_seconds": spacy_seconds,
        "component_seconds": component_seconds,
        "each_seconds": each,
    }
    _write_result(result_path, len(texts), component_seconds, extra)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _write_result(path: str, documents: int, seconds: float, extra: dict[str, Any]) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "documents": documents,
        "seconds": seconds,
        "main_maxrss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "cpu_seconds_main": usage.ru_utime + usage.ru_stime,
        **extra,
    }
    Path(path).write_text(json.dumps(result), encoding="utf-8")


@dataclass(slots=True)
class Run:
    """One measured run and its numbers."""

    name: str
    system: Literal["bare", "bare-same", "ingest", "components"]
    processes: int  # n_process or workers
    corpus_documents: int
    documents: int = 0
    seconds: float = 0.0
    docs_per_s: float = 0.0
    ratio: float | None = None  # to bare nlp.pipe with the model as shipped
    ratio_same: float | None = None  # to bare nlp.pipe with the components storyline runs
    peak_rss_mb: float = 0.0
    peak_pss_mb: float | None = None
    main_maxrss_mb: float = 0.0
    peak_worker_mb: float | None = None  # the largest single child process, if any
    max_live_processes: int = 0
    details: dict[str, Any] = field(default_factory=dict)


class TreeSampler(threading.Thread):
    """Samples the summed VmRSS (and Pss) of a process and all its live descendants."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb: int | None = None
        self.max_processes = 0
        self.peak_child_kb = 0  # the largest single descendant (a worker)
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def sample(self) -> None:
        rss_total = pss_total = live = 0
        pss_known = True
        for pid in process_tree(self.root):
            rss = _status_kb(pid, "VmRSS")
            if rss is None:  # gone, or a zombie
                continue
            live += 1
            rss_total += rss
            if pid != self.root:
                self.peak_child_kb = max(self.peak_child_kb, rss)
            pss = _pss_kb(pid)
            if pss is None:
                pss_known = False
            else:
                pss_total += pss
        if not live:
            return
        self.samples += 1
        self.peak_rss_kb = max(self.peak_rss_kb, rss_total)
        self.max_processes = max(self.max_processes, live)
        if pss_known:
            self.peak_pss_kb = max(self.peak_pss_kb or 0, pss_total)


def process_tree(root: int) -> list[int]:
    """``root`` and every process descending from it, found through ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()  # the name in parentheses may hold spaces
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    tree = [root]
    for pid in tree:  # grows while iterated: breadth first
        tree.extend(children.get(pid, ()))
    return tree


def _status_kb(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _pss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def measure(run: Run, target: Callable[..., None], args: tuple[Any, ...], workdir: Path) -> Run:
    """Run ``target(*args, result_path)`` in a fresh spawned process and fill ``run`` in."""
    result_path = workdir / f"result-{run.system}-{run.processes}-{run.corpus_documents}.json"
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=target, args=(*args, str(result_path)))
    process.start()
    assert process.pid is not None
    sampler = TreeSampler(process.pid)
    sampler.start()
    process.join()
    sampler.stop()
    if process.exitcode != 0 or not result_path.exists():
        raise SystemExit(f"{run.name}: the measured process failed (exit code {process.exitcode})")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    run.documents = result.pop("documents")
    run.seconds = result.pop("seconds")
    run.main_maxrss_mb = result.pop("main_maxrss_mb")
    run.docs_per_s = run.documents / run.seconds if run.seconds else 0.0
    run.peak_rss_mb = max(sampler.peak_rss_kb / 1024, run.main_maxrss_mb)
    run.peak_pss_mb = None if sampler.peak_pss_kb is None else sampler.peak_pss_kb / 1024
    run.max_live_processes = sampler.max_processes
    run.peak_worker_mb = sampler.peak_child_kb / 1024 if sampler.peak_child_kb else None
    run.details = {**result, "rss_samples": sampler.samples}
    return run


# --- the benchmark -------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    from storyline.analyse.annotate import PIPE_BATCH_SIZE
    from storyline.pipeline import IngestOptions

    batch_size = IngestOptions().batch_size
    began = time.perf_counter()
    seeds = load_seeds(args.shared)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="storyline-throughput-") as tmp:
        workdir = Path(tmp)
        _say(f"building a corpus of {args.docs} documents from {len(seeds)} articles")
        corpus = build_corpus(seeds, args.docs, workdir / "corpus")
        texts_path = workdir / "texts.jsonl"
        _say("extracting the article texts for the baseline (not timed)")
        extract_began = time.perf_counter()
        texts, not_extracted = write_article_texts(corpus.folder, texts_path)
        extract_seconds = time.perf_counter() - extract_began

        plan: list[tuple[Run, Callable[..., None], tuple[Any, ...]]] = []
        for processes in (1, 2):
            for system in ("bare", "bare-same"):
                plan.append(
                    (
                        Run(_name(system, processes), system, processes, args.docs),
                        _bare_run,
                        (str(texts_path), processes, PIPE_BATCH_SIZE, args.model, system == "bare"),
                    )
                )
            db = workdir / f"ingest-{processes}.db"
            plan.append(
                (
                    Run(_name("ingest", processes), "ingest", processes, args.docs),
                    _ingest_run,
                    (str(corpus.folder), str(db), processes, batch_size, args.model),
                )
            )
        scale: Corpus | None = None
        if args.scale_docs and args.scale_docs != args.docs:
            scale = build_corpus(seeds, args.scale_docs, workdir / "corpus-scale")
            db = workdir / "ingest-scale.db"
            plan.append(
                (
                    Run(f"{_name('ingest', 2)}, smaller corpus", "ingest", 2, args.scale_docs),
                    _ingest_run,
                    (str(scale.folder), str(db), 2, batch_size, args.model),
                )
            )
        plan.append(
            (
                Run("storyline components over parsed docs", "components", 1, args.docs),
                _components_run,
                (str(texts_path),),
            )
        )
        for number, (run, target, run_args) in enumerate(plan, 1):
            _say(f"[{number}/{len(plan)}] {run.name}, {run.corpus_documents} documents")
            runs.append(measure(run, target, run_args, workdir))
            _say(f"    {run.docs_per_s:.2f} documents/s, peak RSS {run.peak_rss_mb:.0f} MB")

    for run in runs:
        if run.system == "ingest" and run.corpus_documents == args.docs:
            bare = next(r for r in runs if r.system == "bare" and r.processes == run.processes)
            run.ratio = run.docs_per_s / bare.docs_per_s if bare.docs_per_s else None
            same = next(r for r in runs if r.system == "bare-same" and r.processes == run.processes)
            run.ratio_same = run.docs_per_s / same.docs_per_s if same.docs_per_s else None

    return {
        "corpus": {
            "documents": args.docs,
            "articles_repeated": len(seeds),
            "files": corpus.files,
            "jsonl_records": corpus.jsonl_records,
            "megabytes": round(corpus.bytes / 1e6, 1),
            "baseline_texts": texts,
            "not_extracted": not_extracted,
            "extract_seconds": extract_seconds,
            "scale_documents": scale.documents if scale else None,
        },
        "machine": {
            "cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "spacy": _version("spacy"),
            "model": next((r.details.get("model") for r in runs if "model" in r.details), None),
        },
        "runs": [asdict(run) for run in runs],
        "goals": goals(runs, args.docs),
        "seconds_total": time.perf_counter() - began,
        "benchmark_main_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def goals(runs: list[Run], documents: int) -> list[dict[str, Any]]:
    """The verdicts: throughput ratio, peak memory, memory flat with corpus size."""
    main = [r for r in runs if r.system == "ingest" and r.corpus_documents == documents]
    ratios = {f"workers={r.processes}": r.ratio for r in main}
    ratio_ok = all(ratio is not None and ratio >= RATIO_GOAL for ratio in ratios.values())
    same = {f"workers={r.processes}": r.ratio_same for r in main}
    same_ok = all(ratio is not None and ratio >= RATIO_GOAL for ratio in same.values())
    ingest_runs = [r for r in runs if r.system == "ingest"]
    worst = max(ingest_runs, key=lambda r: r.peak_rss_mb)
    components = next((r for r in runs if r.system == "components"), None)
    result = [
        {
            "goal": f"ingest / bare nlp.pipe >= {RATIO_GOAL}",
            "passed": ratio_ok,
            "detail": ", ".join(f"{k}: {_fmt(v, 2)}" for k, v in ratios.items()),
            "values": ratios,
        },
        {
            "goal": f"ingest / bare nlp.pipe with storyline's components >= {RATIO_GOAL}",
            "passed": same_ok,
            "detail": ", ".join(f"{k}: {_fmt(v, 2)}" for k, v in same.items()),
            "values": same,
        },
        {
            "goal": f"peak RSS < {RSS_GOAL_MB:.0f} MB",
            "passed": worst.peak_rss_mb < RSS_GOAL_MB,
            "detail": f"highest {worst.peak_rss_mb:.0f} MB ({worst.name}, "
            f"{worst.corpus_documents} documents)",
            "values": {"highest_mb": worst.peak_rss_mb},
        },
    ]
    if components is not None:
        spacy_s = components.details["spacy_seconds"]
        ours_ms = 1000 * components.details["component_seconds"] / components.documents
        spacy_ms = 1000 * spacy_s / components.documents
        share = components.details["component_seconds"] / spacy_s if spacy_s else 0.0
        each = ", ".join(
            f"{name.removeprefix('storyline_')} {1000 * seconds / components.documents:.1f}"
            for name, seconds in components.details.get("each_seconds", {}).items()
        )
        result.append(
            {
                "goal": f"storyline's components add <= {COMPONENT_GOAL:.0%} to spaCy's time",
                "passed": share <= COMPONENT_GOAL,
                "detail": f"+{share:.1%} ({ours_ms:.1f} ms/doc over {spacy_ms:.0f} ms/doc, "
                f"{components.documents} documents; {each} ms/doc)",
                "values": {"share": share},
            }
        )
    sizes = sorted((r for r in ingest_runs if r.processes == 2), key=lambda r: r.corpus_documents)
    if len(sizes) == 2:
        small, large = sizes
        growth = large.peak_rss_mb / small.peak_rss_mb - 1 if small.peak_rss_mb else 0.0
        result.append(
            {
                "goal": f"peak RSS flat with corpus size (grows < {GROWTH_GOAL:.0%})",
                "passed": growth < GROWTH_GOAL,
                "detail": f"{small.name}: {small.corpus_documents} documents "
                f"{small.peak_rss_mb:.0f} MB, {large.corpus_documents} documents "
                f"{large.peak_rss_mb:.0f} MB ({growth:+.1%}); main process "
                f"{small.main_maxrss_mb:.0f} -> {large.main_maxrss_mb:.0f} MB, largest worker "
                f"{_fmt(small.peak_worker_mb, 0)} -> {_fmt(large.peak_worker_mb, 0)} MB",
                "values": {
                    str(small.corpus_documents): small.peak_rss_mb,
                    str(large.corpus_documents): large.peak_rss_mb,
                    "growth": growth,
                },
            }
        )
    return result


def _name(system: str, processes: int) -> str:
    if system.startswith("bare"):
        label = "bare nlp.pipe" if system == "bare" else "bare nlp.pipe, storyline's components"
        return label + (f" n_process={processes}" if processes > 1 else "")
    return f"ingest workers={processes}"


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def render(report: dict[str, Any]) -> Iterator[str]:
    corpus, machine = report["corpus"], report["machine"]
    files = ", ".join(f"{count} {fmt}" for fmt, count in sorted(corpus["files"].items()))
    yield (
        f"storyline ingest throughput: {corpus['documents']} documents "
        f"({files} file(s); {corpus['jsonl_records']} JSON Lines records; "
        f"{corpus['megabytes']} MB) repeating {corpus['articles_repeated']} real articles"
    )
    yield (
        f"{machine['cpus']} CPUs, Python {machine['python']}, spaCy {machine['spacy']}, "
        f"model {machine['model']}; baseline texts {corpus['baseline_texts']}, "
        f"not extractable {corpus['not_extracted']}"
    )
    yield ""
    header = ("run", "docs", "seconds", "docs/s", "ratio", "same", "peak RSS MB", "peak PSS MB",
              "main maxrss MB", "worker MB", "procs")  # fmt: skip
    rows = [header]
    for run in report["runs"]:
        if run["system"] == "components":
            continue  # a cost measurement, reported among the goals
        rows.append(
            (
                run["name"],
                str(run["documents"]),
                f"{run['seconds']:.1f}",
                f"{run['docs_per_s']:.2f}",
                _fmt(run["ratio"], 2),
                _fmt(run["ratio_same"], 2),
                f"{run['peak_rss_mb']:.0f}",
                _fmt(run["peak_pss_mb"], 0),
                f"{run['main_maxrss_mb']:.0f}",
                _fmt(run["peak_worker_mb"], 0),
                str(run["max_live_processes"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = [cell.rjust(width) for cell, width in zip(row, widths, strict=True)]
        cells[0] = row[0].ljust(widths[0])
        yield "  ".join(cells)
    yield (
        f"reading + extract_article alone (1 process, this process, not part of the baseline): "
        f"{corpus['extract_seconds']:.1f} s for {corpus['documents']} documents"
    )
    yield ""
    for run in report["runs"]:
        if run["system"] == "ingest" and (run["details"].get("failures") or run["documents"] == 0):
            yield f"note: {run['name']} failures: {run['details'].get('first_failures')}"
    for goal in report["goals"]:
        verdict = "PASS" if goal["passed"] else "FAIL"
        yield f"{verdict}  {goal['goal']}: {goal['detail']}"
    yield (
        f"total {report['seconds_total']:.0f} s; benchmark process ru_maxrss "
        f"{report['benchmark_main_maxrss_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=None, help=f"default {DEFAULT_DOCS}")
    parser.add_argument(
        "--scale-docs",
        type=int,
        default=None,
        help="second corpus size for the memory check (default: a third of --docs; 0: skip)",
    )
    parser.add_argument("--quick", action="store_true", help=f"smoke test: {QUICK_DOCS} documents")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data")
    parser.add_argument("--model", default=None, help="spaCy model (default: storyline's)")
    args = parser.parse_args(argv)
    if args.docs is None:
        args.docs = QUICK_DOCS if args.quick else DEFAULT_DOCS
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    if args.scale_docs is None:
        args.scale_docs = max(1, args.docs // 3)
    report = benchmark(args)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print("\n".join(render(report)))


if __name__ == "__main__":
    main()

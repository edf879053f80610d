"""Scale-out of ingest's per-document stage: local process pool and Ray Data against bare spaCy.

Method
------
* Corpus: built at run time in a temporary folder (nothing is written into the repository) by
  repeating the real articles of ``benchmarks/clustering/{dev,test}.jsonl`` of the shared data
  (about 300 news articles, about 3,500 characters each), round robin, as one JSON Lines feed with
  the fields ``text``, ``title``, ``url`` and ``published``. Copy ``k`` of an article (``k`` = its
  round) gets a ``Ref. NNNNNN.`` line at the end of its text, so every line has bytes, and so an
  id, of its own, and the host of its URL is prefixed with ``rKKK.``: copies of one article then
  belong to different outlets, so the outlet furniture ingest learns (lines printed on 3+ pages of
  an outlet) never strips a repeated article down to nothing, while articles of one outlet within
  a round still teach it real furniture, as in a real feed.
* Runs, each in a fresh process (multiprocessing "spawn") writing a fresh SQLite file, in this
  order: bare ``nlp.pipe`` in one process (the baseline), ingest with the local engine and
  ``workers=1`` and ``workers=2``, ingest with ``engine="ray"`` and 1 and 2 actors. Bare
  ``nlp.pipe`` analyses exactly the texts ingest analyses (read with storyline's readers and put
  through ``extract_article`` beforehand, untimed), with the model as storyline loads it
  (``storyline.analyse.model.load_model()``: the shipped model less the components storyline does
  not use, without storyline's own components) and storyline's ``PIPE_BATCH_SIZE``; its clock starts
  before the model is loaded and stops after the last document.
* Ingest timing: ``storyline.pipeline.ingest`` is called as is; inside the run's process the
  module's ``_run_locally`` / ``_run_on_ray`` (the per-document stage) and ``link_entities`` /
  ``link_events`` / ``link_stories`` (the corpus step) are wrapped with timers. "stage s" is the
  per-document stage: reading and extracting the feed, starting the pool or Ray (and loading the
  model in each worker or actor), ``annotate``, storing the rows, shutting down. The corpus step
  is reported beside it and is not in docs/s. For Ray, ``ray.init`` is timed on its own (the fixed
  startup cost, in the stage) and so is the time from the stage's start to its first result; Ray
  sends windows of ``WINDOW_BATCHES`` batches (2,048 documents) at once, so on a smaller corpus
  the first result comes when nearly all is done.
* docs/s = documents stored (bare: analysed) / stage seconds; ratio = docs/s / the baseline's.
* Memory: a thread of this process samples the run's whole process tree every 0.2 s (the run's
  process and all its live descendants: pool workers; Ray's gcs_server, raylet, agents and
  workers) and sums ``VmRSS`` from ``/proc/<pid>/status`` (psutil is not needed). peak RSS = the
  highest sum, or the main process's ``ru_maxrss`` if higher. Summed RSS counts shared pages once
  per process (Ray's object store in ``/dev/shm`` included once it is touched). ratio = peak RSS /
  the baseline's.
* CPU: per process of the tree, the last sampled ``utime + stime`` of ``/proc/<pid>/stat``, summed
  (a process's last < 0.2 s is missed), or ``RUSAGE_CHILDREN`` of this process over the run if
  higher (it has every descendant that was waited for). The corpus step's CPU time (it runs in the
  main process) is subtracted. CPU-ms per article = that / documents; it includes interpreter
  start, imports and model loads of every process, and for Ray its daemons.
* Sizing: from the measured throughput per core (docs/s per worker or actor, Ray's without
  ``ray.init``) and from CPU-ms per article, how long a CC-NEWS day (~390,000 English articles)
  and month (~11.6M) take on N cores, assuming linear scaling (N cores give N times the per-core
  rate: no shared bottleneck, no driver or storage limit, one worker per core). The issue's
  reference, ~186 CPU-ms per article, is given beside it. Other processes share this machine's
  cores, so the wall-clock numbers are noisy; ratios to the baseline of the same run, and CPU-ms,
  are steadier.

Usage: python benchmarks/scale.py [--documents N] [--json] [--skip-ray]
                                  [--shared ../shared] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput
from throughput import _fmt, _version, process_tree, write_article_texts

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_DOCUMENTS = 2000
SAMPLE_SECONDS = 0.2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CC_NEWS_DAY = 390_000  # English articles a day
CC_NEWS_MONTH = 11_600_000
REFERENCE_CPU_MS = 186.0  # per article, the estimate
CORES = (1, 2, 8, 16, 64, 256)


# --- corpus ----------------------------------------------------------------------------------


def load_articles(shared: Path) -> list[dict[str, Any]]:
    articles = []
    for name in ("dev", "test"):
        path = shared / "benchmarks" / "clustering" / f"{name}.jsonl"
        with path.open(encoding="utf-8") as handle:
            articles += [json.loads(line) for line in handle if line.strip()]
    if not articles:
        raise SystemExit(f"no articles under {shared}/benchmarks/clustering (see --shared)")
    return articles


def build_feed(articles: list[dict[str, Any]], documents: int, path: Path) -> int:
    """``documents`` copies of the articles, round robin, as one JSON Lines feed; its bytes."""
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for number in range(documents):
            article = articles[number % len(articles)]
            copy = number // len(articles)
            url = urlparse(article.get("url") or f"https://example.org/{article['id']}")
            url = url._replace(netloc=f"r{copy:03d}.{url.netloc or 'example.org'}")
            record = {
                "text": article["text"].rstrip() + f"\n\nRef. {number:06d}.\n",
                "title": article.get("title"),
                "url": urlunparse(url),
                "published": article.get("date"),
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            handle.write(line)
            size += len(line.encode())
    return size


# --- the measured runs, each in a fresh process ------------------------------------------------


def _bare_run(texts_path: str, model: str | None, result_path: str) -> None:
    """Child: load the model as storyline does and ``nlp.pipe`` the texts in this process."""
    from storyline.analyse.annotate import PIPE_BATCH_SIZE
    from storyline.analyse.model import load_model

    start = time.perf_counter()
    nlp = load_model(model)
    loaded = time.perf_counter() - start
    analysed = 0
    with open(texts_path, encoding="utf-8") as handle:
        texts = (json.loads(line) for line in handle)
        for _doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE):
            analysed += 1
    seconds = time.perf_counter() - start
    name = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version')}"
    _write_result(result_path, analysed, seconds, {"model": name, "model_load_s": loaded})


def _ingest_run(
    feed: str, db_path: str, workers: int, engine: str, model: str | None, result_path: str
) -> None:
    """Child: ingest the feed into a fresh SQLite file, the stage and the corpus step timed."""
    import storyline.pipeline as pipeline
    from storyline.store.database import Store

    timings: dict[str, float] = {}
    begun: list[float] = []

    def timed(name: str, function: Callable[..., Any], key: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            if key == "stage":
                begun.append(wall)
            try:
                return function(*args, **kwargs)
            finally:
                timings[f"{key}_s"] = timings.get(f"{key}_s", 0.0) + time.perf_counter() - wall
                cpu_key = f"{key}_cpu_s"
                timings[cpu_key] = timings.get(cpu_key, 0.0) + time.process_time() - cpu

        wrapper.__name__ = name
        return wrapper

    for name in ("_run_locally", "_run_on_ray"):
        setattr(pipeline, name, timed(name, getattr(pipeline, name), "stage"))
    for name in ("link_entities", "link_events", "link_stories"):
        setattr(pipeline, name, timed(name, getattr(pipeline, name), "corpus_step"))
    if engine == "ray":
        import ray

        from storyline.analyse import ray_engine

        ray.init = timed("init", ray.init, "ray_init")
        run = ray_engine.RayRunner.run

        def first_timed(self: Any, batches: Any) -> Iterator[Any]:
            for number, item in enumerate(run(self, batches)):
                if number == 0 and begun:
                    timings["first_result_s"] = time.perf_counter() - begun[0]
                yield item

        ray_engine.RayRunner.run = first_timed  # type: ignore[method-assign]

    start = time.perf_counter()
    options = pipeline.IngestOptions(workers=workers, engine=engine, model=model)
    with Store(db_path) as store:
        report = pipeline.ingest([feed], store, options=options)
    seconds = time.perf_counter() - start
    extra = {
        "ingest_s": seconds,
        **timings,
        "already_stored": report.already_stored,
        "skipped": report.skipped,
        "failures": len(report.failures),
        "first_failures": [str(failure) for failure in report.failures[:5]],
        "db_mb": round(os.path.getsize(db_path) / 1e6, 1),
    }
    _write_result(result_path, report.added, timings.get("stage_s", seconds), extra)


def _write_result(path: str, documents: int, seconds: float, extra: dict[str, Any]) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "documents": documents,
        "seconds": seconds,
        "main_maxrss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        **extra,
    }
    Path(path).write_text(json.dumps(result), encoding="utf-8")


class TreeSampler(throughput.TreeSampler):
    """The throughput benchmark's RSS sampler, plus the CPU time of every process it saw."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(root, interval)
        self.cpu_ticks: dict[tuple[int, str], int] = {}  # (pid, start time): utime + stime

    def sample(self) -> None:
        super().sample()
        for pid in process_tree(self.root):
            ticks = _cpu_ticks(pid)
            if ticks is not None:
                self.cpu_ticks[(pid, ticks[0])] = ticks[1]

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu_ticks.values()) / CLOCK_TICKS


def _cpu_ticks(pid: int) -> tuple[str, int] | None:
    """(start time, utime + stime in clock ticks) of a process, from ``/proc/<pid>/stat``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[-1].split()
        return fields[19], int(fields[11]) + int(fields[12])  # starttime, utime + stime
    except (OSError, ValueError, IndexError):
        return None


@dataclass(slots=True)
class Run:
    name: str
    kind: str  # bare, local, ray
    processes: int  # workers or actors (bare: 1)
    documents: int = 0
    seconds: float = 0.0  # the per-document stage (bare: model load + nlp.pipe)
    docs_per_s: float = 0.0
    ratio: float | None = None  # docs/s over the baseline's
    peak_rss_mb: float = 0.0
    rss_ratio: float | None = None
    cpu_s: float = 0.0  # the process tree's, less the corpus step
    cpu_ms_per_doc: float = 0.0
    max_live_processes: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def per_core(self) -> float:
        """docs/s per worker or actor, Ray's fixed startup (ray.init) left out."""
        seconds = self.seconds - self.details.get("ray_init_s", 0.0)
        return self.documents / seconds / self.processes if seconds > 0 else 0.0


def measure(run: Run, target: Callable[..., None], args: tuple[Any, ...], workdir: Path) -> Run:
    """Run ``target(*args, result_path)`` in a fresh spawned process and fill ``run`` in."""
    result_path = workdir / f"result-{run.kind}-{run.processes}.json"
    context = multiprocessing.get_context("spawn")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = context.Process(target=target, args=(*args, str(result_path)))
    process.start()
    assert process.pid is not None
    sampler = TreeSampler(process.pid)
    sampler.start()
    process.join()
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.exitcode != 0 or not result_path.exists():
        raise SystemExit(f"{run.name}: the measured process failed (exit code {process.exitcode})")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    run.documents = result.pop("documents")
    run.seconds = result.pop("seconds")
    main_maxrss = result.pop("main_maxrss_mb")
    run.docs_per_s = run.documents / run.seconds if run.seconds else 0.0
    run.peak_rss_mb = max(sampler.peak_rss_kb / 1024, main_maxrss)
    waited = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    cpu = max(sampler.cpu_seconds, waited)
    run.cpu_s = cpu - result.get("corpus_step_cpu_s", 0.0)
    run.cpu_ms_per_doc = 1000 * run.cpu_s / run.documents if run.documents else 0.0
    run.max_live_processes = sampler.max_processes
    run.details = {
        **result,
        "main_maxrss_mb": main_maxrss,
        "cpu_sampled_s": sampler.cpu_seconds,
        "cpu_waited_s": waited,
    }
    return run


# --- the benchmark -------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    began = time.perf_counter()
    articles = load_articles(args.shared)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
        workdir = Path(tmp)
        feed = workdir / "feed.jsonl"
        _say(f"building a feed of {args.documents} documents from {len(articles)} articles")
        feed_bytes = build_feed(articles, args.documents, feed)
        texts_path = workdir / "texts.jsonl"
        _say("extracting the article texts for the baseline (not timed)")
        texts, not_extracted = write_article_texts(feed, texts_path)
        plan: list[tuple[Run, Callable[..., None], tuple[Any, ...]]] = [
            (Run("bare nlp.pipe (baseline)", "bare", 1), _bare_run, (str(texts_path), args.model))
        ]
        engines = ("local",) if args.skip_ray else ("local", "ray")
        for engine in engines:
            for processes in (1, 2):
                unit = "worker" if engine == "local" else "actor"
                name = f"ingest {engine}, {processes} {unit}{'s' if processes > 1 else ''}"
                db = workdir / f"{engine}-{processes}.db"
                run_args = (str(feed), str(db), processes, engine, args.model)
                plan.append((Run(name, engine, processes), _ingest_run, run_args))
        for number, (run, target, run_args) in enumerate(plan, 1):
            _say(f"[{number}/{len(plan)}] {run.name}, {args.documents} documents")
            runs.append(measure(run, target, run_args, workdir))
            _say(f"    {run.docs_per_s:.2f} documents/s, peak RSS {run.peak_rss_mb:.0f} MB")
    baseline = runs[0]
    for run in runs:
        run.ratio = run.docs_per_s / baseline.docs_per_s if baseline.docs_per_s else None
        run.rss_ratio = run.peak_rss_mb / baseline.peak_rss_mb if baseline.peak_rss_mb else None
    return {
        "corpus": {
            "documents": args.documents,
            "articles_repeated": len(articles),
            "megabytes": round(feed_bytes / 1e6, 1),
            "baseline_texts": texts,
            "not_extracted": not_extracted,
        },
        "machine": {
            "cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "spacy": _version("spacy"),
            "ray": None if args.skip_ray else _version("ray"),
            "model": baseline.details.get("model"),
        },
        "runs": [{**asdict(run), "per_core_docs_per_s": run.per_core} for run in runs],
        "sizing": sizing(runs),
        "gpu_curve": "not measured: no GPU machine was available (1-16 workers)",
        "seconds_total": time.perf_counter() - began,
    }


def sizing(runs: list[Run]) -> dict[str, Any]:
    """Hours for a CC-NEWS day and month on N cores at each per-core rate, scaling linearly."""
    bases: dict[str, float] = {}
    for run in runs:
        if run.kind != "bare":
            bases[f"{run.kind} {run.processes}, measured docs/s per core"] = run.per_core
    for run in runs:
        if run.kind in ("bare", "local") and run.processes == 1 and run.cpu_ms_per_doc:
            bases[f"{run.name}: {run.cpu_ms_per_doc:.0f} CPU-ms/article"] = (
                1000 / run.cpu_ms_per_doc
            )
    bases[f"issue's reference: {REFERENCE_CPU_MS:.0f} CPU-ms/article"] = 1000 / REFERENCE_CPU_MS
    rows = []
    for basis, per_core in bases.items():
        hours = {
            str(cores): {
                "day_h": CC_NEWS_DAY / (per_core * cores) / 3600 if per_core else None,
                "month_h": CC_NEWS_MONTH / (per_core * cores) / 3600 if per_core else None,
            }
            for cores in CORES
        }
        rows.append({"basis": basis, "docs_per_s_per_core": per_core, "hours": hours})
    return {
        "day_articles": CC_NEWS_DAY,
        "month_articles": CC_NEWS_MONTH,
        "assumption": "linear scaling: N cores = N x the per-core rate (one worker per core, "
        "no driver, storage or network bottleneck)",
        "rows": rows,
    }


def _duration(hours: float | None) -> str:
    if hours is None:
        return "—"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _table(rows: list[tuple[str, ...]]) -> Iterator[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(width) for cell, width in zip(row, widths, strict=True)]
        cells[0] = row[0].ljust(widths[0])
        yield "  ".join(cells)


def render(report: dict[str, Any]) -> Iterator[str]:
    corpus, machine = report["corpus"], report["machine"]
    yield (
        f"storyline ingest scale-out: {corpus['documents']} documents ({corpus['megabytes']} MB "
        f"of JSON Lines) repeating {corpus['articles_repeated']} real articles; "
        f"baseline texts {corpus['baseline_texts']}, not extractable {corpus['not_extracted']}"
    )
    yield (
        f"{machine['cpus']} CPUs, Python {machine['python']}, spaCy {machine['spacy']}, "
        f"Ray {machine['ray'] or 'skipped'}, model {machine['model']}"
    )
    yield ""
    rows = [("run", "docs", "stage s", "docs/s", "ratio", "peak RSS MB", "ratio", "CPU-ms/doc",
             "procs", "corpus step s", "whole ingest s")]  # fmt: skip
    for run in report["runs"]:
        details = run["details"]
        rows.append(
            (
                run["name"],
                str(run["documents"]),
                f"{run['seconds']:.1f}",
                f"{run['docs_per_s']:.2f}",
                _fmt(run["ratio"], 2),
                f"{run['peak_rss_mb']:.0f}",
                _fmt(run["rss_ratio"], 2),
                f"{run['cpu_ms_per_doc']:.0f}",
                str(run["max_live_processes"]),
                _fmt(details.get("corpus_step_s"), 1),
                _fmt(details.get("ingest_s"), 1),
            )
        )
    yield from _table(rows)
    yield (
        "stage s: bare = model load + nlp.pipe; ingest = the per-document stage (reading, "
        "extraction, pool or Ray start with model loads, annotate, storage), corpus step apart"
    )
    for run in report["runs"]:
        details = run["details"]
        if run["kind"] == "bare":
            yield f"baseline model load: {details['model_load_s']:.1f} s (in its stage s)"
        if run["kind"] == "ray":
            yield (
                f"{run['name']}: ray.init {details.get('ray_init_s', 0.0):.1f} s (fixed startup, "
                f"in stage s); first result after {_fmt(details.get('first_result_s'), 1)} s "
                f"(windows of 2,048 documents)"
            )
        if run["kind"] != "bare" and (details.get("failures") or run["documents"] == 0):
            yield f"note: {run['name']} failures: {details.get('first_failures')}"
    yield ""
    sizing_ = report["sizing"]
    yield (
        f"sizing: a CC-NEWS day ({sizing_['day_articles']:,} articles) / month "
        f"({sizing_['month_articles']:,}) on N cores; {sizing_['assumption']}"
    )
    rows = [("per-core rate from", "docs/s/core", *(f"{cores} cores" for cores in CORES))]
    for row in sizing_["rows"]:
        cells = [
            f"{_duration(h['day_h'])} / {_duration(h['month_h'])}" for h in row["hours"].values()
        ]
        rows.append((row["basis"], f"{row['docs_per_s_per_core']:.2f}", *cells))
    yield from _table(rows)
    yield ""
    yield f"GPU machine, 1-16 workers: {report['gpu_curve']}"
    yield f"total {report['seconds_total']:.0f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS)
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--skip-ray", action="store_true", help="only the local engine")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data")
    parser.add_argument("--model", default=None, help="spaCy model (default: storyline's)")
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    if not args.skip_ray:
        from importlib.util import find_spec

        if find_spec("ray") is None:
            parser.error("Ray Data is not installed: pip install 'storyline[ray]', or --skip-ray")
    report = benchmark(args)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print("\n".join(render(report)))


if __name__ == "__main__":
    main()

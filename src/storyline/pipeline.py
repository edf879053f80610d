"""Ingest: inputs (files, URLs) → raw documents → per-document stage (here or in worker
processes) → store.

The corpus is streamed: a bounded number of batches is in flight at any time, so memory does not
grow with the corpus. Each stored batch is one transaction.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Protocol

from spacy.language import Language

from storyline.analyse.annotate import Result, annotate
from storyline.analyse.embeddings import load_embedder
from storyline.analyse.model import load_pipeline
from storyline.corpus.event_linking import EventReport, link_events
from storyline.corpus.linking import LinkReport, link_entities
from storyline.corpus.search import embed_missing
from storyline.corpus.story_linking import StoryReport, link_stories
from storyline.extract import outlet_of
from storyline.ingest.manifest import Manifest, is_manifest, read_manifest
from storyline.ingest.readers import Limits, ReadResult, read_input
from storyline.ingest.remote import fetch_items, open_url, page_of
from storyline.ingest.sources import InputFile, iter_input_files
from storyline.ingest.web import Fetcher, FetchOptions, is_url, read_url_list
from storyline.records import AnalysedDocument, Failure, RawDocument, Skipped, outlet_key
from storyline.store.database import Store

AUTO_POOL_BYTES = (
    4 * 1024 * 1024
)  # below this much input, starting workers costs more than it saves
MAX_BATCH_BYTES = 8 * 1024 * 1024
# What the language pipeline reads well (its model and rule data are English); an article in
# another language is analysed all the same, stored and searchable, with a notice.
ANALYSED_LANGUAGES = frozenset({"en"})


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Settings of one ingest run."""

    workers: int | None = None  # None: one process for small inputs, else one per core
    batch_size: int = 32
    model: str | None = None
    limits: Limits = field(default_factory=Limits)
    min_outlet_pages: int = 3  # a short line on this many of an outlet's pages is its furniture
    aliases: Path | None = None  # the user's entity rules (aliases.toml)
    engine: str = "local"  # or "ray": the per-document stage on Ray Data
    ray_address: str | None = None  # a running Ray cluster; None starts a local one
    parquet: Path | None = None  # keep the ray engine's Parquet shards here
    crawled: str | None = None  # "YYYY-MM-DD": when documents with no crawl date were fetched
    mtime_as_crawl: bool = False  # a file's modification time is its documents' crawl date
    fetch: FetchOptions = field(default_factory=FetchOptions)  # how pages are fetched
    urls_file: Path | None = None  # a text file of URLs to ingest, one per line


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a user should know about a document that was stored all the same."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    already_stored: int = 0
    skipped: int = 0  # records of an input that are no article (a WARC request, an image)
    skipped_files: int = 0  # files in a folder or glob that are no article (a README, a licence)
    failures: list[Failure] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # articles not in an analysed language
    entities: LinkReport | None = None
    events: EventReport | None = None
    stories: StoryReport | None = None


class Listener(Protocol):
    """What the caller hears about while a run goes on (the CLI prints and draws progress)."""

    def started(self, total_bytes: int | None) -> None: ...
    def advanced(self, nbytes: int) -> None: ...
    def failed(self, failure: Failure) -> None: ...
    def skipped(self, skip: Skipped) -> None: ...
    def noticed(self, notice: Notice) -> None: ...
    def stored(self, documents: Sequence[AnalysedDocument]) -> None: ...


class QuietListener:
    def started(self, total_bytes: int | None) -> None: ...
    def advanced(self, nbytes: int) -> None: ...
    def failed(self, failure: Failure) -> None: ...
    def skipped(self, skip: Skipped) -> None: ...
    def noticed(self, notice: Notice) -> None: ...
    def stored(self, documents: Sequence[AnalysedDocument]) -> None: ...


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    options: IngestOptions | None = None,
    listener: Listener | None = None,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Read, analyse and store every document under ``paths`` (files, folders, globs, stdin,
    and URLs of pages, feeds or sitemaps); failures are reported, not raised. ``stop`` is
    asked between documents: once it says so, what is in flight is stored and the run ends."""
    options = options or IngestOptions()
    listener = listener or QuietListener()
    report = IngestReport()
    urls = [path for path in paths if is_url(path)]
    if options.urls_file is not None:
        listed, failures = read_url_list(str(options.urls_file))
        urls += listed
        _report_failures(failures, report, listener)
    inputs, manifest = input_files([p for p in paths if not is_url(p)], store, report, listener)
    sizes = [item.size for item in inputs]
    total = None if urls or any(s is None for s in sizes) else sum(s or 0 for s in sizes)
    if urls and not inputs and options.workers is None:
        # Pages come as fast as politeness lets them (a second apart per host): one process
        # analyses them faster than they arrive, and starts seconds sooner than a pool.
        options = replace(options, workers=1)
    results = chain(
        read_files(inputs, manifest, options, listener),
        _read_urls(urls, store, options, report) if urls else (),
    )
    return ingest_results(
        results, store, options=options, listener=listener, report=report, stop=stop,
        total_bytes=total,
    )  # fmt: skip


def ingest_results(
    results: Iterable[ReadResult],
    store: Store,
    *,
    options: IngestOptions | None = None,
    listener: Listener | None = None,
    report: IngestReport | None = None,
    stop: Callable[[], bool] | None = None,
    total_bytes: int | None = None,
) -> IngestReport:
    """Analyse and store documents already read (a watched source's new items, say), then
    run the corpus step over what was added."""
    options = options or IngestOptions()
    listener = listener or QuietListener()
    report = report or IngestReport()
    listener.started(total_bytes)
    workers = _worker_count(options.workers, total_bytes)
    documents = _accepted(results, report, listener, stop or (lambda: False))
    batches = _new_batches(store, documents, options, report)
    if options.engine == "ray":
        _run_on_ray(batches, workers, options, store, report, listener)
    else:
        _run_locally(batches, workers, options, store, report, listener)
    report.entities = link_entities(store, aliases_path=options.aliases)
    report.events = link_events(store)
    embed_missing(store)
    report.stories = link_stories(store)
    return report


def input_files(
    paths: Sequence[str], store: Store, report: IngestReport, listener: Listener
) -> tuple[list[InputFile], Manifest]:
    """The files to read under ``paths``, and what manifests among them say of them."""
    inputs: list[InputFile] = []
    manifest = Manifest()
    for item in iter_input_files(paths, exclude=store.files()):
        if isinstance(item, Failure):
            _report_failures([item], report, listener)
        elif isinstance(item, Skipped):
            if is_manifest(described := InputFile(item.location)):  # metadata, not an article
                read_manifest(described, manifest)
            else:
                report.skipped_files += 1
                listener.skipped(item)
        elif is_manifest(item):
            read_manifest(item, manifest)
        else:
            inputs.append(item)
    _report_failures(manifest.failures, report, listener)
    return inputs, manifest


def _report_failures(failures: Iterable[Failure], report: IngestReport, listener: Listener) -> None:
    for failure in failures:
        report.failures.append(failure)
        listener.failed(failure)


def _read_urls(
    urls: Sequence[str], store: Store, options: IngestOptions, report: IngestReport
) -> Iterator[ReadResult]:
    """The article pages the URLs name, directly or as a feed's or sitemap's items; pages
    already stored are not fetched again."""
    with Fetcher(options.fetch) as fetcher:
        for url in dict.fromkeys(urls):
            if store.known_urls([url]):
                report.already_stored += 1
                continue
            opened = open_url(fetcher, url)
            if opened.failure is not None:
                yield opened.failure
            elif opened.page is not None:
                yield page_of(opened)
            elif opened.listing is not None:
                items = opened.listing.items
                known = store.known_urls([item.url for item in items])
                report.already_stored += len(known)
                fresh = [item for item in items if item.url not in known]
                yield from (document for _, document in fetch_items(fetcher, fresh))


def _new_batches(
    store: Store,
    documents: Iterator[RawDocument],
    options: IngestOptions,
    report: IngestReport,
) -> Iterator[tuple[list[RawDocument], dict[str, frozenset[int]]]]:
    """Batches of documents not stored yet, each with its outlets' learnt furniture (read
    from the store when the batch is made, so it knows what earlier batches taught)."""
    for candidates in _batches(documents, options):
        known = store.known_ids(raw.id for raw in candidates)
        report.already_stored += len(known)
        batch = [raw for raw in candidates if raw.id not in known]
        if batch:
            yield batch, _furniture(store, batch, options)


def _run_locally(
    batches: Iterator[tuple[list[RawDocument], dict[str, frozenset[int]]]],
    workers: int,
    options: IngestOptions,
    store: Store,
    report: IngestReport,
    listener: Listener,
) -> None:
    with _Runner(workers, options.model) as runner:
        in_flight: deque[tuple[list[RawDocument], Future[list[Result]]]] = deque()
        for batch, furniture in batches:
            in_flight.append((batch, runner.submit(batch, furniture)))
            while len(in_flight) > runner.max_in_flight:
                batch_done, future = in_flight.popleft()
                _store_results(batch_done, future.result(), store, report, listener)
        while in_flight:
            batch_done, future = in_flight.popleft()
            _store_results(batch_done, future.result(), store, report, listener)


def _run_on_ray(
    batches: Iterator[tuple[list[RawDocument], dict[str, frozenset[int]]]],
    workers: int,
    options: IngestOptions,
    store: Store,
    report: IngestReport,
    listener: Listener,
) -> None:
    from storyline.analyse.ray_engine import RayRunner

    runner = RayRunner(workers, options.model, address=options.ray_address,
                       parquet=options.parquet, batch_size=options.batch_size)  # fmt: skip
    with runner:
        for batch, results in runner.run(batches):
            _store_results(batch, results, store, report, listener)


def _worker_count(requested: int | None, total_bytes: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    if total_bytes is not None and total_bytes < AUTO_POOL_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def read_files(
    inputs: list[InputFile], manifest: Manifest, options: IngestOptions, listener: Listener
) -> Iterator[ReadResult]:
    """What the files hold, with what a manifest says of each file and the crawl date the
    user gave."""
    for item in inputs:
        described = manifest.hints_for(item.name) if not item.is_stdin else None
        crawled = _crawl_date(item, options)
        for result in read_input(item, limits=options.limits):
            if described and isinstance(result, RawDocument) and result.source == item.name:
                result = replace(result, hints=described)
            if crawled and isinstance(result, RawDocument) and not result.hints.crawl_date:
                result = replace(result, hints=replace(result.hints, crawl_date=crawled))
            yield result
        listener.advanced(item.size or 0)


def _accepted(
    results: Iterable[ReadResult],
    report: IngestReport,
    listener: Listener,
    stop: Callable[[], bool],
) -> Iterator[RawDocument]:
    """Raw documents not seen yet in this run; failures and skips go to the listener on the
    way. Ends early when ``stop`` says so (between documents)."""
    seen: set[str] = set()
    for result in results:
        if stop():
            return
        if isinstance(result, Failure):
            _report_failures([result], report, listener)
        elif isinstance(result, Skipped):
            report.skipped += 1
            listener.skipped(result)
        elif result.id in seen:
            report.already_stored += 1
        else:
            seen.add(result.id)
            yield result


def _crawl_date(item: InputFile, options: IngestOptions) -> str | None:
    """The crawl date the user gave for an input's documents: a file's modification day with
    ``mtime_as_crawl``, else ``crawled``. Only an upper bound on publication, never a guess."""
    if options.mtime_as_crawl and not item.is_stdin:
        try:
            modified = os.path.getmtime(item.name)
        except OSError:
            return options.crawled
        return datetime.fromtimestamp(modified, tz=UTC).date().isoformat()
    return options.crawled


def _batches(
    documents: Iterator[RawDocument], options: IngestOptions
) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    size = 0
    for document in documents:
        batch.append(document)
        size += len(document.raw)
        if len(batch) >= options.batch_size or size >= MAX_BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _furniture(
    store: Store, batch: list[RawDocument], options: IngestOptions
) -> dict[str, frozenset[int]]:
    outlets = {outlet_key(o) for raw in batch if raw.kind == "text" and (o := outlet_of(raw))}
    if not outlets:
        return {}
    return store.outlet_furniture(outlets, min_documents=options.min_outlet_pages)


def _store_results(
    batch: list[RawDocument],
    results: list[Result],
    store: Store,
    report: IngestReport,
    listener: Listener,
) -> None:
    fresh: list[tuple[RawDocument, AnalysedDocument]] = []
    for raw, result in zip(batch, results, strict=True):
        if isinstance(result, Failure):
            report.failures.append(result)
            listener.failed(result)
        else:
            fresh.append((raw, result))
    if fresh:
        added = store.add_documents(fresh)
        report.added += added
        report.already_stored += len(fresh) - added
        for _, analysed in fresh:
            if notice := language_notice(analysed):
                report.notices.append(notice)
                listener.noticed(notice)
        listener.stored([analysed for _, analysed in fresh])


def language_notice(document: AnalysedDocument) -> Notice | None:
    """A notice for an article in a language the analysis does not read well; None if it does
    (or its language is unknown: too short to tell, and declared nowhere)."""
    language = document.article.language
    if language is None or language in ANALYSED_LANGUAGES:
        return None
    return Notice(document.source, f"language {language}: analysed as English, results may be poor")


# --- where the per-document stage runs ------------------------------------------------------

_worker_nlp: Language | None = None  # the model of a worker process, loaded once


def _init_worker(model: str | None) -> None:
    global _worker_nlp
    # Ctrl-C is the main process's to handle: it stops between batches and keeps what is done.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_nlp = load_pipeline(model)


def _annotate_in_worker(
    batch: list[RawDocument], furniture: dict[str, frozenset[int]]
) -> list[Result]:
    assert _worker_nlp is not None, "worker not initialised"
    return annotate(batch, nlp=_worker_nlp, outlet_furniture=furniture, embedder=load_embedder())


class _Runner:
    """Runs ``annotate`` here, or in a pool of processes that each load the model once."""

    def __init__(self, workers: int, model: str | None) -> None:
        self.workers = workers
        self.model = model
        self.max_in_flight = 0 if workers == 1 else 2 * workers
        self._pool: ProcessPoolExecutor | None = None
        self._nlp: Language | None = None

    def __enter__(self) -> _Runner:
        if self.workers == 1:
            self._nlp = load_pipeline(self.model)
        else:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.model,),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(
        self, batch: list[RawDocument], furniture: dict[str, frozenset[int]]
    ) -> Future[list[Result]]:
        if self._pool is not None:
            return self._pool.submit(_annotate_in_worker, batch, furniture)
        future: Future[list[Result]] = Future()
        assert self._nlp is not None
        future.set_result(
            annotate(batch, nlp=self._nlp, outlet_furniture=furniture, embedder=load_embedder())
        )
        return future

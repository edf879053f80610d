"""Keep up with a story: watched sources are read round after round, and each round ingests
what is new, runs the corpus step, checks the alerts and delivers their webhooks.

Sources live in the database with their state (a feed's ETag, the items already handled, a
folder's files as last read), so a restarted watch resumes. A stop request is honoured between
documents: what was read is stored, and an item counts as handled only once it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

from storyline.corpus.alerts import check_alerts
from storyline.ingest.readers import ReadResult
from storyline.ingest.remote import fetch_items, open_url, page_of
from storyline.ingest.sources import InputFile
from storyline.ingest.web import Fetcher, Item, is_url, read_url_list
from storyline.outputs.alerts import WebhookOptions, deliver_webhooks, firing_record
from storyline.pipeline import (
    IngestOptions,
    IngestReport,
    Listener,
    QuietListener,
    ingest_results,
    input_files,
    read_files,
)
from storyline.records import Failure
from storyline.store.database import Store
from storyline.store.watching import SourceItem, SourceRecord

MAX_ATTEMPTS = 3  # rounds in which a page that failed is fetched again
DONE, FAILED = "done", "failed"


@dataclass(frozen=True, slots=True)
class WatchOptions:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    webhooks: WebhookOptions = field(default_factory=WebhookOptions)


@dataclass(slots=True)
class RoundReport:
    """What one round did."""

    number: int
    started: str
    sources: int = 0
    unchanged: int = 0  # sources with nothing new (a feed that answered 304, say)
    new_items: int = 0  # files and pages read
    failures: list[Failure] = field(default_factory=list)  # sources that could not be read
    ingest: IngestReport = field(default_factory=IngestReport)
    firings: list[dict[str, object]] = field(default_factory=list)
    webhook_errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def line(self) -> str:
        """One line of what changed."""
        added, failed = self.ingest.added, len(self.ingest.failures) + len(self.failures)
        parts = [
            f"{self.sources} source{'s' * (self.sources != 1)} ({self.unchanged} unchanged)",
            f"{added} new article{'s' * (added != 1)}",
        ]
        if self.ingest.already_stored:
            parts.append(f"{self.ingest.already_stored} already stored")
        if failed:
            parts.append(f"{failed} failed")
        if self.ingest.events and self.ingest.events.events:
            changed = self.ingest.events.events
            parts.append(f"{changed} event{'s' * (changed != 1)} changed")
        parts.append(f"{len(self.firings)} alert{'s' * (len(self.firings) != 1)} fired")
        if self.stopped:
            parts.append("stopped")
        return f"{self.started} round {self.number}: " + ", ".join(parts)


class SourceError(ValueError):
    """A source that cannot be watched; the message says why."""


def add_sources(
    store: Store, locations: Sequence[str], *, urls_file: str | None = None
) -> list[SourceRecord]:
    """Register sources to watch (a URL, a folder or file, a file of URLs); known ones are
    kept as they are. :class:`SourceError` for a path that does not exist."""
    added = []
    for location in locations:
        if not is_url(location) and not os.path.exists(location):
            raise SourceError(f"{location}: no such file or folder, and not an http(s) URL")
        added.append(
            store.add_source("url" if is_url(location) else "path", source_location(location))
        )
    if urls_file is not None:
        if not os.path.isfile(urls_file):
            raise SourceError(f"{urls_file}: no such file")
        added.append(store.add_source("urls", os.path.abspath(urls_file)))
    return added


def source_location(location: str) -> str:
    """How a source is known: a URL as given, a path made absolute."""
    return location if is_url(location) else os.path.abspath(location)


def watch_round(
    store: Store,
    sources: Sequence[SourceRecord],
    number: int,
    *,
    options: WatchOptions | None = None,
    listener: Listener | None = None,
    stop: Callable[[], bool] = lambda: False,
    fetcher: Fetcher | None = None,
) -> RoundReport:
    """Read every source once: ingest what is new, link it, check alerts, deliver webhooks.
    A ``fetcher`` kept from round to round keeps its robots.txt rules (a day at most)."""
    options = options or WatchOptions()
    report = RoundReport(number, datetime.now().strftime("%Y-%m-%d %H:%M:%S"), len(sources))
    with ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(Fetcher(options.ingest.fetch))
        rounds = [
            _SourceRound(store, source, fetcher, options, report, stop)
            for source in _listed_sources(store, sources, report)
        ]
        report.sources = len(rounds)
        results = (result for one in rounds for result in one.results())
        report.ingest = ingest_results(
            results, store, options=options.ingest, listener=listener, stop=stop
        )
        for one in rounds:
            one.save()
    report.stopped = stop()
    firings = check_alerts(store)
    report.firings = [firing_record(store, firing) for firing in reversed(firings)]
    report.webhook_errors = deliver_webhooks(store, options.webhooks)
    return report


def _listed_sources(
    store: Store, sources: Sequence[SourceRecord], report: RoundReport
) -> list[SourceRecord]:
    """The sources to read: a file of URLs stands for the pages, feeds and sitemaps it lists
    now (each followed on its own, with its own state, from the round it appears in)."""
    found: dict[int, SourceRecord] = {}
    for source in sources:
        if source.kind != "urls":
            found.setdefault(source.id, source)
            continue
        urls, failures = read_url_list(source.location)
        report.failures.extend(failures)
        for url in urls:
            listed = store.add_source("url", url)
            found.setdefault(listed.id, listed)
        store.source_checked(source.id, etag=None, last_modified=None, changed=False)
    return list(found.values())


class _SourceRound:
    """One source in one round: what it yields to ingest, and what it then remembers."""

    def __init__(
        self,
        store: Store,
        source: SourceRecord,
        fetcher: Fetcher,
        options: WatchOptions,
        report: RoundReport,
        stop: Callable[[], bool],
    ) -> None:
        self.store, self.source, self.fetcher = store, source, fetcher
        self.options, self.report, self.stop = options, report, stop
        self.handled: list[SourceItem] = []
        self.started = self.finished = False
        self.validators: tuple[str | None, str | None] = (source.etag, source.last_modified)

    def results(self) -> Iterator[ReadResult]:
        self.started = True
        if self.source.kind == "path":
            yield from self._path_results()
        else:
            yield from self._url_results()
        self.finished = not self.stop()

    def save(self) -> None:
        """Remember the items handled; the feed's validators only once all its new items
        were read (else the next round asks for it in full again)."""
        if not self.started:
            return
        self.store.record_items(self.source.id, self.handled)
        old = (self.source.etag, self.source.last_modified)
        etag, last_modified = self.validators if self.finished else old
        self.store.source_checked(
            self.source.id, etag=etag, last_modified=last_modified, changed=bool(self.handled)
        )

    # --- folders and files ---------------------------------------------------------------

    def _path_results(self) -> Iterator[ReadResult]:
        known = self.store.source_items(self.source.id)
        found = IngestReport()
        inputs, manifest = input_files([self.source.location], self.store, found, QuietListener())
        yield from found.failures
        changed = [f for f in inputs if (v := _version(f)) and _is_new(known.get(f.name), v)]
        if not changed:
            self.report.unchanged += 1
        for item in changed:
            yield from read_files([item], manifest, self.options.ingest, QuietListener())
            # Read again only when it changes, so a broken file's errors are told once.
            self.handled.append(SourceItem(item.name, _version(item) or "", DONE))
            self.report.new_items += 1

    # --- pages, feeds, sitemaps, URL lists -------------------------------------------------

    def _url_results(self) -> Iterator[ReadResult]:
        items, page = self._listed_items()
        if items is None:
            return
        fresh = self._fresh(items)
        if not fresh and page is None:
            self.report.unchanged += 1
            return
        if page is not None:
            yield page
            self.handled.append(SourceItem(self.source.location, "", DONE))
            self.report.new_items += 1
        for item, document in fetch_items(self.fetcher, fresh, stop=self.stop):
            yield document
            failed = isinstance(document, Failure)
            reason = document.reason if isinstance(document, Failure) else None
            self.handled.append(SourceItem(item.url, "", FAILED if failed else DONE, reason=reason))
            self.report.new_items += 1

    def _fresh(self, items: Sequence[Item]) -> list[Item]:
        """The items to fetch: new ones, and failed ones not tried too often; those stored
        already (through another source) count as handled."""
        known = self.store.source_items(self.source.id)
        listed = {item.url: item for item in items}
        fresh = [item for item in items if item.url not in known]
        fresh += [
            listed.get(url, Item(url))
            for url, item in known.items()
            if item.state == FAILED and item.attempts < MAX_ATTEMPTS
        ]
        stored = self.store.known_urls([item.url for item in fresh])
        self.handled += [SourceItem(url, "", DONE) for url in sorted(stored)]
        return [item for item in fresh if item.url not in stored]

    def _listed_items(self) -> tuple[list[Item] | None, ReadResult | None]:
        """The source's items now, or a page to ingest; ``None`` items when it failed."""
        source = self.source
        opened = open_url(
            self.fetcher, source.location, etag=source.etag, last_modified=source.last_modified
        )
        if opened.failure is not None:
            self.report.failures.append(opened.failure)
            return None, None
        self.validators = (opened.etag, opened.last_modified)
        if opened.not_modified:
            return [], None
        if opened.page is not None:
            done = self.store.source_items(self.source.id).get(self.source.location)
            if done or self.store.known_urls([self.source.location]):
                return [], None
            return [], page_of(opened)
        assert opened.listing is not None
        return list(opened.listing.items), None


def _version(item: InputFile) -> str | None:
    try:
        info = os.stat(item.name)
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}"


def _is_new(known: SourceItem | None, version: str) -> bool:
    return known is None or known.version != version

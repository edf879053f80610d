"""The ``storyline`` command line: parses, calls library code, prints. Nothing else."""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column, Table

from storyline import __version__
from storyline.analyse.model import ModelError
from storyline.analyse.ray_engine import RayUnavailable
from storyline.api import Dossier
from storyline.corpus.alerts import TRIGGERS, AlertError
from storyline.corpus.briefs import UnknownStory
from storyline.corpus.event_queries import participant_names
from storyline.corpus.events import STRENGTH, Event
from storyline.corpus.linking import RulesError
from storyline.corpus.review import DEFAULT_BELOW
from storyline.corpus.review import KINDS as REVIEW_KINDS
from storyline.corpus.search import SEARCH_MODES, SearchMode, StoryHit
from storyline.corrections import CorrectionError
from storyline.ingest.web import Fetcher, FetchOptions
from storyline.outputs.alerts import firing_line
from storyline.outputs.brief_render import render_brief
from storyline.outputs.export import (
    RECORD_TYPES,
    correction_record,
    entity_record,
    event_record,
    quote_record,
)
from storyline.outputs.tables import (
    TABLE_FORMATS,
    ParquetUnavailable,
    pyarrow_modules,
    write_tables,
)
from storyline.outputs.timeline_formats import timeline_csv, timelinejs
from storyline.pipeline import IngestOptions, IngestReport, Notice
from storyline.records import DATE_CANDIDATES, AnalysedDocument, Failure, Skipped
from storyline.store.database import (
    DB_ENV,
    MissingDatabase,
    SearchHit,
    StoredDocument,
    StoredEntity,
    StoreError,
    default_db_path,
)
from storyline.store.lists import DocumentFilters, SearchOrder
from storyline.watch import RoundReport, SourceError, WatchOptions

F = TypeVar("F", bound=Callable[..., Any])
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
DEMO_DB = "storyline-demo.db"


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default_db_path,
        show_default=f"${DB_ENV} or storyline.db",
        help="The SQLite database to use.",
    )(function)


def aliases_option(function: F) -> F:
    return click.option(
        "--aliases",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help="Entity rules file (default: $STORYLINE_ALIASES, else aliases.toml beside the db).",
    )(function)


def json_option(help_text: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def open_dossier(path: str, *, create: bool = False, aliases: Path | None = None) -> Dossier:
    """The database at ``path``; only ``ingest`` and ``demo`` create one that is not there."""
    try:
        return Dossier(path, create=create, aliases=aliases)
    except MissingDatabase as error:
        raise _no_database(error) from error
    except StoreError as error:
        raise click.ClickException(str(error)) from error


def _no_database(error: MissingDatabase) -> click.ClickException:
    return click.ClickException(
        f"no such database: {error.path} (run 'storyline ingest … --db {error.path}' first)"
    )


@click.group()
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """storyline: turn messy news coverage into a story dossier."""


def fetch_options(function: F) -> F:
    """How pages are fetched: politeness per host."""
    function = click.option(
        "--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
        help="Seconds between two requests to one host.",
    )(function)  # fmt: skip
    function = click.option(
        "--per-host", type=click.IntRange(min=1), default=2, show_default=True,
        help="Requests in flight to one host at once, at most.",
    )(function)  # fmt: skip
    return click.option(
        "--urls", "urls_file", type=click.Path(dir_okay=False, exists=True), default=None,
        help="A text file of URLs (pages, feeds, sitemaps), one per line.",
    )(function)  # fmt: skip


@cli.command(name="ingest")
@click.argument("paths", nargs=-1)
@db_option
@fetch_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for analysis. Default: one for small inputs, else one per core.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Documents per batch (one transaction each).",
)
@click.option("--model", default=None, help="spaCy model to use (default: small English).")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where analysis runs: a local process pool, or Ray Data (pip install 'storyline[ray]').",
)
@click.option(
    "--ray-address", default=None, help="A running Ray cluster (default: start one here)."
)
@click.option(
    "--parquet",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --engine ray: keep the analysed rows as Parquet shards in this folder.",
)
@aliases_option
@click.option(
    "--crawled",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="When documents that carry no crawl date were fetched (YYYY-MM-DD): "
    "an upper bound for dating bare text, never a guess.",
)
@click.option(
    "--mtime-as-crawl",
    is_flag=True,
    help="A file's modification day is its documents' crawl date (an upper bound).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each stored and skipped document.")
def ingest_command(
    paths: tuple[str, ...], db_path: str, urls_file: str | None, per_host: int, delay: float,
    workers: int | None, batch_size: int, model: str | None, engine: str,
    ray_address: str | None, parquet: Path | None, aliases: Path | None,
    crawled: datetime | None, mtime_as_crawl: bool, quiet: bool, verbose: bool,
) -> None:  # fmt: skip
    """Read articles from files, folders, globs, - (stdin) or URLs into the database.

    Plain text, HTML, JSON Lines, WARC, and gzip of any of them; a URL of an article page,
    an RSS or Atom feed, or a sitemap (its articles are fetched, politely: robots.txt obeyed,
    --per-host requests at once, --delay between them). Re-ingesting the same bytes, or a
    page already fetched, does nothing. Bad inputs are reported one per line; the rest goes
    on, and the exit code is 1 if anything failed.

    Example: storyline ingest articles/ crawl.warc.gz https://example.org/feed.xml --db news.db
    """
    if not paths and urls_file is None:
        raise click.UsageError("name files, folders, URLs or - (stdin), or give --urls FILE")
    options = IngestOptions(
        workers=workers, batch_size=batch_size, model=model, aliases=aliases, engine=engine,
        ray_address=ray_address, parquet=parquet,
        crawled=crawled.date().isoformat() if crawled else None, mtime_as_crawl=mtime_as_crawl,
        fetch=FetchOptions(per_host=per_host, delay=delay),
        urls_file=Path(urls_file) if urls_file else None,
    )  # fmt: skip
    try:
        report = run_ingest(list(paths), db_path, options, quiet=quiet, verbose=verbose)
    except RayUnavailable as error:
        raise click.ClickException(str(error)) from error
    if report.failures:
        sys.exit(1)


def run_ingest(
    paths: Sequence[str], db_path: str, options: IngestOptions, *, quiet: bool, verbose: bool
) -> IngestReport:
    err = Console(stderr=True, highlight=False)
    with (
        open_dossier(db_path, create=True) as dossier,
        _CliListener(err, quiet=quiet, verbose=verbose) as listener,
    ):
        try:
            report = dossier.ingest(paths, options=options, listener=listener)
        except (ModelError, RulesError) as error:
            raise click.ClickException(str(error)) from error
        except KeyboardInterrupt:
            listener.close()
            err.print("interrupted: batches already stored are kept; run again to finish")
            sys.exit(130)
    if not quiet:
        err.print(_summary(report, db_path), soft_wrap=True)
    return report


def _summary(report: IngestReport, db_path: str) -> str:
    parts = [f"{report.added} document{'s' * (report.added != 1)} added to {db_path}"]
    if report.already_stored:
        parts.append(f"{report.already_stored} already stored")
    if report.skipped:
        parts.append(f"{report.skipped} non-article record{'s' * (report.skipped != 1)} skipped")
    if report.skipped_files:
        files = report.skipped_files
        parts.append(f"{files} non-article file{'s' * (files != 1)} skipped")
    if report.notices:
        parts.append(f"{len(report.notices)} not in English")
    if report.failures:
        parts.append(f"{len(report.failures)} input{'s' * (len(report.failures) != 1)} failed")
    return ", ".join(parts)


class _CliListener:
    """Errors one per line on stderr; a progress bar when stderr is a terminal."""

    def __init__(self, console: Console, *, quiet: bool, verbose: bool) -> None:
        self.console = console
        self.quiet = quiet
        self.verbose = verbose
        self.progress: Progress | None = None
        if console.is_terminal and not quiet:
            self.progress = Progress(
                TextColumn("ingesting"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                TextColumn("{task.fields[docs]} docs"), console=console, transient=True,
            )  # fmt: skip
        self.task: TaskID | None = None

    def __enter__(self) -> _CliListener:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.progress:
            self.progress.stop()
            self.progress = None

    def started(self, total_bytes: int | None) -> None:
        if self.progress:
            self.task = self.progress.add_task("ingest", total=total_bytes, docs=0)

    def advanced(self, nbytes: int) -> None:
        if self.progress and self.task is not None:
            self.progress.advance(self.task, nbytes)

    def failed(self, failure: Failure) -> None:
        self.console.print(f"error: {escape(str(failure))}", soft_wrap=True)

    def skipped(self, skip: Skipped) -> None:
        if skip.whole_file and not self.quiet:  # a README in a folder: said, as it was named
            self.console.print(
                f"skipped {escape(skip.location)}: {escape(skip.reason)}", soft_wrap=True
            )
        elif self.verbose:
            self.console.print(
                f"skipped: {escape(skip.location)}: {escape(skip.reason)}", soft_wrap=True
            )

    def noticed(self, notice: Notice) -> None:
        if not self.quiet:
            self.console.print(escape(str(notice)), soft_wrap=True)

    def stored(self, documents: Sequence[AnalysedDocument]) -> None:
        if self.progress and self.task is not None:
            done = self.progress.tasks[0].fields["docs"] + len(documents)
            self.progress.update(self.task, docs=done)
        if self.verbose:
            for document in documents:
                title = document.article.title or "(no title)"
                self.console.print(f"stored: {document.id} {escape(title)}", soft_wrap=True)


@cli.command(name="docs")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@json_option("One JSON object per line instead of a table.")
def docs_command(db_path: str, limit: int | None, as_json: bool) -> None:
    """List the stored documents: id, date, outlet, title.

    Example: storyline docs --limit 20
    """
    with open_dossier(db_path) as dossier:
        documents = dossier.documents(limit=limit)
    if as_json:
        for d in documents:
            row = {"id": d.id, "published": d.published, "outlet": d.outlet, "title": d.title,
                   "language": d.language}  # fmt: skip
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(Column("id", no_wrap=True), Column("date", no_wrap=True), "outlet", "title",
                  box=None, header_style="bold")  # fmt: skip
    for d in documents:
        table.add_row(
            d.id, d.published or "—", escape(d.outlet or "—"), escape(d.title or "(no title)")
        )
    Console().print(table)


@cli.command(name="show")
@click.argument("document_id")
@db_option
def show_command(document_id: str, db_path: str) -> None:
    """Print one clean article, then what was removed from it.

    DOCUMENT_ID may be the start of an id, as long as only one document has it.

    Example: storyline show 7721135e
    """
    with open_dossier(db_path) as dossier:
        document = dossier.document(document_id)
    if document is None:
        raise click.ClickException(f"no document with id {document_id!r} (see: storyline docs)")
    Console(highlight=False).print(_render_document(document), soft_wrap=True)


def _render_document(d: StoredDocument) -> str:
    meta = [
        ("id", d.id), ("source", d.source), ("outlet", d.outlet), ("author", d.author),
        ("published", f"{d.published} ({d.published_source})" if d.published else None),
        ("crawled", d.crawl_date), ("language", d.language), ("translated from", d.translated_from),
    ]  # fmt: skip
    lines = [f"[bold]{escape(d.title or '(no title)')}[/bold]"]
    lines += [f"[dim]{name}:[/dim] {escape(str(value))}" for name, value in meta if value]
    lines += ["", escape(d.body), ""]
    if d.captions:
        lines += ["[bold]Captions[/bold]", *(f"  {escape(c)}" for c in d.captions), ""]
    lines += [f"[bold]Removed ({len(d.boilerplate)} lines)[/bold]"]
    lines += [f"  [dim]{escape(line)}[/dim]" for line in d.boilerplate]
    return "\n".join(lines)


@cli.command(name="dates")
@click.argument("document_id")
@db_option
def dates_command(document_id: str, db_path: str) -> None:
    """Show a document's publication date with its evidence, and every time expression.

    Example: storyline dates 2990af19
    """
    with open_dossier(db_path) as dossier:
        document = dossier.document(document_id)
        if document is None:
            raise click.ClickException(f"no document with id {document_id!r} (see: storyline docs)")
        timexes = dossier.timexes(document.id)
    console = Console(highlight=False)
    published = document.published or "unknown"
    how = (
        f" ({document.published_source}, confidence {document.published_confidence:.1f})"
        if document.published
        else ""
    )
    if document.published_start:
        published += f" (between {document.published_start} and {document.published_end})"
    console.print(f"[bold]{escape(document.title or document.id)}[/bold]")
    console.print(f"published: {published}{how}")
    if document.render_date:
        console.print(f"page date set aside (the page's render date): {document.render_date}")
    if document.crawl_date:
        console.print(f"crawled: {document.crawl_date}")
    for evidence in document.date_evidence:
        value = ":" if evidence.source == DATE_CANDIDATES else f" {evidence.value}:"
        console.print(
            f"  [dim]{evidence.source}[/dim]{value} {escape(evidence.reason)}", soft_wrap=True
        )
    table = Table("expression", "type", "value", "mod", box=None, header_style="bold")
    for timex in timexes:
        value = timex.value if not timex.range_start else f"{timex.range_start}/{timex.range_end}"
        table.add_row(escape(timex.text), timex.type, value, timex.mod or "")
    console.print(table)


@cli.command(name="search")
@click.argument("query")
@db_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only articles published on or after this day (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only articles published on or before this day (YYYY-MM-DD).",
)
@click.option("--outlet", default=None, help="Only articles of this outlet (case aside).")
@click.option("--story", default=None, help="Only articles of this story (see: storyline stories).")
@click.option("--entity", default=None, help="Only articles mentioning this entity (id or name).")
@click.option("--language", default=None, help="Only articles in this language (e.g. en).")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best matches first, or newest first (undated last).",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--mode",
    type=click.Choice(SEARCH_MODES),
    default=None,
    help="words: every word must occur; meaning: nearest in meaning; hybrid: both, merged. "
    "Default: hybrid when the database has document vectors, else words.",
)
@json_option(
    'One JSON object per line: each hit ("type": "document"), then the stories and events of '
    "the hits."
)
def search_command(
    query: str,
    db_path: str,
    since: datetime | None,
    until: datetime | None,
    outlet: str | None,
    story: str | None,
    entity: str | None,
    language: str | None,
    sort: SearchOrder,
    limit: int,
    mode: SearchMode | None,
    as_json: bool,
) -> None:
    """Search articles by their words, their meaning, or both; then the stories they are in.

    In words mode all words must occur and "quoted words" as a phrase; meaning and hybrid
    also find articles that say it in other words. A coarse publication date ("2023-11") is
    within --since/--until only when all of it is.

    Example: storyline search '"floating wind" minister' --since 2024-03-01 --sort date
    """
    with open_dossier(db_path) as dossier:
        filters = DocumentFilters(
            since=since.date() if since else None, until=until.date() if until else None,
            outlet=outlet, language=language, story=story,
            entity=_one_entity(dossier, entity).id if entity else None,
        )  # fmt: skip
        try:
            hits = dossier.search(query, filters=filters, sort=sort, limit=limit, mode=mode)
        except UnknownStory as error:
            raise _no_story(story or "") from error
        except StoreError as error:
            raise click.ClickException(str(error)) from error
        found = [h.id for h in hits]
        stories = dossier.stories_of_hits(found, limit=3) if not story else []
        events = dossier.events_of_hits(found, limit=3)
    if as_json:
        _echo_hits(hits, stories, events)
        return
    _print_hits(hits, stories, events)


@cli.command(name="similar")
@click.argument("document_id")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@json_option('One JSON object per line, each a hit ("type": "document").')
def similar_command(document_id: str, db_path: str, limit: int, as_json: bool) -> None:
    """More like this: the articles nearest in meaning to one article (id or id prefix).

    Example: storyline similar 3f2a9c
    """
    with open_dossier(db_path) as dossier:
        document = dossier.document(document_id)
        if document is None:
            raise click.ClickException(f"no document with id {document_id!r} (see: storyline docs)")
        try:
            hits = dossier.similar(document.id, limit=limit)
        except StoreError as error:
            raise click.ClickException(str(error)) from error
    if as_json:
        _echo_hits(hits, [], [])
        return
    _print_hits(hits, [], [])


def _echo_hits(
    hits: Sequence[SearchHit], stories: Sequence[StoryHit], events: Sequence[Event]
) -> None:
    for hit in hits:
        snippet = hit.snippet.replace("\x02", "").replace("\x03", "")
        record = {"type": "document", "id": hit.id, "title": hit.title,
                  "published": hit.published, "outlet": hit.outlet, "snippet": snippet,
                  "score": round(hit.score, 6)}  # fmt: skip
        click.echo(json.dumps(record, ensure_ascii=False))
    for found in stories:
        record = {"type": "story", "id": found.id, "title": found.title, "hits": found.hits}
        click.echo(json.dumps(record, ensure_ascii=False))
    for event in events:
        click.echo(json.dumps({"type": "event", **event_record(event)}, ensure_ascii=False))


def _print_hits(
    hits: Sequence[SearchHit], stories: Sequence[StoryHit], events: Sequence[Event]
) -> None:
    console = Console(highlight=False)
    if not hits:
        console.print("no matches")
        return
    for hit in hits:
        snippet = _highlight(" ".join(hit.snippet.split()))
        console.print(
            f"[bold]{hit.id}[/bold] {hit.published or '—'} {escape(hit.outlet or '—')}  "
            f"[bold]{escape(hit.title or '(no title)')}[/bold]",
            soft_wrap=True,
        )
        console.print(f"    {snippet}", soft_wrap=True)
    if stories:
        console.print("\n[bold]stories[/bold]")
        for found in stories:
            console.print(
                f"[bold]{found.id}[/bold] {found.hits} of these  "
                f"{escape(found.title or '(untitled)')}",
                soft_wrap=True,
            )
    if events:
        console.print("\n[bold]events[/bold]")
        for event in events:
            console.print(
                f"[bold]{event.id}[/bold] {_event_date(event)} {_status(event)}  "
                f"{escape(event.title)}",
                soft_wrap=True,
            )


def _highlight(snippet: str) -> str:
    """Rich markup for an FTS snippet whose matches are wrapped in \\x02…\\x03."""
    return escape(snippet).replace("\x02", "[reverse]").replace("\x03", "[/reverse]")


@cli.command(name="export")
@db_option
@click.option(
    "--type",
    "types",
    type=click.Choice(RECORD_TYPES),
    multiple=True,
    help="Only records of this type (repeatable). Default: all.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", *TABLE_FORMATS]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, or one CSV or Parquet table per record type (in the -o folder).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file (jsonl; default stdout) or folder (csv, parquet; required).",
)
def export_command(db_path: str, types: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Write the dossier as JSON Lines, one record per line with a "type" field, or as
    tables: DIR/<type>.csv or DIR/<type>.parquet for each record type, one row a record,
    nested values as JSON text.

    Example: storyline export --type document -o dossier.jsonl

    Example: storyline export --format csv -o dossier/
    """
    if fmt != "jsonl":
        _check_table_folder(fmt, output)
    with open_dossier(db_path) as dossier:
        records = dossier.export(types)
        if output is not None and fmt != "jsonl":
            try:
                write_tables(records, output, fmt=fmt, types=types or RECORD_TYPES)
            except OSError as error:
                raise click.ClickException(f"cannot write {output}: {error.strerror}") from error
            return
        with click.open_file(str(output or "-"), "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _check_table_folder(fmt: str, output: Path | None) -> None:
    """A table format needs a folder to write to, and Parquet needs pyarrow."""
    if output is None:
        raise click.UsageError(f"--format {fmt} writes one file per record type: give -o FOLDER")
    if output.exists() and not output.is_dir():
        raise click.UsageError(f"--format {fmt} writes into a folder, and {output} is a file")
    if fmt == "parquet":
        try:
            pyarrow_modules()
        except ParquetUnavailable as error:
            raise click.ClickException(str(error)) from error


ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW")


@cli.group(name="entities", invoke_without_command=True)
@db_option
@click.option(
    "--type",
    "label",
    type=click.Choice(ENTITY_TYPES),
    default=None,
    help="Only entities of this type.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option("One JSON object per line.")
@click.pass_context
def entities_command(
    ctx: click.Context, db_path: str, label: str | None, limit: int, as_json: bool
) -> None:  # fmt: skip
    """List the people, organisations and places of the corpus, one identity each.

    With their document and mention counts, roles and the names they go by. The
    subcommands correct the linker; corrections are kept and survive re-runs.

    Example: storyline entities --type PERSON --limit 20
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = db_path
        return
    with open_dossier(db_path) as dossier:
        entities = dossier.entities(label=label, limit=limit)
    if as_json:
        for entity in entities:
            click.echo(json.dumps(entity_record(entity), ensure_ascii=False))
        return
    table = Table(Column("id", no_wrap=True), "type", "name", "docs", "mentions", "roles",
                  "also called", box=None, header_style="bold")  # fmt: skip
    for e in entities:
        others = [alias for alias in e.aliases if alias != e.name][:4]
        table.add_row(e.id, e.label, escape(e.name), str(e.documents), str(e.mentions),
                      escape("; ".join(e.roles[:3])), escape(", ".join(others)))  # fmt: skip
    Console().print(table)


@entities_command.command(name="merge")
@click.argument("entity")
@click.argument("others", nargs=-1, required=True)
@db_option
def entities_merge_command(entity: str, others: tuple[str, ...], db_path: str) -> None:
    """Make OTHERS the same entity as ENTITY (ids or unambiguous names).

    The correction is recorded and applied again on every re-link.

    Example: storyline entities merge "Tomas Ekwueme" "Tomas Ekweume"
    """
    with open_dossier(db_path) as dossier:
        survivor = _one_entity(dossier, entity)
        merged = dossier.merge_entities(survivor.id, [_one_entity(dossier, o).id for o in others])
    click.echo(f"{merged.id} {merged.name}: now also {', '.join(others)}")


@entities_command.command(name="split")
@click.argument("entity")
@click.argument("alias")
@db_option
@aliases_option
def entities_split_command(entity: str, alias: str, db_path: str, aliases: Path | None) -> None:
    """Take the documents that call ENTITY by ALIAS out of it, into an entity of their own.

    For a short name linked to the wrong person: the two are kept apart from now on.

    Example: storyline entities split "Ana Ruiz" Ruiz
    """
    with open_dossier(db_path, aliases=aliases) as dossier:
        target = _one_entity(dossier, entity)
        moved = dossier.split_entity(target.id, alias)
    noun = "entity" if moved == 1 else "entities"
    click.echo(f"{moved} document {noun} called {alias!r} moved out of {target.name}")


def _one_entity(dossier: Dossier, name: str) -> StoredEntity:
    found = dossier.entity(name)
    if not found:
        raise click.ClickException(f"no entity {name!r} (see: storyline entities)")
    if len(found) > 1:
        choices = ", ".join(f"{e.id} ({e.label} {e.name})" for e in found[:5])
        raise click.ClickException(f"{name!r} names several entities, use an id: {choices}")
    return found[0]


@cli.command(name="link")
@db_option
@aliases_option
@click.option("--rebuild", is_flag=True, help="Forget all links and link every document again.")
def link_command(db_path: str, aliases: Path | None, rebuild: bool) -> None:
    """Link the entities, then the events, of stored documents across the corpus.

    Ingest does this for new documents; run it with --rebuild after editing aliases.toml.

    Example: storyline link --rebuild --aliases aliases.toml
    """
    with open_dossier(db_path, aliases=aliases) as dossier:
        try:
            summary = dossier.link(rebuild=rebuild)
        except RulesError as error:
            raise click.ClickException(str(error)) from error
    report, events, stories = summary.entities, summary.events, summary.stories
    click.echo(f"{report.linked} document entities linked, {report.created} new entities")
    click.echo(f"{events.mentions} event mentions linked, {events.events} events updated")
    click.echo(f"{stories.documents} documents placed in stories ({stories.duplicates} copies), "
               f"{stories.stories} stories updated")  # fmt: skip


STATUS_STYLE = {
    "happened": "green", "ongoing": "green", "confirmed": "cyan", "agreed": "cyan",
    "planned": "blue", "rumoured": "yellow", "uncertain": "dim", "postponed": "magenta",
    "cancelled": "red", "denied": "red",
}  # fmt: skip


def as_of_option(function: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="What was known on this day (YYYY-MM-DD): only articles published by then.",
    )(function)


def story_option(function: F) -> F:
    return click.option(
        "--story",
        "story",
        default=None,
        help="Only the events of this story (see: storyline stories).",
    )(function)


TIMELINE_FORMATS = ("text", "json", "csv", "timelinejs")


def _no_story(story: str) -> click.ClickException:
    return click.ClickException(f"no story {story!r} (see: storyline stories)")


@cli.command(name="timeline")
@db_option
@story_option
@as_of_option
@click.option(
    "--all", "show_all", is_flag=True, help="Also list background events and events with no date."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TIMELINE_FORMATS),
    default="text",
    show_default=True,
    help="json: one event record a line; csv: one row an event; timelinejs: TimelineJS 3 JSON.",
)
@json_option("One JSON event record per line (the same as --format json).")
def timeline_command(
    db_path: str, story: str | None, as_of: Any, show_all: bool, fmt: str, as_json: bool
) -> None:
    """What happened and what is expected, in date order, with status and sources.

    An event's status is its latest well-founded report; "~" marks a date estimated for an
    undated article. With --as-of, events are built again from what was published by then.
    Background events (recalled for context, in no headline or lead) are folded: --all
    lists them, and the events with no date. --format csv gives a table for a spreadsheet,
    --format timelinejs the JSON that TimelineJS 3 shows (dated events only).

    Example: storyline timeline --as-of 2023-11-01

    Example: storyline timeline --story st-3f2a9c0d1e2b --format timelinejs > timeline.json
    """
    if as_json and fmt not in ("text", "json"):
        raise click.UsageError(f"--json is --format json: it cannot go with --format {fmt}")
    fmt = "json" if as_json else fmt
    day = as_of.date() if as_of else None
    with open_dossier(db_path) as dossier:
        try:
            events = dossier.events(as_of=day, story=story)
        except UnknownStory as error:
            raise _no_story(story or "") from error
        shown = [e for e in events if show_all or (e.dated and not e.background)]
        if fmt != "text":
            click.echo(_timeline_as(fmt, dossier, shown, story=story, day=day), nl=False)
            return
    console = Console(highlight=False)
    if as_of:
        console.print(f"[dim]as known on {as_of.date().isoformat()}[/dim]")
    for event in shown:
        reports = f"{len(event.mentions)} report{'' if len(event.mentions) == 1 else 's'}"
        console.print(f"{_event_date(event):23} {_status(event)}  [bold]{escape(event.title)}"
                      f"[/bold]  [dim]{reports}, {_sources(event)} · {event.id}[/dim]",
                      soft_wrap=True)  # fmt: skip
    if not shown:
        console.print("no dated events")
    background = sum(1 for e in events if e not in shown and e.background)
    undated = len(events) - len(shown) - background
    folded = [
        f"{background} background" if background else "",
        f"{undated} undated" if undated else "",
    ]
    if background or undated:
        what = " and ".join(part for part in folded if part)
        console.print(f"[dim]{what} events not shown (--all shows them)[/dim]")


def _timeline_as(
    fmt: str, dossier: Dossier, shown: list[Event], *, story: str | None, day: date | None
) -> str:
    """The events shown as JSON Lines, CSV or TimelineJS JSON."""
    records = [event_record(event) for event in shown]
    if fmt == "json":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    names = participant_names(dossier.store, shown)
    if fmt == "csv":
        return timeline_csv(records, names)
    title = (dossier.story(story) or {}).get("title") if story else None
    known = f"As known on {day.isoformat()}." if day else ""
    timeline = timelinejs(records, names, title=title or "Timeline", text=known)
    return json.dumps(timeline, ensure_ascii=False, indent=2) + "\n"


@cli.command(name="track")
@click.argument("query")
@db_option
@story_option
@as_of_option
@json_option("The event record as JSON.")
def track_command(query: str, db_path: str, story: str | None, as_of: Any, as_json: bool) -> None:
    """How one event's status moved, report by report, with each step's source and quote.

    QUERY is an event id or words of its title and participants' names.

    Example: storyline track "Ruiz Okafor meeting"
    """
    with open_dossier(db_path) as dossier:
        try:
            found = dossier.find_events(query, as_of=as_of.date() if as_of else None, story=story)
        except UnknownStory as error:
            raise _no_story(story or "") from error
    if not found:
        raise click.ClickException(f"no event matches {query!r} (see: storyline timeline --all)")
    event = found[0]
    if as_json:
        click.echo(json.dumps(event_record(event), ensure_ascii=False))
        return
    console = Console(highlight=False)
    console.print(f"[bold]{escape(event.title)}[/bold] [dim]{event.id}[/dim]")
    console.print(f"{_event_date(event)} · now {_status(event)} · {_sources(event)}")
    for step in event.trajectory:
        when = (step.as_of or "undated") + ("~" if step.estimated else "")
        style = STATUS_STYLE.get(step.status, "none")
        cue = f" ({escape(step.cue)})" if step.cue else ""
        console.print(
            f"\n  {when:24} [{style}]{step.status}[/{style}]{cue}  [dim]{step.document}[/dim]"
        )
        console.print(f"    “{escape(step.evidence)}”", soft_wrap=True)
    for other in found[1:6]:
        console.print(f"[dim]also matching: {other.id} {escape(other.title)}[/dim]")


def _event_date(event: Event) -> str:
    if event.date is not None:
        return event.date.value
    if event.happened_by is not None:
        return f"by {event.happened_by.isoformat()}"
    return "—"


def _status(event: Event) -> str:
    style = STATUS_STYLE.get(event.status, "none")
    text = f"[{style}]{event.status:9}[/{style}]"
    if event.conflicting:
        text += f" [red](also reported: {', '.join(event.conflicting)})[/red]"
    return text


def _sources(event: Event) -> str:
    documents = {step.document for step in event.trajectory}
    noun = "article" if len(documents) == 1 else "articles"
    return f"{len(documents)} {noun}"


@cli.command(name="quotes")
@db_option
@click.option("--speaker", default=None, help="Only quotes by a speaker whose name contains this.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@json_option("One JSON object per line.")
def quotes_command(db_path: str, speaker: str | None, limit: int | None, as_json: bool) -> None:
    """List who said what: each quote with its speaker, cue, date and source.

    Example: storyline quotes --speaker "Brandvik"
    """
    with open_dossier(db_path) as dossier:
        quotes = dossier.quotes(speaker=speaker, limit=limit)
    if as_json:
        for quote in quotes:
            origin = {"document": quote.document_id, "published": quote.published,
                      "title": quote.title, "outlet": quote.outlet}  # fmt: skip
            record = {**origin, **quote_record(quote)}
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    console = Console(highlight=False)
    if not quotes:
        console.print("no quotes")
    for quote in quotes:
        who = quote.speaker_name or quote.speaker or "(unattributed)"
        quote_id = f"{quote.document_id}:{quote.index}"
        source = " · ".join(x for x in (quote.published, quote.outlet, quote_id) if x)
        console.print(f"[bold]{escape(who)}[/bold] [dim]{escape(quote.cue or '')} ({quote.kind}) "
                      f"{escape(source)}[/dim]", soft_wrap=True)  # fmt: skip
        console.print(f"    {escape(quote.text)}", soft_wrap=True)


@cli.command(name="stories")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option("One JSON story record per line.")
def stories_command(db_path: str, limit: int, as_json: bool) -> None:
    """List the stories: dates, articles, and how many independent sources wrote them.

    Copies of an article (wire re-publications) count as articles, not as sources.

    Example: storyline stories --limit 10
    """
    with open_dossier(db_path) as dossier:
        records = dossier.stories(limit=limit)
    if as_json:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    console = Console(highlight=False)
    if not records:
        console.print("no stories (ingest some articles first)")
    for r in records:
        when = (
            r["first"] if r["first"] == r["last"] else f"{r['first'] or '?'} – {r['last'] or '?'}"
        )
        counts = (f"{r['articles']} articles, {r['independent_sources']} independent sources, "
                  f"{len(r['events'])} events")  # fmt: skip
        console.print(f"[bold]{escape(r['title'] or '(no title)')}[/bold]  [dim]{r['id']}[/dim]\n"
                      f"    {when} · {counts}", soft_wrap=True)  # fmt: skip


@cli.command(name="brief")
@click.argument("story")
@db_option
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "docx"]),
    default="md",
    show_default=True,
    help="docx: a Word document with numbered sources (needs -o).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout (required for docx).",
)
def brief_command(story: str, db_path: str, as_of: Any, fmt: str, output: Path | None) -> None:
    """A briefing on one story in which every sentence is quoted from a cited article.

    The most central, non-redundant sentences; the events with their status; quotes by
    speaker; the main entities; open questions (expected events not yet resolved). As docx,
    each cited sentence and quote ends with a number, and "Sources" lists each number's
    outlet, date, headline and URL.

    Example: storyline brief st-3f2a9c0d1e2b --format html > brief.html

    Example: storyline brief st-3f2a9c0d1e2b --format docx -o brief.docx
    """
    if fmt == "docx" and output is None:
        raise click.UsageError("--format docx writes a binary file: give -o FILE.docx")
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.brief(story, as_of=as_of.date() if as_of else None)
        except UnknownStory as error:
            raise _no_story(story) from error
        if fmt == "docx":
            # python-docx takes a fifth of a second to import: only this format pays for it
            from storyline.outputs.brief_docx import render_brief_docx

            assert output is not None
            output.write_bytes(render_brief_docx(record))
            return
    if fmt == "json":
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_brief(record, fmt) + "\n"
    with click.open_file(str(output or "-"), "w", encoding="utf-8") as out:
        out.write(text)


# --- corrections -----------------------------------------------------------------------------


@cli.group(name="fix")
def fix_group() -> None:
    """Correct a claim: a document's date, a quote's speaker. Corrections are kept as their
    own records ('storyline fixes'), survive 'link --rebuild' and re-ingest, and can be undone.

    Example: storyline fix date 7721135e 2023-10-20
    """


def note_option(function: F) -> F:
    return click.option("--note", default=None, help="Why: kept with the correction.")(function)


@fix_group.command(name="date")
@click.argument("document")
@click.argument("value")
@note_option
@db_option
@aliases_option
def fix_date_command(
    document: str, value: str, note: str | None, db_path: str, aliases: Path | None
) -> None:
    """Set a document's publication date (YYYY, YYYY-MM or YYYY-MM-DD): the document is
    analysed again with it, and the corpus linked again.

    Example: storyline fix date 7721135e 2023-10-20 --note "dateline says Oct. 20"
    """
    with open_dossier(db_path, aliases=aliases) as dossier:
        try:
            record = dossier.fix_date(document, value, note=note)
        except (CorrectionError, ModelError) as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {record.id}: {record.target} published {record.value} "
               f"(was {record.previous['value'] or 'undated'})")  # fmt: skip


@fix_group.command(name="speaker")
@click.argument("quote")
@click.argument("name")
@note_option
@db_option
def fix_speaker_command(quote: str, name: str, note: str | None, db_path: str) -> None:
    """Set who said a quote (its id, DOCUMENT:INDEX, as 'storyline quotes' shows it).

    Example: storyline fix speaker 7721135e:3 "Ilse Brandvik"
    """
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.fix_speaker(quote, name, note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    was = record.previous.get("speaker_name") or record.previous.get("speaker") or "nobody"
    click.echo(f"correction {record.id}: {record.target} said by {record.value} (was {was})")


@fix_group.command(name="event")
@click.argument("event")
@click.option("--status", type=click.Choice(STRENGTH), default=None, help="Its status now.")
@click.option("--date", "day", default=None, help="When it is or was: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", default=None, help="What to call it.")
@note_option
@db_option
def fix_event_command(
    event: str, status: str | None, day: str | None, title: str | None, note: str | None,
    db_path: str,
) -> None:  # fmt: skip
    """Set an event's status, date or title (its id, as 'storyline timeline' shows it); what
    an earlier correction of it set stays unless set again.

    Example: storyline fix event ev-3f2a9c0d1e2b --status cancelled --date 2023-11-15
    """
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.fix_event(event, status=status, date=day, title=title, note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    fields = ", ".join(f"{field} {value}" for field, value in record.value.items())
    click.echo(f"correction {record.id}: {record.target} {fields}")


@fix_group.command(name="events")
@click.argument("action", type=click.Choice(["merge", "split"]))
@click.argument("event")
@click.argument("others", nargs=-1, required=True)
@note_option
@db_option
def fix_events_command(
    action: str, event: str, others: tuple[str, ...], note: str | None, db_path: str
) -> None:
    """Make events one (merge EVENT OTHER…), or take an article's reports out of an event
    (split EVENT DOCUMENT); kept through new articles and rebuilds.

    Example: storyline fix events merge ev-3f2a9c0d1e2b ev-9a8b7c6d5e4f
    """
    with open_dossier(db_path) as dossier:
        try:
            if action == "merge":
                record = dossier.merge_events(event, list(others), note=note)
            elif len(others) != 1:
                raise click.UsageError("split takes one EVENT and one DOCUMENT")
            else:
                record = dossier.split_event(event, others[0], note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {record.id}: {action} {event} {' '.join(others)}")


@fix_group.group(name="story")
def fix_story_group() -> None:
    """Make two stories one, or put an article in another story.

    Example: storyline fix story merge st-3f2a9c0d1e2b st-9a8b7c6d5e4f
    """


@fix_story_group.command(name="merge")
@click.argument("story")
@click.argument("others", nargs=-1, required=True)
@note_option
@db_option
def fix_story_merge_command(
    story: str, others: tuple[str, ...], note: str | None, db_path: str
) -> None:
    """Make stories one: the articles of OTHERS join STORY, now and after every rebuild.

    Example: storyline fix story merge st-3f2a9c0d1e2b st-9a8b7c6d5e4f
    """
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.merge_stories(story, list(others), note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {record.id}: {', '.join(others)} merged into {story}")


@fix_story_group.command(name="move")
@click.argument("document")
@click.argument("story")
@note_option
@db_option
def fix_story_move_command(document: str, story: str, note: str | None, db_path: str) -> None:
    """Put an article (and its copies) in another story.

    Example: storyline fix story move 7721135e st-3f2a9c0d1e2b
    """
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.move_to_story(document, story, note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {record.id}: {record.target} moved to {story}")


@cli.command(name="review")
@db_option
@click.option(
    "--below", type=click.FloatRange(0, 1), default=DEFAULT_BELOW, show_default=True,
    help="List the claims with less confidence than this.",
)  # fmt: skip
@click.option(
    "--kind", "kinds", type=click.Choice(REVIEW_KINDS), multiple=True,
    help="Only claims of this kind (repeatable). Default: all.",
)  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option("One JSON claim per line.")
def review_command(
    db_path: str, below: float, kinds: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """The claims to check, most consequential first: dates, speakers and event statuses the
    analysis is least sure of, each with its confidence, why, and the command that fixes it
    (a correction to the same value confirms it).

    Example: storyline review --kind date --below 0.8
    """
    with open_dossier(db_path) as dossier:
        claims = dossier.review(below=below, kinds=kinds or REVIEW_KINDS, limit=limit)
    for claim in claims:
        if as_json:
            click.echo(json.dumps(asdict(claim), ensure_ascii=False))
            continue
        click.echo(f"{claim.confidence:.2f}  {claim.kind:<7} {claim.claim}\n"
                   f"       {claim.why}\n       {claim.fix}")  # fmt: skip
    if not claims and not as_json:
        click.echo(f"nothing below {below}")


@fix_story_group.command(name="split")
@click.argument("document")
@note_option
@db_option
def fix_story_split_command(document: str, note: str | None, db_path: str) -> None:
    """Take an article (and its copies) out of its story into a story of its own.

    Example: storyline fix story split 7721135e
    """
    with open_dossier(db_path) as dossier:
        try:
            record = dossier.split_story(document, note=note)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {record.id}: {record.target} in a story of its own")


@cli.group(name="fixes", invoke_without_command=True)
@db_option
@click.option("--all", "show_all", is_flag=True, help="Also the corrections undone.")
@json_option("One JSON correction record per line.")
@click.pass_context
def fixes_group(ctx: click.Context, db_path: str, show_all: bool, as_json: bool) -> None:
    """List the corrections in force, newest first ('fixes undo ID' undoes one).

    Example: storyline fixes --all --json
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_dossier(db_path) as dossier:
        records = dossier.corrections(active=not show_all)
    for record in records:
        if as_json:
            click.echo(json.dumps(correction_record(record), ensure_ascii=False))
            continue
        undone = f" (undone {record.undone_at})" if record.undone_at else ""
        note = f" — {record.note}" if record.note else ""
        value = record.value if isinstance(record.value, str) else json.dumps(record.value)
        click.echo(f"{record.id}\t{record.created_at}\t{record.kind} {record.target} → "
                   f"{value}{undone}{note}")  # fmt: skip
    if not records and not as_json:
        click.echo("no corrections")


@fixes_group.command(name="undo")
@click.argument("correction", type=int)
@db_option
@aliases_option
def fixes_undo_command(correction: int, db_path: str, aliases: Path | None) -> None:
    """Undo a correction: the claim is what the analysis says again.

    Example: storyline fixes undo 3
    """
    with open_dossier(db_path, aliases=aliases) as dossier:
        try:
            dossier.undo_correction(correction)
        except (CorrectionError, ModelError) as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"correction {correction} undone")


# --- keeping up: watch and alerts ----------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in "90", "30s", "15m", "2h" or "1d"; ValueError otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 30s, 15m, 2h)")
    return float(match[1]) * _SECONDS[match[2].lower()]


class _Duration(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.2+ only
    name = "duration"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_duration(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


@cli.command(name="watch")
@click.argument("sources", nargs=-1)
@db_option
@fetch_options
@click.option(
    "--every", type=_Duration(), default="15m", show_default=True,
    help="Time between the starts of two rounds (30s, 15m, 2h).",
)  # fmt: skip
@click.option("--once", is_flag=True, help="Run one round and exit (for cron and scripts).")
@click.option("--list", "list_sources", is_flag=True, help="List the sources followed, and exit.")
@click.option("--forget", is_flag=True, help="Stop following the sources named, and exit.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True,
    help="Worker processes for analysis (a round's few new articles are quickest in one).",
)  # fmt: skip
@aliases_option
@click.option("-q", "--quiet", is_flag=True, help="Print only firings and errors.")
def watch_command(
    sources: tuple[str, ...], db_path: str, urls_file: str | None, per_host: int, delay: float,
    every: float, once: bool, list_sources: bool, forget: bool, workers: int,
    aliases: Path | None, quiet: bool,
) -> None:  # fmt: skip
    """Follow feeds, sitemaps, pages, folders and URL lists: ingest what is new, round after
    round, and print one line per round and one per alert firing.

    Sources named are remembered in the database with their state; with none named, every
    source followed before is read, so a restarted watch resumes. Ctrl-C (or SIGTERM) stops
    between documents and keeps what is done; a second Ctrl-C stops at once.

    Example: storyline watch https://example.org/feed.xml news/ --every 15m
    """
    if list_sources or forget:
        _list_or_forget(db_path, sources, forget=forget)
        return
    err = Console(stderr=True, highlight=False)
    options = WatchOptions(ingest=IngestOptions(
        workers=workers, aliases=aliases, fetch=FetchOptions(per_host=per_host, delay=delay)
    ))  # fmt: skip
    with open_dossier(db_path, create=True, aliases=aliases) as dossier:
        try:
            followed = dossier.watch(list(sources), urls_file=urls_file)
        except SourceError as error:
            raise click.ClickException(str(error)) from error
        if not followed:
            raise click.UsageError("nothing to watch: name feeds, sitemaps, URLs or folders")
        stop = threading.Event()
        with _stop_on_signals(stop, err):
            failed = _watch_rounds(dossier, followed, options, stop, every=every, once=once,
                                   err=err, quiet=quiet)  # fmt: skip
    if once and failed:
        sys.exit(1)


def _list_or_forget(db_path: str, sources: Sequence[str], *, forget: bool) -> None:
    with open_dossier(db_path) as dossier:
        if forget:
            for location in sources:
                if not dossier.forget_source(location):
                    raise click.ClickException(f"not followed: {location}")
                click.echo(f"no longer followed: {location}")
            return
        followed = dossier.sources()
    for source in followed:
        checked = f"checked {source.checked_at}" if source.checked_at else "not read yet"
        changed = f", new items {source.changed_at}" if source.changed_at else ""
        click.echo(f"{source.location} ({source.kind}): {checked}{changed}")
    if not followed:
        click.echo("no sources followed (name some: storyline watch URL|FOLDER…)")


def _watch_rounds(
    dossier: Dossier, followed: Sequence[Any], options: WatchOptions, stop: threading.Event,
    *, every: float, once: bool, err: Console, quiet: bool,
) -> bool:  # fmt: skip
    """Rounds until stopped (one with ``once``); whether the last round had failures."""
    number = 0
    with Fetcher(options.ingest.fetch) as fetcher:  # one for all rounds: robots.txt read daily
        while True:
            number += 1
            started = time.monotonic()
            with _CliListener(err, quiet=True, verbose=False) as listener:
                try:
                    report = dossier.watch_round(
                        followed, number, options=options, listener=listener,
                        stop=stop.is_set, fetcher=fetcher,
                    )  # fmt: skip
                except (ModelError, RulesError) as error:
                    raise click.ClickException(str(error)) from error
            _print_round(report, err, quiet=quiet)
            if once or stop.is_set():
                return bool(report.failures or report.ingest.failures)
            if stop.wait(max(0.0, every - (time.monotonic() - started))):
                return False


def _print_round(report: RoundReport, err: Console, *, quiet: bool) -> None:
    for failure in report.failures:
        err.print(f"error: {escape(str(failure))}", soft_wrap=True)
    for error in report.webhook_errors:
        err.print(f"error: {escape(error)}", soft_wrap=True)
    if not quiet:
        click.echo(report.line())
    for record in report.firings:
        click.echo(firing_line(record))


@contextmanager
def _stop_on_signals(stop: threading.Event, err: Console) -> Iterator[None]:
    """The first Ctrl-C or SIGTERM asks for a stop between documents; a second one stops now."""

    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err.print("stopping after the current document (Ctrl-C again to stop now)")

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except KeyboardInterrupt:
        err.print("interrupted: what was stored is kept; run again to go on")
        sys.exit(130)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@cli.group(name="alert")
def alert_group() -> None:
    """Be told when a followed event changes status, a story gets a new event, or a new
    article matches: add alerts, list them, check them (watch checks them every round).

    Example: storyline alert add summit --query "Geneva meeting" --webhook http://localhost:9000/
    """


@alert_group.command(name="add")
@click.argument("name")
@click.option("--query", required=True, help="Words of the events, stories or articles to follow.")
@click.option(
    "--on", "trigger", type=click.Choice(TRIGGERS), default="status", show_default=True,
    help="status: a matched event's status changes; new-event: a new event joins a story "
    "whose articles match; new-article: a new article matches.",
)  # fmt: skip
@click.option("--webhook", default=None, help="POST each firing as JSON to this URL.")
@db_option
def alert_add_command(
    name: str, query: str, trigger: str, webhook: str | None, db_path: str
) -> None:
    """Add an alert; what it matches now counts as already seen.

    Example: storyline alert add talks --query "Geneva meeting" --on status
    """
    if webhook is not None and not webhook.lower().startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL", param_hint="--webhook")
    with open_dossier(db_path, create=True) as dossier:
        try:
            dossier.add_alert(name, query, on=trigger, webhook=webhook)
        except AlertError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"alert {name!r} added: {trigger} of {query!r}")


@alert_group.command(name="list")
@db_option
@json_option("One JSON object per alert per line.")
def alert_list_command(db_path: str, as_json: bool) -> None:
    """List the alerts, with how often each has fired.

    Example: storyline alert list --json
    """
    with open_dossier(db_path) as dossier:
        alerts = dossier.alerts()
        counts = {a.name: len(dossier.firings(alert=a.name)) for a in alerts}
    for alert in alerts:
        if as_json:
            record = {"name": alert.name, "query": alert.query, "on": alert.trigger,
                      "webhook": alert.webhook, "created_at": alert.created_at,
                      "firings": counts[alert.name]}  # fmt: skip
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            hook = f" → {alert.webhook}" if alert.webhook else ""
            click.echo(f"{alert.name}: {alert.trigger} of {alert.query!r}{hook} "
                       f"({counts[alert.name]} firings)")  # fmt: skip
    if not alerts and not as_json:
        click.echo("no alerts (add one with 'storyline alert add')")


@alert_group.command(name="rm")
@click.argument("name")
@db_option
def alert_rm_command(name: str, db_path: str) -> None:
    """Remove an alert and its firings.

    Example: storyline alert rm summit
    """
    with open_dossier(db_path) as dossier:
        if not dossier.remove_alert(name):
            raise click.ClickException(f"no alert named {name!r}")
    click.echo(f"alert {name!r} removed")


@alert_group.command(name="check")
@click.argument("names", nargs=-1)
@db_option
@json_option("One JSON object per new firing per line.")
def alert_check_command(names: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Check the alerts (or those named) against the database now: print what fired since
    they last looked, and deliver their webhooks. Exit code 1 if a delivery failed.

    Example: storyline alert check summit --json
    """
    err = Console(stderr=True, highlight=False)
    with open_dossier(db_path) as dossier:
        try:
            records, errors = dossier.check_alerts(list(names) or None)
        except AlertError as error:
            raise click.ClickException(str(error)) from error
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False) if as_json else firing_line(record))
    if not records and not as_json:
        err.print("nothing new")
    for failed in errors:
        err.print(f"error: {escape(failed)}", soft_wrap=True)
    if errors:
        sys.exit(1)


@cli.command(name="serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--edit", is_flag=True,
    help="Allow corrections from the pages (read-only without it).",
)  # fmt: skip
@click.option(
    "--token", default=None, envvar="STORYLINE_TOKEN",
    help="With --edit: a secret every request must carry (open /login?token=… once); "
    "needed to listen beyond loopback. Default: $STORYLINE_TOKEN.",
)  # fmt: skip
def serve_command(db_path: str, host: str, port: int, edit: bool, token: str | None) -> None:
    """Browse the dossier in a web browser, with a JSON API under /api/ (read-only).

    Listens on 127.0.0.1 only unless --host says otherwise. The API is described at
    /api/openapi.json. With --edit the pages offer corrections (dates, speakers, events,
    stories, undo), behind a CSRF token; on an address beyond loopback only with --token.

    Example: storyline serve --port 8001 --edit
    """
    import uvicorn

    from storyline.web.app import create_app

    if edit and not token and host not in LOOPBACK:
        raise click.UsageError(
            f"--edit on {host} needs --token: anyone who can reach it could edit"
        )
    try:
        app = create_app(db_path, edit=edit, token=token if edit else None)
    except MissingDatabase as error:
        raise _no_database(error) from error
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    mode = "with corrections" if edit else "read-only"
    click.echo(f"serving {db_path} ({mode}) on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command(name="demo")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=DEMO_DB,
    show_default=True,
    help="Where to build the demo database.",
)
def demo_command(db_path: str) -> None:
    """Build a dossier from the sample corpus that ships with storyline, and show it.

    The corpus is invented news, messy on purpose: boilerplate, a translated piece,
    an HTML page in cp1252, a JSON Lines feed and a WARC crawl.

    Example: storyline demo && storyline docs --db storyline-demo.db
    """
    corpus = Path(__file__).parent / "demo" / "corpus"
    report = run_ingest(
        [str(corpus)], db_path, IngestOptions(workers=1), quiet=False, verbose=False
    )
    console = Console(highlight=False)
    with open_dossier(db_path) as dossier:
        _print_demo(console, dossier)
    console.print(
        f"\nNext: storyline docs --db {db_path}; storyline show ID --db {db_path}; "
        f"storyline search QUERY --db {db_path}; storyline export --db {db_path}"
    )
    if report.failures:
        sys.exit(1)


def _print_demo(console: Console, dossier: Dossier) -> None:
    table = Table("date", "outlet", "title", "removed", "entities", box=None, header_style="bold")
    for d in dossier.documents():
        note = f" [dim](from {d.translated_from})[/dim]" if d.translated_from else ""
        table.add_row(d.published or "—", escape(d.outlet or "—"),
                      escape(d.title or "(no title)") + note, str(len(d.boilerplate)),
                      str(len(dossier.mentions(d.id))))  # fmt: skip
    console.print(table)
    names = dossier.top_mentions(("PERSON", "ORG"), limit=12)
    if names:
        console.print("\n[bold]Most mentioned people and organisations[/bold]")
        console.print(", ".join(f"{escape(text)} ({count})" for text, count in names))


def main() -> None:
    cli()

"""The ``storyline`` command line: parses, calls library code, prints. Nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from storyline import __version__
from storyline.export import RECORD_TYPES, iter_records
from storyline.ingest.readers import Skipped
from storyline.nlp.model import ModelError
from storyline.pipeline import IngestOptions, IngestReport, ingest
from storyline.records import AnalysedDocument, Failure
from storyline.store.database import DB_ENV, Store, StoredDocument, StoreError, default_db_path

F = TypeVar("F", bound=Callable[..., Any])
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


def open_store(path: str) -> Store:
    try:
        return Store(path)
    except StoreError as error:
        raise click.ClickException(str(error)) from error


@click.group()
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """storyline: turn messy news coverage into a story dossier."""


@cli.command(name="ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
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
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each stored and skipped document.")
def ingest_command(
    paths: tuple[str, ...], db_path: str, workers: int | None, batch_size: int,
    model: str | None, quiet: bool, verbose: bool,
) -> None:  # fmt: skip
    """Read articles from files, folders, globs or - (stdin) into the database.

    Plain text, HTML, JSON Lines, WARC, and gzip of any of them. Re-ingesting the same
    bytes does nothing. Bad inputs are reported one per line; the rest goes on, and the
    exit code is 1 if anything failed.

    Example: storyline ingest articles/ crawl.warc.gz --db news.db
    """
    options = IngestOptions(workers=workers, batch_size=batch_size, model=model)
    report = run_ingest(list(paths), db_path, options, quiet=quiet, verbose=verbose)
    if report.failures:
        sys.exit(1)


def run_ingest(
    paths: Sequence[str], db_path: str, options: IngestOptions, *, quiet: bool, verbose: bool
) -> IngestReport:
    err = Console(stderr=True, highlight=False)
    with open_store(db_path) as store, _CliListener(err, quiet=quiet, verbose=verbose) as listener:
        try:
            report = ingest(paths, store, options=options, listener=listener)
        except ModelError as error:
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
    if report.failures:
        parts.append(f"{len(report.failures)} input{'s' * (len(report.failures) != 1)} failed")
    return ", ".join(parts)


class _CliListener:
    """Errors one per line on stderr; a progress bar when stderr is a terminal."""

    def __init__(self, console: Console, *, quiet: bool, verbose: bool) -> None:
        self.console = console
        self.verbose = verbose
        self.progress: Progress | None = None
        if console.is_terminal and not quiet:
            self.progress = Progress(
                TextColumn("ingesting"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                TextColumn("{task.fields[docs]} docs"), console=console, transient=True,
            )  # fmt: skip
        self.task = None

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
        if self.verbose:
            self.console.print(
                f"skipped: {escape(skip.location)}: {escape(skip.reason)}", soft_wrap=True
            )

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
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per line instead of a table."
)
def docs_command(db_path: str, limit: int | None, as_json: bool) -> None:
    """List the stored documents: id, date, outlet, title.

    Example: storyline docs --limit 20
    """
    with open_store(db_path) as store:
        documents = store.documents(limit=limit)
    if as_json:
        for d in documents:
            row = {"id": d.id, "published": d.published, "outlet": d.outlet, "title": d.title}
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "date", "outlet", "title", box=None, header_style="bold")
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
    with open_store(db_path) as store:
        document = store.document(document_id)
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


@cli.command(name="search")
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search_command(query: str, db_path: str, limit: int) -> None:
    """Full-text search over titles and bodies, best matches first.

    All words must occur; "quoted words" must occur as a phrase.

    Example: storyline search '"floating wind" minister'
    """
    with open_store(db_path) as store:
        try:
            hits = store.search(query, limit=limit)
        except StoreError as error:
            raise click.ClickException(str(error)) from error
    console = Console(highlight=False)
    if not hits:
        console.print("no matches")
        return
    for hit in hits:
        snippet = _highlight(hit.snippet)
        console.print(
            f"[bold]{hit.id}[/bold] {hit.published or '—'} {escape(hit.outlet or '—')}  "
            f"[bold]{escape(hit.title or '(no title)')}[/bold]",
            soft_wrap=True,
        )
        console.print(f"    {snippet}", soft_wrap=True)


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
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write to this file instead of stdout.",
)
def export_command(db_path: str, types: tuple[str, ...], output: Any) -> None:
    """Write the dossier as JSON Lines, one record per line with a "type" field.

    Example: storyline export --type document -o dossier.jsonl
    """
    with open_store(db_path) as store:
        for record in iter_records(store, types or RECORD_TYPES):
            output.write(json.dumps(record, ensure_ascii=False) + "\n")


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
    with open_store(db_path) as store:
        _print_demo(console, store)
    console.print(
        f"\nNext: storyline docs --db {db_path}; storyline show ID --db {db_path}; "
        f"storyline search QUERY --db {db_path}; storyline export --db {db_path}"
    )
    if report.failures:
        sys.exit(1)


def _print_demo(console: Console, store: Store) -> None:
    table = Table("date", "outlet", "title", "removed", "entities", box=None, header_style="bold")
    for d in store.documents():
        note = f" [dim](from {d.translated_from})[/dim]" if d.translated_from else ""
        table.add_row(d.published or "—", escape(d.outlet or "—"),
                      escape(d.title or "(no title)") + note, str(len(d.boilerplate)),
                      str(len(store.mentions(d.id))))  # fmt: skip
    console.print(table)
    names = store.top_mentions(("PERSON", "ORG"), limit=12)
    if names:
        console.print("\n[bold]Most mentioned people and organisations[/bold]")
        console.print(", ".join(f"{escape(text)} ({count})" for text, count in names))


def main() -> None:
    cli()

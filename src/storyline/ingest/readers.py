"""One reader per input format, all yielding the same :class:`RawDocument` (or failure, or skip).

Cheap checks come first (size, emptiness, gzip and format sniffing); decoding and extraction are
left to the per-document stage, which runs in worker processes.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from storyline.ingest.decode import DecodeError, decode
from storyline.ingest.sources import InputFile
from storyline.records import Failure, Hints, Kind, RawDocument, Skipped

Format = Literal["warc", "jsonl", "html", "text"]

GZIP_MAGIC = b"\x1f\x8b"
FORMAT_SNIFF_BYTES = 4096  # the head read to tell a format by its first bytes
_EXTENSIONS: dict[str, Format] = {
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jl": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta ")
# JSON Lines field names as real dumps spell them (news-please, common crawlers), first wins.
JSONL_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "maintext", "article"),
    "html": ("html", "raw_html"),
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "published_at", "publication_date"),
    "outlet": ("outlet", "source_domain", "sitename", "site", "source"),
    "language": ("language", "lang"),
    "crawled": ("crawled", "crawl_date", "date_download", "crawled_at", "fetched_at"),
}
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits that keep one bad input from exhausting memory."""

    max_document_bytes: int = 32 * 1024 * 1024
    max_decompressed_bytes: int = 1024 * 1024 * 1024


ReadResult = RawDocument | Failure | Skipped


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def readline(self, size: int = -1, /) -> bytes: ...


class InputError(Exception):
    """An input that cannot be read any further; the message is the one-line reason."""


def read_input(file: InputFile, *, limits: Limits | None = None) -> Iterator[ReadResult]:
    """Read one input file (or stdin) into raw documents, whatever its format."""
    limits = limits or Limits()
    try:
        with _open(file) as stream:
            head = stream.peek(FORMAT_SNIFF_BYTES)[:FORMAT_SNIFF_BYTES]
            compressed = head.startswith(GZIP_MAGIC)
            fmt = detect_format(file.name, _gunzip_head(head) if compressed else head)
            if fmt == "warc":
                yield from _read_warc(file.name, stream, limits)
                return
            content: _Readable = stream
            if compressed:
                content = _Bounded(gzip.GzipFile(fileobj=stream), limits.max_decompressed_bytes)
            if fmt == "jsonl":
                yield from _read_jsonl(file.name, content, limits)
            else:
                yield _read_whole(file.name, content, fmt, limits)
    except InputError as error:
        yield Failure(file.name, str(error))
    except OSError as error:
        yield Failure(file.name, _os_reason(error))


def detect_format(name: str, head: bytes) -> Format:
    """The format of an input: its extension if it has a known one, else its first bytes."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for extension, fmt in _EXTENSIONS.items():
        if lower.endswith(extension):
            return fmt
    start = head.lstrip()[:FORMAT_SNIFF_BYTES].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if any(marker in start for marker in _HTML_MARKERS):
        return "html"
    return "text"


@contextmanager
def _open(file: InputFile) -> Iterator[io.BufferedReader]:
    if file.is_stdin:
        stdin = sys.stdin.buffer
        # A pipe is a BufferedReader already; a test's BytesIO needs wrapping to peek.
        yield stdin if hasattr(stdin, "peek") else io.BufferedReader(stdin)  # type: ignore[misc,arg-type]
    else:
        with open(file.name, "rb") as handle:  # a BufferedReader: peek() sniffs without reading
            yield handle


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream, to sniff its format."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, FORMAT_SNIFF_BYTES)
    except zlib.error as error:
        raise InputError(f"not a valid gzip file ({error})") from error


def _read_whole(name: str, stream: _Readable, fmt: Format, limits: Limits) -> ReadResult:
    data = _read_bounded(stream, limits.max_document_bytes, what="document")
    if not data.strip():
        return Failure(name, "empty file")
    kind: Kind = "html" if fmt == "html" else "text"
    return RawDocument(source=name, location=name, raw=data, payload=data, kind=kind)


def _read_bounded(stream: _Readable, limit: int, *, what: str) -> bytes:
    try:
        data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise InputError(f"truncated or corrupt gzip ({error})") from error
    if len(data) > limit:
        raise InputError(f"{what} larger than the {limit_text(limit)} limit")
    return data


def _read_jsonl(name: str, stream: _Readable, limits: Limits) -> Iterator[ReadResult]:
    number = 0
    try:
        for number, line in _lines(stream, limits.max_document_bytes):
            location = f"{name}:{number}"
            if line is None:
                yield Failure(
                    location, f"line longer than the {limit_text(limits.max_document_bytes)} limit"
                )
            elif line.strip():
                yield _jsonl_document(location, line)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        yield Failure(f"{name}:{number + 1}", f"truncated or corrupt gzip ({error})")


def _lines(stream: _Readable, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; ``None`` for a line over ``limit`` bytes, which is skipped, not held."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line.rstrip(b"\r\n")


def _jsonl_document(location: str, line: bytes) -> ReadResult:
    try:
        text, _ = decode(line, declared="utf-8")
        record = json.loads(text)
    except DecodeError as error:
        return Failure(location, str(error))
    except json.JSONDecodeError as error:
        return Failure(location, f"malformed JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        return Failure(location, f"expected a JSON object, got {type(record).__name__}")
    fields = {key: _first_string(record, names) for key, names in JSONL_FIELDS.items()}
    kind: Literal["html", "text"] = "html" if fields["html"] else "text"
    payload = fields[kind]
    if not payload or not payload.strip():
        return Failure(location, "no article text: needs a non-empty 'text' or 'html' field")
    hints = Hints(
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        outlet=fields["outlet"],
        language=fields["language"],
        crawl_date=fields["crawled"],
    )
    return RawDocument(
        source=location, location=location, raw=line, payload=payload, kind=kind, hints=hints
    )


def _first_string(record: dict[str, object], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _read_warc(name: str, stream: io.BufferedReader, limits: Limits) -> Iterator[ReadResult]:
    """Response records with an HTML payload; HTTP headers stripped, the WARC date kept."""
    number = 0
    try:
        records = ArchiveIterator(stream)
        for number, record in enumerate(records, 1):
            location = f"{name}#record{number}"
            result = None
            if record.rec_type in ("response", "resource"):
                result = _warc_document(location, record, limits)
            if _cut_short(record):
                yield Failure(location, TRUNCATED_RECORD)
            elif result is not None:
                yield result
        if records.fh.tell() > records.offset:  # warcio stops quietly on a record cut short
            yield Failure(f"{name}#record{number + 1}", TRUNCATED_RECORD)
    except _WARC_ERRORS as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if isinstance(error, AttributeError):  # warcio, on a response record with no target URI
            reason = "incomplete record header"
        yield Failure(f"{name}#record{number + 1}", f"broken WARC record ({reason})")


TRUNCATED_RECORD = "truncated WARC record (the file ends inside it)"
# What warcio raises on a broken archive: AttributeError too, for a header block cut short.
_WARC_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    EOFError,
    zlib.error,
    ValueError,
    AttributeError,
)


def _warc_document(location: str, record: ArcWarcRecord, limits: Limits) -> ReadResult:
    media_type, charset = _content_type(record)
    if media_type not in HTML_MEDIA_TYPES:
        return Skipped(location, f"not HTML ({media_type or 'no content type'})")
    payload = record.content_stream().read(limits.max_document_bytes + 1)
    if len(payload) > limits.max_document_bytes:
        limit = limit_text(limits.max_document_bytes)
        return Failure(location, f"record larger than the {limit} limit")
    if not payload.strip():
        return Failure(location, "empty HTTP body")
    hints = Hints(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        charset=charset,
        crawl_date=record.rec_headers.get_header("WARC-Date"),
    )
    return RawDocument(
        source=location, location=location, raw=payload, payload=payload, kind="html", hints=hints
    )


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether the file ends inside this record: warcio reads what there is without a word."""
    if record.format == "warc":
        length = record.rec_headers.get_header("Content-Length") or ""
        if not length.strip().isdigit():
            return True  # the header block ends before its Content-Length value
    while record.raw_stream.read(64 * 1024):
        pass
    return getattr(record.raw_stream, "limit", 0) > 0


def _content_type(record: object) -> tuple[str | None, str | None]:
    headers = getattr(record, "http_headers", None)
    value = headers.get_header("Content-Type") if headers else None
    if not value:
        value = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return parse_content_type(value)


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """A Content-Type header's media type (lower case) and charset, each None if not given."""
    if not value:
        return None, None
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.strip().lower() == "charset" and val.strip("\"' "):
            charset = val.strip("\"' ").lower()
    return media_type.strip().lower() or None, charset


def _os_reason(error: OSError) -> str:
    if isinstance(error, gzip.BadGzipFile):
        return f"not a valid gzip file ({error})"
    return f"cannot read: {error.strerror or error}"


def limit_text(size: int) -> str:
    if size % (1024 * 1024):  # a limit under 1 MiB read "0 MiB"
        return f"{size:,} byte"
    return f"{size // (1024 * 1024)} MiB"


class _Bounded:
    """A decompressing stream that refuses to produce more than ``limit`` bytes (gzip bombs)."""

    def __init__(self, stream: gzip.GzipFile, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        return self._guard(self._stream.read(self._cap(size)))

    def readline(self, size: int = -1) -> bytes:
        return self._guard(self._stream.readline(self._cap(size)))

    def _cap(self, size: int) -> int:
        return self._left + 1 if size < 0 else min(size, self._left + 1)

    def _guard(self, data: bytes) -> bytes:
        self._left -= len(data)
        if self._left < 0:
            raise InputError("decompressed size over the limit (a gzip bomb?)")
        return data


def stored_raw_document(
    source: str, raw: bytes, hints: dict[str, str | None], kind: Kind
) -> RawDocument | Failure:
    """A raw document as the store keeps it (verbatim bytes, final hints), to analyse again:
    a JSON Lines record's article is in one of its fields, any other input's is its bytes."""
    stored = Hints(**{key: value for key, value in hints.items() if key in Hints.__slots__})
    if raw.lstrip().startswith(b"{"):
        found = _jsonl_document(source, raw)
        if isinstance(found, RawDocument):
            return RawDocument(source, source, raw, found.payload, found.kind, stored)
    return RawDocument(source, source, raw, raw, kind, stored)

"""Fetching pages, feeds and sitemaps politely: robots.txt obeyed, a few requests per host at a
time and spaced out, retries that back off, and size limits that hold however the server lies.

Every problem comes back as a :class:`Failure` naming the URL; nothing here raises.
"""

from __future__ import annotations

import io
import re
import socket
import ssl
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from importlib import metadata
from types import TracebackType
from typing import Literal
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser
from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree
import feedparser
import httpx

from storyline.ingest.readers import (
    HTML_MEDIA_TYPES,
    detect_format,
    limit_text,
    parse_content_type,
)
from storyline.records import Failure, Hints, Kind, RawDocument


def _version() -> str:
    try:
        return metadata.version("storyline")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"storyline/{_version()} (+https://github.com/storyline-news/storyline; news analysis)"
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB, ignore the rest
# How long robots.txt rules are kept (a watch runs for weeks): RFC 9309 says at most a day;
# rules that could not be read are asked for again sooner.
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 15 * 60.0
MAX_WORKERS = 8
MAX_LISTING_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
RETRY_STATUSES = frozenset({429, *range(500, 600)})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FEED_MEDIA_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
GZIP_MAGIC = b"\x1f\x8b"
_ISO = "%Y-%m-%dT%H:%M:%SZ"
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how far to fetch."""

    user_agent: str = USER_AGENT
    per_host: int = 2  # requests in flight to one host (host:port) at once, at most
    delay: float = 1.0  # seconds between the starts of two requests to one host
    timeout: float = 20.0  # connect/read timeout per request
    retries: int = 3  # extra tries on 429, 5xx and connection errors or timeouts
    backoff: float = 1.0  # the first wait before a retry, doubled each time
    max_backoff: float = 60.0  # caps every wait, Retry-After included
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    obey_robots: bool = True


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page: the body decoded from its Content-Encoding, the headers as received."""

    url: str  # the final URL, after redirects
    requested: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str  # ISO 8601 UTC, to the second

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)

    @property
    def etag(self) -> str | None:
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        return self.header("last-modified")

    @property
    def content_type(self) -> str | None:
        return parse_content_type(self.header("content-type"))[0]

    @property
    def charset(self) -> str | None:
        return parse_content_type(self.header("content-type"))[1]

    @property
    def http_date(self) -> str:
        """When the server says it answered (its Date header), else when the page was fetched."""
        return _iso_http_date(self.header("date")) or self.fetched_at


@dataclass(frozen=True, slots=True)
class NotModified:
    """A conditional request answered 304: the page is as it was."""

    url: str


FetchResult = Page | NotModified | Failure


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a feed or sitemap; ``published`` only from a field that says publication."""

    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """A feed's or sitemap's entries; a sitemap index lists its child sitemaps."""

    kind: Literal["feed", "sitemap", "sitemap-index"]
    items: tuple[Item, ...]


class _Refused(Exception):
    """A fetch that ends here; ``unavailable`` when the server answered but there is nothing
    to have (too many redirects, a redirect nowhere), which for robots.txt means allow all."""

    def __init__(self, reason: str, *, unavailable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unavailable = unavailable


class _Transient(_Refused):
    """A network problem worth another try."""


@dataclass(frozen=True, slots=True)
class _Answer:
    url: str
    status: int
    phrase: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    tries: int = 1

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)

    def describe(self) -> str:
        return _after(f"HTTP {self.status} {self.phrase}".rstrip(), self.tries)


class _Host:
    """One host's share of politeness: at most ``per_host`` requests in flight, and request
    starts at least ``delay`` apart (later still after a back-off)."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, per_host))
        self._lock = threading.Lock()
        self._delay = delay
        self._next = 0.0

    def __enter__(self) -> None:
        self._slots.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._delay
        if start > now:
            time.sleep(start - now)

    def __exit__(self, *exc: object) -> None:
        self._slots.release()

    def defer(self, seconds: float) -> None:
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)


_Rules = RobotFileParser | str | None  # parsed rules; a reason everything is disallowed; allow all


class _Robots:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.expires = 0.0  # time.monotonic() after which the rules are read again
        self.rules: _Rules = None


class Fetcher:
    """Fetches pages politely. Thread-safe; a context manager owning one ``httpx.Client``."""

    def __init__(
        self, options: FetchOptions | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.options = options or FetchOptions()
        self.requests = 0  # HTTP requests made, robots.txt and retries included
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=False,  # followed here, so each hop meets robots.txt and its host
            transport=transport,
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """One page; with ``etag`` or ``last_modified``, a conditional request."""
        if not is_url(url):
            return Failure(url, "not an http(s) URL")
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            answer = self._follow(url, headers, self.options.max_bytes)
        except _Refused as refused:
            return Failure(url, refused.reason)
        if answer.status == 304:
            return NotModified(url)
        if not 200 <= answer.status < 300:
            return Failure(url, answer.describe())
        fetched_at = datetime.now(UTC).strftime(_ISO)
        return Page(answer.url, url, answer.status, answer.headers, answer.body, fetched_at)

    def fetch_all(self, urls: Iterable[str]) -> Iterator[tuple[str, FetchResult]]:
        """Many pages at once (each host still served politely), yielded in the order given."""
        pool = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="fetch")
        pending: deque[tuple[str, Future[FetchResult]]] = deque()
        try:
            for url in urls:
                pending.append((url, pool.submit(self.fetch, url)))
                if len(pending) >= 4 * MAX_WORKERS:  # a window, so results do not pile up
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _follow(
        self, url: str, headers: dict[str, str], limit: int, *, robots_txt: bool = False
    ) -> _Answer:
        """The answer at the end of the redirects from ``url`` (any status but a redirect).
        robots.txt itself is not checked against robots.txt, and is cut at the limit."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            if self.options.obey_robots and not robots_txt:
                self._check_robots(current)
            answer = self._retrying(current, headers, limit, truncate=robots_txt)
            if answer.status not in REDIRECT_STATUSES:
                return answer
            location = answer.header("location")
            if not location:
                raise _Refused(f"{answer.describe()} without a Location", unavailable=True)
            current = urljoin(current, location.strip().replace(" ", "%20"))
            if not is_url(current):
                raise _Refused(
                    f"redirected to a non-http(s) URL: {current[:100]}", unavailable=True
                )
        raise _Refused(
            f"too many redirects (more than {self.options.max_redirects})", unavailable=True
        )

    def _retrying(
        self, url: str, headers: dict[str, str], limit: int, *, truncate: bool
    ) -> _Answer:
        """One URL, tried again after a wait (which holds back its whole host) while the server
        is busy or failing, or the network is."""
        host = self._host(url)
        tries = 1 + max(0, self.options.retries)
        attempt = 0
        while True:
            attempt += 1
            try:
                with host:
                    answer = self._once(url, headers, limit, truncate=truncate)
            except _Transient as error:
                if attempt == tries:
                    raise _Refused(_after(error.reason, attempt)) from None
                host.defer(self._wait(attempt, None))
                continue
            if answer.status not in RETRY_STATUSES or attempt == tries:
                return replace(answer, tries=attempt)
            host.defer(self._wait(attempt, answer.header("retry-after")))

    def _once(self, url: str, headers: dict[str, str], limit: int, *, truncate: bool) -> _Answer:
        with self._lock:
            self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                body = (
                    _read_body(response, limit, truncate=truncate) if 200 <= status < 300 else b""
                )
                return _Answer(url, status, _phrase(response), _raw_headers(response), body)
        except httpx.TimeoutException:
            raise _Transient("timed out") from None
        except (httpx.TransportError, OSError) as error:
            reason, transient = _network_reason(error)
            raise (_Transient if transient else _Refused)(reason) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError) as error:
            raise _Refused(_first_line(error)) from None

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = _retry_after(retry_after)
        if wait is None:
            wait = self.options.backoff * 2 ** (attempt - 1)
        return max(0.0, min(wait, self.options.max_backoff))

    def _host(self, url: str) -> _Host:
        key = _host_key(url)
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(self.options.per_host, self.options.delay)
            return host

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{_host_key(url)}"
        with self._lock:
            robots = self._robots.setdefault(origin, _Robots())
        with robots.lock:  # one fetch per origin; the others wait for its rules
            if time.monotonic() >= robots.expires:
                robots.rules = self._load_robots(origin)
                unreadable = isinstance(robots.rules, str)
                robots.expires = time.monotonic() + (ROBOTS_RETRY if unreadable else ROBOTS_TTL)
        rules = robots.rules
        if isinstance(rules, str):
            raise _Refused(f"robots.txt unavailable, so not fetched: {rules}")
        if rules is not None and not rules.can_fetch(self.options.user_agent, url):
            raise _Refused("disallowed by robots.txt")

    def _load_robots(self, origin: str) -> _Rules:
        """RFC 9309: the rules when there are some; allow all when the file is not there (4xx);
        disallow all when the server could not say (5xx, 429, unreachable)."""
        try:
            answer = self._follow(f"{origin}/robots.txt", {}, ROBOTS_MAX_BYTES, robots_txt=True)
        except _Refused as refused:
            return None if refused.unavailable else refused.reason
        if 200 <= answer.status < 300:
            rules = RobotFileParser()
            rules.parse(answer.body.decode("utf-8", errors="replace").splitlines())
            return rules
        if answer.status in RETRY_STATUSES:
            return answer.describe()
        return None


def _read_body(response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
    """The decoded body, never more than ``limit + 1`` bytes of it held; over the limit it is
    refused, or with ``truncate`` cut to the limit (at a line end)."""
    length = (response.headers.get("content-length") or "").strip()
    if not truncate and length.isdigit() and int(length) > limit:
        raise _Refused(_too_large(limit))
    inflate: _Inflate | None = None
    stream: Iterable[bytes]
    if response.is_stream_consumed:  # a transport that read it all, decoded (httpx.MockTransport)
        stream = [response.content]
    else:
        inflate = _inflater(response.headers.get("content-encoding", ""))
        stream = response.iter_raw()
    chunks: list[bytes] = []
    size = 0
    for raw in stream:
        room = limit + 1 - size
        data = inflate(raw, room) if inflate else raw[:room]
        chunks.append(data)
        size += len(data)
        if size > limit:
            if not truncate:
                raise _Refused(_too_large(limit))
            body = b"".join(chunks)[:limit]
            return body[: body.rfind(b"\n") + 1]
    return b"".join(chunks)


class _Inflate:
    """Decompresses gzip or deflate a chunk at a time, producing no more than asked for."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding != "deflate"
        bits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._decompressor = zlib.decompressobj(bits)
        self._started = False

    def __call__(self, data: bytes, room: int) -> bytes:
        try:
            try:
                out = self._decompressor.decompress(data, room)
            except zlib.error:
                if self._gzip or self._started:
                    raise
                # Some servers send raw deflate for "deflate", without the zlib header.
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._decompressor.decompress(data, room)
        except zlib.error as error:
            what = "gzip" if self._gzip else "deflate"
            raise _Refused(f"corrupt {what} body ({error})") from None
        self._started = True
        return out


def _inflater(encoding: str) -> _Inflate | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflate("deflate" if encoding == "deflate" else "gzip")
    raise _Refused(f"unsupported content encoding ({encoding[:40]})")


def _raw_headers(response: httpx.Response) -> tuple[tuple[str, str], ...]:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw)


def _phrase(response: httpx.Response) -> str:
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return response.reason_phrase


def _network_reason(error: Exception) -> tuple[str, bool]:
    """A one-line reason for a network error, and whether another try might go better."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({cause.verify_message})", False
        if isinstance(cause, ssl.SSLError):
            return f"TLS error ({cause.reason or _first_line(cause)})", False
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused", True
        if isinstance(cause, ConnectionResetError):
            return "connection reset", True
        if isinstance(cause, socket.gaierror):
            return f"host not found ({cause.strerror})", cause.errno == socket.EAI_AGAIN
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[0].lower() + cause.strerror[1:], True
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, httpx.UnsupportedProtocol):
        return "not an http(s) URL", False
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol ({_first_line(error)})", True
    return _first_line(error), isinstance(error, httpx.NetworkError)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _after(reason: str, tries: int) -> str:
    return f"{reason} (after {tries} tries)" if tries > 1 else reason


def _too_large(limit: int) -> str:
    return f"page larger than the {limit_text(limit)} limit"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _parse_http_date(value)
    return None if when is None else when.timestamp() - time.time()


def _parse_http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _iso_http_date(value: str | None) -> str | None:
    when = _parse_http_date(value) if value else None
    return when.astimezone(UTC).strftime(_ISO) if when else None


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    host = parts.hostname or ""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# -- URLs ---------------------------------------------------------------------------------------


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL with a host (any case, no spaces)."""
    if not text or any(char.isspace() or ord(char) < 32 for char in text):
        return False
    try:
        parts = urlsplit(text)
        _ = parts.port  # a port that is no number raises ValueError
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def read_url_list(path: str) -> tuple[list[str], list[Failure]]:
    """The URLs in a text file, one a line; blank lines and ``#`` comments skipped."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        return [], [Failure(path, f"cannot read: {error.strerror or error}")]
    urls: list[str] = []
    failures: list[Failure] = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            urls.append(line)
        else:
            failures.append(Failure(f"{path}:{number}", f"not an http(s) URL: {line[:100]}"))
    return urls, failures


# -- pages as documents -------------------------------------------------------------------------

_SNIFFABLE = (None, "application/octet-stream")  # types that say nothing about the content


def page_document(page: Page) -> RawDocument | Failure:
    """A fetched article page as a raw document, stored the way a WARC record is: the HTTP body
    as both raw bytes and payload, the response headers as a hint."""
    if not page.body.strip():
        return Failure(page.url, "empty page")
    media_type = page.content_type
    kind: Kind
    if media_type in HTML_MEDIA_TYPES:
        kind = "html"
    elif media_type == "text/plain":
        kind = "text"
    elif media_type in _SNIFFABLE and detect_format("", page.body[:_SNIFF_BYTES]) == "html":
        kind = "html"
    else:
        return Failure(page.url, f"not an article page ({media_type or 'no content type'})")
    hints = Hints(
        url=page.url,
        charset=page.charset,
        crawl_date=page.http_date,
        headers="\n".join(f"{name}: {value}" for name, value in page.headers),
    )
    return RawDocument(
        source=page.url, location=page.url, raw=page.body, payload=page.body, kind=kind, hints=hints
    )


# -- feeds and sitemaps -------------------------------------------------------------------------

_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def listing_of(page: Page) -> Listing | None:
    """The entries of a feed (RSS, Atom) or a sitemap (plain, news, index); ``None`` for any
    other page, and for XML that declares entities (no expansion, however small)."""
    body: bytes | None = page.body
    if page.body.startswith(GZIP_MAGIC):
        body = _gunzip(page.body)
    if body is None:
        return None
    root = _root_element(body)
    if root is None:
        if page.content_type in FEED_MEDIA_TYPES and b"<!ENTITY" not in body[:_SNIFF_BYTES]:
            return _feed(page, body)
        return None
    local = root.rpartition(":")[2]
    if root in ("rss", "feed") or local == "RDF":
        return _feed(page, body)
    if local in ("urlset", "sitemapindex"):
        return _sitemap(page, body)
    return None


def _gunzip(body: bytes) -> bytes | None:
    try:
        data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_LISTING_BYTES + 1)
    except zlib.error:
        return None
    return data if len(data) <= MAX_LISTING_BYTES else None


def _root_element(body: bytes) -> str | None:
    """The name of the document's first element, sniffed from its head; ``None`` when the head
    declares entities or holds no element."""
    head = body[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    head = _COMMENT.sub(b"", head)
    match = _ELEMENT.search(head)
    if match is None or b"<!ENTITY" in head[: match.start()]:
        return None
    return match.group(1).decode("ascii", errors="replace")


def _feed(page: Page, body: bytes) -> Listing | None:
    parsed = feedparser.parse(  # a stream: given a string, feedparser would open it as a path
        io.BytesIO(body),
        response_headers={
            "content-location": page.url,
            "content-type": page.header("content-type") or "application/xml",
        },
    )
    if not parsed.get("version") and not parsed.get("entries"):
        return None
    items = []
    for entry in parsed.get("entries", []):
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        title = (entry.get("title") or "").strip() or None
        published = time.strftime(_ISO, when) if when else None
        items.append((entry.get("link") or "", title, published))
    return Listing("feed", _items(page.url, items))


def _sitemap(page: Page, body: bytes) -> Listing | None:
    try:
        root = defusedxml.ElementTree.fromstring(body)
    except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError):
        return None
    namespace, local = _name(root)
    entry = "sitemap" if local == "sitemapindex" else "url"
    items = []
    for child in root:
        if _name(child) != (namespace, entry):
            continue
        news = child.find(f"{{{NEWS_NAMESPACE}}}news")
        items.append(
            (
                _text(child, f"{namespace}loc") or "",
                _text(news, f"{{{NEWS_NAMESPACE}}}title"),
                _text(news, f"{{{NEWS_NAMESPACE}}}publication_date"),
            )
        )
    kind: Literal["sitemap", "sitemap-index"] = "sitemap" if entry == "url" else "sitemap-index"
    return Listing(kind, _items(page.url, items))


def _name(element: Element) -> tuple[str, str]:
    """An element's namespace (``{uri}``, or empty) and its local name."""
    namespace, brace, local = element.tag.rpartition("}")
    return (namespace + brace, local)


def _text(element: Element | None, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def _items(base: str, found: list[tuple[str, str | None, str | None]]) -> tuple[Item, ...]:
    """Items with absolute http(s) URLs, each URL once, in the order found."""
    seen: set[str] = set()
    items = []
    for link, title, published in found:
        url = urljoin(base, link.strip()) if link.strip() else ""
        if is_url(url) and url not in seen:
            seen.add(url)
            items.append(Item(url, title, published))
    return tuple(items)

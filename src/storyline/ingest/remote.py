"""Read what a URL names: an article page, or a feed or sitemap whose items are article pages.

A sitemap index is followed to its sitemaps (a bounded number). A listing's items carry what the
listing says of them (title, publication date) into the documents' hints, as metadata a user
would have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from storyline.ingest.web import (
    Fetcher,
    Item,
    Listing,
    NotModified,
    Page,
    listing_of,
    page_document,
)
from storyline.records import Failure, RawDocument

MAX_SITEMAPS = 50  # sitemaps of one index read, at most


@dataclass(frozen=True, slots=True)
class Opened:
    """What fetching a source URL found. ``page`` is set for an article page, ``listing`` for
    a feed or sitemap; neither when it was not modified or failed."""

    url: str
    page: Page | None = None
    listing: Listing | None = None
    not_modified: bool = False
    failure: Failure | None = None
    etag: str | None = None
    last_modified: str | None = None


def open_url(
    fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> Opened:
    """Fetch a source URL (conditionally, when its last ETag or date is known) and tell a
    listing from an article page."""
    result = fetcher.fetch(url, etag=etag, last_modified=last_modified)
    if isinstance(result, NotModified):
        return Opened(url, not_modified=True, etag=etag, last_modified=last_modified)
    if isinstance(result, Failure):
        return Opened(url, failure=result)
    listing = listing_of(result)
    opened = Opened(url, etag=result.etag, last_modified=result.last_modified)
    if listing is None:
        return replace(opened, page=result)
    if listing.kind == "sitemap-index":
        listing, failure = _expand_index(fetcher, listing)
        if failure and not listing.items:
            return replace(opened, failure=failure)
    return replace(opened, listing=listing)


def _expand_index(fetcher: Fetcher, index: Listing) -> tuple[Listing, Failure | None]:
    """The items of an index's sitemaps (an index within an index is not followed)."""
    items: dict[str, Item] = {}
    failure = None
    for url, result in fetcher.fetch_all(item.url for item in index.items[:MAX_SITEMAPS]):
        listing = listing_of(result) if isinstance(result, Page) else None
        if isinstance(result, Failure):
            failure = result
        elif listing is None or listing.kind == "sitemap-index":
            failure = Failure(url, "not a sitemap")
        else:
            items.update((item.url, item) for item in listing.items if item.url not in items)
    return Listing("sitemap", tuple(items.values())), failure


def page_of(opened: Opened) -> RawDocument | Failure:
    """An opened article page as a raw document."""
    assert opened.page is not None
    return _sourced(page_document(opened.page), opened.url)


def fetch_items(
    fetcher: Fetcher, items: Iterable[Item], *, stop: Callable[[], bool] = lambda: False
) -> Iterator[tuple[Item, RawDocument | Failure]]:
    """Fetch a listing's article pages (politely, several hosts at once), in listing order;
    ``stop`` ends it early, between pages."""
    wanted = {item.url: item for item in items}
    for url, result in fetcher.fetch_all(wanted):
        if stop():
            return
        item = wanted[url]
        if isinstance(result, Page):
            document = _sourced(page_document(result), url)
            if isinstance(document, RawDocument):
                hints = replace(
                    document.hints,
                    title=document.hints.title or item.title,
                    published=document.hints.published or item.published,
                )
                document = replace(document, hints=hints)
            yield item, document
        elif isinstance(result, NotModified):
            yield item, Failure(url, "not modified (HTTP 304) though nothing was asked")
        else:
            yield item, result


def _sourced(document: RawDocument | Failure, url: str) -> RawDocument | Failure:
    """A fetched document is known by the URL it was fetched from (before any redirect)."""
    if isinstance(document, Failure):
        return document
    return replace(document, source=url, location=url)

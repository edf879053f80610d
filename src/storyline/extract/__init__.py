"""Raw document → clean article: decode, pick the extractor for the kind, fill the metadata.

Cheap and pure: no model, no database. ``extract_article`` is what the per-document stage runs
before the language pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from storyline.extract import lines as L
from storyline.extract.html import NoArticleError, extract_html
from storyline.extract.language import article_language
from storyline.extract.text import clean_text
from storyline.ingest.decode import DecodeError, declared_html_charset, decode
from storyline.records import Article, PublishedDate, RawDocument

__all__ = ["ExtractOptions", "ExtractionError", "extract_article", "page_fingerprints"]

METADATA_CONFIDENCE = 0.9  # a date the page or feed states about itself
OUTLET_LINE_MAX_WORDS = 12  # only short lines are counted as possible outlet furniture
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T\s]\d{2}:\d{2}.*)?\s*$")


class ExtractionError(ValueError):
    """No article could be extracted; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Settings of the extraction step (one object, passed everywhere it is needed)."""

    max_body_chars: int = 2_000_000


def extract_article(
    raw: RawDocument,
    *,
    outlet_furniture: Collection[int] = (),
    options: ExtractOptions | None = None,
) -> Article:
    """The clean article of one raw document; raise :class:`ExtractionError` if there is none."""
    options = options or ExtractOptions()
    text, encoding = _text_of(raw)
    hints = raw.hints
    if raw.kind == "html":
        try:
            page = extract_html(text, url=hints.url, max_date=hints.crawl_date)
        except NoArticleError as error:
            raise ExtractionError(str(error)) from error
        title, paragraphs = hints.title or page.title, page.paragraphs
        boilerplate, captions, author = page.boilerplate, page.captions, page.author
        outlet, url, language = hints.outlet or page.outlet, hints.url or page.url, page.language
        translated_from, page_date, header = page.translated_from, page.published, None
    else:
        cleaned = clean_text(text, title=hints.title, common_lines=outlet_furniture)
        title, paragraphs = cleaned.title, cleaned.paragraphs
        boilerplate, captions, author = cleaned.boilerplate, cleaned.captions, cleaned.author
        outlet, url, language = hints.outlet or _host(hints.url), hints.url, None
        translated_from, page_date = cleaned.translated_from, None
        header = cleaned.header_dates[0] if cleaned.header_dates else None
    body = "\n\n".join(paragraphs)
    if not body.strip():
        raise ExtractionError("no article text found")
    if len(body) > options.max_body_chars:
        raise ExtractionError(f"article body too long ({len(body):,} characters)")
    return Article(
        title=_INVISIBLE.sub("", title) if title else title,
        body=body,
        boilerplate=tuple(boilerplate),
        captions=tuple(captions),
        author=author,
        outlet=outlet,
        url=url,
        language=article_language(
            declared=hints.language, page=language, body=body, translated_from=translated_from
        ),
        translated_from=translated_from,
        published=_published(hints.published) or _published(page_date),
        crawl_date=iso_date(hints.crawl_date) if hints.crawl_date else None,
        encoding=encoding,
        header_date=header,
    )


def page_fingerprints(article: Article) -> tuple[int, ...]:
    """Fingerprints of the short lines of a page, to learn what its outlet prints everywhere."""
    page = (*article.boilerplate, *article.captions, *article.body.split("\n\n"))
    short = (line for line in page if 0 < len(line.split()) <= OUTLET_LINE_MAX_WORDS)
    return tuple({L.fingerprint(line) for line in short})


def outlet_of(raw: RawDocument) -> str | None:
    """The outlet a raw document is known to come from before extraction, if any."""
    return raw.hints.outlet or _host(raw.hints.url)


def _text_of(raw: RawDocument) -> tuple[str, str | None]:
    """The raw document as text, without the invisible marks that split a name in two ("Park
    Geun-hye" with a soft hyphen, "Japan" with a zero-width space)."""
    if isinstance(raw.payload, str):
        return _INVISIBLE.sub("", raw.payload), None
    declared = raw.hints.charset
    if raw.kind == "html" and not declared:
        declared = declared_html_charset(raw.payload)
    try:
        text, encoding = decode(raw.payload, declared=declared)
    except DecodeError as error:
        raise ExtractionError(str(error)) from error
    return _INVISIBLE.sub("", text), encoding


# Soft hyphen, zero-width space and non-joiner, word joiner, byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u2060\ufeff]")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname
    return host or None


def _published(value: str | None) -> PublishedDate | None:
    day = iso_date(value) if value else None
    return PublishedDate(day, "metadata", METADATA_CONFIDENCE) if day else None


def iso_date(value: str) -> str | None:
    """An ISO 8601 prefix for a date as feeds write it (ISO or RFC 2822), or None."""
    match = _ISO_DATE.match(value)
    if match:
        return "-".join(part for part in match.groups() if part)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None

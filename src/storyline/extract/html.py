"""HTML → article: trafilatura for the body and metadata (htmldate inside it for the date), then
a line filter for what trafilatura leaves in (share lines, comment counts, photo credits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml.etree import Element
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from storyline.extract import lines as L
from storyline.extract.language import normalise_language
from storyline.extract.titles import clean_title, same_title
from storyline.extract.translation import translation_source

# Block elements: the text of an innermost one makes one line of the page as a reader sees it.
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd",
                "blockquote", "figcaption", "caption", "pre", "address", "summary", "div",
                "section", "article", "aside", "header", "footer", "nav", "ul", "ol", "table",
                "form", "main", "figure", "body")  # fmt: skip
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg")

MAX_CAPTION_WORDS = 60
# Meta tags that declare a page's language (http-equiv, name or property).
LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")


class NoArticleError(ValueError):
    """The page holds no article text that extraction could find."""


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    title: str | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    captions: tuple[str, ...]
    author: str | None
    outlet: str | None
    url: str | None
    language: str | None
    published: str | None
    translated_from: str | None


MAX_ELEMENTS = 200_000  # news pages have a few thousand; past this it is not an article page


def extract_html(html: str, *, url: str | None = None, max_date: str | None = None) -> HtmlArticle:
    """Extract the article of one HTML page; raise :class:`NoArticleError` when there is none.

    ``max_date`` bounds the publication date (a crawl date: a page cannot be older than its crawl).
    """
    if (tags := html.count("<")) > MAX_ELEMENTS:  # cheap check first: extraction would take minutes
        raise NoArticleError(f"HTML page with {tags:,} tags (at most {MAX_ELEMENTS:,} are read)")
    tree = load_html(html)
    if tree is None:
        raise NoArticleError("no HTML document in the input")
    figure_captions = _figure_captions(tree)
    page_lines = _page_lines(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,  # markup only: a date guessed from text is worse than none
            "max_date": (max_date or date.today().isoformat())[:10],
        },
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise NoArticleError("no article text found in the page")
    title = clean_title(document.title) if document.title else None
    kept, boilerplate, captions, translated_from = _filter_lines(document.text or "", title)
    if not kept:
        raise NoArticleError("no article text left after removing page furniture")
    captions = list(dict.fromkeys([*figure_captions, *captions]))
    return HtmlArticle(
        title=title,
        paragraphs=tuple(kept),
        boilerplate=tuple(_removed(page_lines, kept, captions, title, boilerplate)),
        captions=tuple(captions),
        author=document.author,
        outlet=document.sitename or document.hostname,
        url=document.url or url,
        language=_page_language(tree),
        published=document.date,
        translated_from=translated_from,
    )


def _filter_lines(
    text: str, title: str | None
) -> tuple[list[str], list[str], list[str], str | None]:
    kept: list[str] = []
    boilerplate: list[str] = []
    captions: list[str] = []
    translated_from = None
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if (language := translation_source(line)) is not None:
            translated_from = translated_from or language
            boilerplate.append(line)
        elif _is_furniture(line, title):
            boilerplate.append(line)
        elif len(line.split()) <= MAX_CAPTION_WORDS and L.is_caption(line):
            captions.append(line)
        else:
            kept.append(line)
    return kept, boilerplate, captions, translated_from


def _is_furniture(line: str, title: str | None) -> bool:
    if L.furniture_reason(line) or L.is_date_line(line) or L.byline_name(line):
        return True
    return bool(title and same_title(line, title))


def _page_lines(tree: HtmlElement) -> list[str]:
    """The page's text as a reader sees it, one line per innermost block element."""
    elements = list(tree.iter(Element))
    enclosing: set[HtmlElement] = set()  # elements with a block somewhere inside
    for element in reversed(elements):
        parent = element.getparent()
        if parent is not None and (element.tag in _TEXT_BLOCKS or element in enclosing):
            enclosing.add(parent)
    hidden: set[HtmlElement] = set()
    lines = []
    for element in elements:
        parent = element.getparent()
        if element.tag in _INVISIBLE or parent in hidden:
            hidden.add(element)
        elif element.tag in _TEXT_BLOCKS and element not in enclosing:
            text = " ".join(element.text_content().split())
            if text:
                lines.append(text)
    return lines


def _removed(
    page_lines: list[str],
    kept: list[str],
    captions: list[str],
    title: str | None,
    filtered: list[str],
) -> list[str]:
    """Lines of the page that are neither the article, its captions nor its title."""
    article = " ".join(L.normalise(line) for line in [*kept, *captions, title or ""])
    removed = [line for line in page_lines if L.normalise(line) not in article]
    return list(dict.fromkeys([*removed, *filtered]))


def _figure_captions(tree: HtmlElement) -> list[str]:
    texts = (" ".join(node.text_content().split()) for node in tree.iter("figcaption"))
    return [text for text in texts if text]


def _page_language(tree: HtmlElement) -> str | None:
    """The language the page declares: ``<html lang>``, else a meta tag (ISO 639-1, or None)."""
    declared = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if key in LANGUAGE_META:
            declared.append(meta.get("content"))
    return next((code for value in declared if (code := normalise_language(value))), None)

"""A brief record (``storyline.outputs.export.brief_record``) as Markdown or standalone HTML.

Article text is untrusted: a sentence, quote, speaker, title or entity name is data and must
never become structure. The HTML comes from an autoescaping Jinja2 template
(``templates/brief.html``, shipped as package data); in Markdown every piece of article text has
its Markdown-significant characters and raw HTML backslash-escaped, and its line breaks folded
into spaces, with each sentence followed by its source.

The timeline lists the salient events; the background ones (recalled for context, in no
headline or lead) follow it folded: a ``<details>`` element in HTML, a "Background" sub-list
in Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from storyline.outputs.human import as_said, citation, web_url

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Characters that start inline structure anywhere in a line: escapes, code, emphasis,
# strikethrough, links and images, raw HTML and autolinks.
_INLINE = re.compile(r"([\\`*_~\[\]<])")
# An entity or character reference would be decoded, so the text would not read as written.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Markers that make structure at the start of a line (or of a list item): headings,
# blockquotes, list items, setext underlines and thematic breaks.
_LEADING = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^([0-9]{1,9})([.)])")
# A heading's closing sequence: trailing '#'s after a space are dropped from the heading.
_CLOSING = re.compile(r"(\s)(#+)$")
_BREAK = re.compile(r"\s*[\r\n]\s*")
WHY_FOLDED = "recalled for context, in no headline or lead"


def render_brief(record: dict[str, Any], fmt: str) -> str:
    """The brief in ``fmt``: ``"html"`` for a standalone page, anything else for Markdown."""
    return _html(record) if fmt == "html" else _markdown(record)


def _source(item: dict[str, Any]) -> str:
    """Where a cited sentence or quote is from: ``document:start-end``."""
    return f"{item['document']}:{item['start']}-{item['end']}"


def _named(record: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """What a citation shows of its document (outlet, date, headline) before its place."""
    sources = record.get("sources") or {}

    def named(item: dict[str, Any]) -> str:
        return citation(sources.get(item["document"]))

    return named


def _sources_list(record: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """Each cited document once: its id, how it is named, its URL when it has a web one."""
    sources = record.get("sources") or {}
    return [
        (document, citation(source, headline_chars=200), web_url(source.get("url")))
        for document, source in sorted(sources.items())
    ]


def _event_line(event: dict[str, Any], text: Callable[[str], str] = str) -> str:
    """An event as one line: its day (or deadline), title and status; ``text`` escapes the title."""
    when = event["date"] or {}
    day = when.get("value") or (f"by {when['end']}" if when.get("end") else "undated")
    return f"{day} — {text(event['title'])} ({event['status']})"


def _background(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The brief's background events (none in a record from before they were kept apart)."""
    return list(record.get("background") or [])


def _folded(background: list[dict[str, Any]]) -> str:
    """What the fold holds: ``1 background event``, ``3 background events``."""
    return f"{len(background)} background event{'' if len(background) == 1 else 's'}"


def md_escape(text: str) -> str:
    """Article text as Markdown that renders as the text itself and never as structure.

    Line breaks fold into one space (a break could end the list item or open a block),
    inline markup characters and ``<`` (raw HTML, autolinks) and entity references get a
    backslash, and so does a marker that would start a heading, quote or list. Text without
    those characters comes back unchanged.
    """
    text = _BREAK.sub(" ", text).lstrip()
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    text = _ORDERED.sub(r"\1\\\2", _LEADING.sub(r"\\\1", text))
    return _CLOSING.sub(r"\1\\\2", text)


def _markdown(record: dict[str, Any]) -> str:
    """The brief as Markdown: sections of list items, each cited sentence with its source."""
    md = md_escape
    named = _named(record)

    def cite(item: dict[str, Any]) -> str:
        where = named(item)
        return f"[{md(where)} — {_source(item)}]" if where else f"[{_source(item)}]"

    lines = [f"# {md(record['title'] or record['story'])}", ""]
    if record["as_of"]:
        lines += [f"_As known on {record['as_of']}._", ""]
    sentences = [f"- {md(s['text'])} {cite(s)}" for s in record["sentences"]]
    lines += ["## Summary", "", *(sentences or ["(no sentences)"])]
    background = _background(record)
    lines += ["", "## Timeline", ""]
    empty = "(only background events)" if background else "(no dated events)"
    lines += [f"- {_event_line(e, md)}" for e in record["events"]] or [empty]
    if background:
        lines += ["", "### Background", "", f"_{_folded(background)}: {WHY_FOLDED}._", ""]
        lines += [f"- {_event_line(e, md)}" for e in background]
    lines += ["", "## Quotes", ""]
    for group in record["quotes"]:
        lines.append(f"**{md(group['speaker'])}**")
        said = [(as_said(q["text"], q.get("kind")), q) for q in group["quotes"][:3]]
        lines += [f"- {md(text)} {cite(q)}" for text, q in said]
        lines.append("")
    lines += ["## Entities", ""]
    lines += [", ".join(f"{md(e['name'])} ({e['mentions']})" for e in record["entities"]) or "—"]
    lines += ["", "## Open questions", ""]
    lines += [
        f"- {md(q['title'])}: {q['status']}" + (f", {q['date']}" if q["date"] else "")
        for q in record["open_questions"]
    ] or ["(none)"]
    if listed := _sources_list(record):
        lines += ["", "## Sources", ""]
        lines += [f"- {document}: {md(name)}" + (f" <{url}>" if url else "")
                  for document, name, url in listed]  # fmt: skip
    return "\n".join(lines) + "\n"


def _html_escape(value: Any) -> Any:
    """Escape text with :func:`html.escape` before autoescaping sees it.

    Both escape the same characters; this keeps the stdlib's spelling (``&#x27;``, ``&quot;``)
    so the page is byte-identical to the one built before the template. Markup (a macro's
    output) and non-text values pass through to the autoescaper.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(escape(value))
    return value


@cache
def _environment() -> Environment:
    """The Jinja2 environment for the brief template: autoescaping on, undefined names fail."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_html_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _html(record: dict[str, Any]) -> str:
    """The brief as a standalone HTML page, rendered from ``templates/brief.html``."""
    template = _environment().get_template("brief.html")
    return template.render(
        record=record,
        background=_background(record),
        folded=_folded,
        title=record["title"] or record["story"],
        source=_source,
        named=_named(record),
        as_said=as_said,
        sources=_sources_list(record),
        event_line=_event_line,
    )

"""A brief record (``storyline.outputs.export.brief_record``) as a Word document.

Word's footnotes are beyond python-docx, so citations are numbered endnotes: each cited sentence
or quote ends with a superscript number, one per cited document in order of first citation, and
a "Sources" section at the end gives each number's outlet, date, headline and URL.

Article text is data: it goes into runs as plain text (python-docx escapes it), with line
breaks folded into spaces and the control characters XML cannot hold dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from storyline.outputs.human import as_said, human_date

QUOTES_PER_SPEAKER = 3  # as in the Markdown and HTML briefs
_BREAK = re.compile(r"\s*[\r\n]\s*")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BULLET = "List Bullet"


def clean(text: str) -> str:
    """Text as one line Word can hold: line breaks folded, XML-illegal characters dropped."""
    return _NOT_XML.sub("", _BREAK.sub(" ", text)).strip()


class _Notes:
    """The citation numbers: one per cited document, in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, paragraph: Paragraph, document: str) -> None:
        number = self.numbers.setdefault(document, len(self.numbers) + 1)
        paragraph.add_run(str(number)).font.superscript = True


def render_brief_docx(record: dict[str, Any]) -> bytes:
    """The brief as a .docx file's bytes; its ``sources`` name each cited document (title,
    outlet, published, url: any may be missing or None)."""
    sources: Mapping[str, Mapping[str, Any]] = record.get("sources") or {}
    doc, notes = Document(), _Notes()
    title = clean(record["title"] or record["story"])
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    if record["as_of"]:
        doc.add_paragraph().add_run(f"As known on {record['as_of']}.").italic = True
    _summary(doc, record, notes)
    _timeline(doc, record)
    _quotes(doc, record, notes)
    _entities(doc, record)
    _open_questions(doc, record)
    _sources(doc, notes, sources)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _summary(doc: DocumentObject, record: dict[str, Any], notes: _Notes) -> None:
    doc.add_heading("Summary", level=1)
    for sentence in record["sentences"]:
        paragraph = doc.add_paragraph(clean(sentence["text"]), style=BULLET)
        notes.cite(paragraph, sentence["document"])
    if not record["sentences"]:
        doc.add_paragraph("(no sentences)")


def event_line(event: dict[str, Any]) -> str:
    """An event as one line: its day (or deadline), title and status."""
    when = event["date"] or {}
    day = when.get("value") or (f"by {when['end']}" if when.get("end") else "undated")
    return f"{day} — {clean(event['title'])} ({event['status']})"


def _timeline(doc: DocumentObject, record: dict[str, Any]) -> None:
    doc.add_heading("Timeline", level=1)
    background = list(record.get("background") or [])
    for event in record["events"]:
        doc.add_paragraph(event_line(event), style=BULLET)
    if not record["events"]:
        doc.add_paragraph("(only background events)" if background else "(no dated events)")
    if background:
        doc.add_heading("Background", level=2)
        note = "Recalled for context, in no headline or lead."
        doc.add_paragraph().add_run(note).italic = True
        for event in background:
            doc.add_paragraph(event_line(event), style=BULLET)


def quote_text(speaker: str, quote: dict[str, Any]) -> str:
    """A direct quote in quotation marks; an indirect or mixed one (as the record's ``kind``
    says) as reported speech, "SPEAKER said that …", with no marks but its own."""
    said = as_said(clean(quote["text"]), quote.get("kind"))
    return said if quote.get("kind") not in ("indirect", "mixed") else f"{speaker} {said}"


def _quotes(doc: DocumentObject, record: dict[str, Any], notes: _Notes) -> None:
    doc.add_heading("Quotes", level=1)
    for group in record["quotes"]:
        speaker = clean(group["speaker"])
        doc.add_paragraph().add_run(speaker).bold = True
        for quote in group["quotes"][:QUOTES_PER_SPEAKER]:
            paragraph = doc.add_paragraph(quote_text(speaker, quote), style=BULLET)
            notes.cite(paragraph, quote["document"])
    if not record["quotes"]:
        doc.add_paragraph("(none)")


def _entities(doc: DocumentObject, record: dict[str, Any]) -> None:
    doc.add_heading("Entities", level=1)
    names = [f"{clean(e['name'])} ({e['mentions']})" for e in record["entities"]]
    doc.add_paragraph(", ".join(names) or "—")


def _open_questions(doc: DocumentObject, record: dict[str, Any]) -> None:
    doc.add_heading("Open questions", level=1)
    for question in record["open_questions"]:
        when = f", {question['date']}" if question["date"] else ""
        doc.add_paragraph(f"{clean(question['title'])}: {question['status']}{when}", style=BULLET)
    if not record["open_questions"]:
        doc.add_paragraph("(none)")


def source_line(document: str, source: Mapping[str, Any]) -> str:
    """A cited document as its endnote: outlet, date, “headline”, URL, and its id."""
    day = human_date(source.get("published")) or None
    if day and source.get("estimated"):
        day = f"{day} (estimated)"
    parts = [source.get("outlet"), day]
    parts += [f"“{source['title']}”" if source.get("title") else None, source.get("url")]
    known = [clean(str(part)) for part in parts if part]
    return ". ".join([*known, f"Document {document}"]) + "."


def _sources(doc: DocumentObject, notes: _Notes, sources: Mapping[str, Mapping[str, Any]]) -> None:
    doc.add_heading("Sources", level=1)
    for document, number in notes.numbers.items():
        doc.add_paragraph(f"{number}. {source_line(document, sources.get(document, {}))}")
    if not notes.numbers:
        doc.add_paragraph("(none)")

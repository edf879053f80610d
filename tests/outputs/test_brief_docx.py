"""The brief as a Word document: each cited sentence and quote ends with a superscript number,
and "Sources" gives each number's outlet, date, headline and URL."""

from __future__ import annotations

import io
from typing import Any

import docx

from storyline.outputs.brief_docx import clean, quote_text, render_brief_docx, source_line

SOURCES = {
    "d1": {"title": "Ministers to meet", "outlet": "Coastal Courier", "published": "2024-03-05",
           "url": "https://coastal-courier.example/herring-talks"},
    "d2": {"title": "Quotas restored", "outlet": "Reuters", "published": "2024-04-20", "url": None},
}  # fmt: skip


def cited(text: str, document: str, **fields: Any) -> dict[str, Any]:
    return {"text": text, "document": document, "start": 0, "end": len(text)} | fields


def record(**fields: Any) -> dict[str, Any]:
    meeting = {"title": "Geneva meeting", "status": "happened", "date": {"value": "2024-04-18"}}
    brief = {
        "story": "st-1", "title": "Herring quotas", "as_of": "2024-04-21",
        "sentences": [cited("The ministers will meet.", "d1"), cited("They met.", "d2"),
                      cited("Fleets stay in port.", "d1")],
        "events": [meeting], "background": [],
        "quotes": [{"speaker": "Maria Okafor",
                    "quotes": [cited("We will not back down,", "d1", kind="direct"),
                               cited("the crews would stay", "d3", kind="indirect")]}],
        "entities": [{"id": "e1", "name": "Ilse Brandvik", "label": "PERSON", "mentions": 4}],
        "open_questions": [{"event": "ev-2", "title": "Joint survey", "status": "planned",
                            "date": "2024-07"}],
        "sources": SOURCES,
    }  # fmt: skip
    return brief | fields


def opened(data: bytes) -> list[Any]:
    """The document's paragraphs."""
    return list(docx.Document(io.BytesIO(data)).paragraphs)


def texts(data: bytes) -> list[str]:
    return [p.text for p in opened(data)]


def after(lines: list[str], heading: str) -> list[str]:
    """The lines of a section, up to the next heading of the brief."""
    headings = {"Summary", "Timeline", "Quotes", "Entities", "Open questions", "Sources"}
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in headings), len(lines))
    return lines[start:end]


def test_title_and_the_day_it_is_as_known_on():
    lines = texts(render_brief_docx(record()))
    assert lines[0] == "Herring quotas"
    assert "As known on 2024-04-21." in lines


def test_each_cited_sentence_ends_with_its_documents_number_in_superscript():
    paragraphs = opened(render_brief_docx(record()))
    summary = [p for p in paragraphs if p.text.startswith(("The ministers", "They met", "Fleets"))]
    numbers = [(p.runs[-1].text, p.runs[-1].font.superscript) for p in summary]
    assert numbers == [("1", True), ("2", True), ("1", True)]  # one number per document


def test_sources_list_each_number_with_outlet_date_headline_and_url():
    sources = after(texts(render_brief_docx(record())), "Sources")
    assert sources == [
        "1. Coastal Courier. 5 Mar 2024. “Ministers to meet”. "
        "https://coastal-courier.example/herring-talks. Document d1.",
        "2. Reuters. 20 Apr 2024. “Quotas restored”. Document d2.",
        "3. Document d3.",  # a document the store did not know: its id at least
    ]


def test_direct_quotes_in_quotation_marks_and_indirect_ones_as_reported_speech():
    quotes = after(texts(render_brief_docx(record())), "Quotes")
    assert quotes == [
        "Maria Okafor",
        "“We will not back down,”1",
        "Maria Okafor said that the crews would stay3",
    ]


def test_a_quote_of_no_kind_reads_as_before_in_quotation_marks():
    assert quote_text("X", cited("yes", "d1")) == "“yes”"
    assert (
        quote_text("X", cited("that it was over", "d1", kind="mixed")) == "X said that it was over"
    )


def test_timeline_entities_and_open_questions():
    lines = texts(render_brief_docx(record()))
    assert after(lines, "Timeline") == ["2024-04-18 — Geneva meeting (happened)"]
    assert after(lines, "Entities") == ["Ilse Brandvik (4)"]
    assert after(lines, "Open questions") == ["Joint survey: planned, 2024-07"]


def test_an_estimated_date_says_so():
    source = {"outlet": "Ledger", "published": "2024-03-11", "estimated": True}
    assert source_line("d9", source) == "Ledger. 11 Mar 2024 (estimated). Document d9."


def test_article_text_with_line_breaks_and_control_characters_still_makes_a_document():
    hostile = "first line\n\nsecond\x00 line\x0b <w:p/> & more"
    assert clean(hostile) == "first line second line <w:p/> & more"
    brief = record(title=hostile, sentences=[cited(hostile, "d1")], quotes=[], entities=[])
    lines = texts(render_brief_docx(brief | {"sources": {}}))
    assert lines[0] == "first line second line <w:p/> & more"
    assert "first line second line <w:p/> & more1" in lines


def test_an_empty_brief_says_what_is_missing():
    brief = record(title=None, as_of=None, sentences=[], events=[], quotes=[], entities=[],
                   open_questions=[])  # fmt: skip
    lines = texts(render_brief_docx(brief | {"sources": {}}))
    assert lines[0] == "st-1" and after(lines, "Summary") == ["(no sentences)"]
    assert after(lines, "Sources") == ["(none)"]

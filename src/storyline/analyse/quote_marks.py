"""Where the quotation marks of a text open and close: the spans of direct speech.

Pure character-level work, before and apart from any parse. The news conventions it follows:

* curly marks pair open to close (“…”, „…“, «…», and ‘…’ when not an apostrophe);
  straight double marks (") toggle;
* a quote never crosses a paragraph break unless the next paragraph reopens it: a quote that
  runs over several paragraphs leaves each one unclosed and opens the next with a fresh mark;
* unbalanced marks never swallow the rest of an article: an unclosed quote ends with its
  paragraph, and a closing mark with nothing open is ignored;
* scraped and edited text mixes the two styles (“…" and "…”): a straight mark closes a curly
  quote when no curly closing mark comes before the next opening one, and a curly closing mark
  closes a straight one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“”", "«": "»", "‘": "’", "‚": "‘’"}
_PARAGRAPH = re.compile(r"[^\n]+")
CURLY_MARKS = "“”„«»"
MIN_SINGLE_QUOTE_CHARS = 2  # ‘a’ is a letter being named, not a quotation


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One stretch of quoted words: ``start``/``end`` index the text inside the marks.

    ``open_start`` is the index of the opening mark; ``closed`` says whether a closing mark ended
    it (an unclosed span ends with its paragraph); ``continued`` says that the next paragraph
    reopens the same quotation.
    """

    open_start: int
    start: int
    end: int
    closed: bool
    continued: bool = False


def quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations of ``text`` in order (quotes nested inside them are not listed)."""
    spans: list[QuoteSpan] = []
    curly = any(mark in text for mark in CURLY_MARKS)
    for paragraph in _PARAGRAPH.finditer(text):
        spans.extend(_paragraph_spans(text, paragraph.start(), paragraph.end(), curly=curly))
    return _mark_continuations(text, spans)


def _paragraph_spans(text: str, start: int, end: int, *, curly: bool) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    opener: str | None = None
    opened_at = 0
    index = start
    while index < end:
        char = text[index]
        if opener is None:
            if _opens(text, index, start, end):
                opener, opened_at = char, index
        elif _closes(text, index, opener, end):
            if char != "’" or index - opened_at > MIN_SINGLE_QUOTE_CHARS:
                spans.append(QuoteSpan(opened_at, opened_at + 1, index, closed=True))
            opener = None
        index += 1
    if opener == '"' and curly and not _runs_on(text, start, opened_at, end):
        # A straight mark left open in a text that quotes with curly marks is debris, not a
        # quotation (scrapers leave one at paragraph starts): read on without it.
        return [*spans, *_paragraph_spans(text, opened_at + 1, end, curly=curly)]
    if opener is not None and opener != "‘":  # an open single mark is usually an apostrophe
        spans.append(QuoteSpan(opened_at, opened_at + 1, end, closed=False))
    return [span for span in spans if text[span.start : span.end].strip()]


def _runs_on(text: str, start: int, opened_at: int, end: int) -> bool:
    """Whether an unclosed straight mark opens a quotation that runs over paragraphs, as sources
    quoted in one style amid curly ones do: 'X told the Standard: "A.' then '"B."'. It follows a
    colon or comma, or the next paragraph opens with a quotation mark."""
    before = text[start:opened_at].rstrip()
    following = text[end:].lstrip("\n \t")
    return before.endswith((":", ",")) or following[:1] in ('"', "“")


def _opens(text: str, index: int, start: int, end: int) -> bool:
    char = text[index]
    if char == '"':
        return index + 1 < end and not text[index + 1].isspace()
    if char not in OPENERS:
        return False
    if char in "‘‚":
        # An opening single mark follows a space or bracket and precedes a letter or digit.
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        return (before.isspace() or before in '([—–-“"') and after.isalnum()
    return True


def _closes(text: str, index: int, opener: str, end: int) -> bool:
    char = text[index]
    if opener == '"':
        return char in '"”'
    if opener == "“" and char == '"':
        return _next_curly(text, index, end) != "”"
    if char not in OPENERS.get(opener, ""):
        return False
    if char == "’":
        # An apostrophe sits between letters ("it’s"); a closing mark does not.
        after = text[index + 1] if index + 1 < end else " "
        return not after.isalnum()
    return True


def _next_curly(text: str, index: int, end: int) -> str | None:
    """The next curly double mark after ``index`` in its paragraph, if any."""
    for char in text[index + 1 : end]:
        if char in "“”":
            return char
    return None


def _mark_continuations(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """An unclosed quote whose next paragraph opens with a quotation mark continues there."""
    result = []
    for index, current in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        continued = (
            not current.closed
            and following is not None
            and _first_in_next_paragraph(text, current.end, following.open_start)
        )
        result.append(
            QuoteSpan(current.open_start, current.start, current.end, current.closed, continued)
        )
    return result


def _first_in_next_paragraph(text: str, end: int, open_start: int) -> bool:
    between = text[end:open_start]
    return "\n" in between and not between.strip()

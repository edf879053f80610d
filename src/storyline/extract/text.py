"""Plain text scraped with its page around it → title, body, captions and the boilerplate removed.

A line classifier in four passes, cheapest first (lines of a hard-wrapped paragraph are joined
before it starts):

1. each line alone: translation note, page furniture, date stamp, byline, caption, a line the
   outlet repeats across its pages (``common_lines``), or prose;
2. the article's extent: the stretch of lines with the most prose in it, found as a maximum-sum
   segment over per-line scores (menus and footers score below zero, paragraphs above, and so
   does a sentence however short, or a dateline; a time heading or a table of figures is
   neutral), widened over a caption that parts the lead from the rest;
3. repeats: a headline printed two or three times, a lead paragraph printed again in the body,
   a caption printed twice;
4. roles by position: the title before the body, sub-headings kept inside it, and the lines
   after it (tags, link lists, prompts) set aside.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import Enum

from storyline.extract import lines as L
from storyline.extract.titles import clean_title, title_key
from storyline.extract.translation import translation_source

# Per-line scores for finding the article's extent (pass 2).
PROSE_MIN_WORDS = 8  # shorter lines are headings, labels or links, never evidence of prose
LONG_LINE_WORDS = 20  # a line this long is prose even without a closing full stop
PROSE_WORDS_PER_POINT = 6
LIST_PROSE_DISCOUNT = 2  # bulleted prose is more often a list of teasers than the article
FURNITURE_SCORE = -2.0
CAPTION_SCORE = -0.5
LIST_ITEM_SCORE = -3.0
SHORT_LINE_SCORE = -1.5
SENTENCE_SCORE = 0.5  # a short sentence ("Nobody answered.") is prose, however short
DATELINE_SCORE = 1.0  # "NAIROBI, Kenya (AP) _" opens the article
TIME_HEADING_SCORE = 0.0  # "7 p.m." heads an entry of a live report; it is no evidence either way
MIN_STOPWORD_SHARE = 0.2  # English prose: about a third of its words are function words
ENGLISH_STOPWORD_SHARE = 0.15  # below this over the whole page, the stopword test is off
# Titles (pass 4).
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 40
HEAD_LINES = 30  # headlines, datelines and decks are looked for this far down
_DIALOGUE = re.compile(r"^(Q|A|[A-Z][A-Z.' -]{1,30}):\s+\S")  # interview and transcript turns
MIN_INTRO_WORDS = 4
# A line that goes on a sentence: a lower-case word first, but no "o" bullet, URL or byline.
_WRAPPED = re.compile(r"^(?!(o|by|https?|www)\b)[a-z][a-z’'-]+\b(?![.:/])")
SENTENCE_TITLE_PENALTY = 2
TOP_LINE_BONUS = 2
# Sub-headings inside the body.
MAX_HEADING_WORDS = 15
MAX_SHORT_RUN = 3  # this many short lines in a row inside the body are a menu, not headings
MIN_CLEAN_PROSE = 2  # a headline and a prompt are no article, however clean they look
LINES_PER_STRAY_LABEL = 12  # a clean text may carry one furniture-like label per this many lines
MAX_CAPTION_GAP = 2  # captions between a lead and the paragraphs after it
MIN_WRAPPED_WORDS = 3  # a line this long that stops mid-sentence may go on in the next
MIN_LIST_ITEM_WORDS = 4
MIN_TABLE_ROWS = 2  # "Dead: 192" and "Injured: 4,877" in a row make a table of figures
MAX_TABLE_HEADING_WORDS = 4  # a bulleted item this long is content; shorter ones are links


class Role(Enum):
    TITLE = "title"
    BODY = "body"
    CAPTION = "caption"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article found in a page of plain text."""

    title: str | None
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    captions: tuple[str, ...]
    author: str | None = None
    translated_from: str | None = None
    header_dates: tuple[str, ...] = ()  # date lines above the article: the page's date, maybe

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class _Line:
    text: str
    words: int
    prose: bool
    role: Role | None = None
    list_item: bool = False
    caption: bool = False
    sentence: bool = False  # a short line that reads as a sentence (see lines.reads_as_sentence)
    dateline: bool = False
    timed: bool = False  # only a time of day: inside the body, the heading of a live entry
    announced: bool = False  # in a list or table that the article introduced ("… dates:")
    parts: tuple[str, ...] = ()  # the page's lines that make this one (a hard-wrapped paragraph)
    furniture: bool = False  # a menu, share bar, prompt or footer, or a line the outlet repeats


def clean_text(
    text: str, *, title: str | None = None, common_lines: Collection[int] = ()
) -> CleanText:
    """Split scraped plain text into the article and what surrounds it.

    ``title`` is a headline known from metadata; ``common_lines`` holds the
    :func:`lines.fingerprint` of lines that the same outlet prints on many pages.
    """
    classified = _classify(text, title, common_lines)
    page = classified.page
    cleaned = _collect(
        page, classified.title_index, title, classified.translated_from, classified.author
    )
    headers = tuple(line.text for line in page[: classified.start] if L.is_date_line(line.text))
    return replace(cleaned, header_dates=headers)


def classify_lines(text: str, *, common_lines: Collection[int] = ()) -> list[tuple[str, Role]]:
    """Each non-empty line of ``text`` with the role :func:`clean_text` gives it."""
    page = _classify(text, None, common_lines).page
    return [(part, line.role or Role.BOILERPLATE) for line in page for part in line.parts]


@dataclass(frozen=True, slots=True)
class _Classified:
    page: list[_Line]
    start: int  # where the article begins
    title_index: int | None
    translated_from: str | None
    author: str | None


def _classify(text: str, title: str | None, common_lines: Collection[int]) -> _Classified:
    page = _read_lines(text)
    translated_from, author = _mark_single_lines(page, common_lines)
    _mark_headline_printings(page)
    _mark_galleries(page)
    _mark_announced_lists(page)
    _mark_figure_tables(page)
    start, end = _article_extent(page)
    _mark_repeats(page, start, end)
    _mark_link_lists(page)
    title_index = _choose_title(page, start, title)
    if end > start and _is_clean(page):  # only around an article that was found
        start, end = _clean_extent(page, start, title_index)
    _mark_title_repeats(page, title_index, title)
    _assign_by_position(page, start, end)
    return _Classified(page, start, title_index, translated_from, author)


def _read_lines(text: str) -> list[_Line]:
    raw = [" ".join(line.split()) for line in text.splitlines()]
    raw = [line for line in raw if line]
    english = _looks_english(raw)
    page = []
    for parts in _unwrap(raw):
        line = _measure(" ".join(parts), english=english)
        line.parts = parts
        page.append(line)
    return page


def _unwrap(raw: list[str]) -> list[tuple[str, ...]]:
    """Lines of a hard-wrapped paragraph, joined again: a line that stops mid-sentence and one
    that goes on in lower case ("… the harbour master regularly" / "warns" / "of storms …")."""
    joined: list[list[str]] = []
    for line in raw:
        if joined and _continues(joined[-1], line):
            joined[-1].append(line)
        else:
            joined.append([line])
    return [tuple(parts) for parts in joined]


def _continues(parts: list[str], line: str) -> bool:
    """Whether ``line`` goes on the paragraph wrapped so far into ``parts`` (each part was tested
    as it joined, so only the first and the last need a look: no work grows with the paragraph)."""
    first, last = parts[0], parts[-1]
    if (
        not _WRAPPED.match(line)
        or (len(parts) == 1 and len(first.split()) < MIN_WRAPPED_WORDS)
        or L.BULLET.match(first)
    ):
        return False
    if L.ends_like_sentence(last) or last.endswith((",", "|", "-", "–", "—")):
        return False
    return not (L.furniture_reason(first) or L.furniture_reason(line) or L.BULLET.match(line))


def _looks_english(raw: list[str]) -> bool:
    tokens = [token for line in raw if len(line) > 80 for token in L.words(line)]
    return L.stopword_share(tokens) >= ENGLISH_STOPWORD_SHARE


def _measure(text: str, *, english: bool) -> _Line:
    tokens = L.words(text)
    count = len(tokens)
    sentence = L.ends_like_sentence(text)
    prose = count >= PROSE_MIN_WORDS and (sentence or count >= LONG_LINE_WORDS)
    if prose and english:
        prose = L.stopword_share(tokens) >= MIN_STOPWORD_SHARE
    return _Line(
        text=text,
        words=count,
        prose=prose,
        list_item=bool(L.BULLET.match(text)),
        sentence=english and not prose and L.reads_as_sentence(text),
        dateline=L.is_dateline(text),
    )


def _mark_single_lines(
    page: list[_Line], common_lines: Collection[int]
) -> tuple[str | None, str | None]:
    """Pass 1: what each line is on its own. Returns the translation source and the author."""
    translated_from = author = None
    for line in page:
        if line.words <= 20 and (language := translation_source(line.text)):
            translated_from = translated_from or language
            line.role = Role.BOILERPLATE
        elif (L.furniture_reason(line.text) or L.is_comment_byline(line.text)) or (
            common_lines and L.fingerprint(line.text) in common_lines
        ):
            line.role = Role.BOILERPLATE
            line.furniture = True
        elif L.is_clock_heading(line.text):
            line.timed = True  # inside the article, the heading of an entry of a live report
        elif L.is_date_line(line.text):
            line.role = Role.BOILERPLATE
        elif name := L.byline_name(line.text):
            author = author or name
            line.role = Role.BOILERPLATE
        elif not line.dateline and L.is_caption(line.text):
            line.caption = True
    return translated_from, author


def _mark_headline_printings(page: list[_Line]) -> None:
    """A headline printed more than once near the top is no paragraph, however long it is."""
    head = [
        line
        for line in page[:HEAD_LINES]
        if line.words <= MAX_TITLE_WORDS and not line.text.endswith(".")
    ]
    printings = Counter(title_key(line.text) for line in head)
    for line in head:
        if printings[title_key(line.text)] > 1:
            line.prose = False


def _mark_announced_lists(page: list[_Line]) -> None:
    """Lines after one that ends with a colon, up to the next paragraph: the list, table or
    exchange it announced ("Tour dates:", "Here is what he said:", "Q: … A: …")."""
    announced = False
    for line in page:
        if line.role is not None or line.caption:
            announced = False
        elif line.prose and not _DIALOGUE.match(line.text):
            announced = line.text.endswith(":")
        else:
            introduces = _introduces_list(line)
            line.announced = announced or introduces or bool(_DIALOGUE.match(line.text))
            announced = announced or introduces


_SLIDE = re.compile(r"(\d{1,3})/(\d{1,3})\s+\S")
MIN_SLIDES = 2


def _mark_galleries(page: list[_Line]) -> None:
    """A photo gallery's captions ("1/34 30 November 2017 A supporter of …", "12/34 …"): lines
    numbered as slides of one count, at least two of them (one "9/11 changed …" is prose)."""
    slides: dict[str, list[_Line]] = {}
    for line in page:
        match = _SLIDE.match(line.text.strip())
        if match and 0 < int(match[1]) <= int(match[2]):
            slides.setdefault(match[2], []).append(line)
    for lines in slides.values():
        if len(lines) >= MIN_SLIDES:
            for line in lines:
                line.caption = True


def _mark_figure_tables(page: list[_Line]) -> None:
    """A table of figures in the article ("Dead: 192" / "Injured: 4,877", under "KENYA:"): two
    or more such lines in a row, with the short headings between them, are the article's."""
    index = 0
    while index < len(page):
        end = index
        figures = 0
        while end < len(page) and page[end].role is None and not page[end].caption:
            if L.is_figure_line(page[end].text):
                figures += 1
            elif not (_table_heading(page[end]) and end + 1 < len(page)):
                break
            end += 1
        if figures >= MIN_TABLE_ROWS:
            for line in page[index:end]:
                line.announced = True
        index = max(end, index + 1)


def _table_heading(line: _Line) -> bool:
    return line.text.endswith(":") and line.words <= MAX_TABLE_HEADING_WORDS


def _introduces_list(line: _Line) -> bool:
    # "Tour dates for 2026:" introduces content; a bare "Categories:" heads a menu.
    return line.text.endswith(":") and line.words >= MIN_INTRO_WORDS and not line.list_item


def _score(line: _Line) -> float:
    if line.role is Role.BOILERPLATE:
        return FURNITURE_SCORE
    if line.caption:
        return CAPTION_SCORE
    if line.prose:
        return line.words / PROSE_WORDS_PER_POINT / (LIST_PROSE_DISCOUNT if line.list_item else 1)
    if line.timed:
        return TIME_HEADING_SCORE
    if line.dateline:
        return DATELINE_SCORE
    if line.sentence:
        return SENTENCE_SCORE
    if line.announced:
        return 0.0
    return LIST_ITEM_SCORE if line.list_item else SHORT_LINE_SCORE


def _article_extent(page: list[_Line]) -> tuple[int, int]:
    """Pass 2: the [start, end) stretch of lines with the highest total score (Kadane).

    Readers' comments are prose too: the stretch stops at a header that opens them.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, line in enumerate(page):
        if best > 0 and L.opens_comments(line.text):
            break
        if total <= 0:
            total, start = 0.0, index
        total += _score(line)
        if total > best:
            best, best_span = total, (start, index + 1)
    start, end = _over_captions(page, *best_span)
    while start > 0 and page[start - 1].timed:
        start -= 1  # the time heading the first entry of a live report
    while end < len(page) and page[end].announced:
        end += 1  # a list that closes the article scores nothing line by line, yet belongs to it
    return start, end


def _over_captions(page: list[_Line], start: int, end: int) -> tuple[int, int]:
    """A lead paragraph that a photo caption parts from the rest still opens the article."""
    gap = start - 1
    while gap >= 0 and start - gap <= MAX_CAPTION_GAP and page[gap].caption:
        gap -= 1
    if 0 <= gap < start - 1 and page[gap].role is None and (page[gap].prose or page[gap].sentence):
        return gap, end
    return start, end


def _mark_repeats(page: list[_Line], start: int, end: int) -> None:
    """Pass 3: a lead or deck printed again in the body keeps the later copy; a line printed
    twice in a row (a caption, a scraping stutter) keeps the first."""
    first_body = next((i for i in range(start, len(page)) if page[i].prose), start)
    forms = [L.normalise(line.text) for line in page]
    for index in range(min(first_body + 1, HEAD_LINES, len(page))):
        line = page[index]
        candidate = line.role is None and not line.caption and line.words >= PROSE_MIN_WORDS
        if index == 0 and _headline_like(line) and not L.ends_like_sentence(line.text):
            continue  # the headline opening a page, echoed by the lead: still the headline
        later = range(max(index + 1, start), end)
        if candidate and any(forms[index] in forms[other] for other in later):
            line.role = Role.BOILERPLATE
    for index in range(1, len(page)):
        line = page[index]
        previous = page[index - 1]
        same = line.text.casefold() == previous.text.casefold()
        if line.role is None and previous.role is None and same:
            line.role = Role.BOILERPLATE


def _is_clean(page: list[_Line]) -> bool:
    """Whether the text shows no sign of a page around it: no link list, no readers' comments,
    no run of short lines that could be a menu, and no furniture but a stray label or two
    (pages carry furniture in blocks: menus, share bars, footers)."""
    short_run = 0
    stray = 0
    for index, line in enumerate(page):
        if L.opens_link_list(line.text) or L.opens_comments(line.text) or L.is_menu_bar(line.text):
            return False
        if line.furniture:
            stray += 1
            if index and page[index - 1].furniture:
                return False
        short = not (line.prose or line.sentence or line.dateline or line.caption)
        short = short and not line.text.endswith((".", "!", "?"))
        short_run = short_run + 1 if short else 0
        if short_run >= MAX_SHORT_RUN:
            return False
    prose = sum(line.prose for line in page)
    return prose >= MIN_CLEAN_PROSE and stray <= max(1, len(page) // LINES_PER_STRAY_LABEL)


def _clean_extent(page: list[_Line], start: int, title_index: int | None) -> tuple[int, int]:
    """The article of a text with no furniture: every line after its extent (signatures, notes),
    and the short lines written as text just above it ("Letters.")."""
    first = title_index + 1 if title_index is not None and title_index < start else 0
    while start > first and _written_as_text(page[start - 1]):
        start -= 1
    return start, len(page)


def _written_as_text(line: _Line) -> bool:
    return line.role is None and not line.caption and _closes_paragraph(line)


def _mark_link_lists(page: list[_Line]) -> None:
    """Pass 3: "Also read:" and the other articles' headlines under it, up to the next paragraph."""
    in_list = False
    for line in page:
        if L.opens_link_list(line.text):
            in_list = True
            line.role = Role.BOILERPLATE
        elif in_list and line.prose and line.words >= LONG_LINE_WORDS and _closes_paragraph(line):
            in_list = False
        elif in_list:
            line.role = Role.BOILERPLATE


def _closes_paragraph(line: _Line) -> bool:
    return bool(re.search(r"[.!?][\"'”’»)]*$", line.text))


def _choose_title(page: list[_Line], start: int, known: str | None) -> int | None:
    """Pass 4: the headline among the lines before the body, or None when none is convincing."""
    head = range(start)
    if known:
        key = title_key(known)
        return next((i for i in head if title_key(page[i].text) == key), None)
    candidates = [i for i in head if _title_candidate(page[i]) and _headline_like(page[i])]
    if not candidates:
        return _headline_opening_the_body(page, start)
    printings = Counter(title_key(page[i].text) for i in head if page[i].words <= MAX_TITLE_WORDS)

    def score(index: int) -> int:
        line = page[index]
        value = 3 if printings[title_key(line.text)] > 1 else 0
        value += 2 if line.words >= 5 else 1
        value -= line.text.isupper()  # site names and kickers shout; headlines rarely do
        # A sentence with its full stop is a lead or a caption; headlines go without.
        value -= SENTENCE_TITLE_PENALTY * (line.sentence or line.text.endswith("."))
        # What a page of bare text opens with is its headline (site names are shorter).
        value += TOP_LINE_BONUS * (index == 0 and line.words >= 5 and not line.text.isupper())
        return value + (index == candidates[0]) + (index == candidates[-1])

    # On a tie, the line nearest the body: what stands right above an article is its headline.
    best = max(candidates, key=lambda index: (score(index), index))
    return next(i for i in candidates if title_key(page[i].text) == title_key(page[best].text))


def _title_candidate(line: _Line) -> bool:
    if line.role is not None or line.timed or L.is_menu_bar(line.text):
        return False
    # "Harbour strike ends - Reuters" reads as a credit only because of the agency after the dash.
    return not line.caption or clean_title(line.text) != line.text


def _headline_opening_the_body(page: list[_Line], start: int) -> int | None:
    """A page that opens with a question or exclamation over its first paragraph: the headline,
    though it reads as prose ("Will the pier reopen before the storms return?")."""
    if start != 0 or len(page) < 2 or not page[1].prose:
        return None
    first = page[0]
    if first.role is None and first.words <= MAX_HEADING_WORDS and first.text.endswith(("?", "!")):
        return 0
    return None


def _headline_like(line: _Line) -> bool:
    if not MIN_TITLE_WORDS <= line.words <= MAX_TITLE_WORDS or line.list_item:
        return False
    return not (line.text.endswith(".") and line.words > 25)


def _mark_title_repeats(page: list[_Line], title_index: int | None, known: str | None) -> None:
    headline = known or (page[title_index].text if title_index is not None else None)
    if headline is None:
        return
    key = title_key(headline)
    for index, line in enumerate(page):
        if index == title_index:
            line.role = Role.TITLE
        elif line.words <= MAX_TITLE_WORDS and title_key(line.text) == key:
            line.role = Role.BOILERPLATE


def _assign_by_position(page: list[_Line], start: int, end: int) -> None:
    """Pass 4: lines before and after the body are boilerplate; inside it, body or headings."""
    short_run: list[_Line] = []
    for index, line in enumerate(page):
        if line.role is not None:
            _flush_short_run(short_run)
            continue
        if line.caption:
            line.role = Role.CAPTION
        elif not start <= index < end:
            line.role = Role.BOILERPLATE
        elif (
            line.prose
            or line.announced
            or line.timed
            or line.dateline
            or line.text.endswith((".", "!", "?", "”", '"'))
        ):
            _flush_short_run(short_run)
            line.role = Role.BODY
        else:
            short_run.append(line)
            line.role = Role.BODY
    _flush_short_run(short_run)


def _flush_short_run(run: list[_Line]) -> None:
    """Short lines in a row inside the body: one or two are sub-headings, more are a menu,
    unless they are the items of a list written in words."""
    if all(line.list_item and line.words >= MIN_LIST_ITEM_WORDS for line in run):
        run.clear()
        return
    if len(run) >= MAX_SHORT_RUN or any(line.words > MAX_HEADING_WORDS for line in run):
        for line in run:
            line.role = Role.BOILERPLATE
    run.clear()


def _collect(
    page: list[_Line],
    title_index: int | None,
    known_title: str | None,
    translated_from: str | None,
    author: str | None,
) -> CleanText:
    title = known_title or (page[title_index].text if title_index is not None else None)
    return CleanText(
        title=clean_title(title) if title else None,
        paragraphs=tuple(line.text for line in page if line.role is Role.BODY),
        boilerplate=tuple(
            line.text
            for line in page
            if line.role in (Role.BOILERPLATE, None) or (line.role is Role.TITLE and known_title)
        ),
        captions=tuple(line.text for line in page if line.role is Role.CAPTION),
        author=author,
        translated_from=translated_from,
    )

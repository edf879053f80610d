"""What one line of a page is, judged from the line alone: furniture, caption, date, byline, prose.

Pure functions over a single string; the document-level decisions (where the article starts and
ends, what is the title) live in :mod:`storyline.extract.text`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.extract import patterns

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_COUNT = re.compile(r"[\s(\[]*\d+[\s)\]]*$")
_FURNITURE_LINE = re.compile(
    r"^(" + "|".join(f"(?:{p})" for p in patterns.FURNITURE_LINES) + r")$", re.IGNORECASE
)
_FURNITURE_PHRASE = re.compile("|".join(f"(?:{p})" for p in patterns.FURNITURE_PHRASES), re.I)
_LINK_LIST_HEADER = re.compile(r"^(" + "|".join(patterns.LINK_LIST_HEADERS) + ")", re.IGNORECASE)
_BYLINE = re.compile(patterns.BYLINE)
_COMMENT_HEADER = re.compile(
    r"^(" + "|".join(f"(?:{p})" for p in patterns.COMMENT_SECTION_HEADERS) + r")$", re.IGNORECASE
)
_COMMENT_BYLINE = re.compile(patterns.COMMENT_BYLINE, re.IGNORECASE)
_CAPTION = re.compile("|".join(f"(?:{p})" for p in patterns.CAPTION_PHRASES), re.IGNORECASE)
_AGENCY_CREDIT = re.compile(
    r"(^|[.!?”\"’)]\s+|\s*[|/(\[]\s*|\s+[–—-]\s+)("
    + "|".join(re.escape(a) for a in sorted(patterns.PHOTO_AGENCIES, key=len, reverse=True))
    + r")([\s/|,]+[\w .'/-]{1,40})?[\s.)\]]*$",
    re.IGNORECASE,
)
# Names long enough that capitals set them apart ("AP Top News" and "PA said" are no credits).
_CREDIT_NAMES = sorted((a for a in patterns.PHOTO_AGENCIES if len(a) >= 5), key=len, reverse=True)
# A caption led by its credit in capitals: "GETTY Riders cross the line in the first lap".
_LEADING_CREDIT = re.compile(
    r"^(" + "|".join(re.escape(a.upper()) for a in _CREDIT_NAMES) + r")\s+[A-Z][a-z]"
)
_DATE_WORD = re.compile(r"\b(" + "|".join(patterns.DATE_WORDS) + r")\b\.?", re.IGNORECASE)
_OTHER_CALENDAR_DATE = re.compile(
    r"^\d{1,2}\s+[A-Z][\w'’-]{2,15}\.?,?\s+\d{3,4}(\s*(AH|H|AP|SH))?$"
)
_SENTENCE_END = re.compile(r"[.!?…;:][\"'”’»)\]]*$|[\"”»]$")
_FULL_STOP = re.compile(r"[.!?…][\"'”’»)\]]*$|[.!?,…][\"'”’»]+\s*$")
_DATELINE = re.compile(patterns.DATELINE)
_FIGURE_LINE = re.compile(
    r"^[A-Z][\w ,'’/&().-]{0,40}:\s*[$€£]?\d[\d.,]*\s*(%|[a-z]{1,12})?\.?$", re.IGNORECASE
)
_CLOCK_TIME = re.compile(patterns.CLOCK_TIME, re.IGNORECASE)
BULLET = re.compile(r"^\s*([*•▪►·+–-]|\d{1,2}[.)])\s+|^\s*[*•▪►·+]\s*$")


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def stopword_share(tokens: list[str]) -> float:
    """Share of tokens that are English function words: prose scores high, menus and names low."""
    if not tokens:
        return 0.0
    return sum(token.lower() in STOP_WORDS for token in tokens) / len(tokens)


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def reads_as_sentence(line: str) -> bool:
    """A sentence however short: it closes with a full stop (or a closing quote) and has a
    lower-case content word, as prose has and Title Case headlines, names and labels lack."""
    text = line.strip()
    tokens = words(text)
    if len(tokens) < MIN_SENTENCE_WORDS or not _FULL_STOP.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«(—–-"):
        return False
    return any(
        token[0].islower() and token.lower() not in STOP_WORDS and len(token) > 1
        for token in tokens
    )


MIN_SENTENCE_WORDS = 3


def is_dateline(line: str) -> bool:
    """A dateline standing alone before the first paragraph: "NAIROBI, Kenya (AP) _",
    "WASHINGTON, March 12 (Xinhua) --", "(Undated)"."""
    return len(line) <= 80 and bool(_DATELINE.match(line.strip()))


def is_figure_line(line: str) -> bool:
    """A label and one figure: "Total dead: 192", "Turnout: 64.2%", "Cost: $4.5 million"."""
    return bool(_FIGURE_LINE.match(line.strip()))


def is_clock_heading(line: str) -> bool:
    """Only a time of day ("7 p.m.", "10:40 a.m. EDT"): between paragraphs, the heading of an
    entry of a live report; a date or a stamp ("Updated 7:45 pm") is none."""
    return bool(_CLOCK_TIME.match(line.strip()))


@lru_cache(maxsize=65536)
def furniture_reason(line: str) -> str | None:
    """Why a line is page furniture (menu, share bar, prompt, footer), or None if it is not."""
    text = line.strip()
    core = _COUNT.sub("", _TRIM.sub("", text))
    if not core:
        return "no words" if not any(ch.isalnum() for ch in text) else None
    if _FURNITURE_LINE.match(core):
        return "page furniture"
    if _is_gallery_strip(text):
        return "photo gallery"
    if len(text.split()) < patterns.SHORT_LINE_WORDS:
        return "page furniture" if _FURNITURE_PHRASE.search(text) else None
    if len(text) <= DENSE_FURNITURE_MAX_CHARS and (
        len(_FURNITURE_PHRASE.findall(text)) >= DENSE_FURNITURE_PHRASES
    ):
        return "page furniture"  # a sign-up form or player flattened into one longer line
    return None


DENSE_FURNITURE_PHRASES = 3
DENSE_FURNITURE_MAX_CHARS = 500  # a flattened form is short; a long paragraph is not scanned
_PHOTO_COUNTER = re.compile(r"(?<![\d/])(\d{1,3})\s?/\s?(\d{1,3})(?![\d/])")
GALLERY_MIN_COUNTERS = 3


def _is_gallery_strip(text: str) -> bool:
    """ "1/8 The scene after … 2/8 Police officers … 3/8 …": a slideshow flattened into a line."""
    counters = [(int(a), int(b)) for a, b in _PHOTO_COUNTER.findall(text)]
    by_total = Counter(total for index, total in counters if 0 < index <= total)
    return any(n >= GALLERY_MIN_COUNTERS for n in by_total.values())


_MENU_SEPARATOR = re.compile(r"\s*[|•·]\s*")
MENU_MIN_ITEMS = 4  # "Headline | Section | Site" is a title; four or more short items, a menu
MENU_ITEM_MAX_WORDS = 3


def is_menu_bar(text: str) -> bool:
    """ "Home | World | Business | Sport": short items in a row between separators."""
    items = [item for item in _MENU_SEPARATOR.split(text) if item]
    return len(items) >= MENU_MIN_ITEMS and all(
        len(item.split()) <= MENU_ITEM_MAX_WORDS for item in items
    )


def opens_link_list(line: str) -> bool:
    """A header such as "Also read:" or "Related stories", after which come other headlines."""
    text = _TRIM.sub("", line.strip())
    return len(text.split()) <= 6 and bool(_LINK_LIST_HEADER.match(text))


def opens_comments(line: str) -> bool:
    """A header such as "34 Comments" or "Leave a Reply": after it, readers speak."""
    text = line.strip().rstrip(":").strip()
    return len(text.split()) <= 15 and bool(_COMMENT_HEADER.match(text))


def is_comment_byline(line: str) -> bool:
    return bool(_COMMENT_BYLINE.match(line.strip()))


def is_caption(line: str) -> bool:
    """A photo caption or credit: ends with a credit, or speaks of itself as a picture."""
    text = line.strip()
    if len(text.split()) > 80:
        return False
    return bool(_CAPTION.search(text) or _AGENCY_CREDIT.search(text) or _LEADING_CREDIT.match(text))


MAX_STAMP_SOURCE_WORDS = 3


def is_date_line(line: str) -> bool:
    """A line that is only a date or time (a page header or an 'Updated' stamp), in any calendar."""
    text = line.strip()
    if not any(ch.isdigit() for ch in text) or len(text) > 80:
        return False
    if _OTHER_CALENDAR_DATE.match(text):
        return True
    source, bar, stamp = text.partition("|")
    if bar and len(source.split()) <= MAX_STAMP_SOURCE_WORDS and "|" not in stamp:
        text = stamp.strip()  # "Xinhua | Updated: 2017-09-15 17:52": the source, then the stamp
    rest = _DATE_WORD.sub(" ", re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text, flags=re.I))
    return not re.search(r"[^\W\d_]", rest)


def byline_name(line: str) -> str | None:
    """The author named by a byline such as "By Jane Doe" (short lines only)."""
    text = line.strip()
    if len(text.split()) > 12:
        return None
    match = _BYLINE.match(text)
    return match.group("name") if match else None


def fingerprint(line: str) -> int:
    """A signed 64-bit hash of :func:`normalise`, to count a line across an outlet's pages."""
    digest = hashlib.blake2b(normalise(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def normalise(line: str) -> str:
    """A form of a line for comparing repeats: lower case, words only, digits folded."""
    return re.sub(r"\d", "0", " ".join(words(line.lower())))

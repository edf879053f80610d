"""Headlines without the site and section names that pages glue to them."""

from __future__ import annotations

import re

from storyline.extract import patterns

_SEPARATOR = re.compile(patterns.TITLE_SEPARATORS)
_SECTION_SUFFIX = re.compile(patterns.TITLE_SECTION_SUFFIX)
_STAMP_SUFFIX = re.compile(patterns.TITLE_STAMP_SUFFIX, re.IGNORECASE)
MIN_HEADLINE_WORDS = 3


def clean_title(title: str) -> str:
    """Cut " | Section", " – Site name", "Section|" and an "Updated: …" stamp from a headline, as
    often as they occur."""
    text = " ".join(title.split())
    while True:
        shorter = _cut_once(text)
        if shorter == text:
            return text
        text = shorter


def _cut_once(text: str) -> str:
    stamp = _STAMP_SUFFIX.search(text)
    if stamp and _word_count(text[: stamp.start()]) >= MIN_HEADLINE_WORDS:
        return text[: stamp.start()].rstrip()
    section = _SECTION_SUFFIX.search(text)
    if section and _word_count(text[: section.start()]) >= MIN_HEADLINE_WORDS:
        return text[: section.start()].rstrip()
    parts = _SEPARATOR.split(text)
    if len(parts) < 2:
        return text
    head, tail = parts[0], parts[-1]
    # The site or section is the short end; the headline is the long one.
    if _is_label(tail) and _word_count(text) - _word_count(tail) >= MIN_HEADLINE_WORDS:
        return text[: _last_separator(text).start()].rstrip()
    first = _SEPARATOR.search(text)
    # A leading label only behind a pipe: "Opinion|…"; "Ukraine - Russia …" is a headline.
    behind_pipe = first is not None and "|" in first.group(0)
    if (
        behind_pipe
        and _is_label(head)
        and _word_count(text) - _word_count(head) >= MIN_HEADLINE_WORDS
    ):
        return text[first.end() :].lstrip()  # type: ignore[union-attr]
    return text


def _is_label(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= patterns.MAX_SITE_NAME_WORDS and not part.rstrip().endswith(("?", "!"))


def _last_separator(text: str) -> re.Match[str]:
    *_, last = _SEPARATOR.finditer(text)
    return last


def _word_count(text: str) -> int:
    return len(text.split())


def title_key(text: str) -> str:
    """What two printings of one headline share once site and section names are cut."""
    return " ".join(re.findall(r"\w+", clean_title(text).lower()))


def same_title(a: str, b: str) -> bool:
    return title_key(a) == title_key(b)

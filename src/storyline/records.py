"""The small records that travel through the pipeline: raw input, extracted article, analysis rows.

RawDocument ──extract──► Article ──annotate──► AnalysedDocument ──store──► rows
                 (or Failure at any step, naming the input and the reason)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["html", "text"]
QuoteKind = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["name", "pronoun", "nominal", "document"]

ID_LENGTH = 16  # hex digits of SHA-256: 64 bits, collision-free in practice up to billions of docs


def document_id(raw: bytes) -> str:
    """The stable id of a document: derived from its raw bytes only."""
    return hashlib.sha256(raw).hexdigest()[:ID_LENGTH]


@dataclass(frozen=True, slots=True)
class Hints:
    """What the input itself says about a document (JSONL fields, WARC and HTTP headers)."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    charset: str | None = None
    crawl_date: str | None = None
    headers: str | None = None  # a fetched page's HTTP response headers, "Name: value" lines


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read: the verbatim bytes and what to extract the article from.

    ``raw`` is stored as is and the id derives from it. ``payload`` is what extraction reads: the
    same bytes for a file, the decoded ``text``/``html`` field for a JSONL line, the HTTP body for
    a WARC record.
    """

    source: str
    location: str
    raw: bytes
    payload: bytes | str
    kind: Kind
    hints: Hints = field(default_factory=Hints)

    @property
    def id(self) -> str:
        return document_id(self.raw)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or analysed, with the reason in one line."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something deliberately not ingested, with the reason: a WARC record that is not HTML, or
    (``whole_file``) a file met in a folder or glob that is no article (a README, a licence)."""

    location: str
    reason: str
    whole_file: bool = False


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date: ``value`` an ISO prefix whose length is its granularity (a day, a
    month, a year); ``start`` and ``end`` the days it lies between, when they are narrower."""

    value: str
    source: Literal["metadata", "dateline", "header", "inferred", "correction"]
    confidence: float
    start: str | None = None
    end: str | None = None


DATE_CANDIDATES = "candidates"


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One reason to believe (or doubt) a publication date. Evidence of source
    :data:`DATE_CANDIDATES` decides nothing: its value lists the days (ISO, space-separated)
    that one clue leaves an undated article."""

    value: str
    source: str
    weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """The clean article extracted from one raw document."""

    title: str | None
    body: str
    boilerplate: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    translated_from: str | None = None
    published: PublishedDate | None = None
    crawl_date: str | None = None
    encoding: str | None = None
    header_date: str | None = None  # a date line printed above the article (may be a render date)
    render_date: str | None = None  # a page date the content showed was not the article's
    date_evidence: tuple[DateEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    label: str
    entity: int | None = None  # DocEntity.key within the document


@dataclass(frozen=True, slots=True)
class DocEntity:
    """One identity within a document: its fullest name, what it was called, and its roles."""

    key: int
    label: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[int, ...]  # indices into doc.ents

    def tokens(self) -> list[str]:
        return self.name.split()


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: what was said (character spans of ``doc.text``), by whom, with what cue."""

    start: int
    end: int
    spans: tuple[tuple[int, int], ...]
    kind: QuoteKind
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None  # the source as written ("he", "a senior official", "Mr Okafor")
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_kind: SpeakerKind | None = None
    speaker_name: str | None = None  # resolved: the entity's full name, else the source itself
    speaker_entity: int | None = None  # DocEntity.key of the speaker, when there is one
    # A nominal speaker's person or body ("his brother" of the gunman, "a Met spokesman" of the
    # Met): DocEntity.key; the speaker is never that entity itself.
    speaker_related: int | None = None


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression and its TIMEX3 value (a range also has start and end values)."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    range_start: str | None = None
    range_end: str | None = None
    tense: str | None = None  # of its clause: past, present or future (decides which "Friday")


@dataclass(frozen=True, slots=True)
class EventMention:
    """A word that names an event, with who, where, when, and what the sentence says of it."""

    start: int  # the trigger, in the body
    end: int
    trigger: str
    kind: str
    sentence_start: int
    sentence_end: int
    status: str  # happened|ongoing|confirmed|agreed|planned|rumoured|uncertain|postponed|cancelled
    cue: str | None = None  # the word the status was read from
    participants: tuple[int, ...] = ()  # DocEntity keys
    location: str | None = None
    location_entity: int | None = None
    date: str | None = None  # the TIMEX3 value of the time expression attached to it
    date_text: str | None = None
    date_start: int | None = None  # where that expression starts, to resolve it again
    roles: tuple[str, ...] = ()  # one per participant: agent, patient or counterpart
    counts: tuple[tuple[str, int], ...] = ()  # ("killed", 12): figures the sentence ties to it
    phrase: str | None = None  # the trigger with its modifiers: "plane crash", "hostile bid"
    target: str | None = None  # what it was done to, in the text's words: "21 schoolgirls"
    prominence: float = 0.0  # 1 in the headline or the first sentence, less further down
    places: tuple[int, ...] = ()  # DocEntity keys of the places its sentence names
    actor: str | None = None  # the common noun that did or underwent it: "tram", "ship"


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    """Everything the per-document stage computed for one document: small, picklable rows."""

    id: str
    source: str
    kind: Kind
    article: Article
    sentences: tuple[tuple[int, int], ...] = ()
    entities: tuple[EntityMention, ...] = ()
    doc_entities: tuple[DocEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[EventMention, ...] = ()
    line_fingerprints: tuple[int, ...] = ()  # short lines of a text page, to learn outlet furniture
    vector: bytes | None = None  # the headline and lead embedded (float16), when a model is there
    vector_model: str | None = None


def outlet_key(outlet: str) -> str:
    """One spelling per outlet for counting its lines: "www.Example.com" and "example.com" agree."""
    key = outlet.strip().lower()
    return key[4:] if key.startswith("www.") else key

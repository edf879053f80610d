"""Who said what: direct, mixed and indirect quotes, each with its cue and speaker.

A spaCy component (``storyline_quotes``, after ``parser`` and ``storyline_entities``):
:func:`find_quotes` computes, the component writes ``doc._.storyline_quotes``: one dict per
quote, with the fields of :class:`~storyline.records.Quote`, plain data that ``Doc.to_bytes`` and
``DocBin`` keep. :func:`doc_quotes` reads them back as records. Without ``storyline_entities``
before it, speakers stay as written (``nlp.analyze_pipes()`` reports the missing requirement).

How a quote is found, cheapest evidence first:

1. Quotation marks (:mod:`storyline.analyse.quote_marks`): the spans of direct speech, a quote
   that runs over paragraphs included.
2. Cues: verbs of saying (:mod:`storyline.analyse.cues`) outside quotation marks, and "according
   to".
3. For each cue, from the parse: the speaker is its subject (or the subject of the verb it is
   joined to, or the noun a relative clause hangs on); the content is its clausal complement
   ("X said that …"), the quotation it introduces with a colon, or, for "“…,” X said", the rest of
   the sentence around the cue clause. A quotation begun in one sentence and ended in the next
   goes with the cue after it.
4. Quotations with no cue of their own: a paragraph that opens with a quote right after a quote
   by someone continues that speaker's quote.
5. Speakers resolved: a name to the document's entity (:mod:`storyline.analyse.entities`); "he" or
   "she" to the latest named person speaking or mentioned before; anonymous and institutional
   sources ("a senior official", "the foreign ministry") kept as they are written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.analyse.cues import (
    ISSUE_FORMS,
    PERSONAL_PRONOUNS,
    QUOTING_FORMS,
    ROLE_WORDS,
    SPEECH_FORMS,
)
from storyline.analyse.doc_component import DocComponent, doc_text
from storyline.analyse.entities import doc_entities, entities_by_mention
from storyline.analyse.entity_evidence import ORG_NOUNS
from storyline.analyse.genders import Gender, genders
from storyline.analyse.plain import record_data, records_from
from storyline.analyse.quote_marks import QuoteSpan, quote_spans
from storyline.records import DocEntity, Quote, QuoteKind, SpeakerKind

DIRECT_SHARE = 0.95  # content this much inside quotation marks is direct speech
MIN_CONTENT_WORDS = 2
MIN_ORPHAN_WORDS = 4  # a cue-less quotation shorter than this is a scare quote, not speech
MIN_SENTENCE_SHARE = 0.3  # a quotation this much of its sentence is speech, not a scare quote
MAX_CUE_TAIL_CHARS = 80  # '“A,” Ruiz said on Monday. “B.”': the rest of the cue sentence
IT_REACH_CHARS = 400  # "…," it said: the speaker of a quote this close before
CHARGE_VERBS = frozenset({"accuse", "charge", "warn", "caution"})
POINT_FORMS = frozenset({"point", "points", "pointed", "pointing"})
SUBJECT_CHAIN_SENTENCES = 3  # how far back "she … she … she" is followed to a name
PRONOUN_REACH_CHARS = 1500  # a pronoun speaker stands for someone named this close before
_BREAKS = re.compile(r"\n+")
# A transcript's turn: a paragraph opening with a speaker's label ("Q:", "A:", "PENCE:", "Lester
# Holt:") and what they said.
_TURN = re.compile(
    r"(?m)^(?P<label>Q|A|(?:(?:Mr|Mrs|Ms|Dr)\.? )?[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,3}):"
    r"[ \t]+(?P<said>\S[^\n]*)"
)
_NOT_SPEAKERS = frozenset(
    """photo photos image images video source sources related read update updated note
    editor's editor’s watch listen more credit credits caption copyright advertisement tags
    topics share email warning breaking live see also""".split()
)
MIN_TURNS = 2
# What a document, not a person, is: it can "say" only for whoever wrote it. Things that show
# words ("the sign read", "a clock said it was 2.15am") say as little for themselves.
DOCUMENT_NOUNS = frozenset(
    """statement translation report news release letter post tweet document article website
    memo study survey poll data photo photos video footage understanding explanation message
    email note notice advertisement ad image picture filing transcript readout text book
    headline story editorial column leak file record log sign banner placard poster marquee
    billboard scoreboard clock screen display plaque label""".split()
)
_POSSESSIVE = re.compile(r"[’']s?$")
_PARENTHESIS = re.compile(r"\([^)]*\)?")
VERB_TAGS = frozenset({"VB", "VBD", "VBZ", "VBP", "VBG", "VBN"})
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp", "parataxis", "xcomp")
_SPEAKER_STOP_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Nouns of a role a person named in the article may hold ("the actress", "the coach").
SOURCE_ROLE_NOUNS = frozenset(
    "actress actor singer star player author lawyer attorney spokesman spokeswoman".split()
)
DATELINE_DASHES = frozenset({"—", "–", "-", "--"})
_PARTITIVE_HEADS = frozenset(
    {"one", "some", "many", "several", "two", "three", "few", "most", "another", "each", "all",
     "both", "none", "either", "neither", "any"}
)  # fmt: skip

if not Doc.has_extension("storyline_quotes"):
    Doc.set_extension("storyline_quotes", default=None)


@Language.factory(
    "storyline_quotes",
    requires=[
        "doc.ents", "doc.sents", "token.dep", "token.head", "token.tag", "token.ent_iob",
        "token.ent_type", "doc._.storyline_entities",
    ],
    assigns=["doc._.storyline_quotes"],
    default_config={},
)  # fmt: skip
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(name=name)


class QuoteFinder(DocComponent[list[Quote]]):
    """Finds the attributions of one document."""

    needs: ClassVar[Mapping[str, str]] = {
        "storyline_entities": "speakers are not resolved to the document's entities"
    }

    def __init__(self, *, name: str = "storyline_quotes") -> None:
        super().__init__(name)

    def compute(self, doc: Doc) -> list[Quote]:
        return find_quotes(doc)

    def set_annotations(self, doc: Doc, result: list[Quote]) -> None:
        doc._.storyline_quotes = tuple(record_data(quote) for quote in result)


def doc_quotes(doc: Doc) -> list[Quote]:
    """The quotes ``storyline_quotes`` left on ``doc``, as records (none if it did not run)."""
    return records_from(Quote, doc._.storyline_quotes)


# --- the whole document -------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A quotation, possibly over several paragraphs: its fragments inside the marks."""

    fragments: list[tuple[int, int]]
    open_start: int
    used: bool = False

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(slots=True)
class _Page:
    """A document with what every step needs computed once (``Doc.text`` is rebuilt per call)."""

    doc: Doc
    text: str
    blocks: list[_Block]
    quoted: _Quoted
    entities: list[DocEntity]
    owner: dict[int, DocEntity]  # mention index -> its entity
    mentions: list[tuple[int, int, int]]  # (start, end, mention index) of every mention


def find_quotes(doc: Doc) -> list[Quote]:
    """Every attribution in ``doc``, in text order, with speakers resolved where possible."""
    text = doc_text(doc)
    marks = quote_spans(text)
    entities = doc_entities(doc)
    page = _Page(
        doc, text, _blocks(marks), _Quoted(marks),
        entities, entities_by_mention(entities), _mention_index(doc),
    )  # fmt: skip
    found: list[Quote] = []
    for sentence in doc.sents:
        for cue in _cues(sentence, page.quoted):
            quote = _attribution(page, sentence, cue)
            if quote is not None:
                found.append(quote)
    found.sort(key=lambda quote: quote.start)
    quotes = _with_continuations(page, _resolve_speakers(page, _deduplicate(found)))
    quotes = sorted([*quotes, *_after_a_description(page)], key=lambda quote: quote.start)
    turns = _transcript_quotes(page, quotes)
    quotes = [q for q in quotes if not (_first_person(q) and _overlaps_any(q, turns))]
    return sorted([*quotes, *turns], key=lambda quote: quote.start)


def _first_person(quote: Quote) -> bool:
    """ "…, I promise": a cue whose speaker is the one talking, inside a turn of an interview."""
    return (quote.speaker or "").lower() in ("i", "we")


def _overlaps_any(quote: Quote, others: list[Quote]) -> bool:
    return any(quote.start < other.end and other.start < quote.end for other in others)


def _blocks(marks: list[QuoteSpan]) -> list[_Block]:
    blocks: list[_Block] = []
    continuing = False
    for mark in marks:
        if continuing and blocks:
            blocks[-1].fragments.append((mark.start, mark.end))
        else:
            blocks.append(_Block([(mark.start, mark.end)], mark.open_start))
        continuing = mark.continued
    return blocks


class _Quoted:
    """Which characters of the text lie inside quotation marks."""

    def __init__(self, marks: list[QuoteSpan]) -> None:
        self.starts = [mark.start for mark in marks]
        self.ends = [mark.end for mark in marks]

    def __contains__(self, index: int) -> bool:
        position = bisect_right(self.starts, index) - 1
        return position >= 0 and index < self.ends[position]

    def share(self, text: str, spans: Sequence[tuple[int, int]]) -> float:
        letters = [i for start, end in spans for i in range(start, end) if text[i].isalnum()]
        if not letters:
            return 0.0
        return sum(i in self for i in letters) / len(letters)


# --- cues ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cue:
    token: Token
    according_to: bool = False

    @property
    def span(self) -> tuple[int, int]:
        token = self.token
        end = token.nbor().idx + len(token.nbor()) if self.according_to else token.idx + len(token)
        return token.idx, end


def _cues(sentence: Span, quoted: _Quoted) -> Iterable[_Cue]:
    for token in sentence:
        if token.idx in quoted:
            continue
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.nbor().lower_ == "to"
        ):
            yield _Cue(token, according_to=True)
        elif (
            (
                token.lower_ in SPEECH_FORMS
                or token.lower_ in QUOTING_FORMS
                or _pointed_out(token)
                or _issued_a_statement(token)
            )
            and token.tag_ in VERB_TAGS
            and token.dep_ != "amod"
            and not _infinitive_of_a_noun(token)
        ):
            yield _Cue(token)


def _pointed_out(token: Token) -> bool:
    return token.lower_ in POINT_FORMS and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in token.children
    )


def _issued_a_statement(token: Token) -> bool:
    """ "The firm released a statement: '…'": issuing a document is saying its words."""
    return token.lower_ in ISSUE_FORMS and any(
        c.dep_ == "dobj" and c.lower_ in ("statement", "communique", "message")
        for c in token.children
    )


def _infinitive_of_a_noun(token: Token) -> bool:
    """ "an odd thing to say", "nothing to add": the verb describes a noun; no one speaks."""
    return (
        token.dep_ in ("relcl", "acl")
        and token.head.tag_.startswith(("NN", "PRP"))
        and any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
    )


# --- one attribution ----------------------------------------------------------------------------


def _attribution(page: _Page, sentence: Span, cue: _Cue) -> Quote | None:
    speaker = (
        _according_to_source(cue.token) if cue.according_to else _speaker(cue.token, page.quoted)
    )
    if speaker is not None and _is_document(speaker):
        # "a statement from the ministry"; "ANA said in a statement … The statement said"
        speaker = _author_of(speaker) or _earlier_issuer(speaker) or speaker
    elif speaker is not None and _is_bare_pronoun(speaker):
        speaker = None
    if cue.according_to and speaker is None:
        return None
    if not cue.according_to and _is_passive_without_agent(cue.token):
        return None
    text = page.text
    spans = _content(page, sentence, cue, speaker)
    if not spans:
        return None
    kind = _kind(page.quoted.share(text, spans))
    quoting = cue.token.lower_ in QUOTING_FORMS
    if sum(len(text[s:e].split()) for s, e in spans) < MIN_CONTENT_WORDS and not (
        quoting and kind == "direct"
    ):
        return None  # (a quoting verb's words may be one: "described it as 'pandemonium'")
    if speaker is None and kind == "indirect":
        return None  # reported speech with no one reporting it is no attribution
    if quoting and kind == "indirect" and not _as_claim(cue.token):
        return None  # "rejected the offer": a topic, not words
    for block in page.blocks:
        if any(s < block.end and e > block.start for s, e in spans):
            block.used = True  # a quotation inside this content is taken
    cue_start, cue_end = cue.span
    return Quote(
        start=spans[0][0],
        end=spans[-1][1],
        spans=tuple(spans),
        kind=kind,
        cue=text[cue_start:cue_end],
        cue_start=cue_start,
        cue_end=cue_end,
        speaker=speaker.text if speaker is not None else None,
        speaker_start=speaker.start_char if speaker is not None else None,
        speaker_end=speaker.end_char if speaker is not None else None,
        speaker_kind=_speaker_kind(speaker) if speaker is not None else None,
    )


def _as_claim(verb: Token) -> bool:
    """ "dismissed the report as fiction": the verb holds an "as" claim."""
    return any(child.dep_ == "prep" and child.lower_ == "as" for child in verb.children)


def _within_own_words(verb: Token, block: _Block) -> bool:
    """A quotation in a quoting verb's own clause, not in a clause joined to it ("China has
    condemned violence, and while Wang has declared it 'beyond …'")."""
    joined = {
        t.i
        for child in verb.children
        if child.dep_ in ("conj", "advcl", "parataxis", "cc")
        for t in child.subtree
    }
    own = [t for t in verb.subtree if t.i not in joined]
    start, end = own[0].idx, own[-1].idx + len(own[-1])
    return start - 3 <= block.start and block.end <= end + 3


def _quoting_content(page: _Page, verb: Token) -> list[tuple[int, int]]:
    """A quoting verb's words: the quoted ones in its claim ("described the scene as
    'pandemonium'"), else the claim itself ("dismissed the report as fiction")."""
    if not _as_claim(verb):
        return []
    start, end = _as_claim_span(verb)
    inside = [b for b in page.blocks if not b.used and start <= b.start and b.end <= end + 1]
    if inside:
        for block in inside:
            block.used = True
        return _trimmed(page.text, [f for block in inside for f in block.fragments])
    return _trimmed(page.text, [(start, end)])


def _as_claim_span(verb: Token) -> tuple[int, int]:
    """ "the report as a work of fiction": from the object to the end of the claim."""
    parts = [
        c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "as")
    ]
    tokens = [t for part in parts for t in part.subtree]
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def _kind(share: float) -> QuoteKind:
    if share >= DIRECT_SHARE:
        return "direct"
    return "mixed" if share > 0 else "indirect"


def _is_passive_without_agent(verb: Token) -> bool:
    deps = {child.dep_ for child in verb.children}
    return "auxpass" in deps and "agent" not in deps and "nsubj" not in deps


# --- the speaker --------------------------------------------------------------------------------


def _speaker(verb: Token, quoted: _Quoted) -> Span | None:
    """The source of a cue verb: its subject, or its head's when it has none of its own.

    A subject inside quotation marks is the quote's own word, not its source (the parse often
    hangs "said" on the quoted clause); the speaker is then the name beside the cue.
    """
    subjects = [child for child in verb.children if child.dep_ in SUBJECTS]
    if not subjects and (misparsed := _subject_parsed_as_modifiers(verb)) is not None:
        return misparsed
    if not subjects:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subjects = [c for c in agent.children if c.dep_ == "pobj"]
    if not subjects and verb.dep_ == "relcl":
        subjects = [verb.head]
    if not subjects and (enclosing := _enclosing_cue_speaker(verb, quoted)) is not None:
        return enclosing
    if not subjects:
        # "Ruiz was quoted as saying": the subject of the verb the cue hangs on.
        subjects = _governing_subjects(verb, quoted)
    subjects = [subject for subject in subjects if subject.idx not in quoted]
    if not subjects:
        return _earlier_cue_speaker(verb, quoted) or _adjacent_speaker(verb, quoted)
    named = [s for s in subjects if s.ent_type_ in ("PERSON", "ORG")]
    subject = (named or subjects)[0]
    if _is_dateline(subject):
        return _after_dateline(subject, verb)
    return _named_appositive(subject) or _noun_phrase(subject)


def _named_appositive(head: Token) -> Span | None:
    """ "The movement's spokesman, Zabihullah Mujahid, said": a description with a person's
    name beside it is that person."""
    if head.ent_type_ in ("PERSON", "ORG"):
        return None
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        names = [t for t in child.subtree if t.ent_type_ == "PERSON"]
        if names:
            start, end = _entity_bounds(names[-1])
            return head.doc[start:end]
    return None


def _is_document(speaker: Span) -> bool:
    """ "a brief statement", "the report", "a translation": a document or a thing said, which
    says something only for whoever wrote it; a speaker of its own kind."""
    root = speaker.root
    word = root.lower_
    return root.ent_type_ == "" and (
        word in DOCUMENT_NOUNS or (word.endswith("s") and word[:-1] in DOCUMENT_NOUNS)
    )


def _is_bare_pronoun(speaker: Span) -> bool:
    """ "which", "what", "this": words that stand for a thing, never for a source; "nobody"
    for no one; "who" and "that" asking or standing for nothing named ("Who says …?")."""
    if len(speaker) != 1:
        return False
    word = speaker.root.lower_
    if word in ("which", "what", "this", "nobody", "none"):
        return True
    return word in ("who", "that") and _relative_antecedent(speaker.root.head) is None


def _author_of(document: Span) -> Span | None:
    """Who a document that "said" something comes from: "a statement from the ministry",
    "the ministry's statement", "a Washington Post report", "a statement issued by the
    ministry"; None when it names no one."""
    head = document.root
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
            return _noun_phrase(child)
        if child.dep_ == "compound" and child.ent_type_ in ("ORG", "PERSON", "GPE"):
            start, end = _entity_bounds(child)  # "a Washington Post report"
            return document.doc[start:end]
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and not _is_document(objects[0].doc[objects[0].i : objects[0].i + 1]):
                return _noun_phrase(objects[0])
    return _issued_by(head)


def _earlier_issuer(document: Span) -> Span | None:
    """Who issued "the statement" an earlier sentence told of ("the airline said in a
    statement", "the ministry released a statement"): the nearest such, by name or noun, not
    by pronoun. None for "a statement", a new one."""
    head = document.root
    if not any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in head.children):
        return None
    doc = head.doc
    for token in reversed(doc[max(0, document.start - ISSUER_REACH) : document.start]):
        if token.lower_ != head.lower_:
            continue
        author = _author_of(doc[token.i : token.i + 1])
        if author is not None:
            return author
        verb = token.head
        if token.dep_ == "pobj" and verb.lower_ == "in":
            verb = verb.head  # "said in a statement"
        elif token.dep_ != "dobj" or verb.lower_ not in ISSUE_FORMS:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subject = min(subjects, key=lambda c: not c.ent_type_, default=None)  # a name first
        if subject is not None and subject.tag_ not in ("PRP", "WP", "WDT", "DT"):
            return _noun_phrase(subject)
    return None


def _issued_by(document: Token) -> Span | None:
    """ "a statement issued by the ministry": the agent of the verb that describes it."""
    for verb in document.children:
        if verb.dep_ == "acl" and verb.lower_ in ISSUE_FORMS:
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _noun_phrase(pobj)
    return None


ISSUER_REACH = 400  # tokens back: a few paragraphs


def _subject_parsed_as_modifiers(verb: Token) -> Span | None:
    """ "The 23-year-old added that …": the parse hangs the determiner and the adjective on the
    verb; the words from the determiner to the verb are its subject."""
    first = next(iter(verb.lefts), None)
    if first is None or first.dep_ != "det" or first.sent.start != first.i:
        return None
    between = verb.doc[first.i : verb.i]
    if any(t.dep_ in ("punct", "cc", "mark") and t.text != "-" for t in between):
        return None
    return between


def _is_name_word(token: Token) -> bool:
    """A proper noun that is no date or number ("said Ruiz", not "said Thursday")."""
    return token.tag_ in ("NNP", "NNPS") and token.ent_type_ in ("", "PERSON", "ORG")


def _is_verb(token: Token) -> bool:
    """A verb, and not a name the tagger took for one ("Tulsa" as VB)."""
    return token.tag_ in VERB_TAGS and not token.ent_type_


def _relative_antecedent(verb: Token) -> Token | None:
    """'Ruiz, who said …': the noun the relative clause of the cue hangs on."""
    token = verb
    for _ in range(3):
        if token.dep_ == "relcl":
            return token.head if token.head.tag_ not in VERB_TAGS else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _is_dateline(token: Token) -> bool:
    """'PORTLAND — Mayor Ana Ruiz said …': a place in capitals opening the article."""
    if not (token.is_upper and len(token) > 1 and token.i + 1 < len(token.doc)):
        return False
    opens = token.i == 0 or "\n" in token.doc[token.i - 1].text_with_ws
    return opens and token.nbor().text in DATELINE_DASHES


def _after_dateline(place: Token, verb: Token) -> Span | None:
    for token in place.doc[place.i + 2 : verb.i]:
        if token.ent_type_ in ("PERSON", "ORG"):
            return _noun_phrase(token)
    return None


def _adjacent_speaker(verb: Token, quoted: _Quoted) -> Span | None:
    """The name beside a finite cue the parse gave no subject: '“…,” Ruiz said', '“…,” said
    Ruiz', '“…,” Ana Ruiz, the mayor, said'."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    after = verb.i + 1
    if after < len(doc) and doc[after].ent_type_ in ("PERSON", "ORG"):
        first, last = _entity_bounds(doc[after])
        return doc[first:last]
    if verb.dep_ == "compound" and verb.head.i > verb.i:  # "Said Ruiz:" parsed as one noun
        return doc[after : verb.head.i + 1]
    names = 0
    while after + names < len(doc) and _is_name_word(doc[after + names]):
        names += 1
    if names:
        return doc[after : after + names]
    left = verb.i - 1
    while left >= 0 and doc[left].tag_ in ("RB", "MD"):  # "Ruiz also said", "Ruiz would say"
        left -= 1
    segments: list[list[Token]] = [[]]
    index = left
    while index >= verb.sent.start and doc[index].idx not in quoted and not doc[index].is_quote:
        token = doc[index]
        if token.text == ",":
            segments.append([])
        elif token.is_punct or token.is_space or token.dep_ == "cc" or _is_verb(token):
            return None  # the words before the cue are a clause of their own, not its speaker
        else:
            segments[-1].append(token)
        index -= 1
    for segment in reversed([list(reversed(seg)) for seg in segments if seg]):
        nouns = [t for t in segment if t.tag_ in ("NNP", "NNPS", "NN", "NNS")]
        if nouns:
            return doc[segment[0].i : nouns[-1].i + 1]
    return None


def _enclosing_cue_speaker(verb: Token, quoted: _Quoted) -> Span | None:
    """ "he said people were screaming, describing the scene as …": a participle cue inside the
    words of another cue is that cue's speaker's, not the reported clause's subject's."""
    if verb.tag_ != "VBG":
        return None
    token = verb
    for _ in range(4):
        if token.dep_ not in ("advcl", "ccomp", "xcomp", "conj") or token.head.i == token.i:
            return None
        token = token.head
        if _is_outer_cue(token, quoted) and token.dep_ != "ccomp":
            subjects = [c for c in token.children if c.dep_ in SUBJECTS and c.idx not in quoted]
            if (
                subjects
                and token.i < verb.i
                and any(t.dep_ == "ccomp" and t.i < verb.i for t in token.children)
            ):
                return _noun_phrase(subjects[0])
            return None
    return None


def _governing_subjects(verb: Token, quoted: _Quoted) -> list[Token]:
    """The subjects of the nearest verb above the cue that has some: "Ruiz was quoted as saying",
    "Ruiz appeared on television and began by saying"."""
    if (with_whom := _with_absolute(verb)) is not None:
        return [with_whom]
    token = verb
    if verb.dep_ == "xcomp":  # "That prompted the ambassador to say": the object says it
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.idx not in quoted]
        if objects:
            return objects
    for _ in range(4):
        if token.dep_ not in ("pcomp", "prep", "xcomp", "advcl", "conj") or token.head.i == token.i:
            return []
        token = token.head
        if token.tag_ in VERB_TAGS:
            subjects = [
                child
                for child in token.children
                if child.dep_ in SUBJECTS and child.idx not in quoted
            ]
            if subjects:
                return subjects
    return []


def _with_absolute(verb: Token) -> Token | None:
    """ "… with some drivers, including the winner, claiming conditions were fine": the noun
    after "with" that runs up to the cue says it (the parse hangs the cue on the main verb)."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    closing = before.is_punct  # a comma before the cue only closes an aside after the noun
    while before.is_punct and before.i > verb.sent.start:
        before = before.doc[before.i - 1]
    for noun in (t for t in verb.sent if t.dep_ == "pobj" and t.head.lower_ == "with"):
        if noun.i >= verb.i or max(t.i for t in noun.subtree) != before.i:
            continue
        aside = any(t.is_punct and t.i > noun.i for t in noun.subtree)
        if aside or not closing:  # "with the board, claiming": the board is where it was filed
            return noun
    return None


def _earlier_cue_speaker(verb: Token, quoted: _Quoted) -> Span | None:
    """'“…,” Ruiz said, adding …' / 'going on to say …': a cue with no subject after another cue
    of the same sentence has its speaker."""
    if verb.tag_ not in ("VBG", "VB"):
        return None
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if token.idx in quoted or not _is_outer_cue(token, quoted):
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECTS and c.idx not in quoted]
        if subjects:
            named = [s for s in subjects if s.ent_type_ in ("PERSON", "ORG")]
            return _noun_phrase((named or subjects)[0])
    return None


def _according_to_source(according: Token) -> Span | None:
    to = according.nbor()
    objects = [child for child in to.children if child.dep_ == "pobj"]
    if not objects:
        objects = [child for child in according.children if child.dep_ == "pobj"]
    return _noun_phrase(objects[0]) if objects else None


def _noun_phrase(head: Token) -> Span:
    """The source's words: the head and its modifiers, without clauses or appositives after it
    ("Tessa Brandvold, deputy … secretary," -> "Tessa Brandvold")."""
    if head.ent_iob_ in ("B", "I"):
        first, last = _entity_bounds(head)
        start, end = min(first, _left_edge(head)), last
    else:
        start, end = _left_edge(head), head.i + 1
    if head.lower_ in _PARTITIVE_HEADS or _is_role(head):
        # "one of the senior officials"; "Mayor of London Ana Ruiz", where the parse hangs the
        # name on the place
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                last = max(t.i for t in child.subtree) + 1
                if not _is_role(head) or head.doc[last - 1].ent_type_ == "PERSON":
                    end = max(end, last)
    return head.doc[start:end]


def _is_role(token: Token) -> bool:
    return token.ent_iob_ == "O" and token.lower_ in ROLE_WORDS


def _entity_bounds(token: Token) -> tuple[int, int]:
    """[start, end) token indices of the named entity ``token`` is in."""
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _left_edge(head: Token) -> int:
    left = head.i
    for child in head.lefts:
        if child.dep_ not in _SPEAKER_STOP_DEPS:
            left = min(left, child.left_edge.i)
    return left


def _speaker_kind(speaker: Span) -> SpeakerKind:
    if len(speaker) == 1 and speaker[0].lower_ in PERSONAL_PRONOUNS | RELATIVE_PRONOUNS:
        return "pronoun"
    if _is_document(speaker):
        return "document"
    root = speaker.root
    if root.ent_type_ in ("PERSON", "ORG") or (
        root.tag_ in ("NNP", "NNPS") and root.text[:1].isupper()
    ):
        return "name"  # a proper noun the NER missed is still a name
    return "nominal"


# --- the content --------------------------------------------------------------------------------


def _content(page: _Page, sentence: Span, cue: _Cue, speaker: Span | None) -> list[tuple[int, int]]:
    verb = cue.token
    introduced = _introduced_block(page, cue)
    if introduced is not None:
        introduced.used = True
        return _trimmed(page.text, introduced.fragments)
    nearby = [
        b for b in page.blocks if not b.used and _touches(b, sentence) and not _inside(verb, b)
    ]
    if verb.lower_ in QUOTING_FORMS:
        nearby = [b for b in nearby if _within_own_words(verb, b)]
    if nearby and not cue.according_to:
        chosen = _blocks_of_cue(page.text, sentence, verb, nearby)
        if chosen:
            for block in chosen:
                block.used = True
            return _trimmed(
                page.text, [fragment for block in chosen for fragment in block.fragments]
            )
    if cue.according_to:
        return _around(page.text, sentence, _according_phrase(verb))
    complement = _complement(verb)
    if complement is not None:
        return _trimmed(page.text, [_subtree_span(complement)])
    charge = _charge(verb)
    if charge is not None:
        return _trimmed(page.text, [charge])
    if verb.lower_ in QUOTING_FORMS:
        return _quoting_content(page, verb)
    if verb.dep_ in ("parataxis", "ccomp") and _is_outer_cue(verb.head, page.quoted):
        return []  # "Ruiz said it would tell the story": reported speech, not a second source
    if verb.dep_ == "ROOT" or verb.dep_ in ("parataxis", "ccomp"):
        # "The harbour was closed, a spokeswoman said." -- the content is the rest.
        clause = _cue_clause(verb, speaker)
        return _around(page.text, sentence, clause)
    return []


def _is_outer_cue(token: Token, quoted: _Quoted) -> bool:
    return token.lower_ in SPEECH_FORMS and token.tag_ in VERB_TAGS and token.idx not in quoted


def _introduced_block(page: _Page, cue: _Cue) -> _Block | None:
    """A quotation that a colon after the cue clause introduces: 'X said: “…”'."""
    verb = cue.token
    after = page.text[verb.idx + len(verb) : verb.idx + len(verb) + 80]
    colon = after.find(":")
    if colon < 0 or colon > 60 or "\n" in after[:colon]:
        return None
    position = verb.idx + len(verb) + colon + 1
    for block in page.blocks:
        gap = page.text[position : block.open_start]
        if not block.used and block.open_start >= position and not gap.strip():
            return block
    return None


def _touches(block: _Block, sentence: Span) -> bool:
    return any(
        start < sentence.end_char and end > sentence.start_char for start, end in block.fragments
    )


def _inside(token: Token, block: _Block) -> bool:
    return any(start <= token.idx < end for start, end in block.fragments)


def _blocks_of_cue(text: str, sentence: Span, verb: Token, nearby: list[_Block]) -> list[_Block]:
    """The quotations a cue owns: those that are its complement, or that fill the sentence
    around the cue clause ('“A,” he said, “B.”'). A quoted phrase inside reported speech is not
    one: that is a mixed quote, found through the complement."""
    complement = _complement(verb)
    if complement is not None:
        start, end = _subtree_span(complement)
        words = _alnum(text, [(start, end)])
        inside = _alnum(
            text,
            [
                (max(s, start), min(e, end))
                for b in nearby
                for s, e in b.fragments
                if s < end and e > start
            ],
        )
        if words and inside < 0.95 * words:
            return []  # a quoted fragment inside reported speech: a mixed quote
    owned = []
    sentence_words = _alnum(text, [(sentence.start_char, sentence.end_char)])
    for block in nearby:
        in_sentence = [
            (max(s, sentence.start_char), min(e, sentence.end_char))
            for s, e in block.fragments
            if s < sentence.end_char and e > sentence.start_char
        ]
        share = _alnum(text, in_sentence) / sentence_words if sentence_words else 0.0
        words = sum(len(text[start:end].split()) for start, end in in_sentence)
        crosses = block.start < sentence.start_char or block.end > sentence.end_char
        if share >= MIN_SENTENCE_SHARE or words >= MIN_ORPHAN_WORDS or crosses:
            owned.append(block)
    return owned


def _alnum(text: str, spans: Iterable[tuple[int, int]]) -> int:
    return sum(ch.isalnum() for start, end in spans for ch in text[start:end])


def _complement(verb: Token) -> Token | None:
    """The clause a cue reports: the one after it when there are two ("One thing is sure: Ruiz
    says the launch will go ahead")."""
    found = [
        child
        for child in verb.children
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.tag_ in VERB_TAGS)
    ]
    after = [child for child in found if child.i > verb.i]
    return after[0] if after and len(found) > 1 else (found[0] if found else None)


def _charge(verb: Token) -> tuple[int, int] | None:
    """ "accused them of stealing blankets", "warned against drawing conclusions": the charge or
    the warning, with whom it is about."""
    if SPEECH_FORMS.get(verb.lower_) not in CHARGE_VERBS:
        return None
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "against")]
    if not preps or not any(c.dep_ in ("pobj", "pcomp") for c in preps[0].children):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    start = min([*(o.left_edge.idx for o in objects), preps[0].idx])
    if not objects:
        start = next(t.idx for t in preps[0].subtree if t.i > preps[0].i)
    last = max(preps[0].subtree, key=lambda t: t.i)
    return start, last.idx + len(last)


def _subtree_span(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _cue_clause(verb: Token, speaker: Span | None) -> set[int]:
    """Token indices of "a spokeswoman said on Monday": the cue, its subject and modifiers."""
    clause = {verb.i}
    for child in verb.children:
        if child.dep_ in CONTENT_DEPS or child.dep_ == "punct" or _fronted_report(verb, child):
            continue
        clause.update(t.i for t in child.subtree)
    if speaker is not None:
        clause.update(range(speaker.start, speaker.end))
    return clause


def _fronted_report(verb: Token, child: Token) -> bool:
    """ "If anything, Japan has been too passive, said Ruiz": a whole clause before an inverted
    cue, parsed as its adverbial, is what was said."""
    if child.dep_ != "advcl" or child.i > verb.i or verb.i == 0:
        return False
    before = verb.doc[verb.i - 1]
    return (
        before.text == ","
        and max(t.i for t in child.subtree) == before.i - 1
        and any(t.dep_ in ("nsubj", "nsubjpass") for t in child.children)
    )


def _according_phrase(according: Token) -> set[int]:
    return {t.i for t in according.subtree}


def _around(text: str, sentence: Span, clause: set[int]) -> list[tuple[int, int]]:
    """The sentence outside the cue clause, as character spans."""
    spans: list[tuple[int, int]] = []
    run: list[Token] = []
    for token in sentence:
        if token.i in clause:
            if run:
                spans.append((run[0].idx, run[-1].idx + len(run[-1])))
                run = []
        else:
            run.append(token)
    if run:
        spans.append((run[0].idx, run[-1].idx + len(run[-1])))
    return _trimmed(text, spans)


def _trimmed(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans without the punctuation and quotation marks at their ends; empty ones dropped."""
    result = []
    for start, end in spans:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end > start:
            result.append((start, end))
    return result


# --- quotations without a cue -------------------------------------------------------------------


def _with_continuations(page: _Page, found: list[Quote]) -> list[Quote]:
    """A paragraph that opens with a quotation, with no cue of its own, right after a paragraph
    with someone's quote, goes on with that quote: its words join the same attribution. So does
    a quotation with no cue that opens the sentence after '“…,” Ruiz said.'."""
    text = page.text
    quotes = sorted(found, key=lambda quote: quote.start)
    for block in page.blocks:
        words = len(text[block.start : block.end].split())
        if block.used or words < MIN_CONTENT_WORDS:
            continue
        before = [i for i, q in enumerate(quotes) if q.end <= block.open_start]
        if not before:
            continue
        last = quotes[before[-1]]
        if _opens_paragraph(text, block.open_start):
            if (
                words < MIN_ORPHAN_WORDS
                or last.speaker_name is None
                or _paragraphs_between(text, last.end, block.open_start) != 1
            ):
                continue
        elif not _after_its_cue_sentence(page, last, block):
            continue  # right after its cue sentence, even a short quotation goes on the quote
        block.used = True
        fragments = _trimmed(text, block.fragments)
        if last.kind == "indirect":
            # "Ruiz said the plan was dead. 'We tried.'": her own words, a quote of their own
            quotes.append(
                replace(last, start=fragments[0][0], end=fragments[-1][1], spans=tuple(fragments),
                        kind="direct", cue=None, cue_start=None, cue_end=None)
            )  # fmt: skip
            quotes.sort(key=lambda quote: quote.start)
            continue
        spans = (*last.spans, *fragments)
        kind = _kind(page.quoted.share(text, spans))
        quotes[before[-1]] = replace(last, end=spans[-1][1], spans=spans, kind=kind)
    return quotes


def _after_a_description(page: _Page) -> list[Quote]:
    """ "Yoshihiro Naito, 77, opposed the idea. 'The commitment we made has kept us safe.'": a
    quotation with no cue of its own, opening the sentence after one whose subject is a person,
    in the same paragraph, is that person's."""
    doc, text = page.doc, page.text
    found = []
    for block in page.blocks:
        if block.used or len(text[block.start : block.end].split()) < MIN_ORPHAN_WORDS:
            continue
        if _opens_paragraph(text, block.open_start):
            continue
        mark = doc.char_span(block.open_start, block.open_start + 1, alignment_mode="expand")
        if mark is None or mark.sent.start == 0 or mark.sent.start_char < block.open_start - 1:
            continue
        previous = doc[mark.sent.start - 1].sent
        if "\n" in text[previous.end_char : block.open_start] or page.quoted.share(
            text, [(previous.start_char, previous.end_char)]
        ):
            continue
        subject = next((t for t in previous if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
        if subject is None or subject.ent_type_ != "PERSON":
            continue
        start, end = _entity_bounds(subject)
        speaker = doc[start:end]
        entity = _entity_in(text, speaker.start_char, speaker.end_char, page.mentions, page.owner)
        if entity is None or entity.label != "PERSON":
            continue
        block.used = True
        fragments = _trimmed(text, block.fragments)
        found.append(
            Quote(start=fragments[0][0], end=fragments[-1][1], spans=tuple(fragments),
                  kind="direct", speaker=speaker.text, speaker_start=speaker.start_char,
                  speaker_end=speaker.end_char, speaker_kind="name", speaker_name=entity.name,
                  speaker_entity=entity.key)
        )  # fmt: skip
    return found


def _after_its_cue_sentence(page: _Page, last: Quote, block: _Block) -> bool:
    """'“A,” Ruiz said. “B.”', '“A,” Ruiz said from her home, where … . “B.”': the block opens
    the sentence after a quoted one's cue, in the same paragraph."""
    if last.speaker_name is None or last.cue_end is None:
        return False
    text = page.text
    gap = text[max(last.end, last.cue_end, last.speaker_end or 0) : block.open_start]
    if "\n" in gap or not gap.rstrip().endswith("."):
        return False
    if len(gap) <= MAX_CUE_TAIL_CHARS and last.kind != "indirect":
        return True
    cue = page.doc.char_span(last.cue_start or 0, last.cue_end, alignment_mode="expand")
    if cue is None:
        return False
    sentence_end = cue.sent.end_char
    return not text[sentence_end : block.open_start].strip()


def _opens_paragraph(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t")
    return not before or before.endswith("\n")


def _paragraphs_between(text: str, start: int, end: int) -> int:
    """How many paragraph breaks lie between two offsets."""
    return len(_BREAKS.findall(text, start, end))


# --- interviews and transcripts ----------------------------------------------------------------


def _transcript_quotes(page: _Page, found: list[Quote]) -> list[Quote]:
    """The turns of an interview or a transcript, attributed by their labels: "NAME: text",
    "Q: text" (the interviewer) and "A: text" (the one interviewed: the person the document
    names most). Only where two turns or more are labelled, so that "Photo: …" is no speech."""
    text = page.text
    turns = [
        match
        for match in _TURN.finditer(text)
        if match.group("label").strip().lower() not in _NOT_SPEAKERS
        and not any(
            q.start < match.end() and q.end > match.start("said") and not _first_person(q)
            for q in found
        )
    ]
    if len(turns) < MIN_TURNS:
        return []
    people = [e for e in page.entities if e.label == "PERSON"]
    interviewed = max(people, key=lambda e: len(e.mentions), default=None)
    speakers = [_labelled_speaker(t.group("label").strip(), people, interviewed) for t in turns]
    turns = [  # a label that names no one of the document is a heading ("Destination: Mars!")
        t for t, who in zip(turns, speakers, strict=True) if who or t.group("label") == "Q"
    ]
    if len(turns) < MIN_TURNS:
        return []
    quotes = []
    for turn in turns:
        label = turn.group("label").strip()
        start, end = turn.start("said"), turn.end("said")
        while end > start and not text[end - 1].isalnum() and text[end - 1] not in "?!":
            end -= 1
        if len(text[start:end].split()) < MIN_CONTENT_WORDS:
            continue
        entity = _labelled_speaker(label, people, interviewed)
        name = "the interviewer" if label.upper() == "Q" else label
        quotes.append(Quote(
            start=start, end=end, spans=((start, end),), kind="direct", cue=None,
            speaker=label, speaker_start=turn.start("label"), speaker_end=turn.end("label"),
            speaker_kind="name" if entity is not None else "nominal",
            speaker_name=entity.name if entity is not None else name,
            speaker_entity=entity.key if entity is not None else None,
        ))  # fmt: skip
    return quotes


def _labelled_speaker(
    label: str, people: list[DocEntity], interviewed: DocEntity | None
) -> DocEntity | None:
    if label.upper() == "Q":
        return None
    if label.upper() == "A":
        return interviewed
    last = _POSSESSIVE.sub("", label).split()[-1].lower()
    named = [e for e in people if e.tokens() and e.tokens()[-1].lower() == last]
    return named[0] if len(named) == 1 else None


def _deduplicate(quotes: list[Quote]) -> list[Quote]:
    """Two cues can claim one content ("said … added"): keep the first claim of each span
    that names a speaker, else the first."""
    chosen: dict[tuple[tuple[int, int], ...], Quote] = {}
    for quote in quotes:
        kept = chosen.get(quote.spans)
        if kept is None or (kept.speaker is None and quote.speaker is not None):
            chosen[quote.spans] = quote
    return sorted(chosen.values(), key=lambda quote: quote.start)


# --- who the speakers are ----------------------------------------------------------------------


def _resolve_speakers(page: _Page, quotes: list[Quote]) -> list[Quote]:
    doc, text, quoted = page.doc, page.text, page.quoted
    entities, owner, mention_of = page.entities, page.owner, page.mentions
    # the genders the text shows are needed only for "he"/"she" and "his brother"
    needs_gender = any(q.speaker_kind in ("pronoun", "nominal") for q in quotes)
    gender_of = genders(doc, entities) if needs_gender else {}
    resolved: list[Quote] = []
    for quote in quotes:
        if quote.speaker_start is None or quote.speaker_end is None:
            resolved.append(quote)
            continue
        entity = _entity_in(text, quote.speaker_start, quote.speaker_end, mention_of, owner)
        if (quote.speaker or "").lower() in RELATIVE_PRONOUNS:
            # "an architect who said": the speaker as written is "who"; its name, the noun
            antecedent = _relative_speaker(doc, quote)
            if antecedent is not None:
                entity = _entity_in(
                    text, antecedent.start_char, antecedent.end_char, mention_of, owner
                )
                if entity is None:
                    resolved.append(replace(quote, speaker_name=antecedent.text))
                    continue
        if entity is None and quote.speaker_kind in ("name", "nominal"):
            entity = _entity_by_surname(quote.speaker or "", entities)
        nominal = _continued_nominal(quote, resolved, mention_of, owner, quoted)
        if entity is None and quote.speaker_kind == "pronoun" and nominal is None:
            entity = _antecedent(doc, quote, resolved, mention_of, owner, gender_of, quoted)
        if entity is not None:
            quote = replace(quote, speaker_name=entity.name, speaker_entity=entity.key)
        elif quote.speaker_kind != "pronoun":
            related = _related(doc, quote, resolved, mention_of, owner, entities, gender_of)
            quote = replace(
                quote,
                speaker_name=quote.speaker,
                speaker_related=related.key if related is not None else None,
            )
        elif nominal is not None:
            quote = replace(
                quote,
                speaker_name=nominal.speaker_name,
                speaker_related=nominal.speaker_related,
            )
        elif (named := _last_named_speaker(quote, resolved)) is not None:
            quote = replace(
                quote, speaker_name=named.speaker_name, speaker_entity=named.speaker_entity
            )
        resolved.append(quote)
    return resolved


def _related(
    doc: Doc,
    quote: Quote,
    earlier: list[Quote],
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    entities: list[DocEntity],
    gender_of: Mapping[int, Gender],
) -> DocEntity | None:
    """Whom a nominal speaker is tied to, never resolved to: a name inside it ("Ruiz's brother",
    "a Met spokesman", "a spokesperson for Acme"), the person its "his"/"her" stands for ("his
    sister"), or the one person the document gives its role ("the prime minister")."""
    start, end = quote.speaker_start, quote.speaker_end
    if start is None or end is None:
        return None
    inside = [owner[i] for s, e, i in mentions if s < end and e > start and i in owner]
    named = [e for e in inside if e.label == "PERSON"] or [
        e for e in inside if e.label in ("ORG", "GPE")
    ]
    if named:
        return named[-1]
    words = (quote.speaker or "").lower().split()
    if words and words[0] in ("his", "her"):
        pronoun = "he" if words[0] == "his" else "she"
        speaker = replace(quote, speaker=pronoun)
        return _antecedent(doc, speaker, earlier, mentions, owner, gender_of)
    return _role_holder(words[-1] if words else "", start, mentions, owner, entities)


def _role_holder(
    noun: str,
    start: int,
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    entities: list[DocEntity],
) -> DocEntity | None:
    """ "the prime minister": the one person named before with that role."""
    if noun not in ROLE_WORDS and noun not in SOURCE_ROLE_NOUNS:
        return None
    before = {owner[i].key for s, _, i in mentions if s < start and i in owner}
    holders = [
        e
        for e in entities
        if e.label == "PERSON"
        and e.key in before
        and any(noun in role.lower().split() for role in e.roles)
    ]
    return holders[0] if len(holders) == 1 else None


def _entity_by_surname(speaker: str, entities: list[DocEntity]) -> DocEntity | None:
    """A name the NER did not tag ("Said Ruiz:"): the one person of the document whose name
    ends with the speaker's last word."""
    words = _POSSESSIVE.sub("", speaker).split()
    if not words or not words[-1][:1].isupper():
        return None
    last = words[-1]
    found = [
        entity
        for entity in entities
        if entity.label == "PERSON" and len(entity.tokens()) > 1 and entity.tokens()[-1] == last
    ]
    return found[0] if len(found) == 1 else None


def _relative_speaker(doc: Doc, quote: Quote) -> Span | None:
    """The noun phrase a relative-pronoun speaker stands for."""
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    span = doc.char_span(quote.speaker_start, quote.speaker_end)
    if span is None:
        return None
    head = _relative_antecedent(span.root.head)
    return _noun_phrase(head) if head is not None else None


def _last_named_speaker(quote: Quote, earlier: list[Quote]) -> Quote | None:
    """For a pronoun no person mention explains: the last speaker named shortly before."""
    if (quote.speaker or "").lower() not in ("he", "she", "it"):
        return None
    start = quote.speaker_start or quote.start
    for previous in reversed(earlier):
        if start - previous.end > PRONOUN_REACH_CHARS:
            return None
        if previous.speaker_kind == "name" and previous.speaker_name:
            return previous
    return None


def _mention_index(doc: Doc) -> list[tuple[int, int, int]]:
    return [(ent.start_char, ent.end_char, index) for index, ent in enumerate(doc.ents)]


def _entity_in(
    text: str,
    start: int,
    end: int,
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
) -> DocEntity | None:
    """The person (else organisation) a speaker span names: the mention it ends with, not one
    that only qualifies it ("Ruiz campaign spokesman Ben Ode" is Ben Ode; "Ruiz's aide" is no
    one named)."""
    inside = [
        owner[i]
        for s, e, i in mentions
        if s < end and e > start and i in owner and _ends_speaker(text, e, end, owner[i].label)
    ]
    people = [entity for entity in inside if entity.label == "PERSON"]
    named = people or [entity for entity in inside if entity.label == "ORG"]
    return named[-1] if named else None


def _ends_speaker(text: str, mention_end: int, speaker_end: int, label: str) -> bool:
    """Whether only punctuation or a parenthesis ("(R-Utah)") follows a mention in its speaker,
    or, after an organisation's name, only what kind of body it is ("the Guardian newspaper",
    "KPNX channel"; "Ruiz's brother" is someone else)."""
    rest = _PARENTHESIS.sub("", text[mention_end:speaker_end])
    words = re.findall(r"[\w'’]+", rest.lower())
    if label == "ORG" and words and all(word in ORG_NOUNS for word in words):
        return True
    return not words


def _nearest_body(
    start: int,
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    bodies: tuple[str, ...],
) -> DocEntity | None:
    """ "it" or "they" for a body: the organisation or country named last, shortly before,
    with no person named between."""
    for s, _, i in reversed(mentions):
        if s >= start or i not in owner:
            continue
        if start - s > IT_REACH_CHARS or owner[i].label == "PERSON":
            return None
        if owner[i].label in bodies:
            return owner[i]
    return None


def _antecedent(
    doc: Doc,
    quote: Quote,
    earlier: list[Quote],
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    gender_of: Mapping[int, Gender] | None = None,
    quoted: _Quoted | None = None,
) -> DocEntity | None:
    """The person or body a pronoun speaker stands for, or None when no reader could tell.

    "he"/"she": a person the pronoun agrees with (the gender the text shows for them, where it
    shows one), as a reader would choose: the last speaker of a run of quotes, unless someone
    else was named since; else the subject of the sentence before; else the nearest one named
    before, close by. "it", as machine translation often writes "he": whoever spoke just
    before, close by, else the body named last; "they": the body that spoke or was named last.
    """
    pronoun = (quote.speaker or "").lower()
    start = quote.speaker_start or quote.start
    if pronoun in ("it", "they"):
        bodies = ("ORG", "GPE") if pronoun == "it" else ("ORG",)
        last = earlier[-1] if earlier else None
        after = last.end if last is not None else start - IT_REACH_CHARS
        outside = [
            m for m in mentions
            if m[0] >= after and not quote.start <= m[0] < quote.end
            and (quoted is None or m[0] not in quoted)
        ]  # fmt: skip
        named_since = _nearest_body(start, outside, owner, bodies)
        if named_since is not None:
            return named_since  # "Panama responded … and says it will"
        if (
            last is not None
            and last.speaker_entity is not None
            and start - last.end <= IT_REACH_CHARS
        ):
            spoke = next((e for e in owner.values() if e.key == last.speaker_entity), None)
            if spoke is not None and (pronoun == "it" or spoke.label in bodies):
                return spoke
        return _nearest_body(start, mentions, owner, bodies)
    if pronoun not in ("he", "she"):
        return None
    gender_of = gender_of or {}
    quoted = quoted or _Quoted([])

    def agrees(entity: DocEntity) -> bool:
        return entity.label == "PERSON" and gender_of.get(entity.key, pronoun) == pronoun

    binding = _binding_subject(doc, start, mentions, owner)
    if binding is not None and agrees(binding):
        return binding
    reported = [span for q in earlier for span in q.spans]
    named_before = [
        (s, owner[i])
        for s, _, i in mentions
        if s < start
        and i in owner
        and owner[i].label == "PERSON"
        and start - s <= PRONOUN_REACH_CHARS
        and s not in quoted
    ]  # fmt: skip (a name inside someone's quotation is no one who speaks next)
    last = earlier[-1] if earlier else None
    if last is not None and last.speaker_entity is not None:
        spoke = next((e for e in owner.values() if e.key == last.speaker_entity), None)
        since = [
            e
            for s, e in named_before
            if s >= last.start
            and e.key != last.speaker_entity
            and not any(a <= s < b for a, b in reported)
        ]  # fmt: skip (a name in the words reported breaks no run)
        if spoke is not None and agrees(spoke) and not any(agrees(e) for e in since):
            return spoke  # the run of quotes goes on
    subject = _previous_subject(doc, start, mentions, owner, pronoun)
    if subject is not None and agrees(subject):
        return subject
    candidates = [e for _, e in named_before if agrees(e)]
    return candidates[-1] if candidates else None


def _previous_subject(
    doc: Doc,
    start: int,
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    pronoun: str = "",
) -> DocEntity | None:
    """The person who is the subject of the sentence before the one at ``start``, looking
    further back while that subject is the same pronoun ("Kawamura stocked up. She feels
    helpless. 'There's nowhere to hide,' she said")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    sentence = span.sent
    for _ in range(SUBJECT_CHAIN_SENTENCES):
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
        subjects = [
            t for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
        ]
        person = next(filter(None, (_person_at(t, mentions, owner) for t in subjects)), None)
        if person is not None:
            return person
        if not any(subject.lower_ == pronoun for subject in subjects):
            return None
    return None


def _binding_subject(
    doc: Doc, start: int, mentions: list[tuple[int, int, int]], owner: dict[int, DocEntity]
) -> DocEntity | None:
    """ "Bamford said he recalled …": the person who is the subject of the clause a pronoun's
    own clause depends on."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root.head
    for _ in range(3):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
        subjects = (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        person = next(filter(None, (_person_at(t, mentions, owner) for t in subjects)), None)
        if person is not None:
            return person
    return None


def _person_at(
    token: Token, mentions: list[tuple[int, int, int]], owner: dict[int, DocEntity]
) -> DocEntity | None:
    """The person whose mention covers ``token``, if any."""
    for s, e, i in mentions:
        if s <= token.idx < e and i in owner and owner[i].label == "PERSON":
            return owner[i]
    return None


def _continued_nominal(
    quote: Quote,
    earlier: list[Quote],
    mentions: list[tuple[int, int, int]],
    owner: dict[int, DocEntity],
    quoted: _Quoted,
) -> Quote | None:
    """ "A ministry spokesman said … '…,' he said.": the unnamed source of the quote just before,
    when no one has been named since."""
    if (quote.speaker or "").lower() not in ("he", "she") or not earlier:
        return None
    last, start = earlier[-1], quote.speaker_start or quote.start
    if last.speaker_kind != "nominal" or last.speaker_entity is not None:
        return None
    if start - last.end > PRONOUN_REACH_CHARS:
        return None
    named_since = any(
        last.start <= s < start and s not in quoted and i in owner and owner[i].label == "PERSON"
        for s, _, i in mentions
    )
    return None if named_since else last

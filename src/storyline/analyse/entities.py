"""Entities within one document: every mention of a person or organisation resolved to one
identity, with its aliases and roles.

A spaCy component (``storyline_entities``, after ``ner`` and ``parser``) in two steps, as spaCy's
own components do: :func:`find_entities` computes, :meth:`EntityLinker.set_annotations` writes
``doc.ents`` (repaired) and ``doc._.storyline_entities``: one dict per entity, with the fields of
:class:`~storyline.records.DocEntity` (``key``, ``label``, ``name``, ``aliases``, ``roles``,
``mentions``: indices into ``doc.ents``), plain data that ``Doc.to_bytes`` and ``DocBin`` keep.
:func:`doc_entities` reads them back as records.

What it handles beyond the statistical NER:

* mentions NER split across a paragraph break, or mislabelled ("Ruiz" as ORG when "Ana Ruiz" is a
  person in the same article);
* names NER missed after a title ("Presidents Ngozi Okafor and …"), and any later use of a token of
  a known full name ("Ngozi" alone, as machine translation leaves it);
* honorifics and titles: "Mr Okafor" is Ngozi Okafor; "US President Ana Ruiz" gives the role
  "US President"; an appositive ("Tessa Brandvold, deputy harbour board press secretary,") too;
* misspellings of one name in one article ("Ada Kowal" / "Ada Kowol"), by a fuzzy ratio
  (rapidfuzz) between names that share a token;
* organisations by their acronym ("WHO" for "World Health Organization").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from storyline.analyse.cues import HONORIFICS, ROLE_WORDS
from storyline.analyse.doc_component import DocComponent
from storyline.analyse.entity_evidence import (
    ORG_WORDS,
    defined_in_brackets,
    joined_bodies,
    retyped,
    unglued,
    verb_opening,
    whole_place_names,
    with_known_names,
    with_repeated_names,
    with_teams,
    with_tickers,
    without_junk,
)
from storyline.analyse.known_names import known
from storyline.analyse.plain import record_data, records_from
from storyline.records import DocEntity

LINKED_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "PRODUCT", "LAW")
NAME_LABELS = ("PERSON", "ORG")
FUZZY_NAME_RATIO = 85  # "Ada Kowal" / "Ada Kowol" score 89; different people far lower
MAX_ROLE_TOKENS = 8
_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM_SKIP = frozenset("of the and for on in at to de la du des".split())

if not Doc.has_extension("storyline_entities"):
    Doc.set_extension("storyline_entities", default=None)


@Language.component(
    "storyline_paragraphs",
    assigns=["token.is_sent_start"],
)
def mark_paragraphs(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence (the parser respects boundaries set before it)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory(
    "storyline_entities",
    requires=[
        "doc.ents", "token.dep", "token.head", "token.tag", "token.ent_type", "token.is_sent_start",
    ],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "doc._.storyline_entities"],
    default_config={"fuzzy_ratio": FUZZY_NAME_RATIO},
)  # fmt: skip
def make_entity_linker(nlp: Language, name: str, fuzzy_ratio: int) -> EntityLinker:
    return EntityLinker(name=name, fuzzy_ratio=fuzzy_ratio)


Found = tuple[list[Span], list[DocEntity]]


class EntityLinker(DocComponent[Found]):
    """Resolves the mentions of one document to its entities."""

    def __init__(self, *, name: str = "storyline_entities", fuzzy_ratio: int = FUZZY_NAME_RATIO):
        super().__init__(name)
        self.fuzzy_ratio = fuzzy_ratio

    def compute(self, doc: Doc) -> Found:
        return find_entities(doc, fuzzy_ratio=self.fuzzy_ratio)

    def set_annotations(self, doc: Doc, result: Found) -> None:
        spans, entities = result
        doc.ents = spans
        doc._.storyline_entities = tuple(record_data(entity) for entity in entities)


def doc_entities(doc: Doc) -> list[DocEntity]:
    """The entities ``storyline_entities`` left on ``doc``, as records (none if it did not run)."""
    return records_from(DocEntity, doc._.storyline_entities)


def find_entities(
    doc: Doc, *, fuzzy_ratio: int = FUZZY_NAME_RATIO
) -> tuple[list[Span], list[DocEntity]]:
    """The repaired mention spans of ``doc`` and the entities they resolve to."""
    spans = joined_bodies(doc, unglued(doc, _split_at_paragraphs(doc)))
    spans = without_junk(doc, whole_place_names(doc, spans))
    spans = _add_names_after_titles(doc, spans)
    spans = with_tickers(doc, with_known_names(doc, spans))
    spans = retyped(doc, spans, _name_words(_person_names(spans)))
    people = _person_names(spans)
    spans = _relabel_name_tokens(spans, people)
    spans = _relabel_short_forms(spans, people)
    spans = _recover_name_tokens(doc, spans, people)
    spans = _complete_names(doc, _joined_adjacent_people(spans))
    spans = with_teams(doc, with_repeated_names(doc, spans))
    defined = defined_in_brackets(doc, spans)
    spans = _labelled_by_definitions(spans, defined)
    groups = _group([s for s in spans if s.label_ in LINKED_LABELS], spans, fuzzy_ratio)
    groups = _joined_by_definitions(groups, defined)
    entities = [_entity(doc, key, spans, members) for key, members in enumerate(groups)]
    return _labelled_as_entities(doc, spans, entities), entities


def _name_words(people: set[tuple[str, ...]]) -> set[str]:
    return {word for name in people for word in name}


def _labelled_as_entities(doc: Doc, spans: list[Span], entities: list[DocEntity]) -> list[Span]:
    """Every mention carries its entity's label (one mention NER called a person, of an
    organisation the document names four times, is the organisation)."""
    result = list(spans)
    for entity in entities:
        for index in entity.mentions:
            span = result[index]
            if span.label_ != entity.label:
                result[index] = Span(doc, span.start, span.end, label=entity.label)
    return result


# --- repairing the statistical mentions ---------------------------------------------------------


def _split_at_paragraphs(doc: Doc) -> list[Span]:
    """An entity never runs over a paragraph break: keep the part after it."""
    spans = []
    for ent in doc.ents:
        breaks = [t.i for t in ent if t.is_space and "\n" in t.text]
        if breaks:
            ent = Span(doc, breaks[-1] + 1, ent.end, label=ent.label_)
        if len(ent) and not ent.text.isspace():
            spans.append(ent)
    return spans


def _person_names(spans: list[Span]) -> set[tuple[str, ...]]:
    """The document's sure person names, as token tuples: full names, and single names that
    follow an honorific ("Mr Oyelaran")."""
    names = set()
    for span in spans:
        if span.label_ == "PERSON":
            tokens = tuple(clean_name(span).split())
            titled = span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS
            if len(tokens) >= 2 or (tokens and titled):
                names.add(tokens)
    return names


def _relabel_name_tokens(spans: list[Span], people: set[tuple[str, ...]]) -> list[Span]:
    """A one-word mention under another label ("Ruiz" as ORG, "Ngozi" as PRODUCT) that is a
    word of a person's full name in the same document is that person."""
    tokens = {token for name in people for token in name}
    result = []
    for span in spans:
        if span.label_ != "PERSON" and len(span) == 1 and clean_name(span) in tokens:
            span = Span(span.doc, span.start, span.end, label="PERSON")
        result.append(span)
    return result


def _relabel_short_forms(spans: list[Span], people: set[tuple[str, ...]]) -> list[Span]:
    """ "Nordhav said" after "Nordhav Energi ASA": a one-word mention NER called a person that
    is the first word of an organisation's longer name in the same document, and no word of a
    person's name there, is that organisation's short form; so is a nationality that acts,
    named as the body is less its "Airlines" ("American said" after "American Airlines")."""
    tokens = {token for name in people for token in name}
    firsts = {
        words[0]
        for span in spans
        if span.label_ == "ORG" and len(words := clean_name(span).split()) > 1
    }
    bodies = {_without_org_words(clean_name(s)) for s in spans if s.label_ == "ORG"}
    acting = {
        name
        for span in spans
        if span.label_ == "NORP" and (name := clean_name(span)).casefold() in bodies and _acts(span)
    }  # "American said" after "American Airlines": the airline, also in "flying on American"
    result = []
    for span in spans:
        name = clean_name(span)
        short_form = span.label_ == "PERSON" and len(span) == 1 and name in firsts
        a_body = span.label_ == "NORP" and name in acting and span.root.dep_ not in _MODIFIERS
        if (short_form and name not in tokens) or a_body:
            span = Span(span.doc, span.start, span.end, label="ORG")
        result.append(span)
    return result


_MODIFIERS = ("amod", "compound")  # "the American players": a nationality still


def _acts(span: Span) -> bool:
    """A one-word name that is the subject of a verb, or owns something: "American said",
    "American's statement". A nationality in the singular does neither."""
    return len(span) == 1 and span.root.dep_ in ("nsubj", "nsubjpass", "poss")


def _add_names_after_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names NER missed or mislabelled right after a title: "Presidents Ana Ruiz", "Mr Ruiz"."""
    covered = {i for span in spans if span.label_ == "PERSON" for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i == 0 or token.i in covered or not _name_word(token):
            continue
        before = doc[token.i - 1]
        honorific = before.lower_ in HONORIFICS
        title = _is_role_word(before) and before.tag_ != "JJ"  # not "the official X account"
        if not (honorific or title) or _name_word(before):
            continue
        end = token.i
        while end < len(doc) and end - token.i < 3 and _name_word(doc[end]) and end not in covered:
            end += 1
        if end - token.i >= (1 if honorific else 2):
            found.append(Span(doc, token.i, end, label="PERSON"))
    return _merge(spans, found)


def _recover_name_tokens(doc: Doc, spans: list[Span], people: set[tuple[str, ...]]) -> list[Span]:
    """Any capitalised word of a full name known in the document ("Ngozi" used alone)."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    tokens = {token for name in people for token in name}
    found = [
        Span(doc, token.i, token.i + 1, label="PERSON")
        for token in doc
        if token.i not in covered and _name_word(token) and token.text in tokens
    ]
    return _merge(spans, found)


def _complete_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A person's span takes in a first name NER left out ("Tunde" of "Tunde Oyelaran") and the
    rest of a hyphenated given name ("Ji" + "-won")."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    result = []
    for span in spans:
        start, end = span.start, span.end
        if span.label_ == "PERSON":
            while start > 0 and span.start - start < 2 and start - 1 not in covered:
                before = doc[start - 1]
                opening = bool(before.is_sent_start) and not (
                    len(span) == 1 and known(before.text) is None and not verb_opening(before, span)
                )  # "Jos" opening "Jos Verstappen said", not "Jubilant" of "Jubilant Ruiz"
                if not _name_word(before) or opening:
                    break
                start -= 1
            if end + 1 < len(doc) and _joins_hyphen(doc, end) and end + 1 not in covered:
                end += 2
        result.append(
            span
            if (start, end) == (span.start, span.end)
            else Span(doc, start, end, label="PERSON")
        )
    return result


def _joined_adjacent_people(spans: list[Span]) -> list[Span]:
    """ "Jos" + "Verstappen": two person mentions side by side on one line are one name."""
    result: list[Span] = []
    for span in spans:
        last = result[-1] if result else None
        if (
            last is not None
            and last.label_ == span.label_ == "PERSON"
            and last.end == span.start
            and last.doc[last.end - 1].whitespace_ == " "
            and all(_name_word(t) for t in (*last, *span))
        ):
            result[-1] = Span(span.doc, last.start, span.end, label="PERSON")
        else:
            result.append(span)
    return result


def _joins_hyphen(doc: Doc, index: int) -> bool:
    """A hyphen glued to the words on both sides: "Ji" "-" "won"."""
    hyphen = doc[index]
    return (
        hyphen.text == "-"
        and not doc[index - 1].whitespace_
        and not hyphen.whitespace_
        and doc[index + 1].is_alpha
    )


def _merge(spans: list[Span], found: list[Span]) -> list[Span]:
    """``found`` wins over the statistical spans it overlaps."""
    taken = {i for span in found for i in range(span.start, span.end)}
    kept = [span for span in spans if not any(i in taken for i in range(span.start, span.end))]
    return sorted(filter_spans([*kept, *found]), key=lambda span: span.start)


def _name_word(token: Token) -> bool:
    """A capitalised proper noun that is no title: a word a personal name can be made of."""
    text = token.text
    return (
        token.tag_ == "NNP"
        and text[:1].isupper()
        and not token.is_upper
        and text.replace("-", "").isalpha()
        and not _is_role_word(token)
        and token.lower_ not in HONORIFICS
    )


def _is_role_word(token: Token) -> bool:
    word = token.lower_
    return word in ROLE_WORDS or (word.endswith("s") and word[:-1] in ROLE_WORDS)


# --- grouping mentions into entities -----------------------------------------------------------


_EDITORS_BRACKETS = re.compile(r"[\[\]]")


def clean_name(span: Span) -> str:
    """A mention as written, without leading articles and honorifics or a trailing possessive."""
    tokens = [t for t in span if not t.is_space]
    person = span.label_ == "PERSON"
    while tokens and (
        tokens[0].lower_ in HONORIFICS
        or tokens[0].lower_ == "the"
        or (person and len(tokens) > 1 and _is_role_word(tokens[0]))
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    text = " ".join("".join(t.text_with_ws for t in tokens).split())
    text = _EDITORS_BRACKETS.sub("", text).strip(" -–")  # "[Donald] Trump", "-Korean"
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s")) else text


def _group(linked: list[Span], spans: list[Span], fuzzy_ratio: int) -> list[list[int]]:
    """Indices (into ``spans``) of the ``linked`` mentions, grouped by identity: full names
    first, then the short forms."""
    position = {(span.start, span.end): index for index, span in enumerate(spans)}
    groups: list[list[int]] = []
    names: list[str] = []  # the fullest name of each group so far
    labels: list[str] = []
    for span in sorted(linked, key=lambda span: -len(identity(span).split())):
        name = identity(span)
        if not name:
            continue
        match = _find_group(name, span.label_, names, labels, fuzzy_ratio)
        index = position[(span.start, span.end)]
        if match is None:
            groups.append([index])
            names.append(name)
            labels.append(span.label_)
        else:
            groups[match].append(index)
    return [sorted(group) for group in sorted(groups, key=min)]


def _labelled_by_definitions(spans: list[Span], defined: dict[int, int]) -> list[Span]:
    """Every mention of a name defined in brackets ("KCTV") has the label of the name that
    defined it."""
    label_of = {spans[alias].text: spans[name].label_ for alias, name in defined.items()}
    return [
        Span(span.doc, span.start, span.end, label=label_of[span.text])
        if span.text in label_of and span.label_ != label_of[span.text]
        else span
        for span in spans
    ]


def _joined_by_definitions(groups: list[list[int]], defined: dict[int, int]) -> list[list[int]]:
    """A mention defined in brackets ("Korean Central Television (KCTV)") joins its name's
    group, and so does the rest of its own group."""
    group_of = {index: number for number, group in enumerate(groups) for index in group}
    for alias, name in defined.items():
        a, b = group_of.get(alias), group_of.get(name)
        if a is None or b is None or a == b:
            continue
        groups[b].extend(groups[a])
        for index in groups[a]:
            group_of[index] = b
        groups[a] = []
    return [sorted(group) for group in sorted(filter(None, groups), key=min)]


def identity(span: Span) -> str:
    """The name a mention goes by: a known entity's canonical name ("United States" for
    "U.S."), else the mention as written, without titles."""
    name = clean_name(span)
    entry = known(name) if span.label_ != "PERSON" else None
    return entry.name if entry is not None and entry.label == span.label_ else name


def _find_group(
    name: str, label: str, names: list[str], labels: list[str], fuzzy_ratio: int
) -> int | None:
    folded = name.casefold()
    same_label = [i for i, other in enumerate(labels) if other == label]
    exact = [i for i, other in enumerate(names) if other.casefold() == folded]
    if exact:  # the same name is one thing, whatever NER called it each time
        return next((i for i in exact if labels[i] == label), exact[0])
    tokens = folded.split()
    if label == "PERSON":
        if len(tokens) == 1:
            holders = [i for i in same_label if tokens[0] in names[i].casefold().split()]
            return holders[0] if len(holders) == 1 else None
        bare = _without_initials(tokens)
        close = [
            i
            for i in same_label
            if set(tokens) & set(names[i].casefold().split())
            and not other_given_name(tokens, names[i].casefold().split())
            and (
                fuzz.ratio(folded, names[i].casefold()) >= fuzzy_ratio
                or bare == _without_initials(names[i].casefold().split())
            )
        ]
        return close[0] if len(close) == 1 else None
    if label == "ORG" and _looks_like_acronym(name):
        expansions = [
            i for i in same_label if name.upper() in (acronym(names[i]), acronym(names[i], True))
        ]
        return expansions[0] if len(expansions) == 1 else None
    if label == "ORG" and name[:1].isupper():  # "G League" of "NBA G League", "Hustle"
        longer = [i for i in same_label if names[i].casefold().endswith(" " + folded)]
        if not longer:  # "United" of "United Airlines" (and of "United Airlines Group")
            bodies = [i for i in same_label if _without_org_words(names[i]) == folded]
            longer = sorted(bodies, key=lambda i: len(names[i]))[:1]
        if not longer and len(tokens) == 1 and known(name) is None:
            longer = [i for i in same_label if _first_of_a_firm(folded, names[i])]
        return longer[0] if len(longer) == 1 else None
    return None


def other_given_name(a: list[str], b: list[str]) -> bool:
    """ "Jos Verstappen" and "Max Verstappen": one family name, two people."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    first_a, first_b = a[0].rstrip("."), b[0].rstrip(".")
    if len(first_a) == 1 or len(first_b) == 1:
        return False  # an initial may be either
    return first_a != first_b


def _first_of_a_firm(word: str, name: str) -> bool:
    """ "Nordhav" of "Nordhav Energi ASA": the first of a name of two words (less the words
    that say it is a body). Not of a longer, descriptive one: "Ulsan" is no short form of
    "Ulsan East Coast Fishing Cooperative"."""
    words = _without_org_words(name).split()
    return len(words) == 2 and words[0] == word


def _without_org_words(name: str) -> str:
    """ "united airlines" -> "united": a body's name without the words that say it is one."""
    words = name.casefold().split()
    while len(words) > 1 and words[-1] in ORG_WORDS:
        words.pop()
    return " ".join(words)


def _without_initials(tokens: list[str]) -> list[str]:
    """ "donald j. trump" -> "donald trump": a middle initial is no obstacle to one person."""
    if len(tokens) < 3:
        return tokens
    middle = [t for t in tokens[1:-1] if len(t.rstrip(".")) > 1]
    return [tokens[0], *middle, tokens[-1]]


def _looks_like_acronym(name: str) -> bool:
    """ "WHO", "TfL": one short word of mostly capitals."""
    return (
        2 <= len(name) <= 6
        and " " not in name
        and name[0].isupper()
        and sum(ch.isupper() for ch in name) >= 2
    )


def acronym(name: str, every_word: bool = False) -> str:
    """ "World Health Organization" -> "WHO" (small words skipped, unless ``every_word``:
    "Transport for London" -> "TFL")."""
    words = [
        w for w in name.replace("-", " ").split() if every_word or w.lower() not in _ACRONYM_SKIP
    ]
    return "".join(word[0] for word in words).upper()


def _entity(doc: Doc, key: int, spans: list[Span], members: list[int]) -> DocEntity:
    mentions = [spans[i] for i in members]
    names = [identity(span) for span in mentions]
    counts = Counter(names)
    label = Counter(span.label_ for span in mentions).most_common(1)[0][0]
    canonical = [
        name for span, name in zip(mentions, names, strict=True) if name != clean_name(span)
    ]
    fullest = canonical[0] if canonical else max(counts, key=lambda name: _fullness(name, names))
    written = (_EDITORS_BRACKETS.sub("", span.text).strip(" -–\n") for span in mentions)
    aliases = tuple(dict.fromkeys(text for text in written if text))
    roles = tuple(dict.fromkeys(role for span in mentions for role in _roles(doc, span)))
    return DocEntity(
        key, label, fullest, aliases, roles if label == "PERSON" else (), tuple(members)
    )


def _fullness(name: str, names: list[str]) -> tuple[int, bool, int, int]:
    """Most words first; a name written in capitals only when no other spelling has the
    words ("SEOUL" of a dateline is "Seoul"); then the most used, then the first."""
    return (len(name.split()), not name.isupper(), names.count(name), -names.index(name))


# --- roles ------------------------------------------------------------------------------------


def _roles(doc: Doc, span: Span) -> Iterable[str]:
    if span.label_ != "PERSON":
        return
    title = _title_before(doc, span)
    if title:
        yield title
    appositive = _appositive(span)
    if appositive:
        yield appositive


def _title_before(doc: Doc, span: Span) -> str | None:
    """ "US President" in "US President Ana Ruiz": modifiers of the name right before it."""
    start = span.start
    inside = {t.i for t in span}
    while start > 0 and span.start - start < MAX_ROLE_TOKENS:
        token = doc[start - 1]
        if token.dep_ not in ("compound", "amod", "nmod", "nn") or token.is_punct:
            break
        if token.head.i not in inside and not (start <= token.head.i < span.end):
            break
        start -= 1
    words = [t for t in doc[start : span.start] if t.lower_ not in HONORIFICS]
    if not any(_is_role_word(t) for t in words):
        return None
    if len(words) == 1 and words[0].lower_ not in ROLE_WORDS:
        return words[0].text[:-1]  # "Presidents Okafor and Ruiz": one president each
    return " ".join("".join(t.text_with_ws for t in words).split())


def _appositive(span: Span) -> str | None:
    """ "deputy harbour board press secretary" in "Tessa Brandvold, deputy harbour board …,"."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
            words = [t for t in child.subtree if not t.is_space]
            while words and (words[-1].is_punct or words[0].is_punct):
                words = words[:-1] if words[-1].is_punct else words[1:]
            text = "".join(t.text_with_ws for t in words).strip()
            if 0 < len(words) <= 12 and child.tag_ in ("NN", "NNS", "NNP"):
                return " ".join(text.split())
    return None


def entities_by_mention(entities: list[DocEntity]) -> dict[int, DocEntity]:
    """Which entity each mention (index into doc.ents) belongs to."""
    owner: dict[int, DocEntity] = {}
    for entity in entities:
        for mention in entity.mentions:
            owner[mention] = entity
    return owner


def grouped_labels(entities: list[DocEntity]) -> dict[str, list[DocEntity]]:
    result: dict[str, list[DocEntity]] = defaultdict(list)
    for entity in entities:
        result[entity.label].append(entity)
    return result

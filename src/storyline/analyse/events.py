"""Event mentions: the words that name meetings, visits, deals, sanctions, elections, attacks …,
with their participants, place and date, and what the sentence says of them.

``storyline_events`` runs after the entity and time components. For each trigger word
(:mod:`storyline.analyse.event_words`) it reads, from the parse:

* who: the people, organisations and countries in the trigger's clause;
* where: a place after "in"/"at" in that clause, or one naming the event ("the Port Anselm
  summit");
* when: the time expression of that clause nearest the trigger;
* status, with the word it was read from as evidence: called off or postponed; happened (a
  past-tense trigger, or "took place", "was held"); confirmed; agreed ("agreed to meet");
  rumoured ("may meet", "according to a report"); uncertain ("unclear whether"); planned ("is
  expected to", "will", "a planned meeting", a date ahead); ongoing. A negation flips or weakens
  it: "the guild has not confirmed the strike" is no confirmation, "did not meet" no meeting.

Resolution of the date waits for the publication date (see :mod:`storyline.analyse.annotate`): the
mention keeps the offset of its time expression.

``doc._.storyline_events`` holds one dict per mention, with the fields of
:class:`~storyline.records.EventMention`: plain data that ``Doc.to_bytes`` and ``DocBin`` keep.
:func:`doc_events` reads them back as records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.analyse import event_words as E
from storyline.analyse.doc_component import DocComponent
from storyline.analyse.entities import doc_entities
from storyline.analyse.plain import record_data, records_from
from storyline.analyse.timexes import doc_timexes
from storyline.records import DocEntity, EventMention, Timex

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
PAST_TAGS = ("VBD",)
MAX_ANCESTORS = 6
# "since 2018", "until March": the edge of a stretch of time, not the date of the event.
_SPAN_START = re.compile(r"\b(?:since|until|till)\s+(?:the\s+)?$", re.IGNORECASE)

if not Doc.has_extension("storyline_events"):
    Doc.set_extension("storyline_events", default=None)


@Language.factory(
    "storyline_events",
    requires=[
        "doc.ents", "doc.sents", "token.dep", "token.head", "token.tag",
        "doc._.storyline_entities", "doc._.storyline_timexes",
    ],
    assigns=["doc._.storyline_events"],
    default_config={},
)  # fmt: skip
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    return EventFinder(name=name)


class EventFinder(DocComponent[list[EventMention]]):
    """Finds the event mentions of one document."""

    needs: ClassVar[Mapping[str, str]] = {
        "storyline_entities": "events have no participants or places",
        "storyline_timexes": "events have no dates",
    }

    def __init__(self, *, name: str = "storyline_events") -> None:
        super().__init__(name)

    def compute(self, doc: Doc) -> list[EventMention]:
        return find_events(doc, doc_timexes(doc))

    def set_annotations(self, doc: Doc, result: list[EventMention]) -> None:
        doc._.storyline_events = tuple(record_data(event) for event in result)


def doc_events(doc: Doc) -> list[EventMention]:
    """The mentions ``storyline_events`` left on ``doc``, as records (none if it did not run)."""
    return records_from(EventMention, doc._.storyline_events)


@dataclass(frozen=True, slots=True)
class _Trigger:
    start: int  # token indices
    end: int
    kind: str
    verb: bool


def find_events(doc: Doc, timexes: list[Timex]) -> list[EventMention]:
    """Every event mention of a parsed document (``timexes``: its resolved time expressions)."""
    owners = _entity_of_mention(doc)
    dates = _dates(doc.text, timexes)
    mentions = []
    for sentence in doc.sents:
        lowered = sentence.text.lower()
        hearsay = next((h for h in E.HEARSAY if h in lowered), None)
        for trigger in _triggers(sentence):
            mentions.append(_mention(doc, sentence, trigger, owners, dates, hearsay))
    return mentions


def _triggers(sentence: Span) -> list[_Trigger]:
    found: list[_Trigger] = []
    taken: set[int] = set()
    tokens = list(sentence)
    for position, token in enumerate(tokens):
        if token.i in taken:
            continue
        if position + 1 < len(tokens):
            pair = f"{token.lower_} {tokens[position + 1].lower_}"
            if pair in E.EVENT_NOUNS and tokens[position + 1].tag_.startswith("NN"):
                found.append(_Trigger(token.i, token.i + 2, E.EVENT_NOUNS[pair], verb=False))
                taken.update((token.i, token.i + 1))
                continue
        word = token.lower_
        if token.tag_.startswith("NN") and word in E.EVENT_NOUNS and _names_event(token):
            found.append(_Trigger(token.i, token.i + 1, E.EVENT_NOUNS[word], verb=False))
        elif token.tag_.startswith("VB") and word in E.VERB_FORMS:
            kind = E.EVENT_VERBS[E.VERB_FORMS[word]]
            if kind != "election" or token.dep_ != "amod":  # not "elected officials"
                found.append(_Trigger(token.i, token.i + 1, kind, verb=True))
    return found


def _names_event(token: Token) -> bool:
    word = token.lower_
    if word == "call":  # "a call between the leaders", not "a call for calm"
        return any(child.lower_ in ("between", "with") for child in token.children)
    if word in ("primary", "ban", "tour", "vote"):
        return token.dep_ not in ("amod", "compound")
    if E.EVENT_NOUNS.get(word) == "disaster" and token.dep_ == "attr":
        return False  # "the vote was a landslide" describes, it names no disaster
    if word == "crash":
        return not any(t.lower_ in ("market", "stock", "price", "prices") for t in token.lefts)
    return True


def _mention(
    doc: Doc,
    sentence: Span,
    trigger: _Trigger,
    owners: dict[int, DocEntity],
    dates: list[Timex],
    hearsay: str | None,
) -> EventMention:
    head = doc[trigger.end - 1]
    clause = _clause(head)
    status, cue = _status(head, trigger.verb, hearsay)
    location, location_key = _location(doc, head, clause, owners)
    timex = _date(head, _date_region(head), dates)
    return EventMention(
        start=doc[trigger.start].idx,
        end=head.idx + len(head),
        trigger=doc[trigger.start : trigger.end].text,
        kind=trigger.kind,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        status=status,
        cue=cue,
        participants=_participants(doc, head, clause, owners, location_key),
        location=location,
        location_entity=location_key,
        date=timex.value if timex else None,
        date_text=timex.text if timex else None,
        date_start=timex.start if timex else None,
    )


def _clause(token: Token) -> Span:
    """The words that belong with a trigger: the subtree of the verb that governs it."""
    node = token
    for _ in range(MAX_ANCESTORS):
        if (
            node.tag_.startswith("VB") and node.dep_ not in ("amod", "acl")
        ) or node.head.i == node.i:
            break
        node = node.head
    left, right = node.left_edge.i, node.right_edge.i + 1
    return token.doc[left:right]


def _date_region(token: Token) -> list[tuple[int, int]]:
    """Where a trigger's own date is said: its own words ("the summit next month"), and the time
    modifiers of the verb whose subject, object or complement it is, through prepositions and
    nouns ("held talks on Friday", "last year there was an opportunity for a summit")."""
    regions = [_own_words(token)]
    verb = _governing_verb(token)
    if verb is not None:
        for child in verb.children:
            if child.dep_ in ("prep", "npadvmod", "advmod", "tmod") and not _dominates(
                child, token
            ):
                regions.append((child.left_edge.idx, child.right_edge.idx + len(child.right_edge)))
    return regions


def _own_words(token: Token) -> tuple[int, int]:
    """The character span of a trigger's subtree, less the clauses coordinated with it ("signed
    a statement, and said they would survey the stocks this summer": not the signing's date)."""
    own = [c for c in token.children if c.dep_ not in ("conj", "cc", "punct")]
    left = min((token, *(c.left_edge for c in own)), key=lambda t: t.i)
    right = max((token, *(c.right_edge for c in own)), key=lambda t: t.i)
    return left.idx, right.idx + len(right)


def _governing_verb(token: Token) -> Token | None:
    node = token
    for _ in range(MAX_ANCESTORS):
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head.tag_.startswith("VB"):
            return node.head
        if node.dep_ not in ("pobj", "prep") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _dominates(ancestor: Token, token: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i


def _entity_of_mention(doc: Doc) -> dict[int, DocEntity]:
    """Each token of an entity mention, mapped to the document entity it belongs to."""
    entities = doc_entities(doc)
    by_mention = {index: entity for entity in entities for index in entity.mentions}
    owners: dict[int, DocEntity] = {}
    for index, ent in enumerate(doc.ents):
        if index in by_mention:
            for i in range(ent.start, ent.end):
                owners[i] = by_mention[index]
    return owners


def _participants(
    doc: Doc, head: Token, clause: Span, owners: dict[int, DocEntity], location_key: int | None
) -> tuple[int, ...]:
    """The actors of the trigger's own phrase ("a meeting between A and B"), else of its clause
    ("A met B")."""
    if not head.tag_.startswith("VB"):
        own = _actors(doc[head.left_edge.i : head.right_edge.i + 1], owners, location_key)
        if own:
            return own
    return _actors(clause, owners, location_key)


def _actors(span: Span, owners: dict[int, DocEntity], location_key: int | None) -> tuple[int, ...]:
    keys: list[int] = []
    for token in span:
        entity = owners.get(token.i)
        if entity is None or entity.label not in ACTOR_LABELS or entity.key == location_key:
            continue
        if entity.key not in keys:
            keys.append(entity.key)
    return tuple(keys)


def _location(
    doc: Doc, head: Token, clause: Span, owners: dict[int, DocEntity]
) -> tuple[str | None, int | None]:
    if _remote(head):
        return E.ONLINE, None
    # "the Port Anselm summit" names a place; "the Veltrana-Osmara summit" names two parties.
    # A verb's left words are its subject ("ministers of Veltrana met in Calder"), no place.
    before = head.i if head.tag_.startswith("VB") else head.left_edge.i
    modifiers = [owners[i] for i in range(before, head.i) if i in owners]
    places = [entity for entity in modifiers if entity.label in PLACE_LABELS]
    parties = {entity.key for entity in modifiers if entity.label in ("GPE", "NORP")}
    if places and len(parties) < 2:
        return places[0].name, places[0].key
    if E.EVENT_NOUNS.get(head.lower_) == "visit" or E.VERB_FORMS.get(head.lower_) == "visit":
        for child in head.children:  # "visited Osmara", "a visit to Osmara"
            target = child if child.dep_ == "dobj" else None
            if child.dep_ == "prep" and child.lower_ == "to":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            entity = owners.get(target.i) if target is not None else None
            if entity is not None and entity.label in PLACE_LABELS:
                return entity.name, entity.key
    # "… in Port Anselm", "… at the Harbour Hall" in the trigger's clause, unless it places
    # another event named there ("the first meeting since the summit in Calder").
    for token in clause:
        if token.lower_ in ("in", "at") and token.dep_ == "prep":
            if _places_other_event(token, head) or _in_embedded_clause(token, head, clause):
                continue
            objects = [child for child in token.children if child.dep_ == "pobj"]
            for obj in objects:
                entity = owners.get(obj.i)
                if entity is not None and entity.label in PLACE_LABELS:
                    return entity.name, entity.key
    return None, None


_EMBEDDED = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj"})


def _in_embedded_clause(token: Token, head: Token, clause: Span) -> bool:
    """Whether ``token`` sits in a clause of its own that the trigger is not part of: "notes of
    the hearings said [both guilds backed a vote in Calder]" does not place the hearings in
    Calder."""
    node = token
    for _ in range(MAX_ANCESTORS):
        if node.i == clause.root.i or node.head.i == node.i:
            return False
        if (
            node.dep_ in _EMBEDDED
            and node.head.i != head.i  # a clause about the trigger itself places it
            and not node.left_edge.i <= head.i <= node.right_edge.i
        ):
            return True
        node = node.head
    return False


def _places_other_event(preposition: Token, head: Token) -> bool:
    owner = preposition.head
    return (
        owner.i != head.i
        and owner.lower_ in E.EVENT_NOUNS
        and not head.left_edge.i <= owner.i <= head.right_edge.i
    )


def _remote(head: Token) -> bool:
    """Held online: "a virtual summit", "met by video link", "talked on the phone"."""
    if E.EVENT_NOUNS.get(head.lower_) == "call":
        return True
    for child in head.children:
        if child.dep_ in ("amod", "compound", "advmod") and child.lower_ in E.REMOTE_WORDS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in ("via", "by", "over", "on")
            and any(g.lower_ in E.REMOTE_WORDS for g in child.subtree)
        ):
            return True
    return False


def _dates(text: str, timexes: list[Timex]) -> list[Timex]:
    """The time expressions that can date an event: calendar dates and times, not "now" or
    the start of a span ("since May")."""
    return [
        t for t in timexes
        if t.type in ("DATE", "TIME") and not t.value.endswith("_REF")
        and not _SPAN_START.search(text[max(0, t.start - 8) : t.start])
    ]  # fmt: skip


def _date(head: Token, regions: list[tuple[int, int]], dates: list[Timex]) -> Timex | None:
    """The date nearest the trigger among those said where its date is said."""
    candidates = [t for t in dates if any(start <= t.start < end for start, end in regions)]
    return min(candidates, key=lambda t: abs(t.start - head.idx), default=None)


# --- status -----------------------------------------------------------------------------------

_STATUS_VERBS = (
    E.CANCELLED | E.POSTPONED | E.DENIED | E.CONFIRMED | E.AGREED | E.PLANNED | E.UNCERTAIN
)
_BE = frozenset("be is are was were been being am 's 're".split())
_AFTER = frozenset({"since", "after", "following"})
_BEFORE = frozenset({"ahead of", "before", "until", "till", "pending"})
_GOAL = frozenset({"toward", "towards"})
_REPORTING = frozenset(
    "say says said saying tell tells told add adds added note noted write wrote warn warned".split()
)


def _status(head: Token, verb: bool, hearsay: str | None) -> tuple[str, str | None]:
    context = _context(head)
    words = {t.lower_: t for t in context}
    negated = any(t.lower_ in E.NEGATIONS for t in context)

    def cue(found: frozenset[str]) -> str | None:
        return next((words[w].text for w in words if w in found and words[w].i != head.i), None)

    if not verb and (word := _governing_preposition(head)) in _AFTER:
        return "happened", word  # "after the attack", whatever became of what followed it
    if (word := cue(E.CANCELLED) or _called_off(context)) is not None:
        return ("planned" if negated else "cancelled"), word
    if (word := cue(E.POSTPONED)) is not None:
        return "postponed", word
    if (word := cue(E.DENIED)) is not None:
        return "cancelled", word
    if (word := _happened(head, verb, context)) is not None:
        # a negated copula denies what is said of the event: "the talks were not a success"
        return ("uncertain" if negated and word.lower() not in _BE else "happened"), word
    if not verb and (word := _governing_preposition(head)) in _GOAL:
        return "planned", word  # "pledged to work toward a summit": the summit is a goal
    if (word := cue(E.CONFIRMED)) is not None:
        if not negated:
            return "confirmed", word
        return ("rumoured" if hearsay else "planned"), word
    if (word := cue(E.AGREED)) is not None:
        return ("uncertain" if negated else "agreed"), word
    if (word := cue(E.RUMOURED)) is not None:
        return "rumoured", word
    if hearsay:
        return "rumoured", hearsay
    if (word := cue(E.UNCERTAIN)) is not None:
        return "uncertain", word
    if (word := cue(E.PLANNED)) is not None:
        return ("uncertain" if negated else "planned"), word
    if (word := cue(E.ONGOING)) is not None:
        return "ongoing", word
    if head.tag_ == "VBG" and any(c.lower_ in ("is", "are") for c in head.children):
        return "ongoing", head.text
    return "uncertain", None


_CALL = frozenset({"call", "calls", "called", "calling"})


def _called_off(context: list[Token]) -> str | None:
    for token in context:
        if token.lower_ in _CALL and any(c.lower_ == "off" for c in token.children):
            return f"{token.text} off"
    return None


def _context(head: Token) -> list[Token]:
    """The trigger with its modifiers, and the verbs it hangs from with theirs, up to a verb
    of saying: "officials said [the leaders met]" keeps the status of what was said. A verb of
    status ("confirmed that the guilds had agreed to hold talks") is part of the context."""
    context = [
        head,
        *(
            c
            for c in head.children
            if c.dep_ in ("amod", "neg", "aux", "auxpass", "advmod") or c.lower_ in E.NEGATIONS
        ),
    ]
    node = head
    for _ in range(MAX_ANCESTORS):
        if node.head.i == node.i:
            break
        parent = node.head
        if parent.lower_ in _REPORTING and node.dep_ in ("ccomp", "parataxis"):
            break
        if node.dep_ in ("conj", "advcl") and node.tag_.startswith("VB"):
            break  # another clause with its own tense
        node = parent
        context.append(node)
        context.extend(
            c for c in node.children
            if c.dep_ in ("aux", "auxpass", "neg", "advmod", "amod", "xcomp", "prt", "acomp")
            or c.lower_ in E.NEGATIONS
        )  # fmt: skip
    return context


def _happened(head: Token, verb: bool, context: list[Token]) -> str | None:
    """The word that says the event took place, if one does."""
    if verb:
        return head.text if _past(head) else None
    preposition = _governing_preposition(head)
    if preposition in _BEFORE:
        return None  # "ahead of the meeting": still to come
    if preposition in _AFTER:
        return preposition  # "since the meeting in Calder"
    verbs = [t for t in context[1:] if t.tag_.startswith("VB") and t.dep_ not in ("aux", "auxpass")]
    governor = next((t for t in verbs if t.lower_ not in _BE), None)
    if governor is None:
        return _was(head, verbs)
    if governor.lower_ in _STATUS_VERBS:
        return None
    # "the statement said", "told reporters after the meeting": said of it, so it took place
    return governor.text if _past(governor) else None


def _was(head: Token, verbs: list[Token]) -> str | None:
    """A past copula with the event as its subject: "the meeting was productive" (even "was
    not a success": what is denied is the success, not the meeting)."""
    copula = verbs[0] if verbs else None
    if (
        copula is None
        or head.dep_ != "nsubj"
        or head.head.i != copula.i
        or copula.tag_ != "VBD"
        or head.sent.text.rstrip().endswith("?")
    ):
        return None
    return copula.text


def _governing_preposition(token: Token) -> str | None:
    """The preposition a noun phrase hangs from, through nouns: "since the meeting at the
    opening of the fair" gives "since" for both nouns."""
    node = token
    for _ in range(MAX_ANCESTORS):
        if node.dep_ == "pobj":
            preposition = node.head
            if preposition.lower_ == "of" and preposition.head.lower_ == "ahead":
                return "ahead of"
            if preposition.lower_ in _AFTER | _BEFORE | _GOAL:
                return preposition.lower_
            node = preposition.head
        elif (
            node.tag_.startswith("NN") and node.head.i != node.i and node.head.tag_.startswith("NN")
        ):
            node = node.head
        else:
            return None
    return None


def _past(verb: Token) -> bool:
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"will", "would", "may", "might", "could", "shall", "'ll", "should"}:
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and bool(auxiliaries & {"has", "have", "had", "was", "were"})

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
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, takewhile
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.analyse import event_words as E
from storyline.analyse.cues import ROLE_WORDS as CUE_ROLE_WORDS
from storyline.analyse.cues import SPEECH_FORMS as CUE_SPEECH_FORMS
from storyline.analyse.doc_component import DocComponent, doc_text
from storyline.analyse.entities import doc_entities
from storyline.analyse.entity_evidence import RETYPED_LABELS
from storyline.analyse.known_names import is_media
from storyline.analyse.plain import record_data, records_from
from storyline.analyse.timexes import doc_timexes
from storyline.records import DocEntity, EventMention, Timex

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
PAST_TAGS = ("VBD",)
MAX_ANCESTORS = 6
# "since 2018", "until March": the edge of a stretch of time, not the date of the event.
_SPAN_START = re.compile(r"\b(?:since|until|till|through|thru)\s+(?:the\s+)?$", re.IGNORECASE)

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
    dates = _dates(doc_text(doc), timexes)
    mentions = []
    for sentence in doc.sents:
        lowered = sentence.text.lower()
        hearsay = next((h for h in E.HEARSAY if h in lowered), None)
        found = [
            _mention(doc, sentence, t, owners, dates, hearsay, timexes) for t in _triggers(sentence)
        ]
        mentions += _counted(_without_casualties(found), sentence)
    return mentions


CASUALTIES = frozenset({"death", "injury"})
CAUSES = frozenset({"disaster", "attack"})


def _without_casualties(mentions: list[EventMention]) -> list[EventMention]:
    """A sentence's mentions less the deaths and injuries of a crash or an attack it names:
    "seven were killed when the tram derailed" is one event, with its count."""
    if not any(m.kind in CAUSES for m in mentions):
        return mentions
    return [m for m in mentions if m.kind not in CASUALTIES or m.participants]


def _triggers(sentence: Span) -> list[_Trigger]:
    found: list[_Trigger] = []
    taken: set[int] = set()
    tokens = list(sentence)
    for position, token in enumerate(tokens):
        if token.i in taken or token.ent_type_ in _NAMES:
            continue  # "the Rail Accident Investigation Branch" is a body, not an inquiry
        if position + 1 < len(tokens):
            pair = f"{token.lower_} {tokens[position + 1].lower_}"
            if pair in E.EVENT_NOUNS and tokens[position + 1].tag_.startswith("NN"):
                found.append(_Trigger(token.i, token.i + 2, E.EVENT_NOUNS[pair], verb=False))
                taken.update((token.i, token.i + 1))
                continue
        word = token.lower_
        if _nominal(token) and word in E.EVENT_NOUNS and _names_event(token):
            kind = _noun_kind(token, E.EVENT_NOUNS[word])
            if kind is not None:
                found.append(_Trigger(token.i, token.i + 1, kind, verb=False))
        elif token.tag_.startswith("VB") and _claims_responsibility(token):
            found.append(_Trigger(token.i, token.i + 1, "statement", verb=True))
        elif _told_as_a_death(token):
            found.append(_Trigger(token.i, token.i + 1, "death", verb=True))
        elif token.tag_.startswith("VB") and _into_orbit(token):
            found.append(_Trigger(token.i, token.i + 1, "launch", verb=True))
        elif token.tag_.startswith("VB") and _phrasal(token) is not None:
            found.append(_Trigger(token.i, token.i + 1, _phrasal(token) or "", verb=True))
        elif token.tag_.startswith("VB") and word in E.VERB_FORMS:
            kind = _verb_kind(token, E.VERB_FORMS[word])
            if kind is not None and token.dep_ != "amod":  # not "elected officials"
                found.append(_Trigger(token.i, token.i + 1, kind, verb=True))
        elif _other_happening(token):
            found.append(_Trigger(token.i, token.i + 1, _struck(token), verb=True))
    return [trigger for trigger in found if not _not_an_event(sentence.doc[trigger.end - 1])]


_NAMES = frozenset(RETYPED_LABELS) - {"EVENT"}  # an event's own name may tell of it
_CLAUSES = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "xcomp", "pcomp"})
_FIRST_PERSON = frozenset({"i", "we", "you", "it", "this", "that", "there"})
_VEHICLES = frozenset(
    "ship boat vessel ferry tram train plane aircraft jet helicopter car bus truck lorry van "
    "vehicle tanker".split()
)


def _other_happening(verb: Token) -> bool:
    """A verb in the past tense, with a subject, that names something done or undergone and is
    no verb of being, saying, thinking or beginning (see ``NOT_HAPPENINGS``)."""
    if verb.lower_ in E.NOT_HAPPENINGS or verb.dep_ not in _CLAUSES or not verb.is_alpha:
        return False
    if _struck(verb) != "other":
        return True  # "a ship struck a bridge", though "struck" alone says only it happened
    if verb.lower_ in CUE_SPEECH_FORMS or verb.lower_ in _STATUS_WORDS:
        return False  # "the summit was cancelled": a status of the summit, no event
    if any(c.dep_ == "prt" for c in verb.children) or verb.lower_ in E.LIGHT_VERBS:
        return False
    if any(
        c.dep_ in ("dobj", "nsubj", "attr") and c.lower_ in E.EVENT_NOUNS for c in verb.children
    ):
        return False  # "imposed sanctions", "the crash killed": told of the noun's event
    subject = _subject_of(verb)
    if subject is None or subject.lower_ in _FIRST_PERSON or subject.tag_ in ("WP", "WDT"):
        return False
    return _past(verb)


def _subject_of(verb: Token) -> Token | None:
    """A verb's subject, or its auxiliary's where the parse hung it there ("The bridge was
    closed": "bridge" under "was")."""
    subjects = (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    auxiliaries = (c for c in verb.children if c.dep_ in ("aux", "auxpass"))
    hung = (g for a in auxiliaries for g in a.children if g.dep_ in ("nsubj", "nsubjpass"))
    return next(subjects, None) or next(hung, None)


_STATUS_WORDS = (
    E.CANCELLED
    | E.POSTPONED
    | E.DENIED
    | E.CONFIRMED
    | E.AGREED
    | E.PLANNED
    | E.RUMOURED
    | E.ONGOING
    | E.HAPPENED_VERBS
)


def _struck(verb: Token) -> str:
    """ "A ship struck a bridge", "the bus hit a wall", "the Nordlys hit a pillar": an
    accident; "the suicide attacker rammed his car into the wall": an attack; anything else,
    other."""
    subject = _subject_of(verb)  # "a car packed with explosives was rammed": the car struck
    struck = verb.lower_ in ("struck", "hit", "rammed", "smashed")
    if not struck or subject is None:
        return "other"
    if subject.lower_ in E.ATTACK_WORDS or (
        subject.lower_ in _VEHICLES and _words_near(verb) & _EXPLOSIVES
    ):
        return "attack"  # "the car loaded with explosives rammed into the wall"
    objects = {c.lower_ for c in verb.children if c.dep_ == "dobj"}
    named = subject.tag_ == "NNP" and subject.ent_type_ not in ("PERSON", "NORP", "GPE")
    if subject.lower_ in _VEHICLES or (named and objects & _STRUCTURES):
        return "disaster"
    return "other"


_COURT_MATTERS = frozenset("case cases lawsuit suit charges charge appeal claim claims".split())
_EXPLOSIVES = E.ATTACK_WORDS | {"explosives", "explosive", "explosives-laden", "bomb"}
_VEHICLE_PLURALS = frozenset(f"{vehicle}s" for vehicle in _VEHICLES)
# What a vehicle runs into: a named subject that hit one is a vehicle.
_STRUCTURES = frozenset(
    "bridge pillar pier wall dock quay reef rock rocks iceberg barrier tree pole building "
    "embankment platform buffer buffers lock jetty".split()
)


def _claims_responsibility(verb: Token) -> bool:
    """ "The Taliban claimed responsibility for the attack": news, not a report of speech."""
    return verb.lower_ in ("claimed", "claims", "claim", "claiming") and any(
        c.dep_ == "dobj" and c.lower_ in ("responsibility", "credit") for c in verb.children
    )


def _phrasal(verb: Token) -> str | None:
    """The kind a verb with its particle names: "stepped down", "called off" is no event."""
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
    kind = next((E.PHRASAL_VERBS[(verb.lower_, p)] for p in particles
                 if (verb.lower_, p) in E.PHRASAL_VERBS), None)  # fmt: skip
    if kind == "other" and any(c.dep_ == "dobj" for c in verb.children):
        return None  # "passed out leaflets": handed out, nothing befell anyone
    return kind


_MARKET_WORDS = frozenset(
    "market markets stock stocks share shares price prices index dollar currency bitcoin "
    "bond bonds oil yields sales profit profits".split()
)
_ROCKETS = frozenset("missile missiles rocket rockets projectile projectiles torpedo".split())
_SHOTS = frozenset("shot shots round rounds shell shells bullets".split())
_FALLS = frozenset({"into", "from", "off", "down", "onto", "through"})
_AGREEMENTS = frozenset(
    """deal deals agreement agreements treaty treaties accord accords pact pacts contract
    contracts memorandum memorandums mou declaration communique charter ceasefire truce
    armistice protocol convention partnership""".split()
)
_AWARDS = frozenset(
    "award awards prize prizes oscar oscars grammy grammys emmy emmys globe globes".split()
)


def _taken_by(verb: Token, preposition: str) -> set[str]:
    """The words a verb's preposition takes: "from" of "released from hospital"."""
    return {
        g.lower_
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == preposition
        for g in c.children
        if g.dep_ == "pobj"
    }


_RECALLING = frozenset({"i", "we", "he", "she", "you"})  # people remember; firms recall goods
_ABSTRACT = frozenset("opportunity opportunities chance chances moment initiative day".split())
_FILM = frozenset("video videos film films footage photo photos scene scenes episode".split())


def _names_event(token: Token) -> bool:
    word = token.lower_
    if word == "call":  # "a call between the leaders", not "a call for calm"
        return any(child.lower_ in ("between", "with") for child in token.children)
    if word in ("primary", "ban", "tour", "vote", "fire", "race", "game", "final"):
        return token.dep_ not in ("amod", "compound")
    if token.dep_ == "compound" and _describes_a_thing(token.head):
        return False  # "hurricane force", "a rescue team", "the launch pad": the thing
    if word == "march" and (token.tag_ == "NNP" or token.text[0].isupper()):
        return False  # the month
    if word == "bid" and token.dep_ == "pobj" and token.head.lower_ == "in":
        return False  # "in a bid to": an attempt, no offer
    if word in ("statement", "statements") and token.dep_ == "pobj" and token.head.lower_ == "in":
        return False  # "said in a statement": how it was said (a quote), no happening
    if word in ("sentence", "hearing") and token.tag_ == "NNP":
        return False
    if E.EVENT_NOUNS.get(word) == "disaster" and token.dep_ == "attr":
        return False  # "the vote was a landslide" describes, it names no disaster
    if word in ("crash", "collapse"):
        return not any(t.lower_ in _MARKET_WORDS for t in token.lefts)
    return True


def _describes_a_thing(head: Token) -> bool:
    """Whether a noun an event word modifies is a thing of its own, not the event told again
    ("bomb attack", "search operations") or its day ("election day")."""
    word = head.lower_
    return head.tag_.startswith("NN") and word not in E.EVENT_NOUNS and word not in _OF_THE_EVENT


_OF_THE_EVENT = frozenset(
    """day days night date anniversary week weekend morning eve operation operations effort
    efforts mission missions campaign process""".split()
)


def _noun_kind(token: Token, kind: str) -> str | None:
    if kind == "release" and not _of_people(token):
        return "launch"  # "the release of the new phone"
    if kind == "match" and _words_near(token) & E.ELECTION_WORDS:
        return "election"
    if token.lower_ in ("explosion", "blast", "fire") and _words_near(token) & E.ATTACK_WORDS:
        return "attack"
    if kind == "strike" and _words_near(token) & (_MILITARY | E.ATTACK_WORDS):
        return "attack"  # "the strikes killed civilians": no walkout
    if kind == "attack" and any(c.lower_ in _IN_WORDS for c in token.lefts):
        return None  # "a media attack on the minister", "a personal attack": words, not violence
    return kind


_MILITARY = frozenset(
    "military troops forces army aircraft jets warplanes drone drones missile missiles "
    "bombs civilians airstrike airstrikes".split()
)
_IN_WORDS = frozenset("media personal verbal political rhetorical scathing blistering".split())


def _verb_kind(verb: Token, lemma: str) -> str | None:
    """The kind a verb names here, or None when this use names none ("fired up", "shares
    sank", "shot a video")."""
    kind = E.EVENT_VERBS[lemma]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    object_words = {c.lower_ for c in objects}
    subjects = {c.lower_ for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
    if verb.lower_ in E.LIGHT_VERBS and object_words & E.EVENT_NOUNS.keys():
        return None  # "launched an investigation": the investigation is the event
    if lemma in ("fire", "test-fire") or (lemma == "launch" and object_words & _ROCKETS):
        if object_words & _ROCKETS or lemma == "test-fire":
            return "launch"
        if object_words & _SHOTS:
            return "attack"
        return kind if lemma == "fire" and any(_person_like(o) for o in objects) else None
    if lemma in ("release", "free", "remove") and _trapped(verb):
        return "rescue"  # "worked to free people trapped inside", "removed from the wreckage"
    if lemma == "release":
        if any(o.lower_ in E.EVENT_NOUNS for o in objects):
            return None  # "released a statement": the statement is the event
        if _taken_by(verb, "from") & _CARE:
            return "other"  # "released from hospital": discharged, not freed
        return "release" if any(_person_like(o) for o in objects) else "launch"
    if lemma in ("win", "beat", "defeat") and _words_near(verb) & E.ELECTION_WORDS:
        return "election"
    if lemma == "kill":
        if verb.dep_ in ("advcl", "xcomp", "conj") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children
        ):
            return None  # "derailed, killing seven": a count of the derailment
        if any(c.lower_ in E.EVENT_NOUNS for c in verb.children if c.dep_ == "nsubj"):
            return None  # "the crash killed 12": a count of the crash
        return "death" if any(c.dep_ == "nsubjpass" for c in verb.children) else "attack"
    if lemma == "explode" and _words_near(verb) & E.ATTACK_WORDS:
        return "attack"
    if lemma in ("crash", "ram") and subjects & E.ATTACK_WORDS:
        return "attack"  # "a suicide bomber crashed a truck into the consulate"
    if lemma in ("crash", "sink", "collapse") and subjects & _MARKET_WORDS:
        return None
    if lemma == "overturn" and objects and objects[0].dep_ == "dobj":
        if object_words & (_VEHICLES | _VEHICLE_PLURALS):
            return None  # "the blast overturned cars": damage told of another event
        return "ruling"  # "overturned the verdict"; "the tram overturned" is an accident
    if lemma == "fall" and _fell_into_a_state(verb):
        return "other"  # "the driver fell asleep", "she fell ill": it happened to someone
    if lemma in ("fall", "plunge", "plummet") and (
        subjects & _MARKET_WORDS
        or any(_an_amount(c) for c in _complements(verb) if c.lower_ not in _FALLS)
        or not any(c.dep_ == "prep" and c.lower_ in _FALLS for c in verb.children)
    ):
        return None  # "shares fell 3 %", "fell silent"; "fell into a well" is an accident
    if lemma == "save" and not any(_person_like(o) for o in objects):
        return None
    if lemma == "negotiate" and not (
        any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
        or object_words & (E.EVENT_NOUNS.keys() | {"terms", "settlement", "contract"})
    ):
        return None  # "the tram was negotiating a curve"
    if lemma == "dismiss" and objects and not any(_person_like(o) for o in objects):
        # "dismissed the case": a ruling; "dismissed the report as fibs": words, no dismissal
        return "ruling" if object_words & _COURT_MATTERS else None
    if lemma == "sign" and objects and not object_words & _AGREEMENTS:
        return "other"  # "signed the order to launch", "signed the bill": no agreement
    if lemma == "nominate" and _taken_by(verb, "for") & _AWARDS:
        return None  # "nominated for two Grammy Awards": no appointment
    if lemma == "recall" and (_told(verb) or subjects & _RECALLING or not objects):
        return None  # "he recalled the tram speeding up": memory; "Ford recalled 1m cars"
    if lemma == "seize" and object_words & _ABSTRACT:
        return None  # "seize the opportunity"
    if lemma == "shoot" and object_words & _FILM:
        return None
    if lemma == "charge" and not (
        any(_person_like(o) for o in objects)
        or any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    ):
        return None  # "charged a fee"
    return kind


def _complements(verb: Token) -> list[Token]:
    """A verb's words other than its subject ("the six-year-old fell": no amount fell)."""
    return [c for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass")]


def _an_amount(token: Token) -> bool:
    """ "fell 3 %", "fell by 20 points": a figure that went down, no one falling."""
    return token.like_num or any(t.like_num or t.lower_ in ("%", "percent") for t in token.subtree)


def _fell_into_a_state(verb: Token) -> bool:
    states = ("asleep", "ill", "unconscious", "sick", "pregnant")
    subject = _subject_of(verb)
    return (
        subject is not None
        and _person_like(subject)
        and any(c.dep_ in ("acomp", "advmod", "oprd") and c.lower_ in states for c in verb.children)
    )


_CARE = frozenset("hospital hospitals care clinic icu ward".split())


def _into_orbit(verb: Token) -> bool:
    """ "Thrust a satellite into orbit", "put a probe into space": a launch in other words."""
    sent = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    return sent and bool(_taken_by(verb, "into") & _SPACE)


_SPACE = frozenset({"orbit", "space"})


def _told_as_a_death(verb: Token) -> bool:
    """ "Found dead", "lost their lives": deaths told with a verb of no kind."""
    found_dead = verb.lower_ == "found" and any(c.lower_ == "dead" for c in verb.children)
    return found_dead or _lives_lost(verb)


def _lives_lost(verb: Token) -> bool:
    """ "Seven people lost their lives", "lives have been lost": deaths, in other words."""
    return verb.lower_ in ("lose", "loses", "lost", "losing") and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("life", "lives") for c in verb.children
    )


def _told(verb: Token) -> bool:
    """Whether what the verb takes is a clause or a thing happening ("recalled that…",
    "recalled the tram speeding up"), not a thing."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return True
    objects = (c for c in verb.children if c.dep_ == "dobj")
    return any(g.dep_ in ("acl", "relcl") and g.tag_ == "VBG" for o in objects for g in o.children)


def _person_like(token: Token) -> bool:
    if token.ent_type_ in ("PERSON", "NORP") or token.lower_ in E.PEOPLE_NOUNS:
        return True
    if token.tag_ == "PRP":
        return token.lower_ in ("him", "her", "them", "he", "she", "they", "us", "me")
    return token.lower_ in CUE_ROLE_WORDS


def _of_people(noun: Token) -> bool:
    for child in noun.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "for")
            and any(_person_like(g) for g in child.children if g.dep_ == "pobj")
        ):
            return True
        if child.dep_ == "poss" and child.tag_ in ("PRP$",):
            return True  # "his release"
    return any(_person_like(c) for c in noun.children if c.dep_ in ("poss", "compound"))


_TRAPPED = frozenset({"trapped", "wreckage", "rubble", "debris", "stranded"})


def _trapped(verb: Token) -> bool:
    """Whether those a verb frees or removes were trapped: a rescue, not a release."""
    return any(t.lower_ in _TRAPPED for t in verb.subtree)


def _words_near(token: Token) -> set[str]:
    return {t.lower_ for t in token.sent}


_CONDITIONS = frozenset({"if", "unless"})  # "whether he fell asleep" is told, uncertain


def _not_an_event(head: Token) -> bool:
    """Said not to happen ("did not meet"), only supposed ("if he resigns"), or in general
    ("attacks on civilians are a crime"): no event."""
    if head.tag_.startswith("VB") and any(c.dep_ == "neg" for c in head.children):
        return True
    if _marked_by(head, _CONDITIONS):
        return True
    return (
        _generic(head) or _denied(head) or _habitual(head) or _imperative(head) or _per(head)
        or _wondered(head)
    )  # fmt: skip


def _marked_by(head: Token, marks: frozenset[str]) -> bool:
    """Whether the clause a trigger is told in opens with one of ``marks`` ("if", "whether"),
    up to a relative clause ("whether the driver, who was arrested, fell asleep": the arrest
    is told)."""
    node = head
    for _ in range(MAX_ANCESTORS):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in node.children):
            return True
        if node.head.i == node.i or node.dep_ == "relcl":
            return False
        node = node.head
    return False


def _wondered(verb: Token) -> bool:
    """Asked of, might have been: "could another tram hit us?", "would they have met?"."""
    modal = any(c.dep_ == "aux" and c.lower_ in _WONDERING for c in verb.children)
    return modal and _asked(verb)  # the sentence's text is read only for a modal


_WONDERING = frozenset({"could", "would", "might", "may", "should", "can"})


def _asked(token: Token) -> bool:
    """Whether a token's sentence is a question (its closing quote marks aside)."""
    return token.sent.text.strip().rstrip("\"'”’)").endswith("?")


_ONE_AT_A_TIME = frozenset({"meeting", "visit", "call", "summit"})
_SERIES = frozenset(
    "recent regular several frequent many numerous previous past repeated multiple various "
    "occasional routine countless".split()
)
_HABITUAL = frozenset("rarely seldom often usually always sometimes frequently typically".split())


def _habitual(head: Token) -> bool:
    """What happens as a rule, not once: "players rarely quit on the coach"."""
    return head.tag_.startswith("VB") and any(
        c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in head.children
    )


def _imperative(head: Token) -> bool:
    """A page's command to its reader: "Sign up", "Subscribe now"."""
    return (
        head.tag_ == "VB"
        and head.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children)
    )


def _per(noun: Token) -> bool:
    """A unit of a rate, no event: "points per game"."""
    return noun.i > 0 and noun.doc[noun.i - 1].lower_ == "per"


def _denied(noun: Token) -> bool:
    """ "No formal announcement has been made": no event."""
    return any(
        c.dep_ in ("det", "neg", "advmod") and c.lower_ in ("no", "neither", "not", "never")
        for c in noun.children
    )


def _generic(noun: Token) -> bool:
    """A bare plural that is the subject of a verb in the present: "sanctions rarely work";
    a plural that counts a series, not one happening: "recent meetings between their
    officials", "several visits"."""
    if (
        noun.tag_ == "NNS"
        and E.EVENT_NOUNS.get(noun.lower_) in _ONE_AT_A_TIME
        and any(c.lower_ in _SERIES for c in noun.children)
    ):
        return True  # (not "recent air strikes killed 32": those are told as one)
    if noun.tag_ != "NNS" or noun.dep_ != "nsubj":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in noun.children):
        return False
    return noun.head.tag_ in ("VBZ", "VBP") or any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in noun.head.children
    )


def _mention(
    doc: Doc,
    sentence: Span,
    trigger: _Trigger,
    owners: dict[int, DocEntity],
    dates: list[Timex],
    hearsay: str | None,
    timexes: Sequence[Timex],
) -> EventMention:
    head = doc[trigger.end - 1]
    clause = _clause(head)
    status, cue = _status(head, trigger.verb, hearsay, trigger.kind)
    location, location_key = _location(doc, head, clause, owners)
    timex = _date(head, _date_region(head), dates) or _date_of_when_clause(head, timexes)
    participants = _participants(head, trigger.kind, owners, location_key)
    return EventMention(
        start=doc[trigger.start].idx,
        end=head.idx + len(head),
        trigger=doc[trigger.start : trigger.end].text,
        kind=trigger.kind,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        status=status,
        cue=cue,
        participants=tuple(key for key, _ in participants),
        location=location,
        location_entity=location_key,
        date=timex.value if timex else None,
        date_text=timex.text if timex else None,
        date_start=timex.start if timex else None,
        roles=tuple(role for _, role in participants),
        counts=casualties(sentence.text),
        phrase=_phrase(doc[trigger.start : trigger.end], owners, trigger.kind),
        target=_target(head, trigger.verb, owners),
        actor=_actor(head, trigger.verb),
        places=_places_with(location_key, doc, owners),
    )


_PLACE_LINKS = frozenset(
    ", in of near outside north south east west northern southern eastern western central "
    "the province state county region".split()
)


def _places_with(
    location_key: int | None, doc: Doc, owners: dict[int, DocEntity]
) -> tuple[int, ...]:
    """The place an event is in, and the places its name is given with: "in Croydon, south
    London", "Hebei province, China" (so that "London" and "Croydon" do not tell two events
    apart). Each mention of the place in the document counts."""
    if location_key is None:
        return ()
    keys = [location_key]
    for i in range(len(doc)):
        if owners.get(i) is None or owners[i].key != location_key:
            continue
        if i + 1 < len(doc) and owners.get(i + 1) is owners[i]:
            continue  # inside the name: look from its last word
        for j in range(i + 1, min(i + 5, len(doc))):
            entity = owners.get(j)
            if entity is not None:
                if _a_place(entity) and entity.key not in keys:
                    keys.append(entity.key)
                break
            if doc[j].lower_ not in _PLACE_LINKS:
                break
    return tuple(keys)


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
    """The verb whose time is the trigger's: the one it is an argument of, or, for a trigger
    inside another noun's phrase, only a verb that says nothing of its own ("there was hope
    for a summit"; "the toll from the bombing rose on Friday" dates the toll, not the bombing)."""
    node, nested = token, False
    for _ in range(MAX_ANCESTORS):
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head.tag_.startswith("VB"):
            verb = node.head
            says_nothing = verb.lower_ in _BE or verb.lower_ in E.LIGHT_VERBS
            return verb if says_nothing or not nested else None
        if node.dep_ not in ("pobj", "prep") or node.head.i == node.i:
            return None
        nested = nested or node.dep_ == "prep"
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


_COUNTERPART_KINDS = frozenset({"meeting", "summit", "talks", "call", "match", "agreement"})
# Kinds whose noun's possessor is the one it happens to: "his arrest", "her release".
_UNDERGONE = frozenset(
    {"arrest", "release", "death", "injury", "dismissal", "sentence", "trial", "charge",
     "rescue", "appointment", "ruling"}
)  # fmt: skip
_SUBJECT_OF_OBJECT = frozenset({"raised", "raises", "increased", "sweetened", "made", "makes"})


def _participants(
    head: Token, kind: str, owners: dict[int, DocEntity], location_key: int | None
) -> list[tuple[int, str]]:
    """Who takes part, with their role, read from the parse: the subject of "A met B" is the
    agent and B the counterpart; "the attack on B" has B as its patient; "A's visit", "the
    release of B by A". Nobody else in the sentence: not the reporter, not whoever comments."""
    pairs = _verb_roles(head, kind) if head.tag_.startswith("VB") else _noun_roles(head, kind)
    found: list[tuple[int, str]] = []
    for token, role in pairs:
        for entity in _entities_at(token, owners):
            if (
                entity.label in ACTOR_LABELS
                and entity.key != location_key
                and not is_media(entity.name)  # "told the Associated Press": the messenger
                and not _names_an_event(entity)
                and all(entity.key != key for key, _ in found)
            ):
                found.append((entity.key, role))
    return found


def _names_an_event(entity: DocEntity) -> bool:
    """ "the G20 Summit", "the Party Congress": an event's name, no one taking part in it."""
    last = entity.name.split()[-1].lower() if entity.name.split() else ""
    return last in E.EVENT_NOUNS or last in ("congress", "forum", "games", "olympics")


def _verb_roles(verb: Token, kind: str) -> list[tuple[Token, str]]:
    roles: list[tuple[Token, str]] = []
    for child in verb.children:
        if child.dep_ == "nsubj":
            roles.append((child, "agent"))
        elif child.dep_ == "nsubjpass":
            roles.append((child, "patient"))
        elif child.dep_ == "agent":
            roles += [(g, "agent") for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "dobj" and kind != "visit":
            roles.append((child, "counterpart" if kind in _COUNTERPART_KINDS else "patient"))
        elif child.dep_ == "dobj" and child.ent_type_ == "PERSON":
            roles.append((child, "counterpart"))  # "visited the pope"
        elif child.dep_ == "prep" and child.lower_ in ("with", "against", "on", "over"):
            role = "counterpart" if child.lower_ == "with" else "patient"
            if child.lower_ != "with" and kind not in ("attack", "sanction", "match", "lawsuit"):
                continue
            roles += [(g, role) for g in child.children if g.dep_ == "pobj"]
    if not any(role == "agent" for _, role in roles) and not _passive(verb):
        subject = _inherited_subject(verb)
        if subject is not None:
            roles.append((subject, "agent"))
    return roles


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _inherited_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the one it hangs from: "agreed to meet", "arrived and
    met", "the man who shot"."""
    if verb.dep_ == "relcl" and any(c.tag_ in ("WP", "WDT") for c in verb.children):
        return verb.head
    if verb.dep_ in ("xcomp", "conj") and verb.head.tag_.startswith("VB"):
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":  # "are due to meet", "is set to"
        return next((c for c in verb.head.head.children if c.dep_ == "nsubj"), None)
    return None


def _noun_roles(noun: Token, kind: str) -> list[tuple[Token, str]]:
    roles: list[tuple[Token, str]] = []
    owner_role = "patient" if kind in _UNDERGONE else "agent"
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ == "PRP$":
            subject = _subject_above(noun)  # "Moreau and Ruiz spoke ahead of their summit"
            if subject is not None:
                roles.append((subject, owner_role))
        elif child.dep_ == "poss" or (
            child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i
        ):
            roles.append((child, owner_role))
        elif child.dep_ == "prep":
            role = _preposition_role(child.lower_, kind)
            if role is not None:
                roles += [(g, role) for g in child.children if g.dep_ == "pobj"]
    verb = noun.head
    if noun.dep_ == "dobj" and (
        verb.lower_ in E.LIGHT_VERBS or (verb.lower_ in _SUBJECT_OF_OBJECT and kind == "offer")
    ):
        roles += [(c, "agent") for c in verb.children if c.dep_ == "nsubj"]
    if kind == "statement" and noun.dep_ == "dobj":
        # "Crystal Palace issued a statement", "the ministry released a statement"
        roles += [(c, "agent") for c in verb.children if c.dep_ == "nsubj"]
    if kind in _COUNTERPART_KINDS:  # "the Moreau-Ruiz meeting": the first is the agent
        agents = [i for i, (_, role) in enumerate(roles) if role == "agent"]
        for i in agents[1:]:
            roles[i] = (roles[i][0], "counterpart")
    return roles


def _subject_above(token: Token) -> Token | None:
    """The subject of the nearest verb a word hangs from, in its own sentence."""
    node = token
    for _ in range(MAX_ANCESTORS):
        if node.head.i == node.i:
            return None
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if node.tag_.startswith("VB") and subject is not None:
            return subject
    return None


def _preposition_role(preposition: str, kind: str) -> str | None:
    if preposition == "by":
        return "agent"
    if preposition in ("between", "among"):
        return "agent"
    if preposition == "with":
        return "counterpart"
    if preposition == "of":
        return "agent" if kind in _COUNTERPART_KINDS | {"resignation", "visit"} else "patient"
    if preposition in ("against", "on") and kind in ("attack", "sanction", "lawsuit", "breach"):
        return "patient"
    if preposition == "for" and kind == "offer":
        return "patient"
    return None


def _entities_at(token: Token, owners: dict[int, DocEntity]) -> list[DocEntity]:
    """The entities a role's phrase names: its head's (and its conjuncts'), else the names in
    apposition ("President, Ana Moreau and Carlos Ruiz"), else a name that modifies it ("the
    German consulate"), a person's first."""
    found: list[DocEntity] = []
    for node in (token, *token.conjuncts, *_examples(token)):
        entity = owners.get(node.i)
        if entity is not None:
            found.append(entity)
            continue
        named = [
            owners[a.i]
            for appos in node.children if appos.dep_ == "appos"
            for a in (appos, *appos.conjuncts) if a.i in owners
        ]  # fmt: skip
        if not named:
            named = _named_within(node, owners)
        if not named:
            modifiers = [
                owners[c.i] for c in node.children
                if c.dep_ in ("compound", "amod", "poss") and c.i in owners
            ]  # fmt: skip
            named = sorted(modifiers, key=lambda e: e.label != "PERSON")[:1]
        found += named
    return found


def _named_within(noun: Token, owners: dict[int, DocEntity]) -> list[DocEntity]:
    """The people a plural common noun names inside its own phrase, however the parser hung
    them: "the ministers of A and B, Jan Brel and Ana Kos", "ministers Jan Brel of A and ...".
    Someone only related to the noun ("relatives of Jan Brel") is not among them."""
    if noun.tag_ != "NNS":
        return []
    found: list[DocEntity] = []
    for token in noun.subtree:
        entity = owners.get(token.i)
        if (
            entity is not None
            and entity.label == "PERSON"
            and owners.get(token.head.i) is not entity  # the name's own head word
            and token.dep_ != "pobj"
            and all(entity.key != e.key for e in found)
        ):
            found.append(entity)
    return found


def _examples(token: Token) -> list[Token]:
    """The names a common noun is illustrated by: "officials, such as A and B, visited"."""
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("as", "including", "like"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                found += [pobj, *pobj.conjuncts]
    return found


def _phrase(trigger: Span, owners: dict[int, DocEntity], kind: str) -> str | None:
    """A noun trigger with the common words that say what kind it is: "plane crash",
    "hostile takeover bid" (names are participants or places, not part of it); an accident
    told with its verb, by its noun: "the tram derailed", a "tram derailment"."""
    head = trigger[-1]
    if head.tag_.startswith("VB"):
        noun = E.VERB_NOUNS.get(head.lower_) if kind == "disaster" else None
        actor = _actor(head, verb=True)
        return f"{actor} {noun}" if noun and actor else noun
    named = owners.get(head.i)
    if named is not None and _names_an_event(named):
        return named.name  # "the AI Safety Summit": the event's own name
    start = trigger.start
    while start > 0:
        left = trigger.doc[start - 1]
        if left.head.i != head.i and left.head.i not in range(start, head.i + 1):
            break
        if left.dep_ not in ("compound", "amod") or left.i in owners or left.tag_ == "NNP":
            break
        if not left.is_alpha:
            break
        start -= 1
    return trigger.doc[start : head.i + 1].text.lower()


def _actor(head: Token, verb: bool) -> str | None:
    """The common noun an event happened to or was done by: "the tram derailed", "the tram
    slid" (both "tram"), "the tram derailment"."""
    if verb:
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and head.dep_ == "conj" and head.head.tag_.startswith("VB"):
            return _actor(head.head, verb)  # "a tram sped round a bend and derailed"
    else:
        subject = next((c for c in head.children if c.dep_ == "compound"), None)
    if subject is None or subject.tag_ not in ("NN", "NNS") or subject.ent_type_:
        return None
    return subject.lower_


_RELATIVES = frozenset({"that", "which", "who", "whom", "what", "whatever"})
_TARGET_STOP = frozenset({"relcl", "acl", "punct", "cc", "conj", "appos", "advcl"})


def _target(head: Token, verb: bool, owners: dict[int, DocEntity]) -> str | None:
    """What the event was done to, in the text's own words: the object of "freed 21
    schoolgirls", the "of" phrase of "the release of 21 schoolgirls"."""
    if verb:
        # Who lost their lives is who died: the subject, not "their lives".
        done_to = ("nsubj",) if _lives_lost(head) else ("dobj", "nsubjpass")
        node = next((c for c in head.children if c.dep_ in done_to), None)
    else:
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "on")), None)
        node = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if node is None or node.tag_ in ("PRP", "WP", "WDT", "EX") or node.lower_ in _RELATIVES:
        return None  # "a race that he won": what "that" stands for is told elsewhere
    if node.ent_type_ in ("DATE", "TIME"):
        return None  # "the attack on Tuesday": when, not what it was done to
    words = [
        t for t in node.subtree
        if not any(_cut(a) and a.i != node.i for a in _path(t, node)) and t.dep_ != "det"
    ]  # fmt: skip
    if not words or len(words) > 8:
        return None
    return _as_written(words)


def _as_written(words: list[Token]) -> str:
    """Words spaced as the text spaces them ("North Korea's border", not "North Korea 's"),
    one space where words between were left out."""
    text = words[0].text
    for before, word in pairwise(words):
        text += (before.whitespace_ if word.i == before.i + 1 else " ") + word.text
    return text


def _cut(token: Token) -> bool:
    return token.dep_ in _TARGET_STOP or (token.dep_ == "prep" and token.lower_ != "of")


def _path(token: Token, top: Token) -> list[Token]:
    path = [token]
    while path[-1].i != top.i and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def _location(
    doc: Doc, head: Token, clause: Span, owners: dict[int, DocEntity]
) -> tuple[str | None, int | None]:
    if _remote(head):
        return E.ONLINE, None
    # "the Port Anselm summit" names a place; "the Veltrana-Osmara summit" names two parties.
    # A verb's left words are its subject ("ministers of Veltrana met in Calder"), no place.
    before = head.i if head.tag_.startswith("VB") else head.left_edge.i
    modifiers = [owners[i] for i in range(before, head.i) if i in owners]
    places = [entity for entity in modifiers if _a_place(entity)]
    parties = {entity.key for entity in modifiers if entity.label in ("GPE", "NORP")}
    if places and len(parties) < 2 and not _from_the_air(head):
        return places[0].name, places[0].key
    if E.EVENT_NOUNS.get(head.lower_) == "visit" or E.VERB_FORMS.get(head.lower_) == "visit":
        for child in head.children:  # "visited Osmara", "a visit to Osmara"
            target = child if child.dep_ == "dobj" else None
            if child.dep_ == "prep" and child.lower_ == "to":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            entity = owners.get(target.i) if target is not None else None
            if entity is not None and _a_place(entity):
                return entity.name, entity.key
    # "… in Port Anselm", "… at the Harbour Hall" in the trigger's clause, unless it places
    # another event named there ("the first meeting since the summit in Calder").
    for token in clause:
        if token.lower_ in ("in", "at", "near", "outside") and token.dep_ == "prep":
            if (
                _places_other_event(token, head)
                or _in_embedded_clause(token, head, clause)
                or _at_a_destination(token, head)
            ):
                continue
            for obj in (child for child in token.children if child.dep_ == "pobj"):
                entity = owners.get(obj.i) or owners.get(getattr(_named_by_of(obj), "i", -1))
                if entity is not None and _a_place(entity):
                    return entity.name, entity.key
    return None, None


def _at_a_destination(preposition: Token, head: Token) -> bool:
    """ "Taken to a hospital in Tooting": where the hurt were brought, not where it happened
    ("travelled to a summit in Lima" places the summit)."""
    noun = preposition.head
    destination = noun.dep_ == "pobj" and noun.head.lower_ in ("to", "into", "towards")
    return destination and noun.i != head.i


_BODY_WORDS = frozenset(
    "cooperation organization organisation union council forum association agency commission "
    "bank fund alliance committee".split()
)


def _a_place(entity: DocEntity) -> bool:
    """A place, not a body the model took for one ("the Black Sea Economic Cooperation",
    read as FAC)."""
    words = entity.name.lower().split()
    return entity.label in PLACE_LABELS and not (words and words[-1] in _BODY_WORDS)


def _from_the_air(head: Token) -> bool:
    """ "US airstrikes", "Russian strikes": the name before them is who struck, not where."""
    return head.lower_ in ("strikes", "airstrikes", "airstrike", "raids", "bombardment")


def _named_by_of(noun: Token) -> Token | None:
    """The name a common noun of place is given by "of": "the province of Kunduz", "the
    northern hub of Mazar"."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of else None


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
    """Whether the place belongs to another event noun: one the preposition hangs from, below
    the trigger ("revenge for air strikes this month in Kunduz", "the first meeting since the
    summit in Calder"), or one just before it, however the parser attached it ("carried out
    the attack in retaliation for air strikes last week in Kunduz")."""
    node = preposition.head
    for _ in range(MAX_ANCESTORS):
        if node.i == head.i:
            break
        if _names_another_event(node, head):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    between = preposition.doc[max(head.i + 1, preposition.i - NEAR_PLACE) : preposition.i]
    return any(_names_another_event(token, head) for token in between)


NEAR_PLACE = 8  # words: "for air strikes last week in Kunduz" places the strikes


def _names_another_event(token: Token, head: Token) -> bool:
    """Another event than the trigger's, told apart from it: not a word of the trigger's own
    name, nor the event it takes place at ("a meeting on the sidelines of the summit")."""
    part_of_head = token.head.i == head.i and token.dep_ in ("compound", "amod")
    return (
        _nominal(token) and token.lower_ in E.EVENT_NOUNS and not part_of_head and not _host(token)
    )


def _host(noun: Token) -> bool:
    """An event others take place at: "at the summit", "during the talks", "on the sidelines
    of the summit"."""
    preposition = noun.head
    if preposition.lower_ in ("at", "during"):
        return True
    return preposition.lower_ == "of" and preposition.head.lower_ in (
        "sidelines",
        "margins",
        "side",
    )


_NOMINAL = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "attr"})


def _nominal(token: Token) -> bool:
    """A noun, or a word the tagger read as a verb where only a noun stands ("airstrikes" as
    VBZ, the object of "for")."""
    return token.tag_.startswith("NN") or token.dep_ in _NOMINAL


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
    candidates = [
        t for t in dates
        if any(start <= t.start < end for start, end in regions) and not _dates_other(t, head)
    ]  # fmt: skip
    return min(candidates, key=lambda t: abs(t.start - head.idx), default=None)


def _dates_other(timex: Timex, head: Token) -> bool:
    """Whether a date said after the trigger follows another event it is the cause or the
    measure of: "carried out the attack in retaliation for air strikes last week", "the first
    since the fire of 1959" (however the parser attached the date)."""
    doc = head.doc
    after = list(takewhile(lambda t: t.idx < timex.start, doc[head.i + 1 :]))[-NEAR_PLACE:]
    return any(
        _names_another_event(token, head) and token.head.lower_ in ("for", "since")
        for token in after
    )


def _date_of_when_clause(head: Token, timexes: Sequence[Timex]) -> Timex | None:
    """The date a "when" clause tells of: "since 1959, when a tram caught fire" (the fire
    was in 1959, though "since 1959" dates nothing itself)."""
    node = head
    for _ in range(MAX_ANCESTORS):
        if node.dep_ == "relcl" and any(c.lower_ == "when" for c in node.children):
            anchor = node.head.idx
            return next(
                (t for t in timexes if t.type == "DATE" and t.start <= anchor < t.end), None
            )
        if node.head.i == node.i:
            return None
        node = node.head
    return None


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


def _status(
    head: Token, verb: bool, hearsay: str | None, kind: str = "other"
) -> tuple[str, str | None]:
    status, cue = _stated_status(head, verb, hearsay)
    begun = (cue or "").lower() in _BEGUN or head.tag_ == "VBG"
    if status == "happened" and kind in DURATIVE and begun and not _over(head):
        return "ongoing", cue  # "an investigation was opened": it goes on
    return status, cue


# Events that last: once begun, under way until said to be over.
DURATIVE = frozenset({"investigation", "rescue", "trial", "protest", "strike", "talks"})
_OVER = frozenset(
    "ended end ends concluded completed finished closed wrapped over called found failed "
    "dropped suspended halted".split()
)


_BEGUN = frozenset("launched opened began begun started underway ordered".split())


def _over(head: Token) -> bool:
    return any(t.lower_ in _OVER for t in head.sent)


def _stated_status(head: Token, verb: bool, hearsay: str | None) -> tuple[str, str | None]:
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
    if _marked_by(head, _WHETHER):
        return "uncertain", "whether"  # "investigating whether he fell asleep"
    if (belief := _believed(head)) is not None:
        return "uncertain", belief  # "he thinks he blacked out", "his family claimed he fell"
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
    return _by_tense(head)


_WHETHER = frozenset({"whether"})


def _believed(head: Token) -> str | None:
    """The verb of belief or claim a happening is told under, if any: what someone thinks,
    fears or claims happened is not told as having happened ("police believe the attack was
    planned" doubts the planning, not the attack: a noun is left alone)."""
    if not head.tag_.startswith("VB"):
        return None
    node = head
    for _ in range(MAX_ANCESTORS):
        if node.head.i == node.i or node.dep_ == "relcl":
            return None
        told = node.dep_ in ("ccomp", "xcomp")
        node = node.head
        if told and node.lower_ in _BELIEFS:
            return node.text
    return None


_BELIEFS = frozenset(
    """think thinks thought believe believes believed suspect suspects suspected claim claims
    claimed allege alleges alleged fear fears feared""".split()
)


def _by_tense(head: Token) -> tuple[str, str | None]:
    """No word says what became of it: a report in the past tense says it took place."""
    if _asked(head):
        return "uncertain", None
    node = head
    for _ in range(MAX_ANCESTORS):
        if node.tag_.startswith("VB") and node.i != head.i:
            return ("happened", node.text) if _past(node) else ("uncertain", None)
        if node.head.i == node.i:
            break
        node = node.head
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


# --- counts -----------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12,
    "dozens": 24, "hundreds": 200,
}  # fmt: skip
_NUMBER = (
    r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
)
_COUNT_WORDS = {
    "killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed",
    "injured": "injured", "hurt": "injured", "wounded": "injured", "injuries": "injured",
    "missing": "missing", "arrested": "arrested", "detained": "arrested", "freed": "freed",
    "released": "freed", "rescued": "freed",
}  # fmt: skip
_OUTCOME = "|".join(_COUNT_WORDS)
_NOUNS = r"(?:\s+(?:[a-z-]+\s+){0,2}?(?:people|persons|passengers|civilians|workers|others|"
_NOUNS += r"children|students|girls|boys|men|women|soldiers|police|officers|crew|members|"
_NOUNS += r"victims|tourists|pilgrims|miners|residents|hostages|schoolgirls|fans))?"
_COUNT_PATTERNS = (
    # "seven people were killed", "12 dead", "51 injured"
    re.compile(
        rf"\b{_NUMBER}{_NOUNS}\s+(?:(?:were|have been|had been|are|was|being)\s+)?"
        rf"(?:(?:reported|confirmed|feared|left)\s+)?({_OUTCOME})\b",
        re.IGNORECASE,
    ),
    # "killing seven", "injuring 51 people", "left 59 dead"
    re.compile(rf"\b(killing|injuring|wounding|freeing)\s+(?:at least\s+)?{_NUMBER}\b", re.I),
    re.compile(rf"\bleft\s+(?:at least\s+)?{_NUMBER}{_NOUNS}\s+({_OUTCOME})\b", re.I),
    # "the death toll rose to 59"
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_NUMBER}\b", re.I),
)
_GERUNDS = {"killing": "killed", "injuring": "injured", "wounding": "injured", "freeing": "freed"}


def casualties(sentence: str) -> tuple[tuple[str, int], ...]:
    """The figures a sentence gives for an event's dead, injured, missing, arrested and freed:
    the largest of each ("killed 7" and "seven dead" are one figure)."""
    return _largest(figures(sentence))


def figures(text: str) -> list[tuple[int, int, str, int]]:
    """Each figure of dead, injured … a text gives: (start, end, outcome, number)."""
    found = []
    for index, pattern in enumerate(_COUNT_PATTERNS):
        for match in pattern.finditer(text):
            if index == 0:
                number, outcome = match.group(1), _COUNT_WORDS[match.group(2).lower()]
            elif index == 1:
                outcome, number = _GERUNDS[match.group(1).lower()], match.group(2)
            elif index == 2:
                number, outcome = match.group(1), _COUNT_WORDS[match.group(2).lower()]
            else:
                number, outcome = match.group(1), "killed"
            value = _number(number)
            if value is not None and 1800 <= value <= 2100 and "people" not in match.group(0):
                continue  # "the crash in 2004 killed seven": a year
            if value is not None and value < 1_000_000:
                found.append((match.start(), match.end(), outcome, value))
    return found


def _largest(found: Iterable[tuple[int, int, str, int]]) -> tuple[tuple[str, int], ...]:
    largest: dict[str, int] = {}
    for _, _, outcome, value in found:
        largest[outcome] = max(largest.get(outcome, 0), value)
    return tuple(sorted(largest.items()))


def _counted(mentions: list[EventMention], sentence: Span) -> list[EventMention]:
    """Each figure of a sentence given to the event it is told of: the nearest named before it
    (or, with none before, after it). "The bombing was revenge for air strikes that left 32
    civilians dead": the 32 are the strikes' dead, not the bombing's."""
    if len(mentions) < 2:
        return mentions
    owned: dict[int, list[tuple[int, int, str, int]]] = {}
    for figure in figures(sentence.text):
        start = sentence.start_char + figure[0]
        before = [i for i, m in enumerate(mentions) if m.start <= start]
        after = [i for i, m in enumerate(mentions) if m.start > start]
        owner = (
            max(before, key=lambda i: mentions[i].start)
            if before
            else min(after, key=lambda i: mentions[i].start)
        )
        owned.setdefault(owner, []).append(figure)
    return [replace(m, counts=_largest(owned.get(i, ()))) for i, m in enumerate(mentions)]


def _number(text: str) -> int | None:
    lowered = text.lower()
    if lowered in _NUMBER_WORDS:
        return _NUMBER_WORDS[lowered]
    digits = lowered.replace(",", "")
    return int(digits) if digits.isdigit() else None


# --- prominence -------------------------------------------------------------------------------

LEAD_SENTENCES = 3
_TITLE_WORD = re.compile(r"[a-z][a-z-]+")


def with_prominence(
    mentions: list[EventMention], title: str | None, sentences: Sequence[tuple[int, int]]
) -> list[EventMention]:
    """The mentions with how prominent each is in its article: 1 when the headline names an
    event of its kind or it is in the first sentence, 0.7 in the next two, 0.4 further on."""
    kinds_in_title = {_kind_of_word(w) for w in _TITLE_WORD.findall((title or "").lower())}
    starts = [start for start, _ in sentences]
    found = []
    for mention in mentions:
        position = bisect_right(starts, mention.start) - 1
        if mention.kind in kinds_in_title or position <= 0:
            value = 1.0
        elif position < LEAD_SENTENCES:
            value = 0.8
        else:
            value = 0.4
        found.append(replace(mention, prominence=value))
    return found


def _kind_of_word(word: str) -> str | None:
    if word in E.EVENT_NOUNS:
        return E.EVENT_NOUNS[word]
    lemma = E.VERB_FORMS.get(word)
    return E.EVENT_VERBS[lemma] if lemma else None

"""The time component: every time expression of a document, with its TIMEX3 value.

``storyline_time`` runs after the parser. It finds expressions with :mod:`timenorm`'s grammar,
reads the tense of each one's clause from the parse ("said on Friday": the Friday before;
"will meet on Friday": the one after), and resolves them against the document's reference date
(``doc._.storyline_reference``, an ISO date, when the publication date is known before analysis;
a user sets it on the Doc, no component does).
The expressions stay on the document (``doc._.storyline_time``) so that, once the publication date
has been worked out from the text itself, :func:`resolve_timexes` can resolve them again.

Both extensions hold plain data, which ``Doc.to_bytes`` and ``DocBin`` keep: ``storyline_timexes``
one dict per expression with the fields of :class:`~storyline.records.Timex`; ``storyline_time``
one dict per expression found, ``{"start", "end", "text", "tense", "expression"}``, the last the
fields of :class:`~storyline.analyse.timenorm.Expression` as a dict. :func:`doc_timexes` and
:func:`found_timexes` read them back as records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.analyse.doc_component import DocComponent, doc_text
from storyline.analyse.plain import Data, record_data, record_from, records_from
from storyline.analyse.timenorm import Expression, Match, Tense, find_expressions, resolve
from storyline.records import Timex

FUTURE_AUXILIARIES = frozenset({"will", "wo", "'ll", "’ll", "shall", "would"})
OPEN_AUXILIARIES = frozenset({"may", "might", "could", "can", "should", "must"})
PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "'ve", "’ve", "'d"})
# "is expected to meet on Friday", "the vote scheduled for Monday": arranged, so ahead.
FUTURE_PARTICIPLES = frozenset(
    {"expected", "scheduled", "set", "due", "planned", "slated", "poised", "likely"}
)
FUTURE_INTENT = frozenset(
    {"plan", "plans", "planning", "going", "aim", "aims", "hope", "hopes", "intend", "intends"}
)
# "the slated visit in September", "the upcoming vote on Monday": the noun itself looks ahead.
FUTURE_MODIFIERS = FUTURE_PARTICIPLES | {"upcoming", "forthcoming", "coming", "impending"}
# "planning for the summit in April", "ahead of the vote on Monday": what they lead to is ahead.
FUTURE_PATHS = FUTURE_INTENT | {"preparing", "preparations", "ahead"}
# A gerund without auxiliaries has no tense of its own ("after touring the site on Thursday"):
# the clause it sits in decides.
TENSELESS_GERUND_ROLES = frozenset({"pcomp", "pobj", "csubj", "csubjpass", "nsubj", "dobj", "conj"})
# A preposition before the expression can settle it whatever the verb: "until Tuesday", "since May".
FUTURE_PREPOSITIONS = re.compile(
    r"(?i:\b(?:until|till|by|as (?:early|soon) as|no later than|starting|from)\s+$)"
)
PAST_PREPOSITIONS = re.compile(r"(?i:\b(?:since|ago)\s+$)")
DAY_GRANULAR = 10  # len("2023-11-15"): values this long can anchor "the next day"

if not Doc.has_extension("storyline_reference"):
    Doc.set_extension("storyline_reference", default=None)
if not Doc.has_extension("storyline_time"):
    Doc.set_extension("storyline_time", default=None)
if not Doc.has_extension("storyline_timexes"):
    Doc.set_extension("storyline_timexes", default=None)


@dataclass(frozen=True, slots=True)
class FoundTimex:
    """An expression where it stands, with the tense of its clause: enough to resolve it again."""

    match: Match
    tense: Tense


@Language.factory(
    "storyline_time",
    requires=["token.dep", "token.head", "token.tag"],
    assigns=["doc._.storyline_time", "doc._.storyline_timexes"],
    default_config={},
)
def make_time_finder(nlp: Language, name: str) -> TimeFinder:
    return TimeFinder(name=name)


Found = tuple[list[FoundTimex], list[Timex]]


class TimeFinder(DocComponent[Found]):
    """Finds, and resolves against ``doc._.storyline_reference``, the time expressions."""

    def __init__(self, *, name: str = "storyline_time") -> None:
        super().__init__(name)

    def compute(self, doc: Doc) -> Found:
        found = find_time(doc)
        return found, resolve_timexes(found, _date(doc._.storyline_reference), doc_text(doc))

    def set_annotations(self, doc: Doc, result: Found) -> None:
        found, timexes = result
        doc._.storyline_time = tuple(found_data(item) for item in found)
        doc._.storyline_timexes = tuple(record_data(timex) for timex in timexes)


def doc_timexes(doc: Doc) -> list[Timex]:
    """The resolved expressions ``storyline_time`` left on ``doc`` (none if it did not run)."""
    return records_from(Timex, doc._.storyline_timexes)


def found_timexes(doc: Doc) -> list[FoundTimex]:
    """The expressions ``storyline_time`` found in ``doc``, to resolve them again."""
    return [found_from(data) for data in doc._.storyline_time or ()]


def found_data(found: FoundTimex) -> Data:
    """A found expression as plain data: where it stands, its clause's tense, its parse."""
    match = found.match
    return {
        "start": match.start, "end": match.end, "text": match.text, "tense": found.tense,
        "expression": record_data(match.expression),
    }  # fmt: skip


def found_from(data: Mapping[str, Any]) -> FoundTimex:
    """The found expression that :func:`found_data` wrote."""
    expression = record_from(Expression, data["expression"])
    return FoundTimex(Match(data["start"], data["end"], data["text"], expression), data["tense"])


def find_time(doc: Doc) -> list[FoundTimex]:
    """The time expressions of a parsed document, with their clauses' tense."""
    text = doc_text(doc)
    return [
        FoundTimex(match, clause_tense(doc, match.start, match.end, text))
        for match in find_expressions(text)
    ]


def resolve_timexes(
    found: list[FoundTimex], reference: date | None, text: str | None = None
) -> list[Timex]:
    """Values for every expression; "the next day" counts from the last date before it, and a
    clock time said with a day is on that day ("at 11pm local time on Thursday")."""
    anchor: str | None = None
    timexes = []
    for item in found:
        resolved = resolve(item.match.expression, reference, tense=item.tense, anchor=anchor)
        timexes.append(
            Timex(
                item.match.start, item.match.end, item.match.text, resolved.type, resolved.value,
                resolved.mod, resolved.range_start, resolved.range_end, item.tense,
            )
        )  # fmt: skip
        if resolved.type == "DATE" and re.fullmatch(r"\d{4}(?:-\d\d){0,2}", resolved.value):
            anchor = resolved.value
    return _clocks_on_their_days(timexes, text) if text is not None else timexes


_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_CLOCK_VALUE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
# What may stand between a clock time and its day: "11pm local time on Thursday",
# "Thursday at 11pm", "Thursday, 11pm GMT".
_CLOCK_GAP = re.compile(r"[\s,(]*(?:local time|[A-Z]{2,4})?[\s,)]*(?:on|at)?\s*", re.IGNORECASE)


def _clocks_on_their_days(timexes: list[Timex], text: str) -> list[Timex]:
    """A clock time resolved against the article's day moved to the day said beside it."""
    result = list(timexes)
    for i, clock in enumerate(timexes):
        if clock.type != "TIME" or not _CLOCK_VALUE.match(clock.value):
            continue
        for other in (
            timexes[i - 1] if i else None,
            timexes[i + 1] if i + 1 < len(timexes) else None,
        ):
            if (
                other is None
                or not _DAY_VALUE.match(other.value)
                or _CLOCK_VALUE.match(other.value)
            ):
                continue  # "on Thursday", "on Thursday evening" (2016-11-10TEV)
            first, second = (clock, other) if clock.start < other.start else (other, clock)
            if _CLOCK_GAP.fullmatch(text[first.end : second.start]):
                result[i] = replace(clock, value=other.value[:10] + clock.value[10:])
                break
    return result


def clause_tense(doc: Doc, start: int, end: int, text: str) -> Tense:
    """Past, present or future, from the words before the expression and the verb governing it
    (``text``: the document's)."""
    before = text[max(0, start - 25) : start]
    if PAST_PREPOSITIONS.search(before):
        return "past"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) and _looks_ahead(span.root):
        return "future"
    verb = _governing_verb(span.root) if span is not None and len(span) else None
    while verb is not None and _aspectual_gerund(verb):
        verb = _governing_verb(verb.head)  # "began lifting it on Friday": the tense of "began"
    auxiliaries = (
        {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
        if verb
        else set()
    )
    if FUTURE_PREPOSITIONS.search(before):
        return "past" if "had" in auxiliaries else "future"  # "until Tuesday"; "had not … until"
    if verb is None:
        return None
    if auxiliaries & FUTURE_AUXILIARIES:
        return "future"
    if auxiliaries & OPEN_AUXILIARIES:
        return None
    if verb.lower_ in FUTURE_PARTICIPLES:
        # "is scheduled for Friday": ahead; "planned a rally on Saturday": the nearer Saturday.
        return (
            "future"
            if (verb.tag_ in ("VBN", "JJ") and verb.dep_ != "ROOT") or "is" in auxiliaries
            else None
        )
    if verb.dep_ == "xcomp" and (
        verb.head.lower_ in FUTURE_PARTICIPLES or verb.head.lower_ in FUTURE_INTENT
    ):
        return "future"  # "is expected to meet on Friday", "plans to sign on Tuesday"
    if auxiliaries & PERFECT_AUXILIARIES or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBN", "VBG") and auxiliaries & {"was", "were"}:
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ == "acl":
        return "past"  # "the ruling issued on Thursday": done, unless arranged (handled above)
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        # "Wednesday's crash is the worst": what a day names is not in the tense of its noun
        return None if span is not None and span.root.dep_ == "poss" else "present"
    return None


def _looks_ahead(token: Token) -> bool:
    """Whether the words between the expression and its verb point ahead: "the slated visit in
    September", "planning for the summit in April"."""
    for _ in range(5):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.lower_ in FUTURE_PATHS:
            return True
        if token.tag_.startswith("NN") and any(
            child.dep_ in ("amod", "compound") and child.lower_ in FUTURE_MODIFIERS
            for child in token.children
        ):
            return True
        if token.tag_.startswith("VB") and not _tenseless_gerund(token):
            return False
    return False


def _governing_verb(token: Token) -> Token | None:
    for _ in range(8):
        if (token.tag_.startswith("VB") or token.tag_ == "MD") and not _tenseless_gerund(token):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _aspectual_gerund(token: Token) -> bool:
    """A gerund completing a verb ("began lifting", "kept talking"): no tense of its own."""
    return (
        token.tag_ == "VBG"
        and token.dep_ == "xcomp"
        and token.head.i != token.i
        and not any(child.dep_ in ("aux", "auxpass") for child in token.children)
    )


def _tenseless_gerund(token: Token) -> bool:
    return (
        token.tag_ == "VBG"
        and token.dep_ in TENSELESS_GERUND_ROLES
        and not any(child.dep_ in ("aux", "auxpass") for child in token.children)
    )


def _date(value: str | None) -> date | None:
    if not value or len(value) < DAY_GRANULAR:
        return None
    try:
        return date.fromisoformat(value[:DAY_GRANULAR])
    except ValueError:
        return None

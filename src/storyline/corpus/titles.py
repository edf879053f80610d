"""Event titles that read like a headline, built only from what the event's reports say:
"Tarsian Front releases 21 schoolgirls", "Ana Moreau visits Lima", "Tram derailment in
Kelby (7 killed)", "Ana Moreau to meet Carlos Ruiz in Oslo".

Who did it comes first when a report names the agent; what it was done to follows, by name or
in the text's own words; then the place and the figures. An event still expected reads "A to
meet B". Nothing is invented: a kind with no agent is named by its noun ("Plane crash").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.analyse.event_words import ONLINE, VERB_NOUNS

ANTICIPATED = frozenset({"planned", "agreed", "confirmed", "rumoured", "uncertain", "postponed"})


@dataclass(frozen=True, slots=True)
class Wording:
    """How a headline says an event of one kind: "A meets B", "to meet", "B arrested"."""

    present: str | None  # "meets"; None: said with its noun only
    base: str | None  # "meet"
    passive: str | None  # "arrested": "21 schoolgirls released"
    noun: str  # "Meeting"
    takes_object: bool = True
    preposition: str = "of"  # "Meeting of A and B", "Attack on B"


WORDINGS: dict[str, Wording] = {
    "meeting": Wording("meets", "meet", None, "Meeting"),
    "summit": Wording("holds summit with", "hold summit with", None, "Summit"),
    "talks": Wording("holds talks with", "hold talks with", None, "Talks"),
    "call": Wording("speaks with", "speak with", None, "Call"),
    "visit": Wording("visits", "visit", None, "Visit", preposition="by"),
    "agreement": Wording("signs agreement with", "sign agreement with", None, "Agreement"),
    "statement": Wording("makes statement", "make statement", None, "Statement", False, "by"),
    "sanction": Wording("imposes sanctions on", "impose sanctions on", "sanctioned",
                        "Sanctions", preposition="on"),
    "election": Wording(None, None, None, "Election"),
    "vote": Wording("votes", "vote", None, "Vote", False, "by"),
    "attack": Wording("attacks", "attack", "attacked", "Attack", preposition="on"),
    "disaster": Wording(None, None, None, "Disaster"),
    "launch": Wording("launches", "launch", "launched", "Launch"),
    "release": Wording("releases", "release", "released", "Release"),
    "arrest": Wording("arrests", "arrest", "arrested", "Arrest"),
    "seizure": Wording("seizes", "seize", "seized", "Seizure"),
    "breach": Wording(None, None, None, "Breach", preposition="at"),
    "resignation": Wording("resigns", "resign", None, "Resignation", False),
    "dismissal": Wording("fires", "fire", "fired", "Dismissal"),
    "appointment": Wording("appoints", "appoint", "appointed", "Appointment"),
    "ruling": Wording("rules", "rule", None, "Ruling", False, "on"),
    "charge": Wording("charges", "charge", "charged", "Charges", preposition="against"),
    "trial": Wording(None, None, None, "Trial"),
    "sentence": Wording("sentences", "sentence", "sentenced", "Sentence", preposition="for"),
    "investigation": Wording("investigates", "investigate", "investigated", "Investigation",
                             preposition="into"),
    "death": Wording(None, None, "dies", "Death"),
    "injury": Wording("injures", "injure", "injured", "Injury"),
    "protest": Wording("protests", "protest", None, "Protest", False, "by"),
    "strike": Wording("strikes", "strike", None, "Strike", False, "by"),
    "rescue": Wording("rescues", "rescue", "rescued", "Rescue"),
    "lawsuit": Wording("sues", "sue", "sued", "Lawsuit", preposition="against"),
    "offer": Wording("bids for", "bid for", None, "Bid", preposition="for"),
    "match": Wording("beats", "beat", "beaten", "Match"),
}  # fmt: skip
OTHER = Wording(None, None, None, "Event")
# A match told by its winning ("the Cubs won the World Series"): what was won is a title or a
# game, not a side that was beaten.
WIN = Wording("wins", "win", "won", "Win")
WIN_TRIGGERS = frozenset("win wins won winning victory victories triumph title".split())
# Kinds named by what happened and where, not by whom: "Tram derailment in Croydon".
UNNAMED = frozenset({"disaster", "death", "injury"})
COUNT_ORDER = ("killed", "injured", "missing", "arrested", "freed")
# Kinds where both sides do the same: "A and B meet", "A meets B".
MUTUAL = frozenset({"meeting", "summit", "talks", "call", "agreement"})


def _a_prize(what: str | None) -> bool:
    """ "the World Series", "the title": what one wins, never a side one beats."""
    words = (what or "").split()
    return bool(words) and words[-1].lower() in PRIZES


PRIZES = frozenset(
    "title titles series cup championship championships pennant trophy medal crown final "
    "finals prix open race league".split()
)


def told_as(trigger: str) -> str:
    """The word a report tells its event with, every form of winning as one ("win", "won",
    "victory", "title"), so that they outvote "beat" together."""
    word = trigger.lower()
    return "won" if word in WIN_TRIGGERS else word


def headline(
    kind: str,
    roles: Sequence[tuple[str, str]],
    names: Mapping[str, str],
    location: str | None,
    *,
    status: str = "happened",
    counts: Sequence[tuple[str, int]] = (),
    phrase: str | None = None,
    target: str | None = None,
    trigger: str | None = None,
    persons: frozenset[str] = frozenset(),
    actor: str | None = None,
    nationalities: frozenset[str] = frozenset(),
) -> str:
    """An event's title from its kind, participants with their roles, place and figures.
    People are named before the countries and bodies they act for: "Ana Moreau meets Carlos Ruiz",
    not "Velmar and Ana Moreau meet Ostra"."""
    wording = WORDINGS.get(kind, OTHER)
    if any(key in persons for key, _ in roles):
        roles = [
            (key, role) for key, role in roles
            if key in persons or (role != "agent" and kind not in MUTUAL)
        ]  # fmt: skip
    if any(role == "agent" and key not in nationalities for key, role in roles):
        roles = [(k, r) for k, r in roles if not (r == "agent" and k in nationalities)]
    agents = _named(roles, names, ("agent",))  # "North Korea launches", not "… and North Korean"
    if target:  # "launches a North Korean missile": the missile, not "launches North Korean"
        roles = [(key, role) for key, role in roles if role == "agent" or key not in nationalities]
    others = _named(roles, names, ("counterpart", "patient"))
    if kind in MUTUAL:  # the most reported side meets the next: roles vary report by report
        everyone = _named(roles, names, ("agent", "counterpart", "patient"), limit=None)
        leading = [name for name in everyone[:3] if name in agents] or everyone
        agents = leading[:1]
        others = [name for name in everyone if name not in agents][:1]
    what = _join(others) or (target if kind not in MUTUAL else None)
    if kind == "match":
        if trigger in WIN_TRIGGERS and _a_prize(target):
            what = target  # "the Cubs beat Cleveland to win the World Series": the title
        if _a_prize(what) or (trigger in WIN_TRIGGERS and not others):
            wording = WIN  # a title is won; a side is beaten
        agents = agents[:1]  # the side most reports tell won: "the Cubs and Cleveland" did not
    expected = status in ANTICIPATED
    place_said = False
    if agents and wording.present and wording.base:
        verb = wording.present if len(agents) == 1 else wording.base
        if expected:
            verb = f"to {wording.base}"
        if kind in MUTUAL and not what:
            verb = verb.removesuffix(" with")
        text = f"{_join(agents)} {verb}"
        if kind == "visit" and location and location != ONLINE and not others:
            text, place_said = f"{text} {location}", True
        elif what and wording.takes_object:
            text += f" {what}"
    elif kind == "other" and trigger and (agents or actor or what):
        subject = _join(agents) or actor or ""
        if not agents and what and actor and actor.lower() in what.lower().split():
            subject = ""  # "a team of rescuers was sent": not "Team sent team of rescuers"
        if subject:
            text = f"{subject} {trigger}" + (f" {what}" if what else "")
        else:  # "the bridge was closed": what it was done to, then the verb
            text = f"{what} {trigger}"
        text = text[0].upper() + text[1:]
    elif what and wording.passive and not agents:
        verb = f"to be {wording.passive}" if expected and kind != "death" else wording.passive
        if kind == "death":
            verb = "to die" if expected else "dies"
        text = f"{what[0].upper()}{what[1:]} {verb}"
    else:
        noun = _noun(phrase, trigger, wording)
        parties = "" if kind in UNNAMED else _join(agents + others)
        text = f"{noun} {wording.preposition} {parties}" if parties else noun
    if location == ONLINE:
        text += " (online)"
    elif location and not place_said and location not in text:
        text += f" in {location}"
    ordered = sorted(counts, key=lambda c: COUNT_ORDER.index(c[0]) if c[0] in COUNT_ORDER else 9)
    figures = ", ".join(f"{number} {what}" for what, number in ordered)
    return f"{text} ({figures})" if figures else text


def _named(
    roles: Sequence[tuple[str, str]],
    names: Mapping[str, str],
    wanted: tuple[str, ...],
    limit: int | None = 2,
) -> list[str]:
    found: list[str] = []
    for key, role in roles:
        name = names.get(key)
        if role in wanted and name and name not in found:
            found.append(name)
    return found[:limit]


def _join(names: Sequence[str]) -> str:
    return " and ".join(names)


def _noun(phrase: str | None, trigger: str | None, wording: Wording) -> str:
    if trigger in VERB_NOUNS:
        trigger = VERB_NOUNS[trigger]
    words = phrase or (trigger if wording is OTHER or wording.noun == "Disaster" else None)
    if not words:
        return wording.noun
    return words[0].upper() + words[1:]

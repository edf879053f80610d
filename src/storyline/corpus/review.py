"""The review list: the claims a person should check, most consequential first.

Each claim carries its confidence:

* a document's date: the confidence of the date decision (calibrated on the dates benchmark,
  see docs/benchmarks.md); no date at all is 0;
* a quote's speaker: the measured accuracy of speakers found that way (by name, by a pronoun, by
  a nominal; none found) on the PolNeAR dev split through the product (``SPEAKER_CONFIDENCE``);
* an event's status: the share of the reports since it last changed whose own report agrees
  with it (an agreement, not a probability), 0.5 at most while the latest reports disagree or
  when it is only rumoured.

A claim a user corrected (or confirmed, by correcting it to what it was) is never listed.
Consequence orders the list: a date by the event reports it places in time, a speaker by how
many articles name the person it is credited to, an event by its articles and salience.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.corpus.alerts import status_changes
from storyline.corpus.event_queries import stored_events
from storyline.corpus.events import HEDGED, Event
from storyline.store.database import Store

# Speaker accuracy of matched speech quotes by how the speaker was found, PolNeAR dev through
# the product (benchmarks/quotes.py --split dev --runs product --by-speaker-kind: 503, 232 and
# 174 quotes). Issue 17's unseen set gives 0.914 over all kinds: raise --below to see more.
SPEAKER_CONFIDENCE: dict[str | None, float] = {
    "name": 0.977, "pronoun": 0.974, "nominal": 0.928, None: 0.0,
    "document": 0.928,  # 12 of 12 on PolNeAR dev: too few to claim more than a nominal's
}  # fmt: skip
DEFAULT_BELOW = 0.7
CORRECTED_SPEAKER = "corrected"  # a speaker a user set
KINDS = ("date", "speaker", "event")


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim to check: what is claimed, how sure the analysis is, why, and how to fix it."""

    kind: str  # "date", "speaker" or "event"
    target: str  # a document id, a quote's DOCUMENT:INDEX, an event id
    claim: str
    confidence: float
    why: str
    consequence: float
    fix: str  # the command that corrects (or confirms) it


def review(
    store: Store,
    *,
    below: float = DEFAULT_BELOW,
    kinds: Sequence[str] = KINDS,
    limit: int | None = None,
) -> list[Claim]:
    """The claims with less than ``below`` confidence, most consequential first."""
    claims: list[Claim] = []
    if "date" in kinds:
        claims += _dates(store, below)
    if "speaker" in kinds:
        claims += _speakers(store, below)
    if "event" in kinds:
        claims += _events(store, below)
    claims.sort(key=lambda c: (-c.consequence, c.confidence, c.kind, c.target))
    return claims[:limit] if limit is not None else claims


def speaker_confidence(kind: str | None) -> float:
    """How often a speaker found this way is right (1 for one a user set)."""
    return 1.0 if kind == CORRECTED_SPEAKER else SPEAKER_CONFIDENCE.get(kind, 0.0)


def _dates(store: Store, below: float) -> list[Claim]:
    claims = []
    for found in store.date_claims(below):
        title = found.title or found.document
        if found.published is None:
            claim, why = f"“{title}” has no date", "nothing in the page or text dates it"
        else:
            claim = f"“{title}” was published {found.published}"
            why = f"decided from the {found.source}"
        claims.append(Claim(
            "date", found.document, claim, found.confidence or 0.0, why,
            consequence=float(found.events), fix=f"storyline fix date {found.document} DAY",
        ))  # fmt: skip
    return claims


def _speakers(store: Store, below: float) -> list[Claim]:
    doubtful = [kind for kind, accuracy in SPEAKER_CONFIDENCE.items() if accuracy < below]
    claims = []
    for found in store.speaker_claims(doubtful):
        if found.kind == "direct" and found.speaker_kind is None:
            claim, why = f"no one is named as saying “{_short(found.text)}”", "no speaker found"
        elif found.speaker_kind is None:
            continue  # reported speech with no speaker is the writer's own account
        else:
            claim = f"{found.speaker} said “{_short(found.text)}”"
            why = f"the speaker is found by a {found.speaker_kind}"
        target = f"{found.document}:{found.index}"
        claims.append(Claim(
            "speaker", target, claim, speaker_confidence(found.speaker_kind), why,
            consequence=1.0 + found.speaker_documents, fix=f'storyline fix speaker {target} "NAME"',
        ))  # fmt: skip
    return claims


def _events(store: Store, below: float) -> list[Claim]:
    claims = []
    for event in stored_events(store):
        if event.background or "status" in event.corrected or not event.trajectory:
            continue
        agreement, why = event_agreement(event)
        if agreement >= below:
            continue
        articles = len({step.document for step in event.trajectory})
        claims.append(Claim(
            "event", event.id, f"{event.title}: {event.status}", agreement, why,
            consequence=articles * event.salience,
            fix=f"storyline fix event {event.id} --status STATUS",
        ))  # fmt: skip
    return claims


def event_agreement(event: Event) -> tuple[float, str]:
    """The share of the reports since the event last changed status that agree with its status
    (what was planned before it happened was true then; a report with no word on its status
    says nothing either way), and why it is not higher."""
    changes = status_changes(event.trajectory)
    since = event.trajectory.index(changes[-1].step) if changes else 0
    steps = [step for step in event.trajectory[since:] if step.status != "uncertain"]
    agreeing = sum(1 for step in steps if step.status == event.status)
    agreement = agreeing / len(steps) if steps else 0.5
    reasons = Counter(step.status for step in steps if step.status != event.status)
    why = [f"{n} say {status}" for status, n in reasons.most_common()]
    if not steps:
        why.append("no report says what became of it")
    if event.conflicting:
        agreement = min(agreement, 0.5)
        why.insert(0, f"the latest reports disagree ({', '.join(event.conflicting)})")
    if event.status in HEDGED:
        agreement = min(agreement, 0.5)
        why.insert(0, f"only {event.status}")
    return round(agreement, 3), "; ".join(why) or "all agree"


def _short(text: str, chars: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1] + "…"

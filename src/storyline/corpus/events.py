"""Events across documents: which event mentions are one real event, its date, and how its
status moved report by report.

Pure: reports (event mentions with their participants as corpus entity ids) in, events out. Two
stages, both explainable (each event keeps its reports):

1. Within a document, mentions of one kind of event are one event unless something tells them
   apart: two places, two dates, different people. Mentions that say who, where or when are
   grouped first, in text order, each joining the group it has most in common with; then each
   bare "the meeting" joins the group of its kind it fits best.
2. Across documents, a group joins the event it agrees with best, or starts one. Agreeing means
   the same family of kind, no contradiction (two places, dates that cannot both hold, people
   who do not overlap), and enough in common: people, a place, a date.

An event's date is what its dated reports agree on; its trajectory is one step per reporting
document, in publication order, with the sentence that says so; its status is the latest
well-founded step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from storyline.analyse.event_words import ANAPHORIC, FAMILIES
from storyline.corpus.titles import headline, told_as
from storyline.corpus.when import Interval, Partial, interval_of, partial_of

# Statuses from weakest to most definite: a document's step is its most definite report.
STRENGTH = (
    "uncertain", "rumoured", "ongoing", "planned", "agreed", "confirmed", "postponed",
    "cancelled", "happened",
)  # fmt: skip
ANTICIPATED = frozenset({"planned", "agreed", "confirmed", "rumoured", "postponed"})
HEDGED = frozenset({"uncertain", "rumoured"})
HORIZON = timedelta(days=400)  # how far ahead an article's "expected" events lie, at most
EARLIEST = date(1, 1, 1)

BACKGROUND = 0.35  # salience below which an event is background: one mention, out of the lead
LINK_THRESHOLD = 2.0
# How long an event no article reports stays in the linker's memory (it stays in the store):
# one of no kind links only within a week; one few reported, half a year; others, two years.
SMALL_QUIET, LARGE_QUIET, KEPT_REPORTS = timedelta(days=180), timedelta(days=730), 5
LEAD = 0.7  # prominence of a report in a headline or the first three sentences
LEAD_POINTS = 1.5
LEAD_DAYS = timedelta(days=4)
SAME_NEWS = timedelta(days=2)
NEWS_AGE = timedelta(days=31)  # how old a headline happening can be
WEEK = timedelta(days=7)  # articles leading with an event this close: the same news
CONTEXT_POINTS = 2.0
# Kinds of event a story seldom has two of: told in two articles of one story, they are one.
# (Meetings, statements, attacks, launches come many to a story.)
ONCE_A_STORY = frozenset(
    "arrest rescue investigation charge trial sentence ruling resignation dismissal appointment "
    "release seizure breach death disaster election lawsuit".split()
)  # evidence needed to join an event across documents
PERSON_POINTS, LOCATION_POINTS, DATE_POINTS, ACTOR_POINTS = 1.5, 2.0, 1.0, 0.5
MIN_PERSON_JACCARD = 0.5
NAMES_IN_COMMON = 2  # entities two articles name both, to tie their lead events


@dataclass(frozen=True, slots=True)
class Report:
    """One event mention, as the corpus sees it."""

    document: str
    index: int
    start: int
    end: int
    trigger: str
    kind: str
    status: str
    cue: str | None
    evidence: str  # the sentence
    persons: frozenset[str] = frozenset()  # entity ids
    actors: frozenset[str] = frozenset()  # organisations, countries, groups
    location: str | None = None  # an entity id
    location_name: str | None = None
    date: str | None = None  # TIMEX3 value
    timex: tuple[str, str | None] | None = None  # its expression and clause tense, to redo
    roles: tuple[tuple[str, str], ...] = ()  # (entity id, agent|patient|counterpart)
    counts: tuple[tuple[str, int], ...] = ()  # ("killed", 12)
    phrase: str | None = None  # "plane crash"
    target: str | None = None  # what it was done to, in the text's words
    prominence: float = 0.0  # 1: in the headline or the first sentence
    places: frozenset[str] = frozenset()  # the places named beside it (entity ids)
    actor: str | None = None  # the common noun that did or underwent it: "tram"
    country: bool = False  # its place is a country
    nation: str | None = None  # ISO code of the country its place is or lies in, when known
    names: frozenset[str] = frozenset()  # the entities its document names (corpus ids)
    nationalities: frozenset[str] = frozenset()  # its participants that are nationalities

    @property
    def family(self) -> str:
        """Kinds one event can be reported as; an event of no kind is one only with another
        report of the same word ("removed", "the removal" are two)."""
        if self.kind == "other" and not self.anaphoric:
            return f"other:{self.trigger.lower()}"
        if self.kind == "attack" and self.trigger.lower().replace(" ", "") in AIR_STRIKES:
            return "attack:air"  # the air strikes a bombing avenges are another attack
        return FAMILIES.get(self.kind, self.kind)

    @property
    def anaphoric(self) -> bool:
        """Names no kind of its own: "the incident" is whatever the article is about."""
        return self.trigger.lower() in ANAPHORIC

    @property
    def bare(self) -> bool:
        """Says nothing of who, where or when: "the meeting"."""
        return not (self.persons or self.location or (self.date and _has_date(self.date)))


@dataclass(frozen=True, slots=True)
class Reporting:
    """When a document was published: known, or estimated for an undated one."""

    published: date | None = None
    estimate: Interval | None = None

    @property
    def interval(self) -> Interval | None:
        if self.published is not None:
            return Interval(self.published, self.published)
        return self.estimate

    @property
    def value(self) -> str | None:
        interval = self.interval
        return interval.value if interval else None

    @property
    def sort_key(self) -> tuple[date, date]:
        interval = self.interval
        return (interval.start, interval.end) if interval else (date.max, date.max)


UNDATED = Reporting()


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known of an event (or of what a group of reports says of it), to compare."""

    family: str
    persons: frozenset[str]
    actors: frozenset[str]
    location: str | None
    when: Interval | None
    partial: Partial | None
    window: Interval | None
    lead: bool = False  # named in a headline or lead: what its articles are about
    reported: Interval | None = None  # the days its reports were published
    places: frozenset[str] = frozenset()  # places named beside it: none contradicts another
    contexts: frozenset[str] = frozenset()  # the events its articles lead with
    countries: frozenset[str] = frozenset()  # those of its places that are countries
    nation: str | None = None  # the country its place is or lies in (ISO code), when known
    names: frozenset[str] = frozenset()  # the entities named in its articles
    actor: str | None = None  # the common noun that did or underwent it: "tram"


def score(a: Facts, b: Facts) -> float | None:
    """How much two descriptions have in common; ``None`` when they cannot be one event."""
    if a.family != b.family:
        return None
    if a.location and b.location and not _same_place(a, b):
        return None
    if not (_dates_agree(a, b) or _a_time_zone_apart(a, b)):
        return None
    if _older_than_news(a, b) or _older_than_news(b, a):
        return None
    if a.family.startswith("other:") and not _reported_together(a.reported, b.reported, WEEK):
        return None  # "arrived in Washington" two years apart: two arrivals
    if a.family == "statement" and _made_by_others(a, b):
        return None  # the police's statement and the club's, on one crash: two statements
    points = 0.0
    if a.persons and b.persons:
        shared = len(a.persons & b.persons)
        apart = not shared or shared / len(a.persons | b.persons) < MIN_PERSON_JACCARD
        if apart and a.family not in TOLD_BY_ANYONE:
            return None  # who met, who resigned: other people, another event
        points += PERSON_POINTS * min(shared, 2)  # a bombing's victims vary with who tells it
    if a.location and b.location and _same_place(a, b, countries=False):
        points += LOCATION_POINTS
    close_dates = a.when and b.when and min(a.when.days, b.when.days) <= 31
    if close_dates or (a.partial and b.when) or (b.partial and a.when):
        points += DATE_POINTS
    points += ACTOR_POINTS * min(len(a.actors & b.actors), 2)
    placed_apart = a.location and b.location and not _same_place(a, b)
    if (
        a.lead
        and b.lead
        and not placed_apart
        and _named_alike(a, b)
        and _reported_together(a.reported, b.reported, LEAD_DAYS)
    ):
        points += LEAD_POINTS  # the crash two articles of the same days lead with
        if _reported_together(a.reported, b.reported, SAME_NEWS):
            points += LEAD_POINTS / 3
    if _once_a_story(a) and _done_by_the_same(a, b) and a.contexts & b.contexts:
        points += CONTEXT_POINTS  # "the driver was arrested" in two articles on one crash
    return points


def _made_by_others(a: Facts, b: Facts) -> bool:
    makers_a, makers_b = a.persons | a.actors, b.persons | b.actors
    return bool(makers_a and makers_b and not makers_a & makers_b)


def _once_a_story(facts: Facts) -> bool:
    """A kind a story seldom has two of, or a happening of no kind told in the same word
    ("massive damage", "the damage" in two articles leading with one bombing)."""
    return facts.family in ONCE_A_STORY or facts.family.startswith("other:")


def _done_by_the_same(a: Facts, b: Facts) -> bool:
    """Not told of two different doers, for a happening of no kind: "a team of rescuers was
    sent" and "netizens sent good wishes" are two sendings."""
    if not a.family.startswith("other:"):
        return True  # "the driver", "a 42-year-old man" was arrested: one arrest a story
    if a.actor and b.actor:
        return a.actor == b.actor
    # Someone named and a common noun ("Ms Okesola rushed to his side", "51 people were
    # rushed to hospital") are two doers; people named alike are weighed by ``score``.
    return not ((a.actor and b.persons) or (b.actor and a.persons))


def _named_alike(a: Facts, b: Facts) -> bool:
    """Whether two descriptions share someone or somewhere, or their articles name the same
    people, bodies and places: two articles leading with an accident the same week are one
    accident only then (a corpus of a day's news holds many accidents)."""
    if (a.persons | a.actors | a.places) & (b.persons | b.actors | b.places):
        return True
    return len(a.names & b.names) >= NAMES_IN_COMMON


def _same_place(a: Facts, b: Facts, *, countries: bool = True) -> bool:
    """One place, two named together where either is reported ("in Croydon, south London"),
    or (with ``countries``) a country and a place that is none ("the US", "Washington"): one
    may hold the other, unless both are known to lie in different countries (Tarvel province
    is not in Ostra)."""
    if a.location == b.location or a.location in b.places or b.location in a.places:
        return True
    if not countries or (a.location in a.countries) == (b.location in b.countries):
        return False
    return not (a.nation and b.nation and a.nation != b.nation)


def _reported_together(a: Interval | None, b: Interval | None, days: timedelta) -> bool:
    if a is None or b is None:
        return False
    return max(a.start, b.start) - min(a.end, b.end) <= days


def _older_than_news(lead: Facts, other: Facts) -> bool:
    """An article's headline happening is news: days old, not years ("the first fatal crash
    since 1959, when a tram caught fire" is not the crash of the headline)."""
    if not lead.lead or lead.when or lead.partial or lead.reported is None or other.when is None:
        return False
    return other.when.end < lead.reported.start - NEWS_AGE


def _dates_agree(a: Facts, b: Facts) -> bool:
    if a.when and b.when and not a.when.overlaps(b.when):
        return False
    if a.partial and b.when and not a.partial.fits(b.when):
        return False
    if b.partial and a.when and not b.partial.fits(a.when):
        return False
    if a.partial and b.partial and a.partial.month != b.partial.month:
        return False
    if (a.partial and b.partial and a.partial.day and b.partial.day
            and a.partial.day != b.partial.day):  # fmt: skip
        return False
    first, second = a.when or a.window, b.when or b.window
    return not (first and second and not first.overlaps(second))


def _a_time_zone_apart(a: Facts, b: Facts) -> bool:
    """Two headline happenings reported the same days whose days differ by one: a launch in
    Asia early on the 29th is one on the 28th for an American paper (not games: a league
    plays on consecutive days, and its press dates each game)."""
    if a.family == "match" or not (a.lead and b.lead and a.when and b.when):
        return False
    if not a.when.days == b.when.days == 1:
        return False
    close = abs((a.when.start - b.when.start).days) == 1
    return close and _reported_together(a.reported, b.reported, SAME_NEWS)


def implied_window(status: str, reporting: Reporting) -> Interval | None:
    """When an event can be, from how a dated article speaks of it: before the article if it
    happened, within a year or so after it if it is still expected."""
    interval = reporting.interval
    if interval is None:
        return None
    if status == "happened":
        return Interval(EARLIEST, interval.end)
    if status in ANTICIPATED:
        return Interval(interval.start, interval.end + HORIZON)
    return None


@dataclass(slots=True)
class Cluster:
    """Reports taken to be one event (within a document: a group), with what they agree on."""

    id: str
    family: str
    reports: list[Report] = field(default_factory=list)
    persons: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    locations: Counter[str] = field(default_factory=Counter)
    when: Interval | None = None
    partial: Partial | None = None
    window: Interval | None = None
    earlier: int = 0  # reports linked before, not loaded
    lead: bool = False
    reported: Interval | None = None
    places: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    # Frozen, so that its facts share them (the linker holds hundreds of thousands of events).
    contexts: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    nations: dict[str, str] = field(default_factory=dict)  # location -> its country's code
    actor: str | None = None  # the first that its reports name
    # What ``facts()`` last gave: a large event is compared with every new report near it.
    _facts: Facts | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def size(self) -> int:
        return self.earlier + len(self.reports)

    def add(self, report: Report, reporting: Reporting) -> None:
        self.reports.append(report)
        self.absorb(report_facts(report, reporting))

    def add_context(self, event_id: str) -> None:
        """The event this one's article leads with."""
        self.contexts = _with_context(self.contexts, event_id)
        self._facts = None

    def rename_contexts(self, merged: Mapping[str, str]) -> None:
        """Its contexts after merges of events (absorbed id -> surviving id)."""
        self.contexts = frozenset(_final(c, merged) for c in self.contexts)
        self._facts = None

    def absorb(self, facts: Facts) -> None:
        self._facts = None
        self.lead = self.lead or facts.lead
        self.actor = self.actor or facts.actor
        self.places.update(facts.places)
        if self.lead:  # only leads are told alike by what their articles name (memory)
            self.names.update(facts.names)
        self.contexts = _union(self.contexts, facts.contexts)
        self.countries = _union(self.countries, facts.countries)
        if facts.reported:
            self.reported = _hull(self.reported, facts.reported)
        self.persons.update(facts.persons)
        self.actors.update(facts.actors)
        if facts.location:
            self.locations[facts.location] += 1
            if facts.nation:
                self.nations[facts.location] = facts.nation
        if facts.when:
            self.when = (
                (self.when and self.when.intersection(facts.when)) or self.when or facts.when
            )
        if facts.partial and self.partial is None:
            self.partial = facts.partial
        if self.partial and self.when and (narrowed := self.partial.within(self.when)):
            self.when = narrowed
        if facts.window:  # the hull: one report read wrongly must not rule out the event
            self.window = (
                Interval(
                    min(self.window.start, facts.window.start),
                    max(self.window.end, facts.window.end),
                )
                if self.window
                else facts.window
            )

    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = self._current_facts()
        return self._facts

    def _current_facts(self) -> Facts:
        location = self.locations.most_common(1)[0][0] if self.locations else None
        return Facts(
            family=self.family,
            persons=_core(self.persons),
            actors=_core(self.actors),
            location=location,
            when=self.when,
            partial=self.partial,
            window=self.window,
            lead=self.lead,
            reported=self.reported,
            places=_frozen(self.places),
            names=_core(self.names),
            contexts=self.contexts,
            countries=self.countries,
            nation=self.nations.get(location) if location else None,
            actor=self.actor,
        )

    def most_specific_location(self) -> str | None:
        """The place most reports give, or, when that is a country, the place within it that
        the others give ("Afghanistan" in headlines, "Mazar-i-Sharif" in the text)."""
        if not self.locations:
            return None
        ranked = [place for place, _ in self.locations.most_common()]
        top = ranked[0]
        if top not in self.countries:
            return top
        country = self.nations.get(top)
        within = (
            place
            for place in ranked[1:]
            if place not in self.countries and self.nations.get(place) in (None, country)
        )
        return next(within, top)

    @property
    def anchored(self) -> bool:
        """Enough to be told apart from other events: someone, somewhere or some time."""
        return bool(
            self.persons or self.locations or self.when or self.partial or len(self.actors) >= 2
        )


def report_facts(report: Report, reporting: Reporting) -> Facts:
    return Facts(
        family=report.family,
        persons=report.persons,
        actors=report.actors,
        location=report.location,
        when=interval_of(report.date),
        partial=partial_of(report.date),
        window=implied_window(report.status, reporting),
        lead=report.prominence >= LEAD,
        reported=reporting.interval,
        places=report.places | ({report.location} if report.location else frozenset()),
        names=report.names,
        countries=frozenset({report.location} if report.country and report.location else ()),
        nation=report.nation,
        actor=report.actor,
    )


@lru_cache(maxsize=4096)
def is_country(name: str) -> bool:
    """Whether a place's name is a country's ("the U.S.", "Britain", "South Korea")."""
    return _country_code(_place_key(name)) is not None


@lru_cache(maxsize=4096)
def nation_of(name: str) -> str | None:
    """The ISO code of the country a place's name is, or is a region of ("Ontario": CA,
    "Kent": GB); None when pycountry does not know it."""
    import pycountry  # a second to import: only the corpus step needs it

    key = _place_key(name)
    if (code := _country_code(key)) is not None:
        return code
    try:
        return str(pycountry.subdivisions.lookup(key).country_code)
    except LookupError:
        return None


def _place_key(name: str) -> str:
    key = name.replace(".", "").strip()
    return key[4:] if key.lower().startswith("the ") else key


def _country_code(key: str) -> str | None:
    import pycountry

    if key.lower() in _COUNTRY_CODES:
        return _COUNTRY_CODES[key.lower()]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


_COUNTRY_CODES = {"uk": "GB", "britain": "GB", "great britain": "GB", "america": "US",
                  "usa": "US", "us": "US"}  # fmt: skip


def _hull(a: Interval | None, b: Interval) -> Interval:
    return Interval(min(a.start, b.start), max(a.end, b.end)) if a else b


def _core(counts: Counter[str]) -> frozenset[str]:
    """The participants an event is mostly reported with (a stray name in one report of many
    does not make it someone else's event)."""
    if not counts:
        return _NONE
    top = max(counts.values())
    return frozenset(key for key, count in counts.items() if 2 * count >= top)


@lru_cache(maxsize=1024)
def _with_context(contexts: frozenset[str], event_id: str) -> frozenset[str]:
    """``contexts`` and one more: one set for all the events an article tells beside its lead."""
    return contexts | {event_id}


def _union(held: frozenset[str], more: frozenset[str]) -> frozenset[str]:
    """``held`` with ``more``, sharing whichever set already holds both (memory: a new event
    takes the sets of its first facts as they are)."""
    if more <= held:
        return held
    return held | more if held else more


def _frozen(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items) or _NONE


# One empty set for all the events' facts that name nobody: the linker holds hundreds of
# thousands of them, and each empty frozenset would take 216 bytes.
_NONE: frozenset[str] = frozenset()


def _has_date(value: str) -> bool:
    return interval_of(value) is not None or partial_of(value) is not None


def event_id(report: Report) -> str:
    digest = hashlib.sha1(f"{report.document}:{report.start}".encode()).hexdigest()
    return "ev-" + digest[:12]


# --- stage 1: within a document ----------------------------------------------------------------


def group_document(reports: Sequence[Report], reporting: Reporting) -> list[Cluster]:
    """The document's reports grouped by the event they speak of (anchored reports first, in
    text order; then each bare one joins the group of its kind it fits best, the first named
    when several fit as well)."""
    groups: list[Cluster] = []
    # Deaths and injuries last: "those who lost their lives" may come before "the crash".
    ordered = sorted(reports, key=lambda r: (
        r.anaphoric, r.family.startswith("other:") and r.actor is not None,
        r.bare or r.kind in CASUALTIES, r.kind in CASUALTIES, r.start,
    ))  # fmt: skip
    for report in ordered:
        if (
            report.anaphoric
            and groups
            and _fits(report_facts(report, reporting), lead := lead_group(groups))
        ):
            lead.add(report, reporting)  # "the incident": the lead event, unless placed apart
            continue
        if (cause := _same_actor(report, groups)) is not None:
            cause.add(report, reporting)
            continue
        facts = report_facts(report, reporting)
        if report.kind in CASUALTIES and not report.persons:
            causes = [g for g in groups if g.family in CAUSES and _fits(facts, g)]
            if causes:  # "seven were killed": in the crash of the article, if it can be
                lead_group(causes).add(report, reporting)
                continue
        scored = [
            (s, g) for g in groups
            if _same_side(report, g) and (s := score(facts, g.facts())) is not None
        ]  # fmt: skip
        # A tie goes to the event the article names first: what it is about.
        best = max(
            ((s, -g.reports[0].start, i, g) for i, (s, g) in enumerate(scored)),
            default=None,
            key=lambda item: item[:3],
        )
        if best is None:
            group = Cluster(id=event_id(report), family=report.family)
            groups.append(group)
        else:
            group = best[3]
        group.add(report, reporting)
    return _accidents_of_the_attack(groups, reporting)


def _accidents_of_the_attack(groups: list[Cluster], reporting: Reporting) -> list[Cluster]:
    """In an article about an attack, what reads as an accident is the attack told again
    ("the vehicle exploded", "the truck smashed into the wall"), where it can be."""
    if not groups or (lead := lead_group(groups)).family != "attack":
        return groups
    kept = []
    for group in groups:
        if group is not lead and group.family == "disaster" and _fits(group.facts(), lead):
            for report in group.reports:
                lead.add(report, reporting)
        else:
            kept.append(group)
    return kept


CASUALTIES = frozenset({"death", "injury"})
CAUSES = frozenset({"disaster", "attack", "attack:air"})
# Events whose people vary with who tells them: a bombing's victims, a game's players.
TOLD_BY_ANYONE = CAUSES | {"match"}


def _fits(casualty: Facts, cause: Cluster) -> bool:
    """Deaths that can have happened in the event: not at another place or time ("since
    1959, when two passengers died" is not the crash of today)."""
    facts = replace(cause.facts(), family=casualty.family)
    return score(casualty, facts) is not None


# Attacks from afar ("strikes" is one only where it is no walkout: see the event component).
AIR_STRIKES = frozenset(
    "airstrike airstrikes bombardment airraid strike strikes missilestrike missilestrikes "
    "dronestrike dronestrikes".split()
)


def lead_group(groups: Sequence[Cluster]) -> Cluster:
    """The event a document is about: its most prominent happening (a statement only if
    nothing else), one of a named kind before one of none among those of its lead ("a tram
    sped round a bend and derailed": the derailment), then the one it tells most of (a
    bombing "in retaliation for airstrikes" named first), the first named among equals."""

    def key(group: Cluster) -> tuple[bool, bool, bool, float, int, int]:
        prominence = max(r.prominence for r in group.reports)
        named = not group.family.startswith("other:")
        return (group.family != "statement", prominence >= LEAD, named, prominence,
                len(group.reports), -group.reports[0].start)  # fmt: skip

    return max(groups, key=key)


def _same_actor(report: Report, groups: Sequence[Cluster]) -> Cluster | None:
    """The crash or attack a verb of no kind tells more of: "the tram derailed" and then
    "the tram slid", "tipped over" are one accident."""
    if report.actor is None or not report.family.startswith("other:"):
        return None
    return next((g for g in groups if g.family in CAUSES and report.actor in _actors(g)), None)


def _actors(group: Cluster) -> set[str]:
    """The common nouns a group's reports name as what did or underwent it: their actors and
    the words of their names ("tram derailment": the tram), not its dead and hurt ("people
    were injured"; "people were released from hospital" is not the crash told again)."""
    told = [r for r in group.reports if r.kind not in CASUALTIES]
    words = {r.actor for r in told if r.actor}
    for report in told:
        words.update((report.phrase or "").lower().split()[:-1])
    return words


def _side(report: Report) -> str | None:
    """Whether a dated report puts its event before or after the document that reports it."""
    if not (report.date and _has_date(report.date)):
        return None
    if report.status == "happened":
        return "before"
    return "after" if report.status in ANTICIPATED else None


def _same_side(report: Report, group: Cluster) -> bool:
    """One article cannot date one event both before and after itself: a meeting it says
    took place last November is not the meeting it expects next month."""
    side = _side(report)
    return side is None or all(_side(r) in (None, side) for r in group.reports)


# --- stage 2: across documents -----------------------------------------------------------------


class EventIndex:
    """The corpus's events, found by the people, places and organisations they involve."""

    def __init__(self, clusters: Iterable[Cluster] = ()) -> None:
        self.clusters: dict[str, Cluster] = {}
        self._by_key: dict[tuple[str, str], set[str]] = {}
        self._by_context: dict[str, set[str]] = {}  # an event -> those told in its articles
        # Events by how long they stay when quiet, the last linked last.
        self._recent: dict[timedelta, OrderedDict[str, None]] = {}
        # Lead events by the ISO week they were reported in, then by (family, a name they
        # involve): two leads are one event only if named alike (see ``score``), so a lead
        # is compared with those of its days that share a name, not with every lead of them.
        self._leads: dict[str, dict[tuple[str, str], list[str]]] = {}
        for cluster in clusters:
            self._index(cluster)

    def best(self, facts: Facts, excluding: str | None = None) -> Cluster | None:
        """The event a group of reports agrees with best, if any agrees well enough."""
        best: tuple[float, int, Cluster] | None = None
        for candidate in self._candidates(facts):
            if candidate.id == excluding:
                continue
            points = score(facts, candidate.facts())
            if points is None or points < LINK_THRESHOLD:
                continue
            if best is None or (points, candidate.size) > best[:2]:
                best = (points, candidate.size, candidate)
        return best[2] if best else None

    def link(self, group: Cluster, into: Cluster | None = None) -> Cluster:
        """Add a document's group to ``into`` (by default the event it agrees with best), or
        make it an event of its own."""
        facts = group.facts()
        cluster = into or self.best(facts) or Cluster(id=group.id, family=group.family)
        cluster.reports.extend(group.reports)
        cluster.absorb(facts)
        self._index(cluster)
        return cluster

    def consolidate(self, event_ids: Iterable[str]) -> dict[str, str]:
        """Merge each of ``event_ids`` into another event it now agrees with (what later
        articles said can tie two events together: "Croydon, south London"); the smaller
        goes into the larger. The events articles lead with go first: the others are told
        apart by them. Gives (absorbed id -> surviving id)."""
        wanted = sorted(set(event_ids) & set(self.clusters))
        leads = [i for i in wanted if self.clusters[i].lead]
        merged = self._merge(leads)
        self._rename_contexts(merged)
        merged |= self._merge([i for i in wanted if i not in merged and i not in leads])
        return {a: _final(s, merged) for a, s in merged.items()}

    def _rename_contexts(self, merged: Mapping[str, str]) -> None:
        if not merged:
            return
        holders = {i for absorbed in merged for i in self._by_context.pop(absorbed, ())}
        for cluster_id in sorted(holders):
            cluster = self.clusters.get(cluster_id)
            if cluster is not None and cluster.contexts & merged.keys():
                cluster.rename_contexts(merged)
                self._index(cluster)

    def _merge(self, event_ids: Sequence[str]) -> dict[str, str]:
        merged: dict[str, str] = {}
        for event_id in event_ids:
            cluster = self.clusters.get(event_id)
            if cluster is None or event_id in merged:
                continue
            other = self.best(cluster.facts(), excluding=event_id)
            if other is None:
                continue
            survivor, absorbed = (
                (other, cluster) if other.size >= cluster.size else (cluster, other)
            )
            self._forget(absorbed)
            survivor.reports.extend(absorbed.reports)
            survivor.earlier += absorbed.earlier
            survivor.absorb(absorbed.facts())
            self._index(survivor)
            merged[absorbed.id] = survivor.id
        return merged

    def _forget(self, cluster: Cluster) -> None:
        """Drop an event (keys it no longer has still name it: ``_candidates`` skips it)."""
        del self.clusters[cluster.id]
        for recent in self._recent.values():
            recent.pop(cluster.id, None)
        for key in self._keys(cluster):
            _unpost(self._by_key, (cluster.family, key), cluster.id)
        for context in cluster.contexts:
            _unpost(self._by_context, context, cluster.id)

    def settle(self, event_ids: Iterable[str]) -> None:
        """Keep only the count of these events' reports, once they are stored: later reports
        are compared with an event's facts, and a long run must not hold every report."""
        for event_id in event_ids:
            if (cluster := self.clusters.get(event_id)) is not None:
                cluster.earlier += len(cluster.reports)
                cluster.reports = []

    def set_aside(self, today: date) -> None:
        """Forget the events no article has reported for longer than they are kept when
        quiet (``quiet_for``): a corpus of years must not be held in memory, and what is
        recalled long after is what many reported."""
        for quiet, recent in self._recent.items():
            while recent:
                cluster = self.clusters[next(iter(recent))]
                if cluster.reported is None:
                    del recent[cluster.id]  # reported only undated: kept, as stored ones are
                elif cluster.reported.end >= today - quiet:
                    break  # documents come in publication order: the rest are as recent
                else:
                    self._forget(cluster)
        for week in [w for w in self._leads if _last_day(w) < today - LEAD_DAYS]:
            del self._leads[week]  # no report of today or later looks that far back

    def _candidates(self, facts: Facts) -> list[Cluster]:
        keys = [("p", p) for p in facts.persons] + [("a", a) for a in facts.actors]
        if facts.location:
            keys.append(("l", facts.location))
        keys += [("c", context) for context in facts.contexts]
        ids: set[str] = set()
        for key in keys:
            ids |= self._by_key.get((facts.family, key[0] + ":" + key[1]), set())
        if facts.lead and facts.reported:
            named = _named(facts)
            for week in _weeks(facts.reported, LEAD_DAYS):
                leads = self._leads.get(week, {})
                for name in named:
                    ids.update(leads.get((facts.family, name), ()))
        return [self.clusters[i] for i in sorted(ids) if i in self.clusters]

    def _index(self, cluster: Cluster) -> None:
        self.clusters[cluster.id] = cluster
        quiet = quiet_for(cluster.family, cluster.size)
        for other, recent in self._recent.items():
            if other != quiet:
                recent.pop(cluster.id, None)
        recent = self._recent.setdefault(quiet, OrderedDict())
        recent[cluster.id] = None
        recent.move_to_end(cluster.id)
        for key in self._keys(cluster):
            self._by_key.setdefault((cluster.family, key), set()).add(cluster.id)
        for context in cluster.contexts:
            self._by_context.setdefault(context, set()).add(cluster.id)
        if cluster.lead and cluster.reported:
            names = _named(cluster.facts())
            for week in _weeks(cluster.reported):
                leads = self._leads.setdefault(week, {})
                for name in names:
                    holders = leads.setdefault((cluster.family, name), [])
                    if cluster.id not in holders:  # lists: most hold one event
                        holders.append(cluster.id)

    @staticmethod
    def _keys(cluster: Cluster) -> list[str]:
        keys = [f"p:{p}" for p in cluster.persons] + [f"a:{a}" for a in cluster.actors]
        keys += [f"l:{loc}" for loc in cluster.locations]
        return keys + [f"c:{context}" for context in cluster.contexts]


def _unpost(postings: dict[Any, set[str]], key: Any, event_id: str) -> None:
    """Take an event out of a posting, and the posting out when it is empty (events set
    aside over years of news must not leave their keys behind)."""
    holders = postings.get(key)
    if holders is not None:
        holders.discard(event_id)
        if not holders:
            del postings[key]


def _named(facts: Facts) -> frozenset[str]:
    """Whom and where an event involves and what its articles name: two leads named alike
    share one of these."""
    location = {facts.location} if facts.location else set()
    return facts.persons | facts.actors | facts.places | facts.names | location


def _last_day(week: str) -> date:
    """The Sunday of an ISO week as ``_weeks`` names it ("2024-9")."""
    year, number = week.split("-")
    return date.fromisocalendar(int(year), int(number), 7)


def quiet_for(family: str, size: int) -> timedelta:
    """How long an event stays in the linker's memory with no new report: one of no kind,
    a week (it is never linked to reports further apart); one told by few, half a year."""
    if family.startswith("other:"):
        return WEEK
    return SMALL_QUIET if size < KEPT_REPORTS else LARGE_QUIET


def set_aside_by(family: str, facts: Mapping[str, Any], today: date) -> bool:
    """Whether a stored event (its family and linking facts) is one ``EventIndex.set_aside``
    would have forgotten by ``today``."""
    reported = facts.get("reported")
    if not reported:
        return False
    quiet = quiet_for(family, int(facts.get("size", 0)))
    return date.fromisoformat(reported[1]) < today - quiet


def _weeks(interval: Interval, margin: timedelta = timedelta(0)) -> list[str]:
    """The ISO weeks an interval touches, with ``margin`` on each side (at most nine weeks)."""
    first = interval.start - margin
    last = min(interval.end + margin, first + timedelta(days=62))
    weeks = {f"{d.isocalendar()[0]}-{d.isocalendar()[1]}": None for d in _days(first, last)}
    return list(weeks)


def _days(first: date, last: date) -> Iterable[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)


def _final(event_id: str, merged: Mapping[str, str]) -> str:
    while event_id in merged:
        event_id = merged[event_id]
    return event_id


# --- what an event comes to --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One document's report of an event's status."""

    status: str
    document: str
    as_of: str | None  # the document's publication date (or estimate)
    estimated: bool
    evidence: str
    cue: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    kind: str
    family: str
    title: str
    participants: tuple[str, ...]  # entity ids, most reported first
    location: str | None  # its name
    location_entity: str | None
    date: Interval | None
    happened_by: dt.date | None  # when only "before this" is known
    status: str
    conflicting: tuple[str, ...]  # other statuses reported on the latest day
    trajectory: tuple[Step, ...]
    mentions: tuple[tuple[str, int, int], ...]  # (document, start, end) of each report
    reports: tuple[Report, ...] = ()  # empty when read back from the store
    roles: tuple[tuple[str, str], ...] = ()  # (participant, role), most reported first
    counts: tuple[tuple[str, int], ...] = ()  # the largest figure reported of each
    salience: float = 0.0  # how central it is to the articles that report it, 0 to 1
    corrected: tuple[str, ...] = ()  # the fields a user corrected: "status", "date", "title"

    @property
    def background(self) -> bool:
        """Recalled for context, not what its articles are about: folded on timelines."""
        return self.salience < BACKGROUND

    @property
    def dated(self) -> bool:
        return self.date is not None or self.happened_by is not None

    @property
    def sort_day(self) -> dt.date:
        if self.date is not None:
            return self.date.start
        return self.happened_by or dt.date.max


def summarise(
    cluster: Cluster, reporting: Mapping[str, Reporting], names: Mapping[str, str]
) -> Event:
    """An event's date, trajectory and status from its reports."""
    reports = sorted(
        cluster.reports,
        key=lambda r: (reporting.get(r.document, UNDATED).sort_key, r.document, r.start),
    )
    rebuilt = Cluster(id=cluster.id, family=cluster.family)
    for report in reports:
        rebuilt.add(report, reporting.get(report.document, UNDATED))
    trajectory = _trajectory(reports, reporting)
    status, conflicting = current_status(trajectory)
    participants = _most_reported(rebuilt.persons + rebuilt.actors, names)
    location = rebuilt.most_specific_location()
    location_name = next((r.location_name for r in reports if r.location == location), None)
    kinds = Counter(
        r.kind for r in reports if not r.anaphoric and (r.kind not in CASUALTIES or r.persons)
    ) or Counter(r.kind for r in reports)
    kind = kinds.most_common(1)[0][0]
    happened_by = None
    when = _voted_date(reports) or rebuilt.when
    if when is None:
        ends = [
            interval.end for s in trajectory
            if s.status == "happened"
            and (interval := reporting.get(s.document, UNDATED).interval) is not None
        ]  # fmt: skip
        happened_by = min(ends, default=None)
    roles = _roles(reports, participants)
    counts = _counts(reports)
    return Event(
        id=cluster.id, kind=kind, family=cluster.family,
        title=headline(
            kind, _titled(roles, reports), names, location_name, status=status, counts=counts,
            phrase=_phrase(reports, kind),
            target=_most_common(r.target for r in reports if r.kind == kind),
            trigger=_most_common(told_as(r.trigger) for r in reports if r.kind == kind),
            persons=frozenset(rebuilt.persons),
            actor=_most_common(r.actor for r in reports if r.kind == kind),
            nationalities=frozenset(k for r in reports for k in r.nationalities),
        ),
        participants=tuple(participants), location=location_name, location_entity=location,
        date=when, happened_by=happened_by, status=status,
        conflicting=conflicting, trajectory=tuple(trajectory),
        mentions=tuple((r.document, r.start, r.end) for r in reports), reports=tuple(reports),
        roles=roles, counts=counts, salience=_news_salience(reports, when, reporting),
    )  # fmt: skip


def _news_salience(
    reports: Sequence[Report], when: Interval | None, reporting: Mapping[str, Reporting]
) -> float:
    """The event's salience, held below the background line when its title could say
    nothing (a statement no report says whose it is; a verb of no kind with no one, nothing
    and nowhere: "Headed", however many articles use the word), and when the one article that
    tells of it was written long after it ("their last title, in 1908": history recalled for
    context, however often). What several articles recall, the last summit of the same two
    leaders, stays."""
    told = salience(reports)
    if all(_says_nothing(r) for r in reports):
        return min(told, HISTORY_SALIENCE)
    if len({r.document for r in reports}) > 1:
        return told
    if when is None:
        return told
    written = [reporting.get(r.document, UNDATED).interval for r in reports]
    if all(w is not None and w.start > when.end + NEWS_AGE for w in written):
        return min(told, HISTORY_SALIENCE)
    return told


HISTORY_SALIENCE = 0.3  # below BACKGROUND


def _says_nothing(report: Report) -> bool:
    if report.kind == "statement":
        return not (report.persons or report.actors or report.location)
    return report.kind == "other" and _unnamed(report)


def _unnamed(report: Report) -> bool:
    return not (
        report.persons or report.actors or report.actor or report.target or report.location
        or report.phrase or report.counts
    )  # fmt: skip


def _titled(
    roles: tuple[tuple[str, str], ...], reports: Sequence[Report]
) -> tuple[tuple[str, str], ...]:
    """The participants a title names: of an event many articles report, those more than one
    of them names (a victim of another attack read into one article is not in its title)."""
    documents: dict[str, set[str]] = {}
    for report in reports:
        for key in report.persons | report.actors:
            documents.setdefault(key, set()).add(report.document)
    if len({r.document for r in reports}) < TITLE_QUORUM:
        return roles
    return tuple((key, role) for key, role in roles if len(documents.get(key, ())) > 1)


TITLE_QUORUM = 3  # articles


def _voted_date(reports: Sequence[Report]) -> Interval | None:
    """The day (or week, month) most reports give, the narrowest among equals: one report
    that read "on Friday" for a bombing of late Thursday does not move it."""
    said = [i for r in reports if r.date and (i := interval_of(r.date)) is not None]
    if not said:
        return None

    def support(day: Interval) -> int:  # the reports this date agrees with
        return sum(1 for other in said if other.start <= day.start and day.end <= other.end)

    return min(said, key=lambda i: (-support(i), i.days, i.start))


def _roles(reports: Sequence[Report], participants: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Each participant's role, as most reports give it."""
    votes: dict[str, Counter[str]] = {}
    for report in reports:
        for key, role in report.roles:
            votes.setdefault(key, Counter())[role] += 1
    return tuple(  # a report stored before roles were read: its participants act
        (key, votes[key].most_common(1)[0][0] if key in votes else "agent") for key in participants
    )


def _counts(reports: Sequence[Report]) -> tuple[tuple[str, int], ...]:
    largest: dict[str, int] = {}
    for report in reports:
        for what, number in report.counts:
            largest[what] = max(largest.get(what, 0), number)
    return tuple(sorted(largest.items()))


GENERIC_PHRASES = frozenset({"accident", "incident", "crash", "disaster", "tragedy", "attack"})


def _phrase(reports: Sequence[Report], kind: str) -> str | None:
    """What most reports call the event, a specific name before a generic one ("tram
    derailment" before "accident")."""
    phrases = [r.phrase for r in reports if r.kind == kind and r.phrase]
    specific = [p for p in phrases if p not in GENERIC_PHRASES]
    return _most_common(specific) or _most_common(phrases)


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def salience(reports: Sequence[Report]) -> float:
    """How central an event is to the articles that report it (0 to 1): in a headline or a
    lead, or told again and again in one article; a little more for each other article."""
    by_document: dict[str, list[Report]] = {}
    for report in reports:
        by_document.setdefault(report.document, []).append(report)
    if not by_document:
        return 0.0
    best = max(
        0.75 * max(r.prominence for r in own) + 0.1 * (len(own) - 1) for own in by_document.values()
    )
    news = any(r.kind in NEWS_IN_ITSELF for r in reports)
    return round(min(1.0, best + 0.15 * (len(by_document) - 1) + NEWS_POINTS * news), 3)


# Kinds that are news however briefly told (an arrest, an inquiry, a resignation); a
# crash or a death named once, out of the lead, is mostly history recalled.
NEWS_IN_ITSELF = frozenset(
    "arrest investigation charge trial sentence ruling resignation dismissal appointment "
    "seizure breach lawsuit".split()
)
NEWS_POINTS = 0.1


def _trajectory(reports: Sequence[Report], reporting: Mapping[str, Reporting]) -> list[Step]:
    by_document: dict[str, list[Report]] = {}
    for report in reports:
        by_document.setdefault(report.document, []).append(report)
    steps = []
    for document, own in by_document.items():
        chosen = max(own, key=lambda r: (STRENGTH.index(r.status), r.cue is not None, -r.start))
        when = reporting.get(document, UNDATED)
        steps.append(
            Step(
                status=chosen.status, document=document, as_of=when.value,
                estimated=when.published is None and when.estimate is not None,
                evidence=chosen.evidence, cue=chosen.cue, start=chosen.start, end=chosen.end,
            )
        )  # fmt: skip
    return sorted(steps, key=lambda s: (_step_key(s, reporting), s.document))


def _step_key(step: Step, reporting: Mapping[str, Reporting]) -> tuple[date, date]:
    return reporting.get(step.document, UNDATED).sort_key


def current_status(trajectory: Sequence[Step]) -> tuple[str, tuple[str, ...]]:
    """The latest well-founded report's status (hedged reports count only when there is
    nothing else; once an event has happened, later talk of it as expected does not undo
    that), with the other statuses reported on that same latest day."""
    if not trajectory:
        return "uncertain", ()
    founded = [s for s in trajectory if s.status not in HEDGED and s.as_of is not None]
    if not founded:
        founded = [s for s in trajectory if s.status != "uncertain" and s.as_of is not None]
    if not founded:
        strongest = max(trajectory, key=lambda s: STRENGTH.index(s.status))
        return strongest.status, ()
    status = founded[0].status
    for step in founded[1:]:
        if status == "happened" and step.status in ANTICIPATED | {"ongoing"}:
            continue
        status = step.status
    latest_day = founded[-1].as_of
    same_day = {s.status for s in founded if s.as_of == latest_day}
    if len(same_day) < 2:
        return status, ()
    status = max(same_day | {status}, key=STRENGTH.index)
    return status, tuple(sorted(same_day - {status}, key=STRENGTH.index))


def _most_reported(counts: Counter[str], names: Mapping[str, str]) -> list[str]:
    """Keys by how often they are reported, ties by name: the same on every run."""
    return sorted(counts, key=lambda key: (-counts[key], names.get(key, key), key))


def redate(report: Report, value: str | None) -> Report:
    return replace(report, date=value)

"""Alerts: what a user follows (events, stories or articles a query matches) and when it fires.

- ``status``: a followed event's status moved (planned → confirmed, → happened, → cancelled).
  The changes are read from the event's trajectory, step by step in publication order, so the
  same articles give the same changes whatever order they came in; each change is keyed by the
  status it entered and how many times the event had entered it, so it is told once.
- ``new-event``: an event that leads an article joined a story whose articles match the query.
- ``new-article``: an article matches the query.

An alert starts from what the corpus holds when it is added: that is already seen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.corpus.briefs import UnknownStory, story_members
from storyline.corpus.event_queries import (
    find_events,
    participant_names,
    reported_events,
    stored_events,
)
from storyline.corpus.events import Event, Step, current_status
from storyline.store.database import Store, StoreError
from storyline.store.views import StoryOriginal
from storyline.store.watching import AlertRecord, FiringRecord

TRIGGERS = ("status", "new-event", "new-article")
SEARCH_LIMIT = 10_000  # articles a query follows, at most
# The salience at which an event is news a story's followers want told: it leads an article
# (its headline; its lead and told again; or the leads of two articles). Below, a story's
# every recalled "investigation" and "statement" would fire (measured on the clustering dev
# split fed as a feed: 60 firings for one story's first days at the background line, 13 here).
NEWS_SALIENCE = 0.7
_WORD = re.compile(r"\w+")


class AlertError(ValueError):
    """An alert that cannot be added or found; the message says why."""


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One move of an event's status, and the report that made it."""

    step: Step
    before: str
    after: str
    entered: int  # how many times the event has entered ``after``, this time included


def status_changes(trajectory: Sequence[Step]) -> list[StatusChange]:
    """The changes of status an event went through, in publication order: its status as
    known after each report, compared with the one before."""
    changes: list[StatusChange] = []
    entered: Counter[str] = Counter()
    before: str | None = None
    for index, step in enumerate(trajectory):
        status, _ = current_status(trajectory[: index + 1])
        if before is None or status != before:
            entered[status] += 1
        if before is not None and status != before:
            changes.append(StatusChange(step, before, status, entered[status]))
        before = status
    return changes


def add_alert(
    store: Store, name: str, query: str, *, trigger: str = "status", webhook: str | None = None
) -> AlertRecord:
    """Add an alert; what it matches now counts as seen. :class:`AlertError` if the name is
    taken, the trigger unknown or the query empty."""
    if trigger not in TRIGGERS:
        raise AlertError(f"unknown trigger {trigger!r}: use one of {', '.join(TRIGGERS)}")
    if not name.strip() or not _WORD.search(query):
        raise AlertError("an alert needs a name and a query with at least one word")
    alert = AlertRecord(name=name.strip(), query=query, trigger=trigger, webhook=webhook)
    seen = [key for _, keys in _candidates(store, [alert], _Corpus(store)) for key in keys]
    if not store.add_alert(alert, seen):
        raise AlertError(f"an alert named {alert.name!r} exists already")
    return alert


def check_alerts(store: Store, names: Iterable[str] | None = None) -> list[FiringRecord]:
    """Fire what changed since each alert last looked; the new firings, stored once."""
    alerts = store.alerts()
    if names is not None:
        wanted = set(names)
        if unknown := wanted - {a.name for a in alerts}:
            raise AlertError(f"no alert named {sorted(unknown)[0]!r}")
        alerts = [a for a in alerts if a.name in wanted]
    if not alerts:
        return []
    candidates = _candidates(store, alerts, _Corpus(store))
    ids = store.add_firings(candidates)
    return store.firings(ids=ids) if ids else []


class _Corpus:
    """What the alerts of one check read, read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._events: list[Event] | None = None
        self._names: dict[str, str] | None = None
        self._story_of: dict[str, str] | None = None

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            self._events = stored_events(self.store)
        return self._events

    @property
    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = participant_names(self.store, self.events)
        return self._names

    @property
    def story_of(self) -> dict[str, str]:
        if self._story_of is None:
            self._story_of = self.store.story_of_documents()
        return self._story_of

    def matching_documents(self, query: str) -> list[str]:
        try:
            return [hit.id for hit in self.store.search(query, limit=SEARCH_LIMIT)]
        except StoreError:
            return []  # a query with nothing to search for matches no article


def _candidates(
    store: Store, alerts: Sequence[AlertRecord], corpus: _Corpus
) -> list[tuple[FiringRecord, list[str]]]:
    found: list[tuple[FiringRecord, list[str]]] = []
    for alert in alerts:
        if alert.trigger == "status":
            found += _status_firings(alert, corpus)
        elif alert.trigger == "new-event":
            found += _new_event_firings(alert, corpus)
        else:
            found += _new_article_firings(store, alert, corpus)
    return found


def _status_firings(alert: AlertRecord, corpus: _Corpus) -> list[tuple[FiringRecord, list[str]]]:
    found = []
    for event in find_events(corpus.events, alert.query, corpus.names):
        for change in status_changes(event.trajectory):
            step = change.step
            firing = FiringRecord(
                alert=alert.name, kind="status",
                message=f"{event.title}: {change.before} → {change.after}",
                event_id=event.id, document_id=step.document, status_from=change.before,
                status_to=change.after, as_of=step.as_of, evidence=step.evidence,
                evidence_start=step.start, evidence_end=step.end,
            )  # fmt: skip
            found.append((firing, [f"status:{event.id}:{change.after}:{change.entered}"]))
    return found


def _new_event_firings(alert: AlertRecord, corpus: _Corpus) -> list[tuple[FiringRecord, list[str]]]:
    stories = {
        story
        for document in corpus.matching_documents(alert.query)
        if (story := corpus.story_of.get(document))
    }
    found = []
    for event in corpus.events:
        if event.salience < NEWS_SALIENCE or not event.trajectory:
            continue
        story = next(
            (s for d, _, _ in event.mentions if (s := corpus.story_of.get(d)) in stories), None
        )
        if story is None:
            continue
        step = event.trajectory[0]
        firing = FiringRecord(
            alert=alert.name, kind="new-event", message=f"new event: {event.title}",
            event_id=event.id, story_id=story, document_id=step.document,
            status_to=event.status, as_of=step.as_of, evidence=step.evidence,
            evidence_start=step.start, evidence_end=step.end,
        )  # fmt: skip
        found.append((firing, [f"event:{event.id}"]))
    return found


def _new_article_firings(
    store: Store, alert: AlertRecord, corpus: _Corpus
) -> list[tuple[FiringRecord, list[str]]]:
    documents = corpus.matching_documents(alert.query)
    seen = store.alert_seen(alert.name)
    fresh = [d for d in documents if f"article:{d}" not in seen]
    found = []
    for document in fresh:
        stored = store.document(document)
        if stored is None:
            continue
        sentence = _sentence_with(store, document, stored.body, alert.query)
        firing = FiringRecord(
            alert=alert.name, kind="new-article",
            message=f"new article: {stored.title or '(no title)'}", document_id=document,
            story_id=corpus.story_of.get(document), as_of=stored.published,
            evidence=stored.body[sentence[0] : sentence[1]] if sentence else None,
            evidence_start=sentence[0] if sentence else None,
            evidence_end=sentence[1] if sentence else None,
        )  # fmt: skip
        found.append((firing, [f"article:{document}"]))
    return found


def _sentence_with(store: Store, document: str, body: str, query: str) -> tuple[int, int] | None:
    """The first sentence holding most of the query's words."""
    words = {w.casefold() for w in _WORD.findall(query)}
    best, best_count = None, 0
    for start, end in store.sentences(document):
        count = len(words & {w.casefold() for w in _WORD.findall(body[start:end])})
        if count > best_count:
            best, best_count = (start, end), count
        if count == len(words):
            break
    return best


@dataclass(frozen=True, slots=True)
class StoryChanges:
    """What a story gained since a day: articles published since, events first reported
    since, and status changes reported since (each with the report that made it)."""

    since: str
    articles: tuple[str, ...]
    new_events: tuple[Event, ...]
    changes: tuple[tuple[Event, StatusChange], ...]


def story_changes(store: Store, story_id: str, since: date) -> StoryChanges:
    """What changed in a story from ``since`` on (by publication day; an undated article by
    the end of its estimate). Raises :class:`UnknownStory` for an unknown story."""
    if not store.story_exists(story_id):
        raise UnknownStory(story_id)
    day = since.isoformat()
    members = story_members(store, story_id)
    articles = [o.document for o in store.story_originals(story_id) if _on_or_after(o, day)]
    events = reported_events(store, members)
    new_events = [
        e
        for e in events
        if not e.background and e.trajectory and (e.trajectory[0].as_of or "") >= day
    ]
    changes = [
        (event, change)
        for event in events
        for change in status_changes(event.trajectory)
        if (change.step.as_of or "") >= day
    ]
    return StoryChanges(day, tuple(articles), tuple(new_events), tuple(changes))


def _on_or_after(original: StoryOriginal, day: str) -> bool:
    when = original.published or original.estimate_end
    return when is not None and when[: len(day)] >= day[: len(when)]

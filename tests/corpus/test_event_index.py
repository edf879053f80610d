"""The corpus's event index over a long stream: what it remembers, and for how long."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from storyline.corpus.event_linking import cluster_facts
from storyline.corpus.events import (
    Cluster,
    EventIndex,
    Report,
    Reporting,
    report_facts,
    score,
    set_aside_by,
)

_offsets = count(0, 100)
LEADERS = frozenset({"p:ana", "p:li"})


def report(document: str, **facts) -> Report:
    start = next(_offsets)
    defaults = {"trigger": "meeting", "kind": "meeting", "status": "happened", "cue": None}
    return Report(document=document, index=start, start=start, end=start + 7,
                  evidence="They met.", **{**defaults, **facts})  # fmt: skip


def published(day: str) -> Reporting:
    return Reporting(published=date.fromisoformat(day))


def linked(index: EventIndex, day: str, **facts) -> Cluster:
    single = report(f"doc-{day}-{next(_offsets)}", **facts)
    group = Cluster(id=f"ev-{single.start}", family=single.family)
    group.add(single, published(day))
    return index.link(group)


def test_an_event_compares_by_what_all_its_reports_say_so_far():
    cluster = Cluster(id="ev-1", family="meeting")
    cluster.add(report("a", persons=frozenset({"p:ana"})), published("2024-03-01"))
    assert cluster.facts().persons == {"p:ana"}
    cluster.add(report("b", persons=LEADERS), published("2024-03-02"))
    cluster.add(report("c", persons=LEADERS), published("2024-03-02"))
    assert cluster.facts().persons == LEADERS
    cluster.add_context("ev-lead")
    assert cluster.facts().contexts == {"ev-lead"}
    cluster.rename_contexts({"ev-lead": "ev-other"})
    assert cluster.facts().contexts == {"ev-other"}


def test_a_stored_event_keeps_its_count_not_its_reports():
    index = EventIndex()
    event = linked(index, "2024-03-01", persons=LEADERS)
    again = linked(index, "2024-03-02", persons=LEADERS)
    assert again is event and event.size == 2
    index.settle([event.id])
    assert event.reports == [] and event.size == 2
    assert linked(index, "2024-03-03", persons=LEADERS).size == 3


def test_a_verb_of_no_kind_quiet_for_a_week_is_forgotten_as_no_later_report_could_join_it():
    index = EventIndex()
    landed = linked(index, "2024-03-01", trigger="landed", kind="other", persons=LEADERS)
    later = report_facts(report("late", trigger="landed", kind="other", persons=LEADERS),
                         published("2024-03-09"))  # fmt: skip
    assert score(later, landed.facts()) is None
    index.set_aside(date(2024, 3, 8))
    assert landed.id in index.clusters
    index.set_aside(date(2024, 3, 9))
    assert landed.id not in index.clusters
    assert index.best(later) is None


def test_a_meeting_few_reported_is_kept_half_a_year_and_one_many_reported_two_years():
    index = EventIndex()
    small = linked(index, "2024-01-01", persons=LEADERS, location="l:lima")
    large = linked(index, "2024-01-01", kind="attack", trigger="attack", location="l:oslo")
    for _ in range(4):
        assert linked(index, "2024-01-01", kind="attack", trigger="attack",
                      location="l:oslo") is large  # fmt: skip
    index.set_aside(date(2024, 6, 28))
    assert {small.id, large.id} <= index.clusters.keys()
    index.set_aside(date(2024, 7, 1))
    assert small.id not in index.clusters and large.id in index.clusters
    recalled = linked(index, "2024-07-01", persons=LEADERS, location="l:lima")
    assert recalled is not small  # the forgotten meeting is a new event now
    index.set_aside(date(2026, 1, 2))
    assert large.id not in index.clusters


def test_a_stored_event_is_loaded_unless_the_index_would_have_set_it_aside():
    index = EventIndex()
    small = linked(index, "2024-01-01", persons=LEADERS)
    facts = cluster_facts(small)
    assert not set_aside_by(small.family, facts, date(2024, 6, 1))
    assert set_aside_by(small.family, facts, date(2024, 1, 1) + timedelta(days=181))
    assert not set_aside_by(small.family, {"size": 1}, date(2030, 1, 1))  # undated: kept

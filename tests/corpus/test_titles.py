"""Event titles built from the record: who, what, to whom, where, how many."""

from __future__ import annotations

import pytest

from storyline.corpus.titles import headline

NAMES = {"a": "Ana Ruiz", "b": "Li Wei", "g": "Tarsian Front", "x": "Velmar", "n": "Tarsian"}
PEOPLE = frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("kind", "roles", "extra", "title"),
    [
        ("meeting", [("a", "agent"), ("b", "counterpart")], {}, "Ana Ruiz meets Li Wei in Lima"),
        ("meeting", [("a", "agent"), ("b", "counterpart")], {"status": "planned"},
         "Ana Ruiz to meet Li Wei in Lima"),
        ("release", [("g", "agent")], {"target": "21 schoolgirls"},
         "Tarsian Front releases 21 schoolgirls in Lima"),
        ("arrest", [], {"target": "the driver"}, "The driver arrested in Lima"),
        ("disaster", [], {"phrase": "tram derailment", "counts": [("injured", 51), ("killed", 7)]},
         "Tram derailment in Lima (7 killed, 51 injured)"),
        ("disaster", [], {"trigger": "derailed"}, "Derailment in Lima"),
        ("other", [], {"trigger": "closed", "target": "the bridge"}, "The bridge closed in Lima"),
        ("other", [], {"trigger": "slid", "actor": "tram"}, "Tram slid in Lima"),
        ("other", [], {"trigger": "sent", "actor": "team", "target": "a team of rescuers"},
         "A team of rescuers sent in Lima"),
        ("resignation", [("a", "agent")], {}, "Ana Ruiz resigns in Lima"),
        ("sanction", [("x", "agent"), ("g", "patient")], {},
         "Velmar imposes sanctions on Tarsian Front in Lima"),
        ("launch", [("x", "agent"), ("n", "patient")],
         {"target": "a Tarsian missile", "nationalities": frozenset({"n"})},
         "Velmar launches a Tarsian missile in Lima"),
        ("launch", [("x", "agent"), ("n", "agent")],
         {"target": "four missiles", "nationalities": frozenset({"n"})},
         "Velmar launches four missiles in Lima"),
        ("match", [("g", "agent")], {"trigger": "won", "target": "the cup"},
         "Tarsian Front wins the cup in Lima"),
        ("match", [], {"trigger": "won", "target": "the cup"}, "The cup won in Lima"),
        ("match", [("g", "agent")], {"trigger": "beat", "target": "the title"},
         "Tarsian Front wins the title in Lima"),
        ("match", [("g", "agent"), ("x", "patient")], {"trigger": "beat"},
         "Tarsian Front beats Velmar in Lima"),
        ("match", [("g", "agent"), ("x", "patient")], {"trigger": "won"},
         "Tarsian Front beats Velmar in Lima"),
        ("match", [("g", "agent"), ("x", "patient")], {"trigger": "won", "target": "the cup"},
         "Tarsian Front wins the cup in Lima"),
        ("match", [("g", "agent"), ("x", "agent")], {"trigger": "won", "target": "the cup"},
         "Tarsian Front wins the cup in Lima"),
    ],
)  # fmt: skip
def test_titles_read_like_headlines(kind, roles, extra, title):
    assert headline(kind, roles, NAMES, "Lima", persons=PEOPLE, **extra) == title


def test_a_visit_names_where_the_visitor_went():
    assert (
        headline("visit", [("a", "agent")], NAMES, "Oslo", persons=PEOPLE) == "Ana Ruiz visits Oslo"
    )


def test_people_come_before_the_countries_they_act_for():
    roles = [("x", "agent"), ("a", "agent"), ("b", "counterpart")]
    assert headline("meeting", roles, NAMES, None, persons=PEOPLE) == "Ana Ruiz meets Li Wei"


def test_an_event_held_online_says_so():
    roles = [("a", "agent"), ("b", "counterpart")]
    assert headline("summit", roles, NAMES, "online", persons=PEOPLE, status="agreed") == (
        "Ana Ruiz to hold summit with Li Wei (online)"
    )

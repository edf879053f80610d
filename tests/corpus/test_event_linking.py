"""Events linked across articles through the product: ingest, then export."""

from __future__ import annotations

import json

from click.testing import CliRunner

from storyline.analyse.known_names import is_media
from storyline.cli import cli

PLAYERS = (
    "Two basketball players boarded a flight on Sunday and were removed before take-off, the "
    "airline said. The Associated Press could not reach Ana Ruiz or Li Wei, the two players. "
    "Ruiz wrote on Twitter that the crew had been rude to them."
)
WRONG_PLANE = (
    "A passenger boarded the wrong plane on Sunday, and the flight to Oslo turned back after "
    "four hours, Tarsian Air said. The Associated Press saw the plane land. Other passengers "
    "shared videos on Twitter."
)


def test_the_wire_and_the_network_two_articles_name_tie_none_of_their_events(tmp_path):
    records = [
        {"title": "Two players taken off a flight", "text": PLAYERS, "published": "2024-03-05"},
        {"title": "Passenger boarded the wrong plane", "text": WRONG_PLANE,
         "published": "2024-03-05"},
    ]  # fmt: skip
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(source), "--db", db]).exit_code == 0
    exported = runner.invoke(cli, ["export", "--db", db, "--type", "event"]).output
    events = [json.loads(line) for line in exported.splitlines()]
    boarded = [e for e in events if "boarded" in e["title"].lower()]
    assert len(boarded) == 2
    assert all(len({step["document"] for step in e["trajectory"]}) == 1 for e in boarded)


def test_news_agencies_and_networks_are_media_by_any_spelling():
    assert all(is_media(n) for n in ("AP", "The Associated Press", "Reuters", "Twitter"))
    assert not any(is_media(n) for n in ("Tarsian Air", "Oslo", "Ana Ruiz"))

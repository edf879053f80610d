"""Corrections through the command line: a document's date and a quote's speaker, corrected,
kept through ``link --rebuild``, re-ingest and a new analysis of the document, listed, exported
and undone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from tests.e2e import corpus
from tests.e2e.cli import export, ingest, json_lines, run

BARE = """\
Harbour council approves new breakwater

The harbour council approved the new breakwater on Friday, after a year of storms that left the \
old wall in pieces. Work will start next week, the council's chair said.

"We cannot wait for another winter," said Anna Lindqvist, who leads the fishermen's cooperative.
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fixes")
    (folder / "bare.txt").write_text(BARE, encoding="utf-8")
    (folder / "planned.jsonl").write_text(corpus.FILES["planned.jsonl"], encoding="utf-8")
    ingest([folder / "bare.txt", folder / "planned.jsonl"], folder / "template.db")
    return folder


@pytest.fixture
def db(template, tmp_path) -> Path:
    copy = tmp_path / "fixes.db"
    shutil.copy(template / "template.db", copy)
    return copy


def _document(db: Path, name: str) -> dict:
    [found] = [d for d in export(db, "document") if d["source"].split(":")[0].endswith(name)]
    return found


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_a_corrected_date_dates_the_article_and_what_it_says(db, template):
    before = _document(db, "bare.txt")
    assert before["published"] is None
    friday = next(t for t in before["timexes"] if t["text"] == "Friday")
    assert "X" in friday["value"]  # no date to read "Friday" against
    output = run("fix", "date", before["id"][:10], "2024-05-11", "--db", str(db),
                 "--note", "the print edition's date").output  # fmt: skip
    assert "published 2024-05-11 (was undated)" in output

    after = _document(db, "bare.txt")
    assert after["id"] == before["id"]
    assert after["published"] == {"value": "2024-05-11", "source": "correction", "confidence": 1.0}
    assert next(t for t in after["timexes"] if t["text"] == "Friday")["value"] == "2024-05-10"

    run("link", "--rebuild", "--db", str(db))
    ingest([template / "bare.txt"], db)  # the same bytes again: nothing changes
    assert _document(db, "bare.txt")["published"]["value"] == "2024-05-11"

    [listed] = json_lines("fixes", "--json", "--db", str(db))
    assert listed["type"] == "correction" and listed["kind"] == "date"
    assert listed["value"] == "2024-05-11" and listed["previous"]["value"] is None
    assert listed["note"] == "the print edition's date"
    assert [r["id"] for r in export(db, "correction")] == [listed["id"]]

    run("fixes", "undo", str(listed["id"]), "--db", str(db))
    assert _document(db, "bare.txt")["published"] is None
    assert "no corrections" in run("fixes", "--db", str(db)).output
    [undone] = json_lines("fixes", "--all", "--json", "--db", str(db))
    assert undone["undone_at"]


def test_a_corrected_speaker_is_kept_through_a_rebuild_and_a_new_analysis(db):
    quotes = json_lines("quotes", "--json", "--db", str(db))
    [cooperative] = [q for q in quotes if q["text"].startswith("We cannot wait")]
    assert (cooperative["speaker"] or {}).get("name") == "Anna Lindqvist"
    quote_id = cooperative["id"]
    run("fix", "speaker", quote_id, "Harbour council", "--db", str(db))
    run("link", "--rebuild", "--db", str(db))
    run("fix", "date", quote_id.split(":")[0], "2024-05-11", "--db", str(db))
    [fixed] = [q for q in json_lines("quotes", "--json", "--db", str(db)) if q["id"] == quote_id]
    assert fixed["speaker"]["name"] == "Harbour council"
    assert fixed["speaker"]["kind"] == "corrected"
    assert len(json_lines("quotes", "--json", "--speaker", "Harbour council", "--db", str(db))) == 1

    speaker_fix = next(r for r in json_lines("fixes", "--json", "--db", str(db))
                       if r["kind"] == "speaker")  # fmt: skip
    run("fixes", "undo", str(speaker_fix["id"]), "--db", str(db))
    [back] = [q for q in json_lines("quotes", "--json", "--db", str(db)) if q["id"] == quote_id]
    assert back["speaker"]["name"] == "Anna Lindqvist"


def _event(db: Path, event_id: str, *args: str) -> dict:
    timeline = json_lines("timeline", "--json", "--all", *args, "--db", str(db))
    [found] = [e for e in timeline if e["id"] == event_id]
    return found


def test_a_corrected_event_reads_so_wherever_it_is_read(db):
    talks = next(e for e in json_lines("timeline", "--json", "--all", "--db", str(db))
                 if e["location"] == "Geneva")  # fmt: skip
    assert talks["status"] != "cancelled" and talks["corrected"] == []
    run("fix", "event", talks["id"], "--status", "cancelled", "--date", "2024-04",
        "--db", str(db))  # fmt: skip
    run("fix", "event", talks["id"], "--title", "Geneva talks called off", "--db", str(db))
    for view in ((), ("--as-of", "2024-03-06")):
        fixed = _event(db, talks["id"], *view)
        assert fixed["status"] == "cancelled" and fixed["date"]["value"] == "2024-04"
        assert fixed["title"] == "Geneva talks called off"
        assert fixed["corrected"] == ["date", "status", "title"]
    run("link", "--rebuild", "--db", str(db))
    assert _event(db, talks["id"])["status"] == "cancelled"
    [exported] = [e for e in export(db, "event") if e["id"] == talks["id"]]
    assert exported["title"] == "Geneva talks called off"
    [latest] = json_lines("fixes", "--json", "--db", str(db))  # the first is superseded
    assert latest["value"] == {"status": "cancelled", "date": "2024-04",
                               "title": "Geneva talks called off"}  # fmt: skip
    assert latest["previous"]["status"] == "cancelled"  # what the first correction made it
    run("fixes", "undo", str(latest["id"]), "--db", str(db))
    back = _event(db, talks["id"])
    assert back["status"] == talks["status"] and back["title"] == talks["title"]
    assert back["corrected"] == []


def _events(db: Path) -> dict[str, set[str]]:
    """Event id → the documents that report it."""
    timeline = json_lines("timeline", "--json", "--all", "--db", str(db))
    return {e["id"]: {m["document"] for m in e["mentions"]} for e in timeline}


def test_events_merged_and_split_stay_so_through_a_rebuild(db):
    bare = _document(db, "bare.txt")["id"]
    before = _events(db)
    talks = next(e for e, docs in before.items() if bare not in docs)
    breakwater = next(e for e, docs in before.items() if docs == {bare})
    run("fix", "events", "merge", talks, breakwater, "--db", str(db))
    run("link", "--rebuild", "--db", str(db))
    merged = _events(db)
    assert breakwater not in merged and merged[talks] == before[talks] | {bare}
    run("fix", "events", "split", talks, bare, "--db", str(db))
    run("link", "--rebuild", "--db", str(db))
    split = _events(db)
    assert split[talks] == before[talks]
    assert [e for e, docs in split.items() if docs == {bare} and e not in before], (before, split)
    fixes = json_lines("fixes", "--json", "--db", str(db))
    assert [f["kind"] for f in fixes] == ["event-link", "event-link"]
    for fix in fixes:
        run("fixes", "undo", str(fix["id"]), "--db", str(db))
    assert _events(db) == before
    code, output = _invoke("fix", "events", "split", talks, bare, "--db", str(db))
    assert code == 1 and "does not report" in output


def _stories(db: Path) -> dict[str, set[str]]:
    return {s["id"]: set(s["documents"]) for s in json_lines("stories", "--json", "--db", str(db))}


def test_stories_merged_stay_merged_through_a_rebuild_and_come_apart_when_undone(db):
    before = _stories(db)
    assert len(before) == 2
    first, second = sorted(before)
    run("fix", "story", "merge", first, second, "--db", str(db))
    run("link", "--rebuild", "--db", str(db))
    merged = _stories(db)
    assert merged == {first: before[first] | before[second]}
    [story] = json_lines("stories", "--json", "--db", str(db))
    assert story["articles"] == 2
    [fix] = json_lines("fixes", "--json", "--db", str(db))
    run("fixes", "undo", str(fix["id"]), "--db", str(db))
    assert _stories(db) == before


def test_an_article_split_from_its_story_stays_on_its_own(db):
    before = _stories(db)
    first, second = sorted(before)
    run("fix", "story", "merge", first, second, "--db", str(db))
    bare = _document(db, "bare.txt")["id"]
    run("fix", "story", "split", bare, "--db", str(db))
    run("link", "--rebuild", "--db", str(db))
    after = _stories(db)
    rest = (before[first] | before[second]) - {bare}
    assert {frozenset(documents) for documents in after.values()} == {
        frozenset({bare}),
        frozenset(rest),
    }
    assert len(json_lines("fixes", "--json", "--db", str(db))) == 2  # the merge holds too
    code, output = _invoke("fix", "story", "split", bare, "--db", str(db))
    assert code == 1 and "nothing to split" in output


def test_an_article_moved_to_another_story_stays_there(db):
    before = _stories(db)
    bare = _document(db, "bare.txt")["id"]
    [other] = [story for story, documents in before.items() if bare not in documents]
    run("fix", "story", "move", bare[:10], other, "--db", str(db))
    assert _stories(db) == {other: before[other] | {bare}}
    run("link", "--rebuild", "--db", str(db))
    assert _stories(db) == {other: before[other] | {bare}}


def test_the_review_lists_what_is_least_sure_and_a_correction_takes_it_off(db):
    bare = _document(db, "bare.txt")["id"]
    claims = json_lines("review", "--json", "--db", str(db))
    [undated] = [c for c in claims if c["kind"] == "date" and c["target"] == bare]
    assert undated["confidence"] == 0 and undated["fix"] == f"storyline fix date {bare} DAY"
    consequences = [c["consequence"] for c in claims]
    assert consequences == sorted(consequences, reverse=True)
    assert {
        c["kind"] for c in json_lines("review", "--json", "--kind", "date", "--db", str(db))
    } == {"date"}
    run("fix", "date", bare, "2024-05-11", "--db", str(db))
    after = json_lines("review", "--json", "--db", str(db))
    assert not [c for c in after if c["kind"] == "date" and c["target"] == bare]
    assert "nothing below 0.0" in run("review", "--below", "0", "--db", str(db)).output


def test_corrections_that_cannot_be_made_say_why(db):
    document = _document(db, "bare.txt")["id"]
    for args, reason in [
        (("date", document, "2024-13-01"), "not a date"),
        (("date", document, "May 2024"), "a date is YYYY, YYYY-MM or YYYY-MM-DD"),
        (("date", "0000000000", "2024"), "no such document"),
        (("speaker", f"{document}:99", "Someone"), "no such quote"),
        (("speaker", document, "Someone"), "a quote is DOCUMENT:INDEX"),
        (("event", "ev-000000000000", "--status", "happened"), "no such event"),
        (("story", "merge", "st-000000000000", "st-000000000001"), "no such story"),
        (("story", "move", document, "st-000000000000"), "no such story"),
    ]:
        code, output = _invoke("fix", *args, "--db", str(db))
        assert code == 1 and reason in output, (args, output)
    code, output = _invoke("fixes", "undo", "42", "--db", str(db))
    assert code == 1 and "no correction 42" in output
    assert "no corrections" in run("fixes", "--db", str(db)).output

"""The dossier a user gets from a small invented corpus (:mod:`tests.e2e.corpus`), ingested once
through ``storyline ingest`` and read back through ``export``, ``timeline --json``, ``quotes
--json`` and ``stories --json``: events dated and with a status that moves, quotes with their
speakers, stories, and copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import corpus
from tests.e2e.cli import by_source, export, ingest, json_lines, timex


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dossier")
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest([folder / name for name in corpus.FILES], folder / "dossier.db")
    return folder / "dossier.db"


@pytest.fixture(scope="module")
def records(db) -> list[dict[str, Any]]:
    return export(db)


@pytest.fixture(scope="module")
def documents(records) -> dict[str, dict[str, Any]]:
    found = [r for r in records if r["type"] == "document"]
    assert len(found) == len(corpus.FILES)
    return {name: by_source(found, name) for name in corpus.FILES}


@pytest.fixture(scope="module")
def meetings(records) -> list[dict[str, Any]]:
    """The Geneva meeting events (there should be one)."""
    return [r for r in records if r["type"] == "event" and r["location"] == "Geneva"]


@pytest.fixture(scope="module")
def names(records) -> dict[str, str]:
    """Entity id -> name."""
    return {r["id"]: r["name"] for r in records if r["type"] == "entity"}


def _ids(documents, *names: str) -> set[str]:
    return {documents[name]["id"] for name in names}


# --- the publication dates the rest hangs on ----------------------------------------------------


def test_each_article_is_dated_by_its_own_evidence(documents):
    published = {name: (d["published"]["value"], d["published"]["source"])
                 for name, d in documents.items()}  # fmt: skip
    assert published == {
        "planned.jsonl": ("2024-03-05", "metadata"),
        "preview.html": ("2024-03-12", "metadata"),
        "met.txt": ("2024-04-20", "dateline"),
        "met-copy.txt": ("2024-04-20", "dateline"),
        "hospital.txt": ("2024-03-08", "dateline"),
    }


def test_relative_expressions_are_read_against_each_articles_date(documents):
    planned, met = documents["planned.jsonl"], documents["met.txt"]
    assert timex(planned, "next month")["value"] == "2024-04"
    assert timex(planned, "Monday")["value"] == "2024-03-04"  # said on Monday, a day before
    assert timex(planned, "last year")["value"] == "2023"
    assert timex(met, "Thursday")["value"] == "2024-04-18"  # met on Thursday, two days before
    assert timex(met, "Monday")["value"] == "2024-04-22"  # "would put to sea again on Monday"
    assert timex(documents["hospital.txt"], "Friday")["value"] == "2024-03-08"  # the same day


def test_a_past_weekday_evening_is_the_one_before(documents):
    assert timex(documents["met.txt"], "Friday evening")["value"] == "2024-04-19TEV"


# --- events ------------------------------------------------------------------------------------


def test_the_expected_meeting_and_the_meeting_held_are_one_event(meetings):
    assert len(meetings) == 1, [m["title"] for m in meetings]


def test_the_meeting_is_dated_by_the_report_that_it_happened(meetings):
    [meeting] = meetings
    assert meeting["kind"] == "meeting"
    assert meeting["date"]["value"] == "2024-04-18"
    assert meeting["status"] == "happened"


def test_the_meetings_status_moves_from_expected_to_happened(meetings, documents, names):
    [meeting] = meetings
    steps = [(s["as_of"], s["status"], s["document"]) for s in meeting["trajectory"]]
    assert [as_of for as_of, _, _ in steps] == sorted(as_of for as_of, _, _ in steps)
    before = [status for as_of, status, _ in steps if as_of < "2024-04-18"]
    assert before and set(before) <= {"agreed", "planned", "confirmed"}
    assert steps[-1][1] == "happened"
    assert {document for *_, document in steps} >= _ids(
        documents, "planned.jsonl", "preview.html", "met.txt"
    )
    people = {names[p] for p in meeting["participants"] if p in names}
    assert "Tomas Ekwueme" in people


def test_each_article_lists_the_event_reports_it_makes(documents, meetings, records):
    """A document record's ``events``: what the article says, linked to the corpus event or not."""
    [meeting] = meetings
    event_ids = {r["id"] for r in records if r["type"] == "event"}
    planned = documents["planned.jsonl"]
    reports = planned["events"]
    assert reports, "the article that announces the meeting reports no event"
    for report in reports:
        assert planned["body"][report["start"] : report["end"]] == report["text"]
        assert report["event"] is None or report["event"] in event_ids
    [meet] = [r for r in reports if r["text"] == "meet"]
    assert meet["kind"] == "meeting" and meet["event"] == meeting["id"]
    assert meet["status"] in ("agreed", "planned", "confirmed")
    assert meet["date"] == "2024-04" and meet["date_text"] == "next month"
    held = [r for r in documents["met.txt"]["events"] if r["event"] == meeting["id"]]
    assert {r["status"] for r in held} == {"happened"}


def test_the_expected_meeting_as_known_before_it_was_held(db, documents):
    """``timeline --as-of`` rebuilds the events from what had been published by then."""
    [meeting] = [
        e for e in json_lines("timeline", "--json", "--as-of", "2024-03-31", "--db", str(db))
        if e["location"] == "Geneva"
    ]  # fmt: skip
    assert meeting["date"]["value"] == "2024-04"
    assert meeting["status"] in ("planned", "confirmed", "agreed")
    assert {s["document"] for s in meeting["trajectory"]} == _ids(
        documents, "planned.jsonl", "preview.html"
    )


def test_the_timeline_lists_the_meeting_in_date_order(db, meetings):
    timeline = json_lines("timeline", "--json", "--db", str(db))
    assert meetings[0]["id"] in {e["id"] for e in timeline}
    assert all(e["date"] for e in timeline)  # without --all: dated events only
    starts = [e["date"].get("start") or e["date"]["end"] for e in timeline]
    assert starts == sorted(starts)


def test_the_first_report_alone_dates_the_expected_meeting(db):
    [meeting] = [
        e for e in json_lines("timeline", "--json", "--as-of", "2024-03-05", "--db", str(db))
        if e["location"] == "Geneva"
    ]  # fmt: skip
    assert meeting["date"]["value"] == "2024-04"
    assert len(meeting["trajectory"]) == 1


def test_no_event_is_said_to_have_happened_after_its_latest_report(records):
    for event in (r for r in records if r["type"] == "event" and r["status"] == "happened"):
        latest = max(s["as_of"] for s in event["trajectory"])
        start = (event["date"] or {}).get("start")
        assert start is None or start <= latest, (event["title"], event["date"], latest)


def test_a_copy_adds_no_event_of_its_own(records, documents):
    copy, original = documents["met-copy.txt"]["id"], documents["met.txt"]["id"]
    for event in (r for r in records if r["type"] == "event"):
        reporters = {m["document"] for m in event["mentions"]}
        assert copy not in reporters or original in reporters, event["title"]


def test_the_place_of_a_meeting_is_where_it_was_held(tmp_path):
    article = {
        "title": "Ministers settle herring dispute",
        "published": "2024-04-20",
        "text": "Fisheries ministers Ilse Brandvik of Veltrana and Tomas Ekwueme of Morsland met "
        "in Geneva on Thursday and agreed to restore herring quotas to last year's level.",
    }
    (tmp_path / "one.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    ingest([tmp_path / "one.jsonl"], tmp_path / "one.db")
    [meeting] = [e for e in export(tmp_path / "one.db", "event") if e["kind"] == "meeting"]
    assert (meeting["status"], meeting["date"]["value"]) == ("happened", "2024-04-18")
    assert meeting["location"] == "Geneva"


# --- quotes ------------------------------------------------------------------------------------


def test_a_quote_and_a_later_pronoun_quote_have_one_named_speaker(documents):
    quotes = {q["text"]: q for q in documents["planned.jsonl"]["quotes"]}
    for text in ("We will not back down", "It is a start"):
        assert quotes[text]["kind"] == "direct"
        assert quotes[text]["speaker"]["name"] == "Maria Okafor"
    assert quotes["We will not back down"]["speaker"]["kind"] == "name"
    assert quotes["It is a start"]["speaker"]["kind"] == "pronoun"
    speakers = {
        quotes[text]["speaker"]["entity"] for text in ("We will not back down", "It is a start")
    }
    assert len(speakers) == 1 and None not in speakers  # one linked person


def test_quote_offsets_point_into_the_body(documents):
    for document in documents.values():
        for quote in document["quotes"]:
            for start, end in quote["spans"]:
                assert (
                    document["body"][start:end] in quote["text"]
                    or quote["text"] in (document["body"][start:end])
                )
            speaker = quote["speaker"]
            if speaker and speaker["start"] is not None:
                assert document["body"][speaker["start"] : speaker["end"]] == speaker["text"]


def test_quotes_command_finds_the_speaker_across_articles(db, documents):
    quotes = json_lines("quotes", "--speaker", "okafor", "--json", "--db", str(db))
    said = {(q["document"], q["text"]) for q in quotes}
    planned, met = documents["planned.jsonl"]["id"], documents["met.txt"]["id"]
    assert {(planned, "We will not back down"), (planned, "It is a start")} <= said
    assert (met, "The harbour is ours again") in said
    assert all(q["speaker"]["name"] == "Maria Okafor" for q in quotes)
    assert {q["published"] for q in quotes if q["document"] == planned} == {"2024-03-05"}


def test_a_one_line_quote_paragraph_stays_in_the_body(documents):
    body = documents["hospital.txt"]["body"]
    paragraphs = body.split("\n\n")
    assert corpus.ONE_LINE_QUOTE in paragraphs
    at = paragraphs.index(corpus.ONE_LINE_QUOTE)
    assert 0 < at < len(paragraphs) - 1  # between the two body paragraphs, where it was
    assert corpus.ONE_LINE_QUOTE not in documents["hospital.txt"]["boilerplate"]


def test_the_quote_paragraph_of_a_json_line_stays_in_the_body(documents):
    assert "\u201cIt is a start,\u201d she said." in documents["planned.jsonl"]["body"].split(
        "\n\n"
    )


# --- stories and copies --------------------------------------------------------------------------


def test_two_stories(db, documents):
    stories = json_lines("stories", "--json", "--db", str(db))
    assert len(stories) == 2
    by_size = sorted(stories, key=lambda s: -s["articles"])
    herring, hospital = by_size
    assert set(herring["documents"]) == _ids(
        documents, "planned.jsonl", "preview.html", "met.txt", "met-copy.txt"
    )
    assert set(hospital["documents"]) == _ids(documents, "hospital.txt")
    assert (herring["first"], herring["last"]) == ("2024-03-05", "2024-04-20")
    assert (hospital["first"], hospital["last"]) == ("2024-03-08", "2024-03-08")


def test_a_copy_counts_as_an_article_not_as_a_source(records):
    [herring] = [r for r in records if r["type"] == "story" and r["articles"] == 4]
    assert herring["independent_sources"] == 3


def test_a_verbatim_republication_is_a_duplicate_of_the_original(documents):
    original, copy = documents["met.txt"], documents["met-copy.txt"]
    assert copy["duplicate_of"] == original["id"]
    assert original["duplicate_of"] is None
    assert all(d["duplicate_of"] is None for n, d in documents.items() if n != "met-copy.txt")
    assert copy["body"] == original["body"]  # the other site's page furniture removed
    assert "Advertisement" in copy["boilerplate"]
    assert copy["title"] == original["title"] == "Herring quotas restored after Geneva talks"


def test_the_story_lists_its_dated_events(records, meetings):
    [herring] = [r for r in records if r["type"] == "story" and r["articles"] == 4]
    assert meetings[0]["id"] in herring["events"]


def test_every_record_follows_the_contract(records):
    ids = {r["id"] for r in records if r["type"] in ("document", "entity")}
    for record in records:
        assert record["type"] in ("document", "entity", "event", "story")
        if record["type"] == "document":
            for mention in record["entities"]:
                assert record["body"][mention["start"] : mention["end"]] == mention["text"]
                assert mention["entity"] is None or mention["entity"] in ids
        if record["type"] == "story":
            assert set(record["documents"]) <= ids

"""One date path for every input kind: each document's time expressions are resolved against the
publication date storyline decided for it, whatever decided it (a dateline, the page's metadata,
a feed's field), and an undated document gets no confident wrong value.

Every article below is invented. Each is published (when it says so) on Tuesday 2024-03-05, and
each says "said on Monday" (2024-03-04), "next month" (2024-04) and "last year" (2023)."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.cli import cli
from tests.e2e.cli import by_source, export, ingest, run, timex

RELATIVE = {"Monday": "2024-03-04", "next month": "2024-04", "last year": "2023"}

DATELINE = """\
Steel levy to be reviewed, says commission

BRUSSELS, March 5, 2024 (Reuters) - Trade commissioner Petra Vandermeulen said on Monday that the \
levy on imported steel beams would be reviewed next month after complaints from builders.

Imports of the beams doubled last year, according to figures from the commission, and several \
builders have warned that the levy is raising the cost of new schools and clinics.
"""

UNDATED = """\
Orlavik zoo reopens its reptile house

The keepers of the Orlavik zoo said on Monday that the reptile house would reopen next month \
after a long renovation of its heating system.

The zoo counted fewer visitors last year than in any year since it opened, and its director \
hopes the new house will bring families back to the little lakeside town.
"""


def _html(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
        f"<header><a href='/'>Home</a> <a href='/news'>News</a></header>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Contact us · Privacy</footer></body></html>"
    )


META = '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'

HTML_META = _html(
    "Sandmere bridge works to resume",
    [
        "Engineers from the Sandmere county council said on Monday that work on the new river "
        "bridge would resume next month, once the spring floods have passed.",
        "The council spent more on the bridge last year than it had planned, and opposition "
        "councillors have asked for an independent review of the contract.",
    ],
    META,
)

FEED = {
    "title": "Corvell library puts its maps online",
    "text": (
        "Librarians in Corvell said on Monday that the city's collection of old sea charts "
        "would be put online next month, free for anyone to read.\n\n"
        "The library scanned more than four thousand charts last year with the help of "
        "volunteers from the local sailing club."
    ),
    "published": "2024-03-05",
    "url": "https://corvell-news.example/library-maps",
}

WARC_PAGE = _html(
    "Tarnholm festival names its headliners",
    [
        "The organisers of the Tarnholm folk festival said on Monday that tickets would go on "
        "sale next month, with a fiddle orchestra from the northern islands topping the bill.",
        "The festival drew a record crowd last year, and the town has built a second camp site "
        "on the meadows by the old mill.",
    ],
)
CRAWL_DATE = "2024-03-05T12:00:00Z"

GZIPPED = _html(
    "Brackwater branch line to reopen",
    [
        "The regional rail company said on Monday that the Brackwater branch line would reopen "
        "next month, after a landslip closed it in the autumn.",
        "Passenger numbers on the line rose last year for the first time in a decade, helped by "
        "cheaper season tickets for students.",
    ],
    META,
)


def _write_warc(path: Path, url: str, html: str, warc_date: str) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date},
        )  # fmt: skip
        writer.write_record(record)


NAMES = ["dateline.txt", "undated.txt", "page.html", "feed.jsonl", "crawl.warc.gz", "rail.html.gz"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """One of each input kind, ingested together (one model load)."""
    folder = tmp_path_factory.mktemp("dates")
    (folder / "dateline.txt").write_text(DATELINE, encoding="utf-8")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (folder / "page.html").write_text(HTML_META, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps(FEED) + "\n", encoding="utf-8")
    _write_warc(
        folder / "crawl.warc.gz", "https://tarnholm.example/festival", WARC_PAGE, CRAWL_DATE
    )
    (folder / "rail.html.gz").write_bytes(gzip.compress(GZIPPED.encode("utf-8")))
    ingest([folder / name for name in NAMES], folder / "dates.db")
    return folder / "dates.db"


@pytest.fixture(scope="module")
def documents(db) -> dict[str, dict[str, Any]]:
    records = export(db, "document")
    assert len(records) == len(NAMES)
    return {name: by_source(records, name) for name in NAMES}


DATED = {
    "dateline.txt": "dateline",
    "page.html": "metadata",
    "feed.jsonl": "metadata",
    "rail.html.gz": "metadata",
}


@pytest.mark.parametrize("name", sorted(DATED))
def test_a_dated_document_has_its_publication_date_and_source(documents, name):
    published = documents[name]["published"]
    assert published is not None, name
    assert (published["value"], published["source"]) == ("2024-03-05", DATED[name])


@pytest.mark.parametrize("text", sorted(RELATIVE))
@pytest.mark.parametrize("name", sorted(DATED))
def test_relative_expressions_are_resolved_against_the_publication_date(documents, name, text):
    found = timex(documents[name], text)
    assert found["type"] == "DATE"
    assert found["value"] == RELATIVE[text], f"{name}: {text!r} -> {found['value']!r}"


def _unresolved(value: str | None) -> bool:
    """A value that claims no day, month or year it cannot know ("XXXX-WXX-1", "XXXX-XX")."""
    return value is None or value.startswith("X") or "XX" in value


@pytest.mark.parametrize("name", ["undated.txt", "crawl.warc.gz"])
def test_an_undated_document_has_no_date_and_no_confident_relative_value(documents, name):
    document = documents[name]
    assert document["published"] is None or document["published"]["source"] == "inferred"
    assert document["published_estimate"] is None  # nothing else in this corpus places it
    for text in RELATIVE:
        value = timex(document, text)["value"]
        assert _unresolved(value), f"{name}: {text!r} -> {value!r} with no publication date"


def test_a_warc_date_is_the_crawl_date_not_the_publication_date(documents):
    """A response record's WARC-Date says when the page was fetched, which can be long after it
    was written: the user sees it as ``crawl_date``, and the page stays undated."""
    document = documents["crawl.warc.gz"]
    assert document["crawl_date"] == "2024-03-05"
    assert document["published"] is None
    assert document["url"] == "https://tarnholm.example/festival"
    assert document["title"] == "Tarnholm festival names its headliners"


def test_dates_command_shows_the_decision_and_the_resolved_expressions(db, documents):
    output = run("dates", documents["feed.jsonl"]["id"], "--db", str(db)).output
    assert "published: 2024-03-05 (metadata" in output
    for value in RELATIVE.values():
        assert value in output
    output = run("dates", documents["crawl.warc.gz"]["id"], "--db", str(db)).output
    assert "published: unknown" in output and "crawled: 2024-03-05" in output


@pytest.mark.parametrize("name", [*sorted(DATED), "undated.txt", "crawl.warc.gz"])
def test_every_timex_points_into_the_body(documents, name):
    document = documents[name]
    for found in document["timexes"]:
        assert document["body"][found["start"] : found["end"]] == found["text"]


def _undated_beside_dated(
    tmp_path: Path, dated: dict[str, str], undated: str, *, one_run: bool = True
) -> dict[str, Any]:
    """Ingest a dated JSON Lines article and an undated text (together, or the undated one in
    an earlier run), and return the undated one's exported document record."""
    (tmp_path / "dated.jsonl").write_text(json.dumps(dated) + "\n", encoding="utf-8")
    (tmp_path / "undated.txt").write_text(undated, encoding="utf-8")
    db = tmp_path / "corpus.db"
    if one_run:
        ingest([tmp_path / "dated.jsonl", tmp_path / "undated.txt"], db)
    else:
        ingest([tmp_path / "undated.txt"], db)
        assert by_source(export(db, "document"), "undated.txt")["published_estimate"] is None
        ingest([tmp_path / "dated.jsonl"], db)
    return by_source(export(db, "document"), "undated.txt")


def test_an_undated_article_is_placed_by_the_event_a_dated_one_dates(tmp_path):
    """An undated article that expects "next month" the meeting a dated article puts in April is
    placed in March (``published_estimate``, ``published`` stays null); its expressions that
    every day of March reads alike are resolved, the others are not."""
    dated = {
        "title": "Harbour ministers to meet in Geneva",
        "published": "2024-03-05",
        "text": "The two harbour ministers will meet in Geneva next month to settle the dispute "
        "over docking fees, their offices said on Monday.",
    }
    undated = (
        "Docking fee talks set for Geneva\n\n"
        "Shipping lines said on Monday that they welcomed news that the two harbour ministers "
        "will meet in Geneva next month. Docking fees at both ports doubled last year, and the "
        "lines say the rise has driven cargo to rival harbours further down the coast.\n"
    )
    document = _undated_beside_dated(tmp_path, dated, undated)
    assert document["published"] is None
    estimate = document["published_estimate"]
    assert estimate and "2024-03-01" <= estimate["start"] <= estimate["end"] <= "2024-03-31"
    assert timex(document, "next month")["value"] == "2024-04"
    assert timex(document, "last year")["value"] == "2023"
    assert _unresolved(timex(document, "Monday")["value"])  # any Monday of March


def test_the_installed_command_reads_gzipped_json_lines_and_writes_the_export(tmp_path):
    """The ``storyline`` script itself (its own process), on a .jsonl.gz, exporting to a file."""
    feed = dict(FEED, title="Corvell charts go online", url="https://corvell-news.example/b")
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress((json.dumps(feed) + "\n").encode()))
    storyline = Path(sys.executable).with_name("storyline")
    db, out = str(tmp_path / "s.db"), tmp_path / "dossier.jsonl"
    for args in (["ingest", str(tmp_path / "feed.jsonl.gz"), "--db", db],
                 ["export", "--db", db, "-o", str(out)]):  # fmt: skip
        done = subprocess.run([str(storyline), *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    [document] = [
        r for r in map(json.loads, out.read_text().splitlines()) if r["type"] == "document"
    ]
    assert document["published"]["value"] == "2024-03-05"
    assert document["source"].endswith("feed.jsonl.gz:1")
    assert {t["text"]: t["value"] for t in document["timexes"]}.items() >= RELATIVE.items()


BARE = """\
Harbour cranes return to Kastrel

The port authority said on Nov. 24 that the two cranes it sent away for repair had come back, \
and that the container terminal would work full shifts again.

The cranes were built in 2009 and had not been overhauled since.
"""


def test_a_crawl_date_bounds_a_bare_article_from_above(tmp_path):
    """``--crawled`` on ingest: the crawl date bounds what the text says from below ("on Nov.
    24", told in the past) into a range; without it, the same text stays undated."""
    (tmp_path / "bare.txt").write_text(BARE, encoding="utf-8")
    run("ingest", str(tmp_path / "bare.txt"), "--db", str(tmp_path / "plain.db"), "-q")
    assert export(tmp_path / "plain.db", "document")[0]["published"] is None
    db = tmp_path / "crawled.db"
    run("ingest", str(tmp_path / "bare.txt"), "--db", str(db), "-q", "--crawled", "2023-12-01")
    (document,) = export(db, "document")
    assert document["crawl_date"] == "2023-12-01"
    published = document["published"]
    assert (published["start"], published["end"]) == ("2023-11-24", "2023-12-01")
    assert published["value"] == "2023" and published["source"] == "inferred"
    output = run("dates", document["id"], "--db", str(db)).output
    assert "between 2023-11-24 and 2023-12-01" in output and "'Nov. 24'" in output


def test_a_json_lines_crawl_field_and_a_file_time_are_crawl_dates(tmp_path):
    record = {"text": BARE, "date_download": "2023-11-28T09:00:00"}  # news-please's field
    (tmp_path / "crawl.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    bare = tmp_path / "bare.txt"
    bare.write_text(BARE, encoding="utf-8")
    modified = 1701302400  # 2023-11-30 00:00 UTC
    os.utime(bare, (modified, modified))
    db = tmp_path / "crawl.db"
    run("ingest", str(tmp_path / "crawl.jsonl"), str(bare), "--db", str(db), "-q",
        "--mtime-as-crawl")  # fmt: skip
    documents = export(db, "document")
    from_field = by_source(documents, "crawl.jsonl")
    from_file = by_source(documents, "bare.txt")
    assert from_field["crawl_date"].startswith("2023-11-28")  # the record's own, not the file's
    assert from_field["published"]["end"] == "2023-11-28"
    assert from_file["crawl_date"] == "2023-11-30"
    assert from_file["published"]["end"] == "2023-11-30"


def test_a_crawl_date_given_badly_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "x.txt", "--db", str(tmp_path / "x.db"),
                                      "--crawled", "yesterday"])  # fmt: skip
    assert result.exit_code != 0 and "--crawled" in result.output


@pytest.mark.parametrize("one_run", [True, False])
def test_events_dated_elsewhere_choose_the_year_of_a_weekday_with_its_date(tmp_path, one_run):
    """ "Tuesday (Nov. 9)" alone fits 2021, 2010 …; an article dated 16 November 2021 dates the
    summit the undated one expects, and so places it in the week of 9 November 2021 — also when
    the dated article comes in a later run (the undated one is placed again)."""
    dated = {
        "title": "Ruvane and Ostrel leaders hold first virtual summit",
        "published": "2021-11-16",
        "text": "President Anna Velkova of Ruvane and President Tomas Rendahl of Ostrel held "
        "their first virtual summit on Monday, talking by video link for three hours about "
        "trade and fishing rights.",
    }
    undated = (
        "Velkova and Rendahl hope for cooperation ahead of first virtual summit\n\n"
        "President Anna Velkova of Ruvane and President Tomas Rendahl of Ostrel said they wanted "
        "their countries to work together, in letters read at a gala dinner on Tuesday (Nov. 9), "
        "ahead of their first virtual summit expected to take place in the coming weeks.\n"
    )
    document = _undated_beside_dated(tmp_path, dated, undated, one_run=one_run)
    assert document["published"] is None
    estimate = document["published_estimate"]
    assert estimate["start"] == "2021-11-09" and estimate["end"] <= "2021-11-15"
    assert any("2021-11-09" in line for line in estimate["evidence"])


def test_an_event_told_as_over_places_no_article_on_its_own_day(tmp_path):
    """The undated article says the bombing of Aug. 7 happened and "will haunt" the hotels: the
    misread "will" must not bound it to before the bombing ended, so it is placed after it,
    not on the day itself; "Aug. 7" alone would name that day for a year after."""
    dated = {
        "title": "Four killed in Port Anselm hotel bombing",
        "published": "2024-08-08",
        "text": "A bomb exploded outside the Harbour Hotel in Port Anselm on Wednesday, killing "
        "four people and wounding twenty, police said.",
    }
    undated = (
        "Port Anselm hotels count the cost of the bombing\n\n"
        "Tourism has slumped since the bombing outside the Harbour Hotel in Port Anselm on "
        "Aug. 7, which killed four people.\n\n"
        "The bombing will haunt the town's hotels for years, owners said.\n"
    )
    estimate = _undated_beside_dated(tmp_path, dated, undated)["published_estimate"]
    assert estimate is None or (
        estimate["start"] >= "2024-08-07" and estimate["end"] > "2024-09-07"
    )


@pytest.mark.parametrize("one_run", [True, False])
def test_a_story_chooses_the_year_of_a_weekday_with_its_date(tmp_path, one_run):
    """No event ties the undated blockade article to a dated one, but its story does: of the
    years "Tuesday (Nov. 9)" fits, only 2021 lies near the story's dated article (16 November
    2021), so it is placed in the fortnight from 9 November 2021, in whichever order they come."""
    dated = {
        "title": "Ruvane and Ostrel leaders agree on fishing quotas",
        "published": "2021-11-16",
        "text": "President Anna Velkova of Ruvane and President Tomas Rendahl of Ostrel agreed on "
        "Monday to raise the herring fishing quotas of both fleets, after months of dispute over "
        "the northern fishing grounds.\n\nFishermen in both countries had protested against the "
        "quotas for weeks, blockading the harbours of Kastrel and Lumora.",
    }
    undated = (
        "Fishermen blockade Kastrel harbour over herring quotas\n\n"
        "Hundreds of fishermen blockaded the harbour of Kastrel on Tuesday (Nov. 9), demanding "
        "that President Anna Velkova of Ruvane and President Tomas Rendahl of Ostrel raise the "
        "herring fishing quotas of both fleets.\n\n"
        "The dispute over the northern fishing grounds has kept the fleets of both countries in "
        "port for months, and the fishermen say the quotas threaten their livelihoods.\n"
    )
    document = _undated_beside_dated(tmp_path, dated, undated, one_run=one_run)
    (story,) = export(tmp_path / "corpus.db", "story")
    assert document["id"] in story["documents"] and document["published"] is None
    estimate = document["published_estimate"]
    assert (estimate["start"], estimate["end"]) == ("2021-11-09", "2021-11-22")
    assert "story" in estimate["evidence"][0]

"""Stories, copies and briefs on the seed articles, through the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.outputs.brief_render import render_brief
from tests.conftest import SEEDS, needs_shared

pytestmark = needs_shared(SEEDS)
FURNITURE_TOP = "Home | World | Business | Sport\nShare this article on Facebook\n\n"
FURNITURE_END = "\n\nAdvertisement\nComments (3)\n© 2023 Another Daily. All rights reserved.\n"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-stories")
    path = str(folder / "seeds.db")
    run("ingest", str(SEEDS), "--db", path, "--workers", "1", "-q")
    original = sorted(SEEDS.iterdir())[-1]
    copy = folder / "copies" / "republished.txt"
    copy.parent.mkdir()
    copy.write_text(FURNITURE_TOP + original.read_text() + FURNITURE_END)
    run("ingest", str(copy.parent), "--db", path, "--workers", "1", "-q")
    return path


def records(db: str, *args: str) -> list[dict]:
    return [json.loads(line) for line in run(*args, "--db", db).splitlines() if line.strip()]


def test_the_seeds_are_two_stories_and_the_copy_is_marked(db):
    stories = records(db, "stories", "--json")
    assert sorted(s["articles"] for s in stories) == [1, 5]
    documents = records(db, "export", "--type", "document")
    copies = [d for d in documents if d["duplicate_of"]]
    assert len(copies) == 1 and copies[0]["source"].endswith("republished.txt")
    original = next(d for d in documents if d["id"] == copies[0]["duplicate_of"])
    assert original["body"] in copies[0]["body"] or copies[0]["body"] in original["body"]
    big = next(s for s in stories if s["articles"] == 5)
    assert big["independent_sources"] == 4 and copies[0]["id"] in big["documents"]
    assert big["first"].startswith("2023-10")
    # The 2021 article stays apart although undated: its "Tuesday (Nov. 9)" fits 2021, 2010 …,
    # never the 2023 of the other story.
    (small,) = [s for s in stories if s["articles"] == 1]
    (alone,) = [d for d in documents if d["id"] in small["documents"]]
    assert "virtual summit" in alone["title"] and small["first"] is None


def test_every_brief_sentence_is_verbatim_in_the_article_it_cites(db):
    bodies = {d["id"]: d["body"] for d in records(db, "export", "--type", "document")}
    for story in records(db, "stories", "--json"):
        brief = json.loads(run("brief", story["id"], "--db", db, "--format", "json"))
        assert brief["sentences"]
        for part in brief["sentences"] + [q for g in brief["quotes"] for q in g["quotes"]]:
            assert bodies[part["document"]][part["start"] : part["end"]] == part["text"]
        assert all(d not in {s["document"] for s in brief["sentences"]}
                   for d in bodies if d not in story["documents"])  # fmt: skip


def test_the_2021_brief_leaves_its_summit_as_an_open_question(db):
    (story,) = [s for s in records(db, "stories", "--json") if s["articles"] == 1]
    brief = json.loads(run("brief", story["id"], "--db", db, "--format", "json"))
    assert any("online" in q["title"] for q in brief["open_questions"])


def test_brief_html_escapes_article_text():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    cited = {"text": hostile, "document": "d", "start": 0, "end": 10}
    record = {
        "story": "st-x", "title": hostile, "as_of": None, "sentences": [cited],
        "events": [{"title": hostile, "status": "planned", "date": {"value": "2024-01"}}],
        "quotes": [{"speaker": hostile, "quotes": [cited]}],
        "entities": [{"id": "e", "name": hostile, "label": "PERSON", "mentions": 1}],
        "open_questions": [{"event": "ev", "title": hostile, "status": "planned", "date": None}],
    }  # fmt: skip
    html = render_brief(record, "html")
    assert "<script>" not in html and "<img" not in html
    assert html.count("&lt;script&gt;") == 8  # title twice, and each of seven parts


def test_timeline_of_one_story(db):
    (story,) = [s for s in records(db, "stories", "--json") if s["articles"] == 1]
    events = records(db, "timeline", "--json", "--story", story["id"])
    assert events == []  # its one article is undated: nothing to put on a timeline
    (big,) = [s for s in records(db, "stories", "--json") if s["articles"] == 5]
    events = records(db, "timeline", "--json", "--story", big["id"])
    days = [e["date"]["value"] or e["date"]["end"] for e in events]  # a day, or "by" a day
    assert events and all(day.startswith(("2022", "2023")) for day in days)
    result = CliRunner().invoke(cli, ["timeline", "--story", "st-nope", "--db", db])
    assert result.exit_code == 1 and "no story" in result.output


def test_story_ids_survive_relinking_from_scratch(db):
    def stories() -> dict[str, set[str]]:
        return {s["id"]: set(s["documents"]) for s in records(db, "export", "--type", "story")}

    before = stories()
    run("link", "--rebuild", "--db", db)
    assert stories() == before

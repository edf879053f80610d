"""The command line, driven through click's runner on real files and a temporary database."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.outputs.export import RECORD_TYPES
from tests.test_pipeline import ARTICLE


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_demo_prints_what_it_found(demo_db):
    result = run("docs", "--db", str(demo_db), "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 8 and all(row["title"] for row in rows)
    assert {row["language"] for row in rows} == {"en"}  # its translated piece is in English now


def test_ingest_reports_each_broken_input_and_exits_1(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    result = run("ingest", str(tmp_path), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt: empty file" in line for line in errors)
    assert any("bad.jsonl:1: malformed JSON" in line for line in errors)
    assert "1 document added" in result.stderr and "2 inputs failed" in result.stderr


def test_ingest_of_good_input_exits_0_and_is_idempotent(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run("ingest", str(tmp_path / "good.txt"), "--db", db).exit_code == 0
    again = run("ingest", str(tmp_path / "good.txt"), "--db", db)
    assert (
        again.exit_code == 0
        and "0 documents added" in again.stderr
        and "1 already stored" in again.stderr
    )


def test_ingest_from_stdin(tmp_path):
    result = run("ingest", "-", "--db", str(tmp_path / "s.db"), input=ARTICLE.encode())
    assert result.exit_code == 0
    assert "1 document added" in result.stderr


def test_missing_path_is_an_error(tmp_path):
    result = run("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_quiet_prints_only_errors(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("ingest", "-q", str(tmp_path), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0 and result.stderr == ""


def test_db_from_environment(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "env.db"))
    assert run("ingest", str(tmp_path / "good.txt")).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_show_prints_article_then_what_was_removed(demo_db):
    doc_id = json.loads(run("docs", "--db", str(demo_db), "--json").output.splitlines()[0])["id"]
    result = run("show", doc_id[:8], "--db", str(demo_db))
    assert result.exit_code == 0
    assert doc_id in result.output and "Removed (" in result.output


def test_show_unknown_id(demo_db):
    result = run("show", "nothing-like-this", "--db", str(demo_db))
    assert result.exit_code == 1 and "no document with id" in result.output


def test_search_highlights_matches(demo_db):
    result = run("search", "floating wind", "--db", str(demo_db))
    assert result.exit_code == 0 and "floating" in result.output.lower()
    assert run("search", "zzzqqq", "--db", str(demo_db)).output.strip() == "no matches"


def test_export_follows_the_contract(demo_db):
    result = run("export", "--db", str(demo_db), "--type", "document")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 8
    for record in records:
        assert record["type"] in RECORD_TYPES
        assert {
            "id",
            "source",
            "title",
            "outlet",
            "language",
            "translated_from",
            "published",
            "body",
            "boilerplate",
            "captions",
            "entities",
            "quotes",
            "timexes",
        } <= set(record)
        for entity in record["entities"]:
            assert record["body"][entity["start"] : entity["end"]] == entity["text"]
        if record["published"]:
            assert set(record["published"]) == {"value", "source", "confidence"}


def test_export_to_file(demo_db, tmp_path):
    out = tmp_path / "dossier.jsonl"
    assert run("export", "--db", str(demo_db), "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(r["type"] == "document" for r in records) == 8
    entities = {r["id"]: r for r in records if r["type"] == "entity"}
    assert entities and all(e["documents"] >= 1 and e["mentions"] >= 1 for e in entities.values())
    for document in (r for r in records if r["type"] == "document"):
        for mention in document["entities"]:
            assert mention["entity"] is None or mention["entity"] in entities
        for quote in document["quotes"]:
            assert quote["kind"] in ("direct", "mixed", "indirect")
            speaker = quote["speaker"]
            assert speaker is None or speaker["entity"] is None or speaker["entity"] in entities


def test_unreadable_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 200)
    result = run("docs", "--db", str(bad))
    assert result.exit_code == 1 and "cannot open database" in result.output


def test_entities_lists_people_with_counts(demo_db):
    result = run("entities", "--db", str(demo_db), "--type", "PERSON", "--json")
    people = [json.loads(line) for line in result.output.splitlines()]
    assert people and all(p["label"] == "PERSON" for p in people)
    assert people == sorted(people, key=lambda p: -p["documents"])
    assert "Park Ji-won" in {p["name"] for p in people}


def test_quotes_by_speaker(demo_db):
    result = run("quotes", "--db", str(demo_db), "--speaker", "choi", "--json")
    quotes = [json.loads(line) for line in result.output.splitlines()]
    assert quotes and all("Choi" in q["speaker"]["name"] for q in quotes)
    assert "Choi Eun-sook" in run("quotes", "--db", str(demo_db), "--speaker", "choi").output


def test_entity_commands_report_unknown_names(demo_db):
    result = run("entities", "merge", "Nobody Here", "Park Ji-won", "--db", str(demo_db))
    assert result.exit_code == 1 and "no entity 'Nobody Here'" in result.output


def test_merge_then_link_from_the_command_line(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).exit_code == 0
    merged = run("entities", "merge", "Park Ji-won", "Choi Eun-sook", "--db", db)
    assert merged.exit_code == 0, merged.output
    relinked = run("link", "--rebuild", "--db", db)
    assert relinked.exit_code == 0 and "document entities linked" in relinked.output
    names = {
        json.loads(line)["name"]
        for line in run("entities", "--db", db, "--json").output.splitlines()
    }
    assert "Park Ji-won" in names and "Choi Eun-sook" not in names


def test_link_with_a_broken_aliases_file(tmp_path, demo_db):
    bad = tmp_path / "aliases.toml"
    bad.write_text("not = [toml", encoding="utf-8")
    result = run("link", "--db", str(demo_db), "--aliases", str(bad))
    assert result.exit_code == 1 and "cannot read aliases" in result.output


def test_dates_shows_evidence_and_expressions(demo_db):
    doc_id = json.loads(run("docs", "--db", str(demo_db), "--json").output.splitlines()[0])["id"]
    result = run("dates", doc_id, "--db", str(demo_db))
    assert result.exit_code == 0
    assert "published:" in result.output and "expression" in result.output


WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()


def _relative_value(text: str, published: date) -> str | None:
    """What a relative expression must come to when the article's date is ``published``: "next
    month", "last year", "tomorrow"; ``None`` for the others."""

    def month(delta: int) -> str:
        year, month = divmod(published.year * 12 + published.month - 1 + delta, 12)
        return f"{year}-{month + 1:02d}"

    expected = {
        "next month": month(1),
        "last month": month(-1),
        "this year": str(published.year),
        "last year": str(published.year - 1),
        "next year": str(published.year + 1),
        "today": published.isoformat(),
        "tomorrow": (published + timedelta(days=1)).isoformat(),
        "yesterday": (published - timedelta(days=1)).isoformat(),
    }
    return expected.get(text.lower())


def test_export_has_resolved_timexes(demo_db):
    """A dated document's relative expressions are resolved against its publication date, what
    ever dated it (metadata included): a weekday is a day of that weekday near the date, "next
    month" the month after, and nothing is left as "XXXX-WXX-1" or "XXXX-XX"."""
    records = [
        json.loads(x)
        for x in run("export", "--db", str(demo_db), "--type", "document").output.splitlines()
    ]
    dated = [r for r in records if r["published"]]
    assert dated and all(r["timexes"] for r in dated)
    checked = {"weekday": set(), "relative": set()}
    for record in dated:
        published = date.fromisoformat(record["published"]["value"])
        for timex in record["timexes"]:
            assert record["body"][timex["start"] : timex["end"]] == timex["text"]
            assert timex["type"] in ("DATE", "TIME", "DURATION", "SET")
            if timex["type"] not in ("DATE", "TIME"):
                continue
            where = f"{record['source']}: {timex['text']!r} -> {timex['value']!r}"
            if timex["value"] != "PRESENT_REF":
                assert "X" not in timex["value"], where  # nothing left unresolved
            words = timex["text"].lower().replace(",", " ").replace("(", " ").split()
            weekday = next((w for w in words if w in WEEKDAYS), None)
            if weekday:
                day = date.fromisoformat(timex["value"][:10])
                assert WEEKDAYS[day.weekday()] == weekday, where
                assert abs((day - published).days) <= 14, where
                checked["weekday"].add(record["published"]["source"])
            expected = _relative_value(timex["text"], published)
            if expected:
                assert timex["value"] == expected, where
                checked["relative"].add(record["published"]["source"])
    # the demo has weekdays and "next month" / "last year" in documents dated by their metadata
    assert "metadata" in checked["weekday"] and "metadata" in checked["relative"]


READ_COMMANDS = [
    ["docs"], ["show", "abc"], ["dates", "abc"], ["search", "ferry"], ["similar", "abc"],
    ["export"], ["entities"], ["entities", "merge", "a", "b"], ["entities", "split", "a", "b"],
    ["link"], ["timeline"],
    ["track", "ferry"], ["quotes"], ["stories"], ["brief", "st-x"], ["serve"],
    ["alert", "list"], ["alert", "rm", "x"], ["alert", "check"], ["fix", "date", "a", "2024"],
    ["fix", "speaker", "a:1", "x"], ["fix", "event", "ev-x", "--title", "t"],
    ["fix", "events", "merge", "a", "b"],
    ["fix", "story", "merge", "a", "b"], ["fix", "story", "move", "a", "b"],
    ["fix", "story", "split", "a"], ["fixes"],
    ["fixes", "undo", "1"], ["review"],
]  # fmt: skip


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_read_command_on_a_missing_database_fails_and_creates_nothing(tmp_path, command):
    db = tmp_path / "missing.db"
    result = run(*command, "--db", str(db))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: no such database: {db} (run 'storyline ingest … --db {db}' first)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_missing_database_from_the_environment_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "env.db"))
    result = run("docs")
    assert result.exit_code == 1 and f"no such database: {tmp_path / 'env.db'}" in result.output
    assert not (tmp_path / "env.db").exists()


def test_every_command_but_those_that_write_is_checked_on_a_missing_database():
    checked = {command[0] for command in READ_COMMANDS}
    assert checked | {"ingest", "demo", "watch"} == set(cli.commands)  # and "alert add"


def test_ingest_of_a_folder_skips_its_readme_and_licence_but_reads_its_manifest(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "LICENSE-NOTE.md").write_text("Articles (c) their outlets. CC BY 4.0.\n")
    (folder / "README.md").write_text("# Coverage of the ferry route, collected in May\n")
    (folder / "manifest.jsonl").write_text(
        json.dumps({"file": "story.txt", "published": "2024-05-01"}) + "\n"
    )
    db = str(tmp_path / "s.db")
    result = run("ingest", str(folder), "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"skipped {folder / 'LICENSE-NOTE.md'}: not an article (licence/readme file)" in lines
    assert f"skipped {folder / 'README.md'}: not an article (licence/readme file)" in lines
    assert "1 document added" in result.stderr and "2 non-article files skipped" in result.stderr
    [document] = [
        json.loads(line) for line in run("docs", "--db", db, "--json").output.splitlines()
    ]
    assert document["published"] == "2024-05-01"  # the manifest was read, as metadata
    assert run("ingest", "-q", str(folder), "--db", db).stderr == ""


SPANISH = (
    "El gobierno anunció el martes un nuevo plan para reducir el desempleo juvenil en todo el "
    "país. La ministra de Trabajo dijo que las medidas entrarán en vigor el próximo mes y que se "
    "espera crear cien mil empleos antes de que termine el año."
)


def test_an_article_not_in_english_is_stored_searchable_and_said_to_be_so(tmp_path):
    feed = tmp_path / "articles.jsonl"
    records = [{"text": ARTICLE}, {"text": SPANISH, "title": "Plan de empleo", "language": "es"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = run("ingest", str(feed), "--db", db)
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "analysed as English" in line]
    assert notices == [f"{feed}:2: language es: analysed as English, results may be poor"]
    export = run("export", "--db", db, "--type", "document").output.splitlines()
    languages = {(r := json.loads(line))["source"]: (r["language"], r["id"]) for line in export}
    assert languages[f"{feed}:1"][0] == "en"
    assert languages[f"{feed}:2"][0] == "es"
    spanish_id = languages[f"{feed}:2"][1]
    assert spanish_id in run("search", "desempleo", "--db", db).output
    shown = run("show", spanish_id, "--db", db).output
    assert "desempleo juvenil" in shown and "language: es" in shown.splitlines()


def test_the_most_mentioned_are_counted_by_entity_not_by_spelling(demo_db):
    from storyline.api import Dossier

    with Dossier(demo_db, create=False) as dossier:
        names = dict(dossier.top_mentions(("PERSON", "ORG"), limit=20))
    assert "Park Ji-won" in names and "Park" not in names  # "Park" is Park Ji-won

"""The web app's alerts page and a story's "since" view, over a store built through the CLI: the
plans for a meeting ingested, an alert added, the report that it happened ingested, checked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import cli
from storyline.web.app import create_app
from tests.conftest import HOSTILE_BODY, HOSTILE_TITLE
from tests.e2e import corpus


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("alerts")
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    hostile = {"title": HOSTILE_TITLE, "text": HOSTILE_BODY, "published": "2024-05-02"}
    (folder / "hostile.jsonl").write_text(json.dumps(hostile) + "\n")
    db = str(folder / "alerts.db")
    first = [str(folder / name) for name in ("planned.jsonl", "preview.html")]
    _run("ingest", *first, "--db", db, "--workers", "1", "-q")
    _run("alert", "add", "geneva", "--query", "Geneva meeting", "--db", db)
    _run("alert", "add", "pier", "--query", "pier", "--on", "new-article", "--db", db)
    _run("ingest", str(folder / "met.txt"), str(folder / "hostile.jsonl"), "--db", db, "-q",
         "--workers", "1")  # fmt: skip
    _run("alert", "check", "--db", db)
    return db


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def test_the_alerts_page_lists_firings_newest_first_with_their_sources(client):
    firings = client.get("/api/alerts").json()
    assert [f["id"] for f in firings] == sorted((f["id"] for f in firings), reverse=True)
    happened = next(f for f in firings if f["kind"] == "status" and f["status"]["to"] == "happened")
    assert happened["story"] and happened["event"]
    page = client.get("/alerts").text
    assert f'/stories/{happened["story"]}#{happened["event"]}"' in page
    assert f"/documents/{happened['source']['document']}?at=" in page
    assert "met in Geneva" in page


def test_article_text_in_a_firing_is_shown_as_text(client):
    [pier] = [f for f in client.get("/api/alerts").json() if f["alert"] == "pier"]
    assert "<img src=x" in pier["source"]["sentence"]
    page = client.get("/alerts").text
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<script>alert" not in page


def test_a_story_since_a_day_shows_what_changed(client):
    firings = client.get("/api/alerts").json()
    story = next(f["story"] for f in firings if f["kind"] == "status")
    changes = client.get(f"/api/stories/{story}", params={"since": "2024-04-01"}).json()["changes"]
    assert changes["since"] == "2024-04-01"
    assert any(c["to"] == "happened" and c["as_of"] == "2024-04-20"
               for c in changes["status_changes"])  # fmt: skip
    assert all(a["published"] >= "2024-04-01" for a in changes["articles"])
    assert any("Herring quotas" in (a["title"] or "") for a in changes["articles"])
    later = client.get(f"/api/stories/{story}", params={"since": "2024-06-01"}).json()["changes"]
    assert later["status_changes"] == [] and later["articles"] == []
    assert client.get(f"/api/stories/{story}").json()["changes"] is None
    page = client.get(f"/stories/{story}", params={"since": "2024-04-01"}).text
    assert "Since 2024-04-01" in page and "→" in page
    assert client.get(f"/stories/{story}", params={"since": "yesterday"}).status_code == 400

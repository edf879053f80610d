"""Background events on the web: folded below the story page's timeline, left out of
``/api/timeline`` unless ``all=true``."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from storyline.store.database import Store
from storyline.web import queries
from storyline.web.app import create_app


@pytest.fixture(scope="module")
def folded(web_db, tmp_path_factory) -> tuple[str, str, str]:
    """A copy of the web store where every event is salient but one of the story with most
    dated events: (database, story, background event)."""
    path = str(Path(tmp_path_factory.mktemp("background")) / "background.db")
    with sqlite3.connect(web_db) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    with Store(path) as store:
        stories = {row.id: store.story_dated_event_ids(row.id) for row in store.story_rows()}
        story_id = max(stories, key=lambda s: (len(stories[s]), s))
        assert len(stories[story_id]) >= 2, "the store should have a story with two events"
        background = stories[story_id][-1]
        store.replace_events(
            dataclasses.replace(r, salience=0.1 if r.id == background else 0.9)
            for r in store.event_records()
        )
    return path, story_id, background


@pytest.fixture(scope="module")
def client(folded):
    with TestClient(create_app(folded[0]), raise_server_exceptions=False) as c:
        yield c


def ids(events: list[dict]) -> list[str]:
    return [e["id"] for e in events]


def test_the_story_timeline_leaves_background_out_unless_all(client, folded):
    _, story, background = folded
    salient = client.get("/api/timeline", params={"story": story}).json()
    everything = client.get("/api/timeline", params={"story": story, "all": "true"}).json()
    assert salient and background not in ids(salient)
    assert background in ids(everything) and not any(e["background"] for e in salient)
    assert [e for e in everything if e["id"] != background] == salient


@pytest.mark.parametrize("chunk", [queries.TIMELINE_CHUNK, 2])
def test_the_corpus_timeline_pages_through_salient_events_only(client, folded, monkeypatch, chunk):
    monkeypatch.setattr(queries, "TIMELINE_CHUNK", chunk)  # pages that span chunks too
    background = folded[2]
    salient = client.get("/api/timeline").json()
    everything = client.get("/api/timeline", params={"all": "true"}).json()
    assert background not in ids(salient) and background in ids(everything)
    assert [e for e in everything if e["id"] != background] == salient
    at = ids(everything).index(background)
    page = client.get("/api/timeline", params={"limit": 2, "offset": max(0, at - 1)}).json()
    assert page == salient[max(0, at - 1) : max(0, at - 1) + 2]


def test_all_is_documented(client):
    timeline = client.get("/api/openapi.json").json()["paths"]["/api/timeline"]["get"]
    assert "all=true" in timeline["description"]
    assert any(p["name"] == "all" for p in timeline["parameters"])


def test_the_story_page_folds_background_events_below_the_timeline(client, folded):
    _, story, background = folded
    event = next(
        e
        for e in client.get("/api/timeline", params={"story": story, "all": "true"}).json()
        if e["id"] == background
    )
    page = client.get(f"/stories/{story}").text
    timeline = page.split('<ol class="timeline" id="events">', 1)[1].split("</ol>\n<details", 1)
    listed, fold = timeline[0], timeline[1].split("</details>", 1)[0]
    assert "<summary>1 background event</summary>" in fold
    assert fold.count('<li class="event') == 1 and str(escape(event["title"])) in fold
    assert listed.count('<li class="event') == len(
        client.get("/api/timeline", params={"story": story}).json()
    )
    assert f"status-{event['status']}" in fold and 'class="trajectory" hidden' in fold

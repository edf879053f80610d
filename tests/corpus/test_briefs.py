"""A brief keeps its story's background events apart: folded after the timeline in every
format, still counted among the open questions."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from storyline.corpus.briefs import build_brief, story_members
from storyline.corpus.event_queries import stored_events
from storyline.outputs.brief_render import render_brief
from storyline.outputs.export import brief_record
from storyline.store.database import Store


@pytest.fixture(scope="module")
def story(web_db, tmp_path_factory) -> tuple[str, str, str]:
    """A copy of the web store where every event is salient but one of the story with most
    dated events, made background and planned: (database, story, background event)."""
    path = str(Path(tmp_path_factory.mktemp("briefs")) / "briefs.db")
    with sqlite3.connect(web_db) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    with Store(path) as store:
        stories = {row.id: store.story_dated_event_ids(row.id) for row in store.story_rows()}
        story_id = max(stories, key=lambda s: (len(stories[s]), s))
        assert len(stories[story_id]) >= 2, "the store should have a story with two events"
        background = stories[story_id][-1]
        store.replace_events(
            dataclasses.replace(r, salience=0.9)
            if r.id != background
            else dataclasses.replace(r, salience=0.1, status="planned")
            for r in store.event_records()
        )
    return path, story_id, background


def test_background_events_are_kept_apart_in_date_order(story):
    path, story_id, background = story
    with Store(path) as store:
        brief = build_brief(store, story_id)
        members = story_members(store, story_id)
        dated = [e.id for e in stored_events(store, members) if e.dated]
    assert [e.id for e in brief.background] == [background]
    assert background not in [e.id for e in brief.events] and brief.events
    assert [e.id for e in brief.events] == [e for e in dated if e != background]
    assert all(not e.background for e in brief.events)


def test_a_background_anticipated_event_is_still_an_open_question(story):
    path, story_id, background = story
    with Store(path) as store:
        brief = build_brief(store, story_id)
    assert background in [e.id for e in brief.open_questions]


def test_the_brief_record_and_its_renders_fold_the_background_event(story):
    path, story_id, background = story
    with Store(path) as store:
        record = brief_record(build_brief(store, story_id))
    (folded,) = record["background"]
    assert folded["id"] == background and folded["background"] is True
    assert background not in [e["id"] for e in record["events"]]
    markdown = render_brief(record, "markdown")
    timeline, after = (
        markdown.split("## Timeline\n", 1)[1]
        .split("## Quotes\n", 1)[0]
        .split("### Background\n", 1)
    )
    assert "(planned)" in after and after.count("\n- ") == 1
    assert timeline.count("\n- ") == len(record["events"])
    page = render_brief(record, "html")
    fold = page.split("<details><summary>1 background event</summary>", 1)[1]
    assert fold.split("</details>", 1)[0].count("<li>") == 1

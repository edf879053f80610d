from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from tests.conftest import SEEDS

HOSTILE_TITLE = "<script>alert('title')</script> Harbour pier <b>rebuilt</b>"
HOSTILE_BODY = (
    "The mayor said the pier <img src=x onerror=alert('body')> would reopen in May. "
    "Engineers from the harbour authority inspected the foundations on Tuesday and said "
    "the repairs were finished ahead of schedule."
)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    """The seeds (when ../shared is there) and a hostile article, ingested for real."""
    folder = tmp_path_factory.mktemp("web")
    feed = folder / "hostile.jsonl"
    article = {"title": HOSTILE_TITLE, "text": HOSTILE_BODY, "published": "2024-05-02",
               "url": "https://news.example/pier"}  # fmt: skip
    feed.write_text(json.dumps(article) + "\n")
    db = str(folder / "web.db")
    inputs = [str(feed)] + ([str(SEEDS)] if SEEDS.exists() else [])
    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", db, "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    return db

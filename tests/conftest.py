from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
DEMO_CORPUS = REPO / "src" / "storyline" / "demo" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    """storyline's whole language pipeline: the model plus its components (loaded once)."""
    from storyline.analyse.model import load_pipeline

    return load_pipeline()


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (../shared)")


HOSTILE_TITLE = "<script>alert('title')</script> Harbour pier <b>rebuilt</b>"
HOSTILE_BODY = (
    "The mayor said the pier <img src=x onerror=alert('body')> would reopen in May. "
    "Engineers from the harbour authority inspected the foundations on Tuesday and said "
    "the repairs were finished ahead of schedule."
)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    """The seeds (when ../shared is there) and a hostile article, ingested for real (the web
    tests' store)."""
    folder = tmp_path_factory.mktemp("web")
    feed = folder / "hostile.jsonl"
    article = {"title": HOSTILE_TITLE, "text": HOSTILE_BODY, "published": "2024-05-02",
               "url": "https://news.example/pier"}  # fmt: skip
    feed.write_text(json.dumps(article) + "\n")
    db = str(folder / "web.db")
    inputs = [str(feed)] + ([str(SEEDS)] if SEEDS.exists() else [])
    from storyline.cli import cli

    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", db, "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    return db

"""The Python API a user calls (``import storyline``): the README's example runs as written, and
each method gives what its command prints."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import storyline
from tests.conftest import REPO
from tests.e2e import corpus


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("api") / "articles"
    folder.mkdir()
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dossier(articles):
    with storyline.Dossier(articles.parent / "api.db") as opened:
        report = opened.ingest([articles], options=storyline.IngestOptions(workers=1))
        assert report.added == len(corpus.FILES) and not report.failures
        yield opened


def test_public_names_are_all_importable():
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None
    assert set(storyline.__all__) - {"__version__"} == set(storyline._EXPORTS)


def test_readme_example_runs_as_written(articles):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=articles.parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(corpus.FILES)} articles added, 0 failed" in result.stdout
    assert "2024-04-18" in result.stdout  # the Geneva meeting, dated from its report


def test_events_stories_and_brief(dossier):
    stories = dossier.stories()
    assert len(stories) == 2
    herring = next(s for s in stories if s["articles"] >= 3)
    events = dossier.events(story=herring["id"])
    assert any(e.location == "Geneva" and e.date is not None for e in events)
    before = dossier.events(as_of=date(2024, 3, 10), story=herring["id"])
    geneva_then = [e for e in before if e.location == "Geneva"]
    assert geneva_then and all(e.status != "happened" for e in geneva_then)
    brief = dossier.brief(herring["id"])
    assert brief["sentences"] and all(s["document"] for s in brief["sentences"])
    assert dossier.find_events("Geneva")


def test_unknown_story_and_missing_database(dossier, tmp_path):
    with pytest.raises(storyline.UnknownStory):
        dossier.events(story="st-000000000000")
    with pytest.raises(storyline.MissingDatabase):
        storyline.Dossier(tmp_path / "nowhere.db", create=False)
    assert not (tmp_path / "nowhere.db").exists()


def test_export_matches_the_command(dossier):
    records = list(dossier.export())
    assert {r["type"] for r in records} == set(storyline.RECORD_TYPES) - {"correction"}  # none
    documents = list(dossier.export(["document"]))
    assert len(documents) == len(corpus.FILES)
    assert dossier.document(documents[0]["id"]).id == documents[0]["id"]

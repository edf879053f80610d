"""The five real seed articles: every body paragraph kept, every boilerplate line gone.

Expected roles are line numbers in tests/data/seed_labels.json (no seed text is copied here).
"""

from __future__ import annotations

import json

import pytest

from storyline.extract.text import clean_text
from tests.conftest import REPO, SEEDS, needs_shared

LABELS = json.loads((REPO / "tests" / "data" / "seed_labels.json").read_text())
pytestmark = needs_shared(SEEDS)


def _lines(name: str) -> dict[int, str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return {n: " ".join(line.split()) for n, line in enumerate(text.splitlines(), 1)}


@pytest.fixture(scope="module", params=LABELS, ids=lambda label: label["file"][:3])
def seed(request: pytest.FixtureRequest):
    label = request.param
    text = (SEEDS / label["file"]).read_text(encoding="utf-8")
    return label, _lines(label["file"]), clean_text(text)


def test_every_line_is_labelled(seed):
    label, lines, _ = seed
    labelled = set(label["body"]) | set(label["captions"]) | set(label["boilerplate"])
    if label["title"]:
        labelled.add(label["title"]["line"])
    assert labelled == {n for n, line in lines.items() if line}


def test_every_body_paragraph_is_kept_in_order(seed):
    label, lines, cleaned = seed
    assert list(cleaned.paragraphs) == [lines[n] for n in label["body"]]


def test_every_boilerplate_line_is_removed(seed):
    label, lines, cleaned = seed
    for n in label["boilerplate"]:
        assert lines[n] in cleaned.boilerplate
        assert lines[n] not in cleaned.paragraphs


def test_captions_are_set_aside(seed):
    label, lines, cleaned = seed
    assert [lines[n] for n in label["captions"]] == list(cleaned.captions)


def test_title_without_site_or_section_suffix(seed):
    label, lines, cleaned = seed
    if label["title"] is None:
        assert cleaned.title is None
    else:
        line = lines[label["title"]["line"]]
        assert cleaned.title == line[: label["title"]["chars"]]


def test_translation_note(seed):
    label, _, cleaned = seed
    assert cleaned.translated_from == label["translated_from"]

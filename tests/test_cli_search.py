"""``storyline search`` with filters and a sort, on a small store of several outlets, dates and
languages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from storyline.cli import cli
from storyline.store.database import Store
from tests.store.test_lists import build_list_corpus


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build_list_corpus(tmp_path_factory.mktemp("cli-search")))


@pytest.fixture(scope="module")
def docs(db) -> dict[str, str]:
    """Document id by the name of the file (and line) it came from."""
    with Store(db) as store:
        return {d.source.rsplit("/", 1)[-1]: d.id for d in store.documents()}


def search(db: str, *args: str, mode: str = "words") -> Result:
    return CliRunner().invoke(
        cli, ["search", "Kastrel", "--db", db, "--limit", "50", "--mode", mode, *args]
    )


def hits(db: str, docs: dict[str, str], *args: str, mode: str = "words") -> list[str]:
    """The ids of the documents found, in the order printed."""
    result = search(db, *args, mode=mode)
    assert result.exit_code == 0, result.output
    known = set(docs.values())
    return [w[0] for line in result.output.splitlines() if (w := line.split()) and w[0] in known]


def test_filters_narrow_the_matches(db, docs):
    everything = hits(db, docs)
    assert docs["extra.jsonl:1"] in everything and docs["extra.jsonl:3"] in everything
    assert hits(db, docs, "--language", "es") == [docs["extra.jsonl:1"]]
    coastal = {docs["planned.jsonl:1"], docs["extra.jsonl:2"]}
    assert set(hits(db, docs, "--outlet", "Coastal Courier")) == coastal
    march = hits(db, docs, "--since", "2024-03-01", "--until", "2024-03-31")
    assert docs["extra.jsonl:2"] in march and docs["met.txt"] not in march
    assert docs["extra.jsonl:3"] not in march  # undated
    assert hits(db, docs, "--since", "2024-04-01") == [
        d for d in everything if d in {docs["met.txt"], docs["met-copy.txt"]}
    ]


def test_entity_by_name_and_story(db, docs):
    with Store(db) as store:
        story = store.story_of_document(docs["hospital.txt"])
        brandvik = set(store.entity_document_ids(store.entity("Ilse Brandvik")[0].id))
    mentioned = hits(db, docs, "--entity", "Ilse Brandvik")
    assert mentioned and set(mentioned) == brandvik & set(hits(db, docs))
    assert hits(db, docs, "--story", str(story)) == []  # the hospital story has no Kastrel
    result = search(db, "--entity", "Nobody Atall")
    assert result.exit_code == 1 and "no entity 'Nobody Atall'" in result.output


def test_sort_by_date_is_newest_first_undated_last(db, docs):
    found = hits(db, docs, "--sort", "date")
    assert found[0] in {docs["met.txt"], docs["met-copy.txt"]}
    assert found[-1] == docs["extra.jsonl:3"]
    assert found.index(docs["planned.jsonl:1"]) < found.index(docs["extra.jsonl:2"])  # 03-05, 03
    assert sorted(found) == sorted(hits(db, docs))


def test_bad_options_are_usage_errors_and_an_unknown_story_an_error(db):
    for args in (["--since", "2024-02-30"], ["--until", "soon"], ["--sort", "newest"]):
        result = search(db, *args)
        assert result.exit_code == 2 and "Invalid value" in result.output, args
    result = search(db, "--story", "st-nope")
    assert result.exit_code == 1 and "no story 'st-nope'" in result.output


def test_filters_narrow_the_hybrid_matches_too(db, docs):
    everything = hits(db, docs, mode="hybrid")
    assert set(hits(db, docs)) <= set(everything)  # every word match is a hybrid match
    spanish = hits(db, docs, "--language", "es", mode="hybrid")
    assert spanish == [docs["extra.jsonl:1"]]
    march = hits(db, docs, "--since", "2024-03-01", "--until", "2024-03-31", mode="hybrid")
    assert march and docs["met.txt"] not in march and docs["extra.jsonl:3"] not in march

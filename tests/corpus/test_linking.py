"""Entity linking and quotes over the stored seed articles, and a user's corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.corpus.linking import (
    RulesError,
    link_entities,
    merge_entities,
    read_aliases_file,
    split_entity,
)
from storyline.pipeline import IngestOptions, ingest
from storyline.store.database import Store
from tests.conftest import DEMO_CORPUS, REPO, SEEDS, needs_shared

EXPECTED_SPEAKERS = json.loads((REPO / "tests" / "data" / "seed_quotes.json").read_text())


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as store:
        ingest([str(SEEDS)], store, options=IngestOptions(workers=1))
    return db


@needs_shared(SEEDS)
def test_one_xi_jinping_entity_spans_all_five_articles(seeds):
    with Store(seeds) as store:
        [xi] = [e for e in store.entities(label="PERSON") if e.name == "Xi Jinping"]
        assert xi.documents == 5
        assert {"Jinping", "Xi"} <= set(xi.aliases)


@needs_shared(SEEDS)
def test_given_names_used_alone_resolve_to_the_full_names(seeds):
    with Store(seeds) as store:
        names = {e.name: e for e in store.entities(label="PERSON")}
        assert "Zheng" in names["Han Zheng"].aliases
        assert "Jinping" not in names and "Zheng" not in names


@needs_shared(SEEDS)
def test_every_direct_quote_is_attributed(seeds):
    with Store(seeds) as store:
        found = []
        for document in store.documents():
            for quote in store.quotes(document_id=document.id):
                if quote.kind == "direct":
                    paragraph = document.body[: quote.start].count("\n\n")
                    found.append((Path(document.source).name, paragraph, quote.speaker_name))
    expected = [(e["file"], e["paragraph"], e["speaker"]) for e in EXPECTED_SPEAKERS]
    assert sorted(found) == sorted(expected)


@needs_shared(SEEDS)
def test_mentions_carry_their_corpus_entity(seeds):
    with Store(seeds) as store:
        document = store.documents()[0]
        linked = [m for m in store.mentions(document.id) if m.label == "PERSON"]
        assert linked and all(m.entity is not None for m in linked)


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    with Store(db) as store:
        ingest([str(DEMO_CORPUS)], store, options=IngestOptions(workers=1))
    return db


def person(store: Store, name: str):
    found = [e for e in store.entities(label="PERSON") if e.name == name]
    return found[0] if found else None


def test_linking_is_incremental_and_rebuild_gives_the_same_entities(demo):
    with Store(demo) as store:
        before = {(e.id, e.documents, e.mentions) for e in store.entities()}
        assert link_entities(store).linked == 0  # nothing new to link
        link_entities(store, rebuild=True)
        assert {(e.id, e.documents, e.mentions) for e in store.entities()} == before


def test_merge_survives_a_rebuild(demo):
    with Store(demo) as store:
        park, choi = person(store, "Park Ji-won"), person(store, "Choi Eun-sook")
        merged = merge_entities(store, park.id, [choi.id])
        assert "Choi Eun-sook" in merged.aliases
        assert person(store, "Choi Eun-sook") is None
        assert person(store, "Park Ji-won").documents >= park.documents
        link_entities(store, rebuild=True)
        assert person(store, "Choi Eun-sook") is None
        assert "Choi Eun-sook" in person(store, "Park Ji-won").aliases


def test_split_takes_an_alias_out_and_keeps_it_out(demo, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(
        "Harbour talks resume\n\nMr Park said on Friday that the talks with fishermen would resume "
        "next week, and that the fund would not change before the auction.",
        encoding="utf-8",
    )
    with Store(demo) as store:
        ingest([str(note)], store, options=IngestOptions(workers=1))
        park = person(store, "Park Ji-won")
        moved = split_entity(store, park.id, "Park")
        assert moved == 1
        assert person(store, "Park Ji-won").documents == park.documents - 1
        assert person(store, "Park") is not None
        link_entities(store, rebuild=True)
        assert person(store, "Park") is not None
        assert person(store, "Park Ji-won").documents == park.documents - 1


def test_aliases_file(tmp_path, demo):
    rules = tmp_path / "aliases.toml"
    rules.write_text(
        '[[entity]]\nname = "Minister Park"\naliases = ["Park Ji-won", "Park"]\n', encoding="utf-8"
    )
    with Store(demo) as store:
        link_entities(store, rebuild=True, aliases_path=rules)
        assert person(store, "Minister Park") is not None
        assert person(store, "Park Ji-won") is None


def test_bad_aliases_file(tmp_path):
    bad = tmp_path / "aliases.toml"
    bad.write_text("[[entity]]\naliases = 3\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"aliases\.toml"):
        read_aliases_file(bad)
    bad.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(RulesError, match="cannot read"):
        read_aliases_file(bad)


@needs_shared(SEEDS)
def test_seed_publication_dates_are_right_or_unknown(seeds):
    with Store(seeds) as store:
        dates = {Path(d.source).name[:3]: d for d in store.documents()}
    assert dates["003"].published.startswith("2023-10")  # not the 2024 page header
    assert dates["003"].render_date == "2024-02-28"
    # "Tuesday (Nov. 9)" alone holds in 2021, 2010, 2004 …: no year is chosen, the years are shown
    assert dates["001"].published is None
    assert any("2021" in e.reason for e in dates["001"].date_evidence if e.source == "candidates")
    for unknown in ("000", "002", "004"):
        assert dates[unknown].published is None or dates[unknown].published.startswith("2023")

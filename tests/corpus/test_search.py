"""Search by meaning: articles that say it in other words are found, hybrid merges both lists,
"more like this" finds the same story, and a store without vectors falls back to words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.analyse.embeddings import load_embedder
from storyline.api import Dossier
from storyline.cli import cli
from storyline.corpus.search import SearchUnavailable, fused

ARTICLES = {
    "shooting": (
        "Gunman kills dozens at country music festival",
        "A gunman opened fire from a hotel window on a crowd of concertgoers at a country music "
        "festival on Sunday night, killing at least 58 people. Police said the shooter killed "
        "himself before officers reached the room.",
    ),
    "shooting-follow-up": (
        "Investigators search for motive of hotel sniper",
        "Detectives are still trying to understand why the retired accountant fired on the "
        "festival crowd. His brother said he had no history of violence.",
    ),
    "rates": (
        "Central bank raises interest rates again",
        "The central bank raised its benchmark interest rate by a quarter point on Wednesday, "
        "citing persistent inflation, and signalled that more increases may follow.",
    ),
    "storm": (
        "Hurricane makes landfall on the coast",
        "A powerful hurricane made landfall on Tuesday with winds of 130 miles an hour, "
        "flooding coastal towns and knocking out power to a million homes.",
    ),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("search")
    feed = folder / "articles.jsonl"
    lines = [
        json.dumps({"title": title, "text": text, "published": f"2017-10-0{day}"})
        for day, (title, text) in enumerate(ARTICLES.values(), start=2)
    ]
    feed.write_text("\n".join(lines) + "\n")
    path = str(folder / "search.db")
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", path, "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def ids(db) -> dict[str, str]:
    with Dossier(db) as dossier:
        by_title = {d.title: d.id for d in dossier.documents()}
    return {name: by_title[title] for name, (title, _) in ARTICLES.items()}


def test_the_model_ships_in_the_package_and_gives_unit_vectors():
    embedder = load_embedder()
    assert embedder is not None
    vectors = embedder.encode(["a shooter attacked a concert", "gunman opens fire on a crowd"])
    assert vectors.shape == (2, embedder.dimensions)
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-3
    other = embedder.encode(["the central bank raised rates"])[0]
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ other)


def test_every_ingested_article_has_a_vector(db, ids):
    embedder = load_embedder()
    with Dossier(db) as dossier:
        assert all(
            dossier.store.document_vector(d, embedder.name) is not None for d in ids.values()
        )


def test_meaning_finds_an_article_in_other_words_that_words_miss(db, ids):
    query = "shooter attack on concert audience"
    with Dossier(db) as dossier:
        assert dossier.search(query, mode="words") == []
        found = [hit.id for hit in dossier.search(query, mode="meaning")]
        hybrid = [hit.id for hit in dossier.search(query)]  # the default: vectors are there
    assert found[0] == ids["shooting"] and ids["rates"] not in found
    assert hybrid[0] == ids["shooting"]


def test_hybrid_keeps_a_words_only_match_and_meaning_hits_carry_a_sentence(db, ids):
    with Dossier(db) as dossier:
        hits = dossier.search("benchmark quarter point", mode="hybrid")
        meaning = dossier.search("financial markets and inflation", mode="meaning")
    assert hits[0].id == ids["rates"] and "\x02" in hits[0].snippet  # matched words marked
    assert meaning[0].id == ids["rates"] and meaning[0].snippet in ARTICLES["rates"][1]


def test_a_query_about_nothing_in_the_corpus_finds_nothing(db):
    with Dossier(db) as dossier:
        assert dossier.search("zzzqqq xylophone recital") == []


def test_more_like_this_finds_the_same_story_first(db, ids):
    with Dossier(db) as dossier:
        near = [hit.id for hit in dossier.similar(ids["shooting"])]
    assert near[0] == ids["shooting-follow-up"] and ids["shooting"] not in near


def test_the_stories_of_the_hits_come_with_them(db, ids):
    with Dossier(db) as dossier:
        hits = dossier.search("festival shooting", limit=4)
        stories = dossier.stories_of_hits([h.id for h in hits])
        assert stories[0].id == dossier.store.story_of_document(ids["shooting"])


def test_search_by_meaning_says_so_when_the_store_has_no_vectors(db, tmp_path):
    import shutil

    copy = tmp_path / "novectors.db"
    shutil.copyfile(db, copy)
    with Dossier(str(copy)) as dossier:
        dossier.store.db.execute("DELETE FROM document_vectors")
        assert dossier.search_mode() == "words"
        with pytest.raises(SearchUnavailable, match="no document vectors"):
            dossier.search("festival", mode="meaning")
        dossier.link()  # embeds what has no vector
        assert dossier.search_mode() == "hybrid"


def test_fusion_ranks_what_both_lists_rank_high_first():
    ranked = [item for item, _ in fused([["a", "b", "c"], ["b", "d"]])]
    assert ranked[0] == "b" and set(ranked) == {"a", "b", "c", "d"}


def test_the_cli_searches_by_mode_and_finds_more_like_this(db, ids):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "shooter attack on concert audience", "--db", db,
                                 "--mode", "meaning"])  # fmt: skip
    assert result.exit_code == 0 and result.output.split()[0] == ids["shooting"]
    assert "stories" in result.output
    words = runner.invoke(cli, ["search", "shooter attack", "--db", db, "--mode", "words"])
    assert words.output.strip() == "no matches"
    similar = runner.invoke(cli, ["similar", ids["shooting"][:8], "--db", db, "--limit", "1"])
    assert similar.exit_code == 0 and similar.output.split()[0] == ids["shooting-follow-up"]
    missing = runner.invoke(cli, ["similar", "ffffffff", "--db", db])
    assert missing.exit_code == 1 and "no document with id" in missing.output


def test_the_api_and_pages_search_by_meaning_and_show_more_like_this(db, ids):
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    client = TestClient(create_app(db))
    hits = client.get("/api/search", params={"q": "shooter attack", "mode": "meaning"}).json()
    assert hits[0]["id"] == ids["shooting"]
    words = client.get("/api/search", params={"q": "shooter attack", "mode": "words"}).json()
    assert words == []
    assert client.get("/api/search", params={"q": "x", "mode": "vibes"}).status_code == 400
    similar = client.get(f"/api/documents/{ids['shooting']}/similar").json()
    assert similar[0]["id"] == ids["shooting-follow-up"]
    assert client.get("/api/documents/ffff/similar").status_code == 404
    page = client.get(f"/documents/{ids['shooting']}").text
    assert "More like this" in page and ARTICLES["shooting-follow-up"][0] in page
    search_page = client.get("/search", params={"q": "shooter attack"}).text
    assert ARTICLES["shooting"][0] in search_page and 'value="hybrid" selected' in search_page


def test_the_events_of_the_hits_are_those_their_articles_lead_with(db, ids):
    with Dossier(db) as dossier:
        hits = [h.id for h in dossier.search("gunman festival crowd", limit=3)]
        events = dossier.events_of_hits(hits)
    assert events, "the shooting article leads with an event"
    assert all({d for d, _, _ in e.mentions} & set(hits) for e in events)
    assert any(ids["shooting"] in {d for d, _, _ in e.mentions} for e in events)


def test_the_api_names_the_stories_and_events_of_a_search(db, ids):
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    client = TestClient(create_app(db))
    stories = client.get("/api/search/stories", params={"q": "gunman festival crowd"}).json()
    with Dossier(db) as dossier:
        assert stories[0]["id"] == dossier.store.story_of_document(ids["shooting"])
    events = client.get("/api/search/events", params={"q": "gunman festival crowd"}).json()
    assert events and {"id", "title", "status", "mentions"} <= set(events[0])
    assert "Events" in client.get("/search", params={"q": "gunman festival crowd"}).text


def test_without_the_model_ingest_works_and_search_is_by_words(tmp_path, monkeypatch):
    from storyline.analyse import embeddings

    monkeypatch.setattr(embeddings, "MODEL_DIR", tmp_path / "no-model")
    embeddings.load_embedder.cache_clear()
    try:
        feed = tmp_path / "a.jsonl"
        title, text = ARTICLES["rates"]
        feed.write_text(json.dumps({"title": title, "text": text}) + "\n")
        db = str(tmp_path / "plain.db")
        runner = CliRunner()
        assert runner.invoke(cli, ["ingest", str(feed), "--db", db, "-q"]).exit_code == 0
        found = runner.invoke(cli, ["search", "interest rate", "--db", db])
        assert found.exit_code == 0 and "Central bank" in found.output
        meaning = runner.invoke(cli, ["search", "rate", "--db", db, "--mode", "meaning"])
        assert meaning.exit_code == 1 and "needs the embedding model" in meaning.output
    finally:
        embeddings.load_embedder.cache_clear()


def test_search_and_similar_print_json_lines_for_scripts(db, ids):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "gunman festival crowd", "--db", db, "--json"])
    records = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0 and records[0]["type"] == "document"
    assert records[0]["id"] == ids["shooting"] and "\x02" not in records[0]["snippet"]
    assert {"document", "story"} <= {r["type"] for r in records}
    similar = runner.invoke(cli, ["similar", ids["shooting"], "--db", db, "--json"])
    first = json.loads(similar.output.splitlines()[0])
    assert first["id"] == ids["shooting-follow-up"] and first["score"] > 0

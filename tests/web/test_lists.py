"""The JSON API's lists (documents, entities, quotes, events) and the search filters: over the
web tests' store (read only), and over a small store of several outlets, dates and languages
for the filters."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import cli
from storyline.web.app import create_app
from tests.store.test_lists import build_list_corpus

ALL = {"limit": 1000}


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def lists_db(tmp_path_factory) -> str:
    return str(build_list_corpus(tmp_path_factory.mktemp("web-lists")))


@pytest.fixture(scope="module")
def lists(lists_db):
    with TestClient(create_app(lists_db), raise_server_exceptions=False) as c:
        yield c


def lines(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def export(db: str, kind: str) -> list[dict]:
    return lines("export", "--db", db, "--type", kind)


def by_source(db: str) -> dict[str, str]:
    """Document id by the name of the file (and line) it came from."""
    return {d["source"].rsplit("/", 1)[-1]: d["id"] for d in export(db, "document")}


# --- the lists, over the web tests' store -------------------------------------------------------


def test_documents_are_light_summaries_of_the_export_records(client, web_db):
    summaries = client.get("/api/documents", params=ALL).json()
    records = {d["id"]: d for d in export(web_db, "document")}
    assert [s["id"] for s in summaries if s["id"] in records] == [s["id"] for s in summaries]
    assert {s["id"] for s in summaries} == set(records)
    stories = {d: s["id"] for s in export(web_db, "story") for d in s["documents"]}
    for summary in summaries:
        record = records[summary["id"]]
        shared = ("type", "id", "title", "outlet", "published", "url", "language", "duplicate_of")
        assert {k: summary[k] for k in shared} == {k: record[k] for k in shared}
        assert summary["story"] == stories.get(summary["id"])
        assert "body" not in summary and "entities" not in summary


def test_documents_page_and_sort(client):
    everything = client.get("/api/documents", params=ALL).json()
    page = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert [d["id"] for d in page] == [d["id"] for d in everything[1:3]]
    newest = client.get("/api/documents", params={**ALL, "sort": "-date"}).json()
    days = [d["published"]["value"] for d in newest if d["published"]]
    assert days == sorted(days, reverse=True) and len(days) > 1


def test_entities_are_the_export_records_filtered(client, web_db):
    records = export(web_db, "entity")
    assert client.get("/api/entities", params=ALL).json() == records
    people = client.get("/api/entities", params={**ALL, "label": "PERSON"}).json()
    assert people == [r for r in records if r["label"] == "PERSON"] and people
    part = people[0]["name"][1:4].upper()
    named = client.get("/api/entities", params={**ALL, "q": part}).json()
    assert people[0] in named
    for entity in named:
        assert any(part.lower() in n.lower() for n in [entity["name"], *entity["aliases"]])
    assert len(named) < len(records)


def test_quotes_are_as_the_cli_prints_them(client, web_db):
    printed = lines("quotes", "--db", web_db, "--json")
    assert printed and client.get("/api/quotes", params=ALL).json() == printed
    page = client.get("/api/quotes", params={"limit": 2, "offset": 1}).json()
    assert page == printed[1:3]
    speaker = next(q["speaker"]["name"] for q in printed if q["speaker"] and q["speaker"]["name"])
    theirs = client.get("/api/quotes", params={**ALL, "speaker": speaker}).json()
    assert theirs == lines("quotes", "--db", web_db, "--json", "--speaker", speaker)
    assert len(theirs) < len(printed)


def test_events_are_the_export_records_salient_ones_unless_all(client, web_db):
    records = {e["id"]: e for e in export(web_db, "event")}
    every = client.get("/api/events", params={**ALL, "all": "true"}).json()
    assert {e["id"]: e for e in every} == records
    salient = client.get("/api/events", params=ALL).json()
    assert salient == [e for e in every if not e["background"]] != every
    dated = [e for e in every if e["date"] and e["date"]["value"]]
    day = dated[len(dated) // 2]["date"]["start"]
    since = client.get("/api/events", params={**ALL, "all": "true", "since": day}).json()
    assert since and all((e["date"].get("start") or e["date"]["end"]) >= day for e in since)
    assert len(since) < len(every)


def test_bad_parameters_are_400_and_an_unknown_story_404(client):
    for path, params in [
        ("/api/documents", {"since": "2024-02-30"}), ("/api/documents", {"sort": "newest"}),
        ("/api/documents", {"limit": 0}), ("/api/documents", {"limit": 1001}),
        ("/api/entities", {"offset": -1}), ("/api/quotes", {"until": "soon"}),
        ("/api/events", {"since": "2024/01/01"}), ("/api/search", {"q": "pier", "sort": "new"}),
        ("/api/search", {"q": "pier", "since": "May"}), ("/api/entities", {"q": "x" * 501}),
    ]:  # fmt: skip
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, params)
        assert response.json() == {"error": response.json()["error"], "status": 400}
    for path in ("/api/documents", "/api/quotes", "/api/events", "/api/search"):
        response = client.get(path, params={"story": "st-nope", "q": "pier"})
        assert response.status_code == 404, path
        assert response.json() == {"error": "no such story", "status": 404}


def test_openapi_lists_the_new_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/entities", "/api/quotes", "/api/events"} <= set(paths)
    names = {p["name"] for p in paths["/api/search"]["get"]["parameters"]}
    assert names >= {"q", "since", "until", "outlet", "story", "entity", "language", "sort"}


# --- the filters, over a store of several outlets and dates --------------------------------------


def search(lists, **params) -> list[str]:
    response = lists.get("/api/search", params={"q": "Kastrel", "limit": 50, **params})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()]


def test_search_filters_each_narrow_the_hits(lists, lists_db):
    docs = by_source(lists_db)
    everything = search(lists)
    assert docs["extra.jsonl:1"] in everything and docs["extra.jsonl:3"] in everything
    assert search(lists, language="es") == [docs["extra.jsonl:1"]]
    coastal = {docs["planned.jsonl:1"], docs["extra.jsonl:2"]}
    assert set(search(lists, outlet="coastal COURIER")) == coastal
    march = search(lists, since="2024-03-01", until="2024-03-31")
    assert docs["extra.jsonl:2"] in march and docs["met.txt"] not in march
    assert docs["extra.jsonl:3"] not in march  # undated
    assert docs["extra.jsonl:2"] not in search(lists, since="2024-03-02")
    story = next(s for s in export(lists_db, "story") if docs["met.txt"] in s["documents"])
    assert set(search(lists, story=story["id"])) == set(everything) & set(story["documents"])
    assert docs["extra.jsonl:1"] not in search(lists, story=story["id"])
    person = next(e for e in export(lists_db, "entity") if e["name"] == "Ilse Brandvik")
    mentioned = search(lists, entity=person["id"])
    assert mentioned and docs["extra.jsonl:3"] not in mentioned
    assert set(mentioned) < set(everything)


def test_search_by_date_is_newest_first_and_empty_filters_are_none(lists, lists_db):
    docs = by_source(lists_db)
    hits = lists.get("/api/search", params={"q": "Kastrel", "sort": "date", "limit": 50}).json()
    days = [h["published"] for h in hits if h["published"]]
    assert days == sorted(days, reverse=True) and hits[-1]["id"] == docs["extra.jsonl:3"]
    blank = {"since": "", "until": "", "outlet": "", "story": "", "entity": "", "language": ""}
    assert search(lists, **blank) == search(lists)


def test_the_search_page_has_the_filter_form_filled_and_escaped(lists, lists_db):
    docs = by_source(lists_db)
    hostile = '"><script>alert(1)</script>'
    response = lists.get("/search", params={"q": "Kastrel", "language": "es", "sort": "date",
                                            "since": "2024-03-01", "outlet": ""})  # fmt: skip
    assert response.status_code == 200
    assert [h["id"] for h in response.context["hits"]] == [docs["extra.jsonl:1"]]
    assert response.context["filters"].language == "es" and response.context["sort"] == "date"
    page = response.text
    assert 'name="since" value="2024-03-01"' in page and 'name="language" value="es"' in page
    assert '<option value="date" selected>' in page and 'name="outlet" value=""' in page
    page = lists.get("/search", params={"q": "Kastrel", "outlet": hostile}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "<script" not in page  # no inline script: the CSP forbids it
    assert lists.get("/search", params={"q": "Kastrel", "since": "March"}).status_code == 400
    assert lists.get("/search", params={"q": "Kastrel", "story": "st-nope"}).status_code == 404

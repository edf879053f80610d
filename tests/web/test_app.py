"""The web app and its JSON API over a real store, through Starlette's test client (httpx)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import cli
from storyline.outputs.export import RECORD_TYPES
from storyline.web.app import SECURITY_HEADERS, create_app
from tests.conftest import SEEDS, needs_shared


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


def export(db: str, kind: str) -> list[dict]:
    output = CliRunner().invoke(cli, ["export", "--db", db, "--type", kind]).output
    return [json.loads(line) for line in output.splitlines()]


def hostile_document(web_db: str) -> dict:
    return next(d for d in export(web_db, "document") if d["url"] == "https://news.example/pier")


def test_every_page_answers(client, web_db):
    story = export(web_db, "story")[0]
    document = export(web_db, "document")[0]
    entity = export(web_db, "entity")[0]
    for path in ("/", f"/stories/{story['id']}", f"/documents/{document['id']}",
                 f"/entities/{entity['id']}", "/search?q=pier", "/search"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")


def test_the_api_gives_the_export_records(client, web_db):
    stories = client.get("/api/stories").json()
    exported = {s["id"]: s for s in export(web_db, "story")}
    assert {s["id"] for s in stories} == set(exported)
    for story in stories:
        assert {k: v for k, v in story.items() if k != "activity"} == exported[story["id"]]
    document = hostile_document(web_db)
    api = client.get(f"/api/documents/{document['id']}").json()
    assert {k: api[k] for k in document} == document
    assert "".join(part["text"] for part in api["segments"]) == document["body"]
    entity = export(web_db, "entity")[0]
    assert client.get(f"/api/entities/{entity['id']}").json()["name"] == entity["name"]
    hits = client.get("/api/search", params={"q": "pier"}).json()
    assert hits and hits[0]["id"] == document["id"]


@needs_shared(SEEDS)
def test_story_page_and_timeline_as_of(client, web_db):
    story = next(s for s in export(web_db, "story") if s["first"] and s["first"] >= "2023")
    page = client.get(f"/stories/{story['id']}").text
    assert "San Francisco" in page and "status-happened" in page and 'id="asof"' in page
    later = client.get("/api/timeline", params={"story": story["id"]}).json()
    earlier = client.get("/api/timeline", params={"story": story["id"], "as_of": "2023-11-01"})
    summit = [e for e in earlier.json() if e["location"] == "San Francisco"]
    assert summit and summit[0]["status"] == "planned"
    assert any(e["location"] == "San Francisco" and e["status"] == "happened" for e in later)
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    assert brief["sentences"] and brief["quotes"]


def test_hostile_markup_is_shown_as_text(client, web_db):
    document = hostile_document(web_db)
    for path in (f"/documents/{document['id']}", "/search?q=pier", "/"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
    page = client.get(f"/documents/{document['id']}").text
    assert "&lt;" in page and "onerror=alert(" in page  # there, as text
    story = next(s for s in export(web_db, "story") if document["id"] in s["documents"])
    assert "<script>alert" not in client.get(f"/stories/{story['id']}").text


def test_unknown_ids_are_404_pages_and_bad_parameters_400(client):
    for path in ("/stories/st-nope", "/documents/nope", "/entities/nope", "/api/stories/st-nope",
                 "/api/documents/nope", "/api/entities/nope", "/api/timeline?story=st-nope",
                 "/static/../app.py", "/documents/..%2F..%2Fetc%2Fpasswd"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.text
    for path in ("/api/timeline?as_of=yesterday", "/stories/x?as_of=2023-13-45", "/api/search"):
        response = client.get(path)
        assert response.status_code == 400, path
    assert client.get("/api/search", params={"q": 'NEAR( "unbalanced'}).status_code == 200


def test_read_only_with_security_headers(client):
    assert client.post("/api/stories").status_code == 405
    response = client.get("/")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.text.replace('<script src="', "")


def test_openapi_describes_the_api(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/timeline",
            "/api/documents/{document_id}", "/api/entities/{entity_id}",
            "/api/search"} <= set(paths)  # fmt: skip


def test_serve_binds_to_localhost_by_default():
    params = {p.name: p for p in cli.commands["serve"].params}
    assert params["host"].default == "127.0.0.1"


def test_serve_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.output


def test_export_record_types_are_all_served(client):
    assert set(RECORD_TYPES) == {"document", "entity", "event", "story", "correction"}
    assert client.get("/api/corrections").json() == []


def test_a_date_known_between_two_days_shows_them(tmp_path):
    article = tmp_path / "bare.txt"
    article.write_text(
        "Harbour cranes return to Kastrel\n\nThe port authority said on Nov. 24 that the two "
        "cranes it sent away for repair had come back.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "range.db")
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", db, "-q",
                                      "--crawled", "2023-12-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    (document,) = export(db, "document")
    with TestClient(create_app(db)) as client:
        page = client.get(f"/documents/{document['id']}").text
    assert "2023</time>, between 24 Nov 2023 and 1 Dec 2023 (inferred)" in page

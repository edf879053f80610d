"""Pages show their sources: citations name outlet, date and headline and open the sentence they
cite; articles are listed with headline, outlet, date and copy or not; quotes read as they were
said; dates read as people write them; links are paths, never the host the server was reached by."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import cli
from storyline.web.app import create_app
from tests.e2e import corpus


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _export(db: str, kind: str) -> list[dict]:
    return [json.loads(line) for line in _run("export", "--db", db, "--type", kind).splitlines()]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("sources")
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    tricky = {"title": "Lumora hospital hires nurses", "url": "javascript:alert(1)",
              "published": "2024-03-20", "outlet": "Valley Post",
              "text": corpus.HOSPITAL.split("\n\n", 1)[1]}  # fmt: skip
    (folder / "tricky.jsonl").write_text(json.dumps(tricky) + "\n")
    db = str(folder / "sources.db")
    _run("ingest", str(folder), "--db", db, "--workers", "1", "-q")
    return db


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def _herring_story(db: str) -> dict:
    return next(s for s in _export(db, "story") if len(s["documents"]) >= 3)


def test_a_storys_articles_are_listed_with_headline_outlet_date_and_copies(client, db):
    page = client.get(f"/stories/{_herring_story(db)['id']}").text
    articles = page.split("<h2>Articles</h2>")[1]
    assert "5 Mar 2024" in articles and "Coastal Courier" in articles
    assert "Veltrana and Morsland fisheries ministers to meet over herring quotas" in articles
    assert "copy of" in articles and "independent" in articles
    assert 'href="https://coastal-courier.example/herring-talks"' in articles


def test_a_citation_names_its_source_and_opens_the_sentence_it_cites(client, db):
    story = _herring_story(db)
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    cited = brief["sentences"][0]
    source = brief["sources"][cited["document"]]
    page = client.get(f"/stories/{story['id']}").text
    link = f"/documents/{cited['document']}?at={cited['start']}#cited"
    assert link in page
    assert (source["outlet"] or "") in page.split(link)[1].split("</a>")[0]
    document = client.get(link.split("#")[0]).text
    [marked] = re.findall(r'<span class="sentence cited" id="cited">(.*?)</span>', document, re.S)
    words = cited["text"].split()[:4]
    assert " ".join(words) in re.sub(r"<[^>]+>", "", marked)


def test_pages_link_by_path_never_by_host(client, db):
    story = _herring_story(db)
    for path in ("/", f"/stories/{story['id']}", f"/documents/{story['documents'][0]}",
                 "/alerts", "/search?q=herring"):  # fmt: skip
        page = client.get(path).text
        assert "http://testserver" not in page, path
        assert 'href="/static/app.css"' in page


def test_an_indirect_quote_is_reported_not_put_in_quotation_marks(client, db):
    story = _herring_story(db)
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    kinds = {q.get("kind") for group in brief["quotes"] for q in group["quotes"]}
    assert {"direct", "indirect"} <= kinds
    page = client.get(f"/stories/{story['id']}").text
    quotes = page.split("<h2>Quotes</h2>")[1].split("</section>")[0]
    for group in brief["quotes"]:
        for quote in group["quotes"]:
            text = " ".join(quote["text"].split())
            if quote.get("kind") == "direct":
                assert f"“{text}”" in quotes
            else:
                assert f"said that {text}" in quotes or f"said {text}" in quotes


def test_a_url_that_is_no_web_address_is_never_a_link(client, db):
    [tricky] = [d for d in _export(db, "document") if d["outlet"] == "Valley Post"]
    page = client.get(f"/documents/{tricky['id']}").text
    assert "javascript:" not in page
    story = next(s for s in _export(db, "story") if tricky["id"] in s["documents"])
    assert "javascript:" not in client.get(f"/stories/{story['id']}").text


def test_dates_and_times_read_as_people_write_them(client, db):
    [met] = [d for d in _export(db, "document") if d["source"].endswith("met.txt")]
    page = client.get(f"/documents/{met['id']}").text
    assert "20 Apr 2024" in page
    thursday = next(t for t in met["timexes"] if t["text"] == "Thursday")
    assert f'<span title="{thursday["value"]}">18 Apr 2024</span>' in page


def test_the_review_page_lists_the_claims_to_check(client):
    claims = client.get("/api/review", params={"below": 1}).json()
    assert claims and {"kind", "target", "claim", "confidence", "why", "fix"} <= set(claims[0])
    page = client.get("/review", params={"below": 1}).text
    assert claims[0]["fix"] in page.replace("&#34;", '"').replace("&quot;", '"')
    assert client.get("/api/review", params={"below": 2}).status_code == 400

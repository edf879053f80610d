"""Corrections from the pages (``serve --edit``): forms only when editing, each guarded by the
server's CSRF token and the origin; a token for every request when one is set; corrections that
hold through a rebuild; and a real browser making one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from storyline.cli import cli
from storyline.web.app import create_app
from tests.e2e import corpus
from tests.e2e.cli import export, run
from tests.web.browser import ARGS, CHROMIUM, serving

BARE = (
    "Harbour council approves new breakwater\n\nThe harbour council approved the new breakwater "
    "on Friday, after a year of storms. Work will start next week, the council's chair said.\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edit")
    (folder / "bare.txt").write_text(BARE, encoding="utf-8")
    (folder / "planned.jsonl").write_text(corpus.FILES["planned.jsonl"], encoding="utf-8")
    run("ingest", str(folder / "bare.txt"), str(folder / "planned.jsonl"), "--db",
        str(folder / "template.db"), "--workers", "1", "-q")  # fmt: skip
    return folder / "template.db"


@pytest.fixture
def db(template, tmp_path) -> str:
    copy = tmp_path / "edit.db"
    shutil.copy(template, copy)
    return str(copy)


def _bare(db: str) -> dict:
    return next(d for d in export(Path(db), "document") if d["source"].endswith("bare.txt"))


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_read_only_server_has_no_forms_and_takes_no_corrections(db):
    with TestClient(create_app(db)) as client:
        page = client.get(f"/documents/{_bare(db)['id']}").text
        assert '<form class="fix"' not in page and 'name="csrf"' not in page
        assert client.post("/fix/date", data={"document": "x", "value": "2024"}).status_code in (
            404, 405,
        )  # fmt: skip


def test_a_correction_needs_the_pages_token_and_this_sites_origin(db):
    document = _bare(db)["id"]
    with TestClient(create_app(db, edit=True), follow_redirects=False) as client:
        page = client.get(f"/documents/{document}").text
        form = {"document": document, "value": "2024-05-11", "next": f"/documents/{document}"}
        assert client.post("/fix/date", data=form).status_code == 403
        assert client.post("/fix/date", data=form | {"csrf": "guess"}).status_code == 403
        elsewhere = {"Origin": "https://evil.example"}
        assert client.post("/fix/date", data=form | {"csrf": _csrf(page)},
                           headers=elsewhere).status_code == 403  # fmt: skip
        assert _bare(db)["published"] is None
        done = client.post("/fix/date", data=form | {"csrf": _csrf(page)})
        assert done.status_code == 303 and done.headers["location"] == f"/documents/{document}"
        assert "11 May 2024" in client.get(f"/documents/{document}").text
    run("link", "--rebuild", "--db", db)
    assert _bare(db)["published"]["value"] == "2024-05-11"


def test_a_form_never_sends_the_browser_to_another_site(db):
    document = _bare(db)["id"]
    with TestClient(create_app(db, edit=True), follow_redirects=False) as client:
        csrf = _csrf(client.get(f"/documents/{document}").text)
        form = {"document": document, "value": "2024", "csrf": csrf, "next": "//evil.example/x"}
        assert client.post("/fix/date", data=form).headers["location"] == f"/documents/{document}"
        bad = client.post("/fix/date", data=form | {"value": "soon"})
        assert bad.status_code == 400 and "a date is YYYY" in bad.text


def test_with_a_token_every_request_needs_it(db):
    with TestClient(create_app(db, edit=True, token="s3cret"), follow_redirects=False) as client:
        assert client.get("/").status_code == 401
        assert client.get("/login", params={"token": "wrong"}).status_code == 403
        assert client.get("/login", params={"token": "s3cret"}).status_code == 303
        assert client.get("/").status_code == 200  # the cookie the login set
    with TestClient(create_app(db, edit=True, token="s3cret")) as client:
        assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_editing_beyond_loopback_needs_a_token(db):
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--edit", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "needs --token" in result.output


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_a_correction_made_in_the_browser_holds_through_a_rebuild_and_is_undone_there(db):
    from playwright.sync_api import sync_playwright

    document = _bare(db)["id"]
    with serving(create_app(db, edit=True)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{base}/documents/{document}")
        page.fill("input[name=value]", "2024-05-11")
        page.fill("input[name=note]", "the print edition")
        with page.expect_navigation():
            page.click("form.fix button")
        assert "11 May 2024" in page.locator("p.meta").inner_text()
        run("link", "--rebuild", "--db", db)
        page.reload()
        assert "11 May 2024" in page.locator("p.meta").inner_text()
        page.goto(f"{base}/fixes")
        assert "the print edition" in page.content()
        with page.expect_navigation():
            page.click("form.fix button")
        assert "No corrections." in page.content()
        browser.close()
    assert _bare(db)["published"] is None


def _stories(db: str) -> dict[str, set[str]]:
    return {s["id"]: set(s["documents"]) for s in export(Path(db), "story")}


def test_stories_and_events_are_corrected_from_their_pages(db):
    bare = _bare(db)["id"]
    before = _stories(db)
    [other] = [story for story, documents in before.items() if bare not in documents]
    with TestClient(create_app(db, edit=True), follow_redirects=False) as client:
        page = client.get(f"/stories/{other}").text
        assert 'action="/fix/article"' in page and 'action="/fix/events"' in page
        csrf = _csrf(page)
        moved = client.post("/fix/article", data={"csrf": csrf, "document": bare, "story": other})
        assert moved.status_code == 303
        assert _stories(db) == {other: before[other] | {bare}}
        client.post("/fix/article", data={"csrf": csrf, "document": bare, "story": ""})
        assert {frozenset(d) for d in _stories(db).values()} == {
            frozenset(before[other]),
            frozenset({bare}),
        }
        events = [e for e in export(Path(db), "event")]
        talks = next(e["id"] for e in events if e["location"] == "Geneva")
        own = next(e["id"] for e in events if {m["document"] for m in e["mentions"]} == {bare})
        client.post("/fix/events", data={"csrf": csrf, "event": talks, "other": own})
        assert own not in {e["id"] for e in export(Path(db), "event")}
        document_page = client.get(f"/documents/{bare}").text
        assert (
            "This article&#39;s reports are another event" in document_page
            or "This article's reports are another event" in document_page
        )

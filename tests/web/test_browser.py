"""The story page in real headless Chromium (Debian's, driven by Playwright): the timeline opens
an event's trajectory on click and rebuilds itself when the "as of" slider moves. A screenshot
goes to test-output/ for CI to keep."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.web.app import create_app
from tests.conftest import REPO, SEEDS, needs_shared
from tests.web.browser import ARGS, CHROMIUM, serving

OUTPUT = REPO / "test-output"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
    needs_shared(SEEDS),
]


@pytest.fixture(scope="module")
def server(web_db):
    with serving(create_app(web_db)) as base:
        yield base


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def summit_story(db: str) -> dict:
    output = CliRunner().invoke(cli, ["stories", "--json", "--db", db]).output
    stories = [json.loads(line) for line in output.splitlines()]
    return next(s for s in stories if s["first"] and s["first"].startswith("2023"))


def the_summit(page):
    title = page.locator(".title", has_text="in San Francisco")
    return page.locator("#events > li").filter(has=title).first


def test_story_timeline_trajectory_and_as_of(server, page, web_db):
    story = summit_story(web_db)
    page.goto(f"{server}/stories/{story['id']}")
    summit = the_summit(page)
    assert "status-happened" in summit.get_attribute("class")
    trajectory = summit.locator(".trajectory")
    assert trajectory.is_hidden()
    summit.locator(".event-head").click()
    assert trajectory.is_visible()
    assert "confirmed" in trajectory.inner_text() and "planned" in trajectory.inner_text()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "story-timeline.png"), full_page=True)

    slider = page.locator("#asof")
    days = slider.get_attribute("data-days").split(",")
    first_november = next(i for i, day in enumerate(days) if day >= "2023-11")
    slider.evaluate(
        "(el, value) => { el.value = value; el.dispatchEvent(new Event('change')); }",
        str(first_november - 1),
    )
    page.wait_for_selector(f"#timeline[data-as-of='{days[first_november - 1]}']")
    summit = the_summit(page)
    assert "status-planned" in summit.get_attribute("class")
    page.screenshot(path=str(OUTPUT / "story-timeline-as-of.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_document_page_shows_hostile_markup_as_text(server, page, web_db):
    output = CliRunner().invoke(cli, ["export", "--type", "document", "--db", web_db]).output
    hostile = next(json.loads(line) for line in output.splitlines() if "news.example/pier" in line)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/documents/{hostile['id']}")
    assert "<script>" in page.locator("h1").inner_text()
    assert "onerror=alert" in page.locator("article.body").inner_text()
    assert page.locator("article.body img").count() == 0
    page.locator("details.boilerplate summary").click()
    assert dialogs == []


def test_as_of_keeps_background_events_in_the_fold(server, page, web_db):
    story = summit_story(web_db)
    page.goto(f"{server}/stories/{story['id']}")
    slider = page.locator("#asof")
    days = slider.get_attribute("data-days").split(",")
    day = days[len(days) // 2]
    slider.evaluate(
        "(el, value) => { el.value = value; el.dispatchEvent(new Event('change')); }",
        str(len(days) // 2),
    )
    page.wait_for_selector(f"#timeline[data-as-of='{day}']")
    params = f"story={story['id']}&as_of={day}"
    salient = page.request.get(f"{server}/api/timeline?{params}").json()
    everything = page.request.get(f"{server}/api/timeline?{params}&all=true").json()
    background = [e for e in everything if e["background"]]
    titles = page.locator("#events > li.event .title").all_inner_texts()
    assert titles == [e["title"] for e in salient]
    folded = page.locator("#background-events > li.event .title").all_text_contents()
    assert folded == [e["title"] for e in background]
    fold = page.locator("#background")
    assert fold.is_hidden() == (not background)
    if background:
        count = f"{len(background)} background event{'' if len(background) == 1 else 's'}"
        assert fold.locator("summary").inner_text() == count
        fold.locator("summary").click()
        head = fold.locator(".event-head").first
        head.click()
        assert fold.locator(".trajectory").first.is_visible()
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_citation_opens_the_sentence_it_cites(server, page, web_db):
    story = summit_story(web_db)
    page.goto(f"{server}/stories/{story['id']}")
    citation = page.locator("ul.summary a.cite").first
    sentence = page.locator("ul.summary li").first.inner_text().split(" [")[0]
    with page.expect_navigation():
        citation.click()
    cited = page.locator("span.sentence.cited")
    assert cited.count() == 1 and cited.is_visible()
    assert " ".join(sentence.split()[:5]) in " ".join(cited.inner_text().split())
    assert "#cited" in page.url


def test_search_filters_narrow_the_results(server, page):
    page.goto(f"{server}/search?q=pier&mode=words")
    assert page.locator("ol.hits > li").count() == 1
    page.fill("input[name=since]", "2030-01-01")
    with page.expect_navigation():
        page.click("form.filters button")
    assert page.locator("ol.hits > li").count() == 0
    assert "since=2030-01-01" in page.url and "mode=words" in page.url


def test_the_review_list_names_each_claim_and_its_fix(server, page):
    page.goto(f"{server}/review?below=1")
    claims = page.locator("ol.claims > li.claim")
    assert claims.count() > 0
    first = claims.first
    assert first.locator("code").inner_text().startswith("storyline fix ")
    assert float(first.locator(".confidence").inner_text()) < 1
    assert not page.errors  # type: ignore[attr-defined]

"""Keeping up with a story through the command line, against a feed served on 127.0.0.1: ``ingest
URL``, ``watch --once`` round after round, alerts that fire once per status change (in order,
out of order, after a restart), webhooks, and folders watched for new and changed files."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from tests.e2e import corpus
from tests.e2e.cli import export, json_lines, run
from tests.loopback import LoopbackServer, Request, Response


def _page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
        f"</article><footer>Contact us</footer></body></html>"
    )


# path, title, publication day (as the feed says), body, content type
ARTICLES = {
    "planned": ("/news/planned.html", corpus.PLANNED["title"], "2024-03-05",
                _page(corpus.PLANNED["title"], corpus.PLANNED["text"]), "text/html"),
    "preview": ("/news/preview.html", "Kastrel blockade enters its third month", "2024-03-12",
                corpus.PREVIEW, "text/html"),
    "met": ("/news/met.txt", "Herring quotas restored after Geneva talks", "2024-04-20",
            corpus.MET, "text/plain; charset=utf-8"),
}  # fmt: skip


class NewsSite:
    """A site with a feed whose items a test sets, its article pages, and a robots.txt that
    keeps crawlers out of /private/."""

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.items: list[str] = []
        self.version = 0
        server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n",
                     headers={"Content-Type": "text/plain"})  # fmt: skip
        server.route("/feed.xml", self._feed)
        server.route("/hook", lambda request: Response(204, b""))
        for path, _, _, body, kind in ARTICLES.values():
            server.route(path, body, headers={"Content-Type": kind})

    @property
    def feed(self) -> str:
        return self.server.url_for("/feed.xml")

    def publish(self, *names: str) -> None:
        self.items += names
        self.version += 1

    def _feed(self, request: Request) -> Response:
        etag = f'"v{self.version}"'
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag})
        entries = "".join(self._item(name) for name in reversed(self.items))
        body = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Coast news</title><link>{self.server.url}/</link>{entries}</channel></rss>"
        )
        return Response(200, body, {"Content-Type": "application/rss+xml", "ETag": etag})

    def _item(self, name: str) -> str:
        if name in ARTICLES:
            path, title, day, _, _ = ARTICLES[name]
        else:
            path, title, day = name, "A page", "2024-03-01"
        published = format_datetime(datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC))
        return (
            f"<item><title>{html.escape(title)}</title><link>{self.server.url}{path}</link>"
            f"<pubDate>{published}</pubDate></item>"
        )

    def requests_for(self, path: str) -> int:
        return sum(1 for r in self.server.requests if r.path == path)


@pytest.fixture
def site():
    with LoopbackServer() as server:
        yield NewsSite(server)


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _watch_once(db: Path, *sources: str) -> tuple[int, str]:
    return _invoke("watch", *sources, "--once", "--delay", "0", "--db", str(db))


def _firings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("[")]


def test_ingest_a_feed_fetches_its_pages_with_the_feeds_dates(site, tmp_path):
    huge = b"<html><body><p>" + b"x" * (20 * 1024 * 1024) + b"</p></body></html>"
    site.server.route("/news/huge.html", huge)
    site.server.fail_then("/news/flaky.html", 2, 503, _page("Harbour reopens", corpus.HOSPITAL))
    site.publish("planned", "met", "/private/secret.html", "/news/huge.html", "/news/flaky.html")
    site.server.latency = 0.05
    db = str(tmp_path / "n.db")
    code, output = _invoke("ingest", site.feed, "--db", db, "--delay", "0", "--per-host", "1")
    assert code == 1  # the pages that failed are named, each with its reason
    assert f"{site.server.url}/private/secret.html: disallowed by robots.txt" in output
    assert f"{site.server.url}/news/huge.html: page larger than the 10 MiB limit" in output
    assert "3 documents added" in output and "2 inputs failed" in output
    assert site.requests_for("/private/secret.html") == 0
    assert site.requests_for("/news/flaky.html") == 3  # 503 twice, then the page
    assert site.server.max_in_flight == 1  # --per-host 1
    assert all("storyline/" in r.headers["user-agent"] for r in site.server.requests)
    documents = export(tmp_path / "n.db", "document")
    by_url = {d["url"]: d for d in documents}
    planned = by_url[site.server.url_for("/news/planned.html")]
    assert planned["title"] == corpus.PLANNED["title"]
    assert planned["published"]["value"] == "2024-03-05"
    met = by_url[site.server.url_for("/news/met.txt")]
    assert met["published"]["value"] == "2024-04-20"
    assert "Reuters" in met["body"]

    site.server.requests.clear()
    code, output = _invoke("ingest", site.feed, "--db", db, "--delay", "0")
    assert "0 documents added" in output and "3 already stored" in output
    assert site.requests_for("/news/planned.html") == 0  # a page stored is not fetched again


def test_a_page_url_and_a_url_list(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# articles to read\n{site.server.url_for('/news/preview.html')}\n\nnot a url\n"
    )
    db = tmp_path / "n.db"
    code, output = _invoke(
        "ingest", site.server.url_for("/news/met.txt"), "--urls", str(urls), "--db", str(db)
    )
    assert code == 1
    assert "urls.txt:4: not an http(s) URL" in output
    assert "2 documents added" in output
    titles = {d["title"] for d in export(db, "document")}
    assert "Kastrel blockade enters its third month" in titles


def test_a_sitemap_index_leads_to_its_news_sitemaps_pages_and_their_dates(site, tmp_path):
    base = site.server.url
    site.server.route("/sitemap.xml", (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/news-sitemap.xml</loc></sitemap></sitemapindex>"
    ), headers={"Content-Type": "application/xml"})  # fmt: skip
    entries = "".join(
        f"<url><loc>{base}{ARTICLES[name][0]}</loc><lastmod>2025-01-01</lastmod><news:news>"
        f"<news:publication_date>{ARTICLES[name][2]}</news:publication_date>"
        f"<news:title>{html.escape(ARTICLES[name][1])}</news:title></news:news></url>"
        for name in ("planned", "met")
    )
    site.server.route("/news-sitemap.xml", (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    ), headers={"Content-Type": "application/xml"})  # fmt: skip
    db = tmp_path / "s.db"
    code, output = _invoke("ingest", f"{base}/sitemap.xml", "--db", str(db), "--delay", "0")
    assert code == 0 and "2 documents added" in output, output
    published = {d["url"]: d["published"]["value"] for d in export(db, "document")}
    assert published == {
        f"{base}/news/planned.html": "2024-03-05",  # the news sitemap's date, not <lastmod>
        f"{base}/news/met.txt": "2024-04-20",
    }


def test_watch_rounds_ingest_what_is_new_and_an_alert_fires_once(site, tmp_path):
    db = tmp_path / "watch.db"
    run("alert", "add", "geneva", "--query", "Geneva meeting", "--db", str(db),
        "--webhook", site.server.url_for("/hook"))  # fmt: skip
    site.publish("planned")
    code, output = _watch_once(db, site.feed)
    assert code == 0, output
    assert "1 new article" in output and "0 alerts fired" in output

    site.publish("preview", "met")
    code, output = _watch_once(db)  # no source named: the ones followed before
    assert code == 0, output
    assert "2 new articles" in output
    firings = _firings(output)
    assert len(set(firings)) == len(firings) >= 1
    [happened] = [f for f in firings if "→ happened (2024-04-20)" in f]
    assert happened.startswith("[geneva]")
    assert "met in Geneva" in happened.split("→ happened")[1]  # the sentence that says so

    assert len(site.server.posts) == len(firings)
    records = [json.loads(post.body) for post in site.server.posts]
    [record] = [r for r in records if r["status"]["to"] == "happened"]
    assert record["alert"] == "geneva" and record["kind"] == "status"
    assert record["source"]["url"] == site.server.url_for("/news/met.txt")
    assert "met in Geneva" in record["source"]["sentence"]

    feed_requests, requests = site.requests_for("/feed.xml"), len(site.server.requests)
    code, output = _watch_once(db)
    assert code == 0 and "1 source (1 unchanged), 0 new articles" in output
    assert site.requests_for("/feed.xml") == feed_requests + 1  # a 304, nothing else
    assert len(site.server.requests) == requests + 2  # and robots.txt: a new round, a new look
    assert _firings(output) == []
    assert len(site.server.posts) == len(firings)

    code, output = _invoke("alert", "check", "--db", str(db))
    assert code == 0 and "nothing new" in output
    [listed] = json_lines("alert", "list", "--json", "--db", str(db))
    assert listed["firings"] == len(firings) and listed["on"] == "status"


def _changes(output: str) -> set[str]:
    """What each firing says changed, without the source (one outlet per page)."""
    return {line.split(" — ")[0] for line in _firings(output)}


def test_the_same_changes_fire_once_whatever_order_the_articles_come_in(site, tmp_path):
    in_order, late = tmp_path / "in-order.db", tmp_path / "late.db"
    for db in (in_order, late):
        run("alert", "add", "geneva", "--query", "Geneva meeting", "--db", str(db))
    site.publish("planned")
    told = _changes(_watch_once(in_order, site.feed)[1])
    site.publish("preview", "met")
    told |= _changes(_watch_once(in_order)[1])

    site.items, site.version = ["met"], site.version + 1  # the outcome first, the plans after
    told_late = _changes(_watch_once(late, site.feed)[1])
    site.publish("planned", "preview")
    told_late |= _changes(_watch_once(late)[1])
    assert any("→ happened" in change for change in told)
    assert told_late == told

    for _ in range(2):  # fed again, and after a restart: nothing new
        site.publish("planned", "preview", "met")
        code, output = _watch_once(late)
        assert code == 0 and _firings(output) == []
    assert json_lines("alert", "check", "--json", "--db", str(late)) == []


def test_new_events_of_a_followed_story_and_new_articles_fire_once(site, tmp_path):
    db = tmp_path / "story.db"
    run("alert", "add", "herring", "--query", "herring", "--on", "new-event", "--db", str(db))
    run("alert", "add", "kastrel", "--query", "Kastrel blockade", "--on", "new-article",
        "--db", str(db))  # fmt: skip
    site.publish("planned")
    first = _firings(_watch_once(db, site.feed)[1])
    [meeting] = [f for f in first if f.startswith("[herring] new event:") and "Geneva" in f]
    assert "agreed to talks" in meeting  # the sentence that reported it
    [article] = [f for f in first if f.startswith("[kastrel] new article:")]
    assert "have blockaded the harbour" in article  # words match as search matches them
    site.publish("preview", "met")
    later = _firings(_watch_once(db)[1])
    assert not [f for f in later if "[herring]" in f and "Geneva" in f]  # told once
    articles = [f for f in later if f.startswith("[kastrel] new article:")]
    assert len(articles) == 2 and any("third month" in f for f in articles)
    assert all(f.count(":") >= 2 for f in later)  # each with the sentence that matched


def test_a_watched_url_list_follows_the_feeds_and_pages_it_lists(site, tmp_path):
    urls = tmp_path / "follow.txt"
    urls.write_text(f"{site.feed}\n")
    db = tmp_path / "list.db"
    site.publish("planned")
    code, output = _invoke("watch", "--urls", str(urls), "--once", "--delay", "0", "--db", str(db))
    assert code == 0 and "1 source (0 unchanged), 1 new article" in output, output
    urls.write_text(f"{site.feed}\n{site.server.url_for('/news/met.txt')}\n")
    site.publish("preview")
    code, output = _watch_once(db)
    assert code == 0 and "2 sources (0 unchanged), 2 new articles" in output, output
    code, output = _watch_once(db)
    assert "2 sources (2 unchanged), 0 new articles" in output
    listed = run("watch", "--list", "--db", str(db)).output
    assert f"{urls} (urls)" in listed and f"{site.feed} (url)" in listed


def test_a_failed_page_is_tried_again_in_later_rounds(site, tmp_path):
    site.server.fail_then("/news/flaky.html", 8, 503, _page("Flaky", "Text. " * 50))
    site.publish("/news/flaky.html")
    db = tmp_path / "flaky.db"
    code, output = _watch_once(db, site.feed)
    assert code == 1 and "/news/flaky.html: HTTP 503" in output
    code, output = _watch_once(db)  # the feed is unchanged (304), the page is tried again
    assert "HTTP 503" in output
    code, output = _watch_once(db)
    assert code == 0 and "1 new article" in output, output


def test_watch_a_folder_reads_new_and_changed_files_only(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "hospital.txt").write_text(corpus.HOSPITAL)
    db = tmp_path / "folder.db"
    code, output = _watch_once(db, str(folder))
    assert code == 0 and "1 new article" in output
    code, output = _watch_once(db)
    assert "(1 unchanged), 0 new articles" in output
    (folder / "met.txt").write_text(corpus.MET)
    code, output = _watch_once(db)
    assert "1 new article" in output
    assert len(export(db, "document")) == 2

    listed = run("watch", "--list", "--db", str(db)).output
    assert listed.startswith(f"{folder} (path): checked ")
    assert "no longer followed" in run("watch", str(folder), "--forget", "--db", str(db)).output
    code, output = _watch_once(db)
    assert code == 2 and "nothing to watch" in output


def test_watch_needs_a_source_and_names_a_bad_one(tmp_path):
    code, output = _invoke("watch", "--once", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "nothing to watch" in output
    missing = str(tmp_path / "missing")
    code, output = _invoke("watch", missing, "--once", "--db", str(tmp_path / "x.db"))
    assert code == 1 and "no such file or folder" in output


def test_alert_add_list_rm(tmp_path):
    db = str(tmp_path / "a.db")
    run("alert", "add", "summit", "--query", "summit", "--on", "new-event", "--db", db)
    code, output = _invoke("alert", "add", "summit", "--query", "again", "--db", db)
    assert code == 1 and "exists already" in output
    code, output = _invoke("alert", "add", "x", "--query", "x", "--webhook", "ftp://x", "--db", db)
    assert code == 2 and "http(s) URL" in output
    assert "summit: new-event of 'summit'" in run("alert", "list", "--db", db).output
    run("alert", "rm", "summit", "--db", db)
    assert "no alerts" in run("alert", "list", "--db", db).output
    code, output = _invoke("alert", "rm", "summit", "--db", db)
    assert code == 1 and "no alert named 'summit'" in output

import gzip
import socket
import time
from email.utils import formatdate
from itertools import pairwise

import httpx
import pytest

from storyline.ingest import web
from storyline.ingest.web import (
    Fetcher,
    FetchOptions,
    Item,
    Listing,
    NotModified,
    Page,
    is_url,
    listing_of,
    page_document,
    read_url_list,
)
from storyline.records import Failure, RawDocument
from tests.loopback import LoopbackServer, Request, Response

HTML = b"<html><head><title>Bridge</title></head><body><p>The bridge opened.</p></body></html>"
MB20 = 20 * 1024 * 1024


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def fetcher(**options):
    """A fetcher that does not keep a test waiting: no delay, tiny back-off."""
    return Fetcher(FetchOptions(**{"delay": 0, "backoff": 0.01, **options}))


def fetch(url, **options):
    with fetcher(**options) as client:
        return client.fetch(url)


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- fetching a page ----------------------------------------------------------------------------


def test_a_page_after_a_redirect_with_its_headers_and_date(server):
    server.route("/old", b"", status=301, headers={"Location": "/story"})
    server.route(
        "/story",
        HTML,
        headers={
            "Content-Type": "text/html; charset=ISO-8859-1",
            "Date": "Thu, 02 May 2024 10:00:00 GMT",
        },
    )
    page = fetch(server.url + "/old")
    assert isinstance(page, Page)
    assert (page.url, page.requested, page.status) == (
        server.url + "/story",
        server.url + "/old",
        200,
    )
    assert page.body == HTML
    assert page.content_type == "text/html"
    assert page.charset == "iso-8859-1"
    assert page.header("CONTENT-TYPE") == "text/html; charset=ISO-8859-1"
    assert page.http_date == "2024-05-02T10:00:00Z"
    assert server.paths() == ["/robots.txt", "/old", "/story"]
    agents = {request.headers["user-agent"] for request in server.requests}
    assert len(agents) == 1
    assert agents.pop().startswith("storyline/")


def test_without_a_date_header_the_fetch_time_is_the_date(server):
    server.route("/story", HTML, headers={"Date": ""})
    page = fetch(server.url + "/story", obey_robots=False)
    assert page.header("date") is None
    assert page.http_date == page.fetched_at
    assert page.fetched_at.endswith("Z") and len(page.fetched_at) == 20


def test_a_gzip_encoded_page_is_decoded(server):
    server.route("/story", gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
    assert fetch(server.url + "/story", obey_robots=False).body == HTML


def test_a_404_is_a_failure_without_retries(server):
    url = server.url + "/gone"
    assert fetch(url, obey_robots=False) == Failure(url, "HTTP 404 Not Found")
    assert server.paths() == ["/gone"]


def test_fetch_all_keeps_the_order_and_counts_requests(server):
    for name in "abcde":
        server.route(f"/{name}", f"<p>{name}</p>")
    urls = [f"{server.url}/{name}" for name in "abcde"] + ["mailto:someone@example.com"]
    with fetcher() as client:
        results = list(client.fetch_all(urls))
        assert client.requests == len(server.requests) == 6  # robots.txt and five pages
    assert [url for url, _ in results] == urls
    assert [result.body for _, result in results[:5]] == [f"<p>{n}</p>".encode() for n in "abcde"]
    assert results[5][1] == Failure(urls[5], "not an http(s) URL")


def test_a_transport_can_stand_in_for_the_network():
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(
            200, content=b"The bridge opened.", headers={"Content-Type": "text/plain"}
        )

    with Fetcher(FetchOptions(delay=0), transport=httpx.MockTransport(answer)) as client:
        page = client.fetch("https://news.example/bridge")
        assert client.requests == 2
    assert (page.body, page.content_type) == (b"The bridge opened.", "text/plain")


def test_fetch_all_of_nothing_is_quick():
    started = time.monotonic()
    with fetcher() as client:
        assert list(client.fetch_all([])) == []
    assert time.monotonic() - started < 0.5


# -- robots.txt ---------------------------------------------------------------------------------


def test_robots_txt_is_obeyed_and_fetched_once(server):
    server.route(
        "/robots.txt", "User-agent: *\nDisallow: /private\n", headers={"Content-Type": "text/plain"}
    )
    for path in ("/private/a", "/a", "/b", "/c"):
        server.route(path, HTML)
    urls = [server.url + path for path in ("/private/a", "/a", "/b", "/c")]
    with fetcher() as client:
        results = dict(client.fetch_all(urls))
    assert results[urls[0]] == Failure(urls[0], "disallowed by robots.txt")
    assert all(isinstance(results[url], Page) for url in urls[1:])
    assert server.paths().count("/robots.txt") == 1
    assert "/private/a" not in server.paths()


def test_robots_txt_rules_for_storyline_by_name(server):
    server.route(
        "/robots.txt", "User-agent: otherbot\nAllow: /\n\nUser-agent: storyline\nDisallow: /\n"
    )
    server.route("/a", HTML)
    assert fetch(server.url + "/a") == Failure(server.url + "/a", "disallowed by robots.txt")


def test_robots_txt_is_read_up_to_512_kib(server):
    rules = b"User-agent: *\n" + b"Disallow: /old\n" * 40_000 + b"Disallow: /late\n"
    server.route("/robots.txt", rules, headers={"Content-Type": "text/plain"})
    server.route("/late", HTML)
    assert len(rules) > 512 * 1024
    assert isinstance(fetch(server.url + "/late"), Page)  # the rule past the limit is not read


def test_a_missing_robots_txt_allows_everything(server):
    server.route("/a", HTML)
    assert isinstance(fetch(server.url + "/a"), Page)
    assert server.paths() == ["/robots.txt", "/a"]


def test_a_failing_robots_txt_disallows_everything(server):
    server.route("/robots.txt", "down", status=503)
    server.route("/a", HTML)
    result = fetch(server.url + "/a", retries=1)
    assert result == Failure(
        server.url + "/a",
        "robots.txt unavailable, so not fetched: HTTP 503 Service Unavailable (after 2 tries)",
    )
    assert server.paths() == ["/robots.txt", "/robots.txt"]


def test_robots_txt_is_read_again_once_its_rules_are_old(server, monkeypatch):
    server.route("/robots.txt", "User-agent: *\nDisallow: /private\n")
    server.route("/a", HTML)
    monkeypatch.setattr(web, "ROBOTS_TTL", 0.0)  # rules a day old, every time
    with fetcher() as client:
        client.fetch(server.url + "/a")
        client.fetch(server.url + "/a")
    assert server.paths() == ["/robots.txt", "/a"] * 2


# -- retries ------------------------------------------------------------------------------------


def test_a_server_error_is_retried(server):
    server.fail_then("/flaky", 2, 503, HTML)
    page = fetch(server.url + "/flaky", obey_robots=False)
    assert isinstance(page, Page) and page.body == HTML
    assert server.paths() == ["/flaky"] * 3


def test_a_server_that_keeps_failing_gives_up(server):
    server.route("/down", "down", status=503)
    url = server.url + "/down"
    assert fetch(url, obey_robots=False) == Failure(
        url, "HTTP 503 Service Unavailable (after 4 tries)"
    )
    assert server.paths() == ["/down"] * 4


@pytest.mark.parametrize(
    "retry_after", ["1", formatdate(time.time() + 3600, usegmt=True)], ids=["seconds", "date"]
)
def test_retry_after_is_honoured_up_to_max_backoff(server, retry_after):
    calls = []

    def busy(request: Request) -> Response:
        calls.append(request.at)
        if len(calls) == 1:
            return Response(429, "slow down", {"Retry-After": retry_after})
        return Response(200, HTML)

    server.route("/busy", busy)
    page = fetch(server.url + "/busy", obey_robots=False, max_backoff=0.3)
    assert isinstance(page, Page)
    assert 0.25 <= calls[1] - calls[0] < 0.9  # the header's wait, capped; not the 0.01 back-off


def test_connection_refused_fails_quickly():
    url = f"http://127.0.0.1:{closed_port()}/story"
    started = time.monotonic()
    assert fetch(url, obey_robots=False, retries=2) == Failure(
        url, "connection refused (after 3 tries)"
    )
    assert fetch(url, retries=0) == Failure(
        url, "robots.txt unavailable, so not fetched: connection refused"
    )
    assert time.monotonic() - started < 1


def test_a_slow_server_times_out(server):
    server.route("/slow", HTML)
    server.latency = 0.5
    url = server.url + "/slow"
    assert fetch(url, obey_robots=False, timeout=0.1, retries=1) == Failure(
        url, "timed out (after 2 tries)"
    )


# -- redirects and URLs -------------------------------------------------------------------------


def test_too_many_redirects(server):
    server.route("/loop", b"", status=302, headers={"Location": "/loop"})
    url = server.url + "/loop"
    assert fetch(url, obey_robots=False) == Failure(url, "too many redirects (more than 5)")
    assert server.paths() == ["/loop"] * 6


def test_a_redirect_away_from_http_is_refused(server):
    server.route("/ftp", b"", status=302, headers={"Location": "ftp://example.com/file"})
    url = server.url + "/ftp"
    assert fetch(url, obey_robots=False) == Failure(
        url, "redirected to a non-http(s) URL: ftp://example.com/file"
    )


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "example.com/a", "http://", "file:///etc/passwd"]
)
def test_a_non_http_url_is_a_failure_without_a_request(url):
    with fetcher() as client:
        assert client.fetch(url) == Failure(url, "not an http(s) URL")
        assert client.requests == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/a?b=c", True),
        ("HTTP://Example.com", True),
        ("http://127.0.0.1:8080/", True),
        ("ftp://example.com", False),
        ("https://", False),
        ("http://exa mple.com", False),
        ("http://example.com:port/", False),
        ("/just/a/path", False),
        ("", False),
    ],
)
def test_is_url(text, expected):
    assert is_url(text) is expected


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# to read\nhttps://example.com/a\n\n  http://example.com/b  \nnot a url\n")
    urls, failures = read_url_list(str(path))
    assert urls == ["https://example.com/a", "http://example.com/b"]
    assert failures == [Failure(f"{path}:5", "not an http(s) URL: not a url")]


def test_read_url_list_of_a_missing_file(tmp_path):
    path = str(tmp_path / "missing.txt")
    assert read_url_list(path) == ([], [Failure(path, "cannot read: No such file or directory")])


# -- size ---------------------------------------------------------------------------------------


def test_a_page_over_the_limit_by_its_content_length(server):
    server.route("/big", b"x" * MB20)
    url = server.url + "/big"
    assert fetch(url, obey_robots=False) == Failure(url, "page larger than the 10 MiB limit")


def test_a_page_over_the_limit_without_a_content_length(server):
    server.route(
        "/big", lambda request: Response(200, (b"x" * 65536 for _ in range(MB20 // 65536)))
    )
    url = server.url + "/big"
    assert fetch(url, obey_robots=False) == Failure(url, "page larger than the 10 MiB limit")


def test_a_gzip_bomb_is_refused(server):
    server.route("/bomb", gzip.compress(b"\0" * MB20), headers={"Content-Encoding": "gzip"})
    url = server.url + "/bomb"
    assert fetch(url, obey_robots=False) == Failure(url, "page larger than the 10 MiB limit")


def test_a_limit_that_is_no_whole_mib(server):
    server.route("/story", HTML)
    url = server.url + "/story"
    assert fetch(url, obey_robots=False, max_bytes=50) == Failure(
        url, "page larger than the 50 byte limit"
    )


# -- conditional requests -----------------------------------------------------------------------


def test_an_unchanged_page_is_not_modified(server):
    server.route("/story", HTML, etag='"v1"')
    url = server.url + "/story"
    with fetcher(obey_robots=False) as client:
        page = client.fetch(url)
        assert page.etag == '"v1"'
        assert client.fetch(url, etag=page.etag) == NotModified(url)
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def test_last_modified_is_sent_back(server):
    stamp = "Thu, 02 May 2024 10:00:00 GMT"

    def story(request: Request) -> Response:
        if request.headers.get("if-modified-since") == stamp:
            return Response(304)
        return Response(200, HTML, {"Last-Modified": stamp})

    server.route("/story", story)
    url = server.url + "/story"
    with fetcher(obey_robots=False) as client:
        page = client.fetch(url)
        assert page.last_modified == stamp
        assert client.fetch(url, last_modified=page.last_modified) == NotModified(url)


# -- politeness ---------------------------------------------------------------------------------


def test_at_most_per_host_requests_at_once(server):
    paths = [f"/{n}" for n in range(8)]
    for path in paths:
        server.route(path, HTML)
    server.latency = 0.2
    with fetcher(per_host=2, obey_robots=False) as client:
        results = list(client.fetch_all(server.url + path for path in paths))
    assert all(isinstance(result, Page) for _, result in results)
    assert server.max_in_flight == 2


def test_hosts_do_not_wait_for_each_other():
    with LoopbackServer() as one, LoopbackServer() as two:
        urls = []
        for server in (one, two):
            server.latency = 0.2
            for n in range(4):
                server.route(f"/{n}", HTML)
                urls.append(f"{server.url}/{n}")
        started = time.monotonic()
        with fetcher(per_host=1, obey_robots=False) as client:
            list(client.fetch_all(urls))
        elapsed = time.monotonic() - started
    assert one.max_in_flight == two.max_in_flight == 1
    assert elapsed < 1.4  # one host after the other would take 1.6 s


def test_request_starts_to_one_host_are_spaced_by_the_delay(server):
    for n in range(5):
        server.route(f"/{n}", HTML)
    with fetcher(per_host=4, delay=0.1) as client:
        list(client.fetch_all(f"{server.url}/{n}" for n in range(5)))
    starts = sorted(request.at for request in server.requests)
    assert len(starts) == 6  # robots.txt first, waited for like any request
    assert min(b - a for a, b in pairwise(starts)) >= 0.08  # arrival jitter allowed for


# -- feeds and sitemaps -------------------------------------------------------------------------


def page(body, content_type=None, url="https://news.example/feeds/main"):
    headers = (("Content-Type", content_type),) if content_type else ()
    body = body.encode() if isinstance(body, str) else body
    return Page(url, url, 200, headers, body, "2024-05-02T10:00:00Z")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
<item><title>Bridge opens</title><link>https://news.example/bridge</link>
<pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Pier rebuilt</title><link>/pier</link></item>
<item><title>Bridge opens again</title><link>https://news.example/bridge</link></item>
<item><title>Write to us</title><link>mailto:desk@news.example</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
<entry><title>Harbour news</title><link href="/2024/05/harbour" rel="alternate"/>
<id>urn:1</id><updated>2024-05-03T08:30:00Z</updated></entry>
<entry><title>Older</title><link href="older"/><id>urn:2</id>
<published>2024-04-01T00:00:00Z</published><updated>2024-05-01T00:00:00Z</updated></entry>
</feed>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/a</loc><lastmod>2024-05-02</lastmod></url>
<url><loc> https://news.example/b?x=1&amp;y=2 </loc></url>
</urlset>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/bridge</loc>
<news:news><news:publication><news:name>News</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-02T10:00:00+01:00</news:publication_date>
<news:title>Bridge opens</news:title></news:news></url>
</urlset>"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc><lastmod>2024-05-02</lastmod></sitemap>
<sitemap><loc>/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_an_rss_feed():
    assert listing_of(page(RSS, "application/rss+xml")) == Listing(
        "feed",
        (
            Item("https://news.example/bridge", "Bridge opens", "2024-05-02T10:00:00Z"),
            Item("https://news.example/pier", "Pier rebuilt"),
        ),
    )


def test_an_atom_feed_sniffed_with_relative_links():
    listing = listing_of(page(ATOM, "text/xml"))
    assert listing == Listing(
        "feed",
        (
            Item("https://news.example/2024/05/harbour", "Harbour news", "2024-05-03T08:30:00Z"),
            Item("https://news.example/feeds/older", "Older", "2024-04-01T00:00:00Z"),
        ),
    )


def test_a_sitemap_takes_no_date_from_lastmod():
    assert listing_of(page(SITEMAP, "application/xml")) == Listing(
        "sitemap", (Item("https://news.example/a"), Item("https://news.example/b?x=1&y=2"))
    )


def test_a_news_sitemap_has_titles_and_publication_dates():
    assert listing_of(page(NEWS_SITEMAP)) == Listing(
        "sitemap",
        (Item("https://news.example/bridge", "Bridge opens", "2024-05-02T10:00:00+01:00"),),
    )


def test_a_sitemap_index_lists_its_sitemaps():
    assert listing_of(page(SITEMAP_INDEX, "text/xml")) == Listing(
        "sitemap-index",
        (Item("https://news.example/sitemap-1.xml"), Item("https://news.example/sitemap-2.xml.gz")),
    )


def test_a_gzip_sitemap():
    gzipped = page(gzip.compress(SITEMAP.encode()), "application/x-gzip")
    assert listing_of(gzipped) == listing_of(page(SITEMAP))


def test_an_html_page_is_no_listing():
    assert listing_of(page(HTML, "text/html")) is None
    assert listing_of(page(b"", "text/html")) is None


BOMB = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
"""


@pytest.mark.parametrize("doctype", [BOMB, EXTERNAL])
@pytest.mark.parametrize(
    ("root", "body"),
    [
        (
            "urlset",
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/&{entity};</loc></url></urlset>',
        ),
        (
            "rss",
            '<rss version="2.0"><channel><item><title>&{entity};</title><link>https://x.example/</link></item></channel></rss>',
        ),
    ],
)
def test_xml_entities_are_not_expanded(doctype, root, body):
    entity = "d" if doctype is BOMB else "secret"
    xml = doctype.format(root=root) + body.format(entity=entity)
    assert listing_of(page(xml, "application/xml")) is None


# -- pages as documents -------------------------------------------------------------------------


def test_an_html_page_is_a_raw_document():
    fetched = Page(
        "https://news.example/bridge",
        "https://news.example/b",
        200,
        (
            ("Content-Type", "text/html; charset=windows-1252"),
            ("Date", "Thu, 02 May 2024 10:00:00 GMT"),
        ),
        HTML,
        "2024-05-03T00:00:00Z",
    )
    document = page_document(fetched)
    assert isinstance(document, RawDocument)
    assert (document.kind, document.raw, document.payload) == ("html", HTML, HTML)
    assert document.source == document.location == "https://news.example/bridge"
    assert document.hints.url == "https://news.example/bridge"
    assert document.hints.charset == "windows-1252"
    assert document.hints.crawl_date == "2024-05-02T10:00:00Z"
    assert document.hints.headers == (
        "Content-Type: text/html; charset=windows-1252\nDate: Thu, 02 May 2024 10:00:00 GMT"
    )


def test_a_plain_text_page_is_a_text_document():
    assert page_document(page("The bridge opened.", "text/plain")).kind == "text"


def test_a_page_without_a_type_that_sniffs_as_html():
    assert page_document(page(HTML)).kind == "html"


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", "image/png", "not an article page (image/png)"),
        (b"%PDF-1.7", "application/pdf", "not an article page (application/pdf)"),
        (b'{"a": 1}', "application/json; charset=utf-8", "not an article page (application/json)"),
        (b"\0\1\2", None, "not an article page (no content type)"),
        (b"  \n", "text/html", "empty page"),
    ],
)
def test_what_is_no_article_page(body, content_type, reason):
    fetched = page(body, content_type)
    assert page_document(fetched) == Failure(fetched.url, reason)


def test_a_fetched_feed_is_a_listing(server):
    server.route("/feed", RSS, headers={"Content-Type": "application/rss+xml"})
    listing = listing_of(fetch(server.url + "/feed", obey_robots=False))
    assert [item.url for item in listing.items] == [
        "https://news.example/bridge",
        f"{server.url}/pier",
    ]

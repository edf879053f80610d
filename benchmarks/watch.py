"""A watch round over a feed of 1,000 items: requests made, time, and the per-host limit.

Method
------
* A loopback HTTP server in this process (``tests/loopback.py``) serves an RSS feed of
  ``--items`` items and their article pages (short invented articles, each its own text, on
  their own ``/a/N.html`` path), a robots.txt that forbids nothing, and answers every request
  after ``--latency`` seconds; it records each request and the most it handled at once.
* Through the product's API (``Dossier.watch([feed])`` then ``watch_round`` as ``storyline
  watch`` runs them, one fetcher for all rounds, ``--per-host`` requests to one host at once,
  no delay), with one status alert added, into a fresh store:
  1. the first round ingests every page (fetching, analysis, linking, the alert check);
  2. a round over the unchanged feed, which answers 304 to the conditional request;
  3. the same with a server that ignores ``If-None-Match`` and sends the whole feed again (200):
     the round parses it and finds every item handled.
* Baseline, in the same process: one plain ``httpx`` GET of the whole feed (the request alone).
  The goal: a round over the unchanged feed makes one request and takes under a second plus
  the requests it makes.

Usage: python benchmarks/watch.py [--items 1000] [--per-host 2] [--latency 0.005] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' loopback server

from tests.loopback import LoopbackServer, Request, Response

from storyline import Dossier, FetchOptions, IngestOptions, WatchOptions
from storyline.ingest.web import Fetcher

TOWNS = ["Ardmere", "Belcrest", "Corrin", "Dunmore", "Eskdale", "Fenwick", "Galloway", "Harrow"]
WORKS = ["harbour wall", "ferry pier", "library", "bridge", "school", "clinic", "station", "dam"]


def article(n: int) -> str:
    town, work = TOWNS[n % len(TOWNS)], WORKS[(n // len(TOWNS)) % len(WORKS)]
    title = f"{town} council votes to rebuild the {work} ({n})"
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>The council of {town} voted on Tuesday to rebuild the {work} that the winter storms "
        f"damaged, at a cost of {n % 9 + 2} million euros, the mayor said after meeting {n}.</p>"
        f"<p>Work is to start in the spring and end before the summer season, officials said, "
        f"and the contract will be put to tender next month.</p></article></body></html>"
    )


@dataclass
class Site:
    server: LoopbackServer
    items: int
    honour_etag: bool = True

    def feed(self, request: Request) -> Response:
        etag = '"feed-1"'
        if self.honour_etag and request.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag})
        entries = "".join(
            f"<item><title>Item {n}</title><link>{self.server.url}/a/{n}.html</link>"
            f"<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>"
            for n in range(self.items)
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'
        return Response(200, body, {"Content-Type": "application/rss+xml", "ETag": etag})


def timed_round(dossier: Dossier, server: LoopbackServer, number: int, **kwargs: object) -> dict:
    before = len(server.requests)
    started = time.perf_counter()
    report = dossier.watch_round(dossier.sources(), number, **kwargs)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    requests = len(server.requests) - before
    return {"round": number, "seconds": round(seconds, 3), "requests": requests,
            "added": report.ingest.added, "unchanged": report.unchanged,
            "failures": len(report.failures) + len(report.ingest.failures)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.005)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with LoopbackServer() as server, tempfile.TemporaryDirectory() as folder:
        site = Site(server, args.items)
        server.route("/feed.xml", site.feed)
        server.route("/robots.txt", "User-agent: *\nAllow: /\n",
                     headers={"Content-Type": "text/plain"})  # fmt: skip
        for n in range(args.items):
            server.route(f"/a/{n}.html", article(n))
        server.latency = args.latency
        feed = server.url_for("/feed.xml")
        fetch = FetchOptions(per_host=args.per_host, delay=0.0)
        options = WatchOptions(ingest=IngestOptions(workers=1, fetch=fetch))

        started = time.perf_counter()
        httpx.get(feed, timeout=30).raise_for_status()
        baseline = time.perf_counter() - started
        server.requests.clear()

        with Dossier(Path(folder) / "watch.db") as dossier, Fetcher(fetch) as fetcher:
            dossier.watch([feed])
            dossier.add_alert("works", "council vote", on="status")
            rounds = [timed_round(dossier, server, 1, options=options, fetcher=fetcher)]
            first_in_flight = server.max_in_flight
            rounds.append(timed_round(dossier, server, 2, options=options, fetcher=fetcher))
            site.honour_etag = False
            rounds.append(timed_round(dossier, server, 3, options=options, fetcher=fetcher))
            documents = dossier.store.count_documents()

    result = {
        "items": args.items, "per_host": args.per_host, "latency": args.latency,
        "baseline_feed_get_seconds": round(baseline, 3), "rounds": rounds,
        "max_in_flight": first_in_flight, "documents": documents,
    }  # fmt: skip
    if args.json:
        print(json.dumps(result))
        return
    print(f"feed of {args.items} items; one plain GET of it: {baseline * 1000:.0f} ms")
    print("round | what | requests | added | seconds | seconds beyond one feed GET")
    labels = {1: "first (all new)", 2: "unchanged, 304", 3: "unchanged, 200 (no ETag)"}
    for r in rounds:
        beyond = r["seconds"] - baseline
        print(f"{r['round']} | {labels[r['round']]} | {r['requests']} | {r['added']} | "
              f"{r['seconds']:.2f} | {beyond:.2f}")  # fmt: skip
    verdict = all(r["requests"] == 1 and r["seconds"] - baseline < 1.0 for r in rounds[1:])
    print(f"most requests at once to the host: {first_in_flight} (limit {args.per_host})")
    print(f"documents stored: {documents}; goal (1 request, < 1 s beyond it): "
          f"{'met' if verdict else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()

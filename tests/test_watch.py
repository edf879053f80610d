"""Watch rounds stopped part-way: what was read is stored, only that counts as handled, and the
next round reads the rest (through the API, and through a real ``storyline watch`` process
stopped with SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from storyline import Dossier, IngestOptions, WatchOptions
from storyline.ingest.web import FetchOptions
from storyline.store.database import Store
from tests.loopback import LoopbackServer

PAGES = 6
TEXT = (
    "The council of Ardmere voted on Tuesday to rebuild the harbour wall that the winter storms "
    "broke, at a cost of four million euros. Work is to start in the spring, the mayor said."
)


def _site(server: LoopbackServer, pages: int = PAGES) -> str:
    items = "".join(
        f"<item><title>Harbour wall {n}</title><link>{server.url}/a/{n}.html</link></item>"
        for n in range(pages)
    )
    server.route("/feed.xml", f'<rss version="2.0"><channel>{items}</channel></rss>',
                 headers={"Content-Type": "application/rss+xml"}, etag='"feed-1"')  # fmt: skip
    for n in range(pages):
        body = f"<html><head><title>Harbour wall {n}</title></head><body><article>" \
               f"<h1>Harbour wall {n}</h1><p>{TEXT}</p><p>Item {n} of the series.</p>" \
               f"</article></body></html>"  # fmt: skip
        server.route(f"/a/{n}.html", body)
    return server.url_for("/feed.xml")


def _handled(store: Store) -> int:
    [source] = store.sources()
    return sum(item.state == "done" for item in store.source_items(source.id).values())


OPTIONS = WatchOptions(ingest=IngestOptions(workers=1, fetch=FetchOptions(delay=0)))


def test_a_round_stopped_between_documents_keeps_them_and_the_next_reads_the_rest(tmp_path):
    with LoopbackServer() as server, Dossier(tmp_path / "w.db") as dossier:
        sources = dossier.watch([_site(server)])
        asked = iter(range(1000))
        report = dossier.watch_round(sources, 1, options=OPTIONS, stop=lambda: next(asked) >= 3)
        assert report.stopped
        stored = dossier.store.count_documents()
        assert 1 <= stored < PAGES
        assert _handled(dossier.store) == stored  # only what was stored counts as read
        assert dossier.store.sources()[0].etag is None  # the feed is read in full next time

        report = dossier.watch_round(sources, 2, options=OPTIONS)
        assert not report.stopped and report.ingest.added == PAGES - stored
        assert dossier.store.count_documents() == _handled(dossier.store) == PAGES
        assert dossier.store.sources()[0].etag == '"feed-1"'
        assert dossier.watch_round(sources, 3, options=OPTIONS).unchanged == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_a_watch_between_documents(tmp_path):
    db = tmp_path / "w.db"
    with LoopbackServer() as server:
        feed = _site(server, pages=10)
        server.latency = 0.4  # slow pages: the signal comes while they are fetched
        command = [sys.executable, "-m", "storyline", "watch", feed, "--db", str(db),
                   "--every", "1h", "--delay", "0", "--per-host", "1"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
        deadline = time.monotonic() + 120
        while sum("/a/" in r.path for r in server.requests) < 3:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "stopping after the current document" in err
    assert "round 1:" in out and "stopped" in out
    with Store(db) as store:
        stored = store.count_documents()
        assert 1 <= stored < 10
        assert _handled(store) == stored

"""Latency of every page and API route of ``storyline serve`` on a store of 10,000 documents.

Method
------
* Base store: a real analysed store, built once with the CLI (``storyline ingest --db FILE -q``,
  which also runs the corpus steps: entity, event and story linking) from the seed articles
  (``corpora/seeds``) and the articles of the clustering benchmark (``benchmarks/clustering``
  ``dev.jsonl`` + ``test.jsonl``, written as JSON Lines with text, title, url,
  published = date[:10], outlet = source): about 310 documents, 75 stories, 340 events, 3,200
  entities. Cached as ``--cache/web-base-<inputs hash>.db``.
* Replication to ``--documents`` with SQL (no NLP): copy ``k`` (0, 1, 2, ...) of the base is
  inserted with every document id rewritten to ``id-k`` (copy 0 keeps the original ids) in every
  per-document table: documents (the full-text index ``documents_fts`` is filled by its
  insert trigger), raw_documents, sentences, mentions, doc_entities, quotes, timexes,
  event_mentions, document_estimates, signatures (``duplicate_of`` rewritten too) and
  story_documents. Dates move ``k * 7`` days (documents.published and crawl_date, estimates,
  story first/last, event date_start/date_end/happened_by and the trajectory's as_of days), so
  the copies spread over time. Stories and events are copied per copy with ids ``id-k``
  (story_documents.story_id, event_mentions.event_id and the documents named in an event's
  trajectory rewritten to match), so every copy is its own set of stories, as new stories keep
  arriving in a real stream. Entities are *not* copied: the copies keep the corpus entity ids
  of their originals, as the entity linker would have linked them (same names), so a popular
  entity is mentioned across the whole store, as a popular person is in a real one; its
  document and mention counts are recounted. The last copy is partial (the first documents of
  the base, in ingestion order) so the store has exactly ``--documents`` documents. Corpus
  tables used by ingest only (story_terms, story_meta, outlet_lines, entity_rules) are copied
  once. Checked: ``PRAGMA integrity_check``, the FTS index's integrity-check, the document
  count, a search that finds copies, stories present. Cached as ``--cache/web-N-<base>.db``
  (journal mode WAL, as ingest leaves it; no ANALYZE, as ingest runs none).
* Requests: for each route, ``--requests`` URLs over different targets, drawn with a fixed seed:
  stories: half the biggest (most articles), half at random; as-of days: the publication day of
  the middle article of the story; documents: at random; entities: half those in the most
  documents, half at random; search: words of four letters or more from random titles (every
  fifth query two words), and a quarter common words (``COMMON``). Index pages 1.. and the
  whole-corpus timeline (``/api/timeline``, ``/api/timeline?as_of=DAY``) too.
* Timing: in process with Starlette's ``TestClient(create_app(db))`` (ASGI app, no network), and,
  unless ``--no-http``, over real HTTP to uvicorn serving the app in a thread of this process
  (``httpx.Client``, keep-alive), which adds the server's own overhead. Per route: 3 untimed
  warm-up requests (other targets), then the timed requests, each must answer 200; a route
  stops early after ``--route-seconds`` (at least 5 requests), so one very slow route does not
  stop the run. p50 / p95 (nearest rank) / max wall-clock milliseconds per request, body read.
* Goal, one verdict line: every page (HTML route) under 200 ms at p95; API routes are reported
  beside it against the same 200 ms.
* ``--profile``: cProfile of the query function behind the slowest page (called directly on a
  read-only Store, as the route does, template rendering not included): top functions by
  cumulative time, then the sqlite3 calls by own time (the time spent inside SQLite).
  ``--profile ROUTE`` (as printed in the table) profiles that route instead.

Usage: python benchmarks/web.py [--documents 10000] [--requests 50] [--json] [--no-http]
       [--profile [ROUTE]] [--cache /tmp/storyline-bench] [--shared ../shared] [--route-seconds 60]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import math
import os
import pstats
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

GOAL_MS = 200.0
WEEK = 7  # days each copy is moved by, per copy
SEED = 20240601
WARMUP = 3
COMMON = "president police government people minister country".split()
_CACHE = Path("/tmp/storyline-bench")
_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BUILD_VERSION = 1  # bump when the replication changes, so cached stores are rebuilt


# --- the stores ---------------------------------------------------------------------------------


def base_store(shared: Path, cache: Path) -> Path:
    """The real analysed store the big one is copied from (ingested once, then cached)."""
    seeds = sorted((shared / "corpora" / "seeds").iterdir())
    splits = [shared / "benchmarks" / "clustering" / f"{name}.jsonl" for name in ("dev", "test")]
    digest = hashlib.sha256()
    for path in [*seeds, *splits]:
        digest.update(path.name.encode() + path.read_bytes())
    path = cache / f"web-base-{digest.hexdigest()[:12]}.db"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        articles = Path(folder) / "clustering.jsonl"
        with articles.open("w", encoding="utf-8") as out:
            for split in splits:
                for line in split.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        a = json.loads(line)
                        record = {"text": a["text"], "title": a["title"], "url": a["url"],
                                  "published": a["date"][:10], "outlet": a["source"]}  # fmt: skip
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial = Path(folder) / "base.db"
        print(f"ingesting the base store into {path} (about a minute) ...", file=sys.stderr)
        started = time.perf_counter()
        command = [sys.executable, "-m", "storyline", "ingest", str(shared / "corpora" / "seeds"),
                   str(articles), "--db", str(partial), "-q"]  # fmt: skip
        done = subprocess.run(command, check=False)
        if done.returncode not in (0, 1) or not partial.exists():  # 1: some input was bad
            raise SystemExit(f"ingest failed ({done.returncode})")
        print(f"  ingested in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        _settle(partial)
        os.replace(partial, path)
    return path


def big_store(base: Path, documents: int, cache: Path) -> Path:
    """The base replicated to ``documents`` documents (see the module docstring)."""
    from storyline.store.database import Store

    path = cache / f"web-{documents}-{base.stem.removeprefix('web-base-')}-v{BUILD_VERSION}.db"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.db")
    for name in _files(partial):
        Path(name).unlink(missing_ok=True)
    started = time.perf_counter()
    Store(partial).close()  # the schema, by the migrations
    db = sqlite3.connect(partial, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("ATTACH ? AS src", (f"{base.resolve().as_uri()}?mode=ro",))
        _replicate(db, documents)
        problems = db.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise SystemExit(f"integrity_check: {problems[:5]}")
        db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    finally:
        db.close()
    _settle(partial)
    os.replace(partial, path)
    print(f"  built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def _replicate(db: sqlite3.Connection, documents: int) -> None:
    base_ids = [r[0] for r in db.execute("SELECT id FROM src.documents ORDER BY rowid")]
    copies = math.ceil(documents / len(base_ids))
    print(f"replicating {len(base_ids)} documents x {copies} ...", file=sys.stderr)
    db.execute("BEGIN")
    db.execute(
        "CREATE TEMP TABLE pick (id TEXT, k INTEGER, suffix TEXT, days INTEGER, "
        "PRIMARY KEY (id, k))"
    )
    db.executemany(
        "INSERT INTO pick VALUES (?, ?, ?, ?)",
        [
            (doc, k, f"-{k}" if k else "", k * WEEK)
            for k in range(copies)
            for doc in base_ids[: documents - k * len(base_ids)]
        ],
    )

    def copy(table: str, key: str, **exprs: str) -> None:
        columns = [r[1] for r in db.execute(f"PRAGMA src.table_info({table})") if r[1] != "rowid"]
        select = ", ".join(exprs.get(c, f"t.{c}") for c in columns)
        db.execute(
            f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {select} "
            f"FROM src.{table} t JOIN pick p ON p.id = t.{key} ORDER BY p.k, t.rowid"
            if table == "documents"
            else f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {select} "
            f"FROM src.{table} t JOIN pick p ON p.id = t.{key} ORDER BY p.k",
        )

    new_doc = "t.document_id || p.suffix"
    copy("documents", "id", id="t.id || p.suffix", published=_shift("t.published"),
         crawl_date=_shift("t.crawl_date"))  # fmt: skip
    for table in ("raw_documents", "sentences", "mentions", "doc_entities", "quotes", "timexes"):
        copy(table, "document_id", document_id=new_doc)
    copy("event_mentions", "document_id", document_id=new_doc, event_id="t.event_id || p.suffix")
    copy("document_estimates", "document_id", document_id=new_doc, start=_shift("t.start"),
         end=_shift("t.end"))  # fmt: skip
    copy(
        "signatures", "document_id", document_id=new_doc, duplicate_of="t.duplicate_of || p.suffix"
    )
    copy("story_documents", "document_id", document_id=new_doc, story_id="t.story_id || p.suffix")

    # stories and events: one per copy that has any of their documents
    db.execute(
        "CREATE TEMP TABLE story_copies AS SELECT DISTINCT s.story_id AS id, p.k, p.suffix, p.days "
        "FROM src.story_documents s JOIN pick p ON p.id = s.document_id"
    )
    db.execute(
        f"INSERT INTO main.stories (id, title, first, last, documents, sources, state) "
        f"SELECT t.id || p.suffix, t.title, {_shift('t.first')}, {_shift('t.last')}, "
        f"(SELECT count(*) FROM main.story_documents m WHERE m.story_id = t.id || p.suffix), "
        f"t.sources, t.state FROM src.stories t JOIN story_copies p ON p.id = t.id"
    )
    db.execute(
        "CREATE TEMP TABLE event_copies AS SELECT DISTINCT m.event_id AS id, p.k, p.suffix, p.days "
        "FROM src.event_mentions m JOIN pick p ON p.id = m.document_id "
        "WHERE m.event_id IS NOT NULL"
    )
    columns = [r[1] for r in db.execute("PRAGMA src.table_info(events)")]
    rows = db.execute(
        f"SELECT {', '.join('t.' + c for c in columns)}, p.suffix, p.days, "
        f"{_shift('t.date_start')}, {_shift('t.date_end')}, {_shift('t.happened_by')} "
        f"FROM src.events t JOIN event_copies p ON p.id = t.id"
    ).fetchall()
    events = []
    for row in rows:
        record = dict(zip(columns, row[: len(columns)], strict=True))
        suffix, days, start, end, happened_by = row[len(columns) :]
        trajectory = json.loads(record["trajectory"])
        for step in trajectory:
            if step.get("document"):
                step["document"] += suffix
            if step.get("as_of"):
                step["as_of"] = _shift_day(step["as_of"], days)
        record.update(id=record["id"] + suffix, date_start=start, date_end=end,
                      happened_by=happened_by,
                      trajectory=json.dumps(trajectory, ensure_ascii=False))  # fmt: skip
        events.append(tuple(record[c] for c in columns))
    db.executemany(
        f"INSERT INTO main.events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        events,
    )

    # entities: shared by the copies, as the linker would link them; counts recounted
    for table in ("entities", "story_terms", "story_meta", "outlet_lines", "entity_rules"):
        db.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
    db.execute(
        "CREATE TEMP TABLE entity_counts AS SELECT entity_id AS id, count(*) AS mentions, "
        "count(DISTINCT document_id) AS documents FROM main.mentions "
        "WHERE entity_id IS NOT NULL GROUP BY entity_id"
    )
    db.execute(
        "UPDATE main.entities SET mentions = c.mentions, documents = c.documents "
        "FROM entity_counts c WHERE c.id = entities.id"
    )
    db.execute(
        "UPDATE main.story_meta SET value = (SELECT count(*) FROM main.documents) "
        "WHERE key = 'documents'"
    )
    db.execute("COMMIT")


def _shift(column: str) -> str:
    """SQL: an ISO day (or timestamp) ``column`` moved by ``p.days`` days (NULL stays NULL)."""
    return (
        f"CASE WHEN p.days = 0 OR {column} IS NULL THEN {column} ELSE coalesce("
        f"date(substr({column}, 1, 10), '+' || p.days || ' days') || substr({column}, 11), "
        f"{column}) END"
    )


def _shift_day(value: str, days: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
    except ValueError:
        return value


def _settle(path: Path) -> None:
    """Checkpoint the WAL into the file, so the file alone is the database."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for name in _files(path)[1:]:
        Path(name).unlink(missing_ok=True)


def _files(path: Path) -> list[str]:
    return [str(path) + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def store_size(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "stories", "events", "entities", "mentions",
                          "event_mentions", "quotes")
        }  # fmt: skip
        counts["largest_story"] = db.execute("SELECT max(documents) FROM stories").fetchone()[0]
        counts["largest_entity_documents"] = db.execute(
            "SELECT max(documents) FROM entities"
        ).fetchone()[0]
        hits = db.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'president'"
        ).fetchone()[0]
    finally:
        db.close()
    counts["search_president_hits"] = hits
    counts["db_mb"] = round(path.stat().st_size / 1e6, 1)
    return counts


# --- what to request ----------------------------------------------------------------------------


def targets(path: Path, n: int) -> dict[str, list[str]]:
    """Per route, ``n + WARMUP`` URLs over different targets (the first ``WARMUP`` warm up)."""
    rng = random.Random(SEED)
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        want = n + WARMUP

        def column(sql: str, *args: Any) -> list[Any]:
            return [r[0] for r in db.execute(sql, args)]

        def mix(biggest: list[str], everything: list[str]) -> list[str]:
            chosen = biggest[: want // 2]
            taken = set(chosen)
            rest = [x for x in everything if x not in taken]
            chosen += rng.sample(rest, min(len(rest), want - len(chosen)))
            rng.shuffle(chosen)
            return _cycle(chosen, want)

        stories = mix(
            column("SELECT id FROM stories ORDER BY documents DESC, id LIMIT ?", want),
            column("SELECT id FROM stories ORDER BY id"),
        )
        days = {}
        for story in stories:
            published = column(
                "SELECT d.published FROM story_documents s "
                "JOIN documents d ON d.id = s.document_id "
                "WHERE s.story_id = ? AND d.published IS NOT NULL ORDER BY d.published",
                story,
            )
            days[story] = published[len(published) // 2][:10] if published else "2020-01-01"
        all_documents = column("SELECT id FROM documents ORDER BY rowid")
        documents = _cycle(rng.sample(all_documents, min(want, len(all_documents))), want)
        entities = mix(
            column("SELECT id FROM entities ORDER BY documents DESC, id LIMIT ?", want),
            column("SELECT id FROM entities WHERE documents > 0 ORDER BY id"),
        )
        titles = column("SELECT title FROM documents WHERE title IS NOT NULL ORDER BY rowid")
        words: list[str] = []
        while len(words) < want:
            if len(words) % 4 == 3:
                words.append(COMMON[len(words) // 4 % len(COMMON)])
                continue
            found = re.findall(r"[A-Za-z]{4,}", rng.choice(titles))
            if found:
                picked = rng.sample(found, min(len(found), 2 if len(words) % 5 == 4 else 1))
                words.append(" ".join(picked))
        pages = math.ceil(len(column("SELECT id FROM stories")) / 100)
        corpus_days = sorted({days[s] for s in stories})
    finally:
        db.close()
    page_numbers = [str(1 + i % min(pages, 5)) for i in range(want)]
    return {
        "GET /": [f"/?page={p}" for p in page_numbers],
        "GET /stories/{id}": [f"/stories/{quote(s)}" for s in stories],
        "GET /stories/{id}?as_of": [f"/stories/{quote(s)}?as_of={days[s]}" for s in stories],
        "GET /documents/{id}": [f"/documents/{quote(d)}" for d in documents],
        "GET /entities/{id}": [f"/entities/{quote(e)}" for e in entities],
        "GET /search?q": [f"/search?{urlencode({'q': w})}" for w in words],
        "GET /api/stories": [f"/api/stories?offset={(int(p) - 1) * 100}" for p in page_numbers],
        "GET /api/stories/{id}": [f"/api/stories/{quote(s)}" for s in stories],
        "GET /api/stories/{id}?as_of": [
            f"/api/stories/{quote(s)}?as_of={days[s]}" for s in stories
        ],
        "GET /api/timeline?story": [f"/api/timeline?story={quote(s)}" for s in stories],
        "GET /api/timeline?story&as_of": [
            f"/api/timeline?{urlencode({'story': s, 'as_of': days[s]})}" for s in stories
        ],
        "GET /api/timeline": ["/api/timeline"] * want,
        "GET /api/timeline?as_of": [f"/api/timeline?as_of={d}" for d in _cycle(corpus_days, want)],
        "GET /api/documents/{id}": [f"/api/documents/{quote(d)}" for d in documents],
        "GET /api/entities/{id}": [f"/api/entities/{quote(e)}" for e in entities],
        "GET /api/search?q": [f"/api/search?{urlencode({'q': w})}" for w in words],
    }


def _cycle(values: list[str], size: int) -> list[str]:
    return [values[i % len(values)] for i in range(size)] if values else []


# --- timing -------------------------------------------------------------------------------------


def measure(
    get: Callable[[str], tuple[int, int]], urls: dict[str, list[str]], route_seconds: float
) -> list[dict[str, Any]]:
    results = []
    for route, route_urls in urls.items():
        for url in route_urls[:WARMUP]:
            _check(route, url, get(url)[0])
        times, sizes = [], []
        started = time.perf_counter()
        for url in route_urls[WARMUP:]:
            before = time.perf_counter()
            status, size = get(url)
            times.append((time.perf_counter() - before) * 1000)
            sizes.append(size)
            _check(route, url, status)
            if time.perf_counter() - started > route_seconds and len(times) >= 5:
                break
        times.sort()
        results.append({
            "route": route, "page": not route.startswith("GET /api/"), "requests": len(times),
            "p50_ms": round(_rank(times, 0.50), 1), "p95_ms": round(_rank(times, 0.95), 1),
            "max_ms": round(times[-1], 1), "kb": round(sum(sizes) / len(sizes) / 1000, 1),
        })  # fmt: skip
        print(f"  {route}: p95 {results[-1]['p95_ms']} ms", file=sys.stderr)
    return results


def _rank(values: list[float], p: float) -> float:
    return values[max(0, math.ceil(p * len(values)) - 1)]


def _check(route: str, url: str, status: int) -> None:
    if status != 200:
        raise SystemExit(f"{route}: {url} answered {status}")


def in_process(db: Path, urls: dict[str, list[str]], route_seconds: float) -> list[dict[str, Any]]:
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    with TestClient(create_app(str(db))) as client:

        def get(url: str) -> tuple[int, int]:
            response = client.get(url)
            return response.status_code, len(response.content)

        return measure(get, urls, route_seconds)


def over_http(db: Path, urls: dict[str, list[str]], route_seconds: float) -> list[dict[str, Any]]:
    import httpx

    with serving(db) as base_url, httpx.Client(base_url=base_url, timeout=120) as client:

        def get(url: str) -> tuple[int, int]:
            response = client.get(url)
            return response.status_code, len(response.content)

        return measure(get, urls, route_seconds)


def serving(db: Path) -> Any:
    from contextlib import contextmanager

    import uvicorn

    from storyline.web.app import create_app

    @contextmanager
    def run() -> Iterator[str]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                log_level="warning", access_log=False)  # fmt: skip
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise SystemExit("uvicorn did not start")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)

    return run()


# --- profile ------------------------------------------------------------------------------------


def profile(db: Path, route: str, route_urls: list[str]) -> str:
    """cProfile of the query function behind ``route`` over its URLs, and its slowest SQL."""
    from datetime import date
    from urllib.parse import parse_qs, unquote, urlsplit

    from storyline.store.database import Store
    from storyline.web import app, queries

    def call(store: Store, url: str) -> Any:
        parts = urlsplit(url)
        args = {k: v[0] for k, v in parse_qs(parts.query).items()}
        last = unquote(parts.path.rstrip("/").split("/")[-1])
        as_of = date.fromisoformat(args["as_of"]) if "as_of" in args else None
        if "/timeline" in parts.path:
            return queries.timeline(store, args.get("story"), as_of)
        if "/stories/" in parts.path:
            return queries.story(store, last, as_of)
        if "/documents/" in parts.path:
            return queries.document(store, last)
        if "/entities/" in parts.path:
            return queries.entity(store, last)
        if "search" in parts.path:
            return app._search(store, args.get("q", ""))
        offset = (int(args.get("page", 1)) - 1) * queries.PAGE_SIZE
        return queries.stories(store, queries.PAGE_SIZE, int(args.get("offset", offset)))

    urls = route_urls[WARMUP : WARMUP + 10]
    store = Store(db, readonly=True)
    profiler = cProfile.Profile()
    try:
        for url in urls:
            profiler.enable()
            call(store, url)
            profiler.disable()
    finally:
        store.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(22)
    stats.sort_stats("tottime").print_stats("sqlite3", 6)  # time spent inside SQLite calls
    text = out.getvalue()
    return (
        f"profile of {route} over {len(urls)} requests (query function only):\n"
        + text[text.find("   ncalls") :]
    )


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--route-seconds", type=float, default=60.0)
    parser.add_argument("--no-http", action="store_true", help="in process only")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="",
        metavar="ROUTE",
        help="cProfile the slowest page (or ROUTE, as printed in the table)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", type=Path, default=_CACHE)
    parser.add_argument("--shared", type=Path, default=_SHARED)
    args = parser.parse_args()

    db = big_store(base_store(args.shared, args.cache), args.documents, args.cache)
    size = store_size(db)
    urls = targets(db, args.requests)
    print("in process (TestClient) ...", file=sys.stderr)
    runs = {"in_process": in_process(db, urls, args.route_seconds)}
    if not args.no_http:
        print("over HTTP (uvicorn + httpx) ...", file=sys.stderr)
        runs["http"] = over_http(db, urls, args.route_seconds)
    worst = {r["route"]: max(run[i]["p95_ms"] for run in runs.values())
             for i, r in enumerate(runs["in_process"])}  # fmt: skip
    pages = [r["route"] for r in runs["in_process"] if r["page"]]
    missed_pages = [route for route in pages if worst[route] >= GOAL_MS]
    missed_api = [route for route in worst if route not in pages and worst[route] >= GOAL_MS]
    profiled = None
    if args.profile is not None:
        slowest = args.profile or max(worst, key=lambda route: (route in pages, worst[route]))
        profiled = profile(db, slowest, urls[slowest])
    if args.json:
        report = {"db": str(db), "store": size, "requests": args.requests, "goal_p95_ms": GOAL_MS,
                  "runs": runs, "pages_missing_goal": missed_pages, "api_missing_goal": missed_api,
                  "profile": profiled}  # fmt: skip
        print(json.dumps(report, indent=2))
        return
    print(f"store {db}")
    print("  " + ", ".join(f"{k} {v}" for k, v in size.items()))
    for name, run in runs.items():
        print(f"\n{name}: {args.requests} requests per route after {WARMUP} warm-up, ms")
        print(f"  {'route':34} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8} {'KB':>7}")
        for r in run:
            flag = "  > goal" if r["p95_ms"] >= GOAL_MS else ""
            print(f"  {r['route']:34} {r['requests']:4d} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
                  f"{r['max_ms']:8.1f} {r['kb']:7.1f}{flag}")  # fmt: skip
    verdict = "MET" if not missed_pages else "MISSED"
    over = f" (over: {', '.join(missed_pages)})" if missed_pages else ""
    print(f"\nverdict: every page under {GOAL_MS:.0f} ms at p95 on {size['documents']} documents: "
          f"{verdict}{over}")  # fmt: skip
    print(f"API routes over {GOAL_MS:.0f} ms at p95: {', '.join(missed_api) or 'none'}")
    if profiled:
        print("\n" + profiled)


if __name__ == "__main__":
    main()

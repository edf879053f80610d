"""How the story step scales: copy marking and story clustering over 10k to 1M documents.

Method
------
* Seed documents: the analysed articles of the clustering benchmark (the cached stores
  ``clustering-*.db`` under ``--cache``, built by ``benchmarks/clustering.py`` if missing), read
  with ``story_documents`` exactly as the corpus step reads them: text, linked PERSON/ORG
  entities, linked events. About 300 articles, in publication order.
* The stream: document ``i`` is repetition ``k = i // len(seeds)`` of seed ``i % len(seeds)``,
  dated ``START + i // --per-day`` (1,000 a day by default), so the corpus moves through time at
  a steady rate. Each repetition is a new set of stories, as new stories keep arriving in a
  real stream: its entity and event ids get the suffix ``#k``, and every word of four letters or
  more is replaced by one of ``VARIANTS`` spellings chosen by a hash of (word, k), the same within
  a repetition (so its articles still group as their originals did) and different across
  repetitions (so they share few terms and no 5-grams). The vocabulary stays bounded by
  ``VARIANTS`` times the seed vocabulary, like the open but slowly growing vocabulary of news.
  On top, ``DROP`` of the words are dropped or replaced at random (seeded) and a token unique to
  the document is appended.
* Re-publications: ``COPY_RATE`` of the documents are instead a near-copy of one of the last
  ``COPY_WINDOW`` generated documents (a few words edited, a line of site furniture added), which
  the copy finder should mark, and which join their original's story without clustering, as in
  ``link_stories``.
* Timed: what ``link_stories`` does per document in memory, i.e. ``signature(text)``,
  ``CopyFinder.add`` and, for non-copies, ``StoryIndex.add``. Generating the documents is not
  timed (each document is generated before its clock starts). No store is written.
* Measured at checkpoints (1k, 2k, 5k, 10k, 20k, 50k, 100k, 200k, 500k, 1M up to
  ``--documents``): total timed seconds, documents per second over the last interval, resident
  memory (VmRSS, and the peak VmHWM) of the process, stories kept active by the index, stories
  created, copies found, signatures held by the copy finder and terms in the vocabulary.

Usage: python benchmarks/story_scale.py [--documents 100000] [--per-day 1000] [--json]
       [--cache DIR] [--profile]   (--profile: cProfile of the timed calls, top functions)
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import pstats
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

CHECKPOINTS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
START = date(2018, 1, 1)
VARIANTS = 16  # spellings of a word across repetitions
DROP = 0.03  # words dropped or replaced in each generated document
COPY_RATE = 0.05  # documents that re-publish a recent one
COPY_WINDOW = 500  # ... among the last this many generated
COPY_EDIT = 0.02  # words edited in a re-publication
FURNITURE = ("Read more:", "Share this article", "All rights reserved.", "Advertisement")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_CACHE = Path("/tmp/storyline-bench")


# --- the stream ---------------------------------------------------------------------------------


def seed_documents(cache: Path) -> list[Any]:
    """The analysed articles of the clustering benchmark's stores, in publication order."""
    from storyline.corpus.story_linking import story_documents
    from storyline.store.database import Store

    paths = sorted(cache.glob("clustering-*.db"))
    paths = [p for p in paths if not p.name.endswith(".partial.db")]
    if not paths:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import clustering

        articles = clustering.load_split(clustering.DEFAULT_DATA, "dev")
        paths = [clustering.analysed_store(articles, cache)[0]]
    documents = []
    for path in paths:
        with Store(path) as store:
            ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY rowid")]
            documents += story_documents(store, ids)
    return sorted(documents, key=lambda d: (d.day or START, d.id))


def _variant(word: str, k: int) -> str:
    if k == 0:
        return word
    digest = hashlib.blake2b(f"{word.casefold()}|{k}".encode(), digest_size=4).digest()
    n = int.from_bytes(digest, "little") % VARIANTS
    return word + "abcdefghijklmnop"[n] + "qrstuvwxyz"[n % 10]


def _spelled(cache: dict[str, str], k: int, match: re.Match[str]) -> str:
    word = match.group()
    if word not in cache:
        cache[word] = _variant(word, k)
    return cache[word]


def generate(seeds: Sequence[Any], count: int, per_day: int) -> Iterator[tuple[Any, bool]]:
    """``count`` documents (and whether each was made as a re-publication), lazily."""
    from storyline.corpus.stories import StoryDocument

    rng = random.Random(20240101)
    recent: list[Any] = []
    spelled: dict[str, str] = {}
    spelled_k = 0
    pool = [w for d in seeds[:50] for w in d.text.split()[:40]]  # replacement words
    for i in range(count):
        day = START + timedelta(days=i // per_day)
        if recent and rng.random() < COPY_RATE:
            original = rng.choice(recent[-COPY_WINDOW:])
            words = [
                rng.choice(pool) if rng.random() < COPY_EDIT else w for w in original.text.split()
            ]
            text = " ".join(words) + "\n" + rng.choice(FURNITURE)
            yield replace(original, id=f"gen-{i}", day=day, text=text), True
            continue
        seed = seeds[i % len(seeds)]
        k = i // len(seeds)
        words = []
        if k != spelled_k:
            spelled, spelled_k = {}, k
        text = _LONG_WORD.sub(partial(_spelled, spelled, k), seed.text)
        for word in text.split(" "):
            r = rng.random()
            if r < DROP / 2:
                continue
            words.append(rng.choice(pool) if r < DROP else word)
        words.append(f"ref{rng.getrandbits(40):x}")
        document = StoryDocument(
            id=f"gen-{i}",
            day=day,
            text=" ".join(words),
            entities=frozenset(f"{e}#{k}" for e in seed.entities),
            events=frozenset(f"{v}#{k}" for v in seed.events),
        )
        recent.append(document)
        if len(recent) > 2 * COPY_WINDOW:
            del recent[:COPY_WINDOW]
        yield document, False


# --- measuring ----------------------------------------------------------------------------------


def memory_mb() -> tuple[float, float]:
    """Resident memory now and at its peak, in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def run(documents: int, per_day: int, cache: Path, profile: bool) -> dict[str, Any]:
    from storyline.corpus.dedup import CopyFinder, signature
    from storyline.corpus.stories import ACTIVE_DAYS, SWEEP_EVERY, StoryIndex

    seeds = seed_documents(cache)
    copies, index = CopyFinder(), StoryIndex()
    story_of: dict[str, str] = {}
    created: set[str] = set()
    found = planted = 0
    checkpoints = [c for c in CHECKPOINTS if c < documents] + [documents]
    rows: list[dict[str, Any]] = []
    profiler = cProfile.Profile() if profile else None
    start_rss = memory_mb()[0]
    timed = last_timed = 0.0
    last_n = 0
    for n, (document, is_copy) in enumerate(generate(seeds, documents, per_day), 1):
        planted += is_copy
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        original = copies.add(document.id, signature(document.text))
        if original is not None and original in story_of:
            story = story_of[original]
            found += 1
        else:
            story = index.add(document)
            created.add(story)
        story_of[document.id] = story
        timed += time.perf_counter() - started
        if profiler:
            profiler.disable()
        if n == checkpoints[len(rows)]:
            rss, peak = memory_mb()
            rows.append({
                "documents": n, "seconds": round(timed, 2),
                "interval_docs_per_s": round((n - last_n) / (timed - last_timed), 1),
                "rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1),
                "active_stories": len(index.stories), "stories_created": len(created),
                "copies_found": found, "copies_planted": planted,
                "signatures": len(copies._signatures),
                "vocabulary_terms": len(index.vocabulary.frequencies),
                "last_day": document.day.isoformat(),
            })  # fmt: skip
            last_n, last_timed = n, timed
            print(_row(rows[-1]), file=sys.stderr, flush=True)
    result: dict[str, Any] = {
        "seed_documents": len(seeds), "documents": documents, "per_day": per_day,
        "active_days": ACTIVE_DAYS, "sweep_every": SWEEP_EVERY, "variants": VARIANTS,
        "copy_rate": COPY_RATE, "start_rss_mb": round(start_rss, 1), "checkpoints": rows,
    }  # fmt: skip
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        result["profile"] = out.getvalue()
    return result


# --- report -------------------------------------------------------------------------------------

_HEADER = (
    f"{'docs':>9} {'total s':>9} {'docs/s':>8} {'RSS MB':>8} {'peak MB':>8} {'active':>8} "
    f"{'stories':>8} {'copies':>7} {'planted':>7} {'vocab':>9} {'last day':>10}"
)


def _row(r: dict[str, Any]) -> str:
    return (
        f"{r['documents']:>9,} {r['seconds']:>9.1f} {r['interval_docs_per_s']:>8.0f} "
        f"{r['rss_mb']:>8.0f} {r['peak_rss_mb']:>8.0f} {r['active_stories']:>8,} "
        f"{r['stories_created']:>8,} {r['copies_found']:>7,} {r['copies_planted']:>7,} "
        f"{r['vocabulary_terms']:>9,} {r['last_day']:>10}"
    )


def report(result: dict[str, Any]) -> str:
    lines = [
        f"Story step at scale: {result['documents']:,} documents from "
        f"{result['seed_documents']} seeds, {result['per_day']:,} a day "
        f"(stories set aside after {result['active_days']} quiet days, swept every "
        f"{result['sweep_every']:,} documents); RSS before the stream "
        f"{result['start_rss_mb']:.0f} MB",
        _HEADER,
        *(_row(r) for r in result["checkpoints"]),
    ]
    if "profile" in result:
        lines.append(result["profile"])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=1_000)
    parser.add_argument("--cache", type=Path, default=_CACHE)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.documents, args.per_day, args.cache, args.profile)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

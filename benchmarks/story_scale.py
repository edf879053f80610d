"""How the corpus step scales: copies, stories, entities and events over 10k to 1M documents.

Method
------
* Seed documents: the articles of the clustering benchmark's dev split after ``storyline ingest``
  (the cached product run of ``benchmarks/clustering.py``, made if missing), read as the corpus
  step reads them: text, linked entities and events for stories (``story_documents``), the
  document entities the entity linker links (name, aliases, roles) and the event reports the
  event linker links (``read_reports``). 167 articles, in publication order.
* The stream: document ``i`` is repetition ``k = i // len(seeds)`` of seed ``i % len(seeds)``,
  dated ``START + i // --per-day`` (1,000 a day by default), so the corpus moves through time at
  a steady rate. Each repetition is a new set of stories and events, as new ones keep arriving in
  a real stream: the corpus entity and event ids of its stories and event reports get the suffix
  ``#k``, its reports' dates move with the document, and every word of four letters or more, in
  the text and in entity names and aliases, is replaced by one of ``VARIANTS`` spellings chosen
  by a hash of (word, k), the same within a repetition (so its articles still group as their
  originals did) and different across repetitions (so they share few terms and no 5-grams). The
  vocabulary, and the names the entity linker meets, stay bounded by ``VARIANTS`` times the
  seeds', like the open but slowly growing vocabulary of news. On top, ``DROP`` of the words are
  dropped or replaced at random (seeded) and a token unique to the document is appended.
* Re-publications: ``COPY_RATE`` of the documents are instead a near-copy of one of the last
  ``COPY_WINDOW`` generated documents (a few words edited, a line of site furniture added), which
  the copy finder should mark, and which join their original's story without clustering, as in
  ``link_stories``.
* Timed, each stage on its own, what the corpus step does per document in memory: *stories*,
  ``signature(text)``, ``CopyFinder.add`` and, for non-copies, ``StoryIndex.add``; *entities*,
  ``EntityIndex.link`` of each document entity; *events*, ``add_document`` (grouping the
  document's reports, ``EventIndex.link``) and, every ``DOCUMENTS_PER_TRANSACTION`` documents as
  ``link_events`` does, ``consolidate``, ``summarise`` of each touched event (from the reports
  of the chunk: the product reads all its stored reports, store I/O this does not measure),
  ``settle`` and ``set_aside``. Generating the documents is not timed. No store is written.
* Measured at checkpoints (1k, 2k, 5k, 10k, 20k, 50k, 100k, 200k, 500k, 1M up to
  ``--documents``): total and per-stage timed seconds, documents per second over the last
  interval, resident memory (VmRSS, and the peak VmHWM) of the process, stories kept active,
  stories created, copies found, corpus entities, events held by the index and the largest.

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
from dataclasses import dataclass, replace
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


@dataclass(frozen=True, slots=True)
class Seed:
    """One analysed article: what the story step, the entity linker and the event linker read."""

    story: Any  # StoryDocument
    entities: tuple[Any, ...]  # DocEntity, as the entity linker reads them
    reports: tuple[Any, ...]  # Report, participants as the seed store's corpus entities
    names: dict[str, str]  # corpus entity -> its name, for event titles


def seed_documents(cache: Path) -> list[Seed]:
    """The analysed articles of the clustering benchmark's dev split (``storyline ingest`` of
    the split as JSON Lines, cached in ``cache``), in publication order."""
    from storyline.corpus.event_linking import read_reports
    from storyline.corpus.story_linking import story_documents
    from storyline.store.database import Store

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import clustering

    articles = clustering.load_split(clustering.DEFAULT_DATA, "dev")
    with Store(clustering.split_run(articles, cache).db) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY rowid")]
        identities = store.entity_identities()
        by_document: dict[str, list[Any]] = {}
        for identity in identities:
            for entity in store.doc_entities_linked_to(identity.id):
                by_document.setdefault(entity.document_id, []).append(entity)
        reports = read_reports(store, ids)
        stories = story_documents(store, ids)
    names = {i.id: i.name for i in identities}
    seeds = [
        Seed(
            story,
            tuple(sorted(by_document.get(story.id, []), key=lambda e: e.key)),
            tuple(reports.get(story.id, [])),
            names,
        )
        for story in stories
    ]
    return sorted(seeds, key=lambda s: (s.story.day or START, s.story.id))


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


@dataclass(frozen=True, slots=True)
class Generated:
    """One document of the stream, as each stage of the corpus step reads it."""

    story: Any  # StoryDocument
    entities: list[Any]  # DocEntity
    reports: list[Any]  # Report
    names: dict[str, str]  # its corpus entities' names
    copy: bool  # made as a re-publication of a recent document


def generate(seeds: Sequence[Seed], count: int, per_day: int) -> Iterator[Generated]:
    """``count`` documents, lazily."""
    rng = random.Random(20240101)
    recent: list[Generated] = []
    spelled: dict[str, str] = {}
    identities: dict[str, str] = {}  # a seed's corpus entity -> the repetition's
    spelled_k = 0
    pool = [w for d in seeds[:50] for w in d.story.text.split()[:40]]  # replacement words
    for i in range(count):
        day = START + timedelta(days=i // per_day)
        document_id = f"gen-{i}"
        if recent and rng.random() < COPY_RATE:
            original = rng.choice(recent[-COPY_WINDOW:])
            words = [
                rng.choice(pool) if rng.random() < COPY_EDIT else w
                for w in original.story.text.split()
            ]
            text = " ".join(words) + "\n" + rng.choice(FURNITURE)
            yield Generated(
                replace(original.story, id=document_id, day=day, text=text),
                [replace(e, document_id=document_id) for e in original.entities],
                [replace(r, document=document_id) for r in original.reports],
                original.names,
                copy=True,
            )
            continue
        seed = seeds[i % len(seeds)]
        k = i // len(seeds)
        if k != spelled_k:
            spelled, identities, spelled_k = {}, {}, k
        respell = partial(_LONG_WORD.sub, partial(_spelled, spelled, k))
        words = []
        for word in respell(seed.story.text).split(" "):
            r = rng.random()
            if r < DROP / 2:
                continue
            words.append(rng.choice(pool) if r < DROP else word)
        words.append(f"ref{rng.getrandbits(40):x}")
        story = replace(
            seed.story,
            id=document_id,
            day=day,
            text=" ".join(words),
            entities=frozenset(f"{e}#{k}" for e in seed.story.entities),
            events=frozenset(f"{v}#{k}" for v in seed.story.events),
        )
        entities = [
            replace(
                e,
                document_id=document_id,
                name=respell(e.name),
                aliases=tuple(respell(a) for a in e.aliases),
            )
            for e in seed.entities
        ]
        own = partial(_own_identity, identities, k)
        shift = day - (seed.story.day or day)
        told = frozenset(own(i) for i in {i for r in seed.reports for i in r.names})
        reports = [_report_of_repetition(r, document_id, own, told, shift) for r in seed.reports]
        names = {own(i): respell(seed.names[i]) for i in _told_of(seed.reports) if i in seed.names}
        document = Generated(story, entities, reports, names, copy=False)
        recent.append(document)
        if len(recent) > 2 * COPY_WINDOW:
            del recent[:COPY_WINDOW]
        yield document


def _own_identity(identities: dict[str, str], k: int, identity: str) -> str:
    """A corpus entity of repetition ``k`` (one string for each, as the store reads them)."""
    if identity not in identities:
        identities[identity] = f"{identity}#{k}"
    return identities[identity]


def _told_of(reports: Sequence[Any]) -> set[str]:
    return {i for r in reports for i in (*r.persons, *r.actors, r.location) if i}


def _report_of_repetition(
    report: Any, document_id: str, own: Any, names: frozenset[str], shift: timedelta
) -> Any:
    """A seed's event report in a generated document: its entities those of the repetition,
    its date moved as far as the document was."""
    return replace(
        report,
        document=document_id,
        persons=frozenset(map(own, report.persons)),
        actors=frozenset(map(own, report.actors)),
        location=own(report.location) if report.location else None,
        roles=tuple((own(i), role) for i, role in report.roles),
        places=frozenset(map(own, report.places)),
        names=names,
        nationalities=frozenset(map(own, report.nationalities)),
        date=_shifted(report.date, shift),
    )


def _shifted(value: str | None, shift: timedelta) -> str | None:
    """A TIMEX3 value moved by ``shift``: days, months and years; others (weeks, seasons,
    unresolved) are dropped."""
    if not value or not shift:
        return value
    try:
        if len(value) == 10:
            return (date.fromisoformat(value) + shift).isoformat()
        if len(value) == 7:
            return (date.fromisoformat(value + "-15") + shift).isoformat()[:7]
        if len(value) == 4:
            return str((date(int(value), 7, 1) + shift).year)
    except ValueError:
        return None
    return None


# --- measuring ----------------------------------------------------------------------------------


def memory_mb() -> tuple[float, float]:
    """Resident memory now and at its peak, in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


class CorpusStep:
    """What ``link`` does per document in memory, each stage timed on its own."""

    def __init__(self, per_day: int) -> None:
        from storyline.corpus.dedup import CopyFinder
        from storyline.corpus.entities import EntityIndex
        from storyline.corpus.events import EventIndex
        from storyline.corpus.stories import StoryIndex

        self.per_day = per_day
        self.copies, self.stories = CopyFinder(), StoryIndex()
        self.entities, self.events = EntityIndex(), EventIndex()
        self.story_of: dict[str, str] = {}
        self.created: set[str] = set()
        self.found = 0
        self.seconds = {"stories": 0.0, "entities": 0.0, "events": 0.0}
        self.touched: set[str] = set()
        self.pending_names: dict[str, str] = {}
        self.largest_event = 0
        self.last_day: date | None = None

    def add(self, document: Generated) -> None:
        from storyline.corpus.dedup import signature
        from storyline.corpus.events import Reporting
        from storyline.corpus.timeline import add_document

        started = time.perf_counter()
        original = self.copies.add(document.story.id, signature(document.story.text))
        if original is not None and original in self.story_of:
            story = self.story_of[original]
            self.found += 1
        else:
            story = self.stories.add(document.story)
            self.created.add(story)
        self.story_of[document.story.id] = story
        linked = time.perf_counter()
        for e in document.entities:
            self.entities.link(e.label, e.name, e.aliases, e.roles)
        evented = time.perf_counter()
        reporting = Reporting(published=document.story.day)
        self.touched.update(c.id for c in add_document(self.events, document.reports, reporting))
        self.pending_names.update(document.names)
        self.last_day = document.story.day
        done = time.perf_counter()
        self.seconds["stories"] += linked - started
        self.seconds["entities"] += evented - linked
        self.seconds["events"] += done - evented

    def end_chunk(self) -> None:
        """What ``link_events`` does after each chunk: merge the events the chunk touched that
        now agree, and summarise each touched event from all its reports."""
        from storyline.corpus.events import summarise

        started = time.perf_counter()
        merged = self.events.consolidate(self.touched)
        touched = {merged.get(e, e) for e in self.touched}
        for event_id in touched:
            cluster = self.events.clusters[event_id]
            reporting = {r.document: self._reporting(r.document) for r in cluster.reports}
            summarise(cluster, reporting, self.pending_names)
            self.largest_event = max(self.largest_event, cluster.size)
        self.events.settle(touched)
        self.touched.clear()
        self.pending_names.clear()
        if self.last_day is not None:
            self.events.set_aside(self.last_day)
        self.seconds["events"] += time.perf_counter() - started

    def _reporting(self, document_id: str) -> Any:
        from storyline.corpus.events import Reporting

        number = int(document_id.removeprefix("gen-"))
        return Reporting(published=START + timedelta(days=number // self.per_day))

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def run(documents: int, per_day: int, cache: Path, profile: bool) -> dict[str, Any]:
    from storyline.corpus.event_linking import DOCUMENTS_PER_TRANSACTION
    from storyline.corpus.stories import ACTIVE_DAYS, SWEEP_EVERY

    seeds = seed_documents(cache)
    step = CorpusStep(per_day)
    planted = 0
    checkpoints = [c for c in CHECKPOINTS if c < documents] + [documents]
    rows: list[dict[str, Any]] = []
    profiler = cProfile.Profile() if profile else None
    start_rss = memory_mb()[0]
    last_timed = 0.0
    last_n = 0
    for n, document in enumerate(generate(seeds, documents, per_day), 1):
        planted += document.copy
        if profiler:
            profiler.enable()
        step.add(document)
        if n % DOCUMENTS_PER_TRANSACTION == 0 or n == documents:
            step.end_chunk()
        if profiler:
            profiler.disable()
        if n == checkpoints[len(rows)]:
            rss, peak = memory_mb()
            timed = step.total
            rows.append({
                "documents": n, "seconds": round(timed, 2),
                "stage_seconds": {k: round(v, 2) for k, v in step.seconds.items()},
                "interval_docs_per_s": round((n - last_n) / (timed - last_timed), 1),
                "rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1),
                "active_stories": len(step.stories.stories), "stories_created": len(step.created),
                "copies_found": step.found, "copies_planted": planted,
                "signatures": len(step.copies._signatures),
                "vocabulary_terms": len(step.stories.vocabulary.frequencies),
                "entities": len(step.entities.by_id), "events": len(step.events.clusters),
                "largest_event": step.largest_event,
                "last_day": document.story.day.isoformat(),
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
    f"{'docs':>9} {'total s':>9} {'stories':>8} {'entities':>8} {'events':>8} {'docs/s':>8} "
    f"{'RSS MB':>8} {'peak MB':>8} {'active':>8} {'stories':>8} {'copies':>7} {'planted':>7} "
    f"{'entities':>9} {'events':>9} {'largest':>7} {'last day':>10}"
)


def _row(r: dict[str, Any]) -> str:
    stage = r["stage_seconds"]
    return (
        f"{r['documents']:>9,} {r['seconds']:>9.1f} {stage['stories']:>8.1f} "
        f"{stage['entities']:>8.1f} {stage['events']:>8.1f} {r['interval_docs_per_s']:>8.0f} "
        f"{r['rss_mb']:>8.0f} {r['peak_rss_mb']:>8.0f} {r['active_stories']:>8,} "
        f"{r['stories_created']:>8,} {r['copies_found']:>7,} {r['copies_planted']:>7,} "
        f"{r['entities']:>9,} {r['events']:>9,} {r['largest_event']:>7,} {r['last_day']:>10}"
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

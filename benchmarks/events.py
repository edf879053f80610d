"""Events through the product, scored against an exhaustive article-level gold set; their cost.

Gold: ``benchmarks/data/events/{dev,test}.jsonl`` (see ``benchmarks/data/events/PROTOCOL.md``):
whole articles of ``../shared/benchmarks/clustering/`` with every event they report, each with all
its mentions (offsets into the article's raw ``text``), kind, participants and roles, place, date,
status and whether the article is about it. An event id names one real happening across the
articles of its cluster.

Only the labelled articles go through the product, as a user would have them: JSON Lines with the
metadata the set has (``text``, ``title``, ``published`` = the day of ``date``, ``url``,
``outlet`` = source; as ``clustering.py`` writes them), ``storyline ingest`` into a fresh store,
``storyline export`` (cached by content and code version, see ``product.py``; ``--no-cache`` to
run afresh). Each exported ``event`` record's mentions are carried from ``body`` back into the raw
text (``BodyMap``). An event is on the default timeline unless its record says
``"background": true``.

A gold event is an (article, gold id) pair. Each product mention goes to at most one gold event of
its article: the one with the largest character overlap with one of its mentions. Scored:

* detection, over all exported events, over those on the default timeline, and over the
  document records' event reports (linked to an event or not: what the corpus step was given):
  recall of the gold events the article is about and of all gold events (found: some product
  mention goes to it); event precision (a product event with a mention in a labelled article is
  right when one of them overlaps a gold mention); mention precision and recall; entries per real
  event (for each gold id found, how many product events have mentions that go to it; goal
  <= 1.2) and the reverse, real events per right product event (merged happenings);
* of the found gold events, each with the product event that has most of its mentions (over all
  exported events): participants (entity ids named through the exported ``entity`` records, name
  and aliases; a gold name matches when, lowercased and without honorifics, one's words are all
  among the other's: "Mr Xi" / "Xi Jinping"; P / R / F1, role accuracy when the record has
  roles), place (the same name test; none counts as wrong), date (right when the product's days
  lie inside the gold value's; none counts as wrong), status as this article tells it (the
  trajectory step of this article, else the event's status; with the always-"happened" baseline,
  macro-F1 over the gold statuses and the confusion), kind (exact, and with meeting / talks /
  summit / call as one family).

Cost (component): the labelled articles' raw text is parsed once with the whole spaCy pipeline;
then the event component alone runs again over the parsed documents (best of three). "Time added"
is its time over the rest of the pipeline's, per document (goal: at most 15 %).

Usage: python benchmarks/events.py [--split dev|test] [--gold FILE] [--articles FILE]
                                   [--cache DIR] [--no-cache] [--no-cost] [--json]
       python benchmarks/events.py --errors      (dev only: what was missed and wrongly found)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from clustering import user_record
from product import BodyMap, Exported, code_version, product_run

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "benchmarks" / "data" / "events"
ARTICLES_DIR = ROOT.parent / "shared" / "benchmarks" / "clustering"
MEETINGS = frozenset({"meeting", "talks", "summit", "call"})
HONORIFICS = frozenset("mr mrs ms miss dr sir prof rev gen president the".split())
GOAL_ADDED = 0.15
GOAL_ENTRIES = 1.2
WORST = 5

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event of one article."""

    article: str
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def spans(self) -> list[Span]:
        return [(m["start"], m["end"]) for m in self.record["mentions"]]


@dataclass(frozen=True, slots=True)
class ProductEvent:
    """One exported event, its mentions carried into the raw text of the labelled articles."""

    record: dict[str, Any]
    mentions: tuple[tuple[str, int, int], ...]  # (article, start, end)
    unmapped: int  # mentions in a labelled article's body that are not in its raw text

    @property
    def background(self) -> bool:
        return bool(self.record.get("background", False))


@dataclass(frozen=True, slots=True)
class Link:
    """A product mention that went to a gold event."""

    product: int
    mention: int
    gold: int
    overlap: int


# --- data ---------------------------------------------------------------------------------------


def load_gold(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise SystemExit(f"{path}: no gold file (still being labelled? pass --gold FILE)")
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def load_articles(path: Path, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The labelled articles of ``path``, by id, in the file's order."""
    wanted = set(wanted)
    articles = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                articles[article["id"]] = article
    missing = wanted - set(articles)
    if missing:
        raise SystemExit(f"{path}: {len(missing)} labelled articles not found")
    return articles


def exported(articles: Mapping[str, dict[str, Any]], cache: Path | None) -> Exported:
    """The labelled articles through ``storyline ingest`` and ``storyline export``."""
    items = [(key, user_record(article)) for key, article in articles.items()]
    if cache is not None:
        return product_run(items, cache, "events").exported
    with tempfile.TemporaryDirectory(prefix="storyline-events-") as scratch:
        return product_run(items, Path(scratch), "events").exported


def product_events(done: Exported, articles: Mapping[str, dict[str, Any]]) -> list[ProductEvent]:
    """Every exported event, with its mentions in the labelled articles' raw text."""
    article_of = {record["id"]: key for key, record in done.documents.items()}
    maps = {
        key: BodyMap(record["body"] or "", articles[key]["text"])
        for key, record in done.documents.items()
    }
    events = []
    for record in done.of_type("event"):
        mentions, unmapped = [], 0
        for mention in record["mentions"]:
            article = article_of.get(mention["document"])
            if article is None:
                continue
            span = maps[article].span(mention["start"], mention["end"])
            if span is None:
                unmapped += 1
            else:
                mentions.append((article, *span))
        events.append(ProductEvent(record, tuple(mentions), unmapped))
    return events


def report_events(done: Exported, articles: Mapping[str, dict[str, Any]]) -> list[ProductEvent]:
    """The event reports of the document records, linked to a corpus event or not: those linked
    to one event together, each unlinked one an event of its own (what the corpus step had)."""
    grouped: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    unmapped: Counter[str] = Counter()
    for article, record in done.documents.items():
        body = BodyMap(record["body"] or "", articles[article]["text"])
        for n, item in enumerate(record.get("events", [])):
            key = item.get("event") or f"{record['id']}:{n}"
            span = body.span(item["start"], item["end"])
            if span is None:
                unmapped[key] += 1
            else:
                grouped[key].append((article, *span))
    return [
        ProductEvent({"title": key}, tuple(grouped[key]), unmapped[key])
        for key in sorted(set(grouped) | set(unmapped))
    ]


def entity_names(done: Exported) -> dict[str, list[str]]:
    """Each exported entity's names: its name, then its aliases."""
    return {e["id"]: [e["name"], *(e.get("aliases") or [])] for e in done.of_type("entity")}


# --- matching -----------------------------------------------------------------------------------


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def link_mentions(golds: Sequence[GoldEvent], products: Sequence[ProductEvent]) -> list[Link]:
    """Each product mention to the gold event of its article it overlaps most (if any)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, gold in enumerate(golds):
        by_article[gold.article].append(index)
    links = []
    for pi, event in enumerate(products):
        for mi, (article, start, end) in enumerate(event.mentions):
            best, size = -1, 0
            for gi in by_article.get(article, []):
                here = max(overlap((start, end), span) for span in golds[gi].spans)
                if here > size:
                    best, size = gi, here
            if best >= 0:
                links.append(Link(pi, mi, best, size))
    return links


def best_events(links: Iterable[Link]) -> dict[int, int]:
    """For each found gold event, the product event with the most overlap with it."""
    weight: Counter[tuple[int, int]] = Counter()
    for link in links:
        weight[(link.gold, link.product)] += link.overlap
    best: dict[int, int] = {}
    for gi, pi in sorted(weight, key=lambda pair: -weight[pair]):
        best.setdefault(gi, pi)
    return best


# --- detection ----------------------------------------------------------------------------------


def detection(
    golds: Sequence[GoldEvent],
    products: Sequence[ProductEvent],
    links: Sequence[Link],
    keep: Callable[[ProductEvent], bool],
) -> dict[str, Any]:
    """Recall, precision and entries per real event over the product events ``keep`` takes."""
    kept = {i for i, event in enumerate(products) if keep(event) and event.mentions}
    links = [link for link in links if link.product in kept]
    found = {link.gold for link in links}
    about = [i for i, gold in enumerate(golds) if gold.record["about"]]
    right = {link.product for link in links}
    mentions = sum(len(products[i].mentions) for i in kept)
    return {
        "events": len(kept),
        "found": len(found),
        "recall_about": _share(sum(i in found for i in about), len(about)),
        "recall_all": _share(len(found), len(golds)),
        "precision": _share(len(right), len(kept)),
        "mention_precision": _share(len({(x.product, x.mention) for x in links}), mentions),
        "mention_recall": _mention_recall(golds, products, kept),
        **_entries(golds, links),
    }


def _mention_recall(
    golds: Sequence[GoldEvent], products: Sequence[ProductEvent], kept: set[int]
) -> float:
    spans: dict[str, list[Span]] = defaultdict(list)
    for i in kept:
        for article, start, end in products[i].mentions:
            spans[article].append((start, end))
    total = hit = 0
    for gold in golds:
        for span in gold.spans:
            total += 1
            hit += any(overlap(span, other) for other in spans[gold.article])
    return _share(hit, total)


def _entries(golds: Sequence[GoldEvent], links: Sequence[Link]) -> dict[str, Any]:
    """How many product events each found real event (gold id) is split into."""
    entries: dict[str, set[int]] = defaultdict(set)
    for link in links:
        entries[golds[link.gold].id].add(link.product)
    counts = sorted(((len(e), real) for real, e in entries.items()), key=lambda x: (-x[0], x[1]))
    real_of: dict[int, set[str]] = defaultdict(set)
    for link in links:
        real_of[link.product].add(golds[link.gold].id)
    return {
        "real_events_found": len(counts),
        "entries_per_real_event": _share(sum(n for n, _ in counts), len(counts)),
        "worst_split": [[real, n] for n, real in counts[:WORST] if n > 1],
        "real_events_per_entry": _share(sum(len(r) for r in real_of.values()), len(real_of)),
    }


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


# --- attributes ---------------------------------------------------------------------------------


def tokens(name: str) -> list[str]:
    """A name's lowercased word tokens without honorifics ("Mr. Xi's" -> ["xi"])."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", name.lower()))
    return [w for w in words if w not in HONORIFICS] or words


def same_name(a: str, b: str) -> bool:
    """Equal once normalised, or one's tokens all among the other's ("Xi" / "Xi Jinping")."""
    ta, tb = set(tokens(a)), set(tokens(b))
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def participants(
    golds: Sequence[GoldEvent],
    products: Sequence[ProductEvent],
    best: Mapping[int, int],
    names: Mapping[str, list[str]],
) -> dict[str, Any]:
    """Participant P / R / F1 over found gold events with participants, and role accuracy."""
    gold_n = product_n = matched = roles = role_right = 0
    for gi, pi in best.items():
        wanted = golds[gi].record.get("participants") or []
        if not wanted:
            continue
        record = products[pi].record
        have = list(record.get("participants") or [])
        pairs = _pair_names([p["name"] for p in wanted], have, names)
        role_of = event_roles(record)
        gold_n, product_n, matched = (
            gold_n + len(wanted),
            product_n + len(have),
            matched + len(pairs),
        )
        for g, entity in pairs:
            if entity in role_of:
                roles += 1
                role_right += role_of[entity] == wanted[g]["role"]
    p, r = _share(matched, product_n), _share(matched, gold_n)
    return {
        "gold": gold_n, "product": product_n, "matched": matched, "precision": p, "recall": r,
        "f1": _share(2 * p * r, p + r), "with_role": roles,
        "role_accuracy": _share(role_right, roles),
    }  # fmt: skip


def _pair_names(
    wanted: Sequence[str], have: Sequence[str], names: Mapping[str, list[str]]
) -> list[tuple[int, str]]:
    """Gold participants paired one-to-one with product entities: exact names first."""
    pairs: list[tuple[int, str]] = []
    free = list(have)
    for test in (lambda a, b: tokens(a) == tokens(b), same_name):
        for g, name in enumerate(wanted):
            if any(g == done for done, _ in pairs):
                continue
            for entity in free:
                if any(test(name, alias) for alias in names.get(entity, [entity])):
                    pairs.append((g, entity))
                    free.remove(entity)
                    break
    return pairs


def event_roles(record: Mapping[str, Any]) -> dict[str, str]:
    """The record's roles by entity id: ``{"id": "agent"}``, ``[{"entity", "role"}]`` or pairs."""
    roles = record.get("roles") or {}
    if isinstance(roles, Mapping):
        return {str(k): str(v) for k, v in roles.items()}
    out = {}
    for item in roles:
        if isinstance(item, Mapping):
            out[str(item.get("entity"))] = str(item.get("role"))
        elif isinstance(item, Sequence) and len(item) == 2:
            out[str(item[0])] = str(item[1])
    return out


def places(
    golds: Sequence[GoldEvent], products: Sequence[ProductEvent], best: Mapping[int, int]
) -> dict[str, Any]:
    right = total = missing = unplaced = wrong = 0
    for gi, pi in best.items():
        gold, location = golds[gi].record.get("place"), products[pi].record.get("location")
        if gold is None:
            unplaced += 1
            wrong += bool(location)
            continue
        total += 1
        missing += not location
        right += bool(location) and same_name(gold, str(location))
    return {
        "with_place": total, "accuracy": _share(right, total), "none": _share(missing, total),
        "without_place": unplaced, "placed_anyway": _share(wrong, unplaced),
    }  # fmt: skip


def gold_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The days a TIMEX3 date value names (day, month, year, ISO week, quarter; ``a/b``; a
    time of day is its day)."""
    value = re.sub(r"^(\d{4}-\d\d-\d\d)T.*", r"\1", value)
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = gold_interval(first), gold_interval(last)
        return (a[0], b[1]) if a and b else None
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if re.fullmatch(r"\d{4}-\d\d", value):
            start = dt.date.fromisoformat(value + "-01")
            return start, _next_month(start) - dt.timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if match := re.fullmatch(r"(\d{4})-W(\d\d)", value):
            start = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return start, start + dt.timedelta(days=6)
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            start = dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)
            return start, _next_month(_next_month(_next_month(start))) - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def product_interval(record: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The product event's days, or None when it has no date (or only "over by")."""
    when = record.get("date")
    if not when or not when.get("value") or not when.get("start") or not when.get("end"):
        return None
    return dt.date.fromisoformat(when["start"][:10]), dt.date.fromisoformat(when["end"][:10])


def dates(
    golds: Sequence[GoldEvent], products: Sequence[ProductEvent], best: Mapping[int, int]
) -> dict[str, Any]:
    right = total = missing = unparsed = undated_dated = undated = 0
    for gi, pi in best.items():
        value, got = golds[gi].record.get("date"), product_interval(products[pi].record)
        if value is None:
            undated += 1
            undated_dated += got is not None
            continue
        interval = gold_interval(value)
        if interval is None:
            unparsed += 1
            continue
        total += 1
        missing += got is None
        right += got is not None and _within(got, interval)
    return {
        "with_date": total, "accuracy": _share(right, total), "none": _share(missing, total),
        "unparsed_gold": unparsed, "without_date": undated,
        "dated_anyway": _share(undated_dated, undated),
    }  # fmt: skip


def _within(got: tuple[dt.date, dt.date], gold: tuple[dt.date, dt.date]) -> bool:
    inside = gold[0] <= got[0] <= gold[1] and gold[0] <= got[1] <= gold[1]
    return inside and (got[1] - got[0]) <= (gold[1] - gold[0])


def article_status(
    event: ProductEvent, document: str | None, spans: Sequence[Span], body: BodyMap | None
) -> tuple[str, str | None]:
    """The status this article gives the event (and its cue): its trajectory step here, the one
    at a gold mention first; else the event's status."""
    steps = [s for s in event.record.get("trajectory", []) if s.get("document") == document]
    for step in steps:
        if body is not None and step.get("start") is not None and step.get("end") is not None:
            span = body.span(step["start"], step["end"])
            if span and any(overlap(span, gold) for gold in spans):
                return step["status"], step.get("cue")
    if steps:
        return steps[0]["status"], steps[0].get("cue")
    return event.record["status"], None


def statuses(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, the always-"happened" baseline, macro-F1 over gold statuses, confusion."""
    f1s = []
    for status in sorted({g for g, _ in pairs}):
        tp = sum(g == p == status for g, p in pairs)
        precision = _share(tp, sum(p == status for _, p in pairs))
        recall = _share(tp, sum(g == status for g, _ in pairs))
        f1s.append(_share(2 * precision * recall, precision + recall))
    confusion = Counter(f"{g}->{p}" for g, p in pairs)
    return {
        "pairs": len(pairs),
        "accuracy": _share(sum(g == p for g, p in pairs), len(pairs)),
        "happened_baseline": _share(sum(g == "happened" for g, _ in pairs), len(pairs)),
        "macro_f1": _share(sum(f1s), len(f1s)),
        "confusion": dict(sorted(confusion.items(), key=lambda item: -item[1])),
    }


def kinds(
    golds: Sequence[GoldEvent], products: Sequence[ProductEvent], best: Mapping[int, int]
) -> dict[str, Any]:
    pairs = [(golds[gi].record["kind"], products[pi].record["kind"]) for gi, pi in best.items()]
    family = [(_family(g), _family(p)) for g, p in pairs]
    confusion = Counter(f"{g}->{p}" for g, p in pairs if g != p)
    return {
        "pairs": len(pairs),
        "exact": _share(sum(g == p for g, p in pairs), len(pairs)),
        "family": _share(sum(g == p for g, p in family), len(family)),
        "confused": dict(confusion.most_common(10)),
    }


def _family(kind: str) -> str:
    return "meeting" if kind in MEETINGS else kind


# --- run ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    result: dict[str, Any]
    errors: list[str]


def gold_events(gold: Sequence[dict[str, Any]]) -> list[GoldEvent]:
    return [GoldEvent(labelled["doc"], event) for labelled in gold for event in labelled["events"]]


def score(
    gold: Sequence[dict[str, Any]], articles: Mapping[str, dict[str, Any]], done: Exported
) -> Scored:
    golds, products = gold_events(gold), product_events(done, articles)
    links = link_mentions(golds, products)
    best = best_events(links)
    maps = {k: BodyMap(r["body"] or "", articles[k]["text"]) for k, r in done.documents.items()}
    status_pairs, cues = _status_pairs(golds, products, best, done, maps)
    result = {
        "articles": len(articles),
        "labelled_without_document": len(set(articles) - set(done.documents)),
        "gold_events": len(golds), "gold_about": sum(g.record["about"] for g in golds),
        "real_events": len({g.id for g in golds}), "product_events": len(products),
        "background_events": sum(p.background for p in products),
        "unmapped_mentions": sum(p.unmapped for p in products),
        "all": detection(golds, products, links, lambda _: True),
        "timeline": detection(golds, products, links, lambda p: not p.background),
        "reports": _reports(golds, done, articles),
        "participants": participants(golds, products, best, entity_names(done)),
        "place": places(golds, products, best), "date": dates(golds, products, best),
        "status": statuses(status_pairs), "kind": kinds(golds, products, best),
        "ingest_seconds": done.ingest_seconds, "code_version": code_version(),
    }  # fmt: skip
    return Scored(result, _errors(golds, products, links, best, articles, status_pairs, cues))


def _reports(
    golds: Sequence[GoldEvent], done: Exported, articles: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    reports = report_events(done, articles)
    return detection(golds, reports, link_mentions(golds, reports), lambda _: True)


def _status_pairs(
    golds: Sequence[GoldEvent],
    products: Sequence[ProductEvent],
    best: Mapping[int, int],
    done: Exported,
    maps: Mapping[str, BodyMap],
) -> tuple[list[tuple[str, str]], list[str | None]]:
    pairs, cues = [], []
    for gi, pi in sorted(best.items()):
        gold = golds[gi]
        document = done.documents.get(gold.article, {}).get("id")
        status, cue = article_status(products[pi], document, gold.spans, maps.get(gold.article))
        pairs.append((gold.record["status"], status))
        cues.append(cue)
    return pairs, cues


def _errors(
    golds: Sequence[GoldEvent],
    products: Sequence[ProductEvent],
    links: Sequence[Link],
    best: Mapping[int, int],
    articles: Mapping[str, dict[str, Any]],
    status_pairs: Sequence[tuple[str, str]],
    cues: Sequence[str | None],
) -> list[str]:
    """What a developer looks at on dev: missed about-events, false positives, wrong statuses."""
    lines = ["missed events the article is about:"]
    for gi, gold in enumerate(golds):
        if gold.record["about"] and gi not in best:
            first = gold.record["mentions"][0]
            sentence = articles[gold.article]["text"][
                first["sentence_start"] : first["sentence_end"]
            ]
            triggers = ", ".join(m["trigger"] for m in gold.record["mentions"])
            lines.append(f"  {gold.article[:10]} {gold.id} [{triggers}]: {_one_line(sentence)}")
    lines.append("product events with no mention on a gold event:")
    right = {link.product for link in links}
    for pi, event in enumerate(products):
        if event.mentions and pi not in right:
            said = ", ".join(f"{a[:10]}:{articles[a]['text'][s:e]}" for a, s, e in event.mentions)
            flag = " (background)" if event.background else ""
            lines.append(f"  {event.record['title']!r}{flag} [{said}]")
    lines.append("status mismatches (gold -> product, cue):")
    for (gi, _), (want, got), cue in zip(sorted(best.items()), status_pairs, cues, strict=True):
        if want != got:
            gold = golds[gi]
            trigger = gold.record["mentions"][0]["trigger"]
            lines.append(
                f"  {gold.article[:10]} {gold.id} {trigger!r}: {want} -> {got} (cue {cue!r})"
            )
    lines.append("place and date mismatches (gold -> product):")
    for gi, pi in sorted(best.items()):
        gold, record = golds[gi], products[pi].record
        place, location = gold.record.get("place"), record.get("location")
        if place and not (location and same_name(place, str(location))):
            lines.append(f"  {gold.article[:10]} {gold.id} place: {place} -> {location}")
        value, got = gold.record.get("date"), product_interval(record)
        interval = gold_interval(value) if value else None
        if interval and not (got and _within(got, interval)):
            shown = (record.get("date") or {}).get("value")
            lines.append(f"  {gold.article[:10]} {gold.id} date: {value} -> {shown}")
    return lines


def _one_line(text: str, most: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 3] + "..."


def component(articles: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The event component's time over the rest of the spaCy pipeline's, per document."""
    from storyline.analyse.model import load_pipeline

    nlp = load_pipeline()
    texts = [article["text"] for article in articles.values()]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    pipeline_seconds = time.perf_counter() - started
    events = nlp.get_pipe("storyline_events")
    seconds = min(_timed(lambda: [events(doc) for doc in docs]) for _ in range(3))
    rest = pipeline_seconds - seconds
    return {
        "documents": len(docs),
        "pipeline_ms_per_doc": 1000 * pipeline_seconds / len(docs),
        "events_ms_per_doc": 1000 * seconds / len(docs),
        "time_added": seconds / rest if rest > 0 else None,
    }


def _timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- report -------------------------------------------------------------------------------------


def report(result: dict[str, Any]) -> str:
    lines = [
        f"events {result['split']}: {result['articles']} articles, {result['gold_events']} gold "
        f"events ({result['gold_about']} about, {result['real_events']} real events); "
        f"{result['product_events']} product events ({result['background_events']} background), "
        f"ingest -> export {result['ingest_seconds']:.0f} s; "
        f"{result['unmapped_mentions']} mentions not in the raw text, "
        f"{result['labelled_without_document']} articles without a document",
        f"  {'':10}{'R about':>9}{'R all':>8}{'P event':>9}{'P ment.':>9}{'R ment.':>9}"
        f"{'entries':>9}{'real/ent':>10}",
        *(_detection_row(name, result[name]) for name in ("all", "timeline", "reports")),
        "  (reports: the document records' event reports, linked to an event or not)",
    ]
    for name in ("all", "timeline"):
        worst = ", ".join(f"{real} {n}" for real, n in result[name]["worst_split"]) or "none"
        lines.append(f"  most split ({name}): {worst}")
    lines += _attribute_rows(result)
    cost = result.get("component")
    if cost:
        added = cost["time_added"]
        verdict = "meets" if added is not None and added <= GOAL_ADDED else "misses"
        lines.append(
            f"cost (component): pipeline {cost['pipeline_ms_per_doc']:.1f} ms/doc, events "
            f"{cost['events_ms_per_doc']:.2f} ms/doc, time added "
            f"{'n/a' if added is None else f'{added:.1%}'} ({verdict} the {GOAL_ADDED:.0%} goal)"
        )
    return "\n".join(lines)


def _detection_row(name: str, d: dict[str, Any]) -> str:
    flag = "" if d["entries_per_real_event"] <= GOAL_ENTRIES else "*"
    return (
        f"  {name:10}{d['recall_about']:9.3f}{d['recall_all']:8.3f}{d['precision']:9.3f}"
        f"{d['mention_precision']:9.3f}{d['mention_recall']:9.3f}"
        f"{d['entries_per_real_event']:8.2f}{flag:1}{d['real_events_per_entry']:10.2f}"
        f"   ({d['events']} events, {d['found']} gold found)"
    )


def _attribute_rows(result: dict[str, Any]) -> list[str]:
    pa, pl, da = result["participants"], result["place"], result["date"]
    st, ki = result["status"], result["kind"]
    return [
        "of the found gold events, with the product event that has most of their mentions:",
        f"  participants P {pa['precision']:.3f}  R {pa['recall']:.3f}  F1 {pa['f1']:.3f} "
        f"({pa['matched']} matched of {pa['gold']} gold, {pa['product']} product); role accuracy "
        f"{pa['role_accuracy']:.3f} on {pa['with_role']} with a role",
        f"  place    {pl['accuracy']:.3f} right of {pl['with_place']} with one ({pl['none']:.3f} "
        f"none); {pl['placed_anyway']:.3f} of {pl['without_place']} without one got a place",
        f"  date     {da['accuracy']:.3f} right of {da['with_date']} with one ({da['none']:.3f} "
        f"none, {da['unparsed_gold']} gold values not read); {da['dated_anyway']:.3f} of "
        f"{da['without_date']} without one got a date",
        f"  status   accuracy {st['accuracy']:.3f} "
        f"(always 'happened' {st['happened_baseline']:.3f}), "
        f"macro-F1 {st['macro_f1']:.3f} on {st['pairs']}",
        "    confusion (gold->product): "
        + ", ".join(f"{k} {n}" for k, n in st["confusion"].items()),
        f"  kind     exact {ki['exact']:.3f}, family {ki['family']:.3f} on {ki['pairs']}; "
        "confused: " + ", ".join(f"{k} {n}" for k, n in ki["confused"].items()),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--gold", type=Path, help="default: benchmarks/data/events/<split>.jsonl")
    parser.add_argument("--articles", type=Path, help="default: clustering/<split>.jsonl")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--no-cache", action="store_true", help="ingest afresh, keep nothing")
    parser.add_argument("--no-cost", action="store_true", help="skip the component's cost")
    parser.add_argument("--errors", action="store_true", help="dev only: print the errors")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    gold_path = args.gold or GOLD_DIR / f"{args.split}.jsonl"
    articles_path = args.articles or ARTICLES_DIR / f"{args.split}.jsonl"
    if args.errors and _is_test(args.split, gold_path, articles_path):
        parser.error("--errors is for dev only: the test split's errors are never read")
    gold = load_gold(gold_path)
    articles = load_articles(articles_path, (labelled["doc"] for labelled in gold))
    scored = score(gold, articles, exported(articles, None if args.no_cache else args.cache))
    result = {"split": args.split, "gold_file": str(gold_path), **scored.result}
    if not args.no_cost:
        result["component"] = component(articles)
    print(json.dumps(result, indent=2) if args.json else report(result))
    if args.errors:
        print("\n".join(scored.errors))
    return 0


def _is_test(split: str, *paths: Path) -> bool:
    return split == "test" or any("test" in path.name for path in paths)


if __name__ == "__main__":
    sys.exit(main())

"""Where to put the near-duplicate threshold of ``storyline.corpus.dedup``, measured on real news.

Data: ``../shared/benchmarks/clustering/{dev,test}.jsonl``, real articles grouped by story.

Pairs:

* copies (positives): every article against a synthetic re-publication of itself, at four
  strengths. Each adds site furniture ("Share this article", "Advertisement", "Read more: ...",
  a copyright line, a "Comments (3)" block; more lines at higher strength), a different
  headline and dateline, straightens or curls the quote marks and shuffles whitespace; the
  stronger ones also change or delete a handful of words (3, 6, 12) and cut the last paragraph,
  as wire re-publishers do. Random but seeded (per article and strength).
* real pairs of the same story, split by how much of the shorter text lies verbatim in the
  longer one (5-shingle containment, not the Jaccard being tuned): ``wire`` (>= 0.75, the same
  wire or press-release text under two outlets: true copies, scored apart), ``partial``
  (0.5-0.75: an updated wire version, a release quoted inside a longer piece: neither class) and
  ``same story`` (separately written: negatives, they share names, facts and quotes);
* ``other story`` pairs: all pairs of articles of different stories (negatives);
* ``same furniture`` pairs: two different articles re-published with the same site furniture
  (negatives: boilerplate alone must not make a copy, which matters for short texts).

Product figure: the articles (JSON Lines with the set's metadata: ``text``, ``title``, ``url``,
``published``, ``outlet``) and then every re-publication (``text``, and ``published`` the day after
its original's: a scrape of a re-publishing site) go through ``storyline ingest`` into a fresh
store and ``storyline export`` (cached by content and code version: ``product.product_run``). A
copy is found when its exported ``duplicate_of`` names its original (or the document its original
was itself found to copy); a false positive is an article marked as a copy of a separately
written one (same or other story), or a copy marked as one of another article (same furniture
or otherwise). Wire and partial articles marked as copies are counted apart, as below.

Component figures (the module alone, on the texts as given): for each pair the true Jaccard of
the shingle sets and the MinHash estimate are computed, and the decision is the real one: a
``CopyFinder(threshold)`` fed the articles, then the copies, in order (LSH candidates confirmed
by the estimated Jaccard). Precision, recall and F1 of copies
against the negatives are printed for thresholds 0.30..0.90, with recall by strength and for
articles under 150 words (where the furniture outweighs the text), and how many wire and partial
pairs each threshold links.

Picking: F1 alone rises until the threshold touches the highest negatives (on dev its best is
0.30, which already lets a same-story pair through), and a few hundred same-story pairs are a
thin sample of a real corpus's tail. So the threshold picked is the highest-F1 one at or above
the negatives' ceiling: the highest negative true Jaccard plus three standard errors of a
128-permutation estimate, sqrt(J (1 - J) / 128), i.e. where a negative's estimate plausibly
ends. Chosen on dev; test is run once with the chosen value.

Cost: milliseconds per signature (best of three passes over the articles) and microseconds per
LSH query and per insertion on the full index (articles and copies).

Usage: python benchmarks/dedup.py [--split dev|test] [--cache DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from math import sqrt
from pathlib import Path
from typing import Any

from datasketch import MinHash

from storyline.corpus.dedup import NUM_PERM, THRESHOLD, CopyFinder, shingles, signature

sys.path.insert(0, str(Path(__file__).parent))
import clustering
from product import product_run

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "clustering"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]
WIRE_CONTAINMENT = 0.75
PARTIAL_CONTAINMENT = 0.5
MARGIN = 3  # standard errors of the MinHash estimate kept above the negatives
SEED = "storyline-dedup"
EDIT_SHARE = 30  # at most one word in 30 edited: a handful, not a rewrite of a short text
SHORT = 150  # words: recall is reported apart below this length


@dataclass(frozen=True)
class Level:
    name: str
    furniture: int  # lines of site furniture
    comments: bool
    edits: int  # words changed or deleted
    cut: bool  # last paragraph dropped


LEVELS = (
    Level("light", 2, False, 0, False),
    Level("medium", 4, False, 3, False),
    Level("strong", 5, True, 6, True),
    Level("heavy", 7, True, 12, True),
)
FURNITURE = [
    "Share this article",
    "Share on Facebook Share on Twitter Share via Email",
    "Follow us on Twitter @{site_tag}",
    "Advertisement",
    "Sign up for our daily newsletter",
    "Click here to subscribe",
    "Related Coverage",
    "Most Popular",
    "Image copyright Getty Images",
    "Read more: {other_title}",
    "Read more: {other_title}",
    "This material may not be published, broadcast, rewritten or redistributed.",
]
COMMENTS = (
    "Comments (3)\nShare what you think\nNewest Oldest Best rated\n"
    "The comments below have not been moderated."
)
SITES = ["The Daily Courier", "Metro Herald", "Newswire Today", "Globe Express", "City Ledger"]
CITIES = ["LONDON", "NEW YORK", "WASHINGTON", "BEIJING", "SYDNEY", "PARIS"]
FILLERS = "also reportedly now said new just still later officials the a".split()
SWAPS = {"said": "told", "says": "stated", "but": "however", "about": "around", "big": "large"}


# --- data and re-publications -------------------------------------------------------------


def load(split: str) -> list[dict[str, Any]]:
    with (DATA / f"{split}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def furniture(level: Level, rng: random.Random, other_title: str) -> tuple[list[str], list[str]]:
    """Header and footer lines of a re-publishing site."""
    site = rng.choice(SITES)
    lines = [
        line.format(site_tag=site.replace(" ", ""), other_title=other_title)
        for line in rng.sample(FURNITURE, level.furniture)
    ]
    cut = rng.randint(0, len(lines))
    header, footer = lines[:cut], lines[cut:]
    header.append(f"By {site} staff | Published {rng.randint(1, 28)} January 2018")
    footer.append(f"© 2018 {site}. All rights reserved.")
    if level.comments:
        footer.append(COMMENTS)
    return header, footer


def restyle_quotes(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return re.sub("[“”„]", '"', re.sub("[‘’]", "'", text))
    text = re.sub(r'"(\w)', r"“\1", text).replace('"', "”")
    return text.replace("'", "’")


def edit_words(paragraphs: list[str], edits: int, rng: random.Random) -> list[str]:
    words = [paragraph.split(" ") for paragraph in paragraphs]
    slots = [(p, w) for p, line in enumerate(words) for w, word in enumerate(line) if word]
    for p, w in rng.sample(slots, min(edits, len(slots) // EDIT_SHARE)):
        word = words[p][w]
        bare = word.strip(".,;:").lower()
        choice = rng.random()
        if bare in SWAPS:
            words[p][w] = word.replace(bare, SWAPS[bare])
        elif choice < 0.4:
            words[p][w] = ""
        else:
            words[p][w] = rng.choice(FILLERS)
    return [" ".join(word for word in line if word) for line in words]


def jitter_whitespace(paragraphs: list[str], rng: random.Random) -> str:
    spaced = [p.replace(" ", "  ", 1) + (" " if rng.random() < 0.3 else "") for p in paragraphs]
    return rng.choice(["\n", "\n\n", "\n \n"]).join(spaced)


def republish(
    article: dict[str, Any], level: Level, rng: random.Random, site: tuple[list[str], list[str]]
) -> str:
    paragraphs = [line.strip() for line in article["text"].split("\n") if line.strip()]
    if level.cut and len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    paragraphs = edit_words(paragraphs, level.edits, rng)
    headline = rng.choice([article["title"].upper(), f"{article['title']} | {rng.choice(SITES)}"])
    dateline = f"{rng.choice(CITIES)} (Wires) —"
    body = jitter_whitespace(paragraphs, rng)
    header, footer = site
    return restyle_quotes("\n".join([headline, *header, dateline, body, *footer]), rng)


def other_story(articles: list[dict[str, Any]], i: int, step: int) -> dict[str, Any]:
    n = len(articles)
    for k in range(step, step + n):
        if articles[(i + k) % n]["cluster"] != articles[i]["cluster"]:
            return articles[(i + k) % n]
    raise ValueError("a single story: no pair of different stories")


def make_copies(articles: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Pair]]:
    """Synthetic re-publications, and the same-furniture negative pairs (copy id, copy id)."""
    copies: list[dict[str, Any]] = []
    alike: list[Pair] = []
    for i, article in enumerate(articles):
        read_more = other_story(articles, i, len(articles) // 2)["title"]
        for level in LEVELS:
            key = f"{article['id']}~{level.name}"
            site = furniture(level, random.Random(f"{SEED}:{key}:site"), read_more)
            text = republish(article, level, random.Random(f"{SEED}:{key}"), site)
            copies.append({"id": key, "of": article["id"], "level": level.name, "text": text})
        partner = other_story(articles, i, 1)
        text = republish(partner, LEVELS[-1], random.Random(f"{SEED}:{key}:alike"), site)
        copies.append({"id": f"{key}:alike", "of": partner["id"], "level": "alike", "text": text})
        alike.append((key, f"{key}:alike"))
    return copies, alike


# --- pairs ------------------------------------------------------------------------------------

Pair = tuple[str, str]
Scored = tuple[str, str, float, float]  # earlier id, later id, true Jaccard, MinHash estimate
NEGATIVES = ("same story", "other story", "same furniture")


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def real_group(a: dict[str, Any], b: dict[str, Any], sa: set[str], sb: set[str]) -> str:
    if a["cluster"] != b["cluster"]:
        return "other story"
    shared = containment(sa, sb)
    if shared >= WIRE_CONTAINMENT:
        return "wire"
    return "partial" if shared >= PARTIAL_CONTAINMENT else "same story"


def build_pairs(
    articles: list[dict[str, Any]], copies: list[dict[str, Any]], alike: list[Pair]
) -> tuple[dict[str, list[Scored]], dict[str, MinHash]]:
    docs = {d["id"]: d for d in [*articles, *copies]}
    sets = {key: shingles(doc["text"]) for key, doc in docs.items()}
    sigs = {key: signature(doc["text"]) for key, doc in docs.items()}

    def scored(a: str, b: str) -> Scored:
        return a, b, jaccard(sets[a], sets[b]), sigs[a].jaccard(sigs[b])

    groups: dict[str, list[Scored]] = {}
    for a, b in combinations(articles, 2):
        group = real_group(a, b, sets[a["id"]], sets[b["id"]])
        groups.setdefault(group, []).append(scored(a["id"], b["id"]))
    for level in LEVELS:
        chosen = [c for c in copies if c["level"] == level.name]
        groups[f"copy {level.name}"] = [scored(c["of"], c["id"]) for c in chosen]
    groups["same furniture"] = [scored(a, b) for a, b in alike]
    return groups, sigs


def positives(groups: dict[str, list[Scored]]) -> list[Scored]:
    return [pair for level in LEVELS for pair in groups[f"copy {level.name}"]]


# --- decisions --------------------------------------------------------------------------------


def linked(threshold: float, stream: list[tuple[str, MinHash]]) -> set[Pair]:
    """Every (earlier, later) pair that a CopyFinder(threshold) fed this stream calls copies."""
    finder = CopyFinder(threshold)
    found: set[Pair] = set()
    for key, sig in stream:
        found.update((other, key) for other in finder.matches(sig))
        finder.add(key, sig)
    return found


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def decide(
    threshold: float, groups: dict[str, list[Scored]], found: set[Pair], short: set[str]
) -> dict[str, Any]:
    def hits(pairs: list[Scored]) -> int:
        return sum((a, b) in found for a, b, _, _ in pairs)

    copies = positives(groups)
    tp = hits(copies)
    fp = {name: hits(groups.get(name, [])) for name in NEGATIVES}
    estimated = [(a, b) for a, b, _, est in copies if est >= threshold]
    return {
        "threshold": threshold,
        **prf(tp, tp + sum(fp.values()), len(copies)),
        "false positives": fp,
        "copies lost by LSH": sum(pair not in found for pair in estimated),
        "recall by strength": {
            level.name: round(hits(groups[f"copy {level.name}"]) / len(copies) * len(LEVELS), 3)
            for level in LEVELS
        },
        f"recall under {SHORT} words": round(
            hits([c for c in copies if c[0] in short]) / sum(c[0] in short for c in copies), 3
        ),
        "wire linked": hits(groups.get("wire", [])),
        "partial linked": hits(groups.get("partial", [])),
    }


def sweep(
    groups: dict[str, list[Scored]], stream: list[tuple[str, MinHash]], short: set[str]
) -> list[dict[str, Any]]:
    return [decide(t, groups, linked(t, stream), short) for t in THRESHOLDS]


def gap(groups: dict[str, list[Scored]]) -> tuple[float, float]:
    """(highest negative, lowest copy) true Jaccard."""
    high = max(j for name in NEGATIVES for _, _, j, _ in groups.get(name, []))
    return high, min(j for _, _, j, _ in positives(groups))


def floor(groups: dict[str, list[Scored]]) -> float:
    """How high a negative's estimate plausibly gets: its true Jaccard plus 3 standard errors."""
    pairs = [j for name in NEGATIVES for _, _, j, _ in groups.get(name, [])]
    return max(j + MARGIN * sqrt(j * (1 - j) / NUM_PERM) for j in pairs)


def pick(rows: list[dict[str, Any]], lowest: float = 0.0) -> float:
    """The highest-F1 threshold at or above ``lowest`` (ties: the lower threshold)."""
    allowed = [row for row in rows if row["threshold"] >= lowest]
    return max(allowed, key=lambda row: (row["f1"], -row["threshold"]))["threshold"]


# --- end to end, cost -------------------------------------------------------------------------


def end_to_end(
    articles: list[dict[str, Any]],
    copies: list[dict[str, Any]],
    sigs: dict[str, MinHash],
    groups: dict[str, list[Scored]],
) -> dict[str, Any]:
    """The module's THRESHOLD through add(): the articles in date order, then their copies."""
    finder = CopyFinder()
    said = {a["id"]: finder.add(a["id"], sigs[a["id"]]) for a in articles}
    group_of = {(a, b): name for name, pairs in groups.items() for a, b, _, _ in pairs}
    flagged: dict[str, int] = {}
    for later, original in said.items():
        if original is not None:
            name = group_of.get((original, later), "first of a chain")
            flagged[name] = flagged.get(name, 0) + 1
    right = total = 0
    for copy in copies:
        if copy["level"] != "alike":
            total += 1
            root = said[copy["of"]] or copy["of"]
            right += finder.add(copy["id"], sigs[copy["id"]]) == root
    return {
        "articles linked to an earlier one": flagged,
        "copies linked to their original": f"{right}/{total}",
    }


def timings(
    articles: list[dict[str, Any]], copies: list[dict[str, Any]], sigs: dict[str, MinHash]
) -> dict[str, float]:
    texts = [a["text"] for a in articles]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            signature(text)
        best = min(best, time.perf_counter() - start)
    keys = [d["id"] for d in [*articles, *copies]]
    finder = CopyFinder()
    start = time.perf_counter()
    for key in keys:
        finder.add(key, sigs[key])
    added = time.perf_counter() - start
    start = time.perf_counter()
    for key in keys:
        finder.matches(sigs[key])
    queried = time.perf_counter() - start
    return {
        "ms per signature": round(1000 * best / len(texts), 3),
        "words per article": round(sum(len(t.split()) for t in texts) / len(texts)),
        "us per add (query + insert)": round(1e6 * added / len(keys), 1),
        "us per query": round(1e6 * queried / len(keys), 1),
        "index size": len(keys),
    }


# --- the product ------------------------------------------------------------------------------


def product(
    articles: list[dict[str, Any]],
    copies: list[dict[str, Any]],
    groups: dict[str, list[Scored]],
    cache: Path,
) -> dict[str, Any]:
    """What ``storyline export`` says of each document's ``duplicate_of`` after ingest."""
    by_id = {a["id"]: a for a in articles}
    items = [(a["id"], clustering.user_record(a)) for a in articles]
    for copy in copies:
        day = date.fromisoformat(by_id[copy["of"]]["date"][:10]) + timedelta(days=1)
        items.append((copy["id"], {"text": copy["text"], "published": day.isoformat()}))
    run = product_run(items, cache, "dedup")
    documents = run.exported.documents
    bench_of = {record["id"]: key for key, record in documents.items()}
    family = {a["id"]: a["id"] for a in articles} | {c["id"]: c["of"] for c in copies}

    def marked(key: str) -> str | None:  # the article family a document was marked a copy of
        record = documents.get(key)
        original = bench_of.get(record["duplicate_of"]) if record else None
        return family[original] if original else None

    group_of = {frozenset((a, b)): name for name, pairs in groups.items() for a, b, _, _ in pairs}
    fp = dict.fromkeys([*NEGATIVES, "wrong original"], 0)
    apart = {"wire": 0, "partial": 0}
    for article in articles:
        original = marked(article["id"])
        if original is not None:
            name = group_of.get(frozenset((original, article["id"])), "other story")
            if name in apart:
                apart[name] += 1
            else:
                fp[name] += 1
    found = {level.name: 0 for level in LEVELS}
    short_found = short_total = tp = alike_right = alike_total = 0
    for copy in copies:
        original = marked(copy["id"])
        right = original is not None and original in (copy["of"], marked(copy["of"]))
        if copy["level"] == "alike":
            alike_total += 1
            alike_right += right
        else:
            tp += right
            found[copy["level"]] += right
            if len(by_id[copy["of"]]["text"].split()) < SHORT:
                short_total += 1
                short_found += right
        if original is not None and not right:
            alike = copy["level"] == "alike" and original == copy["id"].split("~")[0]
            fp["same furniture" if alike else "wrong original"] += 1
    positives = len(copies) - alike_total
    return {
        **prf(tp, tp + sum(fp.values()), positives),
        "threshold": THRESHOLD,
        "false positives": fp,
        "recall by strength": {k: round(v * len(LEVELS) / positives, 3) for k, v in found.items()},
        f"recall under {SHORT} words": round(short_found / short_total, 3) if short_total else None,
        "same-furniture copies linked to their own original": f"{alike_right}/{alike_total}",
        "wire linked": apart["wire"],
        "partial linked": apart["partial"],
        "documents": len(items),
        "not stored": sorted(key for key, _ in items if key not in documents),
        "ingest seconds": round(run.exported.ingest_seconds, 1),
    }


# --- report -----------------------------------------------------------------------------------

PERCENTILES = (0, 1, 5, 25, 50, 75, 95, 99, 100)


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    last = len(ordered) - 1
    return {f"p{p}": round(ordered[round(p / 100 * last)], 3) for p in PERCENTILES}


def distributions(groups: dict[str, list[Scored]]) -> dict[str, Any]:
    table = {}
    for name, pairs in groups.items():
        if pairs:
            table[name] = {
                "pairs": len(pairs),
                "true": percentiles([j for _, _, j, _ in pairs]),
                "estimate": percentiles([est for *_, est in pairs]),
                "max |error|": round(max(abs(j - est) for _, _, j, est in pairs), 3),
            }
    return table


def examples(groups: dict[str, list[Scored]], articles: list[dict[str, Any]]) -> list[str]:
    by_id = {a["id"]: a for a in articles}
    lines = []
    for name in ("wire", "partial"):
        for a, b, j, _ in sorted(groups.get(name, []), key=lambda p: -p[2]):
            first, second = by_id[a], by_id[b]
            lines.append(
                f"{name:7} J={j:.2f} {first['source']} ({len(first['text'].split())} w) / "
                f"{second['source']} ({len(second['text'].split())} w): {first['title'][:60]}"
            )
    return lines


def run(split: str, cache: Path) -> dict[str, Any]:
    articles = load(split)
    copies, alike = make_copies(articles)
    groups, sigs = build_pairs(articles, copies, alike)
    through_product = product(articles, copies, groups, cache)
    stream = [(d["id"], sigs[d["id"]]) for d in [*articles, *copies]]
    short = {a["id"] for a in articles if len(a["text"].split()) < SHORT}
    rows = sweep(groups, stream, short)
    high, low = gap(groups)
    return {
        "split": split,
        "articles": len(articles),
        "product": through_product,
        "distributions": distributions(groups),
        "highest negative / lowest copy (true J)": [round(high, 3), round(low, 3)],
        "sweep": rows,
        "negative ceiling": round(floor(groups), 3),
        "best F1 alone": pick(rows),
        "picked on this split": pick(rows, floor(groups)),
        "module THRESHOLD": THRESHOLD,
        "at module THRESHOLD": next(r for r in rows if r["threshold"] == THRESHOLD),
        "same-story shared text": examples(groups, articles),
        "end to end": end_to_end(articles, copies, sigs, groups),
        "cost": timings(articles, copies, sigs),
    }


def report(result: dict[str, Any]) -> str:
    lines = [f"split {result['split']}: {result['articles']} articles", ""]
    p = result["product"]
    fp = "/".join(str(v) for v in p["false positives"].values())
    strength = "/".join(f"{v:.3f}" for v in p["recall by strength"].values())
    lines += [
        f"product (ingest -> export of {p['documents']} documents, {p['ingest seconds']:.0f} s; "
        f"duplicate_of at THRESHOLD {p['threshold']:.2f}):",
        f"  P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}   "
        f"FP story/other/furn/wrong-original {fp}",
        f"  recall light/medium/strong/heavy {strength}   <{SHORT}w "
        f"{p[f'recall under {SHORT} words']}   wire linked {p['wire linked']}, "
        f"partial linked {p['partial linked']}",
        f"  same-furniture copies linked to their own original "
        f"{p['same-furniture copies linked to their own original']}; "
        f"not stored: {len(p['not stored'])} {p['not stored'][:5]}",
        "",
        "component (storyline.corpus.dedup on the texts as given, not the product)",
        "",
        "Jaccard by group:",
    ]
    head = " ".join(f"{f'p{p}':>6}" for p in PERCENTILES)
    lines.append(f"{'group':16} {'pairs':>6} {'':>5} {head}  max|err|")
    for name, row in result["distributions"].items():
        for kind in ("true", "estimate"):
            cells = " ".join(f"{v:6.3f}" for v in row[kind].values())
            count = f"{row['pairs']:6}" if kind == "true" else " " * 6
            err = f"  {row['max |error|']:.3f}" if kind == "true" else ""
            lines.append(f"{name if kind == 'true' else '':16} {count} {kind[:5]:>5} {cells}{err}")
    high, low = result["highest negative / lowest copy (true J)"]
    lines += ["", f"highest negative {high:.3f}, lowest copy {low:.3f} (true Jaccard)", ""]
    lines.append(
        "  t      P      R     F1   FP story/other/furn  lost-LSH  wire  partial  "
        f"recall light/medium/strong/heavy  <{SHORT}w"
    )
    for row in result["sweep"]:
        fp = "/".join(str(v) for v in row["false positives"].values())
        strength = "/".join(f"{v:.3f}" for v in row["recall by strength"].values())
        lines.append(
            f"{row['threshold']:.2f} {row['precision']:6.3f} {row['recall']:6.3f} "
            f"{row['f1']:6.3f}   {fp:>17}  {row['copies lost by LSH']:8}  "
            f"{row['wire linked']:4}  {row['partial linked']:7}  {strength}  "
            f"{row[f'recall under {SHORT} words']:.3f}"
        )
    wire = result["distributions"].get("wire", {}).get("pairs", 0)
    partial = result["distributions"].get("partial", {}).get("pairs", 0)
    lines += [
        f"(of {wire} wire and {partial} partial same-story pairs)",
        "",
        f"negatives' estimate ceiling (highest true J + {MARGIN} s.e.): "
        f"{result['negative ceiling']:.3f}   "
        f"best F1 alone: {result['best F1 alone']:.2f}",
        f"picked on this split: {result['picked on this split']:.2f}   "
        f"module THRESHOLD: {result['module THRESHOLD']:.2f}",
        "",
        "same-story pairs sharing text:",
        *(f"  {line}" for line in result["same-story shared text"]),
        "",
        f"end to end at THRESHOLD: {result['end to end']}",
        f"cost: {result['cost']}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    result = run(args.split, args.cache)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Event mentions and their status on hand-labelled sentences of real news, and their cost.

Gold: ``benchmarks/data/events_gold.jsonl`` (see ``EVENTS_GOLD.md``): 91 sentences of 56 articles
of ``../shared/benchmarks/clustering/test.jsonl``, labelled by hand as offsets (no article text
is stored), never used to develop the component. The whole split goes through the product as a
user would (``benchmarks/clustering.py``'s cached run: JSON Lines with the set's metadata,
``storyline ingest`` into a fresh store, ``storyline export``). Each exported ``event`` record's
mentions are carried from ``body`` back into the article's raw ``text`` (``BodyMap``); a mention
has its event's kind, and the status of the event's trajectory step at that mention (else the
step of the same article: what that report said; else the event's status). The predicted
mentions whose trigger lies inside a labelled sentence are aligned one-to-one with the gold ones
by overlapping triggers (largest overlap first), and scored:

* mention precision / recall / F1 (trigger overlap), and the same when the kind must agree too
  (the gold kinds are families: a summit or talks is a ``meeting``);
* status accuracy over the aligned pairs, with the majority-status baseline ("happened") on the
  same pairs as an anchor, and the confusion of statuses.

Component row (not the product): the labelled articles' raw text through storyline's spaCy
pipeline (``nlp.pipe``), its ``doc._.storyline_events`` scored the same way.

Cost (component): the articles are parsed once with the whole pipeline; then the event component
alone runs again over the parsed documents (best of three). "Time added" is its time over the
rest of the pipeline's, per document (goal: at most 15 %).

Usage: python benchmarks/events.py [--gold benchmarks/data/events_gold.jsonl]
                                   [--articles ../shared/benchmarks/clustering/test.jsonl]
                                   [--cache DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import clustering
from product import BodyMap, Exported

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "benchmarks" / "data" / "events_gold.jsonl"
DEFAULT_ARTICLES = ROOT.parent / "shared" / "benchmarks" / "clustering" / "test.jsonl"
GOLD_KIND = {"summit": "meeting", "talks": "meeting"}  # storyline's kinds as the gold names them
GOAL_ADDED = 0.15


def load(gold_path: Path, articles_path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    gold = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    wanted = {g["doc"] for g in gold}
    texts = {}
    with articles_path.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                texts[article["id"]] = article["text"]
    missing = wanted - set(texts)
    if missing:
        raise SystemExit(f"{articles_path}: {len(missing)} labelled articles not found")
    return gold, texts


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[int, int]]:
    candidates = sorted(
        (
            (overlap((g["start"], g["end"]), (p["start"], p["end"])), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
        ),
        reverse=True,
    )
    pairs, used_gold, used_predicted = [], set(), set()
    for size, gi, pi in candidates:
        if size and gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    return pairs


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(gold: list[dict[str, Any]], predicted: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    counts = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for sentence in gold:
        inside = [
            p for p in predicted[sentence["doc"]]
            if sentence["sentence_start"] <= p["start"] and p["end"] <= sentence["sentence_end"]
        ]  # fmt: skip
        labels = sentence["events"]
        counts["gold"] += len(labels)
        counts["predicted"] += len(inside)
        for gi, pi in align(labels, inside):
            g, p = labels[gi], inside[pi]
            counts["matched"] += 1
            counts["kind"] += GOLD_KIND.get(p["kind"], p["kind"]) == g["kind"]
            counts["status"] += p["status"] == g["status"]
            counts["majority"] += g["status"] == "happened"
            confusion[(g["status"], p["status"])] += 1
            if p["status"] != g["status"]:
                errors.append((g["trigger"], g["status"], p["status"], p["cue"]))
    matched = counts["matched"]
    return {
        "sentences": len(gold),
        "gold": counts["gold"],
        "predicted": counts["predicted"],
        "mentions": prf(matched, counts["predicted"], counts["gold"]),
        "mentions_with_kind": prf(counts["kind"], counts["predicted"], counts["gold"]),
        "status_accuracy": counts["status"] / matched if matched else 0.0,
        "status_majority_baseline": counts["majority"] / matched if matched else 0.0,
        "aligned": matched,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "status_errors": errors,
    }


def product_events(exported: Exported, texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The exported events' mentions in the labelled articles, as offsets into their raw text."""
    by_doc = {record["id"]: article for article, record in exported.documents.items()}
    maps = {
        article: BodyMap(exported.documents[article]["body"] or "", text)
        for article, text in texts.items()
        if article in exported.documents
    }
    predicted: dict[str, list[dict[str, Any]]] = {article: [] for article in texts}
    for event in exported.of_type("event"):
        for mention in event["mentions"]:
            article = by_doc.get(mention["document"])
            if article not in maps:
                continue
            span = maps[article].span(mention["start"], mention["end"])
            if span is None:
                continue
            step = _step(event, mention)
            predicted[article].append({
                "start": span[0], "end": span[1], "kind": event["kind"],
                "status": step["status"] if step else event["status"],
                "cue": step.get("cue") if step else None,
            })  # fmt: skip
    return predicted


def document_reports(exported: Exported, texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """The event reports each labelled article's exported document record lists (linked to a
    corpus event or not), with the status that report gives, as offsets into the raw text."""
    predicted: dict[str, list[dict[str, Any]]] = {article: [] for article in texts}
    for article, text in texts.items():
        record = exported.documents.get(article)
        if record is None:
            continue
        body_map = BodyMap(record["body"] or "", text)
        for report in record.get("events", []):
            span = body_map.span(report["start"], report["end"])
            if span is not None:
                predicted[article].append({
                    "start": span[0], "end": span[1], "kind": report["kind"],
                    "status": report["status"], "cue": report["cue"],
                })  # fmt: skip
    return predicted


def _step(event: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any] | None:
    """The trajectory step of this mention, else the one of the same document."""
    same = [s for s in event["trajectory"] if s["document"] == mention["document"]]
    exact = [
        s for s in same if (s.get("start"), s.get("end")) == (mention["start"], mention["end"])
    ]
    return (exact or same or [None])[0]


def run(gold_path: Path, articles_path: Path, cache: Path) -> dict[str, Any]:
    gold, texts = load(gold_path, articles_path)
    articles = [json.loads(line) for line in articles_path.read_text().splitlines() if line]
    product = clustering.split_run(articles, cache)
    missing = sorted(set(texts) - set(product.exported.documents))
    result = score(gold, document_reports(product.exported, texts))
    result["on_timelines"] = score(gold, product_events(product.exported, texts))
    result["articles"] = len(articles)
    result["labelled_without_document"] = missing
    result["ingest_seconds"] = product.exported.ingest_seconds
    result["component"] = component(gold, texts)
    return result


def component(gold: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    from storyline.analyse.events import doc_events
    from storyline.analyse.model import load_pipeline

    nlp = load_pipeline()
    ids = sorted(texts)
    started = time.perf_counter()
    docs = list(nlp.pipe([texts[i] for i in ids]))
    pipeline_seconds = time.perf_counter() - started
    predicted = {
        i: [
            {"start": m.start, "end": m.end, "kind": m.kind, "status": m.status, "cue": m.cue}
            for m in doc_events(doc)
        ]
        for i, doc in zip(ids, docs, strict=True)
    }
    events = nlp.get_pipe("storyline_events")
    component_seconds = min(_timed(lambda: [events(doc) for doc in docs]) for _ in range(3))
    result = score(gold, predicted)
    rest = pipeline_seconds - component_seconds
    result["speed"] = {
        "documents": len(docs),
        "pipeline_ms_per_doc": 1000 * pipeline_seconds / len(docs),
        "events_ms_per_doc": 1000 * component_seconds / len(docs),
        "time_added": component_seconds / rest if rest > 0 else None,
    }
    return result


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def report(result: dict[str, Any]) -> str:
    c = result["component"]
    s = c["speed"]
    added = s["time_added"]
    lines = [
        f"event mentions: {result['sentences']} sentences, {result['gold']} gold, "
        f"{result['predicted']} predicted in them (ingest -> export of {result['articles']} "
        f"articles, {result['ingest_seconds']:.0f} s; "
        f"{len(result['labelled_without_document'])} labelled articles without a document)",
        *_rows(result),
        "of them, the reports linked to a corpus event (in event records, on timelines):",
        *_rows(result["on_timelines"]),
        f"component (spaCy pipeline on raw text, not the product): {c['predicted']} predicted",
        *_rows(c),
        f"speed (component): pipeline {s['pipeline_ms_per_doc']:.1f} ms/doc, events component "
        f"{s['events_ms_per_doc']:.2f} ms/doc, time added {added:.1%} "
        f"({'meets' if added is not None and added <= GOAL_ADDED else 'misses'} the "
        f"{GOAL_ADDED:.0%} goal)",
    ]
    return "\n".join(lines)


def _rows(result: dict[str, Any]) -> list[str]:
    m, k = result["mentions"], result["mentions_with_kind"]
    return [
        f"  mention   P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}",
        f"  +kind     P {k['precision']:.3f}  R {k['recall']:.3f}  F1 {k['f1']:.3f}",
        f"  status accuracy {result['status_accuracy']:.3f} on {result['aligned']} aligned "
        f"(always 'happened': {result['status_majority_baseline']:.3f})",
        "  confusion (gold->predicted): "
        + ", ".join(f"{key} {n}" for key, n in result["confusion"].items() if "->" in key),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    result = run(args.gold, args.articles, args.cache)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

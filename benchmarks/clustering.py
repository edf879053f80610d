"""Story clustering on real news with gold story labels: B-cubed and pairwise F1.

Data: ``../shared/benchmarks/clustering/{dev,test}.jsonl`` (Giveme5W1H news_cluster: articles
with a gold ``cluster``). The split is ingested with storyline (the whole pipeline: entities,
events and their linking are clustering signals) into a cached SQLite store, then the story step
runs from scratch over it (``link_stories(rebuild=True)``), in publication order, and its stories
are scored against the gold clusters:

* B-cubed precision / recall / F1 (Bagga & Baldwin 1998; per document, averaged);
* pairwise precision / recall / F1 over all same-story pairs.

Baseline, in the same run: single-pass TF-IDF (scikit-learn, fitted on the split; each article
joins the most similar cluster centroid if the cosine reaches a threshold, else starts one; the
threshold chosen on dev as for storyline). Also the time of the story step per document.

Usage: python benchmarks/clustering.py [--split dev|test] [--json] [--data DIR] [--cache DIR]
       [--sweep]   (dev only: scores over a grid of storyline's join thresholds)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "clustering"
BASELINE_THRESHOLD = 0.20  # chosen on dev with --sweep


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    gold_members, predicted_members = _members(gold), _members(predicted)
    precision = recall = 0.0
    for item in gold:
        same_gold = gold_members[gold[item]]
        same_predicted = predicted_members[predicted[item]]
        shared = len(same_gold & same_predicted)
        precision += shared / len(same_predicted)
        recall += shared / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return _prf(precision, recall)


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    items = sorted(gold)
    both = gold_pairs = predicted_pairs = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_gold, same_predicted = gold[a] == gold[b], predicted[a] == predicted[b]
            gold_pairs += same_gold
            predicted_pairs += same_predicted
            both += same_gold and same_predicted
    precision = both / predicted_pairs if predicted_pairs else 0.0
    recall = both / gold_pairs if gold_pairs else 0.0
    return _prf(precision, recall)


def _members(labels: Mapping[str, str]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        members[label].add(item)
    return members


def _prf(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- data ---------------------------------------------------------------------------------------


def load_split(data: Path, split: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (data / f"{split}.jsonl").read_text().splitlines()]


def analysed_store(articles: Sequence[dict[str, Any]], cache: Path) -> tuple[Path, dict[str, str]]:
    """The split ingested into a store (cached by content), and each store id's article id."""
    from storyline.pipeline import IngestOptions, ingest
    from storyline.store.database import Store

    feed = "".join(
        json.dumps({"text": a["text"], "title": a["title"], "url": a["url"],
                    "published": a["date"][:10], "outlet": a["source"]}) + "\n"
        for a in articles
    )  # fmt: skip
    key = hashlib.sha1(feed.encode()).hexdigest()[:12]
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"clustering-{key}.db"
    feed_path = cache / f"clustering-{key}.jsonl"
    if not path.exists():
        feed_path.write_text(feed)
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        with Store(partial) as store:
            ingest([str(feed_path)], store, options=IngestOptions(workers=2))
        partial.rename(path)
    by_url = {a["url"]: a["id"] for a in articles}
    with Store(path) as store:
        ids = {d.id: by_url[d.url] for d in store.iter_documents() if d.url in by_url}
    return path, ids


# --- systems ------------------------------------------------------------------------------------


def storyline_stories(path: Path, ids: Mapping[str, str]) -> tuple[dict[str, str], float]:
    from storyline.corpus.story_linking import link_stories
    from storyline.store.database import Store

    with Store(path) as store:
        started = time.perf_counter()
        link_stories(store, rebuild=True)
        seconds = time.perf_counter() - started
        rows = store.db.execute("SELECT document_id, story_id FROM story_documents").fetchall()
    found = {ids[d]: s for d, s in rows if d in ids}
    for article_id in set(ids.values()) - set(found):
        found[article_id] = f"missing-{article_id}"
    return found, seconds


def tfidf_baseline(articles: Sequence[dict[str, Any]], threshold: float) -> dict[str, str]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = sorted(articles, key=lambda a: (a["date"], a["id"]))
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a['title']}\n{a['text']}" for a in ordered]
    )
    centroids: list[Any] = []
    labels = {}
    for row, article in enumerate(ordered):
        vector = vectors[row].toarray()[0]
        scores = [float(vector @ c / (np.linalg.norm(c) or 1)) for c in centroids]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= threshold:
            centroids[best] = centroids[best] + vector
        else:
            centroids.append(vector)
            best = len(centroids) - 1
        labels[article["id"]] = str(best)
    return labels


# --- report -------------------------------------------------------------------------------------


def run(data: Path, split: str, cache: Path, sweep: bool) -> dict[str, Any]:
    articles = load_split(data, split)
    gold = {a["id"]: str(a["cluster"]) for a in articles}
    path, ids = analysed_store(articles, cache)
    predicted, seconds = storyline_stories(path, ids)
    missing = set(gold) - set(predicted)
    for article_id in missing:  # not stored (same bytes as another): a story of its own
        predicted[article_id] = f"missing-{article_id}"
    result: dict[str, Any] = {
        "split": split, "documents": len(gold), "gold_stories": len(set(gold.values())),
        "stories": len(set(predicted.values())), "missing": len(missing),
        "bcubed": bcubed(gold, predicted), "pairwise": pairwise(gold, predicted),
        "ms_per_document": 1000 * seconds / len(gold),
        "baseline_bcubed": bcubed(gold, tfidf_baseline(articles, BASELINE_THRESHOLD)),
        "story_sizes": sorted(Counter(predicted.values()).values(), reverse=True),
    }  # fmt: skip
    if sweep:
        result["sweep"] = _sweep(path, ids, gold, articles)
    return result


def _sweep(path: Path, ids: Mapping[str, str], gold: Mapping[str, str], articles) -> list:
    from storyline.corpus import stories

    rows = []
    for threshold in (0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.24, 0.28):
        stories.JOIN_THRESHOLD = threshold
        predicted, _ = storyline_stories(path, ids)
        predicted.update({a: f"missing-{a}" for a in set(gold) - set(predicted)})
        baseline = bcubed(gold, tfidf_baseline(articles, threshold))
        rows.append((threshold, bcubed(gold, predicted)["f1"], baseline["f1"]))
    return rows


def report(result: dict[str, Any]) -> str:
    b, p, base = result["bcubed"], result["pairwise"], result["baseline_bcubed"]
    lines = [
        f"clustering {result['split']}: {result['documents']} articles, "
        f"{result['gold_stories']} gold stories, {result['stories']} found",
        f"  B-cubed   P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}",
        f"  pairwise  P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}",
        f"  single-pass TF-IDF baseline B-cubed F1 {base['f1']:.3f}",
        f"  story step {result['ms_per_document']:.1f} ms per article",
    ]
    for threshold, ours, baseline in result.get("sweep", []):
        lines.append(f"  threshold {threshold:.2f}: storyline {ours:.3f}  baseline {baseline:.3f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.data, args.split, args.cache, args.sweep)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Story clustering on real news with gold story labels: B-cubed and pairwise F1.

Data: ``../shared/benchmarks/clustering/{dev,test}.jsonl`` (Giveme5W1H news_cluster: articles
with a gold ``cluster``). The split is run through the product as a user would: written as JSON
Lines with the metadata the set has (``text``, ``title``, ``url``, ``published`` = date,
``outlet`` = source), ``storyline ingest`` into a fresh store (which links entities, events and
stories), ``storyline export``; the exported ``story`` records are scored against the gold
clusters (an article without an exported document, or in no story, is a story of its own):

* B-cubed precision / recall / F1 (Bagga & Baldwin 1998; per document, averaged);
* pairwise precision / recall / F1 over all same-story pairs.

The exported records (and the store) are cached by content and by a hash of the storyline code
(``src/storyline/**/*.py``), so a code change re-runs the product. A second row, "component",
re-runs the story step alone from scratch over the same store (``link_stories(rebuild=True)``).

Baseline, in the same run: single-pass TF-IDF (scikit-learn, fitted on the split; each article
joins the most similar cluster centroid if the cosine reaches a threshold, else starts one; the
threshold chosen on dev as for storyline). Also the ingest time (the whole product) and the
time of the story step alone, per document.

Usage: python benchmarks/clustering.py [--split dev|test] [--json] [--data DIR] [--cache DIR]
       [--sweep]   (dev only: component scores over a grid of storyline's join thresholds)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from product import Exported, ProductRun, code_version, product_run

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "clustering"
BASELINE_THRESHOLD = 0.20  # chosen on dev with --sweep
EMBEDDING_THRESHOLD = 0.86  # the same for the embedding-only baseline


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


def user_record(article: Mapping[str, Any]) -> dict[str, Any]:
    """An article as a user has it: a JSON Lines object with the metadata the set provides."""
    return {"text": article["text"], "title": article["title"], "url": article["url"],
            "published": article["date"][:10], "outlet": article["source"]}  # fmt: skip


def split_run(articles: Sequence[dict[str, Any]], cache: Path) -> ProductRun:
    """The clustering split through the product (shared with briefs.py and events.py)."""
    return product_run([(a["id"], user_record(a)) for a in articles], cache, "clustering")


# --- systems ------------------------------------------------------------------------------------


def exported_stories(exported: Exported) -> dict[str, str]:
    """Each benchmark article's story, as ``storyline export`` says."""
    story_of = {doc: s["id"] for s in exported.of_type("story") for doc in s["documents"]}
    return {
        article: story_of[record["id"]]
        for article, record in exported.documents.items()
        if record["id"] in story_of
    }


def component_stories(path: Path, ids: Mapping[str, str]) -> tuple[dict[str, str], float]:
    """The story step alone, from scratch (``link_stories(rebuild=True)``) on ``path``."""
    from storyline.corpus.story_linking import link_stories
    from storyline.store.database import Store

    with Store(path) as store:
        started = time.perf_counter()
        link_stories(store, rebuild=True)
        seconds = time.perf_counter() - started
        rows = store.db.execute("SELECT document_id, story_id FROM story_documents").fetchall()
    found = {ids[d]: s for d, s in rows if d in ids}
    return found, seconds


def _singletons(predicted: dict[str, str], gold: Mapping[str, str]) -> int:
    """Give each article the product left out a story of its own; how many there were."""
    missing = set(gold) - set(predicted)
    predicted.update({a: f"missing-{a}" for a in missing})
    return len(missing)


def tfidf_baseline(articles: Sequence[dict[str, Any]], threshold: float) -> dict[str, str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = sorted(articles, key=lambda a: (a["date"], a["id"]))
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a['title']}\n{a['text']}" for a in ordered]
    )
    return single_pass(ordered, [vectors[row].toarray()[0] for row in range(len(ordered))],
                       threshold)  # fmt: skip


def embedding_baseline(articles: Sequence[dict[str, Any]], threshold: float) -> dict[str, str]:
    """The same single pass over the vectors storyline stores (its packaged static model, on
    the headline and lead): meaning alone, no words, entities, events or time."""
    from storyline.analyse.embeddings import document_text, load_embedder

    embedder = load_embedder()
    assert embedder is not None, "no embedding model in this install"
    ordered = sorted(articles, key=lambda a: (a["date"], a["id"]))
    vectors = embedder.encode([document_text(a["title"], a["text"]) for a in ordered])
    return single_pass(ordered, list(vectors), threshold)


def single_pass(
    ordered: Sequence[dict[str, Any]], vectors: Sequence[Any], threshold: float
) -> dict[str, str]:
    """Each article joins the nearest centroid (cosine) at ``threshold`` or more, else starts
    its own."""
    import numpy as np

    centroids: list[Any] = []
    labels = {}
    for article, vector in zip(ordered, vectors, strict=True):
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
    product = split_run(articles, cache)
    predicted = exported_stories(product.exported)
    missing = _singletons(predicted, gold)
    ids = {record["id"]: article for article, record in product.exported.documents.items()}
    with tempfile.TemporaryDirectory(prefix="storyline-clustering-") as scratch:
        store = Path(scratch) / "component.db"
        shutil.copyfile(product.db, store)  # the cached store stays as ingest left it
        component, seconds = component_stories(store, ids)
        _singletons(component, gold)
        rows = _sweep(store, ids, gold, articles) if sweep else []
    result: dict[str, Any] = {
        "split": split, "documents": len(gold), "gold_stories": len(set(gold.values())),
        "stories": len(set(predicted.values())), "missing": missing,
        "bcubed": bcubed(gold, predicted), "pairwise": pairwise(gold, predicted),
        "ingest_ms_per_document": 1000 * product.exported.ingest_seconds / len(gold),
        "component_bcubed": bcubed(gold, component),
        "component_pairwise": pairwise(gold, component),
        "ms_per_document": 1000 * seconds / len(gold),
        "baseline_bcubed": bcubed(gold, tfidf_baseline(articles, BASELINE_THRESHOLD)),
        "embedding_baseline_bcubed": bcubed(
            gold, embedding_baseline(articles, EMBEDDING_THRESHOLD)
        ),
        "story_sizes": sorted(Counter(predicted.values()).values(), reverse=True),
        "code_version": code_version(),
    }  # fmt: skip
    if sweep:
        result["sweep"] = rows
    return result


def _sweep(path: Path, ids: Mapping[str, str], gold: Mapping[str, str], articles) -> list:
    from storyline.corpus import stories

    rows = []
    saved = stories.JOIN_THRESHOLD
    try:
        for threshold in (0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.24, 0.28):
            stories.JOIN_THRESHOLD = threshold
            predicted, _ = component_stories(path, ids)
            _singletons(predicted, gold)
            baseline = bcubed(gold, tfidf_baseline(articles, threshold))
            meaning = bcubed(gold, embedding_baseline(articles, 0.5 + 1.5 * threshold))
            rows.append((threshold, bcubed(gold, predicted)["f1"], baseline["f1"], meaning["f1"]))
    finally:
        stories.JOIN_THRESHOLD = saved
    return rows


def report(result: dict[str, Any]) -> str:
    b, p, base = result["bcubed"], result["pairwise"], result["baseline_bcubed"]
    cb, cp = result["component_bcubed"], result["component_pairwise"]
    lines = [
        f"clustering {result['split']}: {result['documents']} articles, "
        f"{result['gold_stories']} gold stories, {result['stories']} found "
        f"(ingest -> export; {result['missing']} articles without a story)",
        f"  B-cubed   P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}",
        f"  pairwise  P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}",
        f"  component (story step alone, rebuilt on the same store): B-cubed "
        f"P {cb['precision']:.3f}  R {cb['recall']:.3f}  F1 {cb['f1']:.3f}; "
        f"pairwise F1 {cp['f1']:.3f}",
        f"  single-pass TF-IDF baseline B-cubed F1 {base['f1']:.3f}; embedding-only "
        f"baseline {result['embedding_baseline_bcubed']['f1']:.3f}",
        f"  ingest {result['ingest_ms_per_document']:.0f} ms per article (whole product), "
        f"story step {result['ms_per_document']:.1f} ms per article",
    ]
    for threshold, ours, baseline, meaning in result.get("sweep", []):
        lines.append(
            f"  threshold {threshold:.2f}: storyline (component) {ours:.3f}  "
            f"baseline {baseline:.3f}  embedding baseline at {0.5 + 1.5 * threshold:.2f}: "
            f"{meaning:.3f}"
        )
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

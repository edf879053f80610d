"""Search by words, meaning and both, on the clustering sets: nDCG@10 and recall@10, speed.

The clustering split goes through the product (``storyline ingest`` of the articles as JSON
Lines into a fresh store, shared with ``clustering.py``'s cache); then every query of
``benchmarks/data/search_queries/<split>.jsonl`` (written by hand: ``docs/labelling/search.md``)
is run through ``Dossier.search`` in each mode. The articles of the query's story are relevant;
a paraphrased headline's own article is left out of the ranking and of the relevant set.

Speed: the embedding step per article (the same texts the per-document stage embeds), against
the whole product's ingest time per article; and search latency (p50, p95) on a store grown to
``--documents`` (default 10,000) by copying the split's articles under new ids (vectors jittered
so that no two are equal), every query in every mode.

    python benchmarks/search.py --split dev
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clustering import DEFAULT_DATA, load_split, split_run

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries"
MODES = ("words", "bm25-any", "meaning", "hybrid")
K = 10


def load_queries(split: str) -> list[dict[str, Any]]:
    lines = (QUERIES / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def searcher(dossier: Any, mode: str) -> Callable[[str, int], list[str]]:
    """The document ids a mode returns for a query, best first."""
    from storyline.store.database import StoreError

    def run(query: str, limit: int) -> list[str]:
        try:
            if mode == "bm25-any":
                hits = dossier.store.search(query, limit=limit, any_word=True)
            else:
                hits = dossier.search(query, mode=mode, limit=limit)
        except StoreError:
            return []
        return [hit.id for hit in hits]

    return run


def scores(ranked: Sequence[str], relevant: set[str]) -> tuple[float, float]:
    """nDCG@K (binary gains) and recall@K."""
    gains = [1.0 if doc in relevant else 0.0 for doc in ranked[:K]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    return (dcg / ideal if ideal else 0.0), (sum(gains) / len(relevant) if relevant else 0.0)


def quality(
    dossier: Any, queries: Sequence[dict[str, Any]], members: Mapping[str, set[str]],
    doc_id: Mapping[str, str],
) -> dict[str, dict[str, float]]:  # fmt: skip
    result = {}
    for mode in MODES:
        run = searcher(dossier, mode)
        ndcgs, recalls = [], []
        for q in queries:
            own = doc_id.get(q["from_article"]) if q.get("from_article") else None
            relevant = members[q["cluster"]] - {own}
            ranked = [d for d in run(q["query"], K + 1) if d != own][:K]
            ndcg, recall = scores(ranked, relevant)
            ndcgs.append(ndcg)
            recalls.append(recall)
        result[mode] = {"ndcg@10": statistics.mean(ndcgs), "recall@10": statistics.mean(recalls)}
    return result


def embedding_cost(articles: Sequence[dict[str, Any]], ingest_ms: float) -> dict[str, float]:
    from storyline.analyse.embeddings import document_text, load_embedder

    embedder = load_embedder()
    assert embedder is not None, "no embedding model in this install"
    texts = [document_text(a["title"], a["text"]) for a in articles]
    embedder.encode(texts[:8])  # warm
    started = time.perf_counter()
    for _ in range(3):
        embedder.encode(texts)
    ms = 1000 * (time.perf_counter() - started) / (3 * len(texts))
    return {"embed_ms_per_document": ms, "ingest_ms_per_document": ingest_ms,
            "share_of_ingest": ms / ingest_ms}  # fmt: skip


def grown_store(source: Path, target: Path, documents: int) -> int:
    """Copy the store and add copies of its documents under new ids until it holds
    ``documents``: the full-text index and the vector table grow as with real articles."""
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    rng = np.random.default_rng(0)
    base = db.execute(
        "SELECT d.id, d.title, d.body, d.published, d.outlet, v.model, v.vector "
        "FROM documents d JOIN document_vectors v ON v.document_id = d.id"
    ).fetchall()
    count = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    copy = 0
    while count < documents:
        copy += 1
        for doc, title, body, published, outlet, model, vector in base:
            if count >= documents:
                break
            new = f"{doc[:10]}{copy:06d}"
            db.execute(
                "INSERT INTO documents (id, source, kind, title, outlet, published, body, "
                "boilerplate, captions, ingested_at) VALUES (?, 'grown', 'text', ?, ?, ?, ?, "
                "'[]', '[]', '')",
                (new, title, outlet, published, body),
            )
            jitter = np.frombuffer(vector, dtype="<f2").astype(np.float32)
            jitter = jitter + rng.normal(0, 0.02, jitter.shape).astype(np.float32)
            jitter /= np.linalg.norm(jitter)
            db.execute(
                "INSERT INTO document_vectors VALUES (?, ?, ?)",
                (new, model, jitter.astype("<f2").tobytes()),
            )
            count += 1
    db.commit()
    db.close()
    return count


def latency(path: Path, queries: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    from storyline.api import Dossier

    result = {}
    with Dossier(str(path)) as dossier:
        for mode in ("words", "meaning", "hybrid"):
            run = searcher(dossier, mode)
            run(queries[0]["query"], K)  # warm
            times = []
            for q in queries:
                started = time.perf_counter()
                run(q["query"], K)
                times.append(1000 * (time.perf_counter() - started))
            times.sort()
            result[mode] = {"p50_ms": statistics.median(times),
                            "p95_ms": times[max(0, math.ceil(0.95 * len(times)) - 1)]}  # fmt: skip
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from storyline.api import Dossier

    articles = load_split(args.data, args.split)
    queries = load_queries(args.split)
    run = split_run(articles, args.cache)
    doc_id = {bench: record["id"] for bench, record in run.exported.documents.items()}
    members: dict[str, set[str]] = {}
    for article in articles:
        if article["id"] in doc_id:
            members.setdefault(article["cluster"], set()).add(doc_id[article["id"]])
    with tempfile.TemporaryDirectory(prefix="storyline-search-") as scratch:
        store = Path(scratch) / "search.db"
        shutil.copyfile(run.db, store)
        with Dossier(str(store)) as dossier:
            found = quality(dossier, queries, members, doc_id)
        ingest_ms = 1000 * run.exported.ingest_seconds / len(articles)
        cost = embedding_cost(articles, ingest_ms)
        grown = Path(scratch) / "grown.db"
        size = grown_store(run.db, grown, args.documents)
        speed = latency(grown, queries)
    result = {"split": args.split, "queries": len(queries), "quality": found, "cost": cost,
              "latency_documents": size, "latency": speed}  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"search {args.split}: {len(queries)} queries, {len(articles)} articles")
    for mode, figures in found.items():
        print(f"  {mode:9s} nDCG@10 {figures['ndcg@10']:.3f}  recall@10 {figures['recall@10']:.3f}")
    print(
        f"  embedding {cost['embed_ms_per_document']:.2f} ms per article = "
        f"{100 * cost['share_of_ingest']:.1f}% of the whole ingest "
        f"({cost['ingest_ms_per_document']:.0f} ms per article, 2 workers)"
    )
    for mode, figures in speed.items():
        print(
            f"  latency at {size:,} documents, {mode:8s} p50 {figures['p50_ms']:.1f} ms  "
            f"p95 {figures['p95_ms']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

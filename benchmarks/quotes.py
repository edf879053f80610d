"""Quote extraction and speaker attribution on PolNeAR (84 real political news articles a split).

Runs storyline's language pipeline (with ``storyline_entities`` and ``storyline_quotes``) over each
article's text and scores the attributions it finds against the human annotation:

* quote spans: precision/recall/F1 at four matching levels: ``overlap`` (any shared letter or
  digit), ``jaccard50``, ``exact`` (same letters and digits) and ``strict`` (same offsets), after a
  greedy one-to-one alignment by Jaccard over the quotes' letters and digits;
* speaker accuracy on overlap-matched pairs: the predicted source span overlaps the gold one, or
  the names agree (case, honorifics and possessives aside; one may be a part of the other ending in
  the same word);
* quote+speaker: end-to-end F1 where a true positive needs a matched quote and a correct speaker.

"speech-only" keeps the gold attributions whose cue is a verb of saying (PolNeAR also annotates
beliefs and findings); predictions that land only on an excluded attribution count neither way.
"direct" keeps direct quotes only. The method is the reference scorer's (shared/scorers/quotes.py),
re-implemented here so the benchmark stands alone.

Usage: python benchmarks/quotes.py [--split dev|test] [--data ../shared/benchmarks/quotes]
                                   [--limit N] [--json] [--dump FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "quotes"

SPEECH_CUE = re.compile(
    r"\b(say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|note|notes|noted|"
    r"noting|write|writes|wrote|written|writing|tweet\w*|ask|asks|asked|asking|explain\w*|"
    r"claim\w*|argu\w*|insist\w*|warn\w*|announc\w*|declar\w*|repl\w*|respond\w*|state|states|"
    r"stated|stating|according|recall\w*|acknowledg\w*|admit\w*|den(y|ies|ied|ying)|testif\w*|"
    r"remark\w*|comment\w*|complain\w*|contend\w*|predict\w*|promis\w*|vow\w*|urg\w*|"
    r"confirm\w*|conced\w*|quip\w*|joke\w*|suggest\w*|allege\w*|assert\w*|mention\w*)\b",
    re.IGNORECASE,
)
HONORIFICS = {"mr", "mrs", "ms", "dr", "sen", "sens", "gov", "rep", "reps", "president",
              "senator", "governor", "sir", "gen", "rev", "the", "former", "secretary", "vice",
              "candidate", "nominee", "presidentelect", "judge", "mayor", "speaker"}  # fmt: skip


# --- scoring --------------------------------------------------------------------------------------


def letters(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(max(0, s), min(len(text), e)) if text[i].isalnum()}


def quote_spans(quote: dict[str, Any]) -> list[tuple[int, int]]:
    return [tuple(s) for s in quote.get("spans") or []] or [(quote["start"], quote["end"])]  # type: ignore[misc]


def name_tokens(name: str | None) -> list[str]:
    if not name:
        return []
    tokens = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", name.lower()))
    while tokens and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def names_agree(a: str | None, b: str | None) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    return ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta))


def speaker_correct(text: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    gold_has = gold.get("speaker_start") is not None
    pred_has = (
        pred.get("speaker_start") is not None
        or bool(pred.get("speaker"))
        or bool(pred.get("speaker_canonical"))
    )
    if not gold_has:
        return not pred_has
    if not pred_has:
        return False
    if pred.get("speaker_start") is not None:
        gold_span = letters(text, [(gold["speaker_start"], gold["speaker_end"])])
        if gold_span & letters(text, [(pred["speaker_start"], pred["speaker_end"])]):
            return True
    pred_name = pred.get("speaker_canonical") or pred.get("speaker")
    gold_name = gold.get("speaker_canonical") or gold.get("speaker")
    return (
        names_agree(pred_name, gold_name)
        or names_agree(pred_name, gold.get("speaker"))
        or names_agree(pred.get("speaker"), gold_name)
    )


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp,
            "pred": predicted, "gold": gold}  # fmt: skip


def score(
    golds: list[dict[str, Any]],
    preds: dict[str, list[dict[str, Any]]],
    *,
    kinds: set[str] | None = None,
    speech_only: bool = False,
) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for doc in golds:
        text = doc["text"]

        def keep(q: dict[str, Any]) -> bool:
            return (kinds is None or q.get("kind") in kinds) and (
                not speech_only or bool(q.get("cue") and SPEECH_CUE.search(q["cue"]))
            )

        kept = [q for q in doc["quotes"] if keep(q)]
        excluded = [letters(text, quote_spans(q)) for q in doc["quotes"] if not keep(q)]
        gold_sets = [letters(text, quote_spans(q)) for q in kept]
        predicted, pred_sets = [], []
        for quote in preds.get(doc["id"], []):
            found = letters(text, quote_spans(quote))
            if not found:
                continue
            if (
                excluded
                and any(found & ex for ex in excluded)
                and not any(found & g for g in gold_sets)
            ):
                continue
            predicted.append(quote)
            pred_sets.append(found)
        counts["pred"] += len(predicted)
        counts["gold"] += len(kept)
        pairs = sorted(
            ((len(p & g) / len(p | g), i, j) for i, p in enumerate(pred_sets)
             for j, g in enumerate(gold_sets) if p & g),
            reverse=True,
        )  # fmt: skip
        used_p: set[int] = set()
        used_g: set[int] = set()
        for jaccard, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            pred, gold = predicted[i], kept[j]
            counts["tp_overlap"] += 1
            counts["tp_jaccard50"] += jaccard >= 0.5
            counts["tp_exact"] += pred_sets[i] == gold_sets[j]
            counts["tp_strict"] += (pred["start"], pred["end"]) == (gold["start"], gold["end"])
            correct = speaker_correct(text, gold, pred)
            counts["speaker_pairs"] += 1
            counts["speaker_ok"] += correct
    result: dict[str, Any] = {
        level: prf(counts[f"tp_{level}"], counts["pred"], counts["gold"])
        for level in ("overlap", "jaccard50", "exact", "strict")
    }
    pairs_n = counts["speaker_pairs"]
    result["speaker_accuracy"] = counts["speaker_ok"] / pairs_n if pairs_n else 0.0
    result["quote_plus_speaker"] = prf(counts["speaker_ok"], counts["pred"], counts["gold"])
    return result


# --- running storyline --------------------------------------------------------------------------


def predict(docs: list[dict[str, Any]]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, float]]:
    """storyline's attributions for each article, and what its components cost.

    The cost is measured apart, because whole-pipeline timings drift by 20-30% between runs on a
    shared machine: the spaCy model's time over the texts, and the time of storyline's entity and
    quote components over the same texts once parsed; each the best of two runs.
    """
    from storyline.nlp.model import load_model, load_pipeline

    texts = [doc["text"] for doc in docs]
    nlp = load_pipeline()
    analysed = list(nlp.pipe(texts))
    ours = [
        name
        for name in nlp.pipe_names
        if name.startswith("storyline_") and name != "storyline_paragraphs"
    ]
    base_seconds = min(_timed(lambda: list(load_model().pipe(texts))) for _ in range(2))
    parsed = list(nlp.pipe(texts, disable=ours))
    component_seconds = min(
        _timed(lambda: [nlp.get_pipe(name)(doc) for doc in parsed for name in ours])
        for _ in range(2)
    )
    preds = {}
    for doc, analysed_doc in zip(docs, analysed, strict=True):
        preds[doc["id"]] = [
            {
                "start": q.start,
                "end": q.end,
                "spans": [list(s) for s in q.spans],
                "kind": q.kind,
                "cue": q.cue,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker_canonical": q.speaker_name,
            }
            for q in analysed_doc._.storyline_quotes
        ]
    timing = {
        "docs": len(docs),
        "base_ms_per_doc": 1000 * base_seconds / len(docs),
        "components_ms_per_doc": 1000 * component_seconds / len(docs),
        "added_share": component_seconds / base_seconds if base_seconds else 0.0,
    }
    return preds, timing


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dump", type=Path, help="write predictions as JSON Lines here")
    args = parser.parse_args(argv)
    with open(args.data / f"{args.split}.jsonl", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()][: args.limit]
    preds, timing = predict(docs)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for doc in docs:
                out.write(json.dumps({"id": doc["id"], "quotes": preds[doc["id"]]}) + "\n")
    results = {
        "all attributions": score(docs, preds),
        "speech-only": score(docs, preds, speech_only=True),
        "speech-only, direct": score(docs, preds, speech_only=True, kinds={"direct"}),
        "speech-only, indirect": score(docs, preds, speech_only=True, kinds={"indirect"}),
        "speech-only, mixed": score(docs, preds, speech_only=True, kinds={"mixed"}),
    }
    if args.json:
        json.dump({"split": args.split, "results": results, "timing": timing}, sys.stdout, indent=1)
        print()
        return 0
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    header = f"{'subset':24}{'quote P':>9}{'R':>7}{'F1':>7}{'jacc50 F1':>11}{'exact F1':>10}"
    header += f"{'spk acc':>9}{'q+spk P':>9}{'R':>7}{'F1':>7}{'gold':>6}"
    print(header)
    for name, r in results.items():
        o, qs = r["overlap"], r["quote_plus_speaker"]
        print(
            f"{name:24}{o['P']:>9.3f}{o['R']:>7.3f}{o['F1']:>7.3f}{r['jaccard50']['F1']:>11.3f}"
            f"{r['exact']['F1']:>10.3f}{r['speaker_accuracy']:>9.3f}{qs['P']:>9.3f}{qs['R']:>7.3f}"
            f"{qs['F1']:>7.3f}{o['gold']:>6}"
        )
    print(
        f"time: spaCy {timing['base_ms_per_doc']:.0f} ms/doc; storyline's entity and quote "
        f"components {timing['components_ms_per_doc']:.1f} ms/doc (+{timing['added_share']:.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

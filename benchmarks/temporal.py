"""Time expressions on TempEval-3: span, type and value scores, and the normaliser's speed.

Runs storyline's language pipeline over each document, with the document creation date as the
reference date, and scores the expressions it finds against the gold TIMEX3 annotation the
TempEval-3 way (UzZaman et al. 2013), on character offsets:

* alignment: exact-span pairs first, then the rest greedily by largest overlap, one-to-one;
* strict and relaxed (any overlap) span precision/recall/F1, micro over all documents;
* type and value accuracy on relaxed matches, and type/value F1 = relaxed F1 x accuracy
  ("value F1" is TempEval-3's ranking measure).

Also: the normaliser alone on the gold spans (value accuracy when the span is given), and, if
``dateparser`` is installed, dateparser on the same gold spans with the same reference date,
for comparison; and the time per expression of both.

Usage: python benchmarks/temporal.py [--split dev|test] [--json]
                                     [--data ../shared/benchmarks/temporal]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "temporal"


def align(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs: exact spans first, then by largest overlap (ties: closer length)."""
    pairs, used_g, used_s = [], set(), set()
    exact: dict[tuple[int, int], list[int]] = {}
    for si, s in enumerate(system):
        exact.setdefault((s["start"], s["end"]), []).append(si)
    for gi, g in enumerate(gold):
        free = [si for si in exact.get((g["start"], g["end"]), []) if si not in used_s]
        if free:
            pairs.append((gi, free[0]))
            used_g.add(gi)
            used_s.add(free[0])
    candidates = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for si, s in enumerate(system):
            if si in used_s:
                continue
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > 0:
                length_gap = abs((g["end"] - g["start"]) - (s["end"] - s["start"]))
                candidates.append((-overlap, length_gap, g["start"], gi, si))
    for _, _, _, gi, si in sorted(candidates):
        if gi not in used_g and si not in used_s:
            pairs.append((gi, si))
            used_g.add(gi)
            used_s.add(si)
    return pairs


def score(golds: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    n_gold = n_sys = strict = relaxed = type_ok = value_ok = 0
    for doc in golds:
        gold, system = doc["timexes"], preds.get(doc["id"], [])
        n_gold += len(gold)
        n_sys += len(system)
        for gi, si in align(gold, system):
            g, s = gold[gi], system[si]
            relaxed += 1
            strict += (g["start"], g["end"]) == (s["start"], s["end"])
            type_ok += g["type"] == s["type"]
            value_ok += str(g["value"]).strip() == str(s["value"]).strip()

    def f1(matches: int) -> tuple[float, float, float]:
        p, r = matches / n_sys if n_sys else 0.0, matches / n_gold if n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    sp, sr, sf = f1(strict)
    rp, rr, rf = f1(relaxed)
    return {
        "gold": n_gold, "system": n_sys,
        "strict_P": sp, "strict_R": sr, "strict_F1": sf,
        "relaxed_P": rp, "relaxed_R": rr, "relaxed_F1": rf,
        "type_accuracy": type_ok / relaxed if relaxed else 0.0,
        "value_accuracy": value_ok / relaxed if relaxed else 0.0,
        "type_F1": rf * (type_ok / relaxed if relaxed else 0.0),
        "value_F1": rf * (value_ok / relaxed if relaxed else 0.0),
    }  # fmt: skip


def predict(
    docs: list[dict[str, Any]], keep: Path | None = None
) -> dict[str, list[dict[str, Any]]]:
    """What ``storyline export`` says of each document, ingested as JSON Lines with its title and
    creation date as ``published``; offsets carried back from ``body`` to the source text."""
    from product import BodyMap, mapped, run_jsonl, workdir

    items = [(doc["id"], {"text": doc["text"], "title": doc.get("title"), "published": doc["dct"]})
             for doc in docs]  # fmt: skip
    with workdir(keep) as folder:
        exported = run_jsonl(items, folder)
    preds = {}
    for doc in docs:
        record = exported.documents.get(doc["id"])
        if record is None:
            preds[doc["id"]] = []
            continue
        timexes = [{key: t[key] for key in ("start", "end", "text", "type", "value")}
                   for t in record["timexes"]]  # fmt: skip
        preds[doc["id"]] = mapped(timexes, BodyMap(record["body"], doc["text"]))
    return preds


def predict_component(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The language pipeline alone on the raw text, with the creation date as reference."""
    from storyline.analyse.model import load_pipeline
    from storyline.analyse.timexes import doc_timexes

    nlp = load_pipeline()
    prepared = []
    for doc in docs:
        spacy_doc = nlp.make_doc(doc["text"])
        spacy_doc._.storyline_reference = doc["dct"]
        prepared.append(spacy_doc)
    preds = {}
    for doc, analysed in zip(docs, nlp.pipe(prepared), strict=True):
        preds[doc["id"]] = [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            for t in doc_timexes(analysed)
        ]
    return preds


def normaliser_on_gold_spans(docs: list[dict[str, Any]]) -> dict[str, float]:
    """storyline's normaliser given each gold span (no tense: the span alone), and its speed."""
    from storyline.analyse.timenorm import find_expressions, resolve

    right = total = 0
    started = time.perf_counter()
    for doc in docs:
        reference = date.fromisoformat(doc["dct"][:10])
        for gold in doc["timexes"]:
            total += 1
            found = find_expressions(gold["text"])
            if found:
                value = resolve(found[0].expression, reference).value
                right += value == gold["value"]
    seconds = time.perf_counter() - started
    return {
        "value_accuracy": right / total,
        "ms_per_expression": 1000 * seconds / total,
        "n": total,
    }


def dateparser_on_gold_spans(docs: list[dict[str, Any]]) -> dict[str, float] | None:
    """dateparser on the same gold spans, its date cut to the gold value's granularity."""
    try:
        import dateparser
    except ImportError:
        return None
    right = total = 0
    started = time.perf_counter()
    for doc in docs:
        base = datetime.fromisoformat(doc["dct"][:10])
        for gold in doc["timexes"]:
            total += 1
            parsed = dateparser.parse(gold["text"], settings={"RELATIVE_BASE": base})
            if parsed is not None:
                value = parsed.date().isoformat()
                gold_value = str(gold["value"])
                right += len(gold_value) <= 10 and value[: len(gold_value)] == gold_value
    seconds = time.perf_counter() - started
    return {
        "value_accuracy": right / total,
        "ms_per_expression": 1000 * seconds / total,
        "n": total,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dump", type=Path, help="write predictions as JSON Lines here")
    parser.add_argument("--keep", type=Path, help="keep the store and export in this folder")
    parser.add_argument(
        "--component", action="store_true", help="also score the spaCy pipeline alone on raw text"
    )
    args = parser.parse_args(argv)
    with open(args.data / f"{args.split}.jsonl", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    preds = predict(docs, args.keep)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for doc in docs:
                out.write(json.dumps({"id": doc["id"], "timexes": preds[doc["id"]]}) + "\n")
    results = {
        "pipeline": score(docs, preds),
        "component": score(docs, predict_component(docs)) if args.component else None,
        "storyline normaliser on gold spans": normaliser_on_gold_spans(docs),
        "dateparser on gold spans": dateparser_on_gold_spans(docs),
    }
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return 0
    r = results["pipeline"]
    print(
        f"TempEval-3 {args.split}, through storyline ingest -> export: {len(docs)} documents, "
        f"{r['gold']} gold timexes, {r['system']} found"
    )
    print(f"{'':14}{'P':>8}{'R':>8}{'F1':>8}")
    print(f"{'strict span':14}{r['strict_P']:>8.3f}{r['strict_R']:>8.3f}{r['strict_F1']:>8.3f}")
    print(f"{'relaxed span':14}{r['relaxed_P']:>8.3f}{r['relaxed_R']:>8.3f}{r['relaxed_F1']:>8.3f}")
    print(f"type accuracy {r['type_accuracy']:.3f}  type F1 {r['type_F1']:.3f}")
    print(f"value accuracy {r['value_accuracy']:.3f}  value F1 {r['value_F1']:.3f}")
    if results["component"]:
        c = results["component"]
        print(f"component (spaCy pipeline on raw text, not the product): relaxed F1 "
              f"{c['relaxed_F1']:.3f}, value F1 {c['value_F1']:.3f}")  # fmt: skip
    for name in ("storyline normaliser on gold spans", "dateparser on gold spans"):
        row = results[name]
        if row is None:
            print(f"{name}: not installed (pip install dateparser to compare)")
        else:
            print(f"{name}: value accuracy {row['value_accuracy']:.3f}, "
                  f"{row['ms_per_expression']:.3f} ms per expression")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

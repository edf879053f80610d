"""Quote extraction and speaker attribution on PolNeAR (84 real political news articles a split).

Two rows. "product": each article goes through the product as a user's would (JSON Lines with its
title, date as ``published`` and publisher as ``outlet``; ``storyline ingest`` into a fresh store,
``storyline export``), and the exported quotes' and speakers' offsets are carried from ``body`` back
to the article's text (``benchmarks/product.py``). "component": storyline's language pipeline alone
on the raw text. The headline figures are speech-only quote+speaker F1 and the speaker accuracy of
direct quotes. Both rows are scored against the human annotation:

* quote spans: precision/recall/F1 at four matching levels: ``overlap`` (any shared letter or
  digit), ``jaccard50``, ``exact`` (same letters and digits) and ``strict`` (same offsets), after a
  greedy one-to-one alignment by Jaccard over the quotes' letters and digits;
* speaker accuracy on overlap-matched pairs: the predicted source span overlaps the gold one, or
  the names agree (case, honorifics and possessives aside; one may be a part of the other ending in
  the same word);
* quote+speaker: end-to-end F1 where a true positive needs a matched quote and a correct speaker;
* with ``--by-speaker-kind``, the product row's speaker accuracy on overlap-matched pairs by the
  kind of the predicted speaker (``name``, ``pronoun``, ``nominal``, any other value, ``null`` for
  a speaker without a kind, ``none`` for no speaker): how far each kind's speakers can be trusted.

"speech-only" keeps the gold attributions whose cue is a verb of saying (PolNeAR also annotates
beliefs and findings); predictions that land only on an excluded attribution count neither way.
"direct" keeps direct quotes only. The method is the reference scorer's (shared/scorers/quotes.py),
re-implemented here so the benchmark stands alone.

``--set unseen`` scores issue 17's unseen coverage instead (``benchmarks/unseen_quotes.py``:
clustering articles labelled by ``docs/labelling/quotes.md``; dev 40, test 40), through the
product too.

Usage: python benchmarks/quotes.py [--set polnear|unseen] [--split dev|test]
           [--data ../shared/benchmarks/quotes]
           [--limit N] [--runs product,component] [--timing] [--json] [--dump FILE]
           [--errors FILE] [--keep DIR] [--by-speaker-kind]
(--dump and --errors write FILE.product.jsonl / FILE.component.jsonl when both rows run.)
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
    by_speaker_kind: bool = False,
    speaker_check: Any = None,
) -> dict[str, Any]:
    """Quote spans and speakers of ``preds`` against ``golds`` (``speaker_check(text, gold,
    pred)`` decides a matched pair's speaker; :func:`speaker_correct` by default)."""
    speaker_check = speaker_check or speaker_correct
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, bool]] = Counter()
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
            correct = speaker_check(text, gold, pred)
            counts["speaker_pairs"] += 1
            counts["speaker_ok"] += correct
            by_kind[pred.get("speaker_kind") or "none", correct] += 1
    result: dict[str, Any] = {
        level: prf(counts[f"tp_{level}"], counts["pred"], counts["gold"])
        for level in ("overlap", "jaccard50", "exact", "strict")
    }
    pairs_n = counts["speaker_pairs"]
    result["speaker_accuracy"] = counts["speaker_ok"] / pairs_n if pairs_n else 0.0
    result["quote_plus_speaker"] = prf(counts["speaker_ok"], counts["pred"], counts["gold"])
    if by_speaker_kind:
        result["speaker_by_kind"] = {
            kind: {"n": by_kind[kind, True] + by_kind[kind, False],
                   "accuracy": by_kind[kind, True] / (by_kind[kind, True] + by_kind[kind, False])}
            for kind in sorted({kind for kind, _ in by_kind}, key=kind_order)
        }  # fmt: skip
    return result


def kind_order(kind: str) -> tuple[int, str]:
    """The speaker kinds as the export names them first, then any other, then none."""
    known = ("name", "pronoun", "nominal")
    return (known.index(kind) if kind in known else 4 if kind == "none" else 3, kind)


# --- running storyline --------------------------------------------------------------------------


def predict(
    docs: list[dict[str, Any]], *, keep: Path | None = None
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, float]]:
    """What the product says: each article ingested as JSON Lines with the metadata the set gives
    (title, date as ``published``, publisher as ``outlet``), exported, and every quote's and
    speaker's offsets carried from the exported ``body`` back to the article's text."""
    from product import BodyMap, run_jsonl, workdir

    items = [
        (doc["id"], {"text": doc["text"], "title": doc.get("title"), "published": doc.get("date"),
                     "outlet": doc.get("publisher")})
        for doc in docs
    ]  # fmt: skip
    with workdir(keep) as folder:
        exported = run_jsonl(items, folder)
    preds: dict[str, list[dict[str, Any]]] = {}
    kept = []
    for doc in docs:
        record = exported.documents.get(doc["id"])
        if record is None:
            preds[doc["id"]] = []
            continue
        body_map = BodyMap(record["body"], doc["text"])
        kept.append(body_map.kept_share())
        preds[doc["id"]] = [
            quote for quote in (_carried(q, body_map) for q in record["quotes"]) if quote
        ]
    info = {
        "docs": len(docs),
        "exported": len(exported.documents),
        "ingest_s_per_doc": exported.ingest_seconds / len(docs) if docs else 0.0,
        "kept_share": sum(kept) / len(kept) if kept else 0.0,
    }
    return preds, info


def _carried(quote: dict[str, Any], body_map: Any) -> dict[str, Any] | None:
    """An exported quote with its offsets in the source text; None when none of it is there."""
    spans = [body_map.span(s, e) for s, e in quote.get("spans") or [(quote["start"], quote["end"])]]
    spans = [span for span in spans if span is not None]
    if not spans:
        return None
    speaker = quote.get("speaker") or {}
    speaker_span = None
    if speaker.get("start") is not None and speaker.get("end") is not None:
        speaker_span = body_map.span(speaker["start"], speaker["end"])
    return {
        "start": spans[0][0],
        "end": spans[-1][1],
        "spans": [list(span) for span in spans],
        "kind": quote.get("kind"),
        "cue": quote.get("cue"),
        "speaker": speaker.get("text"),
        "speaker_start": speaker_span[0] if speaker_span else None,
        "speaker_end": speaker_span[1] if speaker_span else None,
        "speaker_canonical": speaker.get("name"),
        "speaker_kind": (speaker.get("kind") or "null") if speaker else "none",
    }


def predict_component(
    docs: list[dict[str, Any]], *, timing: bool = False
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, float]]:
    """The language pipeline alone on each article's raw text, and (with ``timing``) what its
    components cost.

    The cost is measured apart, because whole-pipeline timings drift by 20-30% between runs on a
    shared machine: the spaCy model's time over the texts, and the time of storyline's entity and
    quote components over the same texts once parsed; each the best of two runs.
    """
    from storyline.analyse.model import load_model, load_pipeline
    from storyline.analyse.quotes import doc_quotes

    texts = [doc["text"] for doc in docs]
    nlp = load_pipeline()
    analysed = list(nlp.pipe(texts))
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
            for q in doc_quotes(analysed_doc)
        ]
    info: dict[str, float] = {"docs": len(docs)}
    if timing:
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
        info["base_ms_per_doc"] = 1000 * base_seconds / len(docs)
        info["components_ms_per_doc"] = 1000 * component_seconds / len(docs)
        info["added_share"] = component_seconds / base_seconds if base_seconds else 0.0
    return preds, info


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


# --- errors -------------------------------------------------------------------------------------


def errors(
    golds: list[dict[str, Any]],
    preds: dict[str, list[dict[str, Any]]],
    *,
    speech_only: bool = True,
    speaker_check: Any = None,
) -> list[dict[str, Any]]:
    """The (speech-only) gold attributions missed or given the wrong speaker, and the
    predictions matching no gold attribution, with enough context to read them (aligned and
    judged as :func:`score`)."""
    speaker_check = speaker_check or speaker_correct
    out: list[dict[str, Any]] = []
    for doc in golds:
        text = doc["text"]
        is_kept = [
            not speech_only or bool(q.get("cue") and SPEECH_CUE.search(q["cue"]))
            for q in doc["quotes"]
        ]
        gold_sets = [letters(text, quote_spans(q)) for q in doc["quotes"]]
        predicted = [q for q in preds.get(doc["id"], []) if letters(text, quote_spans(q))]
        pred_sets = [letters(text, quote_spans(q)) for q in predicted]
        pairs = sorted(
            ((len(p & g) / len(p | g), i, j) for i, p in enumerate(pred_sets)
             for j, g in enumerate(gold_sets) if p & g),
            reverse=True,
        )  # fmt: skip
        match_of_gold: dict[int, int] = {}
        used: set[int] = set()
        for _, i, j in pairs:
            if i not in used and j not in match_of_gold:
                used.add(i)
                match_of_gold[j] = i

        def clip(start: int, end: int, text: str = text) -> str:
            return text[start:end] if end - start <= 300 else text[start : start + 300] + "…"

        for j, gold in enumerate(doc["quotes"]):
            if not is_kept[j]:
                continue
            row = {
                "doc": doc["id"], "kind": gold["kind"], "cue": gold.get("cue"),
                "gold_quote": clip(gold["start"], gold["end"]), "gold_speaker": gold.get("speaker"),
                "gold_canonical": gold.get("speaker_canonical"),
            }  # fmt: skip
            if j not in match_of_gold:
                out.append({"error": "missed", **row})
                continue
            pred = predicted[match_of_gold[j]]
            if not speaker_check(text, gold, pred):
                out.append(
                    {"error": "speaker", **row, "pred_quote": clip(pred["start"], pred["end"]),
                     "pred_speaker": pred.get("speaker"),
                     "pred_name": pred.get("speaker_canonical"), "pred_cue": pred.get("cue")}
                )  # fmt: skip
        for i, pred in enumerate(predicted):
            if i not in used:
                out.append(
                    {"error": "spurious", "doc": doc["id"], "kind": pred.get("kind"),
                     "cue": pred.get("cue"), "pred_quote": clip(pred["start"], pred["end"]),
                     "pred_speaker": pred.get("speaker"),
                     "pred_name": pred.get("speaker_canonical")}
                )  # fmt: skip
    return out


# --- the report ---------------------------------------------------------------------------------

SUBSETS: dict[str, dict[str, Any]] = {
    "all attributions": {},
    "speech-only": {"speech_only": True},
    "speech-only, direct": {"speech_only": True, "kinds": {"direct"}},
    "speech-only, indirect": {"speech_only": True, "kinds": {"indirect"}},
    "speech-only, mixed": {"speech_only": True, "kinds": {"mixed"}},
}


def results_of(docs: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict:
    return {name: score(docs, preds, **options) for name, options in SUBSETS.items()}


KIND_SUBSETS = ("all attributions", "speech-only", "speech-only, direct")


def by_speaker_kind(
    docs: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]
) -> dict[str, dict[str, dict[str, float]]]:
    """Speaker accuracy on overlap-matched pairs by predicted speaker kind, per subset."""
    return {
        name: score(docs, preds, by_speaker_kind=True, **SUBSETS[name])["speaker_by_kind"]
        for name in KIND_SUBSETS
    }


def headline(results: dict[str, Any]) -> dict[str, float]:
    """The figures the bar is set on."""
    speech, direct = results["speech-only"], results["speech-only, direct"]
    return {
        "speech_quote_speaker_F1": speech["quote_plus_speaker"]["F1"],
        "direct_speaker_accuracy": direct["speaker_accuracy"],
        "speech_quote_P": speech["overlap"]["P"],
        "speech_quote_R": speech["overlap"]["R"],
        "speech_quote_F1": speech["overlap"]["F1"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--runs", default="product,component", help="which rows: product, component or both"
    )
    parser.add_argument("--timing", action="store_true", help="time the components too")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dump", type=Path, help="write predictions as JSON Lines here")
    parser.add_argument("--errors", type=Path, help="write speech-only errors as JSON Lines here")
    parser.add_argument("--keep", type=Path, help="keep the product run's files in this folder")
    parser.add_argument(
        "--by-speaker-kind", action="store_true",
        help="the product row's speaker accuracy by predicted speaker kind",
    )  # fmt: skip
    parser.add_argument(
        "--set", choices=("polnear", "unseen"), default="polnear",
        help="unseen: issue 17's hand-labelled clustering articles (benchmarks/unseen_quotes.py)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.set == "unseen":
        from unseen_quotes import print_score, split_articles

        if args.errors and args.split == "test":
            parser.error("the test set's errors are not read; use --split dev")
        articles = {a["id"]: a for a in split_articles(args.split)}
        print_score(articles, args.split, as_json=args.json, errors_to=args.errors)
        return 0
    with open(args.data / f"{args.split}.jsonl", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()][: args.limit]
    runs = [run.strip() for run in args.runs.split(",") if run.strip()]
    if args.by_speaker_kind and "product" not in runs:
        parser.error("--by-speaker-kind needs the product row")
    preds_of: dict[str, dict[str, list[dict[str, Any]]]] = {}
    info_of: dict[str, dict[str, float]] = {}
    for run in runs:
        if run == "product":
            preds_of[run], info_of[run] = predict(docs, keep=args.keep)
        elif run == "component":
            preds_of[run], info_of[run] = predict_component(docs, timing=args.timing)
        else:
            parser.error(f"unknown run {run!r}")
    for suffix, write in (("dump", args.dump), ("errors", args.errors)):
        if write is None:
            continue
        for run, preds in preds_of.items():
            path = write if len(preds_of) == 1 else write.with_suffix(f".{run}{write.suffix}")
            with open(path, "w", encoding="utf-8") as out:
                rows = (
                    ({"id": doc["id"], "quotes": preds[doc["id"]]} for doc in docs)
                    if suffix == "dump"
                    else errors(docs, preds)
                )
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    results = {run: results_of(docs, preds) for run, preds in preds_of.items()}
    kinds = by_speaker_kind(docs, preds_of["product"]) if args.by_speaker_kind else None
    if args.json:
        json.dump(
            {"split": args.split, "headline": {run: headline(r) for run, r in results.items()},
             "results": results, "info": info_of,
             **({"speaker_by_kind": kinds} if kinds else {})},
            sys.stdout, indent=1,
        )  # fmt: skip
        print()
        return 0
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    print(f"{'run':11}{'speech q+spk F1':>16}{'direct spk acc':>15}{'quote P':>9}{'R':>7}{'F1':>7}")
    for run, r in results.items():
        h = headline(r)
        print(
            f"{run:11}{h['speech_quote_speaker_F1']:>16.3f}{h['direct_speaker_accuracy']:>15.3f}"
            f"{h['speech_quote_P']:>9.3f}{h['speech_quote_R']:>7.3f}{h['speech_quote_F1']:>7.3f}"
        )
    for run, r in results.items():
        print(f"\n{run}:")
        header = f"{'subset':24}{'quote P':>9}{'R':>7}{'F1':>7}{'jacc50 F1':>11}{'exact F1':>10}"
        header += f"{'spk acc':>9}{'q+spk P':>9}{'R':>7}{'F1':>7}{'gold':>6}"
        print(header)
        for name, row in r.items():
            o, qs = row["overlap"], row["quote_plus_speaker"]
            print(
                f"{name:24}{o['P']:>9.3f}{o['R']:>7.3f}{o['F1']:>7.3f}"
                f"{row['jaccard50']['F1']:>11.3f}{row['exact']['F1']:>10.3f}"
                f"{row['speaker_accuracy']:>9.3f}{qs['P']:>9.3f}{qs['R']:>7.3f}{qs['F1']:>7.3f}"
                f"{o['gold']:>6}"
            )
    if kinds:
        print("\nproduct, speaker accuracy by predicted speaker kind (overlap-matched quotes):")
        print(f"{'speaker kind':14}" + "".join(f"{name:>26}" for name in KIND_SUBSETS))
        print(f"{'':14}" + f"{'n':>18}{'acc':>8}" * len(KIND_SUBSETS))
        for kind in sorted({k for table in kinds.values() for k in table}, key=kind_order):
            cells = [kinds[name].get(kind) for name in KIND_SUBSETS]
            print(
                f"{kind:14}"
                + "".join(f"{c['n']:>18}{c['accuracy']:>8.3f}" if c else f"{0:>18}{'-':>8}"
                          for c in cells)
            )  # fmt: skip
    if "product" in info_of:
        info = info_of["product"]
        print(
            f"\nproduct: {info['exported']:.0f} of {info['docs']:.0f} articles exported, "
            f"{info['kept_share']:.1%} of their letters kept in the body, "
            f"ingest {info['ingest_s_per_doc']:.2f} s/doc"
        )
    timing = info_of.get("component", {})
    if "base_ms_per_doc" in timing:
        print(
            f"time: spaCy {timing['base_ms_per_doc']:.0f} ms/doc; storyline's entity and quote "
            f"components {timing['components_ms_per_doc']:.1f} ms/doc "
            f"(+{timing['added_share']:.1%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

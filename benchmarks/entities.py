"""Entities on unseen coverage (issue 17; protocol in docs/labelling/entities.md): which articles
each split holds, checks of the labels, and the product's score through ingest → export.

``--score`` ingests a split's articles together as JSON Lines (title, date, outlet), exports,
carries every exported mention from the body back to the article's text, and reports:

* typing accuracy of the gold entities the product found: the type its entity list gives
  (coarse types: PERSON, ORG, PLACE, NORP, OTHER);
* junk: the share of the product's listed entities none of whose mentions is a gold mention;
* B-cubed P/R/F1 of gold mentions grouped into product entities across the split (a mention the
  product missed is an entity of its own), with mention recall beside it.

The test split is a test set: report its numbers, do not read its errors (``--errors`` refuses
it). Usage: python benchmarks/entities.py --list|--check|--score [--split dev|test] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from unseen_quotes import chosen_articles

CLUSTERING = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "clustering"
LABELS = Path(__file__).resolve().parent / "data" / "unseen_entities"
SIZES = {"test": 20, "dev": 30}
TYPES = {"PERSON", "ORG", "PLACE", "NORP", "OTHER"}
COARSE = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
    "NORP": "NORP", "EVENT": "OTHER", "PRODUCT": "OTHER", "LAW": "OTHER", "WORK_OF_ART": "OTHER",
    "LANGUAGE": "OTHER",
}  # fmt: skip
_LEADING = re.compile(r"(?i)^(the|mr|mrs|ms|dr|sir|president)\b")


def articles(split: str) -> list[dict[str, Any]]:
    """The split's labelled articles, in the protocol's order."""
    return chosen_articles(CLUSTERING / f"{split}.jsonl")[: SIZES[split]]


def labels(split: str) -> tuple[set[str], list[dict[str, Any]]]:
    """The articles done, and every mention label of the split."""
    done: set[str] = set()
    mentions: list[dict[str, Any]] = []
    for path in sorted(LABELS.glob(f"{split}-*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            label = json.loads(line)
            if "start" in label:
                mentions.append(label)
            else:
                done.add(label["article"])
    return done, mentions


def problems(label: dict[str, Any], text: str) -> list[str]:
    """What is wrong with one mention label, against its article's text."""
    start, end = label["start"], label["end"]
    if not 0 <= start < end <= len(text):
        return [f"span {start}-{end} out of range"]
    found = []
    span = text[start:end]
    if span != label.get("text"):
        found.append(f"text {label.get('text')!r} but the article has {span!r}")
    if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        found.append(f"{span!r} is not on word edges")
    if span != span.strip() or span[-1] in ",;:" or span.endswith(("'s", "’s")):
        found.append(f"{span!r} has spaces, punctuation or a possessive at an edge")
    if _LEADING.match(span) and label["entity"].split()[0].lower() != span.split()[0].lower():
        found.append(f"{span!r} starts with an article or honorific")
    for kind in [label["type"], *label.get("types", [])]:
        if kind not in TYPES:
            found.append(f"type {kind!r}")
    return found


def check(split: str) -> int:
    texts = {a["id"]: a["text"] for a in articles(split)}
    done, mentions = labels(split)
    bad = 0
    for label in mentions:
        where = f"{label['article'][:12]}:{label['start']}"
        if label["article"] not in texts:
            print(f"{where}: article not in the {split} split")
            bad += 1
            continue
        for problem in problems(label, texts[label["article"]]):
            print(f"{where}: {problem}")
            bad += 1
    types: dict[str, set[str]] = defaultdict(set)
    for label in mentions:
        types[label["entity"]].add(label["type"])
    for entity, kinds in sorted(types.items()):
        if len(kinds) > 1:
            print(f"entity {entity!r} has types {sorted(kinds)}")
            bad += 1
    entities = len(types)
    print(
        f"{split}: {len(done & texts.keys())} of {len(texts)} articles labelled, "
        f"{len(mentions)} mentions of {entities} entities, {bad} problems"
    )
    return 1 if bad else 0


# --- scoring ------------------------------------------------------------------------------------


def predict(split: str) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], dict]:
    """Each article's exported mentions (offsets in its text, with the product's entity id and
    label), the product's entity records of these articles, and run information."""
    from product import BodyMap, run_jsonl, workdir

    chosen = articles(split)
    items = [
        (a["id"], {"text": a["text"], "title": a["title"], "published": a["date"][:10],
                   "outlet": a["source"]})
        for a in chosen
    ]  # fmt: skip
    with workdir() as folder:
        exported = run_jsonl(items, folder)
    mentions: dict[str, list[dict[str, Any]]] = {}
    doc_ids = set()
    for article in chosen:
        record = exported.documents.get(article["id"])
        if record is None:
            mentions[article["id"]] = []
            continue
        doc_ids.add(record["id"])
        body_map = BodyMap(record["body"], article["text"])
        carried = []
        for mention in record.get("entities", []):
            span = body_map.span(mention["start"], mention["end"])
            if span and mention.get("entity") and mention["label"] in COARSE:
                carried.append({**mention, "start": span[0], "end": span[1]})
        mentions[article["id"]] = carried
    used = {m["entity"] for found in mentions.values() for m in found}
    entities = [e for e in exported.of_type("entity") if e["id"] in used]
    info = {"articles": len(chosen), "exported": len(doc_ids)}
    return mentions, entities, info


def _overlapping(gold: dict[str, Any], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in found if m["start"] < gold["end"] and gold["start"] < m["end"]]


def _best(gold: dict[str, Any], found: list[dict[str, Any]]) -> dict[str, Any] | None:
    overlap = _overlapping(gold, found)
    if not overlap:
        return None
    return max(overlap, key=lambda m: min(m["end"], gold["end"]) - max(m["start"], gold["start"]))


def score(
    gold: list[dict[str, Any]],
    predicted: dict[str, list[dict[str, Any]]],
    entities: list[dict[str, Any]],
) -> dict[str, Any]:
    """Typing accuracy, junk share and B-cubed of ``gold`` mentions against the product's."""
    matched = [(g, _best(g, predicted.get(g["article"], []))) for g in gold]
    found_mentions = sum(1 for _, p in matched if p)
    # B-cubed over gold mentions; a missed mention is a product entity of its own.
    product_of = [p["entity"] if p else f"missed:{i}" for i, (_, p) in enumerate(matched)]
    gold_of = [g["entity"] for g, _ in matched]
    precision = recall = 0.0
    by_product: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i in range(len(matched)):
        by_product[product_of[i]].append(i)
        by_gold[gold_of[i]].append(i)
    for i in range(len(matched)):
        same_product = by_product[product_of[i]]
        same_gold = by_gold[gold_of[i]]
        both = sum(1 for j in same_product if gold_of[j] == gold_of[i])
        precision += both / len(same_product)
        recall += both / len(same_gold)
    n = len(matched) or 1
    p, r = precision / n, recall / n
    # Typing: the majority coarse type of the product entities (as the entity list gives
    # them) of each gold entity's mentions.
    listed_label = {e["id"]: e["label"] for e in entities}
    product_types: dict[str, Counter[str]] = defaultdict(Counter)
    accepted: dict[str, set[str]] = defaultdict(set)
    for g, pred in matched:
        accepted[g["entity"]].update([g["type"], *g.get("types", [])])
        if pred:
            label = listed_label.get(pred["entity"], pred["label"])
            product_types[g["entity"]][COARSE.get(label, "OTHER")] += 1
    typed = {e: c.most_common(1)[0][0] for e, c in product_types.items()}
    right = sum(1 for e, kind in typed.items() if kind in accepted[e])
    # Junk: listed entities none of whose mentions is a gold mention.
    gold_by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        gold_by_article[g["article"]].append(g)
    real = {
        m["entity"]
        for article, found in predicted.items()
        for m in found
        if _overlapping(m, gold_by_article[article])
    }
    junk = [e for e in entities if e["id"] not in real]
    return {
        "gold_mentions": len(gold),
        "gold_entities": len(by_gold),
        "mention_recall": found_mentions / n,
        "typing_accuracy": right / len(typed) if typed else 0.0,
        "typed_entities": len(typed),
        "listed_entities": len(entities),
        "junk_share": len(junk) / len(entities) if entities else 0.0,
        "junk": sorted(e["name"] for e in junk),
        "bcubed": {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0},
        "_typed": typed,
        "_accepted": accepted,
        "_matched": matched,
    }


def print_errors(result: dict[str, Any], entities: list[dict[str, Any]]) -> None:
    names = {e["id"]: e["name"] for e in entities}
    print("\n# typing errors (gold entity: gold types → product type)")
    for entity, kind in sorted(result["_typed"].items()):
        if kind not in result["_accepted"][entity]:
            print(f"  {entity}: {sorted(result['_accepted'][entity])} → {kind}")
    print("\n# junk entities")
    print("  " + "; ".join(result["junk"]))
    print("\n# gold entities split over product entities, and product entities joining golds")
    split_of: dict[str, Counter[str]] = defaultdict(Counter)
    joined: dict[str, Counter[str]] = defaultdict(Counter)
    missed: Counter[str] = Counter()
    for g, pred in result["_matched"]:
        if pred is None:
            missed[f"{g['text']} ({g['entity']})"] += 1
            continue
        split_of[g["entity"]][names.get(pred["entity"], pred["entity"])] += 1
        joined[names.get(pred["entity"], pred["entity"])][g["entity"]] += 1
    for entity, parts in sorted(split_of.items()):
        if len(parts) > 1:
            print(f"  split {entity}: {dict(parts)}")
    for name, golds in sorted(joined.items()):
        if len(golds) > 1:
            print(f"  joined {name}: {dict(golds)}")
    print("\n# missed mentions")
    print("  " + "; ".join(f"{k}×{v}" if v > 1 else k for k, v in missed.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=sorted(SIZES), default="test")
    parser.add_argument("--list", action="store_true", help="print the split's article ids")
    parser.add_argument("--check", action="store_true", help="check the labels")
    parser.add_argument("--score", action="store_true", help="score the product on the split")
    parser.add_argument("--errors", action="store_true", help="print errors (dev split only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.list:
        for article in articles(args.split):
            print(article["id"], len(article["text"]))
        return
    if not args.score:
        sys.exit(check(args.split))
    if args.errors and args.split == "test":
        sys.exit("the test split's errors are not read; use --split dev")
    done, gold = labels(args.split)
    gold = [g for g in gold if g["article"] in done]
    predicted, entities, info = predict(args.split)
    predicted = {a: m for a, m in predicted.items() if a in done}
    result = score(gold, predicted, entities)
    public = {k: v for k, v in result.items() if not k.startswith("_")}
    if args.split == "test":
        public.pop("junk")
    if args.json:
        print(json.dumps({"split": args.split, "info": info, **public}))
    else:
        b = result["bcubed"]
        print(f"{args.split}: {len(done)} articles, {info}")
        print(
            f"typing accuracy {result['typing_accuracy']:.3f} ({result['typed_entities']} "
            f"entities) | junk {result['junk_share']:.3f} of {result['listed_entities']} listed | "
            f"B-cubed P {b['P']:.3f} R {b['R']:.3f} F1 {b['F1']:.3f} | mention recall "
            f"{result['mention_recall']:.3f} ({result['gold_mentions']} mentions, "
            f"{result['gold_entities']} entities)"
        )
    if args.errors:
        print_errors(result, entities)


if __name__ == "__main__":
    main()

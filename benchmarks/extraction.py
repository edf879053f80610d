"""Article extraction quality on the Zyte article-extraction benchmark (181 real pages).

Two measurements, printed as a table (``--json`` for machine-readable output):

* HTML: storyline's HTML extractor (trafilatura + line filter) against the human-annotated article
  bodies, as 4-gram precision/recall/F1 macro-averaged over pages, the benchmark's own method
  (the same numbers as its ``evaluate.py``). Bare trafilatura runs beside it in the same process.
* Plain text: the same pages rendered to text with all their boilerplate kept. Each non-empty line
  is gold "body" when at least half its 4-grams (or, for lines under four words, the whole line as
  a paragraph) occur in the gold body. Line-level precision/recall/F1 of the body class, micro over
  all lines, plus 4-gram F1 of the kept text. Baseline: the C4 line filter (Raffel et al. 2020:
  keep lines of five or more words that end in terminal punctuation, drop boilerplate words).
  "+ outlet lines" adds what :mod:`storyline` learns from other pages of the same site: lines that
  also occur on another page of the same domain are boilerplate (leave-one-out).
* Clean text survives: texts that are already clean article text (PolNeAR, TempEval-3, the
  clustering set's bodies) should come out whole. The share of their paragraphs (whitespace
  normalised) found in the exported ``body`` ("kept"), or in ``body`` or ``captions``
  ("with_captions": a photo credit filed as a caption is kept too); "sentences" counts only
  paragraphs that end in a full stop, question or exclamation mark (with closing quotes), the
  part of the clustering set's news-please text that is certainly article prose. Not counted:
  paragraphs without a letter or digit ("___"), and the headline printed as the first paragraph
  (or two) when it is the set's title.

Rows labelled "product" run the documents as a user would (``benchmarks/product.py``): written as
JSON Lines with the metadata the set gives (title, date, URL), ``storyline ingest`` into a fresh
store, ``storyline export``, and the exported ``body`` scored. Rows labelled "component" call the
extractor directly; the line-level figures exist only there.

Usage: python benchmarks/extraction.py [--data ../shared/benchmarks/extraction]
           [--only html|text|clean] [--split dev|test|both] [--no-product] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import trafilatura

from storyline.extract import lines as L
from storyline.extract.html import NoArticleError, extract_html
from storyline.extract.text import Role, classify_lines, clean_text
from storyline.extract.titles import title_key
from storyline.ingest.decode import declared_html_charset, decode

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "extraction"
BENCHMARKS = DEFAULT_DATA.parent
# Sets of clean article text: file stem → how one record becomes the JSON Lines a user would feed.
CLEAN_SETS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "quotes": lambda r: {"text": r["text"], "title": r["title"], "published": r["date"],
                         "outlet": r["publisher"]},
    "temporal": lambda r: {"text": r["text"], "title": r["title"], "published": r["dct"]},
    "clustering": lambda r: {"text": r["text"], "title": r["title"], "published": r["date"],
                             "url": r["url"]},
}  # fmt: skip
WORD = re.compile(r"\w+")


# --- the benchmark's scoring method ----------------------------------------------------------


def shingles(text: str | None, n: int) -> Counter[tuple[str, ...]]:
    tokens = WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score_bodies(gold: dict[str, str], pred: dict[str, str | None], n: int = 4) -> dict[str, float]:
    """Macro precision and recall over pages (precision only where something was predicted)."""
    precisions, recalls = [], []
    for key, body in gold.items():
        g, p = shingles(body, n), shingles(pred.get(key), n)
        tp = sum((g & p).values())
        fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
        if tp + fp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        recalls.append(tp / (tp + fn) if tp + fn else 1.0)
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- line labels for the text set ------------------------------------------------------------


def gold_line_labels(page_lines: list[str], body: str) -> list[bool | None]:
    tokens = WORD.findall(body)
    grams = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    paragraphs = {" ".join(WORD.findall(p)) for p in body.split("\n") if p.strip()}
    labels: list[bool | None] = []
    for line in page_lines:
        words = WORD.findall(line)
        if not words:
            labels.append(None)
        elif len(words) >= 4:
            own = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
            labels.append(sum(g in grams for g in own) / len(own) >= 0.5)
        else:
            labels.append(" ".join(words) in paragraphs)
    return labels


C4_BAD_WORDS = ("javascript", "lorem ipsum", "{", "cookie", "terms of use", "privacy policy")


def c4_keeps(line: str) -> bool:
    text = line.strip()
    if len(text.split()) < 5 or not text.endswith((".", "!", "?", '"', "”")):
        return False
    return not any(bad in text.lower() for bad in C4_BAD_WORDS)


# --- runs ------------------------------------------------------------------------------------


def load(data: Path) -> list[dict[str, str]]:
    with open(data / "gold.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _product_bodies(items: list[tuple[str, dict[str, Any]]]) -> dict[str, str | None]:
    """Each id's exported body after ingesting the items as one JSON Lines file (None: none)."""
    return {key: body for key, (body, _) in _product_texts(items).items()}


def _product_texts(
    items: list[tuple[str, dict[str, Any]]],
) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """Each id's exported body and captions after ingesting the items as one JSON Lines file."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from product import run_jsonl, workdir

    with workdir() as folder:
        exported = run_jsonl(items, folder)
    texts = {}
    for key, _ in items:
        document = exported.documents.get(key) or {}
        texts[key] = (document.get("body"), tuple(document.get("captions") or ()))
    return texts


def _html_page(data: Path, page: dict[str, str]) -> str:
    raw = gzip.decompress((data / "html" / f"{page['id']}.html.gz").read_bytes())
    return decode(raw, declared=declared_html_charset(raw))[0]


def run_html_product(data: Path, pages: list[dict[str, str]]) -> dict[str, float]:
    items = [(p["id"], {"html": _html_page(data, p), "url": p["url"]}) for p in pages]
    started = time.perf_counter()
    bodies = _product_bodies(items)
    seconds = time.perf_counter() - started
    gold = {page["id"]: page["body"] for page in pages}
    return {**score_bodies(gold, bodies), "ms_per_page": 1000 * seconds / len(pages)}


def run_text_product(data: Path, pages: list[dict[str, str]]) -> dict[str, float]:
    items = [
        (p["id"], {"text": (data / "text" / f"{p['id']}.txt").read_text(encoding="utf-8"),
                   "url": p["url"]})
        for p in pages
    ]  # fmt: skip
    started = time.perf_counter()
    bodies = _product_bodies(items)
    seconds = time.perf_counter() - started
    gold = {page["id"]: page["body"] for page in pages}
    return {
        "4gram_f1": score_bodies(gold, bodies)["f1"],
        "ms_per_page": 1000 * seconds / len(pages),
    }


def run_html(data: Path, pages: list[dict[str, str]]) -> dict[str, dict[str, float]]:
    gold = {page["id"]: page["body"] for page in pages}
    ours: dict[str, str | None] = {}
    bare: dict[str, str | None] = {}
    ours_seconds = bare_seconds = 0.0
    for page in pages:
        raw = gzip.decompress((data / "html" / f"{page['id']}.html.gz").read_bytes())
        html, _ = decode(raw, declared=declared_html_charset(raw))
        started = time.perf_counter()
        try:
            ours[page["id"]] = "\n\n".join(extract_html(html, url=page["url"]).paragraphs)
        except NoArticleError:
            ours[page["id"]] = None
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        bare[page["id"]] = trafilatura.extract(
            html, url=page["url"], favor_precision=True, include_comments=False
        )
        bare_seconds += time.perf_counter() - started
    return {
        "storyline html": {
            **score_bodies(gold, ours),
            "ms_per_page": 1000 * ours_seconds / len(pages),
        },
        "bare trafilatura (favor_precision)": {
            **score_bodies(gold, bare),
            "ms_per_page": 1000 * bare_seconds / len(pages),
        },
    }


def run_text(data: Path, pages: list[dict[str, str]]) -> dict[str, dict[str, float]]:
    texts = {p["id"]: (data / "text" / f"{p['id']}.txt").read_text(encoding="utf-8") for p in pages}
    common = _outlet_lines(pages, texts)
    systems: dict[str, Callable[[str, str], list[bool]]] = {
        "keep every line": lambda text, _id: [True] * len(_nonempty(text)),
        "C4 line filter": lambda text, _id: [c4_keeps(line) for line in _nonempty(text)],
        "storyline text": lambda text, _id: _storyline_keeps(text, frozenset()),
        "storyline text + outlet lines": lambda text, key: _storyline_keeps(text, common[key]),
    }
    results = {}
    for name, keeps in systems.items():
        tp = fp = fn = 0
        bodies: dict[str, str | None] = {}
        started = time.perf_counter()
        for page in pages:
            page_lines = _nonempty(texts[page["id"]])
            kept = keeps(texts[page["id"]], page["id"])
            labels = gold_line_labels(page_lines, page["body"])
            for keep, label in zip(kept, labels, strict=True):
                tp += keep and bool(label)
                fp += keep and not label
                fn += (not keep) and bool(label)
            bodies[page["id"]] = "\n".join(t for t, k in zip(page_lines, kept, strict=True) if k)
        seconds = time.perf_counter() - started
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        results[name] = {
            "line_precision": precision,
            "line_recall": recall,
            "line_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "4gram_f1": score_bodies({p["id"]: p["body"] for p in pages}, bodies)["f1"],
            "ms_per_page": 1000 * seconds / len(pages),
        }
    return results


def _nonempty(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _storyline_keeps(text: str, common: frozenset[int]) -> list[bool]:
    return [role is Role.BODY for _, role in classify_lines(text, common_lines=common)]


def _outlet_lines(pages: list[dict[str, str]], texts: dict[str, str]) -> dict[str, frozenset[int]]:
    """For each page, the lines that also occur on another page of its domain."""
    by_domain: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        by_domain[urlparse(page["url"]).netloc].append(page["id"])
    common = {}
    for ids in by_domain.values():
        forms = {key: {L.fingerprint(line) for line in _nonempty(texts[key])} for key in ids}
        for key in ids:
            others = set().union(*(forms[other] for other in ids if other != key))
            common[key] = frozenset(forms[key] & others)
    return common


# --- clean text survives ---------------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")


def clean_paragraphs(record: dict[str, Any]) -> list[str]:
    """The paragraphs of a clean text that should reach the body (see the module docstring)."""
    paragraphs = [" ".join(p.split()) for p in record["text"].splitlines() if p.strip()]
    paragraphs = [p for p in paragraphs if any(ch.isalnum() for ch in p)]
    headline = title_key(record.get("title") or "")
    # The headline printed first, maybe over two lines ("Candidates vie …;" / "Trump and …").
    while headline and paragraphs and title_key(paragraphs[0]) in headline:
        headline = headline.replace(title_key(paragraphs[0]), "", 1).strip()
        paragraphs = paragraphs[1:]
    return paragraphs


def is_sentence(paragraph: str) -> bool:
    return len(paragraph.split()) >= 3 and bool(SENTENCE_END.search(paragraph))


def load_clean(name: str, split: str) -> list[dict[str, Any]]:
    with open(BENCHMARKS / name / f"{split}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_clean(
    records: list[dict[str, Any]], texts: dict[str, tuple[str | None, tuple[str, ...]]]
) -> dict[str, float]:
    kept = total = sentences_kept = sentences = in_record = 0
    for record in records:
        body, captions = texts.get(record["id"]) or (None, ())
        body = " ".join((body or "").split())
        captions = {" ".join(caption.split()) for caption in captions}
        for paragraph in clean_paragraphs(record):
            found = paragraph in body
            total += 1
            kept += found
            in_record += found or paragraph in captions
            if is_sentence(paragraph):
                sentences += 1
                sentences_kept += found
    return {
        "paragraphs": total,
        "kept": kept / total if total else 1.0,
        "with_captions": in_record / total if total else 1.0,
        "sentences": sentences,
        "sentences_kept": sentences_kept / sentences if sentences else 1.0,
    }


def run_clean(splits: list[str], *, product: bool) -> dict[str, dict[str, float]]:
    results = {}
    for split in splits:
        for name, as_jsonl in CLEAN_SETS.items():
            records = load_clean(name, split)
            if product:
                texts = _product_texts([(r["id"], as_jsonl(r)) for r in records])
                results[f"{name} {split} (product)"] = score_clean(records, texts)
            direct = {}
            for record in records:
                cleaned = clean_text(record["text"], title=record.get("title"))
                direct[record["id"]] = (cleaned.body, cleaned.captions)
            results[f"{name} {split} (component)"] = score_clean(records, direct)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", choices=("html", "text", "clean"))
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both",
                        help="which split of the clean-text sets")  # fmt: skip
    parser.add_argument("--no-product", action="store_true", help="component rows only (fast)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = load(args.data)
    product = not args.no_product
    results: dict[str, dict[str, dict[str, float]]] = {}
    if args.only in (None, "html"):
        results["html"] = run_html(args.data, pages)
        if product:
            results["html"]["storyline html (product)"] = run_html_product(args.data, pages)
    if args.only in (None, "text"):
        results["text"] = run_text(args.data, pages)
        if product:
            results["text product"] = {
                "storyline text (product)": run_text_product(args.data, pages)
            }
    if args.only in (None, "clean"):
        splits = ["dev", "test"] if args.split == "both" else [args.split]
        results["clean text survives"] = run_clean(splits, product=product)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    for section, rows in results.items():
        print(f"\n{section}" + (f" ({len(pages)} pages)" if "clean" not in section else ""))
        columns = list(next(iter(rows.values())))
        print(f"{'system':38}" + "".join(f"{c:>16}" for c in columns))
        for name, row in rows.items():
            print(f"{name:38}" + "".join(_cell(row[c]) for c in columns))
    return 0


def _cell(value: float) -> str:
    return f"{value:>16d}" if isinstance(value, int) else f"{value:>16.3f}"


if __name__ == "__main__":
    sys.exit(main())

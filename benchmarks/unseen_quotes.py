"""The unseen-coverage quote set of issue 17 (docs/labelling/quotes.md): which articles it
holds, and checks of the labels against the articles' text.

Usage: python benchmarks/unseen_quotes.py --list | --check
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "clustering" / "test.jsonl"
LABELS = Path(__file__).resolve().parent / "data" / "unseen_quotes"
ARTICLES = 40
MAX_CHARS = 7000
_QUOTE_MARK = re.compile(r'["“”]')
KINDS = {"direct", "indirect", "mixed"}
SPEAKER_KINDS = {"name", "pronoun", "nominal", "none"}


def chosen_articles(path: Path = SHARED) -> list[dict]:
    """The set's articles, in the protocol's order."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    fits = [
        r for r in sorted(rows, key=lambda r: r["id"])
        if _QUOTE_MARK.search(r["text"]) and " said" in r["text"] and len(r["text"]) < MAX_CHARS
    ]  # fmt: skip
    return fits[:ARTICLES]


def problems(label: dict, text: str) -> list[str]:
    """What is wrong with one quote label, against its article's text."""
    found = []
    start, end = label["start"], label["end"]
    if not 0 <= start < end <= len(text):
        return [f"span {start}-{end} out of range"]
    if label["kind"] not in KINDS:
        found.append(f"kind {label['kind']!r}")
    if label["speaker_kind"] not in SPEAKER_KINDS:
        found.append(f"speaker_kind {label['speaker_kind']!r}")
    if text[start].isspace() or text[end - 1].isspace():
        found.append("span starts or ends on a space")
    if label["kind"] == "direct" and not (
        _QUOTE_MARK.search(text[max(0, start - 2) : start])
        and _QUOTE_MARK.search(text[end : end + 3])
    ):
        found.append("direct quote not inside quotation marks")
    s, e = label.get("speaker_start"), label.get("speaker_end")
    if s is not None and not (0 <= s < e <= len(text)):
        found.append(f"speaker span {s}-{e} out of range")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the articles' ids")
    parser.add_argument("--check", action="store_true", help="check the labels")
    args = parser.parse_args()
    articles = {a["id"]: a for a in chosen_articles()}
    if args.list:
        for article in articles.values():
            print(article["id"], len(article["text"]))
        return
    bad = 0
    done, quotes = set(), 0
    for path in sorted(LABELS.glob("labels-*.jsonl")):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            label = json.loads(line)
            if label["article"] not in articles:
                print(f"{path.name}:{number}: article not in the set")
                bad += 1
            elif "quotes" in label and "start" not in label:
                done.add(label["article"])
            else:
                quotes += 1
                for problem in problems(label, articles[label["article"]]["text"]):
                    print(f"{path.name}:{number}: {problem}")
                    bad += 1
    print(f"{len(done)} of {len(articles)} articles labelled, {quotes} quotes, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

"""The unseen-coverage quote set of issue 17 (docs/labelling/quotes.md): which articles it
holds, checks of the labels against the articles' text, and the product's score on it.

``--score`` runs the product as ``benchmarks/quotes.py`` does (each article as JSON Lines with
its title, date and publisher; ``storyline ingest``, ``storyline export``; offsets carried from
the body back to the text) and scores it with that benchmark's scorer: quote P/R/F1 at overlap,
speaker accuracy of matched quotes (direct, and indirect and mixed, apart) and quote+speaker F1.
It is a test set: report the numbers, do not read its errors.

A dev split (40 articles of the clustering dev split, by the same rule, labelled by the same
protocol) is there to develop on: ``--split dev --errors FILE`` writes its errors.

Usage: python benchmarks/unseen_quotes.py --list | --check | --score [--split dev|test] [--json]
           [--errors FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CLUSTERING = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "clustering"
SHARED = CLUSTERING / "test.jsonl"
LABELS = Path(__file__).resolve().parent / "data" / "unseen_quotes"
ARTICLES = 40
DEV_ARTICLES = 40
LABEL_FILES = {"test": "labels-*.jsonl", "dev": "dev-*.jsonl"}
MAX_CHARS = 7000
_QUOTE_MARK = re.compile(r'["“”]')
# A quote running on into the next paragraph closes its paragraph without a mark (or the text
# ends inside it).
_PARAGRAPH_END = re.compile(r"[.,;:!?…]?\s*(\n|$)")
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
    closed = (
        _QUOTE_MARK.search(text[end : end + 3])
        or _PARAGRAPH_END.match(text[end:])
        or _unclosed_before_its_cue(text, end, label.get("cue"))
    )
    if label["kind"] == "direct" and not (
        _QUOTE_MARK.search(text[max(0, start - 2) : start]) and closed
    ):
        found.append("direct quote not inside quotation marks")
    s, e = label.get("speaker_start"), label.get("speaker_end")
    if s is not None and not (0 <= s < e <= len(text)):
        found.append(f"speaker span {s}-{e} out of range")
    return found


def _unclosed_before_its_cue(text: str, end: int, cue: str | None) -> bool:
    """A quotation the article never closes ("… capability, Zhao said."): it ends at the comma
    before its attribution."""
    return bool(cue) and text[end : end + 1] == "," and cue in text[end : end + 40]


def split_articles(split: str) -> list[dict]:
    """The test set's 40 articles, or the 40 of the dev set (the same rule on the dev split),
    which development may read errors on."""
    if split == "dev":
        return chosen_articles(CLUSTERING / "dev.jsonl")[:DEV_ARTICLES]
    return chosen_articles()


def labels(split: str = "test") -> tuple[set[str], dict[str, list[dict]]]:
    """The articles labelled, and their quotes."""
    done: set[str] = set()
    quotes: dict[str, list[dict]] = {}
    for path in sorted(LABELS.glob(LABEL_FILES[split])):
        for line in path.open(encoding="utf-8"):
            label = json.loads(line)
            if "start" in label:
                quotes.setdefault(label["article"], []).append(label)
            else:
                done.add(label["article"])
    return done, quotes


_RELATIONAL = re.compile(r"(?i)\b(his|her|their|its|my|our)\b|['’]s?\b|\bof\b")


def speaker_identity(text: str, gold: dict, pred: dict) -> bool:
    """Whether a matched quote names who said it, as the protocol has it: the person's or
    body's name for a name or a pronoun (an unresolved "he" names no one); for a nominal
    ("his brother", "a witness"), the nominal itself, never the person it is related to
    (though "the prime minister" may be named as the prime minister the article names)."""
    from quotes import letters
    from quotes import names_agree as same_words
    from storyline.analyse.known_names import known

    def names_agree(a: str | None, b: str | None) -> bool:
        """Names agree in their words, or name one known body ("DPRK", "North Korea")."""
        if same_words(a, b):
            return True
        ka, kb = known(a or ""), known(b or "")
        return ka is not None and ka == kb

    said_by = pred.get("speaker_canonical") or pred.get("speaker")
    if gold.get("speaker") is None:
        return not said_by
    if not said_by:
        return False
    if gold["speaker_kind"] != "nominal":
        return names_agree(said_by, gold["speaker"])
    if names_agree(said_by, gold["speaker"]):
        return True
    start, end = pred.get("speaker_start"), pred.get("speaker_end")
    if start is None or not (
        letters(text, [(start, end)])
        & letters(text, [(gold["speaker_start"], gold["speaker_end"])])
    ):
        return False
    canonical = pred.get("speaker_canonical")
    if canonical in (None, pred.get("speaker")):
        return True  # the nominal kept as written
    same_one = not _RELATIONAL.search(gold["speaker"])
    return same_one and names_agree(canonical, gold.get("related_to"))


def as_pieces(quotes: list[dict]) -> list[dict]:
    """The protocol's units: a direct quote in several quoted pieces ('"A," he said. "B."', or
    one quotation over several paragraphs) is one quote per piece, each with the quote's speaker
    (the product, like PolNeAR, keeps them as one quote with several spans)."""
    units = []
    for quote in quotes:
        if quote["kind"] != "direct" or len(quote["spans"]) < 2:
            units.append(quote)
            continue
        for start, end in quote["spans"]:
            units.append({**quote, "start": start, "end": end, "spans": [[start, end]]})
    return units


def print_score(
    articles: dict[str, dict], split: str, *, as_json: bool, errors_to: Path | None = None
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from quotes import errors, predict, score

    done, quotes = labels(split)
    docs = [
        {"id": a, "text": articles[a]["text"], "title": articles[a]["title"],
         "date": articles[a]["date"][:10], "publisher": articles[a]["source"],
         "quotes": quotes.get(a, [])}
        for a in sorted(done)
    ]  # fmt: skip
    preds, info = predict(docs)
    preds = {article: as_pieces(found) for article, found in preds.items()}
    if errors_to is not None:
        with errors_to.open("w", encoding="utf-8") as out:
            for row in errors(docs, preds, speech_only=False, speaker_check=speaker_identity):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    check = speaker_identity
    rows = {
        "all": score(docs, preds, speaker_check=check),
        "direct": score(docs, preds, kinds={"direct"}, speaker_check=check),
        "indirect and mixed": score(docs, preds, kinds={"indirect", "mixed"}, speaker_check=check),
    }
    if as_json:
        print(json.dumps({"info": info, **rows}))
        return
    print(f"{len(docs)} articles, {sum(len(d['quotes']) for d in docs)} gold quotes; {info}")
    print("quotes | P | R | F1 (overlap) | speaker accuracy (n) | quote+speaker F1")
    for name, row in rows.items():
        o, qs = row["overlap"], row["quote_plus_speaker"]
        print(f"{name} | {o['P']:.3f} | {o['R']:.3f} | {o['F1']:.3f} | "
              f"{row['speaker_accuracy']:.3f} ({o['tp']}) | {qs['F1']:.3f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the articles' ids")
    parser.add_argument("--check", action="store_true", help="check the labels")
    parser.add_argument("--score", action="store_true", help="score the product on the set")
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--errors", type=Path, help="write the errors here (dev split only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.errors and args.split == "test":
        parser.error("the test set's errors are not read; use --split dev")
    articles = {a["id"]: a for a in split_articles(args.split)}
    if args.list:
        for article in articles.values():
            print(article["id"], len(article["text"]))
        return
    if args.score:
        print_score(articles, args.split, as_json=args.json, errors_to=args.errors)
        return
    bad = 0
    done, quotes = set(), 0
    for path in sorted(LABELS.glob(LABEL_FILES[args.split])):
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

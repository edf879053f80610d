"""Checks event gold files against the articles they label (see PROTOCOL.md).

Usage: python benchmarks/data/events/check.py FILE.jsonl [--articles ../shared/.../dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KINDS = frozenset(
    "meeting talks summit call visit agreement statement sanction election vote attack disaster "
    "launch release arrest seizure breach resignation dismissal appointment ruling charge trial "
    "sentence investigation death injury protest strike rescue lawsuit offer match other".split()
)
STATUSES = frozenset(
    "happened ongoing planned confirmed agreed rumoured uncertain postponed cancelled".split()
)
ROLES = frozenset({"agent", "patient", "counterpart"})
CLUSTERING = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "clustering"


def problems(labelled: dict, text: str) -> list[str]:
    found = []
    ids = [event["id"] for event in labelled["events"]]
    if len(ids) != len(set(ids)):
        found.append("an event id is used twice")
    for event in labelled["events"]:
        where = f"{labelled['doc'][:10]} {event.get('id')}"
        if not str(event.get("id", "")).startswith(labelled["cluster"] + "/"):
            found.append(f"{where}: id does not start with the cluster")
        if event.get("kind") not in KINDS:
            found.append(f"{where}: kind {event.get('kind')!r}")
        if event.get("status") not in STATUSES:
            found.append(f"{where}: status {event.get('status')!r}")
        if not isinstance(event.get("about"), bool):
            found.append(f"{where}: about must be true or false")
        for participant in event.get("participants", []):
            if participant.get("role") not in ROLES or not participant.get("name"):
                found.append(f"{where}: participant {participant}")
        if not event.get("mentions"):
            found.append(f"{where}: no mentions")
        for mention in event.get("mentions", []):
            start, end = mention["start"], mention["end"]
            if text[start:end] != mention["trigger"]:
                found.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}")
            if not mention["sentence_start"] <= start < end <= mention["sentence_end"]:
                found.append(f"{where}: mention {start}-{end} outside its sentence")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", type=Path)
    parser.add_argument("--articles", type=Path)
    args = parser.parse_args()
    split = "test" if "test" in args.gold.name else "dev"
    articles_path = args.articles or CLUSTERING / f"{split}.jsonl"
    texts = {}
    for line in articles_path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        texts[article["id"]] = article["text"]
    found = []
    count = 0
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        labelled = json.loads(line)
        if labelled["doc"] not in texts:
            found.append(f"{labelled['doc']}: not in {articles_path}")
            continue
        count += len(labelled["events"])
        found.extend(problems(labelled, texts[labelled["doc"]]))
    for problem in found:
        print(problem)
    print(f"{args.gold}: {count} events, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

"""Publication dates of bare text: how often storyline dates an article with no metadata, and how
often that date is wrong.

Data: the public sets with true publication dates — ``clustering`` (Giveme5W1H news clusters,
2013–2018), ``quotes`` (PolNeAR, 2016 US election coverage) and ``temporal`` (TempEval-3,
1998–2000 and 2013) — each ``{dev,test}.jsonl``. Every article is written as a bare ``.txt``
file the way an analyst pastes one: its title, a blank line, its text; no URL, no outlet, no
date, and a dated dateline at its head cut off ("WASHINGTON, March 4, 2021 (AP) -" goes, with
its date). The folder is run through the product (``storyline ingest`` into a fresh store,
``storyline export``). With ``--crawl-lag DAYS`` each article has a crawl date, the true date
plus that many days, and nothing else: the same text as a JSON Lines record with ``crawled``.

Each exported ``published`` value is scored against the true day. A value is an ISO prefix
whose length is its granularity (day, month or year):

* **right**: the true day lies in the period the value names (a day-level value may be off by
  one day: the sets' timestamps are UTC, the articles' weekdays local); a value with ``start``
  and ``end`` is a range, right when it holds the true day (with the same one day) and spans at
  most 31 days;
* **wrong**: dated, and not right;
* **unknown**: no date.

"Right to the month or better" counts right values of day or month granularity and right
ranges. An undated article's ``published_estimate`` (placed by events dated elsewhere) is scored
apart: right when it holds the true day (±1) within 31 days, wrong when it does not hold it.
With ``--mixed`` every other article keeps its date (a JSON Lines record with ``published``) in
the same store, as in a corpus of dated and undated articles, and only the bare ones are scored.
Calibration: the share right among the dated articles in each band of exported confidence.

Usage: python benchmarks/dates.py [--split dev|test] [--sets clustering,quotes,temporal]
       [--crawl-lag DAYS] [--mixed] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from product import run_inputs, workdir

BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
SETS = ("clustering", "quotes", "temporal")
MAX_RANGE_DAYS = 31
BANDS = ((0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5))
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A dateline's date at the head of the text: "WASHINGTON, March 4, 2021 (AP) -",
# "NAIROBI, Kenya (AP) _" keeps its place (no date), "March 4, 2021 -" goes whole.
DATED_DATELINE = re.compile(
    rf"\A(?P<place>[^\n]{{0,60}}?)(?:,\s*)?(?:{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH}"
    rf"(?:\s+\d{{4}})?|\d{{4}}-\d\d-\d\d)\s*(?:\([^)]{{1,30}}\)\s*)?(?:--|—|–|-|_|:)\s",
)


def true_day(record: dict[str, Any]) -> date:
    return date.fromisoformat((record.get("date") or record["dct"])[:10])


def bare_text(record: dict[str, Any]) -> str:
    """Title, blank line, text; a dated dateline at the head of the text cut off."""
    text = record["text"].lstrip()
    match = DATED_DATELINE.match(text)
    if match:
        place = match["place"].strip().rstrip(",")
        text = (f"{place} - " if place else "") + text[match.end() :]
    return f"{record['title'].strip()}\n\n{text}\n"


def load(name: str, split: str) -> list[dict[str, Any]]:
    with open(BENCHMARKS / name / f"{split}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(
    records: list[dict[str, Any]], crawl_lag: int | None, *, mixed: bool = False
) -> dict[str, dict[str, Any]]:
    """Each record's exported document (``published``, ``published_estimate``) after ingesting
    it as bare text: a ``.txt`` file, or with a crawl date a JSON Lines record of the text and
    ``crawled`` alone. ``mixed``: every other record keeps its date (a JSON Lines record with
    ``published``), in the same store, and only the bare ones are returned."""
    dated = [r for i, r in enumerate(records) if mixed and i % 2 == 0]
    bare = [r for r in records if r not in dated]
    with workdir() as folder:
        by_source, inputs = {}, []
        items = [(r["id"], {"text": bare_text(r), "published": true_day(r).isoformat()})
                 for r in dated]  # fmt: skip
        if crawl_lag is None:
            for index, record in enumerate(bare):
                path = folder / f"article-{index:04d}.txt"
                path.write_text(bare_text(record), encoding="utf-8")
                by_source[str(path)] = record["id"]
                inputs.append(str(path))
        else:
            lag = timedelta(days=crawl_lag)
            items += [
                (r["id"], {"text": bare_text(r), "crawled": (true_day(r) + lag).isoformat()})
                for r in bare
            ]
        if items:
            feed = folder / "articles.jsonl"
            with open(feed, "w", encoding="utf-8") as handle:
                for line, (key, item) in enumerate(items, start=1):
                    handle.write(json.dumps(item, ensure_ascii=False) + "\n")
                    by_source[f"{feed}:{line}"] = key
            inputs.append(str(feed))
        exported = run_inputs(inputs, by_source, folder, workers=2)
        return {r["id"]: exported.documents.get(r["id"]) or {} for r in bare}


def period(value: str) -> tuple[date, date]:
    """The days an ISO prefix names: a day, a month or a year."""
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return start, following - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def granularity(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value[:10]), "other")


def judge(truth: date, published: dict[str, Any] | None) -> tuple[str, str]:
    """("right" | "wrong" | "unknown", granularity): a value with ``start`` and ``end`` is
    a range, right when it holds the true day and spans at most 31 days."""
    if not published or not published.get("value"):
        return "unknown", "none"
    value = published["value"]
    if published.get("start"):
        start, end = date.fromisoformat(published["start"]), date.fromisoformat(published["end"])
        grain = "range" if (end - start).days < MAX_RANGE_DAYS else granularity(value)
    else:
        start, end = period(value)
        grain = granularity(value)
    slack = timedelta(days=1) if grain in ("day", "range") else timedelta(0)
    return ("right" if start - slack <= truth <= end + slack else "wrong"), grain


def judge_estimate(truth: date, estimate: dict[str, Any] | None) -> str | None:
    """An undated document's ``published_estimate``: "right" when it holds the true day (±1)
    within 31 days, "wide" when it holds it in more, "wrong" when it does not hold it."""
    if not estimate:
        return None
    start, end = date.fromisoformat(estimate["start"]), date.fromisoformat(estimate["end"])
    if not start - timedelta(days=1) <= truth <= end + timedelta(days=1):
        return "wrong"
    return "right" if (end - start).days < MAX_RANGE_DAYS else "wide"


def score(records: list[dict[str, Any]], predictions: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    bands = {f"{low:.1f}+": [0, 0] for low, _ in BANDS}
    records = [r for r in records if r["id"] in predictions]
    for record in records:
        document = predictions[record["id"]]
        published = document.get("published")
        verdict, grain = judge(true_day(record), published)
        if verdict == "unknown" and (
            estimated := judge_estimate(true_day(record), document.get("published_estimate"))
        ):
            counts[f"estimate {estimated}"] = counts.get(f"estimate {estimated}", 0) + 1
        counts[verdict] = counts.get(verdict, 0) + 1
        counts[f"{verdict} {grain}"] = counts.get(f"{verdict} {grain}", 0) + 1
        if published and published.get("value"):
            confidence = float(published.get("confidence") or 0.0)
            band = next(f"{low:.1f}+" for low, high in BANDS if low <= confidence < high)
            bands[band][0] += 1
            bands[band][1] += verdict == "right"
    n = len(records)
    right_month = sum(counts.get(f"right {grain}", 0) for grain in ("day", "month", "range"))
    return {
        "articles": n,
        "right": counts.get("right", 0) / n,
        "wrong": counts.get("wrong", 0) / n,
        "unknown": counts.get("unknown", 0) / n,
        "right_month_or_better": right_month / n,
        "right_day": counts.get("right day", 0) / n,
        "estimate_right": counts.get("estimate right", 0) / n,
        "estimate_wrong": counts.get("estimate wrong", 0) / n,
        "counts": counts,
        "calibration": {band: {"dated": d, "right": (r / d if d else None)}
                        for band, (d, r) in bands.items()},
    }  # fmt: skip


def errors(records: list[dict[str, Any]], predictions: dict[str, Any]) -> Iterable[str]:
    for record in records:
        published = (predictions.get(record["id"]) or {}).get("published")
        verdict, _ = judge(true_day(record), published)
        if verdict == "wrong":
            yield (f"{record['id'][:40]}  true {true_day(record)}  got {published['value']} "
                   f"({published.get('confidence')})  {record['title'][:60]!r}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--crawl-lag", type=int, help="give a crawl date this many days late")
    parser.add_argument("--errors", action="store_true", help="list wrong dates (dev only)")
    parser.add_argument("--mixed", action="store_true",
                        help="every other article keeps its date; score the bare ones")  # fmt: skip
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results, everything, all_predictions = {}, [], {}
    for name in args.sets.split(","):
        records = load(name, args.split)
        predictions = predict(records, args.crawl_lag, mixed=args.mixed)
        results[name] = score(records, predictions)
        everything += [r for r in records if r["id"] in predictions]
        all_predictions.update(predictions)
        if args.errors and args.split == "dev":
            for line in errors(records, predictions):
                print(f"[{name}] {line}", file=sys.stderr)
    results["all"] = score(everything, all_predictions)
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return 0
    lag = "no crawl date" if args.crawl_lag is None else f"crawled {args.crawl_lag} days later"
    mix = ", every other article dated by metadata (not scored)" if args.mixed else ""
    print(f"Publication dates of bare text ({args.split}, {lag}{mix}), through ingest -> export")
    print(f"{'set':12}{'articles':>9}{'right':>8}{'wrong':>8}{'unknown':>9}{'≤month':>8}{'day':>8}"
          f"{'est.right':>10}{'est.wrong':>10}")  # fmt: skip
    for name, r in results.items():
        print(f"{name:12}{r['articles']:>9}{r['right']:>8.3f}{r['wrong']:>8.3f}{r['unknown']:>9.3f}"
              f"{r['right_month_or_better']:>8.3f}{r['right_day']:>8.3f}"
              f"{r['estimate_right']:>10.3f}{r['estimate_wrong']:>10.3f}")  # fmt: skip
    print("calibration (all sets): confidence band -> dated, share right")
    for band, cell in results["all"]["calibration"].items():
        share = "—" if cell["right"] is None else f"{cell['right']:.3f}"
        print(f"  {band:6}{cell['dated']:>6}  {share}")
    print("by granularity (all sets):", json.dumps(results["all"]["counts"], sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

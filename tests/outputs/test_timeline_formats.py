"""A timeline's event records as CSV rows and as TimelineJS 3 JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

from storyline.outputs.timeline_formats import (
    TIMELINE_COLUMNS,
    timeline_csv,
    timeline_row,
    timelinejs,
    timelinejs_date,
)

NAMES = {"e1": "Ilse Brandvik", "e2": "Tomas Ekwueme"}
SPANS = {
    "2024-04-18": ("2024-04-18", "2024-04-18"),
    "2024-04": ("2024-04-01", "2024-04-30"),
    "2024-04-15/2024-04-17": ("2024-04-15", "2024-04-17"),
}


def step(document: str, as_of: str | None, status: str = "planned") -> dict[str, Any]:
    return {"status": status, "as_of": as_of, "estimated": False, "document": document,
            "evidence": "…", "cue": None, "start": 0, "end": 1}  # fmt: skip


def event(value: str | None = "2024-04-18", **fields: Any) -> dict[str, Any]:
    """A meeting planned on 2024-03-05 and 2024-03-12, held, reported on 2024-04-20."""
    start, end = SPANS.get(value or "", (None, None))
    record = {
        "type": "event", "id": "ev-1", "kind": "meeting", "title": "Brandvik–Ekwueme meeting",
        "participants": ["e1", "e2", "e9"], "location": "Geneva",
        "date": {"value": value, "start": start, "end": end} if value else None,
        "status": "happened",
        "trajectory": [step("d1", "2024-03-05"), step("d2", "2024-03-12"), step("d1", "2024-03-05"),
                       step("d3", "2024-04-20", "happened")],
    }  # fmt: skip
    return record | fields


def test_a_row_has_the_date_status_who_and_who_reported_it_when():
    assert timeline_row(event(), NAMES) == {
        "id": "ev-1", "date": "2024-04-18", "date_start": "2024-04-18", "date_end": "2024-04-18",
        "status": "happened", "title": "Brandvik–Ekwueme meeting", "kind": "meeting",
        "location": "Geneva", "participants": "Ilse Brandvik; Tomas Ekwueme; e9",
        "first_report": "2024-03-05", "latest_report": "2024-04-20", "articles": 3,
        "documents": "d1; d2; d3",
    }  # fmt: skip


def test_an_event_known_only_to_be_over_by_a_day_has_only_its_end():
    row = timeline_row(event(None, date={"value": None, "end": "2024-05-01"}, location=None), {})
    assert (row["date"], row["date_start"], row["date_end"]) == ("", "", "2024-05-01")
    assert row["location"] == ""


def test_csv_has_a_header_and_one_row_an_event():
    text = timeline_csv(
        [event(), event("2024-04", id="ev-2", title='The "Geneva, April" talks')], NAMES
    )
    assert text.startswith(",".join(TIMELINE_COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["id"], r["date"], r["title"]) for r in rows] == [
        ("ev-1", "2024-04-18", "Brandvik–Ekwueme meeting"),
        ("ev-2", "2024-04", 'The "Geneva, April" talks'),
    ]


def test_timelinejs_dates_are_strings_as_fine_as_the_value():
    assert timelinejs_date("2024-04-08") == {"year": "2024", "month": "4", "day": "8"}
    assert timelinejs_date("2024-04") == {"year": "2024", "month": "4"}
    assert timelinejs_date("2024") == {"year": "2024"}
    assert timelinejs_date("2024-W16") is None


def test_timelinejs_has_a_slide_per_dated_event_grouped_by_status():
    out = timelinejs([event(), event(None, id="ev-0")], NAMES, title="Herring talks", text="")
    assert out["title"] == {"text": {"headline": "Herring talks", "text": ""}}
    [slide] = out["events"]
    assert slide["start_date"] == {"year": "2024", "month": "4", "day": "18"}
    assert "end_date" not in slide
    assert slide["group"] == "happened" and slide["unique_id"] == "ev-1"
    assert slide["text"]["headline"] == "Brandvik–Ekwueme meeting"
    assert "Ilse Brandvik; Tomas Ekwueme" in slide["text"]["text"]
    assert "3 articles" in slide["text"]["text"]


def test_a_month_has_no_day_and_a_span_has_an_end():
    [month, span] = timelinejs([event("2024-04"), event("2024-04-15/2024-04-17")], {}, title="t")[
        "events"
    ]
    assert month["start_date"] == {"year": "2024", "month": "4"} and "end_date" not in month
    assert span["start_date"] == {"year": "2024", "month": "4", "day": "15"}
    assert span["end_date"] == {"year": "2024", "month": "4", "day": "17"}


def test_article_text_in_a_slide_is_escaped_html():
    hostile = "<img src=x onerror=alert(1)> & co"
    out = timelinejs([event(title=hostile, location=hostile)], {}, title=hostile)
    slide = out["events"][0]
    assert slide["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt; &amp; co"
    assert "<img" not in slide["text"]["text"] and "<img" not in out["title"]["text"]["headline"]

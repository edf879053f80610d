"""A timeline's event records (``storyline.outputs.export.event_record``) as a CSV table or as
the JSON TimelineJS 3 reads (https://timeline.knightlab.com/docs/json-format.html).

TimelineJS shows a slide's text as HTML, so every piece of article text in it is escaped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

TIMELINE_COLUMNS = (
    "id", "date", "date_start", "date_end", "status", "title", "kind", "location",
    "participants", "first_report", "latest_report", "articles", "documents",
)  # fmt: skip
JOIN = "; "
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def sources(event: dict[str, Any]) -> list[str]:
    """The documents that report the event, in the order they did."""
    return list(dict.fromkeys(step["document"] for step in event["trajectory"]))


def timeline_row(event: dict[str, Any], names: Mapping[str, str]) -> dict[str, str | int]:
    """One event as a row: its date, status, what and who, and who reported it when.
    ``names`` maps participants' entity ids to their names."""
    when = event["date"] or {}
    days = sorted(step["as_of"] for step in event["trajectory"] if step["as_of"])
    documents = sources(event)
    return {
        "id": event["id"], "date": when.get("value") or "", "date_start": when.get("start") or "",
        "date_end": when.get("end") or "", "status": event["status"], "title": event["title"],
        "kind": event["kind"], "location": event["location"] or "",
        "participants": JOIN.join(names.get(key, key) for key in event["participants"]),
        "first_report": days[0] if days else "", "latest_report": days[-1] if days else "",
        "articles": len(documents), "documents": JOIN.join(documents),
    }  # fmt: skip


def timeline_csv(events: Iterable[dict[str, Any]], names: Mapping[str, str]) -> str:
    """The events as CSV text: a header row, then one row an event (RFC 4180 quoting)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TIMELINE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(timeline_row(event, names) for event in events)
    return out.getvalue()


def timelinejs_date(day: str) -> dict[str, str] | None:
    """An ISO date prefix as a TimelineJS date: ``"2024-04"`` is ``{"year": "2024", "month":
    "4"}`` (no day: the month is what is known); None for anything else."""
    match = _DAY.match(day)
    if match is None:
        return None
    parts = zip(("year", "month", "day"), match.groups(), strict=True)
    return {unit: str(int(value)) for unit, value in parts if value is not None}


def timelinejs(
    events: Iterable[dict[str, Any]],
    names: Mapping[str, str],
    *,
    title: str,
    text: str = "",
) -> dict[str, Any]:
    """The TimelineJS 3 JSON of the dated events: one slide each, grouped by status."""
    slides = [slide for event in events if (slide := timelinejs_slide(event, names))]
    return {
        "title": {"text": {"headline": escape(title), "text": escape(text)}},
        "events": slides,
    }


def timelinejs_slide(event: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any] | None:
    """One event as a TimelineJS slide; None when it has no date to place it on."""
    when = event["date"] or {}
    value = when.get("value")
    if not value:
        return None
    start = timelinejs_date(value)
    slide: dict[str, Any] = {"start_date": start}
    if start is None:  # a span of days ("2024-04-15/2024-04-17"): its first and last
        slide["start_date"] = timelinejs_date(when["start"])
        if when["end"] != when["start"]:
            slide["end_date"] = timelinejs_date(when["end"])
    slide["text"] = {"headline": escape(event["title"]), "text": _slide_text(event, names)}
    slide["group"] = event["status"]
    slide["unique_id"] = event["id"]
    return slide


def _slide_text(event: dict[str, Any], names: Mapping[str, str]) -> str:
    """What a slide says under its headline, as escaped HTML."""
    who = JOIN.join(names.get(key, key) for key in event["participants"])
    facts = [f"Status: {event['status']}", f"kind: {event['kind']}"]
    facts += [f"where: {event['location']}"] if event["location"] else []
    facts += [f"who: {who}"] if who else []
    count = len(sources(event))
    reports = f"Reported in {count} article{'' if count == 1 else 's'}."
    return f"<p>{escape(', '.join(facts))}.</p><p>{reports}</p>"

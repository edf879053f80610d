"""A brief record (``storyline.corpus.briefs.brief_record``) as Markdown or standalone HTML.

Article text is untrusted: in HTML every piece of it is escaped; in Markdown it is quoted as
written, with each sentence followed by its source.
"""

from __future__ import annotations

from html import escape
from typing import Any


def render_brief(record: dict[str, Any], fmt: str) -> str:
    return _html(record) if fmt == "html" else _markdown(record)


def _source(item: dict[str, Any]) -> str:
    return f"{item['document']}:{item['start']}-{item['end']}"


def _event_line(event: dict[str, Any]) -> str:
    when = event["date"] or {}
    day = when.get("value") or (f"by {when['end']}" if when.get("end") else "undated")
    return f"{day} — {event['title']} ({event['status']})"


def _markdown(record: dict[str, Any]) -> str:
    lines = [f"# {record['title'] or record['story']}", ""]
    if record["as_of"]:
        lines += [f"_As known on {record['as_of']}._", ""]
    lines += ["## Summary", ""]
    lines += [f"- {s['text']} [{_source(s)}]" for s in record["sentences"]] or ["(no sentences)"]
    lines += ["", "## Timeline", ""]
    lines += [f"- {_event_line(e)}" for e in record["events"]] or ["(no dated events)"]
    lines += ["", "## Quotes", ""]
    for group in record["quotes"]:
        lines.append(f"**{group['speaker']}**")
        lines += [f"- “{q['text']}” [{_source(q)}]" for q in group["quotes"][:3]]
        lines.append("")
    lines += ["## Entities", ""]
    lines += [", ".join(f"{e['name']} ({e['mentions']})" for e in record["entities"]) or "—"]
    lines += ["", "## Open questions", ""]
    lines += [
        f"- {q['title']}: {q['status']}" + (f", {q['date']}" if q["date"] else "")
        for q in record["open_questions"]
    ] or ["(none)"]
    return "\n".join(lines) + "\n"


def _html(record: dict[str, Any]) -> str:
    def cited(item: dict[str, Any]) -> str:
        return f"{escape(item['text'])} <cite>{escape(_source(item))}</cite>"

    title = escape(record["title"] or record["story"])
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}</title></head><body>",
        f"<h1>{title}</h1>",
    ]
    if record["as_of"]:
        parts.append(f"<p><em>As known on {escape(record['as_of'])}.</em></p>")
    parts.append("<h2>Summary</h2><ul>")
    parts += [f"<li>{cited(s)}</li>" for s in record["sentences"]]
    parts.append("</ul><h2>Timeline</h2><ul>")
    parts += [f"<li>{escape(_event_line(e))}</li>" for e in record["events"]]
    parts.append("</ul><h2>Quotes</h2>")
    for group in record["quotes"]:
        parts.append(f"<h3>{escape(group['speaker'])}</h3><ul>")
        parts += [f"<li>“{cited(q)}”</li>" for q in group["quotes"][:3]]
        parts.append("</ul>")
    parts.append("<h2>Entities</h2><p>")
    parts.append(", ".join(f"{escape(e['name'])} ({e['mentions']})" for e in record["entities"]))
    parts.append("</p><h2>Open questions</h2><ul>")
    parts += [
        f"<li>{escape(q['title'])}: {escape(q['status'])}</li>" for q in record["open_questions"]
    ]
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"

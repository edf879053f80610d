"""Alert firings for people and machines: one JSON record each, a line to print, and webhook
delivery (a JSON POST, retried with backoff; what is not delivered is tried again later)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from storyline.store.database import Store
from storyline.store.watching import FiringRecord

MAX_DELIVERIES = 5  # checks in which an undelivered firing is tried again, at most
EVIDENCE_CHARS = 240


@dataclass(frozen=True, slots=True)
class WebhookOptions:
    tries: int = 3  # per delivery, with backoff between them
    backoff: float = 1.0  # seconds before the second try; doubles
    timeout: float = 10.0


def firing_record(store: Store, firing: FiringRecord) -> dict[str, Any]:
    """A firing as JSON: what changed, and the article and sentence that say so."""
    document = store.document(firing.document_id) if firing.document_id else None
    return {
        "type": "alert_firing",
        "id": firing.id,
        "alert": firing.alert,
        "kind": firing.kind,
        "fired_at": firing.fired_at,
        "message": firing.message,
        "event": firing.event_id,
        "story": firing.story_id,
        "status": {"from": firing.status_from, "to": firing.status_to}
        if firing.kind == "status"
        else None,
        "as_of": firing.as_of,
        "source": {
            "document": firing.document_id,
            "title": document.title if document else None,
            "url": document.url if document else None,
            "outlet": document.outlet if document else None,
            "published": document.published if document else None,
            "sentence": firing.evidence,
            "start": firing.evidence_start,
            "end": firing.evidence_end,
        },
    }


def firing_line(record: dict[str, Any]) -> str:
    """One line for a terminal: the alert, the change, when, and where it was read."""
    source = record["source"]
    where = source["outlet"] or source["url"] or source["title"] or source["document"]
    when = f" ({record['as_of']})" if record["as_of"] else ""
    line = f"[{record['alert']}] {record['message']}{when}"
    if where:
        line += f" — {where}"
    if sentence := source["sentence"]:
        sentence = " ".join(sentence.split())
        if len(sentence) > EVIDENCE_CHARS:
            sentence = sentence[: EVIDENCE_CHARS - 1] + "…"
        line += f': "{sentence}"'
    return line


def deliver_webhooks(
    store: Store,
    options: WebhookOptions | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> list[str]:
    """POST every firing a webhook still owes (new ones and earlier failures); the errors, one
    line each."""
    options = options or WebhookOptions()
    hooks = {alert.name: alert.webhook for alert in store.alerts() if alert.webhook}
    owed = [f for f in store.firings(undelivered=True) if f.attempts < MAX_DELIVERIES]
    errors = []
    with httpx.Client(timeout=options.timeout) as client:
        for firing in reversed(owed):  # oldest first
            url = hooks[firing.alert]
            error = _post(client, url, firing_record(store, firing), options, sleep)
            assert firing.id is not None
            store.delivery_tried(firing.id, error=error)
            if error:
                errors.append(f"webhook {url} (alert {firing.alert}): {error}")
    return errors


def _post(
    client: httpx.Client,
    url: str,
    record: dict[str, Any],
    options: WebhookOptions,
    sleep: Callable[[float], None],
) -> str | None:
    error = None
    for attempt in range(options.tries):
        if attempt:
            sleep(options.backoff * 2 ** (attempt - 1))
        try:
            response = client.post(url, json=record)
        except httpx.HTTPError as failure:
            error = str(failure) or type(failure).__name__
            continue
        if response.is_success:
            return None
        error = f"HTTP {response.status_code} {response.reason_phrase}"
        if response.status_code < 500 and response.status_code != 429:
            break  # the receiver refuses it: trying again now will not help
    return f"{error} (after {attempt + 1} tr{'ies' if attempt else 'y'})"

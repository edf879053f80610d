"""The store's queries for keeping up with a story: watched sources and their items, alerts,
what each alert has seen, and its firings."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from storyline.store.sql import chunks, placeholders


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source ``storyline watch`` follows: ``kind`` is "folder", "url" (a page, a feed or a
    sitemap: what it is shows when it is fetched) or "urls" (a file of URLs)."""

    id: int
    kind: str
    location: str
    etag: str | None = None
    last_modified: str | None = None
    added_at: str = ""
    checked_at: str | None = None
    changed_at: str | None = None


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One item of a source as last handled: "done", or "failed" (tried ``attempts`` times)."""

    item: str
    version: str
    state: str
    attempts: int = 0
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class AlertRecord:
    name: str
    query: str
    trigger: str  # "status", "new-event" or "new-article"
    webhook: str | None = None
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class FiringRecord:
    """One firing of an alert, with the article and sentence that caused it."""

    alert: str
    kind: str
    message: str
    fired_at: str = ""
    event_id: str | None = None
    story_id: str | None = None
    document_id: str | None = None
    status_from: str | None = None
    status_to: str | None = None
    as_of: str | None = None
    evidence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    delivered_at: str | None = None
    attempts: int = 0
    delivery_error: str | None = None
    id: int | None = None


_FIRING_COLUMNS = tuple(f.name for f in fields(FiringRecord) if f.name != "id")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchQueries:
    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # --- sources ---------------------------------------------------------------------------

    def add_source(self, kind: str, location: str) -> SourceRecord:
        """The source at ``location``, added if it is new (its kind is kept if it is not)."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO sources (kind, location, added_at) VALUES (?, ?, ?)",
                (kind, location, now()),
            )
        found = self.source(location)
        assert found is not None
        return found

    def source(self, location: str) -> SourceRecord | None:
        row = self.db.execute("SELECT * FROM sources WHERE location = ?", (location,)).fetchone()
        return SourceRecord(**dict(row)) if row else None

    def sources(self) -> list[SourceRecord]:
        rows = self.db.execute("SELECT * FROM sources ORDER BY id")
        return [SourceRecord(**dict(row)) for row in rows]

    def remove_source(self, location: str) -> bool:
        with self.transaction() as db:
            removed = db.execute("DELETE FROM sources WHERE location = ?", (location,)).rowcount
        return removed > 0

    def source_items(self, source_id: int) -> dict[str, SourceItem]:
        rows = self.db.execute(
            "SELECT item, version, state, attempts, reason FROM source_items WHERE source_id = ?",
            (source_id,),
        )
        return {row["item"]: SourceItem(**dict(row)) for row in rows}

    def record_items(self, source_id: int, items: Sequence[SourceItem]) -> None:
        """Remember how items were handled: a failure counts one more attempt."""
        if not items:
            return
        seen = now()
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO source_items (source_id, item, version, state, attempts, reason, "
                "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, item) DO UPDATE "
                "SET version = excluded.version, state = excluded.state, reason = "
                "excluded.reason, seen_at = excluded.seen_at, attempts = CASE WHEN "
                "excluded.state = 'failed' THEN source_items.attempts + 1 ELSE 0 END",
                [
                    (source_id, i.item, i.version, i.state, int(i.state == "failed"), i.reason,
                     seen)
                    for i in items
                ],
            )  # fmt: skip

    def source_checked(
        self,
        source_id: int,
        *,
        etag: str | None,
        last_modified: str | None,
        changed: bool,
    ) -> None:
        """A round read this source: keep what the next conditional request sends."""
        stamp = now()
        with self.transaction() as db:
            db.execute(
                "UPDATE sources SET etag = ?, last_modified = ?, checked_at = ?, "
                "changed_at = CASE WHEN ? THEN ? ELSE changed_at END WHERE id = ?",
                (etag, last_modified, stamp, changed, stamp, source_id),
            )

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of ``urls`` an ingested document was fetched from or names as its own."""
        known: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(urls)), size=400):
            marks = placeholders(len(chunk))
            rows = self.db.execute(
                f"SELECT url FROM documents WHERE url IN ({marks}) "
                f"UNION SELECT source FROM documents WHERE source IN ({marks})",
                chunk + chunk,
            )
            known.update(row[0] for row in rows)
        return known

    # --- alerts ----------------------------------------------------------------------------

    def add_alert(self, alert: AlertRecord, seen: Sequence[str]) -> bool:
        """Add an alert that has already seen ``seen`` (what it should not tell); False when
        an alert of that name exists."""
        with self.transaction() as db:
            exists = db.execute("SELECT 1 FROM alerts WHERE name = ?", (alert.name,)).fetchone()
            if exists:
                return False
            db.execute(
                "INSERT INTO alerts (name, query, trigger, webhook, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (alert.name, alert.query, alert.trigger, alert.webhook, alert.created_at or now()),
            )
            db.executemany(
                "INSERT OR IGNORE INTO alert_seen (alert, key) VALUES (?, ?)",
                [(alert.name, key) for key in seen],
            )
        return True

    def alerts(self) -> list[AlertRecord]:
        rows = self.db.execute(
            "SELECT name, query, trigger, webhook, created_at FROM alerts ORDER BY name"
        )
        return [AlertRecord(**dict(row)) for row in rows]

    def remove_alert(self, name: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM alerts WHERE name = ?", (name,)).rowcount > 0

    def alert_seen(self, name: str) -> set[str]:
        rows = self.db.execute("SELECT key FROM alert_seen WHERE alert = ?", (name,))
        return {row[0] for row in rows}

    def add_firings(self, firings: Sequence[tuple[FiringRecord, Sequence[str]]]) -> list[int]:
        """Store firings, each with the keys that make it the same change: one whose key an
        alert has seen already is dropped, so a change is never told twice. Returns the ids."""
        stamp = now()
        ids: list[int] = []
        with self.transaction() as db:
            for firing, keys in firings:
                if _seen_any(db, firing.alert, keys):
                    continue
                values = {**_firing_values(firing), "fired_at": firing.fired_at or stamp}
                cursor = db.execute(
                    f"INSERT INTO alert_firings ({', '.join(values)}) "
                    f"VALUES ({placeholders(len(values))})",
                    tuple(values.values()),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO alert_seen (alert, key) VALUES (?, ?)",
                    [(firing.alert, key) for key in keys],
                )
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def firings(
        self,
        *,
        alert: str | None = None,
        ids: Sequence[int] | None = None,
        undelivered: bool = False,
        limit: int | None = None,
    ) -> list[FiringRecord]:
        """Firings, newest first: of one alert, these ids, or those a webhook still owes."""
        where: list[str] = []
        params: list[str | int] = []
        if alert is not None:
            where.append("f.alert = ?")
            params.append(alert)
        if ids is not None:
            where.append(f"f.id IN ({placeholders(len(ids))})")
            params.extend(ids)
        if undelivered:
            where.append("f.delivered_at IS NULL AND a.webhook IS NOT NULL")
        sql = "SELECT f.* FROM alert_firings f JOIN alerts a ON a.name = f.alert"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY f.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [FiringRecord(**dict(row)) for row in self.db.execute(sql, params)]

    def delivery_tried(self, firing_id: int, *, error: str | None) -> None:
        """A webhook delivery was tried: delivered when there is no error."""
        with self.transaction() as db:
            db.execute(
                "UPDATE alert_firings SET attempts = attempts + 1, delivery_error = ?, "
                "delivered_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE id = ?",
                (error, error, now(), firing_id),
            )


def _seen_any(db: sqlite3.Connection, alert: str, keys: Sequence[str]) -> bool:
    if not keys:
        return False
    row = db.execute(
        f"SELECT 1 FROM alert_seen WHERE alert = ? AND key IN ({placeholders(len(keys))})",
        (alert, *keys),
    ).fetchone()
    return row is not None


def _firing_values(firing: FiringRecord) -> dict[str, Any]:
    return {column: getattr(firing, column) for column in _FIRING_COLUMNS}

"""The store's SQL for event linking and the event reads.

Used by corpus/event_linking.py and corpus/event_queries.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3


class EventQueries:
    db: sqlite3.Connection

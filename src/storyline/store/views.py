"""The store's SQL for what the outputs read: documents, stories, entities as shown.

Used by outputs/export.py, corpus/briefs.py and web/queries.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3


class ViewQueries:
    db: sqlite3.Connection

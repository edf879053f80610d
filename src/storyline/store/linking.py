"""The store's SQL for entity linking: mentions in, entities and their links out.

Used by corpus/linking.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3


class EntityLinkQueries:
    db: sqlite3.Connection

"""The store's SQL for story linking: vectors and fingerprints in, stories and copies out.

Used by corpus/story_linking.py.

Methods of :class:`storyline.store.database.Store` (it inherits them); only the store runs SQL.
"""

from __future__ import annotations

import sqlite3


class StoryQueries:
    db: sqlite3.Connection

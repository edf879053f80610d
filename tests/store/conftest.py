"""What the store's tests share: an empty in-memory store."""

from __future__ import annotations

import pytest

from storyline.store.database import Store


@pytest.fixture
def store():
    with Store(":memory:") as opened:
        yield opened

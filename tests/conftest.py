from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpora" / "seeds"
DEMO_CORPUS = REPO / "src" / "storyline" / "demo" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    """storyline's whole language pipeline: the model plus its components (loaded once)."""
    from storyline.nlp.model import load_pipeline

    return load_pipeline()


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (../shared)")

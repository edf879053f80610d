"""storyline: turn messy news coverage into a story dossier.

The public API is :class:`Dossier` (see :mod:`storyline.api`)::

    import storyline

    with storyline.Dossier("news.db") as dossier:
        dossier.ingest(["articles/"])
        print(dossier.stories()[0]["title"])

Names are imported on first use, so ``import storyline`` stays light (no spaCy until needed).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → the module that defines it.
_EXPORTS = {
    "Dossier": "storyline.api",
    "LinkSummary": "storyline.api",
    "UnknownStory": "storyline.corpus.briefs",
    "AlertError": "storyline.corpus.alerts",
    "CorrectionError": "storyline.corrections",
    "SourceError": "storyline.watch",
    "WatchOptions": "storyline.watch",
    "FetchOptions": "storyline.ingest.web",
    "DocumentFilters": "storyline.store.lists",
    "WebhookOptions": "storyline.outputs.alerts",
    "IngestOptions": "storyline.pipeline",
    "IngestReport": "storyline.pipeline",
    "Notice": "storyline.pipeline",
    "Failure": "storyline.records",
    "RECORD_TYPES": "storyline.outputs.export",
    "StoreError": "storyline.store.database",
    "MissingDatabase": "storyline.store.database",
}
__all__ = [
    "RECORD_TYPES",
    "AlertError",
    "CorrectionError",
    "DocumentFilters",
    "Dossier",
    "Failure",
    "FetchOptions",
    "IngestOptions",
    "IngestReport",
    "LinkSummary",
    "MissingDatabase",
    "Notice",
    "SourceError",
    "StoreError",
    "UnknownStory",
    "WatchOptions",
    "WebhookOptions",
    "__version__",
]

if TYPE_CHECKING:
    from storyline.api import Dossier, LinkSummary
    from storyline.corpus.alerts import AlertError
    from storyline.corpus.briefs import UnknownStory
    from storyline.corrections import CorrectionError
    from storyline.ingest.web import FetchOptions
    from storyline.outputs.alerts import WebhookOptions
    from storyline.outputs.export import RECORD_TYPES
    from storyline.pipeline import IngestOptions, IngestReport, Notice
    from storyline.records import Failure
    from storyline.store.database import MissingDatabase, StoreError
    from storyline.store.lists import DocumentFilters
    from storyline.watch import SourceError, WatchOptions


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

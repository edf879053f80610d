"""The public JSON Lines export (DESIGN.md, "Contract: the export format").

Fields may be added; none may be renamed or removed without a version bump.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storyline.store.database import Store, StoredDocument

EXPORT_VERSION = 1
RECORD_TYPES = ("document", "entity", "event", "story")


def document_record(store: Store, document: StoredDocument) -> dict[str, Any]:
    """One ``document`` record: the clean article, what was removed, and its annotations."""
    published = None
    if document.published:
        published = {
            "value": document.published,
            "source": document.published_source,
            "confidence": document.published_confidence,
        }
    return {
        "type": "document",
        "id": document.id,
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "outlet": document.outlet,
        "author": document.author,
        "language": document.language,
        "translated_from": document.translated_from,
        "published": published,
        "crawl_date": document.crawl_date,
        "body": document.body,
        "boilerplate": list(document.boilerplate),
        "captions": list(document.captions),
        "sentences": [[start, end] for start, end in store.sentences(document.id)],
        "entities": [
            {"text": m.text, "start": m.start, "end": m.end, "label": m.label, "entity": m.entity}
            for m in store.mentions(document.id)
        ],
        "quotes": [],
        "timexes": [],
        "duplicate_of": None,
    }


def iter_records(store: Store, types: Iterable[str] = RECORD_TYPES) -> Iterator[dict[str, Any]]:
    """Every record of the wanted types, documents first, streamed from the store."""
    wanted = set(types)
    unknown = wanted - set(RECORD_TYPES)
    if unknown:
        raise ValueError(f"unknown record type(s): {', '.join(sorted(unknown))}")
    if "document" in wanted:
        for document in store.iter_documents():
            yield document_record(store, document)
    # entity, event and story records come from the corpus step (later issues); none yet.

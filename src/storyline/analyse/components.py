"""storyline's spaCy components, and how they go into a pipeline.

Importing this module registers the factories, so a user can also add them to a pipeline of
their own: ``nlp.add_pipe("storyline_quotes")`` after ``import storyline.analyse.components``.
Each declares what it requires and assigns (``nlp.analyze_pipes()`` reports a missing one) and
leaves plain data on the Doc, so ``DocBin(store_user_data=True)``, ``Doc.to_bytes`` and
``nlp.pipe(..., n_process=2)`` keep it; a reader beside each turns it into storyline's records:

=====================  ===========================  ==========================================
component              extension (tuple of dicts)   reader
=====================  ===========================  ==========================================
storyline_entities     ``storyline_entities``       ``entities.doc_entities`` -> DocEntity
storyline_quotes       ``storyline_quotes``         ``quotes.doc_quotes`` -> Quote
storyline_time         ``storyline_timexes``        ``timexes.doc_timexes`` -> Timex
                       ``storyline_time``           ``timexes.found_timexes`` -> FoundTimex
storyline_events       ``storyline_events``         ``events.doc_events`` -> EventMention
=====================  ===========================  ==========================================
"""

from __future__ import annotations

from spacy.language import Language

from storyline.analyse import entities, events, quotes, timexes  # noqa: F401  (registers the factories)

COMPONENTS = (
    "storyline_paragraphs", "storyline_entities", "storyline_quotes", "storyline_time",
    "storyline_events",
)  # fmt: skip


def add_storyline_components(nlp: Language) -> Language:
    """Add paragraph boundaries (before the parser), entities (after NER), quotes and time."""
    if "storyline_paragraphs" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("storyline_paragraphs", before=first) if first else nlp.add_pipe(
            "storyline_paragraphs", first=True
        )
    if "storyline_entities" not in nlp.pipe_names:
        nlp.add_pipe("storyline_entities")
    if "storyline_quotes" not in nlp.pipe_names:
        nlp.add_pipe("storyline_quotes")
    if "storyline_time" not in nlp.pipe_names:
        nlp.add_pipe("storyline_time")
    if "storyline_events" not in nlp.pipe_names:
        nlp.add_pipe("storyline_events")
    return nlp

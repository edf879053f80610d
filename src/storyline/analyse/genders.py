"""Which people of a document the text calls "he" and which "she", from the document alone.

No list of first names: the evidence is the text's own. An honorific ("Mr", "Mrs", "Ms") before a
mention says it outright; otherwise, a sentence that names one person and no other, and the
sentence after it when that names no one, lend that person the third-person pronouns they hold
("Ana Ruiz arrived late. She said …"). A person gets a gender when one side has at least twice
the other's evidence; else none, and a pronoun may stand for them either way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Literal

from spacy.tokens import Doc

from storyline.records import DocEntity

Gender = Literal["he", "she"]
MALE_WORDS = frozenset({"he", "him", "his", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"})
TITLE_WEIGHT = 3  # an honorific outweighs a pronoun or two


def genders(doc: Doc, entities: list[DocEntity]) -> dict[int, Gender]:
    """The gender the text shows for each person (by ``DocEntity.key``), where it shows one."""
    owner = {m: e for e in entities if e.label == "PERSON" for m in e.mentions}
    evidence: dict[int, Counter[Gender]] = defaultdict(Counter)
    people_by_sentence: dict[int, set[int]] = defaultdict(set)
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        if index not in owner:
            continue
        key = owner[index].key
        people_by_sentence[ent.sent.start].add(key)
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in MALE_TITLES:
            evidence[key]["he"] += TITLE_WEIGHT
        elif before in FEMALE_TITLES:
            evidence[key]["she"] += TITLE_WEIGHT
    sentences = list(doc.sents)
    for number, sentence in enumerate(sentences):
        named = people_by_sentence.get(sentence.start, set())
        if len(named) != 1:
            continue
        [key] = named
        stretch = [sentence]
        following = sentences[number + 1] if number + 1 < len(sentences) else None
        if following is not None and not people_by_sentence.get(following.start):
            stretch.append(following)
        for part in stretch:
            for token in part:
                if token.lower_ in MALE_WORDS and token.tag_.startswith("PRP"):
                    evidence[key]["he"] += 1
                elif token.lower_ in FEMALE_WORDS and token.tag_.startswith("PRP"):
                    evidence[key]["she"] += 1
    found: dict[int, Gender] = {}
    for key, counts in evidence.items():
        he, she = counts["he"], counts["she"]
        if he >= 2 * she and he > 0:
            found[key] = "he"
        elif she >= 2 * he and she > 0:
            found[key] = "she"
    return found

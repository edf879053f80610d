"""Near-duplicate detection: re-publications are copies, other articles on the story are not."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.corpus.dedup import (
    NUM_PERM,
    CopyFinder,
    shingles,
    signature,
    signature_bytes,
    signature_from_bytes,
)

ORIGINAL = """Harbour council approves new ferry link to the islands

The Harbour council voted on Tuesday to fund a new ferry link between the port and the three
outer islands, ending a decade of disputes over who should pay for the crossing.
"This is the day the islands stop being an afterthought," said council leader Maria Okafor,
who had campaigned for the service since 2012. The first boats are due to sail next spring.
Opponents said the 40 million budget would be better spent on the ageing road bridge, and
warned that the operator's fares had not yet been agreed with the island communities.
"""

REPUBLISHED = """HARBOUR COUNCIL APPROVES NEW FERRY LINK | The Island Courier
Share this article
Follow us on Twitter @islandcourier
The Harbour council voted on Tuesday to fund a new ferry link between the port and the three
outer islands,  ending a decade of disputes over who should pay for the crossing.

“This is the day the islands stop being an afterthought,” said council leader Maria Okafor,
who had campaigned for the service since 2012. The first boats are due to sail next spring.
Advertisement
Opponents said the 40 million budget would be better spent on the ageing road bridge, and
warned that the operator’s fares had not yet been agreed with the island communities.
© 2024 The Island Courier. All rights reserved.
"""

SAME_STORY = """Islanders celebrate as ferry plan wins the vote

Residents of the outer islands gathered at the quay after the Harbour council backed a ferry
service that Maria Okafor, the council leader, has championed for years. Several fishermen
said they had waited half their lives for a reliable crossing. Critics on the council argued
the money was needed for the road bridge, and the fares remain to be negotiated. Boats are
expected to begin sailing in the spring, officials said.
"""


def paragraph(tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(40))


def test_shingles_ignore_case_punctuation_quotes_and_whitespace():
    assert shingles("“Don’t stop,” she said.  Now!") == shingles('"don\'t STOP" she\nsaid now')
    assert shingles("one two three four five six") == {
        "one two three four five",
        "two three four five six",
    }


def test_a_short_text_is_one_shingle_and_an_empty_one_none():
    assert shingles("Breaking: fire!") == {"breaking fire"}
    assert shingles("") == set()
    assert shingles(" -- !! ") == set()


def test_a_republication_with_other_boilerplate_and_quotes_is_a_copy():
    finder = CopyFinder()
    assert finder.add("original", signature(ORIGINAL)) is None
    assert finder.add("republished", signature(REPUBLISHED)) == "original"


def test_another_article_on_the_same_story_is_not_a_copy():
    finder = CopyFinder()
    finder.add("original", signature(ORIGINAL))
    assert finder.add("same-story", signature(SAME_STORY)) is None
    assert len(finder) == 2


def test_the_earliest_matching_document_is_the_original():
    finder = CopyFinder()
    finder.add("first", signature(ORIGINAL))
    finder.add("second", signature(ORIGINAL + "\nRead more: ferry timetables"))
    assert finder.add("third", signature(REPUBLISHED)) == "first"


def test_a_copy_of_a_copy_points_at_the_first_original():
    a = f"{paragraph('p')}\n{paragraph('q')}"
    b = f"{a}\n{paragraph('r')}"  # a with a paragraph added: a copy of a
    c = f"{paragraph('q')}\n{paragraph('r')}"  # b with its first paragraph cut: not a copy of a
    finder = CopyFinder()
    finder.add("a", signature(a))
    assert finder.add("b", signature(b)) == "a"
    assert finder.matches(signature(c)) == ["b"]
    assert finder.add("c", signature(c)) == "a"


def test_empty_texts_do_not_crash_and_are_never_copies():
    finder = CopyFinder()
    empty = signature("")
    assert empty.is_empty()
    assert finder.add("empty", empty) is None
    assert finder.add("also-empty", signature("  ... ")) is None
    assert finder.add("text", signature(ORIGINAL)) is None
    assert finder.matches(signature("")) == []


def test_adding_the_same_id_twice_is_an_error():
    finder = CopyFinder()
    finder.add("a", signature(ORIGINAL))
    with pytest.raises(ValueError, match="already added"):
        finder.add("a", signature(SAME_STORY))


def test_signature_round_trips_through_bytes():
    sig = signature(ORIGINAL)
    data = signature_bytes(sig)
    assert isinstance(data, bytes) and len(data) == NUM_PERM * 8
    back = signature_from_bytes(data)
    assert np.array_equal(back.hashvalues, sig.hashvalues)
    assert back.jaccard(signature(REPUBLISHED)) == sig.jaccard(signature(REPUBLISHED))
    finder = CopyFinder()
    finder.add("stored", back)
    assert finder.add("new", signature(REPUBLISHED)) == "stored"
    with pytest.raises(ValueError):
        signature_from_bytes(data[:-8])


def test_the_same_text_gets_the_same_signature_every_time():
    text = "The quick brown fox jumps over the lazy dog"
    assert signature_bytes(signature(text)) == signature_bytes(signature(text))
    # pinned: a different seed, hash or shingling would make stored signatures incomparable
    assert signature_bytes(signature(text))[:16].hex() == "399be80a0000000013e5f44e00000000"

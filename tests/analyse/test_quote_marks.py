from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.quote_marks import quote_spans


def quoted(text: str) -> list[str]:
    return [text[span.start : span.end] for span in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said: “We will win.” Then he left.", ["We will win."]),
        ('"A," he said. "B."', ["A,", "B."]),
        ("It’s Wang’s view that ‘frank talks’ happened.", ["frank talks"]),
        ("„Wir kommen“, sagte sie.", ["Wir kommen"]),
        ("Il a dit «nous venons» hier.", ["nous venons"]),
        ("A stray ” mark and “one” here.", ["one"]),
        ('He is 6" tall and "very fast" too.', ["very fast"]),
        ("No quotes at all.", []),
        ('“We will win," he said, and “soon.”', ["We will win,", "soon."]),
        ('"We will win,” he said. “Soon.”', ["We will win,", "Soon."]),
    ],
)
def test_quoted_text(text, expected):
    assert quoted(text) == expected


def test_a_quote_over_two_paragraphs_reopens_each_one():
    text = "She said: “First part.\n\n“Second part,” she added."
    first, second = quote_spans(text)
    assert not first.closed and first.continued
    assert second.closed and text[second.start : second.end] == "Second part,"


def test_an_unclosed_quote_ends_with_its_paragraph():
    text = "He said “this never closes\n\nThe next paragraph is narration."
    [span] = quote_spans(text)
    assert text[span.start : span.end] == "this never closes"
    assert not span.continued


@given(st.lists(st.text(alphabet="ab “”\"‘’'\n", max_size=30), max_size=6))
def test_a_quote_never_crosses_a_paragraph_break(paragraphs):
    text = "\n".join(paragraphs)
    for span in quote_spans(text):
        assert "\n" not in text[span.open_start : span.end]
        assert 0 <= span.open_start < span.start <= span.end <= len(text)

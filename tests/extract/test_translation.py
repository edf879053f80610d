from __future__ import annotations

import pytest

from storyline.extract.translation import translation_source


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("The article is in Finnish", "fi"),
        ("This article was translated from German.", "de"),
        ("(Translated from the Spanish original)", "es"),
        ("Machine-translated from French by an automatic service", "fr"),
        ("Original article in Portuguese", "pt"),
        ("This story was originally published in Japanese.", "ja"),
        ("Translation from Korean: J. Kim", "ko"),
        ("Source language: Vietnamese", "vi"),
    ],
)
def test_translation_notes(line, code):
    assert translation_source(line) == code


@pytest.mark.parametrize(
    "line",
    [
        "The article is about Dutch politics and the coming election in the spring.",
        "He translated from Dutch for the delegation.",
        "Dutch officials said the talks would continue.",
        "The article is in",
    ],
)
def test_not_translation_notes(line):
    assert translation_source(line) is None

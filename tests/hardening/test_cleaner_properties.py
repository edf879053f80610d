"""Properties of the plain-text cleaner, on pages hypothesis writes: every body paragraph free of
boilerplate markers survives, whatever furniture surrounds it, and cleaning is idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.text import clean_text

WORDS = (
    "the council said on monday that its plan for the new harbour would cost more than "
    "expected because engineers found damage in the old walls after the winter storms and "
    "residents asked for a public meeting before any work begins in the spring while the "
    "mayor promised that shops near the water would stay open during the repairs"
).split()
FURNITURE = [
    "Share this article",
    "Follow us on Twitter",
    "Advertisement",
    "Read more:",
    "Comments (3)",
    "Sign up for our newsletter",
    "© 2024 The Daily Example",
    "Home | News | Sport | Weather",
    "Click here to subscribe",
    "Photo: Reuters",
]

# Sentences of the vocabulary in a shuffled order: paragraphs that read as prose and never
# repeat each other (a paragraph printed twice is a repeated lead, which the cleaner removes).
sentence = st.permutations(WORDS).map(lambda words: " ".join(words[:18]).capitalize() + ".")
paragraph = st.lists(sentence, min_size=2, max_size=3).map(" ".join)
paragraphs = st.lists(paragraph, min_size=2, max_size=6, unique=True)
furniture = st.lists(st.sampled_from(FURNITURE), max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs, furniture, furniture)
def test_body_paragraphs_survive_any_furniture(texts, above, below):
    page = "\n".join(above) + "\n\n" + "\n\n".join(texts) + "\n\n" + "\n".join(below)
    cleaned = clean_text(page)
    for text in texts:
        assert text in cleaned.paragraphs
    assert not set(FURNITURE) & set(cleaned.paragraphs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs, furniture)
def test_cleaning_is_idempotent(texts, above):
    once = clean_text("\n".join(above) + "\n\n" + "\n\n".join(texts))
    twice = clean_text(once.body)
    assert twice.paragraphs == once.paragraphs

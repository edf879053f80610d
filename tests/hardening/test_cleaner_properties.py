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

sentence = st.lists(st.sampled_from(WORDS), min_size=12, max_size=24).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraph = st.lists(sentence, min_size=2, max_size=4).map(" ".join)
furniture = st.lists(st.sampled_from(FURNITURE), max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=2, max_size=6), furniture, furniture)
def test_body_paragraphs_survive_any_furniture(paragraphs, above, below):
    page = "\n".join(above) + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(below)
    cleaned = clean_text(page)
    for text in paragraphs:
        assert text in cleaned.paragraphs
    assert not set(FURNITURE) & set(cleaned.paragraphs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=2, max_size=6), furniture)
def test_cleaning_is_idempotent(paragraphs, above):
    once = clean_text("\n".join(above) + "\n\n" + "\n\n".join(paragraphs))
    twice = clean_text(once.body)
    assert twice.paragraphs == once.paragraphs

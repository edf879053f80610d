"""An article's language: declared ones normalised, undeclared ones detected, short ones unknown."""

from __future__ import annotations

import pytest

from storyline.extract import extract_article
from storyline.extract.language import article_language, detect_language, normalise_language
from storyline.records import Hints, RawDocument

SPANISH = (
    "El gobierno anunció el martes un nuevo plan para reducir el desempleo juvenil en todo el "
    "país. La ministra de Trabajo dijo que las medidas entrarán en vigor el próximo mes y que se "
    "espera crear cien mil empleos antes de que termine el año."
)
ENGLISH = (
    "The regional ferry company said on Monday that it would add two evening crossings to its "
    "island route from next month, after a summer in which boats were often full by midday."
)


@pytest.mark.parametrize(
    ("declared", "code"),
    [
        ("es", "es"),
        ("es-ES", "es"),
        ("pt_BR", "pt"),
        ("EN", "en"),
        ("English", "en"),
        ("Spanish", "es"),
        ("español", "es"),
        ("spa", "es"),
        ("ger", "de"),
        ("und", None),
        ("", None),
        (None, None),
        ("Klingonese", None),
    ],
)
def test_a_declared_language_is_normalised_to_iso_639_1(declared, code):
    assert normalise_language(declared) == code


def test_the_language_of_a_text_is_detected():
    assert detect_language(SPANISH) == "es"
    assert detect_language(ENGLISH) == "en"


def test_no_language_is_claimed_from_a_few_words():
    assert detect_language("El gobierno dijo") is None


def test_a_declared_language_wins_over_detection():
    assert article_language(declared="en", page=None, body=SPANISH, translated_from=None) == "en"
    assert article_language(declared=None, page="es-MX", body=ENGLISH, translated_from=None) == "es"


def test_a_short_text_falls_back_to_the_declared_language_or_none():
    body = "Sin comentarios hoy."
    assert article_language(declared="es", page=None, body=body, translated_from=None) == "es"
    assert article_language(declared=None, page=None, body=body, translated_from=None) is None


def test_an_article_noted_as_translated_is_english():
    assert article_language(declared=None, page="nl", body=ENGLISH, translated_from="nl") == "en"


def test_a_spanish_text_file_is_spanish():
    raw = RawDocument(source="a.txt", location="a.txt", raw=b"x", payload=SPANISH, kind="text")
    assert extract_article(raw).language == "es"


def test_a_jsonl_language_field_is_kept_normalised():
    hints = Hints(language="es-ES")
    raw = RawDocument("a:1", "a:1", raw=b"x", payload=SPANISH, kind="text", hints=hints)
    assert extract_article(raw).language == "es"


@pytest.mark.parametrize(
    "markup",
    [
        '<html lang="es-ES"><head>',
        '<html><head><meta http-equiv="content-language" content="es">',
        '<html><head><meta property="og:locale" content="es_ES">',
    ],
)
def test_an_html_page_declares_its_language(markup):
    # An English body, so that only the declaration can say "es".
    page = f"{markup}<title>Ferry</title></head><body><article><p>{ENGLISH}</p></article></body>"
    raw = RawDocument("a.html", "a.html", raw=b"x", payload=page, kind="html")
    assert extract_article(raw).language == "es"

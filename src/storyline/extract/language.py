"""Which language an article is in: what its source declares, else what its words show.

Declarations are normalised to ISO 639-1 (``es-ES`` → ``es``, ``English`` → ``en``, ``spa`` →
``es``). Detection uses py3langid, whose model ships with the package (no download, no network),
and claims a language only for a text long enough to tell and a clear winner; else ``None``.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from storyline.extract.translation import LANGUAGE_CODES

__all__ = ["article_language", "detect_language", "normalise_language"]

MIN_DETECTION_WORDS = 12  # fewer words than this and no language is claimed from the text
MIN_DETECTION_CONFIDENCE = 0.8  # the detector's probability for its best language
DETECTION_CHARS = 5000  # the opening of a long article is enough to tell its language
# ISO 639-2/3 codes as feeds write them (bibliographic and terminology forms), to ISO 639-1.
THREE_LETTER_CODES: dict[str, str] = {
    "eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "ron": "ro", "rum": "ro", "hun": "hu", "ell": "el",
    "gre": "el", "tur": "tr", "ara": "ar", "heb": "he", "fas": "fa", "per": "fa", "hin": "hi",
    "urd": "ur", "ben": "bn", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "vie": "vi",
    "tha": "th", "ind": "id", "msa": "ms", "may": "ms", "swe": "sv", "nor": "no", "nob": "nb",
    "nno": "nn", "dan": "da", "fin": "fi", "isl": "is", "ice": "is", "cat": "ca", "eus": "eu",
    "baq": "eu", "glg": "gl", "bul": "bg", "srp": "sr", "hrv": "hr", "slv": "sl", "lit": "lt",
    "lav": "lv", "est": "et", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "swa": "sw",
    "tgl": "tl", "fil": "tl", "cym": "cy", "wel": "cy", "gle": "ga", "afr": "af",
}  # fmt: skip
# Names of languages in their own words, as sites declare them.
ENDONYMS: dict[str, str] = {
    "español": "es", "castellano": "es", "français": "fr", "deutsch": "de", "italiano": "it",
    "português": "pt", "nederlands": "nl", "русский": "ru", "українська": "uk", "polski": "pl",
    "svenska": "sv", "norsk": "no", "dansk": "da", "suomi": "fi", "türkçe": "tr",
    "català": "ca", "ελληνικά": "el", "中文": "zh", "日本語": "ja", "한국어": "ko",
}  # fmt: skip
NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis", "xx"})  # "undetermined", "multiple", …
_SUBTAG = re.compile(r"[-_\s(]")


def normalise_language(value: str | None) -> str | None:
    """The ISO 639-1 code of a declared language (``es-ES``, ``English``, ``spa``), else None."""
    if not value or not value.strip():
        return None
    text = value.strip().lower()
    if text in LANGUAGE_CODES or text in ENDONYMS:
        return LANGUAGE_CODES.get(text) or ENDONYMS[text]
    primary = _SUBTAG.split(text, maxsplit=1)[0]
    if primary in NO_LANGUAGE:
        return None
    if len(primary) == 2 and primary.isascii() and primary.isalpha():
        return primary
    if len(primary) == 3 and primary in THREE_LETTER_CODES:
        return THREE_LETTER_CODES[primary]
    return LANGUAGE_CODES.get(primary) or ENDONYMS.get(primary)


def detect_language(text: str) -> str | None:
    """The language a text is written in, if it is long enough to tell and the detector is sure."""
    if len(text.split(maxsplit=MIN_DETECTION_WORDS)) < MIN_DETECTION_WORDS:
        return None
    language, confidence = _identifier().classify(text[:DETECTION_CHARS])
    if confidence < MIN_DETECTION_CONFIDENCE:
        return None
    return normalise_language(language)


def article_language(
    *, declared: str | None, page: str | None, body: str, translated_from: str | None
) -> str | None:
    """An article's language: a note saying it was translated makes it English; else what the
    input declares (a JSON Lines field, a manifest), what the page declares, what the body shows.
    """
    if translated_from:
        return "en"  # "Translated from Dutch": the body is the English translation
    return normalise_language(declared) or normalise_language(page) or detect_language(body)


@cache
def _identifier() -> LanguageIdentifier:
    """The detector, loaded once per process (its model ships with py3langid)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

"""Notes saying an article was translated ("The article is in Finnish"), and from which language."""

from __future__ import annotations

import re

# English names of languages as translation notes spell them, mapped to ISO 639-1.
LANGUAGE_CODES: dict[str, str] = {
    "afrikaans": "af", "albanian": "sq", "amharic": "am", "arabic": "ar", "armenian": "hy",
    "azerbaijani": "az", "basque": "eu", "belarusian": "be", "bengali": "bn", "bangla": "bn",
    "bosnian": "bs", "bulgarian": "bg", "burmese": "my", "catalan": "ca", "chinese": "zh",
    "mandarin": "zh", "cantonese": "zh", "croatian": "hr", "czech": "cs", "danish": "da",
    "dutch": "nl", "flemish": "nl", "english": "en", "estonian": "et", "farsi": "fa",
    "persian": "fa", "filipino": "tl", "tagalog": "tl", "finnish": "fi", "french": "fr",
    "galician": "gl", "georgian": "ka", "german": "de", "greek": "el", "gujarati": "gu",
    "hausa": "ha", "hebrew": "he", "hindi": "hi", "hungarian": "hu", "icelandic": "is",
    "indonesian": "id", "irish": "ga", "italian": "it", "japanese": "ja", "kannada": "kn",
    "kazakh": "kk", "khmer": "km", "korean": "ko", "kurdish": "ku", "kyrgyz": "ky", "lao": "lo",
    "latvian": "lv", "lithuanian": "lt", "macedonian": "mk", "malay": "ms", "malayalam": "ml",
    "maltese": "mt", "marathi": "mr", "mongolian": "mn", "nepali": "ne", "norwegian": "no",
    "pashto": "ps", "polish": "pl", "portuguese": "pt", "brazilian portuguese": "pt",
    "punjabi": "pa", "romanian": "ro", "russian": "ru", "serbian": "sr", "sinhala": "si",
    "slovak": "sk", "slovenian": "sl", "somali": "so", "spanish": "es", "castilian": "es",
    "swahili": "sw", "swedish": "sv", "tajik": "tg", "tamil": "ta", "telugu": "te", "thai": "th",
    "tibetan": "bo", "turkish": "tr", "turkmen": "tk", "ukrainian": "uk", "urdu": "ur",
    "uzbek": "uz", "vietnamese": "vi", "welsh": "cy", "yoruba": "yo", "zulu": "zu",
}  # fmt: skip

_LANGUAGE = (
    "(?:"
    + "|".join(sorted((re.escape(name) for name in LANGUAGE_CODES), key=len, reverse=True))
    + ")"
)
_LANGUAGE_NAME = re.compile(rf"\b{_LANGUAGE}\b", re.IGNORECASE)
_NOTE_FORMS = (
    # "The article is in Finnish", "This story was originally written in German"
    rf"(the|this) (original )?(article|story|text|report|piece|post) (is|was) "
    rf"(originally )?((written|published|reported) )?in {_LANGUAGE}",
    # "Translated from (the) Finnish (original)", "Machine-translated from German by ..."
    rf"((this|the) (article|story|text|report|piece) (was|has been|is) )?"
    rf"((automatically|machine|auto)[ -])?translated (automatically )?from (the )?{_LANGUAGE}\b",
    rf"(a |an )?((automatic|machine|auto)[ -])?translation (from|of) (the |an? )?{_LANGUAGE}\b",
    rf"(read (it|this|the) )?original( (article|story|text|version|report))?"
    rf"( is| was| written| published)? in {_LANGUAGE}",
    rf"originally (written|published|appeared) in {_LANGUAGE}",
    rf"(source|original) language\s*:\s*{_LANGUAGE}",
)
_NOTE = re.compile(
    r"^[\s(\[*_-]*(note\s*:\s*)?(" + "|".join(_NOTE_FORMS) + r")\b[^!?]{0,60}[.)\]*_\s]*$",
    re.IGNORECASE,
)
MAX_NOTE_WORDS = 20


def translation_source(line: str) -> str | None:
    """The ISO 639-1 code of the language a translation note names; None if it is no such note."""
    if len(line.split()) > MAX_NOTE_WORDS:
        return None
    if not _NOTE.match(line.strip()):
        return None
    name = _LANGUAGE_NAME.search(line)
    return LANGUAGE_CODES[name.group(0).lower()] if name else None

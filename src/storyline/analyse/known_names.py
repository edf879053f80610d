"""Names of countries and international bodies, however news spells them: "US", "U.S.",
"America" and "United States" are one country; "DPRK" is North Korea; "U.N." the United Nations.

Country names come from pycountry (its names, official and common names); the spellings it does
not hold, and the bodies with acronyms, from ``data/known_names.json``. A known name settles a
mention's type (a country is a place, whatever the statistical NER guessed) and its canonical
name, so that every spelling is one entity in a document and across the corpus.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DOTTED = re.compile(r"^(?:\w\.)+\w?\.?$")  # "U.S.", "D.P.R.K.", "U.N"
_NOT_NAME = re.compile(r"[^\w\s'-]")
MIN_FOUND_CHARS = 3  # "US", "UK", "EU" are tagged where NER saw them, never searched for


@dataclass(frozen=True, slots=True)
class Known:
    name: str  # the name storyline shows
    label: str  # spaCy's label: GPE or ORG


def fold_abbreviations(name: str) -> str:
    """ "U.S. Navy" -> "US Navy": an abbreviation's dots are no part of the name."""
    return " ".join(word.replace(".", "") if _DOTTED.match(word) else word for word in name.split())


def known_key(name: str) -> str:
    """The form every spelling of a known name shares: abbreviations' dots, case, a leading
    "the" and punctuation aside."""
    text = fold_abbreviations(name.replace("’", "'").replace("‘", "'"))
    words = _NOT_NAME.sub(" ", text.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@cache
def _data() -> dict[str, Any]:
    """``data/known_names.json``, read once."""
    text = resources.files("storyline.analyse").joinpath("data/known_names.json").read_text("utf-8")
    return dict(json.loads(text))


@cache
def _table() -> dict[str, Known]:
    data = _data()
    table: dict[str, Known] = {}
    for name, spellings in _countries(data["pycountry"]).items():
        for spelling in spellings:
            table.setdefault(known_key(spelling), Known(name, "GPE"))
    for label in ("GPE", "ORG", "LOC"):
        for name, spellings in data.get(label, {}).items():
            for spelling in (name, *spellings):
                table[known_key(spelling)] = Known(name, label)
    for label, names in data["typed"].items():
        for name in names:
            table[known_key(name)] = Known(name, label)
    return table


def _countries(renamed: dict[str, str]) -> dict[str, list[str]]:
    import pycountry  # a second to import: loaded once, on the first lookup

    countries: dict[str, list[str]] = {}
    for country in pycountry.countries:
        names = [
            country.name,
            *(getattr(country, k, None) for k in ("official_name", "common_name")),
        ]
        spellings = [n for n in names if n and "," not in n and "(" not in n]
        shown = renamed.get(country.name) or getattr(country, "common_name", None) or country.name
        countries[shown] = [shown, *spellings]
    return countries


def known(name: str) -> Known | None:
    """The known entity ``name`` spells, if any."""
    return _table().get(known_key(name))


@cache
def _media() -> frozenset[str]:
    return frozenset(known_key(name) for name in _data().get("media", ()))


@cache
def _firms() -> frozenset[str]:
    return frozenset(known_key(name) for name in _data()["typed"].get("ORG", ()))


def is_known_firm(name: str) -> bool:
    """A firm or network whose name is sure ("Tesla", "SpaceX", "Google")."""
    return known_key(name) in _firms()


def is_media(name: str) -> bool:
    """Whether ``name`` is a news agency, broadcaster, paper or social network ("AP",
    "Reuters", "Twitter"): who carried a report, not who is in it."""
    entry = known(name)
    return known_key(name) in _media() or (entry is not None and known_key(entry.name) in _media())


@cache
def spellings_pattern() -> re.Pattern[str]:
    """Every known spelling of three characters or more, as written (case kept), to find the
    mentions NER missed: "DPRK", "North Korea", "NATO"."""
    data = _data()
    spellings = {s for names in _countries(data["pycountry"]).values() for s in names}
    for label in ("GPE", "ORG"):
        for name, others in data[label].items():
            spellings.update((name, *others))
    written = sorted(
        (s for s in spellings if len(s) >= MIN_FOUND_CHARS and not s.islower()),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, written)) + r")(?![\w])")

"""Rule data for time expressions (English): names, numbers, units and their TIMEX3 codes."""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBERS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "half a": 0.5, "a half": 0.5, "half an": 0.5, "a couple of": 2, "a couple": 2, "couple of": 2,
    "a dozen": 12, "dozen": 12, "single": 1,
}  # fmt: skip
# Quantities too vague to count: "several years" is PXY.
VAGUE_AMOUNTS = ("a few", "few", "several", "some", "many", "a number of", "numerous",
                 "recent", "coming", "past", "last", "next", "previous")  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip

# Units: the TIMEX3 duration letter and whether it needs the time designator (PT…).
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "night": ("D", False), "week": ("W", False),
    "fortnight": ("W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
    "weekend": ("WE", False), "millennium": ("ML", False),
}  # fmt: skip
UNIT_FACTORS: dict[str, tuple[str, float]] = {"fortnight": ("week", 2)}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
}

# Deictic words, as offsets in days from the reference date.
DAY_WORDS: dict[str, int] = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# Words that refer to the present, past or future as a whole.
GENERIC_REFS: dict[str, str] = {
    "now": "PRESENT_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF", "the coming months": "FUTURE_REF",
    "the coming years": "FUTURE_REF",
}  # fmt: skip

# Modifiers in front of an expression, and the TIMEX3 mod they give.
MODIFIERS: dict[str, str] = {
    "early": "START", "earlier": "START", "beginning of": "START", "start of": "START",
    "the beginning of": "START", "the start of": "START", "the early part of": "START",
    "mid": "MID", "mid-": "MID", "middle of": "MID", "the middle of": "MID",
    "late": "END", "later": "END", "end of": "END", "the end of": "END", "the late part of": "END",
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "approximately": "APPROX", "nearly": "APPROX", "almost": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
}  # fmt: skip

# Holidays with a fixed date (month, day). Moving feasts are left out rather than guessed.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas": (12, 25),
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
    "bastille day": (7, 14), "may day": (5, 1), "armistice day": (11, 11),
    "veterans day": (11, 11), "remembrance day": (11, 11), "st. patrick's day": (3, 17),
}  # fmt: skip

# Holidays that move: (month, weekday, nth; -1 = last) or "easter" (days after Easter Sunday).
MOVING_HOLIDAYS: dict[str, tuple[int, int, int] | tuple[str, int]] = {
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
    "memorial day": (5, 0, -1), "labor day": (9, 0, 1), "labour day": (9, 0, 1),
    "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3), "presidents' day": (2, 0, 3),
    "mother's day": (5, 6, 2), "father's day": (6, 6, 3), "columbus day": (10, 0, 2),
    "election day": (11, 1, 0),  # the Tuesday after the first Monday of November
    "easter": ("easter", 0), "easter sunday": ("easter", 0), "easter monday": ("easter", 1),
    "good friday": ("easter", -2), "easter week": ("easter", 0),
}  # fmt: skip

TIME_ZONES = ("EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST",
              "CET", "CEST", "IST", "JST", "HKT", "SGT", "AEST", "AEDT", "ET", "PT", "CT")  # fmt: skip

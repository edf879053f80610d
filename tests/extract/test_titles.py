from __future__ import annotations

import pytest

from storyline.extract.titles import clean_title, same_title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Port strike ends after three weeks | World", "Port strike ends after three weeks"),
        (
            "Port strike ends after three weeks – The Example Times",
            "Port strike ends after three weeks",
        ),
        (
            "Port strike ends after three weeks - Example News | Business",
            "Port strike ends after three weeks",
        ),
        ("Opinion|Why the port strike mattered", "Why the port strike mattered"),
        (
            "Port strike ends after three weeks, Europe News & Top Stories",
            "Port strike ends after three weeks",
        ),
        ("Ukraine - Russia talks collapse", "Ukraine - Russia talks collapse"),
        ("Port strike: what happens next?", "Port strike: what happens next?"),
        ("  Port   strike ends  ", "Port strike ends"),
    ],
)
def test_clean_title(title, expected):
    assert clean_title(title) == expected


def test_same_title_ignores_suffix_case_and_quotes():
    assert same_title("Port strike “ends” | World", 'port strike "ends"')
    assert not same_title("Port strike ends", "Port strike begins")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Port strike ends Updated: 2016-05-30 09:53 (Agencies)", "Port strike ends"),
        ("Port strike ends | Updated: 3/5/2025 10:05 am", "Port strike ends"),
        ("Port strike ends after three weeks - By Agencies", "Port strike ends after three weeks"),
        ("Port strike ends Published 2025-03-05", "Port strike ends"),
        ("Travel agencies hit by port strike", "Travel agencies hit by port strike"),
    ],
)
def test_update_stamps_and_agency_credits_are_cut(title, expected):
    assert clean_title(title) == expected

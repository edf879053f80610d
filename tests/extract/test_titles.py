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

from datetime import date

from storyline.analyse.timenorm import find_expressions
from storyline.corpus.estimates import depends_on_the_day_said, timexes_read_against
from storyline.corpus.when import Interval, day_of
from storyline.records import Timex


def _timex(text: str, value: str, type_: str = "DATE", tense: str | None = "past") -> Timex:
    return Timex(0, len(text), text, type_, value, tense=tense)


def test_unresolved_values_are_read_against_the_estimated_days():
    week = Interval(date(2024, 3, 20), date(2024, 3, 26))
    read = timexes_read_against(
        [_timex("last year", "XXXX"), _timex("Wednesday", "XXXX-WXX-3")], week
    )
    assert [t.value for t in read] == ["2023", "2024-03-20"]


def test_a_value_the_estimate_does_not_settle_stays_unresolved():
    # "last month" said on 2024-03-30 or on 2024-04-02 names two different months.
    days = Interval(date(2024, 3, 30), date(2024, 4, 2))
    assert timexes_read_against([_timex("last month", "XXXX-XX")], days)[0].value == "XXXX-XX"


def test_resolved_values_and_durations_are_kept():
    days = Interval(date(2024, 3, 20), date(2024, 3, 26))
    kept = [_timex("March 5, 2024", "2024-03-05"), _timex("months", "PXM", "DURATION", None)]
    assert timexes_read_against(kept, days) == kept


def test_only_a_publication_day_places_an_article_to_the_day():
    assert day_of("2023-11-15") == date(2023, 11, 15)
    assert day_of("2023-11-15T08:30:00") == date(2023, 11, 15)
    assert day_of("2023-11") is None and day_of("2023") is None and day_of(None) is None


def test_only_whatdepends_on_the_day_said_places_an_article():
    def depends(text: str) -> bool:
        (match,) = find_expressions(text)
        return depends_on_the_day_said(match.expression)

    assert depends("Friday") and depends("last month") and depends("two days ago")
    assert not depends("Aug. 29, 2017") and not depends("in 1998") and not depends("this year")
    assert not depends("11:57am")

"""The time component and the publication date, on sentences and articles written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.published import publication_date
from storyline.analyse.timexes import doc_timexes, found_timexes
from storyline.records import PublishedDate


def timexes(nlp, text: str, reference: str | None = "2023-10-27"):
    doc = nlp.make_doc(text)
    doc._.storyline_reference = reference
    return {t.text: t.value for t in doc_timexes(nlp(doc))}


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("Officials said on Monday that talks would resume.", "Monday", "2023-10-23"),
        ("The ministers will meet on Monday in Geneva.", "Monday", "2023-10-30"),
        ("The summit is expected to open on Monday.", "Monday", "2023-10-30"),
        ("The vote was postponed until Monday.", "Monday", "2023-10-30"),
        ("The company has traded since March.", "March", "2023-03"),
        ("The leaders met in November, a senior official said.", "November", "2022-11"),
        ("The leaders will meet in November.", "November", "2023-11"),
        ("Lawyers contested the ruling issued Thursday.", "Thursday", "2023-10-26"),
        ("After touring the port Thursday, she flew home.", "Thursday", "2023-10-26"),
        ("Crews began lifting the nets on Thursday evening.", "Thursday evening", "2023-10-26TEV"),
        ("Crews will keep working on Thursday.", "Thursday", "2023-11-02"),
        ("They spoke about the slated visit of the minister in March.", "March", "2024-03"),
        ("Aides were busy planning for the summit in January.", "January", "2024-01"),
        ("The summit took place in January.", "January", "2023-01"),
        ("Thursday's crash is the worst in years.", "Thursday's", "2023-10-26"),
    ],
)
def test_tense_decides_which_day(nlp, text, expression, expected):
    assert timexes(nlp, text)[expression] == expected


def test_the_next_day_counts_from_the_date_before_it(nlp):
    found = timexes(nlp, "The fire started on March 3, 2020. The next day, the roads closed.")
    assert found["The next day"] == "2020-03-04"


@pytest.mark.parametrize(
    "text",
    [
        "A blast was heard at around 11pm local time on Thursday evening.",
        "The blast came on Thursday at 11pm.",
    ],
)
def test_a_clock_time_said_with_a_day_is_on_that_day(nlp, text):
    assert timexes(nlp, text)["11pm"] == "2023-10-26T23:00"


def test_a_clock_time_alone_is_on_the_articles_day(nlp):
    found = timexes(nlp, "The bus left at 6am, and the crash came on Thursday.")
    assert found["6am"] == "2023-10-27T06:00"


def test_without_a_reference_relative_values_stay_unknown(nlp):
    assert timexes(nlp, "They will meet next month.", reference=None)["next month"] == "XXXX-XX"


def decide(
    nlp, body: str, *, header: str | None = None, captions=(), metadata=None,
    bound=date(2026, 1, 1), crawled: bool = False,
):  # fmt: skip
    doc = nlp.make_doc(body)
    analysed = nlp(doc)
    return publication_date(
        metadata=metadata, header=header, body=body, captions=tuple(captions),
        found=found_timexes(analysed), upper_bound=bound, crawled=crawled,
    )  # fmt: skip


def test_metadata_wins(nlp):
    decision = decide(
        nlp, "Talks resumed on Friday.", metadata=PublishedDate("2024-05-03", "metadata", 0.9)
    )
    assert decision.published.value == "2024-05-03" and decision.published.source == "metadata"


def test_dateline(nlp):
    decision = decide(nlp, "GENEVA, March 4, 2024 (Example Agency) - Talks resumed on Monday.")
    assert (decision.published.value, decision.published.source) == ("2024-03-04", "dateline")


def test_a_weekday_with_its_date_alone_does_not_choose_the_year(nlp):
    decision = decide(nlp, "The two leaders spoke on Tuesday (Nov. 9) about trade.")
    assert decision.published is None  # 2021, 2010, 2004 … all have a Tuesday 9 November
    (candidates,) = [e for e in decision.evidence if e.source == "candidates"]
    assert "2021" in candidates.reason and "2010" in candidates.reason


def test_a_weekday_with_its_date_fixes_the_year_the_other_clues_leave_open(nlp):
    body = "The talks began in 2021. The two leaders spoke on Tuesday (Nov. 9) about trade."
    decision = decide(nlp, body)
    assert decision.published.value == "2021-11-09"
    assert decision.published.source == "inferred" and decision.published.confidence < 0.9


def test_a_crawl_date_and_a_day_told_in_the_past_give_a_range(nlp):
    body = "Officials said on Dec. 12 that the port would stay closed."
    decision = decide(nlp, body, bound=date(2023, 12, 20), crawled=True)
    published = decision.published
    assert (published.value, published.start, published.end) == (
        "2023-12", "2023-12-12", "2023-12-20"
    )  # fmt: skip
    assert decide(nlp, body).published is None  # without a crawl date, "Dec. 12" has no year


def test_bounds_further_apart_than_a_month_give_the_year(nlp):
    body = "The company was founded in March 2023 and has hired forty people."
    decision = decide(nlp, body, bound=date(2023, 11, 30), crawled=True)
    assert (decision.published.value, decision.published.start) == ("2023", None)
    assert decision.published.confidence >= 0.9


def test_today_bounds_a_recent_article_as_a_crawl_date_would(nlp):
    body = "The company was founded in March 2025 and has hired forty people."
    assert decide(nlp, body, bound=date(2025, 11, 30)).published.value == "2025"
    assert decide(nlp, body, bound=date(2026, 1, 2)).published is None  # 2025 or 2026


@pytest.mark.parametrize(
    "body",
    [
        "The agency said it had delayed the launch until 2023.",  # a target
        "The agency had notified shipping of a launch window between Nov. 8 and 25.",  # a window
        "Lawyers argued over the Nov. 14 deadline, which the court set.",  # a name
    ],
)
def test_a_target_a_window_or_a_name_is_no_day_that_has_been(nlp, body):
    assert decide(nlp, body, bound=date(2023, 11, 30), crawled=True).published is None


def test_render_date_in_the_header_is_set_aside_for_the_content(nlp):
    body = "Ministers met for two days, officials said on Friday."
    decision = decide(
        nlp, body, header="Wednesday, February 28, 2024",
        captions=["The ministers in the capital on October 27, 2023. Example Agency"],
    )  # fmt: skip
    assert decision.published.value == "2023-10-27"
    assert decision.render_date == "2024-02-28"
    assert any("render date" in e.reason for e in decision.evidence)


def test_header_date_agreeing_with_the_content_is_the_date(nlp):
    decision = decide(
        nlp, "Ministers met for two days, officials said.", header="Monday, 4 March 2024"
    )
    assert (decision.published.value, decision.published.source) == ("2024-03-04", "header")


def test_nothing_supports_a_date(nlp):
    decision = decide(nlp, "The ministers may meet next month, and met last year in March 1998.")
    assert decision.published is None  # a reported date alone is only a lower bound


def test_an_hour_past_twelve_is_no_clock_time(nlp):
    assert "15am" not in timexes(nlp, "Witnesses heard it at 15am, they said.")

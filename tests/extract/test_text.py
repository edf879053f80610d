"""The plain-text line classifier, on small pages written for the tests."""

from __future__ import annotations

import json
import re
import time

from storyline.extract import extract_article
from storyline.extract import lines as L
from storyline.extract.text import Role, classify_lines, clean_text
from storyline.records import Hints, RawDocument
from tests.conftest import SHARED, needs_shared

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the harbour district, "
    "ending months of debate over how the money should be spent.",
    "Council members said the plan would fund repairs to the old pier and a new ferry "
    "terminal, which residents have asked for since the storm two years ago.",
    "The mayor told reporters that work on the terminal could begin as early as next spring "
    "if the regional government agrees to share the cost of the project.",
    "Opponents of the plan argued that the council should have spent more of the money on "
    "housing, and they promised to raise the issue again at the next meeting.",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def roles(text: str) -> dict[str, Role]:
    return dict(classify_lines(text))


def test_body_paragraphs_are_kept_in_order():
    cleaned = clean_text(page("Harbour budget approved after long debate", *PARAGRAPHS))
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_title_repeated_with_section_and_site_suffixes():
    text = page(
        "Harbour budget approved after long debate | Local News",
        "Harbour budget approved after long debate – The Daily Example",
        *PARAGRAPHS,
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour budget approved after long debate"
    assert len(cleaned.boilerplate) == 1 and "Daily Example" in cleaned.boilerplate[0]


def test_site_name_and_date_header_are_boilerplate():
    text = page("THE DAILY EXAMPLE", "Monday, 3 March 2025", "Harbour budget approved", *PARAGRAPHS)
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour budget approved"
    assert cleaned.boilerplate == ("THE DAILY EXAMPLE", "Monday, 3 March 2025")


def test_date_in_another_calendar_is_a_header_line():
    assert (
        roles(page("Council approves harbour budget", "3 Ramadan 1446", *PARAGRAPHS))[
            "3 Ramadan 1446"
        ]
        is Role.BOILERPLATE
    )


def test_sub_heading_between_paragraphs_is_kept():
    text = page("Harbour budget approved", *PARAGRAPHS[:2], "What comes next", *PARAGRAPHS[2:])
    assert "What comes next" in clean_text(text).paragraphs


def test_short_lines_after_the_article_are_boilerplate():
    text = page("Harbour budget approved", *PARAGRAPHS, "Harbour", "City council", "Ferries")
    cleaned = clean_text(text)
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert cleaned.boilerplate == ("Harbour", "City council", "Ferries")


def test_share_follow_and_comment_lines_are_boilerplate():
    junk = [
        "Share on WhatsApp",
        "Follow us on Twitter for the latest updates.",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Comments (3)",
    ]
    cleaned = clean_text(
        page("Harbour budget approved", *PARAGRAPHS[:2], junk[0], *PARAGRAPHS[2:], *junk[1:])
    )
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert set(junk) <= set(cleaned.boilerplate)


def test_related_block_and_its_headlines_are_boilerplate():
    related = ["Also read:", "Ferry fares to rise in summer", "New bridge opens to cyclists"]
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS, *related))
    assert set(related) <= set(cleaned.boilerplate)


def test_related_block_ends_at_the_next_paragraph():
    text = page(
        "Harbour budget approved",
        *PARAGRAPHS[:2],
        "Related:",
        "Ferry fares to rise",
        *PARAGRAPHS[2:],
    )
    assert clean_text(text).paragraphs == tuple(PARAGRAPHS)


def test_paywall_and_pager_lines_are_boilerplate():
    junk = [
        "Log in or create an account to keep reading.",
        "PREV Ferry fares to rise",
        "NEXT Storm warning",
    ]
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS, *junk))
    assert set(junk) <= set(cleaned.boilerplate)


def test_readers_comments_are_cut_after_their_header():
    comment = (
        "I have lived by the harbour for forty years and I think this is a terrible waste of money."
    )
    cleaned = clean_text(
        page("Harbour budget approved", *PARAGRAPHS, "12 Comments", "harbourfan says:", comment)
    )
    assert comment not in cleaned.paragraphs


def test_caption_with_credit_goes_to_captions():
    caption = (
        "The old pier in the harbour district, seen from the water on Monday. Photo: Example Agency"
    )
    cleaned = clean_text(page("Harbour budget approved", PARAGRAPHS[0], caption, *PARAGRAPHS[1:]))
    assert cleaned.captions == (caption,)
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


CLUSTERING_DEV = SHARED / "benchmarks" / "clustering" / "dev.jsonl"
SLIDE = re.compile(r"\d{1,3}/\d{1,3}\s")


@needs_shared(CLUSTERING_DEV)
def test_photo_galleries_of_real_pages_are_not_the_article():
    """Real scraped pages whose photo gallery ("1/34 30 November 2017 A supporter of …") came
    after the article: no slide is kept in the body."""
    galleries = 0
    for line in CLUSTERING_DEV.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        if len([r for r in text.splitlines() if SLIDE.match(r)]) < 2:
            continue
        galleries += 1
        assert not [p for p in clean_text(text).paragraphs if SLIDE.match(p)]
    assert galleries


def test_one_paragraph_that_opens_with_a_fraction_is_prose():
    line = "9/11 changed how the harbour is guarded, council members said on Tuesday evening."
    assert line in clean_text(page("Harbour budget approved", PARAGRAPHS[0], line)).paragraphs


def test_caption_printed_twice_is_kept_once():
    caption = "Council members vote on the budget in the town hall on Tuesday. Reuters"
    cleaned = clean_text(
        page("Harbour budget approved", PARAGRAPHS[0], caption, caption, *PARAGRAPHS[1:])
    )
    assert cleaned.captions == (caption,)
    assert cleaned.boilerplate == (caption,)


def test_lead_repeated_in_the_body_is_removed_once():
    lead = PARAGRAPHS[0]
    cleaned = clean_text(page(lead, *PARAGRAPHS))
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert cleaned.boilerplate == (lead,)


def test_lead_repeated_at_the_start_of_a_longer_paragraph():
    lead = PARAGRAPHS[0]
    merged = lead + " " + PARAGRAPHS[1]
    cleaned = clean_text("\n".join([lead, merged, *PARAGRAPHS[2:]]))
    assert cleaned.paragraphs == (merged, *PARAGRAPHS[2:])


def test_translation_note_is_removed_and_recorded():
    cleaned = clean_text(
        page("Harbour budget approved", *PARAGRAPHS, "This article was translated from Dutch.")
    )
    assert cleaned.translated_from == "nl"
    assert "This article was translated from Dutch." in cleaned.boilerplate


def test_byline_becomes_the_author():
    cleaned = clean_text(page("Harbour budget approved", "By Maria Lindqvist", *PARAGRAPHS))
    assert cleaned.author == "Maria Lindqvist"
    assert "By Maria Lindqvist" in cleaned.boilerplate


def test_known_title_removes_its_printings():
    text = page("Harbour budget approved | News", *PARAGRAPHS)
    cleaned = clean_text(text, title="Harbour budget approved")
    assert cleaned.title == "Harbour budget approved"
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_lines_an_outlet_repeats_are_boilerplate():
    text = page(
        "Harbour budget approved", *PARAGRAPHS[:2], "Harbour Weekly Podcast", *PARAGRAPHS[2:]
    )
    assert "Harbour Weekly Podcast" in clean_text(text).paragraphs  # looks like a sub-heading
    furniture = {L.fingerprint("Harbour Weekly Podcast")}
    assert "Harbour Weekly Podcast" not in clean_text(text, common_lines=furniture).paragraphs


def test_single_newlines_between_paragraphs_work_too():
    cleaned = clean_text("\n".join(["Harbour budget approved", *PARAGRAPHS]))
    assert cleaned.title == "Harbour budget approved"
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_menu_of_short_lines_is_not_the_article():
    menu = ["Home", "World", "Business", "Sport", "Weather", "Contact"]
    cleaned = clean_text("\n".join([*menu, "Harbour budget approved", *PARAGRAPHS, *menu]))
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert cleaned.title == "Harbour budget approved"


def test_text_without_any_prose_gives_no_body():
    assert clean_text("Home\nWorld\nBusiness").paragraphs == ()


def test_empty_text():
    cleaned = clean_text("")
    assert cleaned.paragraphs == () and cleaned.title is None


# --- prose is never boilerplate, however short --------------------------------------------------


def test_one_line_quote_between_paragraphs_is_kept():
    quote = "“It can’t work this way,” she said."
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS[:2], quote, *PARAGRAPHS[2:]))
    assert quote in cleaned.paragraphs


def test_short_sentence_closing_the_article_is_kept():
    last = "Nobody answered the phone."
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS, last))
    assert cleaned.paragraphs[-1] == last


def test_short_sentence_opening_the_article_is_kept():
    first = "The vote is over."
    cleaned = clean_text(page(first, *PARAGRAPHS), title="Harbour budget approved")
    assert cleaned.paragraphs[0] == first


def test_dateline_on_its_own_line_opens_the_body():
    dateline = "HARBOURTON, Example (AP) _"
    cleaned = clean_text(page(dateline, *PARAGRAPHS), title="Harbour budget approved")
    assert cleaned.paragraphs == (dateline, *PARAGRAPHS)
    assert cleaned.captions == ()


def test_clock_times_heading_live_entries_are_kept():
    text = page(
        "The Latest: Harbour budget approved",
        "4:10 p.m.",
        PARAGRAPHS[0],
        "___",
        "3:05 p.m.",
        PARAGRAPHS[1],
        "___",
        "11 a.m.",
        *PARAGRAPHS[2:],
    )
    cleaned = clean_text(text)
    assert {"4:10 p.m.", "3:05 p.m.", "11 a.m."} <= set(cleaned.paragraphs)
    assert "___" in cleaned.boilerplate


def test_dates_and_stamps_inside_the_page_stay_boilerplate():
    text = page(
        "Harbour budget approved",
        *PARAGRAPHS[:2],
        "Updated 7:45 pm",
        *PARAGRAPHS[2:],
        "Wednesday November 20, 2019",
    )
    cleaned = clean_text(text)
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_title_case_headline_with_a_full_stop_is_no_sentence():
    assert not L.reads_as_sentence("Council Approves Harbour Budget After Long Debate.")
    assert L.reads_as_sentence("He has used 29 aliases, the officer said.")


# --- page furniture ----------------------------------------------------------------------------


def test_chat_newsletter_and_gallery_lines_are_boilerplate():
    junk = [
        "Chat with us in Facebook Messenger. Find out what's happening in the world as it unfolds.",
        "Sign up for our newsletter",
        "Enter your email address",
        "By signing up you agree to our Terms of Use and Privacy Policy.",
        "Thanks for signing up!",
        "Hide Caption 5 of 25",
        "Photos: The harbour district from the air",
        "1 of 12",
    ]
    text = page("Harbour budget approved", *PARAGRAPHS[:2], junk[0], *PARAGRAPHS[2:], *junk[1:])
    cleaned = clean_text(text)
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert set(junk) <= set(cleaned.boilerplate)


# --- headlines of bare text ----------------------------------------------------------------------

HEADLINE = "Harbour budget approved after long debate"


def test_headline_on_the_first_line_beats_a_caption_above_the_body():
    caption = "The old pier in the harbour district, seen from the water on Monday"
    cleaned = clean_text(page(HEADLINE, caption, *PARAGRAPHS))
    assert cleaned.title == HEADLINE
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_story_highlights_are_neither_title_nor_body():
    highlights = ["Story highlights", "Council backs new ferry terminal", "Pier repairs in spring"]
    cleaned = clean_text(page(HEADLINE, *highlights, *PARAGRAPHS))
    assert cleaned.title == HEADLINE
    assert set(highlights) <= set(cleaned.boilerplate)


def test_lead_sentence_parted_by_a_caption_stays_in_the_body():
    lead = "The vote ended months of debate."
    caption = "The pier seen from the water. Photo: Example Agency"
    cleaned = clean_text(page(HEADLINE, lead, caption, *PARAGRAPHS))
    assert cleaned.title == HEADLINE
    assert cleaned.paragraphs == (lead, *PARAGRAPHS)
    assert cleaned.captions == (caption,)


def test_headline_with_an_agency_after_a_dash_is_the_title_not_a_caption():
    cleaned = clean_text(page("Harbour strike ends after three weeks - Reuters", *PARAGRAPHS))
    assert cleaned.title == "Harbour strike ends after three weeks"
    assert cleaned.captions == ()


def test_headline_with_an_update_stamp_suffix():
    cleaned = clean_text(page(f"{HEADLINE} Updated: 2016-05-30 09:53 (Agencies)", *PARAGRAPHS))
    assert cleaned.title == HEADLINE


def test_question_headline_over_the_first_paragraph():
    question = "Will the harbour budget fix the old pier before the storms return?"
    cleaned = clean_text(page(question, *PARAGRAPHS))
    assert cleaned.title == question
    assert cleaned.paragraphs == tuple(PARAGRAPHS)


def test_question_inside_the_article_is_no_headline():
    question = "Will the harbour budget fix the old pier before the storms return?"
    cleaned = clean_text(page(HEADLINE, PARAGRAPHS[0], question, *PARAGRAPHS[1:]))
    assert cleaned.title == HEADLINE
    assert question in cleaned.paragraphs


def test_hard_wrapped_paragraph_is_joined_and_kept():
    wrapped = [
        "Editor’s note: the council has promised",
        "to publish",
        "every contract for the harbour works, and residents can read them at the town hall.",
    ]
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS, *wrapped))
    assert cleaned.paragraphs[-1] == " ".join(wrapped)
    assert [line for line, _ in classify_lines(page(*PARAGRAPHS, *wrapped))][-3:] == wrapped


def test_lower_case_menu_items_are_not_joined():
    menu = ["o World news today", "o Business", "o Sport"]
    assert len(classify_lines("\n".join([*menu, *PARAGRAPHS]))) == len(menu) + len(PARAGRAPHS)


def test_table_of_figures_closing_the_article_is_kept():
    table = ["NORTH PIER:", "Boats damaged: 14", "Injured: 3", "SOUTH PIER:", "Boats damaged: 2"]
    cleaned = clean_text(page("Harbour budget approved", *PARAGRAPHS, *table))
    assert cleaned.paragraphs == (*PARAGRAPHS, *table)


def test_a_speaker_introducing_a_quote_is_no_readers_comment():
    text = page("Harbour budget approved", *PARAGRAPHS[:2], "He said:", *PARAGRAPHS[2:])
    assert "He said:" in clean_text(text).paragraphs
    assert L.is_comment_byline("harbourfan says:")


def test_headline_echoed_by_the_lead_is_still_the_title():
    headline = "Harbour budget approved after long debate on Tuesday"
    lead = f"{headline}, as the council voted to spend more on the pier than it had planned."
    cleaned = clean_text(page(headline, lead, *PARAGRAPHS))
    assert cleaned.title == headline
    assert cleaned.paragraphs == (lead, *PARAGRAPHS)


def test_a_long_hard_wrapped_paragraph_is_joined_in_linear_time():
    # Each joined line used to rescan the whole paragraph so far: 1,000 lines took a minute.
    line = "the harbour authority said repairs to the quay would go on through the winter and"
    text = "Harbour repairs go on\n\n" + "\n".join([line] * 3000) + ".\n"
    started = time.perf_counter()
    cleaned = clean_text(text)
    assert time.perf_counter() - started < 10
    assert len(cleaned.paragraphs) == 1
    assert cleaned.paragraphs[0].count("the winter and") == 3000


# --- text that was extracted already -------------------------------------------------------------


def test_clean_text_keeps_its_short_labels_and_signatures():
    letter = (
        "I have lived by the harbour for thirty years, and I have never seen the pier in such "
        "a poor state as it is this winter."
    )
    text = page("Letters.", letter, "Marta Ilves.", "Eastport, Maine.", *PARAGRAPHS)
    cleaned = clean_text(text, title="Readers on the harbour budget")
    assert cleaned.paragraphs == (
        "Letters.",
        letter,
        "Marta Ilves.",
        "Eastport, Maine.",
        *PARAGRAPHS,
    )


def test_clean_text_with_one_stray_label_is_still_clean():
    text = page("Letters.", *PARAGRAPHS[:2], "FACEBOOK.", *PARAGRAPHS[2:], "Tomas Varga.")
    cleaned = clean_text(text, title="Readers on the harbour budget")
    assert cleaned.paragraphs[0] == "Letters."
    assert cleaned.paragraphs[-1] == "Tomas Varga."
    assert "FACEBOOK." in cleaned.boilerplate


def test_a_page_with_a_footer_still_loses_the_short_lines_after_the_article():
    footer = ["Share on Facebook", "Share on Twitter", "Contact us", "Privacy policy"]
    text = page(*PARAGRAPHS, "Tomas Varga.", *footer)
    cleaned = clean_text(text, title="Readers on the harbour budget")
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert "Tomas Varga." in cleaned.boilerplate


def test_clean_text_keeps_its_photo_credits_as_captions():
    text = page(*PARAGRAPHS[:2], "Source: Eastport Harbour Authority.", *PARAGRAPHS[2:])
    cleaned = clean_text(text, title="Harbour budget approved")
    assert cleaned.paragraphs == tuple(PARAGRAPHS)
    assert cleaned.captions == ("Source: Eastport Harbour Authority.",)


def test_lines_that_differ_only_in_their_numbers_are_no_stutter():
    embeds = ['<embed id="4411"/>.', '<embed id="4412"/>.', '<embed id="4413"/>.']
    cleaned = clean_text(page(*PARAGRAPHS[:2], *embeds, *PARAGRAPHS[2:]), title="Harbour")
    assert cleaned.paragraphs == (*PARAGRAPHS[:2], *embeds, *PARAGRAPHS[2:])
    stutter = clean_text(page(*PARAGRAPHS[:2], PARAGRAPHS[1], *PARAGRAPHS[2:]), title="Harbour")
    assert stutter.paragraphs == tuple(PARAGRAPHS)


def test_a_headline_and_a_prompt_are_no_clean_article():
    text = page("Harbour budget approved", "Chat with us in Facebook Messenger. Find out more.")
    assert clean_text(text).paragraphs == ()


def test_invisible_marks_that_split_names_are_dropped_from_the_article():
    text = (
        "President Park \u00adGeun-hye met officials from Japan\u200b on Monday.\n\n"
        "The talks in Seoul lasted three hours and ended without a statement."
    )
    for payload in (text, text.encode("utf-8")):
        raw = RawDocument("a.txt", "a.txt", raw=b"x", payload=payload, kind="text",
                          hints=Hints(title="Park\u00ad meets Japan\u200b"))  # fmt: skip
        article = extract_article(raw)
        assert "Park Geun-hye" in article.body and "Japan on Monday" in article.body
        assert article.title == "Park meets Japan"

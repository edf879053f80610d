from __future__ import annotations

import pytest

from storyline.extract import lines as L


@pytest.mark.parametrize(
    "line",
    ["Share", "Share on Facebook", "Tweet", "WhatsApp us", "Advertisement", "Comments (12)",
     "Leave a Reply", "Read more", "PREV", "Next article", "Exit mobile version", "Log in",
     "Tags: harbour, budget", "© 2025 Example Media. All rights reserved.", "Skip to content",
     "Subscribe to our newsletter for the latest news", "Rating: 12 Votes"],
)  # fmt: skip
def test_page_furniture(line):
    assert L.furniture_reason(line)


@pytest.mark.parametrize(
    "line",
    ["The council shared the report with reporters on Monday.", "Next week the vote will be held.",
     "Comments from residents were mixed, the mayor said.", "What comes next"],
)  # fmt: skip
def test_not_page_furniture(line):
    assert L.furniture_reason(line) is None


@pytest.mark.parametrize(
    "line",
    ["Monday, 3 March 2025", "March 3rd, 2025 at 8:40 AM", "Updated: 12:30 GMT, 3 March 2025",
     "2025-03-03", "17 Rajab 1446"],
)  # fmt: skip
def test_date_lines(line):
    assert L.is_date_line(line)


@pytest.mark.parametrize("line", ["Monday was a busy day", "2025 budget", "Council approves plan"])
def test_not_date_lines(line):
    assert not L.is_date_line(line)


@pytest.mark.parametrize(
    "line",
    ["The pier at dawn on Monday. Photo: Example Agency",
     "Workers on the dock on Tuesday. Reuters",
     "An illustrative photo of the harbour.",
     "Jane Doe | Example Agency | Getty Images",
     "Фото: личный архив"],
)  # fmt: skip
def test_captions(line):
    assert L.is_caption(line)


@pytest.mark.parametrize(
    "line",
    ["The report was first published by Reuters in a longer story about the port.",
     "According to Bloomberg, the deal is worth more than expected."],
)  # fmt: skip
def test_not_captions(line):
    assert not L.is_caption(line)


def test_byline():
    assert L.byline_name("By Jane Doe") == "Jane Doe"
    assert L.byline_name("By Jane Doe, Harbour correspondent") == "Jane Doe"
    assert L.byline_name("By the end of the year the pier will reopen") is None


def test_comment_section_headers():
    assert L.opens_comments("34 Comments")
    assert L.opens_comments("Leave a Reply")
    assert L.opens_comments("12 responses to “Harbour budget approved”")
    assert not L.opens_comments("Comments from residents were mixed.")


def test_fingerprint_ignores_case_digits_and_punctuation():
    assert L.fingerprint("Follow us on X!") == L.fingerprint("follow us on x")
    assert L.fingerprint("Page 1 of 3") == L.fingerprint("Page 2 of 3")
    assert L.fingerprint("Follow us") != L.fingerprint("Follow them")


@pytest.mark.parametrize(
    "line",
    ["Chat with us in Facebook Messenger.", "Sign up for the Harbour Weekly newsletter",
     "Enter your email", "By clicking “Subscribe”, you agree to our terms.",
     "You have successfully subscribed. Thank you!", "Like this article?", "Hide Caption 3 of 8",
     "Photos: The new pier", "1 of 12", "4/20 3 March 2025 The mayor at the pier",
     "Media playback is not supported on this device", "Breaking News Emails", "Get short URL",
     "The stories that matter, delivered weekday mornings."],
)  # fmt: skip
def test_prompt_newsletter_and_gallery_furniture(line):
    assert L.furniture_reason(line)


@pytest.mark.parametrize(
    "line",
    ["Your email was read by the police, the lawyer said.", "24/7 coverage of the vote continues",
     "9/11 changed the city.", "The photos: blurred, dark and late, the court heard."],
)  # fmt: skip
def test_not_prompt_or_gallery_furniture(line):
    assert L.furniture_reason(line) is None


@pytest.mark.parametrize(
    "line", ["HARBOURTON, Example (AP) _", "HARBOURTON (AP) --", "HARBOURTON, March 3 (Xinhua) --",
             "HARBOURTON _", "(Undated)"],
)  # fmt: skip
def test_datelines(line):
    assert L.is_dateline(line)


@pytest.mark.parametrize("line", ["HARBOURTON", "THE DAILY EXAMPLE", "Harbour news -"])
def test_not_datelines(line):
    assert not L.is_dateline(line)


def test_clock_headings():
    assert L.is_clock_heading("7 p.m.") and L.is_clock_heading("10:40 a.m. EDT")
    assert not L.is_clock_heading("Updated 7:45 pm") and not L.is_clock_heading("6")


def test_a_paragraph_opening_with_more_in_is_no_section_link():
    text = "More in the budget was spent on the pier. The council said so on Monday."
    assert L.furniture_reason(text) is None
    assert L.furniture_reason("More in Politics")


def test_a_menu_bar_is_no_title_with_its_site():
    assert L.is_menu_bar("Coast Gazette | World | Business | Sport | Weather")
    assert L.is_menu_bar("Home • News • Opinion • Culture")
    assert not L.is_menu_bar("Ferry strike ends | World news | Coast Gazette")


def test_a_flattened_sign_up_form_or_slideshow_is_furniture_however_long():
    form = (
        "Morning Briefing Email Enter your email address Please enter an email address Email "
        "address is invalid Email address is invalid Email address is invalid Email cannot be "
        "used. Try another or register with your social account"
    )
    slides = (
        "Harbour fire 5 show all Harbour fire 1/5 Smoke over the quay at dawn Ann Lee 2/5 "
        "Crews on the pier Ann Lee 3/5 The warehouse after the blaze Ann Lee 4/5 Onlookers "
        "Ann Lee 5/5 The harbour master speaks to reporters Ann Lee"
    )
    assert L.furniture_reason(form) == "page furniture"
    assert L.furniture_reason(slides) == "photo gallery"
    prose = "The motion passed with 2/3 of the votes; 1/4 of members abstained and 1/5 were absent."
    assert L.furniture_reason(prose) is None


def test_captions_led_by_their_credit():
    assert L.is_caption("Image copyright Harbour Authority Image caption The pier after the storm")
    assert L.is_caption("GETTY Riders cross the line in the first lap of the race")
    assert not L.is_caption("Getty said the museum would reopen the west wing in spring")


def test_a_source_before_an_updated_stamp_is_a_date_line():
    assert L.is_date_line("Eastport Wire | Updated: 2025-03-04 17:52")
    assert not L.is_date_line("Harbour budget approved after debate | Updated: 2025-03-04 17:52")

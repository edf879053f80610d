"""HTML extraction on small pages written for the tests."""

from __future__ import annotations

import pytest

from storyline.extract.html import NoArticleError, extract_html

PARAGRAPHS = [
    "The regional ferry company said on Monday that it would add two evening crossings to its "
    "island route from next month, after a summer in which boats were often full by midday.",
    "Passengers have complained for years about the lack of late services, which forced many "
    "island residents who work on the mainland to leave their jobs early or stay overnight.",
    "The company’s director said the new crossings would be reviewed after six months and kept "
    "if at least half of the seats were sold, a condition the island council called fair.",
]


def html_page(*, body_extra: str = "", head_extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry company adds evening crossings | Island News | The Example Post</title>
<meta property="og:site_name" content="The Example Post">
<meta property="article:published_time" content="2025-03-04T09:30:00+00:00">
<meta name="author" content="Ana Ruiz">
{head_extra}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Ferry company adds evening crossings</h1>
<figure><img src="ferry.jpg">
<figcaption>The island ferry leaving the harbour. Photo: Example Agency</figcaption></figure>
{paragraphs}{body_extra}</article>
<aside><h3>Related</h3><ul><li><a href="/a">Bridge plan shelved again</a></li></ul></aside>
<footer><p>© 2025 The Example Post. All rights reserved.</p></footer>
</body></html>"""


def test_body_title_outlet_author_date_language():
    article = extract_html(html_page(), url="https://news.example/ferry")
    assert article.paragraphs == tuple(PARAGRAPHS)
    assert article.title == "Ferry company adds evening crossings"
    assert article.outlet == "The Example Post"
    assert article.author == "Ana Ruiz"
    assert article.published == "2025-03-04"
    assert article.language == "en"


def test_figure_caption_is_kept_apart():
    article = extract_html(html_page())
    assert article.captions == ("The island ferry leaving the harbour. Photo: Example Agency",)
    assert all("Example Agency" not in p for p in article.paragraphs)


def test_line_filter_removes_share_lines_left_in_the_article():
    article = extract_html(html_page(body_extra="<p>Share this article</p><p>Comments (4)</p>"))
    assert article.paragraphs == tuple(PARAGRAPHS)
    assert {"Share this article", "Comments (4)"} <= set(article.boilerplate)


def test_translation_note_in_html():
    article = extract_html(
        html_page(body_extra="<p><em>This article was translated from Italian.</em></p>")
    )
    assert article.translated_from == "it"
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_date_is_bounded_by_the_crawl_date():
    article = extract_html(html_page(), max_date="2025-01-01")
    assert article.published is None  # a date after the crawl cannot be the publication date


def test_no_date_in_markup_gives_none():
    page = html_page().replace(
        '<meta property="article:published_time" content="2025-03-04T09:30:00+00:00">', ""
    )
    assert extract_html(page).published is None


def test_page_without_article():
    with pytest.raises(NoArticleError):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_markup_in_text_stays_text():
    hostile = "<p>The council said <script>alert(1)</script> it would " + PARAGRAPHS[0] + "</p>"
    article = extract_html(html_page(body_extra=hostile))
    assert all("<script>" not in p for p in article.paragraphs)

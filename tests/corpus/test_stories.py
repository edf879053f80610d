"""Story clustering on documents written for the tests: no model, no store."""

from __future__ import annotations

from datetime import date

from storyline.corpus.stories import Story, StoryDocument, StoryIndex, absorb

HARBOUR = (
    "The harbour authority voted to rebuild the collapsed pier at Marlow harbour. Engineers "
    "said the pier foundations were eroded by storms, and the mayor promised funding for the "
    "harbour repairs before the summer tourist season."
)
HARBOUR_AGAIN = (
    "Funding for the Marlow harbour pier was approved. The collapsed pier will be rebuilt by "
    "engineers over the winter, the harbour authority said, after storms eroded its foundations."
)
ELECTION = (
    "Voters in the northern province elect a new governor on Sunday. Polls show the incumbent "
    "governor trailing the opposition candidate, who campaigned on schools and rural roads."
)


def doc(name: str, text: str, day: str, entities=(), events=()) -> StoryDocument:
    return StoryDocument(
        name, date.fromisoformat(day), text, frozenset(entities), frozenset(events)
    )


def test_articles_on_one_matter_share_a_story_and_others_do_not():
    index = StoryIndex()
    a = index.add(doc("a", HARBOUR, "2024-03-01"))
    b = index.add(doc("b", HARBOUR_AGAIN, "2024-03-04"))
    c = index.add(doc("c", ELECTION, "2024-03-05"))
    assert a == b != c


def test_the_same_people_a_year_later_doing_something_else_is_a_new_story():
    index = StoryIndex()
    first = index.add(doc("a", HARBOUR, "2023-03-01", entities={"mayor"}, events={"ev-1"}))
    later = index.add(doc("b", HARBOUR_AGAIN, "2024-06-01", entities={"mayor"}, events={"ev-2"}))
    assert first != later


def test_an_undated_article_joins_no_story_its_candidate_days_rule_out():
    """Undated, with "Tuesday (Nov. 9)" as its only date clue: it may be of 2021 or 2010, not
    of the 2024 story it reads like, about other events."""
    index = StoryIndex()
    story = index.add(doc("a", HARBOUR, "2024-03-01", entities={"mayor"}, events={"ev-1"}))
    candidates = (date(2021, 11, 9), date(2010, 11, 9))
    undated = StoryDocument("b", None, HARBOUR_AGAIN, frozenset({"mayor"}), frozenset({"ev-2"}),
                            candidate_days=candidates)  # fmt: skip
    assert index.add(undated) != story
    index = StoryIndex()
    story = index.add(doc("a", HARBOUR, "2024-03-01", entities={"mayor"}, events={"ev-1"}))
    fitting = StoryDocument("c", None, HARBOUR_AGAIN, frozenset({"mayor"}), frozenset({"ev-2"}),
                            candidate_days=(date(2024, 2, 27), date(2018, 2, 27)))  # fmt: skip
    assert index.add(fitting) == story


def test_a_shared_event_joins_articles_in_other_words():
    index = StoryIndex()
    a = index.add(doc("a", HARBOUR, "2024-03-01", entities={"mayor"}, events={"ev-1"}))
    b = index.add(doc("b", ELECTION, "2024-03-02", entities={"mayor"}, events={"ev-1"}))
    assert a == b


def test_story_ids_are_stable_and_incremental_equals_from_scratch():
    documents = [doc("a", HARBOUR, "2024-03-01"), doc("b", ELECTION, "2024-03-02"),
                 doc("c", HARBOUR_AGAIN, "2024-03-03")]  # fmt: skip
    once = StoryIndex()
    all_at_once = [once.add(d) for d in documents]
    first, second = StoryIndex(), None
    head = [first.add(d) for d in documents[:2]]
    second = StoryIndex(first.stories.values(), first.vocabulary)
    assert [*head, second.add(documents[2])] == all_at_once


def test_meaning_decides_between_two_stories_that_share_no_words():
    """The same article text, twice, with vectors that point to one story or the other."""
    import numpy as np

    from storyline.corpus.stories import Story, meaning_similarity, similarity

    east, west = np.array([1.0, 0.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32)
    story = Story("st-east", vector=3 * east, size=3)
    near = StoryDocument("a", None, "", vector=east)
    far = StoryDocument("b", None, "", vector=west)
    assert meaning_similarity(near, story) == 1.0 and meaning_similarity(far, story) == 0.0
    assert similarity(near, {}, story) > similarity(far, {}, story)
    bare = StoryDocument("c", None, "")  # no vector: meaning neither helps nor hurts
    assert similarity(bare, {}, Story("st-x")) == 0.0


def test_a_story_is_titled_by_its_most_central_whole_headline():
    import numpy as np

    from storyline.corpus.story_linking import central_title
    from storyline.store.stories import StoryMember

    members = [
        StoryMember("Side piece that came first", "a.com", "2024-03-01", None, "d1"),
        StoryMember("Pier to be rebuilt after storms…", "b.com", "2024-03-02", None, "d2"),
        StoryMember("Harbour pier will be rebuilt", "c.com", "2024-03-02", None, "d3"),
        StoryMember("Harbour pier will be rebuilt", "d.com", "2024-03-03", "d3", "d4"),
    ]
    centre = np.array([1.0, 0.0], dtype=np.float32)
    vectors = {
        "d1": np.array([0.0, 1.0], dtype=np.float32),
        "d2": np.array([1.0, 0.0], dtype=np.float32),  # the nearest, but cut short
        "d3": np.array([0.8, 0.6], dtype=np.float32),
    }
    assert central_title(members, centre, vectors) == "Harbour pier will be rebuilt"
    assert central_title(members, None, {}) == "Side piece that came first"
    shouting = StoryMember("BREAKING NEWS: Harbour pier rebuilt", "e.com", None, None, "d5")
    vectors["d5"] = centre
    assert central_title([*members, shouting], centre, vectors) == "Harbour pier will be rebuilt"
    asking = StoryMember("Will the harbour pier ever be rebuilt?", "f.com", None, None, "d6")
    vectors["d6"] = centre
    assert central_title([*members, asking], centre, vectors) == "Harbour pier will be rebuilt"


def test_a_storys_core_entities_follow_what_a_third_of_its_documents_name():
    story = Story(id="st")
    day = date(2024, 3, 5)
    absorb(story, StoryDocument("a", day, "x", entities=frozenset({"e:ana", "e:port"})), {})
    assert story.core_entities() == {"e:ana", "e:port"}
    for name in "bcd":
        absorb(story, StoryDocument(name, day, "x", entities=frozenset({"e:ana"})), {})
    assert story.core_entities() == {"e:ana"}  # one of four names the port


def test_the_shipped_stop_words_are_scikit_learns_and_a_few_of_news():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from storyline.corpus.stories import stop_words

    news = {"said", "says", "say", "mr", "ms", "mrs", "also", "would"}
    assert stop_words() == frozenset(ENGLISH_STOP_WORDS) | news

"""The store's SQL for entity and story linking, on a small in-memory store."""

from __future__ import annotations

import pytest

from storyline.records import (
    AnalysedDocument,
    Article,
    DocEntity,
    EntityMention,
    PublishedDate,
    RawDocument,
)
from storyline.store.linking import EntityIdentity, EntityRule
from storyline.store.stories import StoryMember, StoryRecord

XI = EntityIdentity("e-xi", "PERSON", "Xi Jinping", ("Xi", "Jinping"), ("president",))


def document(text: str, *, published: str | None, outlet: str | None = None):
    raw = RawDocument(
        source=f"{text[:8]}.txt",
        location="x",
        raw=text.encode(),
        payload=text.encode(),
        kind="text",
    )
    article = Article(
        title=text[:12], body=text, outlet=outlet,
        published=PublishedDate(published, "metadata", 0.9) if published else None,
    )  # fmt: skip
    analysed = AnalysedDocument(
        id=raw.id, source=raw.source, kind="text", article=article,
        entities=(EntityMention(0, 2, "Xi", "PERSON", 0), EntityMention(3, 8, "Paris", "GPE", 1)),
        doc_entities=(
            DocEntity(0, "PERSON", "Xi Jinping", ("Xi",), ("president",), (0,)),
            DocEntity(1, "GPE", "Paris", (), (), (1,)),
        ),
    )  # fmt: skip
    return raw, analysed


@pytest.fixture
def ids(store):
    pairs = [
        document("Xi Paris visit, later", published="2025-03-05", outlet="a.com"),
        document("Xi Paris visit, undated", published=None),
        document("Xi Paris visit, earlier", published="2025-03-04", outlet="b.com"),
    ]
    store.add_documents(pairs)
    return [analysed.id for _, analysed in pairs]


def test_doc_entities_to_link_come_in_stored_order_up_to_the_limit(store, ids):
    first = store.doc_entities_to_link(3)
    assert [(e.document_id, e.key) for e in first] == [(ids[0], 0), (ids[0], 1), (ids[1], 0)]
    assert first[0].aliases == ("Xi",) and first[0].roles == ("president",)


def test_linked_doc_entities_are_not_read_again_and_mentions_follow(store, ids):
    with store.transaction():
        store.save_entities([XI])
        store.link_doc_entities([(ids[0], 0, XI.id)])
        store.sync_mention_entities([ids[0]])
        store.recount_entities([XI.id])
    assert (ids[0], 0) not in {(e.document_id, e.key) for e in store.doc_entities_to_link(99)}
    assert [m.entity for m in store.mentions(ids[0])] == [XI.id, None]
    assert [(e.document_id, e.key) for e in store.doc_entities_linked_to(XI.id)] == [(ids[0], 0)]
    [stored] = store.entities(label="PERSON")
    assert (stored.documents, stored.mentions) == (1, 1)


def test_saved_entities_read_back_and_update_in_place(store):
    store.save_entities([XI])
    assert store.entity_identities() == [XI]
    renamed = EntityIdentity(XI.id, XI.label, "President Xi", ("Xi",), ())
    store.save_entities([renamed])
    assert store.entity_identity(XI.id) == renamed
    assert store.entity_identity("e-none") is None


def test_absorbed_entity_hands_over_its_links_and_goes(store, ids):
    other = EntityIdentity("e-jinping", "PERSON", "Jinping", (), ())
    store.save_entities([XI, other])
    store.link_doc_entities([(ids[0], 0, other.id), (ids[1], 0, XI.id)])
    store.absorb_entity(other.id, XI.id)
    assert store.entity_identity(other.id) is None
    assert {e.document_id for e in store.doc_entities_linked_to(XI.id)} == {ids[0], ids[1]}


def test_unlinking_puts_doc_entities_back_in_the_queue(store, ids):
    store.save_entities([XI])
    store.link_doc_entities([(i, 0, XI.id) for i in ids])
    store.unlink_doc_entities([(ids[1], 0)])
    linked = {(e.document_id, e.key) for e in store.doc_entities_linked_to(XI.id)}
    assert linked == {(ids[0], 0), (ids[2], 0)}
    store.unlink_all_entities()
    assert store.entity_identities() == [] and len(store.doc_entities_to_link(99)) == 6


def test_entity_rules_read_back_in_the_order_recorded(store):
    rules = [
        EntityRule("separate", "PERSON", "Xi Jinping", "Xi"),
        EntityRule("merge", "PERSON", "Xi Jinping", "Jinping"),
    ]
    for rule in rules:
        store.add_entity_rule(rule)
    assert store.entity_rules() == rules


def test_documents_without_story_by_date_undated_last_and_members_leave_the_queue(store, ids):
    assert store.documents_without_story() == [ids[2], ids[0], ids[1]]
    store.add_story_members([(ids[2], "st-1")])
    store.add_story_members([(ids[0], "st-1")])
    assert store.documents_without_story() == [ids[1]]
    assert store.story_of_documents() == {ids[2]: "st-1", ids[0]: "st-1"}


def test_document_signals_keep_the_given_order_and_only_the_labels_asked(store, ids):
    store.save_entities([XI])
    store.link_doc_entities([(i, k, XI.id) for i in ids for k in (0, 1)])
    signals = store.document_signals([ids[1], ids[0]], ("PERSON", "ORG"))
    assert [s.id for s in signals] == [ids[1], ids[0]]
    assert signals[0].published is None and signals[1].published == "2025-03-05"
    assert signals[0].entities == frozenset({XI.id}) and signals[0].events == frozenset()
    assert signals[1].body == "Xi Paris visit, later"


def test_signatures_come_back_in_story_order_with_members_and_their_copies(store, ids):
    store.save_signatures([(ids[0], b"later", ids[2]), (ids[2], b"earlier", None)])
    store.add_story_members([(ids[2], "st-1"), (ids[0], "st-1")])
    assert store.story_signatures() == [(ids[2], b"earlier"), (ids[0], b"later")]
    assert store.story_members("st-1") == [
        StoryMember("Xi Paris vis", "b.com", "2025-03-04", None, ids[2]),
        StoryMember("Xi Paris vis", "a.com", "2025-03-05", ids[2], ids[0]),
    ]


def test_stories_read_back_active_ones_only(store):
    state = {"centroid": {"xi": 1.0}, "size": 1}
    store.save_story(StoryRecord("st-old", "Old", "2025-01-01", "2025-01-02", 1, 1, state))
    store.save_story(StoryRecord("st-new", "New", "2025-03-01", "2025-03-04", 2, 1, state))
    store.save_story(StoryRecord("st-undated", None, None, None, 1, 1, state))
    assert [i for i, _ in store.story_states("2025-02-01")] == ["st-new", "st-undated"]
    assert [i for i, _ in store.story_states(None)] == ["st-new", "st-old", "st-undated"]
    assert store.story_state("st-old") == state
    with pytest.raises(KeyError):
        store.story_state("st-none")


def test_story_vocabulary_writes_only_changes_and_clears_with_the_stories(store):
    assert store.story_vocabulary() == ({}, 0)
    store.update_story_vocabulary({"xi": 2, "paris": 1}, [], 2)
    store.update_story_vocabulary({"xi": 3}, ["paris"], 3)
    assert store.story_vocabulary() == ({"xi": 3}, 3)
    store.clear_stories()
    assert store.story_vocabulary() == ({}, 0)


def test_entities_of_one_name_and_count_list_in_the_same_order_whatever_was_saved_first(store):
    agency = [
        EntityIdentity("e-2", "ORG", "Kastrel Wire", (), ()),
        EntityIdentity("e-1", "PERSON", "Kastrel Wire", (), ()),
    ]
    store.save_entities(agency)
    first = [e.id for e in store.entities()]
    store.save_entities(agency[::-1])
    assert first == [e.id for e in store.entities()] == ["e-1", "e-2"]

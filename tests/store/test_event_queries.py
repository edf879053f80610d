"""The store's event SQL (store/events.py) on a small hand-made database."""

from __future__ import annotations

import json

import pytest

from storyline.store import database, linking, stories, views
from storyline.store.database import Store
from storyline.store.events import (
    DocumentDates,
    DocumentEstimate,
    DocumentTiming,
    EventMention,
    EventQueries,
    EventRecord,
)
from storyline.store.sql import insert_rows

BODY = "The council voted on Monday. The mayor resigned."


def _document(id_: str, published: str | None, crawl_date: str | None = None) -> dict:
    return {"id": id_, "source": f"{id_}.txt", "kind": "text", "published": published,
            "crawl_date": crawl_date, "body": BODY, "ingested_at": "2025-01-01"}  # fmt: skip


def _mention(document_id: str, idx: int, start: int, **columns: object) -> dict:
    row = {"document_id": document_id, "idx": idx, "start_char": start, "end_char": start + 5,
           "trigger": "voted", "kind": "vote", "sentence_start": 0, "sentence_end": 28,
           "status": "happened", "cue": None, "participants": "[]", "location": None,
           "location_key": None, "date": None, "date_start": None, "linked": 0,
           "event_id": None}  # fmt: skip
    return row | columns


def _event(id_: str, date_start: str | None = None, **columns: object) -> EventRecord:
    fields = {"id": id_, "family": "vote", "kind": "vote", "title": f"Vote {id_}",
              "participants": ("e1",), "location": "Leeds", "location_entity": None,
              "date_value": date_start, "date_start": date_start, "date_end": date_start,
              "happened_by": None, "status": "happened", "conflicting": (),
              "trajectory": ({"status": "happened", "evidence": "Café vote"},), "mentions": 1,
              "documents": 1, "facts": {"size": 1}}  # fmt: skip
    return EventRecord(**(fields | columns))  # type: ignore[arg-type]


@pytest.fixture
def store():
    with Store(":memory:") as store:
        insert_rows(store.db, "documents", [
            _document("b", "2024-05-02"), _document("a", "2024-05-01"),
            _document("u", None, "2024-06-01"),
        ])  # fmt: skip
        insert_rows(store.db, "entities", [{"id": "p1", "label": "PERSON", "name": "Ada Ruiz"}])
        insert_rows(store.db, "doc_entities", [
            {"document_id": "a", "key": 0, "label": "PERSON", "name": "Ada Ruiz",
             "entity_id": "p1"},
            {"document_id": "a", "key": 1, "label": "GPE", "name": "Leeds", "entity_id": None},
        ])  # fmt: skip
        insert_rows(store.db, "timexes", [
            {"document_id": "a", "idx": 0, "start_char": 20, "end_char": 27, "text": "Monday",
             "type": "DATE", "value": "2024-04-29", "tense": "PAST"},
        ])  # fmt: skip
        insert_rows(store.db, "event_mentions", [
            _mention("a", 1, 30, participants="[0, 1]", location_key=1, date="2024-04-29",
                     date_start=20),
            _mention("a", 0, 4, linked=1, event_id="ev1"),
            _mention("b", 0, 4, linked=1, event_id="ev2"),
            _mention("u", 0, 4),
        ])  # fmt: skip
        yield store


def test_no_method_is_shadowed_by_another_part_of_the_store():
    ours = {name for name in vars(EventQueries) if not name.startswith("__")}
    for other in (database.Store, linking.EntityLinkQueries, stories.StoryQueries,
                  views.ViewQueries):  # fmt: skip
        assert not ours & set(vars(other)), other


def test_documents_to_link_are_dated_first_in_publication_order(store):
    assert store.event_documents_to_link() == [
        DocumentDates("a", "2024-05-01", None), DocumentDates("u", None, "2024-06-01"),
    ]  # fmt: skip


def test_document_event_reports_read_the_timex_and_filter_on_linked(store):
    rows = store.document_event_reports("a")
    assert [row.index for row in rows] == [0, 1]
    unlinked = store.document_event_reports("a", linked=False)
    assert len(unlinked) == 1
    row = unlinked[0]
    assert row.participants == (0, 1) and row.location_key == 1
    assert (row.timex_text, row.timex_tense) == ("Monday", "PAST")
    assert [r.index for r in store.document_event_reports("a", linked=True)] == [0]


def test_reports_of_events(store):
    assert store.documents_reporting_events(["ev1", "ev2"]) == ["a", "b"]
    assert store.documents_reporting_events([]) == []
    assert [r.event_id for r in store.document_event_reports_of("a", {"ev1"})] == ["ev1"]
    assert store.document_event_reports_of("a", {"ev2"}) == []
    assert store.events_of_documents(["a", "b", "u"]) == {"ev1", "ev2"}


def test_document_text_entities_and_names(store):
    assert store.document_body("a") == BODY and store.document_body("zz") is None
    entities = store.document_entity_rows("a")
    assert entities[0].entity_id == "p1" and entities[1].entity_id is None
    assert store.corpus_entity_names(["p1", "a:1", "nope"]) == {"p1": "Ada Ruiz"}
    assert store.document_entity_name("a", 1) == "Leeds"
    assert store.document_entity_name("a", 7) is None


def test_estimates_and_timings(store):
    store.save_document_estimates([DocumentEstimate("u", "2024-05-01", "2024-05-03", ("é",))])
    timings = store.document_timings(["u", "a", "missing"])
    assert list(timings) == ["u", "a"]
    assert timings["u"] == DocumentTiming(None, "2024-05-01", "2024-05-03")
    assert timings["a"] == DocumentTiming("2024-05-01", None, None)
    evidence = store.db.execute("SELECT evidence FROM document_estimates").fetchone()[0]
    assert evidence == '["é"]'  # not escaped, as before


def test_link_and_redate_mentions_then_reset(store):
    store.link_event_mentions([("u", 0, "ev3"), ("a", 1, None)])
    store.redate_event_mentions([("u", 0, "2024-05-02")])
    assert store.event_documents_to_link() == []
    (row,) = store.document_event_reports("u")
    assert (row.event_id, row.redated) == ("ev3", "2024-05-02")
    store.replace_events([_event("ev3")])
    store.save_document_estimates([DocumentEstimate("u", "2024-05-01", "2024-05-03", ())])
    store.reset_event_links()
    assert len(store.event_documents_to_link()) == 3
    assert (
        list(store.stored_event_facts()) == []
        and store.document_timings(["u"])["u"].estimate_start is None
    )


def test_events_round_trip_and_replace(store):
    first = _event("ev1", "2024-05-01")
    store.replace_events([first, _event("ev2"), _event("ev0", "2024-04-01")])
    store.replace_events([_event("ev2", "2024-06-01", title="Vote again")])
    assert [e.id for e in store.event_records()] == ["ev0", "ev1", "ev2"]
    assert store.event_records()[1] == first
    assert [e.id for e in store.event_records(limit=1, offset=1)] == ["ev1"]
    assert store.event_records()[2].title == "Vote again"
    trajectory = store.db.execute("SELECT trajectory FROM events WHERE id = 'ev1'").fetchone()[0]
    assert json.loads(trajectory) == [{"status": "happened", "evidence": "Café vote"}]
    assert "Café" in trajectory  # not escaped, as before
    facts = next(store.stored_event_facts())
    assert (facts.id, facts.facts) == ("ev1", {"size": 1})


def test_events_reported_by_documents_and_their_mentions(store):
    store.replace_events([_event("ev1"), _event("ev2")])
    assert {e.id for e in store.event_records_reported_by(["a", "b", "a"])} == {"ev1", "ev2"}
    assert [e.id for e in store.event_records_reported_by(["b"])] == ["ev2"]
    assert store.event_records_reported_by([]) == []
    assert store.event_mention_spans(["ev1", "ev2"]) == {
        "ev1": [EventMention("a", 4, 9)], "ev2": [EventMention("b", 4, 9)],
    }  # fmt: skip


def test_document_dates(store):
    assert [d.id for d in store.document_dates()] == ["b", "a", "u"]  # as stored
    assert store.document_dates(["u", "a"]) == [
        DocumentDates("a", "2024-05-01", None), DocumentDates("u", None, "2024-06-01"),
    ]  # fmt: skip
    assert store.document_dates([]) == []


def test_document_signals_keep_the_events_a_document_leads_with(store):
    insert_rows(store.db, "event_mentions", [
        _mention("b", 1, 30, linked=1, event_id="ev-lead", details='{"prominence": 1.0}'),
        _mention("b", 2, 40, linked=1, event_id="ev-far", details='{"prominence": 0.4}'),
        _mention("b", 3, 50, linked=1, event_id="ev-said", kind="statement",
                 details='{"prominence": 1.0}'),
    ])  # fmt: skip
    (every,) = store.document_signals(["b"], ("PERSON",))
    assert every.events == {"ev2", "ev-lead", "ev-far", "ev-said"}
    (leading,) = store.document_signals(
        ["b"], ("PERSON",), event_prominence=0.7, other_kinds=("statement",)
    )
    assert leading.events == {"ev-lead"}

"""The store's lists and filtered search, on a small corpus ingested for real: the end-to-end
tests' articles plus three of outlets, dates and languages they lack (a month-only date, an
undated letter, an article in Spanish)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.api import Dossier
from storyline.pipeline import IngestOptions
from storyline.store.database import Store
from storyline.store.lists import DocumentFilters, EventFilters
from tests.e2e import corpus

EXTRA = [
    {"title": "Los pescadores de Kastrel levantan el bloqueo", "outlet": "Diario del Puerto",
     "published": "2024-03-20", "language": "es",
     "text": "Los pescadores de Kastrel levantaron el bloqueo del puerto el miércoles, después "
             "de ocho semanas. El sindicato dijo que los barcos volverán al mar pronto."},
    {"title": "Kastrel traders count the cost of the blockade", "outlet": "coastal courier",
     "published": "2024-03",
     "text": "Traders in Kastrel say the blockade of the harbour cost the town its busiest "
             "season. The fish market has been closed for weeks, and the cafés on the quay are "
             "empty.\n\nThe chamber of commerce asked the government for help."},
    {"title": "Letters: the Kastrel blockade", "outlet": "Harbour Herald",
     "text": "Readers wrote in about the blockade of Kastrel harbour. Most said the fishermen "
             "were right to stand firm, and a few asked when the ferries would run again."},
]  # fmt: skip


def build_list_corpus(folder: Path) -> Path:
    """The corpus ingested into ``folder/lists.db``; returns the database's path."""
    for name, text in corpus.FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = "".join(json.dumps(record) + "\n" for record in EXTRA)
    (folder / "extra.jsonl").write_text(lines, encoding="utf-8")
    db = folder / "lists.db"
    with Dossier(db) as dossier:
        report = dossier.ingest([folder], options=IngestOptions(workers=1))
        assert not report.failures
    return db


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = build_list_corpus(tmp_path_factory.mktemp("lists"))
    with Store(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def docs(store) -> dict[str, str]:
    """Document id by the file (and line) it came from: "met.txt", "extra.jsonl:2"…"""
    return {Path(d.source).name: d.id for d in store.documents()}


def ids(store: Store, **filters) -> set[str]:
    return {d.id for d in store.document_summaries(DocumentFilters(**filters))}


def test_no_filter_lists_every_document(store):
    assert len(store.document_summaries()) == store.count_documents() == 8


def test_a_day_range_keeps_what_lies_wholly_within(store, docs):
    month, undated = docs["extra.jsonl:2"], docs["extra.jsonl:3"]  # "2024-03", no date
    march = ids(store, since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert month in march and undated not in march
    assert march == {docs[n] for n in ("extra.jsonl:2", "planned.jsonl:1", "hospital.txt",
                                       "preview.html", "extra.jsonl:1")}  # fmt: skip
    assert month not in ids(store, since=date(2024, 3, 2))
    assert month not in ids(store, until=date(2024, 3, 30))
    assert ids(store, since=date(2024, 3, 12), until=date(2024, 3, 12)) == {docs["preview.html"]}
    assert ids(store, since=date(2024, 4, 20)) == {docs["met.txt"], docs["met-copy.txt"]}
    assert ids(store, until=date(2024, 3, 5)) == {docs["planned.jsonl:1"]}


def test_outlet_language_story_and_entity_filters(store, docs):
    coastal = {docs["planned.jsonl:1"], docs["extra.jsonl:2"]}  # "Coastal Courier", "coastal …"
    assert ids(store, outlet="COASTAL COURIER") == coastal
    assert ids(store, language="es") == {docs["extra.jsonl:1"]}
    story = store.story_of_document(docs["hospital.txt"])
    assert story and ids(store, story=story) == set(store.story_document_ids(story))
    assert ids(store, story="st-none") == set()
    person = next(e for e in store.entities(label="PERSON") if e.name == "Ilse Brandvik")
    assert ids(store, entity=person.id) == set(store.entity_document_ids(person.id))
    assert docs["hospital.txt"] not in ids(store, entity=person.id)
    assert ids(store, outlet="coastal courier", since=date(2024, 3, 2)) == {docs["planned.jsonl:1"]}


def test_documents_by_date_either_way_undated_last_and_paged(store, docs):
    oldest = store.document_summaries(sort="date")
    newest = store.document_summaries(sort="-date")
    assert oldest[0].id == docs["extra.jsonl:2"] and oldest[-1].id == docs["extra.jsonl:3"]
    assert newest[0].published == "2024-04-20" and newest[-1].id == docs["extra.jsonl:3"]
    assert [d.published for d in newest[:-1]] == sorted((d.published for d in newest[:-1]),
                                                        reverse=True)  # fmt: skip
    page = store.document_summaries(sort="-date", limit=3, offset=2)
    assert [d.id for d in page] == [d.id for d in newest[2:5]]
    with pytest.raises(ValueError, match="unknown sort"):
        store.document_summaries(sort="newest")  # type: ignore[arg-type]


def test_a_summary_has_its_story_and_what_it_copies(store, docs):
    summaries = {d.id: d for d in store.document_summaries()}
    met, copy = summaries[docs["met.txt"]], summaries[docs["met-copy.txt"]]
    pairs = {(met.id, met.duplicate_of), (copy.id, copy.duplicate_of)}  # one copies the other
    assert pairs in ({(met.id, copy.id), (copy.id, None)}, {(met.id, None), (copy.id, met.id)})
    assert met.story == copy.story == store.story_of_document(met.id) is not None
    assert summaries[docs["preview.html"]].outlet == "Northern Ledger"
    assert summaries[docs["preview.html"]].published == "2024-03-12"


def test_search_filters_narrow_the_hits_in_relevance_order(store, docs):
    everything = [h.id for h in store.search("Kastrel", limit=50)]
    assert docs["extra.jsonl:1"] in everything and docs["extra.jsonl:3"] in everything
    english = [h.id for h in store.search("Kastrel", filters=DocumentFilters(language="en"))]
    assert english == [i for i in everything if i != docs["extra.jsonl:1"]]
    march = DocumentFilters(since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert [h.id for h in store.search("Kastrel", filters=march)] == [
        i for i in everything if i in ids(store, since=march.since, until=march.until)
    ]
    letters = store.search("Kastrel", filters=DocumentFilters(outlet="harbour herald"))
    assert [h.id for h in letters] == [docs["extra.jsonl:3"]]
    assert store.search("Lumora", filters=DocumentFilters(outlet="Coastal Courier")) == []


def test_search_by_date_is_newest_first_undated_last_and_pages(store, docs):
    hits = store.search("Kastrel", sort="date", limit=50)
    dated = [h.published for h in hits if h.published]
    assert dated == sorted(dated, reverse=True) and hits[-1].id == docs["extra.jsonl:3"]
    assert [h.id for h in store.search("Kastrel", sort="date", limit=2, offset=1)] == [
        h.id for h in hits[1:3]
    ]


def test_entities_by_name_or_alias_label_and_page(store):
    assert [e.name for e in store.entities(name="BRANDV")] == ["Ilse Brandvik"]
    assert all(e.label == "GPE" for e in store.entities(label="GPE"))
    assert {e.name for e in store.entities(label="GPE", name="o")} >= {"Morsland"}
    everyone = store.entities()
    assert [e.id for e in store.entities(limit=3, offset=2)] == [e.id for e in everyone[2:5]]
    assert store.entities(name="nobody at all") == []


def test_quotes_in_the_documents_a_filter_keeps(store, docs):
    late = store.quotes(documents=DocumentFilters(since=date(2024, 4, 1)))
    assert late and {q.document_id for q in late} == {docs["met.txt"], docs["met-copy.txt"]}
    okafor = store.quotes(speaker="okafor")
    assert [q.text for q in store.quotes(speaker="okafor", limit=2, offset=1)] == [
        q.text for q in okafor[1:3]
    ]
    story = store.story_of_document(docs["hospital.txt"])
    assert {q.document_id for q in store.quotes(documents=DocumentFilters(story=story))} == {
        docs["hospital.txt"]
    }


def test_events_by_story_status_date_and_salience(store, docs):
    every = store.event_ids()
    records = {r.id: r for r in store.event_records()}
    assert every == [r.id for r in store.event_records()]
    hospital = store.story_of_document(docs["hospital.txt"])
    theirs = set(store.event_ids(EventFilters(story=hospital)))
    assert theirs and theirs == store.events_of_documents([docs["hospital.txt"]])
    planned = store.event_ids(EventFilters(status="planned"))
    assert planned and all(records[i].status == "planned" for i in planned)
    assert set(planned) < set(every)
    april = store.event_ids(EventFilters(since=date(2024, 4, 1), until=date(2024, 4, 30)))
    assert april and all(
        "2024-04-01" <= (records[i].date_start or records[i].happened_by or "") <= "2024-04-30"
        and (records[i].date_end or records[i].happened_by or "") <= "2024-04-30"
        for i in april
    )
    outside = set(every) - set(april)
    assert any((records[i].date_end or "") > "2024-04-30" for i in outside)  # a later one
    salient = store.event_ids(EventFilters(min_salience=0.5))
    assert set(salient) == {i for i in every if records[i].salience >= 0.5} != set(every)
    assert store.event_ids(limit=2, offset=1) == every[1:3]

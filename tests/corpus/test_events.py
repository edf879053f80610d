"""Events across documents, on reports written for the tests: no model, no store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import count

from storyline.corpus.events import (
    UNDATED,
    Cluster,
    Report,
    Reporting,
    Step,
    current_status,
    group_document,
    lead_group,
    nation_of,
    report_facts,
    score,
)
from storyline.corpus.timeline import Document, build_events
from storyline.corpus.when import Interval

_offsets = count(0, 100)
NAMES = {"p:ana": "Ana Ruiz", "p:li": "Li Wei", "l:lima": "Lima", "l:oslo": "Oslo"}


def report(document: str, status: str, **facts) -> Report:
    start = next(_offsets)
    defaults = {"trigger": "meeting", "kind": "meeting", "cue": None, "evidence": f"{status}."}
    return Report(document=document, index=start, start=start, end=start + 7, status=status,
                  **{**defaults, **facts})  # fmt: skip


LEADERS = frozenset({"p:ana", "p:li"})


def test_other_kinds_places_or_dates_are_other_events():
    a = report_facts(report("d", "planned", persons=LEADERS, location="l:lima"), UNDATED)
    assert score(a, report_facts(report("d", "planned", kind="attack"), UNDATED)) is None
    assert score(a, report_facts(report("d", "planned", location="l:oslo"), UNDATED)) is None
    november = report_facts(report("d", "planned", persons=LEADERS, date="2023-11"), UNDATED)
    march = report_facts(report("d", "planned", persons=LEADERS, date="2024-03"), UNDATED)
    assert score(november, march) is None
    assert score(a, report_facts(report("d", "happened", persons=LEADERS), UNDATED)) >= 2


def test_one_article_keeps_the_meeting_it_reports_apart_from_the_one_it_expects():
    held = report("d", "happened", persons=LEADERS, date="XXXX-11")
    expected = report("d", "planned", persons=LEADERS, date="XXXX-11")
    assert len(group_document([expected, held], UNDATED)) == 2
    bare = report("d", "planned")
    assert len(group_document([expected, bare], UNDATED)) == 1


def step(status: str, as_of: str | None, document: str = "d") -> Step:
    return Step(status, document, as_of, False, f"{status}.", None, 0, 1)


def test_current_status_is_the_latest_report_and_happened_sticks():
    trajectory = [step("rumoured", "2023-10-01"), step("planned", "2023-10-27"),
                  step("confirmed", "2023-11-08"), step("happened", "2023-11-16"),
                  step("planned", "2023-11-20")]  # fmt: skip
    assert current_status(trajectory) == ("happened", ())
    assert current_status(trajectory[:3]) == ("confirmed", ())


def test_conflicting_reports_of_the_same_day_are_both_kept():
    trajectory = [step("planned", "2023-10-27"), step("confirmed", "2023-11-08", "a"),
                  step("cancelled", "2023-11-08", "b")]  # fmt: skip
    status, conflicting = current_status(trajectory)
    assert {status, *conflicting} == {"confirmed", "cancelled"}


def test_hedged_reports_count_only_when_there_is_nothing_else():
    trajectory = [step("planned", "2023-10-27"), step("uncertain", "2023-11-02")]
    assert current_status(trajectory)[0] == "planned"


def corpus() -> tuple[list[Report], dict[str, Document]]:
    lima = {"persons": LEADERS, "location": "l:lima", "location_name": "Lima"}
    oslo = {"persons": LEADERS, "location": "l:oslo", "location_name": "Oslo"}
    reports = [
        report("bali", "happened", date="2022-11-14", **oslo),
        report("oct", "planned", date="2023-11", cue="expected", **lima),
        report("nov", "confirmed", date="2023-11-15", cue="confirmed", **lima),
        report("held", "happened", date="2023-11-15", cue="met", **lima),
        report("held", "happened", cue="since", **oslo),
        report("undated", "planned", date="XXXX-WXX", timex=("next week", None), **lima),
    ]
    published = {"bali": "2022-11-14", "oct": "2023-10-27", "nov": "2023-11-08",
                 "held": "2023-11-16", "undated": None}  # fmt: skip
    documents = {d: Document(d, date.fromisoformat(p) if p else None) for d, p in published.items()}
    return reports, documents


def test_reports_of_one_meeting_make_one_event_with_its_trajectory():
    reports, documents = corpus()
    built = build_events(reports, documents, NAMES)
    (lima,) = [e for e in built.events if e.location == "Lima"]
    assert lima.date == Interval(date(2023, 11, 15), date(2023, 11, 15))
    assert [(s.document, s.status) for s in lima.trajectory] == [
        ("oct", "planned"), ("undated", "planned"), ("nov", "confirmed"), ("held", "happened"),
    ]  # fmt: skip
    assert lima.status == "happened"
    assert "Ana Ruiz" in lima.title and "Lima" in lima.title
    (oslo,) = [e for e in built.events if e.location == "Oslo"]
    assert (oslo.status, len(oslo.trajectory)) == ("happened", 2)


def test_an_undated_article_is_placed_by_the_events_it_reports():
    reports, documents = corpus()
    estimate = build_events(reports, documents, NAMES).estimates["undated"]
    assert estimate.interval == Interval(date(2023, 11, 6), date(2023, 11, 12))
    assert "next week" in estimate.evidence[0]


def test_as_of_knows_nothing_written_later():
    reports, documents = corpus()
    events = build_events(reports, documents, NAMES, as_of=date(2023, 11, 1)).events
    (lima,) = [e for e in events if e.location == "Lima"]
    assert [s.document for s in lima.trajectory] == ["oct"]
    assert lima.status == "planned" and lima.date.value == "2023-11"
    assert all(s.document not in ("nov", "held", "undated") for e in events for s in e.trajectory)


def test_reporting_of_an_undated_document_is_its_estimate():
    estimate = Interval(date(2023, 10, 1), date(2023, 10, 31))
    assert Reporting(estimate=estimate).value == "2023-10"
    assert UNDATED.value is None


def test_two_articles_leading_with_a_crash_of_the_same_days_report_one_crash():
    documents = {d: Document(d, date(2024, 3, 5 + i), None) for i, d in enumerate("ab")}
    reports = [
        report("a", "happened", kind="disaster", trigger="derailed", prominence=1.0,
               location="l:croydon", places=frozenset({"l:croydon", "l:london"})),
        report("b", "happened", kind="disaster", trigger="crash", prominence=1.0,
               location="l:london"),
    ]  # fmt: skip
    (crash,) = build_events(reports, documents, NAMES).events
    assert len({m[0] for m in crash.mentions}) == 2 and not crash.background


def test_two_articles_leading_with_a_bombing_in_a_country_and_a_city_in_it_report_one():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "ab"}
    named = frozenset({"o:taliban", "l:afghanistan", "l:mazar"})  # by both articles
    reports = [
        report("a", "happened", kind="attack", trigger="bombing", prominence=1.0,
               location="l:afghanistan", country=True, persons=frozenset({"p:ana"}),
               names=named),
        report("b", "happened", kind="attack", trigger="attack", prominence=1.0,
               location="l:mazar", persons=frozenset({"p:li"}), names=named),
    ]  # fmt: skip
    (attack,) = build_events(reports, documents, NAMES).events
    assert len({m[0] for m in attack.mentions}) == 2  # whom each names it hit differs


def test_an_event_is_placed_in_the_city_its_reports_give_not_their_country():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "abc"}
    named = frozenset({"o:taliban", "l:afghanistan", "l:mazar"})
    in_country = {"location": "l:afghanistan", "location_name": "Afghanistan", "country": True}
    reports = [
        report("a", "happened", kind="attack", trigger="bombing", prominence=1.0,
               names=named, **in_country),
        report("b", "happened", kind="attack", trigger="attack", prominence=1.0,
               names=named, **in_country),
        report("c", "happened", kind="attack", trigger="attack", prominence=1.0,
               location="l:mazar", location_name="Mazar-i-Sharif", names=named),
    ]  # fmt: skip
    (attack,) = build_events(reports, documents, NAMES).events
    assert attack.location == "Mazar-i-Sharif"
    assert attack.location_entity == "l:mazar"


def test_a_place_known_to_lie_in_another_country_does_not_narrow_a_country():
    cluster = Cluster(id="ev", family="attack")
    cluster.locations.update({"l:afghanistan": 2, "l:ontario": 1})
    cluster.countries = frozenset({"l:afghanistan"})
    cluster.nations.update({"l:afghanistan": "AF", "l:ontario": "CA"})
    assert cluster.most_specific_location() == "l:afghanistan"
    cluster.locations["l:mazar"] += 1
    assert cluster.most_specific_location() == "l:mazar"


def test_leads_of_the_same_days_whose_articles_name_nobody_alike_are_two_events():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "ab"}
    reports = [
        report("a", "happened", kind="disaster", trigger="derailed", prominence=1.0,
               names=frozenset({"o:tfl", "l:london", "o:police"})),
        report("b", "happened", kind="disaster", trigger="fell", prominence=1.0,
               names=frozenset({"l:hebei", "o:xinhua", "o:police"})),
    ]  # fmt: skip
    assert len(build_events(reports, documents, NAMES).events) == 2


def test_a_country_holds_its_regions_not_another_countrys():
    def at(location: str, nation: str, country: bool = False):
        facts = report_facts(report("d", "happened", location=location, nation=nation,
                                    country=country), UNDATED)  # fmt: skip
        return facts

    uk = at("l:uk", "GB", country=True)
    assert score(uk, at("l:croydon", "GB")) is not None
    assert score(uk, at("l:bali", "ID")) is None
    assert score(uk, at("l:mazar", None)) is not None  # unknown: it may be


def test_nation_of_a_place_from_its_name():
    assert [nation_of(n) for n in ("Bali", "Croydon", "the U.S.", "Atlantis")] == [
        "ID", "GB", "US", None,
    ]  # fmt: skip


def test_people_tell_two_meetings_apart():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "ab"}
    reports = [
        report("a", "happened", prominence=1.0, persons=frozenset({"p:ana"})),
        report("b", "happened", prominence=1.0, persons=frozenset({"p:li"})),
    ]
    assert len(build_events(reports, documents, NAMES).events) == 2


def test_in_an_article_on_an_attack_an_accident_is_the_attack_told_again():
    reports = [
        report("a", "happened", kind="attack", trigger="bombing", prominence=1.0),
        report("a", "happened", kind="disaster", trigger="exploded", actor="vehicle"),
    ]
    assert [g.family for g in group_document(reports, UNDATED)] == ["attack"]
    other_year = report("a", "happened", kind="disaster", trigger="fire", date="1959")
    dated = [report("a", "happened", kind="attack", trigger="bombing", prominence=1.0,
                    date="2024-03-04"), other_year]  # fmt: skip
    assert len(group_document(dated, Reporting(date(2024, 3, 5)))) == 2


def test_a_title_names_whom_more_than_one_article_names():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "abc"}
    reports = [
        report(d, "happened", kind="attack", trigger="attack", prominence=1.0,
               persons=frozenset({"p:ana"}) if d == "a" else frozenset(),
               actors=frozenset({"l:oslo"}), roles=(("l:oslo", "agent"),))
        for d in "abc"
    ]  # fmt: skip
    (attack,) = build_events(reports, documents, NAMES).events
    assert "Oslo" in attack.title and "Ana" not in attack.title


def test_an_arrest_in_three_articles_on_one_crash_is_one_arrest():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "abc"}
    reports = []
    named = frozenset({"l:croydon", "o:tfl"})  # what each article names
    for document in "abc":
        reports += [
            report(document, "happened", kind="disaster", trigger="derailed", prominence=1.0,
                   names=named),
            report(document, "happened", kind="arrest", trigger="arrested", prominence=0.4,
                   names=named),
        ]  # fmt: skip
    events = build_events(reports, documents, NAMES).events
    assert sorted(e.kind for e in events) == ["arrest", "disaster"]
    arrest = next(e for e in events if e.kind == "arrest")
    assert len(arrest.mentions) == 3 and not arrest.background  # told three times: shown


def test_a_happening_of_no_kind_in_articles_on_one_bombing_is_one_unless_done_by_others():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "abc"}
    named = frozenset({"l:kabul", "o:police"})
    reports = []
    for document, (trigger, actor) in zip(
        "abc", [("damage", None), ("damage", None), ("sent", "netizens")], strict=True
    ):
        reports += [
            report(document, "happened", kind="attack", trigger="bombing", prominence=1.0,
                   names=named),
            report(document, "happened", kind="other", trigger=trigger, actor=actor),
        ]  # fmt: skip
    reports.append(report("a", "happened", kind="other", trigger="sent", actor="team"))
    reports.append(report("b", "happened", kind="other", trigger="rushed", actor="people"))
    reports.append(report("c", "happened", kind="other", trigger="rushed", persons=LEADERS))
    events = build_events(reports, documents, NAMES).events
    damage = [e for e in events if e.family == "other:damage"]
    assert len(damage) == 1 and len(damage[0].mentions) == 2
    assert len([e for e in events if e.family == "other:sent"]) == 2  # rescuers, wishes
    assert len([e for e in events if e.family == "other:rushed"]) == 2  # the hurt, a wife


def test_the_event_an_article_is_about_is_the_one_it_tells_most_of_among_its_lead():
    reports = [
        report("a", "happened", kind="attack", trigger="airstrikes", prominence=1.0),
        report("a", "happened", kind="attack", trigger="rammed", prominence=1.0),
        report("a", "happened", kind="attack", trigger="explosion", prominence=0.8),
        report("a", "happened", kind="attack", trigger="blast", prominence=0.4),
        report("a", "happened", kind="death", trigger="killed", prominence=1.0,
               counts=(("killed", 4),)),
    ]  # fmt: skip
    groups = group_document(reports, UNDATED)
    lead = lead_group(groups)
    assert lead.family == "attack" and {r.trigger for r in lead.reports} >= {"rammed", "killed"}


def test_a_statement_no_report_says_whose_is_background_however_prominent():
    documents = {"a": Document("a", date(2024, 3, 5), None)}
    reports = [report("a", "happened", kind="statement", trigger="statement", prominence=1.0)
               for _ in range(3)]  # fmt: skip
    (nameless,) = build_events(reports, documents, NAMES).events
    assert nameless.background
    named = [replace(r, actors=frozenset({"o:police"})) for r in reports]
    (made,) = build_events(named, documents, {**NAMES, "o:police": "Police"}).events
    assert not made.background


def test_what_the_hurt_did_later_is_not_the_crash_told_again():
    reports = [
        report("a", "happened", kind="disaster", trigger="crashed", actor="ship",
               prominence=1.0, date="2024-03-04"),
        report("a", "happened", kind="injury", trigger="injured", actor="people"),
        report("a", "happened", kind="other", trigger="slid", actor="ship"),
        report("a", "happened", kind="other", trigger="released", actor="people",
               date="2024-03-05"),
    ]  # fmt: skip
    groups = group_document(reports, Reporting(date(2024, 3, 5)))
    crash = next(g for g in groups if g.family == "disaster")
    assert {r.trigger for r in crash.reports} == {"crashed", "injured", "slid"}
    assert len(groups) == 2


def test_a_game_told_through_different_players_is_one_game():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "ab"}
    named = frozenset({"o:cubs", "o:indians", "l:field"})
    reports = [
        report(d, "happened", kind="match", trigger="won", prominence=1.0, location="l:field",
               persons=frozenset({player}), names=named)
        for d, player in (("a", "p:ross"), ("b", "p:lester"))
    ]  # fmt: skip
    (game,) = build_events(reports, documents, NAMES).events
    assert len(game.mentions) == 2
    meetings = [replace(r, kind="meeting", trigger="met") for r in reports]
    assert len(build_events(meetings, documents, NAMES).events) == 2  # who met tells them apart


def test_a_headline_launch_a_day_apart_in_two_papers_is_one_launch_a_time_zone_apart():
    named = frozenset({"g:ostra", "l:sea"})
    documents = {"a": Document("a", date(2024, 3, 5), None),
                 "b": Document("b", date(2024, 3, 6), None)}  # fmt: skip
    reports = [
        report(d, "happened", kind="launch", trigger="launched", prominence=1.0, names=named,
               actors=frozenset({"g:ostra"}), date=day)
        for d, day in (("a", "2024-03-04"), ("b", "2024-03-05"))
    ]  # fmt: skip
    assert len(build_events(reports, documents, NAMES).events) == 1
    two_days_apart = [reports[0], replace(reports[1], date="2024-03-06")]
    assert len(build_events(two_days_apart, documents, NAMES).events) == 2
    games = [replace(r, kind="match", trigger="won", actors=frozenset()) for r in reports]
    assert len(build_events(games, documents, NAMES).events) == 2  # a league plays daily


def test_the_dead_told_before_the_crash_is_named_are_still_its_count():
    reports = [
        report("a", "happened", kind="death", trigger="lost", prominence=1.0),
        report("a", "happened", kind="disaster", trigger="crash", prominence=0.8),
    ]
    (crash,) = group_document(reports, UNDATED)
    assert crash.family == "disaster" and len(crash.reports) == 2


def test_the_dead_of_a_crash_are_its_count_and_the_incident_is_the_crash():
    reports = [
        report("a", "happened", kind="disaster", trigger="derailed", prominence=1.0),
        report("a", "happened", kind="death", trigger="killed", counts=(("killed", 7),)),
        report("a", "happened", kind="other", trigger="incident"),
    ]
    (crash,) = group_document(reports, UNDATED)
    assert len(crash.reports) == 3


def test_an_incident_placed_elsewhere_is_not_the_lead_event():
    reports = [
        report("a", "happened", kind="attack", trigger="bombing", prominence=1.0,
               location="l:lima"),
        report("a", "happened", kind="other", trigger="incident", location="l:oslo"),
    ]  # fmt: skip
    assert len(group_document(reports, UNDATED)) == 2


def test_verbs_of_no_kind_are_one_event_per_word():
    reports = [
        report("a", "happened", kind="other", trigger="closed", prominence=1.0),
        report("a", "happened", kind="other", trigger="removed"),
    ]
    assert len(group_document(reports, UNDATED)) == 2


def test_an_event_in_no_headline_or_lead_told_once_is_background():
    documents = {"a": Document("a", date(2024, 3, 5), None)}
    reports = [
        report("a", "happened", kind="disaster", trigger="crash", prominence=1.0),
        report("a", "happened", kind="other", trigger="opened", prominence=0.4),
    ]
    events = {e.kind: e for e in build_events(reports, documents, NAMES).events}
    assert not events["disaster"].background and events["other"].background


def test_history_one_article_recalls_is_background_however_often_told():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "ab"}
    title = {"kind": "match", "trigger": "won", "date": "1990", "persons": frozenset({"p:ana"})}
    once = [report("a", "happened", prominence=0.7, **title) for _ in range(3)]
    (recalled,) = build_events(once, documents, NAMES).events
    assert recalled.date.value == "1990" and recalled.background
    twice = [*once, report("b", "happened", prominence=0.7, **title)]
    (event,) = build_events(twice, documents, NAMES).events
    assert not event.background


def test_a_happening_one_article_tells_with_no_one_nothing_and_nowhere_is_background():
    documents = {"a": Document("a", date(2024, 3, 5), None)}
    bare = {"kind": "other", "trigger": "flew", "prominence": 1.0}
    (flew,) = build_events([report("a", "happened", **bare)], documents, NAMES).events
    assert flew.background
    (told,) = build_events(
        [report("a", "happened", target="the missile", **bare)], documents, NAMES
    ).events
    assert not told.background


def test_a_verb_of_no_kind_with_no_one_nothing_and_nowhere_says_nothing_however_often():
    documents = {d: Document(d, date(2024, 3, 5), None) for d in "abc"}
    named = frozenset({"l:kabul", "o:police"})
    reports = []
    for document in "abc":
        reports += [
            report(document, "happened", kind="attack", trigger="bombing", prominence=1.0,
                   names=named),
            report(document, "happened", kind="other", trigger="headed", prominence=0.8),
        ]  # fmt: skip
    headed = next(e for e in build_events(reports, documents, NAMES).events if e.kind == "other")
    assert len(headed.mentions) == 3 and headed.background


def test_an_arrest_told_once_out_of_the_lead_is_news_not_background():
    documents = {"a": Document("a", date(2024, 3, 5), None)}
    reports = [
        report("a", "happened", kind="disaster", trigger="crash", prominence=1.0),
        report("a", "happened", kind="arrest", trigger="arrested", prominence=0.4),
        report("a", "happened", kind="other", trigger="opened", prominence=0.4),
    ]
    built = build_events(reports, documents, NAMES).events
    events = {e.reports[0].trigger: e for e in built if len(e.reports) == 1}
    assert not events["arrested"].background and events["opened"].background


def test_an_accident_told_with_a_verb_of_no_kind_leads_by_its_kind():
    reports = [
        report("a", "happened", kind="other", trigger="sped", actor="tram", prominence=1.0),
        report("a", "happened", kind="disaster", trigger="derailed", actor="tram", prominence=1.0,
               phrase="tram derailment"),
        report("a", "happened", kind="other", trigger="tipped", actor="tram"),
        report("a", "happened", kind="other", trigger="incident"),
    ]  # fmt: skip
    groups = group_document(reports, UNDATED)
    derailment = next(g for g in groups if g.family == "disaster")
    assert sorted(r.trigger for r in derailment.reports) == [
        "derailed", "incident", "sped", "tipped"
    ]  # fmt: skip


def test_deaths_and_crashes_of_another_year_are_not_the_headline_crash():
    published = Reporting(date(2024, 3, 5))
    reports = [
        report("a", "happened", kind="disaster", trigger="derailed", prominence=1.0),
        report("a", "happened", kind="disaster", trigger="collision", date="1990"),
        report("a", "happened", kind="death", trigger="died", date="1990"),
    ]
    groups = group_document(reports, published)
    assert sorted([r.trigger for r in g.reports] for g in groups) == [
        ["collision", "died"], ["derailed"]
    ]  # fmt: skip

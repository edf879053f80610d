"""Linking decisions across documents, without a database."""

from __future__ import annotations

from storyline.corpus.entities import EntityIndex, make_rules, name_key, roles_agree


def test_name_key_ignores_case_titles_and_punctuation():
    assert name_key("Mr. Xi's") == name_key("xi")
    assert name_key("Karine Jean-Pierre") == "karine jean pierre"
    assert name_key("the White House") == "white house"


def test_same_name_is_the_same_entity():
    index = EntityIndex()
    first = index.link("PERSON", "Xi Jinping", ["Xi Jinping"], ["Chinese President"])
    second = index.link("PERSON", "Xi Jinping", ["Mr Xi"], [])
    assert first.created and not second.created
    assert first.entity.id == second.entity.id


def test_one_word_name_links_to_the_only_full_name_containing_it():
    index = EntityIndex()
    full = index.link("PERSON", "Xi Jinping", [], []).entity
    assert index.link("PERSON", "Jinping", [], []).entity is full
    assert index.link("PERSON", "Xi", [], []).entity is full


def test_two_wangs_with_different_roles_stay_apart():
    index = EntityIndex()
    minister = index.link("PERSON", "Wang Yi", [], ["Foreign Minister"]).entity
    spokesman = index.link("PERSON", "Wang Wenbin", [], ["foreign ministry spokesman"]).entity
    wang = index.link("PERSON", "Wang", [], ["ministry spokesman"]).entity
    assert wang is spokesman
    unknown = index.link("PERSON", "Wang", [], []).entity
    assert unknown not in (minister, spokesman)  # ambiguous: not merged blindly


def test_one_word_name_with_a_conflicting_role_is_not_merged():
    index = EntityIndex()
    minister = index.link("PERSON", "Wang Yi", [], ["Foreign Minister"]).entity
    coach = index.link("PERSON", "Wang", [], ["football coach"]).entity
    assert coach is not minister


def test_misspelling_links_when_roles_agree():
    index = EntityIndex()
    right = index.link("PERSON", "Liu Pengyu", [], ["Chinese Embassy spokesman"]).entity
    assert index.link("PERSON", "Liu Pengue", [], ["embassy spokesman"]).entity is right


def test_misspelling_without_context_stays_apart_unless_nearly_identical():
    index = EntityIndex()
    right = index.link("PERSON", "Liu Pengyu", [], ["Chinese Embassy spokesman"]).entity
    assert index.link("PERSON", "Liu Peng", [], ["professor"]).entity is not right


def test_full_name_takes_in_an_earlier_one_word_entity():
    index = EntityIndex()
    short = index.link("PERSON", "Jinping", [], []).entity
    link = index.link("PERSON", "Xi Jinping", [], [])
    assert short.id in link.absorbed
    assert "Jinping" in link.entity.aliases


def test_labels_keep_entities_apart():
    index = EntityIndex()
    person = index.link("PERSON", "Washington", [], []).entity
    place = index.link("GPE", "Washington", [], []).entity
    assert person is not place


def test_user_rules_make_one_entity_and_keep_others_apart():
    rules = make_rules(
        same=[("PERSON", "Xi Jinping", ["President Xi", "Jinping"])],
        apart=[("PERSON", "Wang Yi", "Wang")],
    )
    index = EntityIndex(rules=rules)
    xi = index.link("PERSON", "President Xi", [], []).entity
    assert xi.name == "Xi Jinping"
    wang_yi = index.link("PERSON", "Wang Yi", [], []).entity
    assert index.link("PERSON", "Wang", [], []).entity is not wang_yi


def test_roles_agree():
    assert roles_agree(["Chinese Foreign Minister"], ["foreign minister"]) is True
    assert roles_agree(["Foreign Minister"], ["football coach"]) is False
    assert roles_agree([], ["football coach"]) is None


def test_abbreviation_dots_are_no_part_of_a_name():
    assert name_key("U.S.") == name_key("US") == "us"


def test_a_many_word_name_is_one_entity_whatever_ner_called_it():
    index = EntityIndex()
    team = index.link("ORG", "Harlow Rovers", [], []).entity
    assert index.link("PERSON", "Harlow Rovers", [], []).entity is team


def test_a_body_named_by_an_alias_another_article_gave_it_is_that_body():
    index = EntityIndex()
    full = index.link("ORG", "Korean Central Television", ["KCTV"], []).entity
    assert index.link("ORG", "KCTV", ["KCTV"], []).entity is full


def test_a_body_spelled_out_after_articles_that_used_only_its_acronym_is_that_body():
    index = EntityIndex()
    short = index.link("ORG", "ICIJ", ["ICIJ"], []).entity
    full = index.link(
        "ORG", "International Consortium of Investigative Journalists", ["ICIJ"], []
    ).entity
    assert full is short


def test_people_are_never_linked_by_an_alias():
    index = EntityIndex()
    index.link("PERSON", "Ana Ruiz", ["Ana Ruiz", "Maria Ruiz Garcia"], [])
    assert index.link("PERSON", "Maria Ruiz Garcia", [], []).created


def test_a_misspelling_never_joins_two_given_names():
    index = EntityIndex()
    max_ = index.link("PERSON", "Max Verstappen", [], ["driver"]).entity
    assert index.link("PERSON", "Jos Verstappen", [], ["driver"]).entity is not max_


def test_accents_and_a_plural_nationality_are_no_other_entity():
    index = EntityIndex()
    paper = index.link("ORG", "Suddeutsche Zeitung", [], []).entity
    assert index.link("ORG", "Süddeutsche Zeitung", [], []).entity is paper
    assert paper.name == "Süddeutsche Zeitung"  # the spelling with its accents
    people = index.link("NORP", "Panamanian", [], []).entity
    assert index.link("NORP", "Panamanians", [], []).entity is people


def test_a_firm_with_and_without_its_legal_form_is_one_firm():
    index = EntityIndex()
    firm = index.link("ORG", "Halvik Energi ASA", ["Halvik Energi ASA"], []).entity
    assert index.link("ORG", "Halvik Energi", ["Halvik Energi", "Halvik"], []).entity is firm
    assert index.link("ORG", "Halvik", ["Halvik"], []).entity is firm  # an alias it gained
    other = index.link("ORG", "Halvik Marine", [], []).entity
    assert other is not firm
    bank = index.link("ORG", "Deutsche Bank", [], []).entity
    assert index.link("ORG", "Deutsche Telekom AG", [], []).entity is not bank


def test_a_place_whose_link_word_is_transliterated_two_ways_is_one_place():
    index = EntityIndex()
    city = index.link("LOC", "Mazar-i-Sharif", ["Mazar-i-Sharif"], []).entity
    assert index.link("LOC", "Mazar-e-Sharif", ["Mazar-e-Sharif"], []).entity is city
    assert index.link("GPE", "Dar-es-Salaam", ["Dar-es-Salaam"], []).entity is not city
    assert index.link("LOC", "Mazar Hotel", ["Mazar Hotel"], []).entity is not city


def test_a_misspelt_street_is_the_street_but_a_neighbouring_region_is_not():
    index = EntityIndex()
    road = index.link("FAC", "Shettleston Road", ["Shettleston Road"], []).entity
    assert index.link("FAC", "Shettlestone Road", ["Shettlestone Road"], []).entity is road
    north = index.link("GPE", "North Carolina", [], []).entity
    assert index.link("GPE", "South Carolina", [], []).entity is not north
    assert (
        index.link("GPE", "Austria", [], []).entity
        is not index.link("GPE", "Australia", [], []).entity
    )


def test_a_word_hundreds_of_names_share_finds_no_misspelling():
    index = EntityIndex()
    for number in range(300):
        index.link("FAC", f"Street{number:03d}x Road", [], [])
    road = index.link("FAC", "Shettleston Road", [], []).entity
    assert index.link("FAC", "Shettlestone Road", [], []).entity is not road

"""The document-level entity component (real model: it repairs what NER gives)."""

from __future__ import annotations

from storyline.analyse.entities import acronym, doc_entities
from storyline.records import DocEntity


def people(nlp, text: str) -> dict[str, DocEntity]:
    return {e.name: e for e in doc_entities(nlp(text)) if e.label == "PERSON"}


def aliases(entity: DocEntity) -> set[str]:
    return set(entity.aliases)


def test_full_name_surname_and_honorific_are_one_person(nlp):
    text = "Maria Lopez opened the bridge on Monday. Lopez spoke briefly. Ms Lopez then left."
    found = people(nlp, text)
    assert list(found) == ["Maria Lopez"]
    assert len(found["Maria Lopez"].mentions) == 3


def test_given_name_used_alone_resolves_to_the_full_name(nlp):
    text = (
        "Chinese President Xi Jinping met the delegation.\n\n"
        "Officials said Jinping would travel in the spring."
    )
    found = people(nlp, text)
    assert "Jinping" in aliases(found["Xi Jinping"])


def test_name_after_a_title_that_ner_missed(nlp):
    text = "A meeting between Presidents Xi Jinping and Joe Biden is planned for next week."
    assert {"Xi Jinping", "Joe Biden"} <= set(people(nlp, text))


def test_roles_from_title_and_appositive(nlp):
    text = (
        "US President Joe Biden met reporters. "
        "Karine Jean-Pierre, deputy White House press secretary, said talks were underway."
    )
    found = people(nlp, text)
    assert "US President" in found["Joe Biden"].roles
    assert "deputy White House press secretary" in found["Karine Jean-Pierre"].roles


def test_one_word_mention_under_another_label_becomes_the_person(nlp):
    text = "Foreign Minister Wang Yi arrived on Thursday. Wang met the delegation and Wang left."
    found = people(nlp, text)
    assert len(found["Wang Yi"].mentions) == 3


def test_misspelling_in_one_document_is_one_person(nlp):
    text = "Embassy spokesman Liu Pengyu said talks went well. Later, Liu Pengue said more."
    found = people(nlp, text)
    assert len(found) == 1


def test_mentions_never_cross_a_paragraph_break(nlp):
    doc = nlp("Meeting with Biden\n\nThe White House said the talks were useful.")
    assert all("\n" not in ent.text for ent in doc.ents)


def test_dates_and_numbers_are_not_entities_to_link(nlp):
    doc = nlp("On Monday, 300 people met Maria Lopez in Madrid.")
    labels = {e.label for e in doc_entities(doc)}
    assert "DATE" not in labels and "CARDINAL" not in labels


def test_acronym():
    assert acronym("World Health Organization") == "WHO"
    assert acronym("Bank of England") == "BE"


def entities(nlp, text: str) -> dict[str, DocEntity]:
    return {e.name: e for e in doc_entities(nlp(text))}


def test_every_spelling_of_a_country_is_one_place(nlp):
    text = (
        "The U.S. and North Korea met. US officials said the United States would talk to the "
        "DPRK again, and America hoped for more."
    )
    found = entities(nlp, text)
    assert found["United States"].label == "GPE"
    assert {"U.S.", "US", "America"} <= aliases(found["United States"])
    assert found["North Korea"].label == "GPE"
    assert "DPRK" in aliases(found["North Korea"])


def test_bodies_by_acronym_with_and_without_dots(nlp):
    text = "The UN Security Council met in New York. The U.N. said the council would vote."
    found = entities(nlp, text)
    assert found["United Nations Security Council"].label == "ORG"
    assert found["United Nations"].label == "ORG"


def test_page_furniture_time_zones_and_title_pieces_are_no_entities(nlp):
    text = (
        "Invalid email address. Commerce Secretary Wilbur Ross spoke at 10am GMT. "
        "Secretary of State Ana Ruiz listened."
    )
    names = set(entities(nlp, text))
    assert not names & {"Invalid", "Commerce", "GMT", "State"}
    assert "Wilbur Ross" in names


def test_a_name_is_one_entity_in_every_occurrence(nlp):
    text = (
        "Harlow Dynamics, a software company, bought the plant. Workers at Harlow Dynamics "
        "were told on Friday. Harlow Dynamics declined to comment."
    )
    found = entities(nlp, text)
    assert found["Harlow Dynamics"].label == "ORG"
    assert len(found["Harlow Dynamics"].mentions) == 3


def test_an_appositive_says_what_a_name_is(nlp):
    # NER alone calls "Dana Lor" a person here
    text = "Dana Lor, a militant group based in the north, claimed the attack."
    assert entities(nlp, text)["Dana Lor"].label == "ORG"


def test_a_middle_initial_is_one_person(nlp):
    text = "Donald J. Trump spoke on Monday. Donald Trump then left for Florida."
    found = people(nlp, text)
    assert len(found) == 1
    assert {"Donald J. Trump", "Donald Trump"} <= aliases(next(iter(found.values())))


def test_an_acronym_with_small_letters_joins_its_expansion():
    assert acronym("Transport for London", every_word=True) == "TFL"
    assert acronym("World Health Organization") == "WHO"


def test_an_acronym_defined_in_brackets_is_its_name(nlp):
    found = entities(nlp, "The Korean Central Television (KCTV) reported it. KCTV said so.")
    assert found["Korean Central Television"].label == "ORG"
    assert aliases(found["Korean Central Television"]) >= {"KCTV"}


def test_a_stock_ticker_makes_a_company(nlp):
    found = entities(nlp, "Rockets built by Lockheed Martin (NYSE:LMT) flew.")
    assert found["Lockheed Martin"].label == "ORG"
    assert "LMT" in aliases(found["Lockheed Martin"])
    assert found["NYSE"].label == "ORG"


def test_an_account_owner_and_its_platform_are_two_names(nlp):
    found = entities(nlp, "The official Acme Twitter account replied on Monday.")
    assert "Twitter" in found and found["Twitter"].label == "ORG"
    assert not any("Twitter" in name and name != "Twitter" for name in found)


def test_an_age_or_a_who_after_a_name_makes_a_person(nlp):
    found = entities(nlp, "Kudirat Okesola, 46, rushed to the scene.")
    assert found["Kudirat Okesola"].label == "PERSON"


def test_a_demonym_before_a_noun_is_a_nationality(nlp):
    found = entities(nlp, "One of its members, Uruguayan lawyer Juan Pedro Damiani, resigned.")
    assert found["Uruguayan"].label == "NORP"


def test_a_place_name_ending_in_a_plural_is_a_team(nlp):
    found = entities(nlp, "The Memphis Hustle is the affiliate of the Memphis Grizzlies.")
    assert found["Memphis Grizzlies"].label == "ORG"


def test_page_furniture_with_numbers_is_no_entity(nlp):
    assert "Caption 1" not in entities(nlp, "Hide Caption 1 of 3. Add Weather to your page.")


def test_two_given_names_with_one_family_name_are_two_people(nlp):
    found = entities(nlp, "Max Verstappen won the race. His father Jos Verstappen watched.")
    assert {"Max Verstappen", "Jos Verstappen"} <= set(found)


def test_a_cape_an_age_and_an_agent_noun_say_what_a_name_is(nlp):
    found = entities(
        nlp, "Seaweed farmer Mitsuyo Kawamura lives near Cape Erimo. 68-year-old Kawamura waits."
    )
    assert found["Mitsuyo Kawamura"].label == "PERSON"
    assert found["Cape Erimo"].label in ("LOC", "GPE")


def test_a_first_name_opening_a_paragraph_belongs_to_the_surname_after_it(nlp):
    text = "Max Verstappen won.\n\nJos Verstappen said: “He surprised me today.”"
    assert {"Max Verstappen", "Jos Verstappen"} <= set(entities(nlp, text))


def test_a_name_with_a_model_number_is_a_product(nlp):
    found = entities(nlp, "North Korea launched the Kwangmyongsong-3 satellite from Apollo 11 pad.")
    assert found["Kwangmyongsong-3"].label == "PRODUCT"
    assert entities(nlp, "Channel 4 reported it on Monday.")["Channel 4"].label == "ORG"


def test_a_leak_is_an_event_not_a_body(nlp):
    assert entities(nlp, "The Panama Papers showed the deals.")["Panama Papers"].label == "EVENT"


def test_a_body_named_without_its_kind_word_is_the_body(nlp):
    text = "United Airlines apologised on Monday. United said the crew had acted wrongly."
    found = entities(nlp, text)
    assert "United" not in found and "United" in aliases(found["United Airlines"])


def test_a_lowercase_determiner_is_no_part_of_a_name(nlp):
    found = entities(nlp, "They won another World Series in 2016, their first World Series.")
    assert "World Series" in found and not any(name.startswith("another") for name in found)


def test_an_opening_verb_or_preposition_is_no_part_of_a_name(nlp):
    text = (
        "Harambe was shot.\n\nTranquilizing Harambe would not have knocked him out, the "
        "director said. From Washington, the response came fast."
    )
    assert {"Harambe", "Washington"} <= set(entities(nlp, text))


def test_flight_numbers_holidays_and_a_heading_in_capitals_are_no_names(nlp):
    text = (
        "FIRE ONE BACK\n\nFlight 175 landed during Carnival. “We want to fire one back,” "
        "Ana Ruiz said."
    )
    found = entities(nlp, text)
    assert not {"FIRE ONE BACK", "Flight 175", "Carnival"} & set(found)


def test_the_pacific_is_the_ocean_and_a_gm_is_a_title(nlp):
    found = entities(nlp, "The plane turned back over the Pacific. GM Ryan Pace fired the coach.")
    assert found["Pacific Ocean"].label == "LOC"
    assert "Ryan Pace" in found


def test_a_name_where_only_a_place_can_stand_is_a_place(nlp):
    for name in ("Ulvik", "Varnhold", "Osterby"):
        text = (
            f"The turbines will stand off {name}, and residents of {name} fear for the fishing. "
            f"The minister will travel to {name} next week."
        )
        assert entities(nlp, text)[name].label == "GPE", name
    assert (
        entities(nlp, "Investors in Acme Holdings sold their stake.")["Acme Holdings"].label
        == "ORG"
    )


def test_a_firm_called_by_its_first_word_is_that_firm(nlp):
    text = (
        "Solheim Energi ASA signed the memorandum on Tuesday. Analysts said the deal would "
        "give Solheim a head start. Solheim said it remained committed."
    )
    found = entities(nlp, text)
    assert found["Solheim Energi ASA"].label == "ORG" and "Solheim" not in found
    assert "Solheim" in found["Solheim Energi ASA"].aliases


def test_a_body_named_by_its_remit_is_one_name_and_a_title_has_no_pieces(nlp):
    found = entities(nlp, "The Ministry of Oceans and Fisheries confirmed on Monday that it would.")
    assert "Ministry of Oceans and Fisheries" in found and "Fisheries" not in found
    text = "It was signed by the minister of Oceans and Fisheries, Park Ji-won, on Tuesday."
    assert set(entities(nlp, text)) == {"Park Ji-won"}


def test_a_name_before_a_noun_only_a_firm_has_is_a_firm(nlp):
    text = "The minister will host Halvorsen Energi chief executive Ingrid Dahl in Sejong."
    assert entities(nlp, text)["Halvorsen Energi"].label == "ORG"
    people = entities(
        nlp,
        "Governor Ortiz met the press. Ortiz adviser Maria Lund met Hallberg spokesman Anton "
        "Volkov.",
    )
    assert people["Ortiz"].label == "PERSON" and people["Hallberg"].label == "PERSON"


def test_a_place_name_glued_by_hyphens_is_one_place(nlp):
    text = (
        "A bomb went off in Mazar-i-Sharif on Friday. Others fled from Aix-en-Provence. The "
        "Trump-Kim summit was held in Hanoi."
    )
    found = entities(nlp, text)
    assert found["Mazar-i-Sharif"].label in ("GPE", "LOC")
    assert found["Aix-en-Provence"].label == "GPE"
    assert "Mazar" not in found and "Trump-Kim" not in found


def test_a_plural_name_that_acts_as_a_team_is_a_team_everywhere(nlp):
    text = (
        "The 62-year-old coach went 14-34 with the Eagles. The Eagles announced his firing on "
        "Monday. Eagles fans were glad. Snow fell on the Alps."
    )  # NER: the Eagles are a place
    found = entities(nlp, text)
    assert found["Eagles"].label == "ORG"
    assert found["Alps"].label in ("LOC", "GPE")


def test_a_known_firm_then_a_name_of_its_own_is_its_product(nlp):
    found = entities(nlp, "SpaceX Dragon docked on Friday, and Tesla Motors hired 200 people.")
    assert found["SpaceX Dragon"].label == "PRODUCT"
    assert found["Tesla Motors"].label == "ORG"


def test_a_city_and_its_initials_are_one_place(nlp):
    found = entities(nlp, "A flight from LA turned back to Los Angeles. The LA Times reported it.")
    assert {"LA", "Los Angeles"} <= aliases(found["Los Angeles"])
    assert "LA Times" in found


def test_a_nationality_that_acts_as_the_body_of_its_name_is_that_body(nlp):
    text = (
        "American Airlines was criticised.\n\nAmerican pledged to hire an outside firm. The "
        "American players were angry."
    )  # NER: "American" is a nationality each time
    found = entities(nlp, text)
    assert "American" in aliases(found["American Airlines"])
    assert found["American"].label == "NORP"  # the players


def test_a_bodys_person_and_the_moon_are_what_they_are(nlp):
    found = entities(
        nlp, "Ana Ruiz told CNN's Christiane Amanpour that travel to the Moon was near."
    )
    assert found["Christiane Amanpour"].label == "PERSON"
    assert found["Moon"].label == "LOC"


def test_a_photo_credit_run_into_a_caption_is_no_part_of_its_names(nlp):
    text = (
        "Barcroft Media Vladimir Putin has ordered 1,500 Russians to leave. Getty Images Red "
        "Bull's Max Verstappen won."
    )
    found = entities(nlp, text)
    assert "Vladimir Putin" in found and "Red Bull" in found
    assert not any(name.startswith(("Media ", "Getty Images ")) for name in found)


def test_a_fact_box_label_the_text_also_writes_in_lowercase_is_no_name(nlp):
    from spacy.tokens import Span

    from storyline.analyse.entity_evidence import without_junk

    doc = nlp("The rocket carried a payload into orbit.\n\nPayload: satellites\n\nKourou: the site")
    payload, kourou = (next(t.i for t in doc if t.text == word) for word in ("Payload", "Kourou"))
    spans = [
        Span(doc, payload, payload + 1, label="ORG"),
        Span(doc, kourou, kourou + 1, label="GPE"),
    ]
    assert [span.text for span in without_junk(doc, spans)] == ["Kourou"]


def test_doc_text_is_joined_once_per_document(nlp):
    from storyline.analyse.doc_component import doc_text

    first, second = nlp.make_doc("Ana Ruiz spoke."), nlp.make_doc("Ana Ruiz left.")
    assert doc_text(first) == first.text
    assert doc_text(second) == second.text
    assert doc_text(first) == first.text


def test_a_building_that_speaks_is_the_body_named_after_it(nlp):
    assert (
        entities(nlp, "Wembley Stadium said the match would go ahead.")["Wembley Stadium"].label
        == "ORG"
    )
    assert (
        entities(nlp, "Fans gathered at Wembley Stadium on Sunday.")["Wembley Stadium"].label
        == "FAC"
    )


def test_an_editors_brackets_are_no_part_of_a_name(nlp):
    text = '"I will meet him," [Donald] Trump said on Monday. Donald Trump later left.'
    found = entities(nlp, text)
    assert set(found) == {"Donald Trump"}
    assert aliases(found["Donald Trump"]) == {"Donald Trump"}


def test_a_newspaper_is_a_body_and_a_name_with_a_number_no_place(nlp):
    found = entities(nlp, "It was published by Frankfurter Allgemeine Zeitung on Monday.")
    assert found["Frankfurter Allgemeine Zeitung"].label == "ORG"
    assert entities(nlp, "Hamilton leads the F1 standings.")["F1"].label == "ORG"

"""The event component on sentences written for the tests (the real model: it needs a parse)."""

from __future__ import annotations

import pytest

from storyline.analyse.entities import doc_entities
from storyline.analyse.event_words import ONLINE
from storyline.analyse.events import casualties, doc_events, with_prominence
from storyline.records import EventMention


def events(nlp, text: str) -> list[EventMention]:
    return doc_events(nlp(text))


def mention(nlp, text: str, trigger: str) -> EventMention:
    """The first event of ``text`` named by ``trigger``."""
    return next(m for m in events(nlp, text) if m.trigger == trigger)


def only(nlp, text: str) -> EventMention:
    found = events(nlp, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "status", "cue"),
    [
        ("The two presidents may meet in Paris next month.", "rumoured", "may"),
        ("The prime minister is expected to visit Kenya in March.", "planned", "expected"),
        ("The two leaders agreed to meet before the end of the year.", "agreed", "agreed"),
        (
            "The ministry confirmed that the ministers will meet in Geneva.",
            "confirmed",
            "confirmed",
        ),
        ("Angela Moreau met Carlos Ruiz in Madrid on Tuesday.", "happened", "met"),
        ("The summit in Oslo was cancelled.", "cancelled", "cancelled"),
        ("The summit was called off on Monday.", "cancelled", "called off"),
        ("The talks were postponed until next year.", "postponed", "postponed"),
        ("The government imposed new sanctions on Iran.", "happened", "imposed"),
        ("Voters will elect a new parliament in June.", "planned", "will"),
        ("An earthquake struck the coast of Chile on Sunday.", "happened", "struck"),
    ],
)
def test_status_and_its_cue(nlp, text, status, cue):
    mention = only(nlp, text)
    assert (mention.status, mention.cue) == (status, cue)


def test_hearsay_makes_a_plan_a_rumour(nlp):
    mention = only(nlp, "According to a report, the ministers will meet in Lima.")
    assert mention.status == "rumoured"


@pytest.mark.parametrize(
    ("text", "not_status"),
    [
        ("The meeting in Rome was not cancelled.", "cancelled"),
        ("The ministry has not confirmed that the leaders will meet.", "confirmed"),
        ("Officials denied that a meeting with the rebels would take place.", "planned"),
    ],
)
def test_negation_changes_the_status(nlp, text, not_status):
    assert only(nlp, text).status != not_status


def test_an_event_after_which_something_was_cancelled_still_happened(nlp):
    found = {m.trigger: m.status for m in events(nlp, "The summit was cancelled after the attack.")}
    assert found == {"summit": "cancelled", "attack": "happened"}


def test_a_call_is_held_online_and_has_no_city(nlp):
    mention = only(nlp, "The two presidents held a video call on Monday.")
    assert (mention.kind, mention.status, mention.location) == ("call", "happened", ONLINE)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Angela Moreau met Carlos Ruiz in Madrid on Tuesday.", "Madrid"),
        ("The president visited Kenya last week.", "Kenya"),
        ("Her visit to Peru was a success.", "Peru"),
        ("The Madrid summit ended without a deal.", "Madrid"),
        ("The ministers met in the province of Kunduz last week.", "Kunduz"),
    ],
)
def test_location(nlp, text, place):
    found = [m for m in events(nlp, text) if m.kind in ("meeting", "summit", "visit")]
    assert found and found[0].location == place


def test_participants_are_the_people_of_the_clause(nlp):
    doc = nlp("Angela Moreau met Carlos Ruiz in Madrid on Tuesday.")
    names = {e.key: e.name for e in doc_entities(doc)}
    (mention,) = doc_events(doc)
    assert {names[key] for key in mention.participants} == {"Angela Moreau", "Carlos Ruiz"}


def test_the_date_comes_from_the_time_layer(nlp):
    mention = only(nlp, "The two presidents may meet in Paris next month.")
    assert (mention.date_text, mention.date) == ("next month", "XXXX-XX")


def test_the_end_of_a_span_does_not_date_the_event(nlp):
    text = "The club extended the coach's contract through 2031 on Monday."
    extended = mention(nlp, text, "extended")
    assert extended.date_text == "Monday"


def test_the_target_is_written_as_the_text_writes_it(nlp):
    attacked = mention(nlp, "Velmar attacked Tarsia's northern border on Monday.", "attacked")
    assert attacked.target == "Tarsia's northern border"


def test_what_is_investigated_whether_it_happened_is_told_as_uncertain(nlp):
    text = "Police said they were investigating whether he fell asleep."
    fell = mention(nlp, text, "fell")
    assert (fell.kind, fell.status) == ("other", "uncertain")
    assert not events(nlp, "If he resigns, the party will collapse.")
    assert not [m for m in events(nlp, "Prices fell sharply on Monday.") if m.trigger == "fell"]


def test_what_was_done_to_an_event_and_a_closed_bridge_are_happenings(nlp):
    text = "The attack was suppressed on Friday by security forces."
    assert mention(nlp, text, "suppressed").kind == "other"
    assert [m.trigger for m in events(nlp, "The crash killed seven.")] == ["crash"]


def test_blacking_out_befalls_someone_and_passing_out_leaflets_does_not(nlp):
    text = "Passengers said the pilot, who was arrested afterwards, had blacked out."
    assert mention(nlp, text, "blacked").kind == "other"
    assert not events(nlp, "The officials passed out leaflets.")


def test_what_someone_thinks_or_claims_happened_is_told_as_uncertain(nlp):
    text = "Tomas Berg said the pilot told him that he thinks he blacked out."
    assert mention(nlp, text, "blacked").status == "uncertain"
    text = "His family claimed he had plummeted into a well."
    assert mention(nlp, text, "plummeted").status == "uncertain"
    assert mention(nlp, "He plummeted into a well on Sunday.", "plummeted").status == "happened"


def test_what_someone_wonders_might_happen_is_no_event(nlp):
    text = "All I could think about was whether help came: could another ferry hit us?"
    assert not [m for m in events(nlp, text) if m.trigger == "hit"]
    assert mention(nlp, "Another ferry hit the pier on Monday.", "hit")


def test_a_relative_word_is_no_target(nlp):
    text = "At the Ostra GP that he won, Tomas Berg lost the crown to Ana Ruiz."
    assert mention(nlp, text, "won").target is None


def test_the_day_of_an_event_is_not_what_it_was_done_to(nlp):
    attack = mention(nlp, "The attack on Tuesday killed four.", "attack")
    assert attack.target is None


def test_a_statement_is_made_by_whoever_issued_it_and_one_said_in_is_how_it_was_said(nlp):
    doc = nlp("The Foreign Ministry of Velmar issued a statement on the talks.")
    names = {e.key: e.name for e in doc_entities(doc)}
    statement = mention(nlp, doc.text, "statement")
    assert [names[key] for key in statement.participants] == ["Foreign Ministry of Velmar"]
    text = "The talks will go on, the Foreign Ministry of Velmar said in a statement."
    assert not [m for m in events(nlp, text) if m.kind == "statement"]


def test_a_series_of_meetings_is_no_one_meeting_but_recent_strikes_are_told(nlp):
    text = "Recent meetings between Velmar and Ostra officials have led to positive signals."
    assert not [m for m in events(nlp, text) if m.kind == "meeting"]
    text = "Recent air strikes killed 32 civilians in Kunduz."
    assert [m for m in events(nlp, text) if m.kind == "attack"]


def test_a_word_of_a_bodys_name_is_no_event(nlp):
    text = "The Federal Bureau of Investigation opened an investigation into the crash."
    assert [m.trigger for m in events(nlp, text) if m.kind == "investigation"] == ["investigation"]


def test_a_when_clause_takes_the_date_it_tells_of(nlp):
    text = "It was the first fatal crash since 1990, when a bus caught fire in Tarvel."
    fire = mention(nlp, text, "fire")
    assert fire.date == "1990"


def test_to_recall_is_a_recall_of_goods_not_a_memory(nlp):
    assert mention(nlp, "Toyota recalled 40,000 cars over faulty brakes.", "recalled")
    assert mention(nlp, "Thousands of cars were recalled on Monday.", "recalled")
    for text in ("Tomas Berg, 30, said he recalled the ferry speeding up.",
                 "Tomas Berg, one of those on the ferry, recalled it speeding up.",
                 "She recalled that the pilot had been calm."):  # fmt: skip
        assert not [m for m in events(nlp, text) if m.trigger == "recalled"]


def test_strikes_told_beside_civilians_are_attacks(nlp):
    text = "The strikes, which killed 30 civilians, were investigated by the military."
    assert mention(nlp, text, "strikes").kind == "attack"


def test_an_event_word_that_describes_a_thing_names_no_event(nlp):
    text = "The scandal landed on the country with hurricane force, and a rescue team waited."
    assert not [m for m in events(nlp, text) if m.trigger in ("hurricane", "rescue")]
    text = "By morning, special forces were conducting search operations in the city."
    assert mention(nlp, text, "search").kind == "rescue"


def test_signing_an_order_is_no_agreement_and_a_nomination_for_a_prize_no_appointment(nlp):
    assert mention(nlp, "The two leaders signed a trade deal.", "signed").kind == "agreement"
    assert mention(nlp, "Kim signed the order to launch.", "signed").kind == "other"
    assert not events(nlp, "She was nominated for two Grammy Awards.")
    assert mention(nlp, "He was nominated as ambassador.", "nominated").kind == "appointment"


def test_the_hospital_the_hurt_were_taken_to_is_not_where_it_happened(nlp):
    text = "Eight people had serious injuries, and 20 were taken to a hospital in Leeds."
    assert all(m.location is None for m in events(nlp, text))
    assert mention(nlp, "They travelled to a summit in Lima.", "summit").location == "Lima"


def test_released_from_hospital_is_no_release_of_captives(nlp):
    assert mention(nlp, "Rebels released 21 schoolgirls on Saturday.", "released").kind == (
        "release"
    )
    text = "Four people were released from hospital on Wednesday."
    assert mention(nlp, text, "released").kind == "other"


def test_lives_lost_are_deaths_of_whoever_lost_them(nlp):
    lost = mention(nlp, "At least five passengers lost their lives on Sunday.", "lost")
    assert lost.kind == "death" and lost.target != "their lives"
    assert mention(nlp, "Lives have been lost and many were hurt.", "lost").kind == "death"


def test_a_verb_joined_to_another_shares_its_subject(nlp):
    text = "Two people were hurt when a ferry turned sharply and capsized near the pier."
    capsized = mention(nlp, text, "capsized")
    assert (capsized.actor, capsized.phrase) == ("ferry", "ferry capsizing")


def test_the_subjects_countries_are_not_the_place_of_a_verb(nlp):
    mention = only(nlp, "Anna Lind of Sweden met her Jordanian counterpart in Vienna on Thursday.")
    assert mention.location == "Vienna"


@pytest.mark.parametrize(
    "text",
    [
        "The attack on the consulate was revenge for air strikes in Kunduz.",
        "The Taliban said it carried out the attack in retaliation for air strikes last week "
        "in Kunduz province.",
        "The Taliban called it a revenge attack for US airstrikes in the province of Kunduz.",
    ],
)
def test_a_place_after_another_event_is_that_events(nlp, text):
    attack = mention(nlp, text, "attack")
    assert attack.location is None


def test_cars_overturned_by_a_blast_are_no_ruling(nlp):
    assert "ruling" not in {m.kind for m in events(nlp, "The blast overturned cars.")}


def test_a_body_the_model_takes_for_a_place_is_not_where(nlp):
    text = "Ana Moreau met Carlos Ruiz at the Black Sea Economic Cooperation summit."
    summit = mention(nlp, text, "summit")
    assert summit.location is None


def test_who_struck_from_the_air_is_not_where(nlp):
    (strikes,) = events(nlp, "US airstrikes killed 32 civilians.")
    assert strikes.location is None


def test_the_place_of_the_event_it_takes_place_at_is_its_place(nlp):
    text = "They expect a meeting on the sidelines of the summit next month in Lima."
    meeting = mention(nlp, text, "meeting")
    assert meeting.location == "Lima"


def test_a_date_after_the_event_it_avenges_is_that_events(nlp):
    text = "The Taliban said it carried out the attack in retaliation for air strikes last week."
    found = {m.trigger: m.date_text for m in events(nlp, text)}
    assert found == {"attack": None, "air strikes": "last week"}


def test_the_date_of_a_toll_is_not_the_date_of_the_bombing(nlp):
    text = "The death toll from a truck bombing at the consulate rose to six on Friday."
    bombing = mention(nlp, text, "bombing")
    assert bombing.date_text is None


def test_a_coordinated_clause_does_not_date_the_event(nlp):
    text = (
        "The two ministers signed a trade deal after long talks, and said inspectors would "
        "visit the ports this summer."
    )
    [deal] = [m for m in events(nlp, text) if m.trigger == "signed"]
    assert deal.date_text is None


def test_words_that_only_look_like_events_are_not_events(nlp):
    assert events(nlp, "Elected officials called for calm.") == []


def test_a_place_in_a_reported_clause_does_not_place_the_reporting_event(nlp):
    text = "The readouts of the meetings said both sides agreed to hold a summit in Lima."
    found = {m.trigger: m.location for m in events(nlp, text)}
    assert found == {"meetings": None, "summit": "Lima"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The meeting was productive, officials said.", "happened"),
        ("The talks were not a success.", "happened"),
        ("The ministry issued a statement saying it would respond.", "happened"),
        ("Was the meeting a success?", "uncertain"),
    ],
)
def test_what_is_said_of_an_event_in_the_past_tense_says_it_took_place(nlp, text, status):
    assert only(nlp, text).status == status


@pytest.mark.parametrize(
    ("text", "kind", "trigger"),
    [
        ("Rebels freed 21 schoolgirls on Saturday.", "release", "freed"),
        ("Police arrested Dana Whitfield in Baton Rouge on Friday.", "arrest", "arrested"),
        ("The chief executive stepped down on Tuesday.", "resignation", "stepped"),
        (
            "A court in Cairo sentenced Omar Haddad to three years in prison.",
            "sentence",
            "sentenced",
        ),
        ("The coast guard seized a tanker carrying oil.", "seizure", "seized"),
        ("The judge dismissed the case on Monday.", "ruling", "dismissed"),
        ("The board dismissed the chief executive on Monday.", "dismissal", "dismissed"),
        ("A tram derailed in Croydon on Wednesday.", "disaster", "derailed"),
        ("Police closed the bridge for several hours.", "other", "closed"),
        ("The boy was found dead on Monday.", "death", "found"),
        ("Thousands joined the protest in the capital.", "protest", "protest"),
        ("The Nordlys, which had 90 people on board, hit a pillar of the bridge.", "disaster",
         "hit"),
        ("A suicide bomber crashed a truck into the consulate.", "attack", "crashed"),
        ("The suicide attacker rammed his car into the wall.", "attack", "rammed"),
        ("Officers worked through the night to free people who were trapped inside the tram.",
         "rescue", "free"),
        ("Three of those trapped have been removed from the tram.", "rescue", "removed"),
        # strikes that kill civilians are attacks from afar; walkouts are strikes
        ("Air strikes by Ostran jets killed 30 civilians near Tarvel last week.", "attack",
         "Air strikes"),
        ("Rail workers' strikes closed stations across Tarvel on Monday.", "strike", "strikes"),
        ("A car packed with explosives was rammed into the wall of the consulate.", "attack",
         "rammed"),
        ("Velmar succeeded in putting a satellite into orbit on Wednesday.", "launch", "putting"),
        ("It came weeks after the launching of a satellite by Ostra.", "launch", "launching"),
        ("The bridge was closed for several hours.", "other", "closed"),  # subject under "was"
        ("He passed out on the floor.", "other", "passed"),
    ],
)  # fmt: skip
def test_events_of_any_kind(nlp, text, kind, trigger):
    mention = only(nlp, text)
    assert (mention.kind, mention.trigger) == (kind, trigger)


@pytest.mark.parametrize(
    "text",
    [
        "The leaders did not meet in Rome.",  # said not to have happened
        "If the minister resigns, the party will split.",  # supposed
        "Attacks on civilians are a war crime.",  # in general
        "No formal announcement has been made.",
        "Shares fell 3 percent on Monday.",  # a market, no accident
        "She seized the opportunity.",
        "Players rarely quit on a coach.",  # as a rule, not once
        "Sign up for our newsletter.",  # the page speaking to its reader
        "The ministry dismissed the report as nothing concrete.",  # words, no dismissal
        "A spokesman warned of a media attack on the president.",  # words, no violence
    ],
)
def test_what_is_no_event(nlp, text):
    assert events(nlp, text) == []


def names_and_roles(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    names = {entity.key: entity.name for entity in doc_entities(doc)}
    (mention,) = [m for m in doc_events(doc) if m.kind != "other"]
    return [
        (names[key], role) for key, role in zip(mention.participants, mention.roles, strict=True)
    ]


def test_roles_come_from_the_parse(nlp):
    assert names_and_roles(nlp, "Foreign Minister Ana Moreau met Carlos Ruiz in Madrid.") == [
        ("Ana Moreau", "agent"), ("Carlos Ruiz", "counterpart"),
    ]  # fmt: skip
    assert names_and_roles(nlp, "The United States imposed sanctions on Iran.") == [
        ("Iran", "patient"), ("United States", "agent"),
    ]  # fmt: skip
    assert names_and_roles(nlp, "Police arrested Dana Whitfield on Friday.") == [
        ("Dana Whitfield", "patient")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The ministers of France and Spain, Ana Moreau and Carlos Ruiz, met in Vienna.",
        "Ministers Ana Moreau of France and Carlos Ruiz of Spain are due to meet in Vienna.",
        "The two leaders, Ana Moreau and Carlos Ruiz, met in Vienna on Tuesday.",
    ],
)
def test_people_named_inside_a_plural_subject_take_part(nlp, text):
    assert {name for name, _ in names_and_roles(nlp, text)} == {"Ana Moreau", "Carlos Ruiz"}


def test_someone_a_subject_is_only_related_to_takes_no_part(nlp):
    assert names_and_roles(nlp, "Relatives of Ana Moreau met in Vienna on Tuesday.") == []


def test_a_verb_that_carries_out_an_event_is_not_another(nlp):
    found = events(nlp, "Prosecutors launched an investigation into the company on Monday.")
    assert [m.kind for m in found] == ["investigation"]


def test_an_event_told_in_a_relative_clause_is_not_made_conditional(nlp):
    text = "Police are examining whether the driver, who was arrested, fell asleep."
    assert "arrest" in {m.kind for m in events(nlp, text)}


def test_whoever_speaks_of_an_event_takes_no_part_in_it(nlp):
    doc = nlp("Mayor Lena Ortiz said the tram derailed in Croydon, killing seven people.")
    (mention,) = doc_events(doc)
    assert mention.participants == () and mention.counts == (("killed", 7),)


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("The tram derailed, killing seven people and injuring 51 others.",
         (("injured", 51), ("killed", 7))),
        ("At least 12 people were killed and 3 injured in the crash.",
         (("injured", 3), ("killed", 12))),
        ("The blast left 59 dead.", (("killed", 59),)),
        ("The death toll rose to 27 on Monday.", (("killed", 27),)),
        ("More than 1,200 people were injured.", (("injured", 1200),)),
        ("In 2004, seven people died when a train hit a car.", (("killed", 7),)),
        ("In 2016 there were 5 rail accidents.", ()),
    ],
)  # fmt: skip
def test_casualties_are_counts(sentence, counts):
    assert casualties(sentence) == counts


def test_a_figure_goes_to_the_event_it_is_told_of(nlp):
    text = (
        "The Taliban said the attack was revenge for airstrikes near Kunduz last week in which "
        "more than 30 people were killed."
    )
    found = {m.trigger: m.counts for m in events(nlp, text)}
    assert found == {"attack": (), "airstrikes": (("killed", 30),)}


def test_prominence_is_the_headline_and_the_lead(nlp):
    doc = nlp("Officials spoke on Monday. A tram derailed. Later, police arrested the driver. "
              "Crews cleared the line. Trains ran again.")  # fmt: skip
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    found = with_prominence(doc_events(doc), "Driver arrested after tram crash", sentences)
    by_trigger = {m.trigger: m.prominence for m in found}
    assert by_trigger["derailed"] == 1.0  # the headline names a crash
    assert by_trigger["arrested"] == 1.0
    assert by_trigger["cleared"] == 0.4

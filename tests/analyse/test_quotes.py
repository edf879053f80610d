"""The quote component on sentences written for the tests (the real model: it needs a parse)."""

from __future__ import annotations

import pytest

from storyline.analyse.entities import doc_entities
from storyline.analyse.quotes import doc_quotes
from storyline.records import Quote


def quotes(nlp, text: str) -> list[Quote]:
    return doc_quotes(nlp(text))


def only(nlp, text: str) -> Quote:
    found = quotes(nlp, text)
    assert len(found) == 1, found
    return found[0]


def content(text: str, quote: Quote) -> str:
    return " … ".join(text[start:end] for start, end in quote.spans)


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        ("“We will rebuild the pier by spring,” Mayor Ana Ruiz said on Monday.", "said", "direct"),
        ("Ana Ruiz said: “We will rebuild the pier by spring.”", "said", "direct"),
        ("“We will rebuild the pier by spring,” said Ana Ruiz.", "said", "direct"),
        ("Ana Ruiz warned that the pier could collapse within a year.", "warned", "indirect"),
        ("Ana Ruiz urged residents to stay away from the old pier.", "urged", "indirect"),
        ("According to Ana Ruiz, the pier will be rebuilt by spring.", "According to", "indirect"),
        ("Ana Ruiz said the plan was “a disaster for the harbour”.", "said", "mixed"),
    ],
)
def test_speaker_cue_and_kind(nlp, text, cue, kind):
    quote = only(nlp, text)
    assert (quote.speaker_name, quote.cue, quote.kind) == ("Ana Ruiz", cue, kind)


def test_direct_quote_content_is_inside_the_marks(nlp):
    text = "“We will rebuild the pier by spring,” Ana Ruiz said."
    assert content(text, only(nlp, text)) == "We will rebuild the pier by spring"


def test_indirect_content_is_the_reported_clause(nlp):
    text = "Ana Ruiz said that the pier would be rebuilt by spring."
    assert content(text, only(nlp, text)) == "that the pier would be rebuilt by spring"


def test_quote_split_by_its_cue_has_two_fragments(nlp):
    text = "“The pier is old,” Ana Ruiz said, “and it must be rebuilt.”"
    quote = only(nlp, text)
    assert len(quote.spans) == 2 and quote.speaker_name == "Ana Ruiz"


def test_quote_over_two_paragraphs(nlp):
    text = (
        "Ana Ruiz said: “The pier has stood for a hundred years.\n\n"
        "“It will stand for a hundred more once we rebuild it.”"
    )
    quote = only(nlp, text)
    assert len(quote.spans) == 2
    assert "hundred more" in content(text, quote)


def test_paragraph_continuing_the_previous_speaker(nlp):
    text = (
        "“The pier is old,” Ana Ruiz said.\n\n"
        "“We have waited long enough for the money to repair it properly.”"
    )
    quote = only(nlp, text)
    assert quote.speaker_name == "Ana Ruiz" and len(quote.spans) == 2
    assert "waited long enough" in content(text, quote)


def test_pronoun_resolves_to_the_named_speaker(nlp):
    text = "Maria Lopez, the mayor, spoke on Monday.\n\n“The pier will be rebuilt soon,” she added."
    quote = only(nlp, text)
    assert (quote.speaker, quote.speaker_kind, quote.speaker_name) == (
        "she",
        "pronoun",
        "Maria Lopez",
    )


def test_pronoun_resolves_to_the_last_named_speaker(nlp):
    text = "“The pier is old,” Ana Ruiz said.\n\n“It will be rebuilt by spring,” she added."
    first, second = quotes(nlp, text)
    assert second.speaker_name == first.speaker_name == "Ana Ruiz"


def test_appositive_is_not_part_of_the_speaker(nlp):
    text = "Ana Ruiz, who has led the council since 2019, said the pier would be rebuilt."
    quote = only(nlp, text)
    assert quote.speaker == "Ana Ruiz"


def test_anonymous_source_is_kept_as_written(nlp):
    text = "“The money is there,” a senior council official said on condition of anonymity."
    quote = only(nlp, text)
    assert quote.speaker_kind == "nominal" and quote.speaker_name == "a senior council official"


def test_institutional_source(nlp):
    text = "The harbour authority confirmed that the pier would close on Friday."
    assert only(nlp, text).speaker == "The harbour authority"


def test_honorific_and_short_name_resolve_to_the_full_name(nlp):
    text = "Mayor Ana Ruiz visited the harbour on Monday.\n\n“We will rebuild it,” Ms Ruiz said."
    assert only(nlp, text).speaker_name == "Ana Ruiz"


def test_machine_translation_word_order(nlp):
    text = "Vice Mayor Lin Wei spoke in Taipei.\n\n“We are ready to talk,” Lin said Wei."
    assert only(nlp, text).speaker_name == "Lin Wei"


def test_verb_inside_a_quote_is_no_cue(nlp):
    text = "“He said he would come,” Ana Ruiz said."
    assert only(nlp, text).speaker_name == "Ana Ruiz"


@pytest.mark.parametrize(
    "text",
    [
        "The council said “yes and the vote then went on for many hours without end.",
        "““”” ” “ he said “",
        "Ana Ruiz said: “",
        "”The pier,” she said.”",
    ],
)
def test_unbalanced_marks_never_crash_or_swallow_the_text(nlp, text):
    for quote in quotes(nlp, text + "\n\nThe next paragraph is plain narration about the harbour."):
        assert "plain narration" not in content(text, quote) if quote.end <= len(text) else True
        assert quote.end <= len(text)


def test_narration_without_speech_has_no_quotes(nlp):
    assert quotes(nlp, "The pier was built in 1921 and repaired after the storm of 1987.") == []


def test_a_subject_inside_the_quote_is_not_the_speaker(nlp):
    text = (
        "“I will make you a promise: we will rebuild this pier,” harbour chief Ana Ruiz said "
        "on Monday."
    )
    assert only(nlp, text).speaker_name == "Ana Ruiz"


def test_inverted_cue_before_the_name(nlp):
    text = "Mayor Ana Ruiz spoke at the harbour.\n\nSaid Ruiz: “I don’t think the pier can wait.”"
    assert only(nlp, text).speaker_name == "Ana Ruiz"


def test_a_dateline_is_not_the_speaker(nlp):
    text = (
        "PORTLAND -- Mayor Ana Ruiz, opening the harbour museum on Saturday, said it would tell "
        "the story of the pier."
    )
    assert only(nlp, text).speaker_name == "Ana Ruiz"


def test_relative_pronoun_speaker_is_named_by_its_noun(nlp):
    text = "The plan was drawn up by an engineer who said the pier would last a century."
    quote = only(nlp, text)
    assert (quote.speaker, quote.speaker_name) == ("who", "an engineer")


def test_a_name_qualifying_the_speaker_is_not_the_speaker(nlp):
    text = (
        "Ana Ruiz is running for mayor.\n\n"
        "Ruiz campaign spokesman Ben Okafor said the pier would be rebuilt by spring."
    )
    assert only(nlp, text).speaker_name == "Ben Okafor"


def test_a_cue_inside_reported_speech_is_no_second_attribution(nlp):
    text = "Ana Ruiz said the museum would tell the story of the pier."
    assert only(nlp, text).cue == "said"


def test_a_day_after_an_inverted_cue_is_not_the_speaker(nlp):
    text = "“We cannot wait,” said Thursday the mayor of the harbour town."
    assert all(quote.speaker != "Thursday" for quote in quotes(nlp, text))


def test_a_participle_cue_takes_the_subject_of_the_clause_above(nlp):
    text = "Ana Ruiz appeared on the radio on Monday and began by saying the pier would close."
    assert only(nlp, text).speaker_name == "Ana Ruiz"


def test_a_participle_cue_after_a_cue_has_its_speaker(nlp):
    text = "“The pier is old,” Ana Ruiz said, going on to say that the council had waited too long."
    assert {quote.speaker_name for quote in quotes(nlp, text)} == {"Ana Ruiz"}


def test_a_quotation_after_the_cue_sentence_is_the_same_speakers(nlp):
    text = "“The pier is old,” Ana Ruiz said. “We have waited long enough to repair it.”"
    quote = only(nlp, text)
    assert quote.speaker_name == "Ana Ruiz" and len(quote.spans) == 2
    assert "waited long enough" in content(text, quote)


def test_an_infinitive_describing_a_noun_is_no_cue(nlp):
    from storyline.analyse.quotes import _infinitive_of_a_noun

    def say(text: str):
        return next(token for token in nlp(text) if token.lower_ == "say")

    assert _infinitive_of_a_noun(say("That's an incendiary thing to say at such a time."))
    assert not _infinitive_of_a_noun(say("Police say the attackers fled on foot."))
    assert not _infinitive_of_a_noun(say("She wanted to say that the plan had failed."))


def test_a_quote_over_paragraphs_in_straight_marks_amid_curly_ones(nlp):
    text = (
        'Ana Ruiz told the Herald: "The pier gave way at dawn.\n'
        '"Nobody was hurt, thank goodness."\n'
        "Later she added: “We will rebuild it by spring.”"
    )
    found = quotes(nlp, text)
    said = " ".join(content(text, q) for q in found if q.speaker_name == "Ana Ruiz")
    assert "The pier gave way at dawn" in said and "Nobody was hurt" in said


def test_a_short_quotation_after_its_cue_sentence_goes_on_the_quote(nlp):
    text = (
        '"They did not say Auckland. They said Oakland," Marco Bell told the Times. '
        '"They talk fast."'
    )
    found = quotes(nlp, text)
    assert len(found) == 1
    assert content(text, found[0]).endswith("They talk fast")
    assert "They did not say Auckland" in content(text, found[0])


def test_a_relative_is_a_speaker_of_their_own_tied_to_the_person(nlp):
    text = (
        "The gunman, Tom Reyes, was shot by police on Friday. "
        'His brother said: "I have much more anger than grief."'
    )
    quote = only(nlp, text)
    assert quote.speaker_kind == "nominal" and quote.speaker_name == "His brother"
    assert quote.speaker_entity is None and quote.speaker_related is not None


def test_a_spokesman_of_a_body_is_tied_to_the_body(nlp):
    doc = nlp("A Met spokesman said the road would stay closed overnight.")
    quote = doc_quotes(doc)[0]
    related = {e.key: e.name for e in doc_entities(doc)}
    assert quote.speaker_kind == "nominal"
    assert related[quote.speaker_related] == "Met"


def test_a_document_speaks_for_the_body_that_wrote_it(nlp):
    found = quotes(nlp, "A statement from the Health Ministry said the clinic would close.")
    assert found[0].speaker_name == "Health Ministry"
    found = quotes(nlp, "A brief statement said the talks were over.")
    assert found[0].speaker_kind == "document"


def test_a_thing_that_shows_words_is_no_speaker_of_its_own(nlp):
    found = quotes(nlp, "A clock above the stands said it was 2.15am.")
    assert [q.speaker_kind for q in found] == ["document"]
    found = quotes(nlp, "Officials said files indicated the owner “was Velmaran”.")
    assert "files" not in [q.speaker for q in found if q.speaker_kind != "document"]


def test_with_a_group_claiming_it_is_the_group_that_claims(nlp):
    text = (
        "The Ostra Grand Prix descended into farce when it was stopped following a crash for a "
        "second time with some drivers, including eventual winner Ana Ruiz, claiming "
        'conditions were "fine".'
    )
    assert only(nlp, text).speaker == "some drivers"
    text = "The party is filing a complaint with the oversight board, claiming that the aide lied."
    assert only(nlp, text).speaker == "The party"


def test_the_statement_speaks_for_whoever_issued_it_earlier(nlp):
    text = (
        "The flight turned back, Tarsian Air said in a statement.\n\n"
        '"The crew acted quickly," the statement said.\n\n'
        "The Velmar ministry released a report on Monday.\n\n"
        '"No one was hurt," the report read.\n\n'
        '"Ships may dock again," said a statement issued by the Ostra Port Authority.'
    )
    speakers = [q.speaker_name for q in quotes(nlp, text)]
    assert speakers == ["Tarsian Air", "Tarsian Air", "The Velmar ministry", "Ostra Port Authority"]


def test_it_for_a_body_named_just_before(nlp):
    text = "Harlow Dynamics cut 200 jobs on Monday. It said demand had fallen sharply."
    assert only(nlp, text).speaker_name == "Harlow Dynamics"


def test_a_title_of_a_place_before_the_name(nlp):
    text = 'Mayor of London Sadiq Khan said: "I am in contact with the emergency services."'
    assert only(nlp, text).speaker_name == "Sadiq Khan"


def test_the_one_prompted_to_say_is_the_speaker(nlp):
    text = "That prompted the ambassador to say the vote would be delayed."
    assert only(nlp, text).speaker == "the ambassador"


def test_interview_turns_are_attributed_by_their_labels(nlp):
    text = (
        "Anchor Lisa Wong interviewed Senator Mark Ruiz on Sunday.\n"
        "WONG: Will you run again next year?\n"
        "RUIZ: I have not decided, and I will tell voters first.\n"
        "Destination: Mars!"
    )
    found = {content(text, q): q.speaker_name for q in quotes(nlp, text)}
    assert found["Will you run again next year?"] == "Lisa Wong"
    assert found["I have not decided, and I will tell voters first"] == "Mark Ruiz"
    assert "Mars" not in " ".join(found)


def test_a_pronoun_skips_a_person_of_the_other_gender(nlp):
    text = (
        "Mr. Tom Hale chaired the meeting with Maria Lopez. Mr. Hale spoke first.\n\n"
        "Maria Lopez arrived late. She said the pier was safe.\n\n"
        "“The pier will be rebuilt soon,” he said."
    )
    last = quotes(nlp, text)[-1]
    assert (last.speaker, last.speaker_name) == ("he", "Tom Hale")


def test_a_run_of_quotes_keeps_its_speaker_past_a_name_inside_a_quotation(nlp):
    text = (
        "“The pier is old,” Ana Ruiz said.\n\n"
        "“Even Carla Diaz knows it,” she added.\n\n"
        "“It will be rebuilt by spring,” she said."
    )
    assert [q.speaker_name for q in quotes(nlp, text)] == ["Ana Ruiz"] * 3


def test_a_pronoun_with_no_agreeing_person_stays_unresolved(nlp):
    text = "Mrs. Ana Ruiz opened the pier on Monday.\n\n“It is a fine day,” he said."
    quote = only(nlp, text)
    assert (quote.speaker, quote.speaker_name) == ("he", None)


def test_a_description_with_a_name_beside_it_is_the_named_person(nlp):
    text = "The group's spokesman, Zabihullah Mujahid, said by telephone that fighters were sent."
    quote = only(nlp, text)
    assert (quote.speaker, quote.speaker_kind) == ("Zabihullah Mujahid", "name")


def test_a_pronoun_after_an_unnamed_source_is_that_source(nlp):
    text = (
        "Noor Mohammad Faiz, a doctor, said four bodies had been brought in.\n\n"
        "A foreign ministry spokesman in Berlin said the attack was over by Friday.\n\n"
        "“All our employees are safe,” he said."
    )
    last = quotes(nlp, text)[-1]
    assert last.speaker_name is not None and "spokesman" in last.speaker_name


def test_a_pronoun_in_a_clause_under_a_speaker_is_the_speaker(nlp):
    text = (
        "Martin Bamford, 30, from Croydon, who was among the injured, said he recalled it "
        "speeding up, adding: “Everyone just went flying.”"
    )
    assert {q.speaker_name for q in quotes(nlp, text)} == {"Martin Bamford"}


def test_it_is_the_body_named_since_the_last_quote(nlp):
    text = (
        "“The law is a sham,” Ana Ruiz says.\n\n"
        "Panama responded to the pressure. Last month it signed agreements with Japan, and "
        "says it will sign one with the OECD too."
    )
    last = quotes(nlp, text)[-1]
    assert last.speaker_name == "Panama"


def test_a_pronoun_follows_a_chain_of_the_same_pronoun_back_to_a_name(nlp):
    text = (
        "Maria Lopez says she has been on edge.\n\n"
        "The missiles flew over the town twice.\n\n"
        "Maria Lopez has since stocked up on food. Like many residents, she feels helpless.\n\n"
        "“There's nowhere to hide,” she said."
    )
    assert quotes(nlp, text)[-1].speaker_name == "Maria Lopez"


def test_a_verb_that_quotes_only_with_the_words_quoted(nlp):
    described = only(nlp, "Pat Rooke described the scene as “pandemonium” on Monday.")
    assert (described.kind, described.speaker) == ("direct", "Pat Rooke")
    dismissed = only(nlp, "Ana Ruiz dismissed the report as a work of fiction.")
    assert dismissed.speaker == "Ana Ruiz"
    assert quotes(nlp, "The minister rejected the offer from the union on Monday.") == []


def test_no_one_and_a_question_word_are_no_speakers(nlp):
    assert quotes(nlp, "Who says the pier is safe? Nobody said the pier would close.") == []


def test_a_participle_cue_inside_reported_words_is_the_reporters(nlp):
    text = (
        "Ana Ruiz said people were screaming and there was “blood everywhere”, describing the "
        "scene as “like something out of a film”."
    )
    assert {q.speaker for q in quotes(nlp, text)} == {"Ana Ruiz"}


def test_a_quotation_after_a_long_cue_sentence_goes_on_the_quote(nlp):
    text = (
        "“I look out at the ocean,” Ana Ruiz said from her cottage in the port, where she lays "
        "out strands of kelp on the stones to dry in the sun. “I feel anxious all the time.”"
    )
    quote = only(nlp, text)
    assert content(text, quote).endswith("I feel anxious all the time")


def test_a_clause_fronted_before_an_inverted_cue_is_what_was_said(nlp):
    text = (
        "“Nobody is better,” said Tom Hale, a fisherman.\n\n"
        "If anything, Japan has been too passive, said Ryosuke Kinoshita, who backs the party."
    )
    last = quotes(nlp, text)[-1]
    assert "too passive" in content(text, last) and last.speaker == "Ryosuke Kinoshita"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Ana Ruiz accused the council of hiding the report.", "the council of hiding the report"),
        ("Ana Ruiz warned against drawing hasty conclusions.", "drawing hasty conclusions"),
        ("Ana Ruiz pointed out that the pier has been shut for years.", "the pier has been shut"),
        ("Acme released a statement: “We regret the delay to the pier.”", "We regret the delay"),
    ],
)
def test_charges_warnings_points_and_statements_are_quotes(nlp, text, words):
    quote = only(nlp, text)
    assert words in content(text, quote)


def test_a_name_in_the_words_reported_breaks_no_run(nlp):
    text = (
        "Brian Kelly said that the Tom Hale mix-up was “not really that uncommon.” The airline "
        "apologised.\n\n"
        "“I'm sure they will be careful from now on,” he said."
    )
    assert [q.speaker_name for q in quotes(nlp, text)] == ["Brian Kelly", "Brian Kelly"]


def test_a_quotation_after_reported_speech_is_a_quote_of_its_own(nlp):
    text = (
        "Being too tough could be disastrous, said Mayor Ana Ruiz. “If they strike, the town is "
        "within range.”"
    )
    indirect, direct = quotes(nlp, text)
    assert (indirect.kind, direct.kind) == ("indirect", "direct")
    assert direct.speaker_name == indirect.speaker_name == "Ana Ruiz"
    assert content(text, direct) == "If they strike, the town is within range"


def test_a_quotation_after_a_sentence_about_a_person_is_theirs(nlp):
    text = (
        "Residents were divided on the policy.\n\n"
        "Yoshihiro Naito, 77, opposed the idea. “The promise not to wage war has kept Japan "
        "safe.” He plans to vote."
    )
    quote = only(nlp, text)
    assert (quote.kind, quote.speaker_name, quote.cue) == ("direct", "Yoshihiro Naito", None)


def test_a_first_person_cue_inside_an_answer_gives_way_to_the_answer(nlp):
    text = (
        "CNN spoke to Maria Lopez, the mayor of the town, on Monday. Maria Lopez has led it "
        "since 2010.\n\nQ: What happened at the pier?\n\n"
        "A: The pier collapsed in the storm and two boats sank.\n\n"
        "Q: Will it be rebuilt?\n\nA: We will rebuild it by spring, I promise."
    )
    answers = [q for q in quotes(nlp, text) if q.speaker == "A"]
    assert len(answers) == 2 and {q.speaker_name for q in answers} == {"Maria Lopez"}
    assert not any(q.speaker == "I" for q in quotes(nlp, text))

"""Rule data for attribution: verbs of saying, source words, titles. English only.

Kept apart from the code (as textacy keeps REPORTING_VERBS) so it can be read and extended.
"""

from __future__ import annotations

# Verbs of saying, by lemma. Inflections are generated (see ``inflections``); irregular ones are
# listed. Beliefs and findings ("thinks", "shows") are not here: they are not speech.
SPEECH_VERBS: tuple[str, ...] = (
    "say", "tell", "add", "note", "write", "tweet", "post", "ask", "explain", "claim", "argue",
    "insist", "warn", "announce", "declare", "reply", "respond", "state", "recall",
    "acknowledge", "admit", "deny", "testify", "remark", "comment", "complain", "contend",
    "predict", "promise", "vow", "urge", "confirm", "concede", "quip", "joke", "suggest",
    "allege", "assert", "mention", "reiterate", "stress", "emphasize", "emphasise", "echo",
    "report", "pledge", "threaten", "caution", "observe", "maintain", "counter", "retort",
    "reveal", "disclose", "exclaim", "boast", "lament", "plead", "proclaim", "protest",
    "recount", "reassure", "shout", "speculate", "swear", "underline", "underscore",
    "whisper", "conclude", "demand", "hint", "indicate", "inform", "muse",
    "opine", "acknowledge", "brief", "cite", "charge", "accuse", "question", "wonder",
    "elaborate", "clarify", "declare", "assure", "advise", "announce", "signal", "complain",
)  # fmt: skip

# Verbs that quote only with the words quoted or an "as" claim beside them: "described the
# scene as 'pandemonium'", "dismissed the report as fiction" (not "rejected the offer").
QUOTING_VERBS: tuple[str, ...] = (
    "describe", "denounce", "condemn", "dismiss", "reject", "label", "brand", "dub",
    "groan", "read",
)  # fmt: skip

IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    "read": ("reads", "reading"),
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "swear": ("swore", "sworn", "swears", "swearing"),
}

# "released a statement", "a statement issued by …": its words are whoever issued it's.
ISSUE_FORMS = frozenset({"issued", "issues", "released", "releases", "put"})

# "X told reporters": objects of the cue that are the audience, not the speaker.
AUDIENCE_WORDS = frozenset(
    "reporters journalists press media audience crowd supporters lawmakers senators "
    "viewers listeners readers congress parliament committee".split()
)

PERSONAL_PRONOUNS = frozenset("he she they i we you it".split())
# Nouns that make a nominal source anonymous or institutional ("a senior official").
SOURCE_NOUNS = frozenset(
    """official officials source sources spokesperson spokesman spokeswoman spokespeople
    representative representatives aide aides diplomat diplomats officer officers minister
    ministry ministries department agency embassy government administration statement
    readout report reports analyst analysts expert experts observer observers insider
    insiders person people member members adviser advisers advisor advisors executive
    executives lawyer lawyers attorney attorneys police military army office""".split()
)

# Words in front of a name that are a title, not part of it ("Mr Okafor", "President Ruiz").
HONORIFICS = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady madam rev rev. fr fr.
    sen sen. senator rep rep. gov gov. gen gen. col col. lt capt capt. sgt mx""".split()
)
# Words that make a role when they precede a name ("Foreign Minister Ana Ruiz").
ROLE_WORDS = frozenset(
    """president vice prime minister ministers secretary spokesman spokeswoman spokesperson
    ambassador chancellor premier king queen prince princess emperor governor mayor senator
    congressman congresswoman representative chairman chairwoman chair chief ceo cfo coo gm
    director general admiral commander colonel captain judge justice attorney envoy consul
    leader head founder president-elect deputy foreign defence defense finance treasury
    commerce trade interior state economy justice health education energy interior
    secretary-general commissioner officer official diplomat adviser advisor analyst
    economist professor dean chairperson executive manager editor reporter correspondent
    coach captain striker player""".split()
)


def inflections(lemma: str) -> tuple[str, ...]:
    """The forms of a regular English verb, plus any irregular ones listed."""
    if lemma in IRREGULAR_FORMS:
        return (lemma, *IRREGULAR_FORMS[lemma])
    if lemma.endswith("e"):
        forms = (lemma + "s", lemma + "d", lemma[:-1] + "ing")
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms = (lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    elif lemma.endswith(("s", "sh", "ch", "x", "o")):
        forms = (lemma + "es", lemma + "ed", lemma + "ing")
    elif _doubles_final_consonant(lemma):
        forms = (lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")
    else:
        forms = (lemma + "s", lemma + "ed", lemma + "ing")
    return (lemma, *forms)


def _doubles_final_consonant(lemma: str) -> bool:
    # quip -> quipped, admit -> admitted, but not 'state', 'post'
    return lemma in {"quip", "admit", "plan", "commit", "stop", "refer", "regret", "prefer"}


SPEECH_FORMS: dict[str, str] = {
    form: lemma for lemma in SPEECH_VERBS for form in inflections(lemma)
}
QUOTING_FORMS: dict[str, str] = {
    form: lemma for lemma in QUOTING_VERBS for form in inflections(lemma)
}

"""Rule data for events (English): which words name an event of which kind, and which words
around them say whether it happened, is planned, was confirmed or called off."""

from __future__ import annotations

from storyline.analyse.cues import inflections

# Words that name an event, by kind (lower case; verbs in all their forms).
EVENT_NOUNS: dict[str, str] = {
    "meeting": "meeting", "meetings": "meeting", "encounter": "meeting", "sit-down": "meeting",
    "summit": "summit", "summits": "summit",
    "talks": "talks", "negotiations": "talks",
    "call": "call", "phone call": "call", "videoconference": "call", "video call": "call",
    "video conference": "call",
    "visit": "visit", "visits": "visit", "trip": "visit", "tour": "visit", "state visit": "visit",
    "agreement": "agreement", "deal": "agreement", "pact": "agreement", "accord": "agreement",
    "treaty": "agreement", "memorandum": "agreement", "truce": "agreement",
    "ceasefire": "agreement",
    "statement": "statement", "announcement": "statement", "declaration": "statement",
    "press conference": "statement", "news conference": "statement", "readout": "statement",
    "communique": "statement",
    "sanctions": "sanction", "restrictions": "sanction", "export controls": "sanction",
    "tariffs": "sanction", "tariff": "sanction", "embargo": "sanction", "ban": "sanction",
    "election": "election", "elections": "election", "vote": "election", "referendum": "election",
    "primary": "election", "runoff": "election",
    "attack": "attack", "attacks": "attack", "bombing": "attack", "shooting": "attack",
    "explosion": "attack", "blast": "attack", "raid": "attack", "assault": "attack",
    "airstrike": "attack", "airstrikes": "attack", "invasion": "attack", "ambush": "attack",
    "earthquake": "disaster", "quake": "disaster", "flood": "disaster", "floods": "disaster",
    "flooding": "disaster", "hurricane": "disaster", "typhoon": "disaster", "cyclone": "disaster",
    "wildfire": "disaster", "wildfires": "disaster", "tsunami": "disaster", "landslide": "disaster",
    "storm": "disaster", "eruption": "disaster", "crash": "disaster", "derailment": "disaster",
    "launch": "launch", "test launch": "launch", "missile test": "launch", "liftoff": "launch",
    # more of the same kinds, as business and general news name them
    "conference": "meeting", "agreements": "agreement", "deals": "agreement",
    "merger": "agreement", "acquisition": "agreement", "takeover": "agreement",
    "buyout": "agreement", "statements": "statement", "announcements": "statement",
    "speech": "statement", "remarks": "statement", "briefing": "statement",
    "press release": "statement", "communiqué": "statement", "curbs": "sanction",
    "export ban": "sanction", "massacre": "attack", "stabbing": "attack", "bombings": "attack",
    "blaze": "disaster", "drought": "disaster", "avalanche": "disaster", "mudslide": "disaster",
    "tornado": "disaster", "heatwave": "disaster", "by-election": "election",
    "midterms": "election", "caucuses": "election", "rollout": "launch", "unveiling": "launch",
    "debut": "launch", "launches": "launch", "launching": "launch",
}  # fmt: skip

# More kinds, as news names them: freeing people, arrests, resignations, rulings, deaths …
EVENT_NOUNS.update({
    "release": "release", "releases": "release", "handover": "release",
    "arrest": "arrest", "arrests": "arrest", "detention": "arrest", "capture": "arrest",
    "seizure": "seizure", "seizures": "seizure", "confiscation": "seizure",
    "breach": "breach", "data breach": "breach", "hack": "breach", "cyberattack": "breach",
    "cyber attack": "breach", "leak": "breach",
    "resignation": "resignation", "retirement": "resignation",
    "firing": "dismissal", "dismissal": "dismissal", "ouster": "dismissal", "sacking": "dismissal",
    "nomination": "appointment", "hiring": "appointment",
    "ruling": "ruling", "verdict": "ruling", "judgment": "ruling", "judgement": "ruling",
    "conviction": "ruling", "acquittal": "ruling",
    "indictment": "charge", "indictments": "charge", "charges": "charge",
    "trial": "trial", "hearing": "trial", "retrial": "trial",
    "sentence": "sentence", "jail term": "sentence", "prison term": "sentence",
    "investigation": "investigation", "probe": "investigation", "inquiry": "investigation",
    "inquest": "investigation", "investigations": "investigation",
    "death": "death", "deaths": "death", "killing": "attack", "killings": "attack",
    "injury": "injury", "injuries": "injury",
    "protest": "protest", "protests": "protest", "demonstration": "protest",
    "demonstrations": "protest", "rally": "protest", "march": "protest", "hunger strike": "protest",
    "strike": "strike", "strikes": "strike", "walkout": "strike", "air strike": "attack",
    "missile strike": "attack", "drone strike": "attack", "air strikes": "attack",
    "missile strikes": "attack", "drone strikes": "attack",
    "rescue": "rescue", "evacuation": "rescue", "rescue operation": "rescue",
    "lawsuit": "lawsuit", "lawsuits": "lawsuit",
    "bid": "offer", "offer": "offer", "takeover bid": "offer", "proposal": "offer",
    "game": "match", "match": "match", "race": "match", "victory": "match", "win": "match",
    "defeat": "match", "final": "match",
    "collision": "disaster", "accident": "disaster", "derailment": "disaster", "fire": "disaster",
    "sinking": "disaster", "outage": "disaster", "plane crash": "disaster", "shipwreck": "disaster",
    "recall": "other", "shutdown": "other", "closure": "other", "apology": "statement",
    "gunfire": "attack", "gunfight": "attack", "shootout": "attack", "firefight": "attack",
    "damage": "other", "incident": "other", "tragedy": "other", "ordeal": "other",
    "search": "rescue",
    "search operation": "rescue", "manhunt": "arrest",
})  # fmt: skip

# Verbs that name an event, by lemma; their forms are matched too (see ``VERB_FORMS``).
EVENT_VERBS: dict[str, str] = {
    "meet": "meeting", "negotiate": "talks", "visit": "visit", "tour": "visit",
    "sign": "agreement", "merge": "agreement", "acquire": "agreement",
    "apologize": "statement", "apologise": "statement", "condemn": "statement",
    "denounce": "statement",
    "sanction": "sanction", "ban": "sanction",
    "elect": "election", "vote": "vote",
    "bomb": "attack", "attack": "attack", "shoot": "attack", "stab": "attack",
    "invade": "attack", "raid": "attack", "ambush": "attack",
    "explode": "disaster", "crash": "disaster", "derail": "disaster", "collide": "disaster",
    "capsize": "disaster", "erupt": "disaster", "sink": "disaster",
    "launch": "launch", "unveil": "launch", "test-fire": "launch",
    "free": "release", "release": "release",
    "arrest": "arrest", "detain": "arrest", "nab": "arrest", "apprehend": "arrest",
    "seize": "seizure", "confiscate": "seizure", "impound": "seizure",
    "hack": "breach", "breach": "breach",
    "resign": "resignation", "quit": "resignation", "retire": "resignation",
    "fire": "dismissal", "sack": "dismissal", "dismiss": "dismissal", "oust": "dismissal",
    "appoint": "appointment", "hire": "appointment", "nominate": "appointment",
    "convict": "ruling", "acquit": "ruling", "uphold": "ruling",
    "charge": "charge", "indict": "charge",
    "sentence": "sentence", "jail": "sentence", "imprison": "sentence",
    "investigate": "investigation", "probe": "investigation",
    "die": "death", "kill": "death",
    "injure": "injury", "wound": "injury",
    "protest": "protest", "rally": "protest",
    "rescue": "rescue", "evacuate": "rescue",
    "sue": "lawsuit",
    "bid": "offer",
    "win": "match", "beat": "match", "defeat": "match",
    "remove": "other", "recall": "other",
    "overturn": "disaster", "flip": "disaster", "plunge": "disaster", "plummet": "disaster",
    "fall": "disaster", "save": "rescue",
}  # fmt: skip
# Verbs with a particle, by the verb's form and the particle.
PHRASAL_VERBS: dict[tuple[str, str], str] = (
    {(form, "down"): "resignation" for form in ("step", "steps", "stepped", "stepping")}
    | {(form, "up"): "protest" for form in ("rise", "rises", "rose", "risen", "rising")}
    | {(form, "out"): "breach" for form in ("wipe", "wiped")}
    | {(form, "over"): "disaster" for form in ("tip", "tips", "tipped", "keel", "keeled")}
    | {(form, "off"): "launch" for form in ("blast", "blasts", "blasted", "lift", "lifted")}
    # What befell someone ("the driver blacked out", "she passed out"): a happening of no kind.
    | {(form, "out"): "other" for form in ("black", "blacked", "pass", "passed")}
)
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "meet": ("met",),
    "shoot": ("shot",),
    "sink": ("sank", "sunk"),
    "quit": ("quitting",),
    "win": ("won", "winning"),
    "beat": ("beaten", "beating"),
    "die": ("dying", "died", "dies"),
    "stab": ("stabbed", "stabbing"),
    "nab": ("nabbed", "nabbing"),
    "ban": ("banned", "banning"),
    "jail": ("jailed",),
    "bid": ("bidding",),
    "fall": ("fell", "fallen"),
    "flip": ("flipped", "flipping"),
    "test-fire": ("test-fired", "test-firing"),
}


def _forms(lemma: str) -> tuple[str, ...]:
    return (*inflections(lemma), *_IRREGULAR.get(lemma, ()))


VERB_FORMS: dict[str, str] = {
    form: lemma for lemma in EVENT_VERBS for form in _forms(lemma)
}  # fmt: skip
# Verbs that make an event of their object noun: "held talks", "carried out an attack".
LIGHT_VERBS = frozenset(
    "hold held holds holding have had has carry carried conduct conducted stage staged make "
    "made launch launched open opened begin began start started impose imposed announce "
    "announced file filed lodge lodged mount mounted complete completed".split()
)
# Nouns of people who are freed, arrested, fired: a released "product" is a launch instead.
PEOPLE_NOUNS = frozenset(
    """hostage hostages prisoner prisoners captive captives detainee detainees girl girls boy
    boys schoolgirl schoolgirls students student people man men woman women child children
    soldier soldiers worker workers journalist journalists activist activists suspect suspects
    coach manager driver pilot crew sailors fishermen victims survivors passengers""".split()
)
SPORT_WORDS = frozenset(
    "game match race season title cup championship series final bowl league grand prix".split()
)
ELECTION_WORDS = frozenset("election vote primary referendum seat seats majority".split())
ATTACK_WORDS = frozenset(
    "bomb bomber bombing suicide militant militants attacker attackers terror terrorist "
    "terrorists gunman gunmen insurgents taliban".split()
)

# Nouns that name whatever event the article is about: "the incident", "the tragedy".
ANAPHORIC = frozenset({"incident", "tragedy", "ordeal"})

# Kinds that are one family when deciding whether two mentions are the same event.
# Every other kind is a family of its own.
FAMILIES: dict[str, str] = {
    "meeting": "meeting", "summit": "meeting", "talks": "meeting", "call": "meeting",
}  # fmt: skip
KINDS = (
    "meeting", "summit", "talks", "call", "visit", "agreement", "statement", "sanction",
    "election", "vote", "attack", "disaster", "launch", "release", "arrest", "seizure", "breach",
    "resignation", "dismissal", "appointment", "ruling", "charge", "trial", "sentence",
    "investigation", "death", "injury", "protest", "strike", "rescue", "lawsuit", "offer",
    "match", "other",
)  # fmt: skip

# Status cues: words in the trigger's clause (lower case) and the status they signal.
CANCELLED = frozenset(
    "cancel cancels cancelled canceled cancelling canceling cancellation scrap scrapped scraps "
    "abandon abandoned suspended suspend halted".split()  # "called off": see the component
)
POSTPONED = frozenset(
    "postpone postponed postpones postponing delay delayed delays pushed rescheduled".split()
)
DENIED = frozenset("deny denied denies denying dismissed rejected".split())
CONFIRMED = frozenset(
    "confirm confirmed confirms confirming officially formally announced announces announce".split()
)
AGREED = frozenset("agree agreed agrees agreeing agreement".split())
PLANNED = frozenset(
    "expected expect expects scheduled schedule planned plan plans planning set due upcoming "
    "preparing preparations prepare toward towards forthcoming intends intend aims aim hopes "
    "will shall would 'll ahead next coming slated poised".split()
)
RUMOURED = frozenset(
    "may might could reportedly rumoured rumored rumour rumor rumours rumors speculation "
    "speculated".split()
)
# Phrases anywhere in the sentence that make what it reports hearsay.
HEARSAY = (
    "according to a report", "according to reports", "according to the report",
    "according to media", "according to news", "sources said", "sources say", "source said",
    "people familiar", "person familiar", "officials familiar", "it is understood", "is said to",
    "are said to", "reports say", "reports said", "media reported", "newspaper reported",
)  # fmt: skip
UNCERTAIN = frozenset(
    "unclear whether uncertain possible possibly potential perhaps doubt doubts maybe".split()
)
ONGOING = frozenset("continue continues continuing underway ongoing resumed resume".split())
NEGATIONS = frozenset("not n't no never nothing neither nor without".split())
HAPPENED_VERBS = frozenset(
    "held hold took take place occurred occur happened ended concluded wrapped finished met "
    "signed visited struck hit killed began started".split()
)

# An event held over a line or a screen has no place: it is "online", which no city matches.
ONLINE = "online"
REMOTE_WORDS = frozenset(
    "virtual virtually online remote remotely videoconference video-conference video "
    "teleconference phone telephone videolink zoom".split()
)


# Verbs that name no happening of their own: being, having, saying, thinking, seeming, and
# the light and aspectual verbs whose object or complement is the event ("began an
# investigation", "took part"). Any other verb in the past tense with a subject is an event of
# kind "other" ("the bridge was closed", "a ship took the passengers to Duisburg").
NOT_HAPPENINGS = frozenset(
    """be is are was were been being am have has had having do does did done say said says
    tell told add added note noted think thought believe believed know knew known seem seemed
    appear appeared become became remain remained include included show showed shown see saw
    seen want wanted need needed try tried begin began begun start started continue continued
    keep kept make made get got go went gone come came use used expect expected plan planned
    hope hoped like liked feel felt look looked give gave given mean meant allow allowed
    help helped let ask asked report reported confirm confirmed announce announced deny
    denied describe described consider considered suggest suggested understand understood
    learn learned learnt hear heard watch watched live lived work worked follow followed
    happen happened occur occurred involve involved face faced receive received tweet tweeted
    post posted write wrote written speak spoke spoken talk talked stay stayed hold held take
    took taken put set lead led leave left call called seek sought claim claimed warn warned
    urge urged insist insisted explain explained agree agreed refuse refused fail failed
    decline declined manage managed attempt attempted prove proved proven turn turned end ended
    change changed remember remembered recall recalled estimate estimated cite cited quote
    quoted identify identified name named mark marked represent represented own owned cost
    contain contained lack lacked exist existed belong belonged depend depended suppose
    supposed wonder wondered love loved hate hated wish wished tend tended regard regarded
    deem deemed reach reached mention mentioned express expressed voice voiced attach attached
    succeed succeeded trap trapped rise rose risen encourage encouraged stand stood sit sat
    lie lay wait waited spend spent hope""".split()
)

# An accident told with its verb is named by the verb's noun: "the tram derailed" is a
# "tram derailment".
VERB_NOUNS = {
    "derailed": "derailment", "derails": "derailment", "derail": "derailment",
    "crashed": "crash", "crashes": "crash", "collided": "collision", "collide": "collision",
    "sank": "sinking", "capsized": "capsizing", "erupted": "eruption", "exploded": "explosion",
    "explodes": "explosion", "overturned": "accident", "flipped": "accident",
    "struck": "collision", "hit": "collision",
}  # fmt: skip

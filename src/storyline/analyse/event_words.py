"""Rule data for events (English): which words name an event of which kind, and which words
around them say whether it happened, is planned, was confirmed or called off."""

from __future__ import annotations

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
    "debut": "launch", "launches": "launch",
}  # fmt: skip

# Verbs that name an event, by lemma; their forms are matched too.
EVENT_VERBS: dict[str, str] = {
    "meet": "meeting",
    "visit": "visit",
    "sign": "agreement",
    "sanction": "sanction",
    "bomb": "attack",
    "attack": "attack",
    "shoot": "attack",
    "invade": "attack",
    "raid": "attack",
    "explode": "attack",
    "launch": "launch",
    "unveil": "launch",
    "elect": "election",
}
VERB_FORMS: dict[str, str] = {
    "meet": "meet", "meets": "meet", "met": "meet", "meeting": "meet",
    "visit": "visit", "visits": "visit", "visited": "visit", "visiting": "visit",
    "sign": "sign", "signs": "sign", "signed": "sign", "signing": "sign",
    "sanction": "sanction", "sanctioned": "sanction", "sanctions": "sanction",
    "bomb": "bomb", "bombed": "bomb", "attack": "attack", "attacked": "attack", "attacks": "attack",
    "shoot": "shoot", "shot": "shoot", "invade": "invade", "invaded": "invade", "raid": "raid",
    "raided": "raid", "explode": "explode", "exploded": "explode", "launch": "launch",
    "launched": "launch", "launches": "launch", "elect": "elect", "elected": "elect",
    "unveil": "unveil", "unveils": "unveil", "unveiled": "unveil", "unveiling": "unveil",
}  # fmt: skip

# Kinds that are one family when deciding whether two mentions are the same event.
FAMILIES: dict[str, str] = {
    "meeting": "meeting", "summit": "meeting", "talks": "meeting", "call": "meeting",
    "visit": "visit", "agreement": "agreement", "statement": "statement", "sanction": "sanction",
    "election": "election", "attack": "attack", "disaster": "disaster", "launch": "launch",
}  # fmt: skip

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

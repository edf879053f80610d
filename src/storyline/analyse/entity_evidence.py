"""What a mention is, from evidence beyond the statistical NER's guess.

Pure functions over one document's spans, used by :mod:`storyline.analyse.entities`:

* junk: page furniture ("Invalid email address"), e-mail addresses and handles, time zones,
  all-lowercase words, and the piece of a job title NER takes for an organisation ("Commerce" of
  "Commerce Secretary", "State" of "Secretary of State");
* known names (:mod:`storyline.analyse.known_names`): a country is a place, "DPRK" is North
  Korea, and the ones NER missed are found;
* the words of a name: "… Airport", "… Road", "Lake …" are places; "… Airlines", "… Council",
  "… University" organisations;
* an appositive: "Boko Haram, a militant group," is an organisation; "Ruiz, a city" a place;
* one name, one thing: every other occurrence of a name the document has is that name too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from storyline.analyse.cues import HONORIFICS, ISSUE_FORMS, ROLE_WORDS, SPEECH_FORMS
from storyline.analyse.doc_component import doc_text
from storyline.analyse.known_names import is_known_firm, is_media, known, spellings_pattern

PLACE_LABELS = ("GPE", "LOC", "FAC")
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW")
RETYPED_LABELS = (*NAME_LABELS, "WORK_OF_ART")  # NER's "works" are often firms and groups
# Words of web pages' furniture: a mention made only of them is no entity.
FURNITURE_WORDS = frozenset(
    """invalid email e-mail address password subscribe subscribed subscription newsletter
    sign login log share click follow comment comments print advertisement cookie cookies
    privacy terms menu search close skip embed view photos photo caption captions gallery
    video videos hide add weather watch read more related loading ad ads""".split()
)
# The end of a photo credit run into a caption: "Barcroft Media Vladimir Putin has ordered …".
CREDIT_WORDS = frozenset("media images photos pictures photography press".split())
# What follows a platform's name used for someone's account there: "the United Twitter account".
ACCOUNT_WORDS = frozenset("account accounts page feed handle channel profile post posts".split())
STOCK_EXCHANGES = frozenset(
    "NYSE NASDAQ Nasdaq AMEX LSE TSX ASX HKEX SGX NSE BSE TSE OTC Euronext NYSEArca".split()
)
# A plural last word that still names a place, not a team: "Rocky Mountains", "Kew Gardens".
PLURAL_PLACE_WORDS = frozenset(
    """mountains islands isles hills lakes falls springs heights highlands lowlands gardens
    plains keys woods fields flats downs narrows rapids cliffs dunes caves glades estates
    territories states emirates provinces""".split()
)
# Country-name endings a demonym replaces: (demonym ending, country ending).
DEMONYM_STEMS = (
    ("nian", ""), ("vian", ""), ("ian", ""), ("ian", "a"), ("ian", "y"), ("ian", "ia"),
    ("ans", ""), ("ans", "a"), ("an", ""), ("an", "a"), ("an", "o"), ("ese", ""), ("ese", "a"),
    ("is", ""), ("i", ""), ("ish", "")
)  # fmt: skip
OCCUPATIONS = frozenset(
    """singer model actress actor rapper star editor writer author director producer comedian
    host anchor presenter reporter photographer musician drummer guitarist chef designer
    dancer artist poet""".split()
)
LOWERCASE_MODIFIER_TAGS = frozenset({"DT", "PDT", "JJ", "JJR", "JJS", "PRP$", "RB", "CD"})
OPENING_TAGS = frozenset({"VBG", "JJ", "JJR", "JJS", "RB", "UH", "DT", "IN", "CC"})
DEMONYM_ENDINGS = re.compile(r"(an|ans|ese|ish|i|is|ic|ics|ch|sh|ite|ites|ist|ists|ern|er|ers)$")
GROUP_WORDS = frozenset(
    """greek greeks swiss jew jews sikh sikhs kurd kurds basque basques inuit shia protestant
    protestants democrat democrats tory tories maori hindu hindus muslim muslims uighur uighurs
    uyghur uyghurs turk turks scot scots brit brits pole poles serb serbs croat croats czechs
    slovak slovaks finn finns dane danes swede swedes arab arabs thais lao filipino filipinos
    latino latinos latina latinas kiwi kiwis""".split()
)
HOLIDAYS = frozenset(
    """black friday|cyber monday|labor day|labour day|memorial day|independence day|mother 's
    day|father 's day|good friday|st patrick 's day|martin luther king day|veterans day|
    remembrance day|bastille day|lunar new year|chinese new year""".replace("\n", " ").split("|")
)
# Terms news capitalises that name no one thing: technologies and measures, not entities.
GENERIC_TERMS = frozenset(
    """AI EV EVs GDP CEO CFO COO IPO VR AR 5G 4G LTE USB DNA RNA PCR TV PC GPS API SUV SUVs
    LED LCD OLED WiFi Wi-Fi NFT NFTs ETF ETFs IoT ML MVP RBI ERA GMO GMOs""".split()
)
HOLIDAY_WORDS = frozenset(
    """new year year's years eve day christmas xmas thanksgiving easter halloween hanukkah
    ramadan eid boxing valentine's valentines 's diwali passover kwanzaa holi carnival lent
    lenten""".split()
)
_SCORE = re.compile(r"\d+-\d+")  # "Nicolas Jarry 6-4": a match's score
_TRAILING_SCORE = re.compile(r"\s+\d+\s?-\s?\d+$")
_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s?(am|pm)\b|\b\d+ of \d+\b", re.IGNORECASE)
TIME_ZONES = frozenset(
    "UTC GMT BST CET CEST EET EEST WET EST EDT CST CDT MST MDT PST PDT AKST HST IST JST KST "
    "AEST AEDT ACST AWST NZST NZDT ET PT MT CT".split()
)
LOCATIVE_WORDS = frozenset("in at near outside inside across throughout via around".split())
COMPASS_WORDS = frozenset("north south east west northern southern eastern western central".split())
DATELINE_DASHES = frozenset({"–", "—", "-", "--"})
PLACE_ONLY_PREPOSITIONS = frozenset("off near outside throughout".split())  # "off Ulsan"
# "the coast of X", "residents of X", "east of X": X is a place.
PLACE_OF_WORDS = frozenset(
    "coast outskirts suburbs residents inhabitants city town province capital mayor governor "
    "northeast northwest southeast southwest".split()
)
TRAVEL_VERBS = frozenset(  # "travel to X" (no lemmas here: the lemmatizer is not run)
    "travel travels travelled traveled travelling traveling fly flies flew flown sail sailed "
    "return returns returned returning relocate relocated relocating".split()
)
TITLE_HEADS = frozenset({"secretary", "minister", "secretaries", "ministers"})
FIRM_NOUNS = frozenset(  # "Acme shares": nouns only a firm has, written after its name
    "ceo cfo coo cto chairman chairwoman chairperson founder co-founder cofounder shareholders "
    "shares stock subsidiary subsidiaries".split()
)
FIRM_CHIEFS = frozenset("executive financial operating technology".split())  # "chief executive"
BODY_HEADS = frozenset(  # "Ministry of …", "Department of …": a body named by its remit
    "ministry department bureau office agency commission council committee institute "
    "academy federation association union board authority".split()
)
# A firm's legal form, which one article writes and the next leaves out ("Nordhav Energi ASA").
LEGAL_FORMS = frozenset(
    "inc incorporated corp corporation co ltd limited llc plc ag gmbh sa asa nv bv ab oyj spa "
    "se group holdings".split()
)
ORG_WORDS = LEGAL_FORMS | frozenset(
    """inc. corp. co. ltd. company
    companies bank university college council ministry agency association party airlines
    airways television tv radio broadcasting racing zoo police service authority commission
    committee foundation institute fund
    federation league club court department bureau office board times news post press herald
    journal tribune gazette magazine network media studios records entertainment zeitung
    chronicle telegraph observer courier express mirror
    technologies technology systems motors pharmaceuticals labs laboratories capital partners
    holdings brands society organization organisation army navy brigade forces school
    academy hospital church union fc""".split()
)  # fmt: skip
NATURAL_PLACE_WORDS = frozenset(
    """river lake mountain mountains mount mt island islands beach bay coast valley canyon
    desert ocean sea gulf strait peninsula falls harbor harbour hills springs cape forest""".split()
)
BUILT_PLACE_WORDS = frozenset(
    """road rd street st avenue ave boulevard lane square airport station stop bridge park
    junction terminal tower stadium arena palace plaza highway motorway corner mosque
    cathedral temple shrine synagogue basilica""".split()
)
# Place words no one has for a surname: only these make a "person" a place.
SURE_PLACE_WORDS = frozenset(
    """river mountains island islands beach valley canyon desert ocean sea gulf strait peninsula
    falls springs airport station road rd street st avenue ave boulevard square bridge junction
    terminal stadium arena plaza highway motorway county province district prefecture
    borough""".split()
)
ADMIN_PLACE_WORDS = frozenset("county province district village prefecture region borough".split())
PLACE_FIRST_WORDS = frozenset("mount mt lake cape fort port isle gulf bay".split())
PLACE_AFTER_WORDS = ADMIN_PLACE_WORDS | {"city", "state", "town"}  # "Balkh province"
SURE_PLACE_FIRST_WORDS = frozenset("mount mt cape isle gulf".split())  # no one's first name
ORG_NOUNS = frozenset(
    """group company firm organisation organization agency party militia network bank
    newspaper broadcaster channel team club band charity union council ministry department
    university school institute startup maker manufacturer carrier airline retailer giant
    operator regulator watchdog outlet publication magazine website insurer developer
    lender conglomerate movement faction coalition alliance consortium paper""".split()
)
# Nouns ending like "farmer" or "activist" that name no person: "the corner Starbucks".
NOT_AGENT_NOUNS = frozenset(
    """corner center centre water border quarter chamber paper number sector motor computer
    order river tower theater theatre cluster poster folder container trailer charter monitor
    reactor corridor harbor mirror weather winter summer october november december
    september power super""".split()
)
LEAK_WORDS = frozenset("leaks papers files cables".split())
ROMAN_NUMERALS = frozenset("II III IV V VI VII VIII IX X XI XII".split())
# First words of names that carry a number and are no product: "Channel 4", "Terminal 5".
NUMBERED_NAME_WORDS = frozenset(
    """channel radio bbc g group section flight terminal interstate route highway pier gate
    platform district ward precinct station stage phase article chapter level world resolution
    proposition title amendment bill act law rule order""".split()
)
_YEAR = re.compile(r"(19|20)\d\d")
_AGE = re.compile(r"\d+-year-old")
PLACE_NOUNS = frozenset(
    """city town village country nation province state region district island county capital
    suburb neighbourhood neighborhood port area municipality territory""".split()
)

# A common noun alone, capitalised, names nothing: "Governor", "Avenue", "Council", "Palace".
GENERIC_NOUNS = (
    ROLE_WORDS
    | PLACE_NOUNS
    | BUILT_PLACE_WORDS
    | NATURAL_PLACE_WORDS
    | ADMIN_PLACE_WORDS
    | frozenset(
        """council ministry department agency committee commission board office bureau company
        group party university college school hospital bank palace government authority
        administration foundation institute association standards""".split()
    )
)


def without_junk(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans, trimmed of words that are no part of a name, less those that are no entity
    at all."""
    trimmed = [trim(span) if span.label_ in NAME_LABELS else span for span in spans]
    written = Counter(token.text for token in doc)
    return [
        span
        for span in trimmed
        if span is not None and (span.label_ not in NAME_LABELS or not is_junk(doc, span, written))
    ]


def trim(span: Span) -> Span | None:
    """A mention without what NER let into it: a capitalised word opening its sentence that
    is no name ("Jubilant Chicago Cubs", "Tranquilizing Harambe", "Singer Rihanna"), trailing
    lowercase words and punctuation ("… Hustle - boarded"), and for a person what follows "of"
    ("Ana Ruiz of Acme")."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and (
        _opening_word(doc[start])
        or (span.label_ == "PERSON" and doc[start].lower_ in CREDIT_WORDS)
        or _common_opening(doc[start])
        or _lowercase_modifier(doc[start])
        or verb_opening(doc[start], doc[start + 1 : end])
    ):
        start += 1
    while end - start > 1 and (
        doc[end - 1].is_punct
        or doc[end - 1].is_lower
        or doc[end - 1].lower_ in FURNITURE_WORDS
        or _SCORE.fullmatch(doc[end - 1].text)
    ):
        end -= 1
    if span.label_ == "PERSON":
        cut = next((t.i for t in doc[start:end] if t.lower_ in ("of", "from", "at")), None)
        if cut is not None and cut - start >= 2:
            end = cut
    score = _TRAILING_SCORE.search(doc[start:end].text)
    if score and end - start > 3:
        kept = doc.char_span(doc[start].idx, doc[start].idx + score.start(), "contract")
        if kept is not None and len(kept):
            end = kept.end
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_) if end > start else None


def _opening_word(token: Token) -> bool:
    """ "Jubilant" of "Jubilant Chicago Cubs fans": a word opening the sentence, capitalised
    only for that, that the tagger does not take for a name ("North" of "North Korean" is one)."""
    return (
        bool(token.is_sent_start)
        and token.tag_ in OPENING_TAGS
        and token.lower_ not in COMPASS_WORDS
        and known(token.text) is None
    )


def verb_opening(token: Token, rest: Span) -> bool:
    """ "Tranquilizing" of "Tranquilizing Harambe wouldn't have …", "From" of "From Washington":
    a preposition, or a sentence's opening -ing word before a name the text also uses alone."""
    if token.tag_ == "IN" and token.is_title:
        return True
    if not (token.is_sent_start and token.lower_.endswith("ing") and len(token) >= 6):
        return False
    name, text = rest.text, doc_text(rest.doc)
    return text.count(name) > text.count(f"{token.text} {name}")


def _lowercase_modifier(token: Token) -> bool:
    """ "a", "this", "another", "first" of "another World Series": a lowercase determiner or
    adjective is no part of a name ("the" stays; names keep it)."""
    return token.is_lower and token.tag_ in LOWERCASE_MODIFIER_TAGS and token.lower_ != "the"


def _common_opening(token: Token) -> bool:
    """ "Singer" of "Singer Rihanna", "Model" of "Model Ana Ruiz" (not of "Model 3"): an
    occupation opening a person's mention."""
    if token.i + 1 >= len(token.doc):
        return False
    if token.lower_ in OCCUPATIONS and token.nbor().is_title and token.nbor().is_alpha:
        return True
    return token.ent_type_ == "PERSON" and token.tag_ in ("NN", "NNS")


def is_junk(doc: Doc, span: Span, written: Counter[str]) -> bool:
    """Whether a mention is no entity at all; ``written`` counts the document's words as
    written."""
    text = span.text.strip()
    words = [t.lower_ for t in span if not t.is_punct and not t.is_space]
    if not words or not any(ch.isupper() or ch.isdigit() for ch in text):
        return True
    if "@" in text or "://" in text or "www." in text:
        return True
    if text in TIME_ZONES or all(w in FURNITURE_WORDS or w.isdigit() for w in words):
        return True  # "Add Weather", "Caption 1"
    if sum(word in FURNITURE_WORDS for word in words) >= 2 or _CLOCK_TIME.search(text):
        return True  # "… 1 of 41 Skip in Skip x Embed x Share CLOSE", "11:30pm"
    if all(word in HOLIDAY_WORDS for word in words) or " ".join(words) in HOLIDAYS:
        return True  # "New Year's Eve", "Black Friday": a date, not a name
    if words[0] == "flight" and span[-1].text.isdigit():
        return True  # "Flight 175": a number, not a name
    if len(span) > 1 and text.isupper() and _heading_words(span, written):
        return True  # "FIRE ONE BACK": a heading's words, each written in lowercase elsewhere
    named = [word for word in words if word != "the"]
    if text in GENERIC_TERMS or (len(named) == 1 and named[0] in GENERIC_NOUNS):
        return True  # "AI", "EV"; "Governor", "Avenue" alone
    if len(span) == 1 and not span[0].is_upper and _written_lowercase(span[0], written):
        return True  # "Payload:" of a fact box, where the text also says "payload"
    if span.label_ == "NORP" and not _group_word(words[-1]):
        return True  # "Humvee", "IRBM": NER's nationalities that name no people
    return span.label_ != "PERSON" and _title_piece(doc, span)


def _written_lowercase(token: Token, written: Counter[str]) -> bool:
    """Whether a word opening its sentence is one the document also writes in lowercase, as a
    common noun: a heading's "Destination" or "Payload", not a name (known names and people's
    names aside)."""
    if known(token.text) is not None or token.ent_type_ == "PERSON" or not token.is_sent_start:
        return False
    return _lowercase_elsewhere(token, written)


def _heading_words(span: Span, written: Counter[str]) -> bool:
    return all(not t.is_alpha or _lowercase_elsewhere(t, written) for t in span)


def _lowercase_elsewhere(token: Token, written: Counter[str]) -> bool:
    """Whether the document also writes this word in lowercase, somewhere else."""
    word = token.lower_
    return written[word] > (1 if token.text == word else 0)


def _group_word(word: str) -> bool:
    """A word that names a nationality, faith or party: "Brazilian", "Japanese", "Muslims"."""
    return word in GROUP_WORDS or bool(DEMONYM_ENDINGS.search(word))


def _title_piece(doc: Doc, span: Span) -> bool:
    """ "Commerce" of "Commerce Secretary", "State" of "Secretary of State", "Oceans" and
    "Fisheries" of "minister of Oceans and Fisheries"."""
    if span.label_ not in ("ORG", "GPE", "NORP") or len(span) > 3 or span[0].is_upper:
        return False
    if known(span.text) is not None or not all(t.is_title for t in span):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    if len(span) == 1 and after is not None and after.lower_ in TITLE_HEADS:
        return True
    index = span.start - 1
    while index >= 1 and doc[index].lower_ in ("and", "&") and doc[index - 1].is_title:
        index -= 2  # "… of Oceans and [Fisheries]"
    return index >= 1 and doc[index].lower_ == "of" and doc[index - 1].lower_ in TITLE_HEADS


# --- names glued together, and names defined in brackets ----------------------------------------


def joined_bodies(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the Ministry of Oceans" + "and" + "Fisheries": NER cut a body's name at its "and";
    a name of the form "<body> of X" and the capitalised name right after its "and" are
    one organisation."""
    result: list[Span] = []
    for span in spans:
        last = result[-1] if result else None
        if (
            last is not None
            and last.label_ == "ORG"
            and span.start == last.end + 1
            and doc[last.end].lower_ in ("and", "&")
            and all(t.is_title for t in span)
            and _body_of(last)
        ):
            result[-1] = Span(doc, last.start, span.end, label="ORG")
        else:
            result.append(span)
    return result


def _body_of(span: Span) -> bool:
    words = [t.lower_ for t in span]
    return "of" in words and any(w in BODY_HEADS for w in words[: words.index("of")])


def unglued(doc: Doc, spans: list[Span]) -> list[Span]:
    """Two names NER took for one: a name and its acronym in brackets ("the World Health
    Organization (WHO"), an account's owner and its platform ("the United Twitter account"), a
    photo credit and the caption's first name ("Getty Images Red Bull")."""
    result = []
    for span in spans:
        result.extend(_at_bracket(span) or _at_platform(span) or _after_credit(span) or [span])
    return result


def _after_credit(span: Span) -> list[Span] | None:
    """ "Getty Images Red Bull's driver": a photo credit run into the caption's first name."""
    for cut in range(min(3, len(span) - 1), 0, -1):
        credit = span[:cut]
        if is_media(credit.text) and span[cut].is_title:
            doc = span.doc
            return [
                Span(doc, span.start, span.start + cut, label="ORG"),
                Span(doc, span.start + cut, span.end, label=span.label_),
            ]
    return None


def whole_place_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Mazar-i-Sharif", "Stratford-upon-Avon", "Dar-es-Salaam": a place name whose parts
    are glued by hyphens and a short lowercase word, which NER cuts to its first or last part
    ("Mazar"), is the whole name; one NER missed or took for something else is a place where
    a place stands ("in Aix-en-Provence")."""
    by_token = {i: span for span in spans for i in range(span.start, span.end)}
    found = []
    for start, end in _hyphenated_names(doc):
        inside = {by_token[i] for i in range(start, end) if i in by_token}
        if any(s.start < start or s.end > end for s in inside):
            continue  # part of a longer name
        label = next((s.label_ for s in inside if s.label_ in PLACE_LABELS), None)
        if label is None and _place_position(doc, start):
            label = "GPE"
        if label is not None:
            found.append(Span(doc, start, end, label=label))
    if not found:
        return spans
    taken = {i for span in found for i in range(span.start, span.end)}
    kept = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
    return sorted([*kept, *found], key=lambda span: span.start)


def _hyphenated_names(doc: Doc) -> Iterable[tuple[int, int]]:
    """Runs "Title-lower-Title" (more lowercase links allowed) glued with no spaces."""
    i = 0
    while i < len(doc) - 4:
        end = i + 1
        while (
            end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2
        words = [doc[j] for j in range(i, end, 2)]
        if len(words) >= 3 and _hyphenated_place(words):
            yield i, end
            i = end
        else:
            i += 1


def _hyphenated_place(words: list[Token]) -> bool:
    first, links, last = words[0], words[1:-1], words[-1]
    return (
        first.is_alpha
        and first.is_title
        and last.is_title
        and all(w.is_lower and len(w) <= 5 for w in links)
    )


def _place_position(doc: Doc, start: int) -> bool:
    before = doc[start - 1] if start > 0 else None
    if before is None:
        return False
    if before.lower_ in LOCATIVE_WORDS or before.lower_ == "from":
        return True
    ahead = doc[start - 2].lower_ if start >= 2 else ""
    return before.lower_ == "of" and ahead in PLACE_OF_WORDS


def _at_bracket(span: Span) -> list[Span] | None:
    opening = next((t.i for t in span if t.text == "(" and t.i > span.start), None)
    if opening is None:
        return None
    doc, label = span.doc, span.label_
    inner_end = next((t.i for t in doc[opening : span.end] if t.text == ")"), span.end)
    parts = [(span.start, opening), (opening + 1, inner_end)]
    return [Span(doc, start, end, label=label) for start, end in parts if end > start]


def _at_platform(span: Span) -> list[Span] | None:
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    platform = known(span[-1].text) if len(span) >= 2 else None
    if after is None or after.lower_ not in ACCOUNT_WORDS:
        return None
    if platform is None or platform.label != "ORG":
        return None
    label = "ORG" if span.label_ == "PERSON" else span.label_
    return [
        Span(doc, span.start, span.end - 1, label=label),
        Span(doc, span.end - 1, span.end, label="ORG"),
    ]


def with_tickers(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Lockheed Martin (NYSE:LMT)": a name with its stock ticker is a company; the exchange and
    the ticker are names too (the ticker is the company's, see :func:`defined_in_brackets`)."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    result = []
    for span in spans:
        ticker = _ticker_after(doc, span.end)
        if ticker is None:
            result.append(span)
            continue
        result.append(Span(doc, span.start, span.end, label="ORG"))
        for i in (span.end + 1, ticker):
            if i not in covered:
                result.append(Span(doc, i, i + 1, label="ORG"))
                covered.add(i)
    return sorted(result, key=lambda span: span.start)


def _ticker_after(doc: Doc, index: int) -> int | None:
    """The index of the ticker in "( NYSE : LMT )" starting at ``index``, else None."""
    words = [t.text for t in doc[index : index + 5]]
    if len(words) < 5 or words[0] != "(" or words[2] != ":" or words[4] != ")":
        return None
    ticker = doc[index + 3].text
    if words[1] not in STOCK_EXCHANGES or not (ticker.isupper() and 1 <= len(ticker) <= 6):
        return None
    return index + 3


def defined_in_brackets(doc: Doc, spans: list[Span]) -> dict[int, int]:
    """Mentions that a name defines right before them, in brackets: "Korean Central Television
    (KCTV)", "Lockheed Martin (NYSE:LMT)". Maps each such mention's index to the name's."""
    by_start = {span.start: index for index, span in enumerate(spans)}
    defined = {}
    for index, span in enumerate(spans):
        if span.end >= len(doc) or doc[span.end].text != "(":
            continue
        ticker = _ticker_after(doc, span.end)
        alias = by_start.get(ticker if ticker is not None else span.end + 1)
        if alias is None:
            continue
        inner = spans[alias]
        closes = inner.end < len(doc) and doc[inner.end].text == ")"
        acronym_like = inner.text.isupper() or ticker is not None
        if (
            closes
            and len(inner) == 1
            and acronym_like
            and (
                ticker is not None
                or (len(span) >= 2 and inner.text[0] == _first_name_word(span)[0])
            )
        ):
            defined[alias] = index
    return defined


def _first_name_word(span: Span) -> str:
    return next((t.text for t in span if t.lower_ != "the"), span.text)


# --- known names --------------------------------------------------------------------------------


def with_known_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Known names NER missed ("DPRK", "NATO") or took a piece of ("Islamic" of "Islamic
    State"): a known name wins over the shorter mentions inside it, never over a longer one."""
    found = []
    for match in spellings_pattern().finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end())
        if span is None or _inside_upper_run(doc, span):
            continue
        overlapping = [s for s in spans if s.start < span.end and span.start < s.end]
        if any(s.start < span.start or s.end > span.end for s in overlapping):
            continue
        entry = known(match.group())
        if entry is not None and not any(
            s.label_ == entry.label and s == span for s in overlapping
        ):
            found.append(Span(doc, span.start, span.end, label=entry.label))
    taken = {i for span in found for i in range(span.start, span.end)}
    kept = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
    return sorted([*kept, *found], key=lambda span: span.start)


def _inside_upper_run(doc: Doc, span: Span) -> bool:
    """A word of a line in capitals ("BREAKING NEWS FROM CHINA") names nothing for sure."""
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return span.text.isupper() and any(t.is_upper and len(t) > 1 for t in neighbours)


# --- types from evidence ------------------------------------------------------------------------


def retyped(doc: Doc, spans: list[Span], people: set[str]) -> list[Span]:
    """Each span with the label its evidence gives (``people``: words of the document's full
    person names, which a one-word mention may stand for)."""
    result = []
    for span in spans:
        label = evident_label(span, people) if span.label_ in RETYPED_LABELS else None
        result.append(Span(doc, span.start, span.end, label=label) if label else span)
    return result


def evident_label(span: Span, people: set[str]) -> str | None:
    """A label other than NER's that the evidence supports, else None."""
    entry = known(span.text)
    if entry is not None and not _is_person(span, people):
        return entry.label if entry.label != span.label_ else None
    if span.label_ == "PERSON" and any(t.lower_ in ("v.", "v", "vs", "vs.") for t in span):
        return "LAW"  # "Ruiz v. Acme" is a case
    if span.label_ == "PERSON" and any(
        t.like_num or any(c.isdigit() for c in t.text) for t in span
    ):
        return "PRODUCT"  # "Galaxy S9+": people's names have no digits
    if span.label_ == "PERSON" and _is_person(span, people):
        return None
    if span.label_ == "PERSON" and len(span) == 1 and span[0].tag_ == "NNPS":
        return "ORG"  # "Cubs", "Steelers": a plural name is a team or a band
    label = (
        _label_by_maker(span)
        or _label_by_words(span)
        or _label_by_employer(span)
        or _label_by_person_marks(span)
        or _label_by_demonym(span)
        or _label_by_plural(span)
        or _label_by_appositive(span)
        or _label_by_place(span)
        or _label_by_article(span)
        or _label_by_owner(span)
        or _label_by_celestial(span)
    )
    if (label or span.label_) in ("FAC", "LOC") and _speaks(span):
        label = "ORG"  # "Crystal Palace issued a statement", "Wembley Stadium said"
    return label if label and label != span.label_ else None


def _is_person(span: Span, people: set[str]) -> bool:
    """A mention with a person's marks: an honorific before it, or a word of a full name of a
    person the document names ("Jordan" of "Michael Jordan")."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in HONORIFICS:
        return True
    return span.label_ == "PERSON" and len(span) == 1 and span.text in people


def _label_by_words(span: Span) -> str | None:
    if _model_number(span) and span.label_ in ("ORG", "PERSON", "GPE", "FAC", "LAW"):
        return "PRODUCT"  # "Boeing 737", "Delta IV", "Apollo 11"
    if span.label_ == "GPE" and any(c.isdigit() for c in span.text):
        return "ORG"  # "F1", "G20": no country or city is named with a number
    words = [t.lower_ for t in span if t.is_alpha or t.text.endswith(".")]
    if len(words) < 2:
        return None
    last, first = words[-1], words[0]
    if last in LEAK_WORDS and span[-1].is_title and span.label_ != "EVENT":
        return "EVENT"  # "Panama Papers", "Swiss Leaks": a leak, not a body
    if last in ORG_WORDS and span.label_ not in ("ORG",) and last != "union":
        return "ORG"
    if span.label_ == "PERSON" and first in SURE_PLACE_FIRST_WORDS:
        return "LOC"  # "Cape Erimo", "Mount Kenya"
    if span.label_ == "PERSON" and last not in SURE_PLACE_WORDS:
        return None  # "David Harbour", "Adam Mount", "Ana Hill" are people
    if last in NATURAL_PLACE_WORDS or first in PLACE_FIRST_WORDS:
        return None if span.label_ in PLACE_LABELS else "LOC"
    if last in BUILT_PLACE_WORDS:
        return None if span.label_ in PLACE_LABELS else "FAC"
    if last in ADMIN_PLACE_WORDS:
        return None if span.label_ in PLACE_LABELS else "GPE"
    return None


def _label_by_maker(span: Span) -> str | None:
    """ "Tesla Roadster", "SpaceX Dragon", "Google Maps": a known firm's name, then a name of
    its own that says no body ("Tesla Motors", "Google Foundation" stay firms), is a product."""
    if len(span) < 2 or not is_known_firm(span[0].text) or known(span.text) is not None:
        return None
    rest = span[1:]
    if not all(t.is_title or t.like_num for t in rest) or rest[-1].lower_ in ORG_WORDS:
        return None
    return "PRODUCT"


def _label_by_employer(span: Span) -> str | None:
    """ "Nordhav Energi chief executive Ingrid Solberg-Haug", "Acme shares", "Acme founder":
    a name NER called a person, right before a noun only a firm has, is the firm. ("Ortiz
    spokesman" and "Ortiz adviser" are a person's: those nouns are not here.)"""
    doc = span.doc
    if span.label_ != "PERSON" or span.end >= len(doc):
        return None
    after = doc[span.end]
    word = after.lower_
    if after.tag_ not in ("NN", "NNS", "NNP") and word != "chief":  # "chief" is often JJ
        return None
    following = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
    if word in FIRM_NOUNS or (word == "chief" and following in FIRM_CHIEFS):
        return "ORG"
    return None


def _model_number(span: Span) -> bool:
    """ "737" of "Boeing 737", "IV" of "Delta IV", "-3" of "Kwangmyongsong-3": a name ending
    in a model's number (not a channel's, a group's or a road's: "Channel 4", "G20")."""
    last = span[-1].text
    if len(span) < 2 and "-" not in last:
        return False
    if any(t.lower_ in NUMBERED_NAME_WORDS for t in span[-3:-1]) or (
        span[0].lower_ in NUMBERED_NAME_WORDS
    ):
        return False
    number = last.rsplit("-", 1)[-1]
    return (number.isdigit() and len(number) <= 4 and not _YEAR.fullmatch(number)) or (
        number in ROMAN_NUMERALS and len(span) >= 2
    )


def _label_by_person_marks(span: Span) -> str | None:
    """ "Kudirat Okesola, 46,", "Taiye Ajibola, who …": an age or a "who" after a full name
    says a person, whatever NER called it."""
    doc = span.doc
    if span.label_ == "PERSON" or span[-1].lower_ in ORG_WORDS:
        return None
    if not all(t.is_title and t.is_alpha for t in span):
        return None
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.tag_ == "IN":
        return None  # "Ana Ruiz, 30, from Croydon, who …": the "who" is hers
    after = [t for t in doc[span.end : span.end + 3]]
    if len(after) < 2 or after[0].text != ",":
        return None
    if after[1].lower_ == "who":
        return "PERSON"
    age = after[1].text.isdigit() and 0 < int(after[1].text) < 110
    return "PERSON" if age and len(after) == 3 and after[2].text in (",", ")", ".") else None


def _label_by_demonym(span: Span) -> str | None:
    """ "Uruguayan lawyer": a word made from a country's name, before a noun, is a
    nationality."""
    if span.label_ == "NORP" or len(span) != 1:
        return None
    doc, word = span.doc, span.text
    after = doc[span.end] if span.end < len(doc) else None
    if after is None or after.tag_ not in ("NN", "NNS") or known(word) is not None:
        return None
    return "NORP" if demonym_country(word) is not None else None


def demonym_country(word: str) -> str | None:
    """The country a demonym is made from ("Uruguayan" -> "Uruguay"), else None."""
    for ending, replacement in DEMONYM_STEMS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            entry = known(word[: -len(ending)] + replacement)
            if entry is not None and entry.label == "GPE":
                return entry.name
    return None


def _label_by_plural(span: Span) -> str | None:
    """ "the Memphis Grizzlies": a place name ending in a plural is a team or a band, unless
    the plural is a kind of place ("Rocky Mountains")."""
    last = span[-1]
    if span.label_ not in PLACE_LABELS or len(span) < 2 or last.tag_ != "NNPS":
        return None
    if last.lower_ in PLURAL_PLACE_WORDS or last.lower_ in NATURAL_PLACE_WORDS:
        return None
    return "ORG"


def _label_by_appositive(span: Span) -> str | None:
    """ "Boko Haram, a militant group that …": the appositive's noun says what the name is."""
    for noun in _appositive_nouns(span):
        word = noun.lower_
        if word in ORG_NOUNS:
            return "ORG"
        if word in PLACE_NOUNS:
            return "GPE"
        if word in ROLE_WORDS or word in OCCUPATIONS or _agent_noun(word):
            return "PERSON"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and _AGE.fullmatch(before.text) and span.label_ != "PERSON":
        return "PERSON"  # "68-year-old Kawamura"
    return None


def _agent_noun(word: str) -> bool:
    """ "farmer", "lawyer", "activist", "historian": a noun for someone who does something."""
    return (
        len(word) > 4 and word.endswith(("er", "or", "ist", "ian")) and word not in NOT_AGENT_NOUNS
    )


def _label_by_place(span: Span) -> str | None:
    """ "in Croydon", "east Croydon": a one-word name NER called a person, where only a place
    can stand; "off Ulsan", "the coast of Ulsan", "travel to Ulsan", a dateline ("Bremerhaven –
    The …"): one it called an organisation, where no organisation can ("in" is not enough: "a
    stake in Acme")."""
    if span.label_ not in ("PERSON", "ORG") or len(span) != 1:
        return None
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    opens_paragraph = before is None or (before.is_space and "\n" in before.text)
    if opens_paragraph and after is not None and after.text in DATELINE_DASHES:
        return "GPE"  # "Bremerhaven – The tower maker …": a dateline
    if before is None or (after is not None and after.tag_ == "POS"):
        return None
    if _only_a_place_before(span, before):
        return "GPE"
    if span.label_ == "ORG":
        return None
    if before.lower_ in LOCATIVE_WORDS and span.root.dep_ == "pobj":
        return "GPE"
    if before.lower_ == "from" and span.start >= 2 and doc[span.start - 2].text == ",":
        return "GPE"  # "Ana Ruiz, 30, from Croydon"
    if after is not None and after.lower_ in PLACE_AFTER_WORDS:
        return "GPE"  # "Balkh province"
    return "GPE" if before.lower_ in COMPASS_WORDS else None


def _only_a_place_before(span: Span, before: Token) -> bool:
    """The words before the name leave room for a place only (the parse of an unknown name
    varies, so the words decide, not its dependency)."""
    word = before.lower_
    if word in PLACE_ONLY_PREPOSITIONS:
        return before.tag_ in ("IN", "RP")
    ahead = span.doc[before.i - 1].lower_ if before.i > 0 else ""
    if word == "of":
        return ahead in PLACE_OF_WORDS or ahead in COMPASS_WORDS
    return word == "to" and before.head.lower_ in TRAVEL_VERBS


def _label_by_owner(span: Span) -> str | None:
    """ "CNN's Christiane Amanpour", "NASA's Bill Nelson": two capitalised words NER called a
    body, right after another body's possessive, are that body's person (a firm of its own
    ends in a word that says so: "Toyota's Lexus Motors")."""
    doc = span.doc
    if span.label_ != "ORG" or len(span) != 2 or span.start < 2:
        return None
    if not all(t.is_title and t.is_alpha for t in span) or span[-1].lower_ in ORG_WORDS:
        return None
    owner, mark = doc[span.start - 2], doc[span.start - 1]
    if mark.tag_ != "POS" or owner.ent_type_ not in ("ORG", "GPE"):
        return None
    return "PERSON"


def _label_by_celestial(span: Span) -> str | None:
    """ "the Moon", "the Sun", "the Earth": no one is "the" Moon."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    if span.label_ == "PERSON" and len(span) == 1 and span.text in CELESTIAL:
        return "LOC" if before is not None and before.lower_ == "the" else None
    return None


CELESTIAL = frozenset({"Moon", "Sun", "Earth"})


def _speaks(span: Span) -> bool:
    """Whether a name is the subject of a verb of saying or issuing: a building or a place of
    no government that speaks is the body named after it (a country that speaks stays one)."""
    root = span.root
    verb = root.head.lower_
    return root.dep_ == "nsubj" and (verb in SPEECH_FORMS or verb in ISSUE_FORMS)


def _label_by_article(span: Span) -> str | None:
    """ "the Cubs", "the Steelers": a name NER called a person, behind "the" and plural, is a
    team or a band, not a person."""
    doc = span.doc
    first = span[0]
    before = first if first.lower_ == "the" else (doc[span.start - 1] if span.start else None)
    if span.label_ != "PERSON" or before is None or before.lower_ != "the":
        return None
    last = span[-1]
    return "ORG" if last.tag_ == "NNPS" or (last.text.endswith("s") and last.is_title) else None


def _appositive_nouns(span: Span) -> Iterable[Token]:
    root = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.tag_ in ("NN", "NNS") and before.is_lower:
        yield before  # "the militant group Boko Haram", "law firm Mossack Fonseca"
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.tag_ in ("NN", "NNS"):
            yield child
    if root.dep_ == "appos" and root.head.i < span.start and root.head.tag_ in ("NN", "NNS"):
        yield root.head


# --- one name, one thing ------------------------------------------------------------------------


def with_teams(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "The Bears announced …", "Bears fans", "Chicago Bears": a one-word plural name that
    acts as a team does, somewhere in the document, is a team everywhere in it, whatever NER
    called it (a place, a product). A region ("the Alps") never fires, signs or has fans."""
    teams = {span.text for span in spans if _team_plural(span) and _acts_as_team(span)}
    if not teams:
        return spans
    return [
        Span(doc, span.start, span.end, label="ORG")
        if span.text in teams and span.label_ != "ORG" and _team_plural(span)
        else span
        for span in spans
    ]


def _team_plural(span: Span) -> bool:
    word = span.text
    return (
        len(span) == 1
        and span.label_ in TEAM_MISLABELS
        and word.istitle()
        and word.isalpha()
        and word.endswith("s")
        and len(word) > 4
        and word.lower() not in PLURAL_PLACE_WORDS
        and known(word) is None
        and demonym_country(word[:-1]) is None
    )


def _acts_as_team(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start else None
    if after is not None and after.lower_ in TEAM_NOUNS:
        return True  # "Bears fans", "Broncos quarterback"
    if before is not None and before.ent_type_ == "GPE" and before.tag_ == "NNP":
        return True  # "Chicago Bears", NER's "Chicago" apart
    subject = span.root.dep_ == "nsubj" and before is not None and before.lower_ == "the"
    return subject and span.root.head.lower_ in TEAM_VERBS  # "the Bears fired …"


TEAM_MISLABELS = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "PERSON"})
TEAM_NOUNS = frozenset(
    """fans fan coach coaches quarterback quarterbacks players player roster season
    organization organisation franchise manager owner owners lineup offense defense
    defence linebacker pitcher striker""".split()
)
TEAM_VERBS = frozenset(
    """beat beats won win wins lost lose loses signed sign signs fired fire fires hired hire
    hires traded trade trades drafted draft announced announce announces scored defeated
    clinched clinch played play plays finished ranked""".split()
)


def with_repeated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Every other occurrence of a name a mention has, as the same kind of mention: NER tags a
    name in one sentence and misses it in the next."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    names: dict[str, str] = {}
    for span in spans:
        if span.label_ in NAME_LABELS and span.label_ != "NORP":
            text = span.text.strip()
            if len(text) > 1 and text[0].isupper():
                names.setdefault(text, span.label_)
    spans = [
        Span(doc, span.start, span.end, label=names[span.text.strip()])
        if span.label_ not in NAME_LABELS and span.text.strip() in names
        else span
        for span in spans
    ]  # NER's "work of art" in one place, a firm where the evidence shows it: a firm everywhere
    found = []
    text = doc_text(doc)
    for name, label in names.items():
        for variant in {name, name.upper()}:
            start = text.find(variant)
            while start >= 0:
                end = start + len(variant)
                occurrence = doc.char_span(start, end)
                if occurrence is not None and _stands_alone(occurrence, covered):
                    found.append(Span(doc, occurrence.start, occurrence.end, label=label))
                    covered.update(range(occurrence.start, occurrence.end))
                start = text.find(variant, end)
    return sorted([*spans, *found], key=lambda span: span.start)


def _stands_alone(span: Span, covered: set[int]) -> bool:
    """An occurrence that is a name of its own: no mention there already, not part of a longer
    capitalised name, and a proper noun when it is one word."""
    if any(i in covered for i in range(span.start, span.end)):
        return False
    doc = span.doc
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc) and doc[i].tag_ in ("NNP", "NNPS") and doc[i].text[:1].isupper():
            return False
    if len(span) == 1:
        token = span[0]
        return token.tag_ in ("NNP", "NNPS") or (token.is_upper and len(token) > 1)
    return True

"""Rule data for telling an article's own lines from the page around it.

Kept apart from the code that uses it, as plain lists, so that it can be read and extended. Every
entry is web-page furniture that recurs across outlets; none names a particular article or site.
Patterns are matched case-insensitively against a line with surrounding whitespace removed.
"""

from __future__ import annotations

# A whole line that is only one of these (ignoring trailing punctuation, counts and arrows) is
# page furniture: menus, share bars, comment and paywall prompts, pagers, ad slots.
FURNITURE_LINES: tuple[str, ...] = (
    r"(share|tweet|pin( it)?|email|e-mail|print|save|copy( the)? link|whatsapp|facebook|twitter|"
    r"linkedin|telegram|reddit|messenger|pinterest|flipboard|x)( (this|the|it|on \w+))?"
    r"( (article|story|page|post))?",
    r"share( on| via| with)? (whatsapp|facebook|twitter|linkedin|telegram|email|x|reddit)",
    r"(whatsapp|message|email|call|contact|text) us",
    r"(follow|like|join|find|subscribe to) us( on [\w .,&+]+)?",
    r"(leave|post|add|write|submit) a (reply|comment|response)( cancel reply)?",
    r"(\d+ |no )?(comments?|responses?|replies|reactions)( \(\d+\)| \(\+\))?",
    r"(view|show|load|read|see|hide|open) (all |more )?(comments?|replies|responses)",
    r"comments? (are|is) (closed|disabled|off)( on this (story|article|post))?",
    r"be the first to comment",
    r"(log ?in|sign ?in|sign ?up|register|subscribe|subscribe now|my account|sign out|log ?out)",
    r"(prev|previous|next|older|newer)( (article|post|story|page|news|entry))?",
    r"(back to top|go to top|scroll to top|top of page|skip to (main )?content|skip navigation)",
    r"(home|menu|search|close|open menu|main menu|navigation|toggle navigation|sections|more)",
    r"exit mobile version|mobile version|desktop version|view (full|desktop) site",
    r"(advertisement|advertising|advert|ad|ads|sponsored( content)?|promoted( content)?|"
    r"paid (content|post)|partner content|ad choices|adchoices)",
    r"(story|article) continues (below|after)( (this|the))? (ad|advertisement)",
    r"(scroll|continue) (down )?to continue( with content| reading)?",
    r"continue reading( the main story| below| this article)?",
    r"(read|see|view|show) (more|less|full (story|article)|the full (story|article))",
    r"(also read|read also|read more|see also|related|related (articles|stories|posts|news|"
    r"content|coverage|topics|tags)|more (on this|from|stories|news|in)( [\w&'’-]+){0,5}|"
    r"recommended( for you| stories| articles)?|you (may|might) (also )?(like|be interested in)|"
    r"trending( now| stories)?|most (read|popular|viewed|shared|commented)|popular( now)?|"
    r"don'?t miss|editor'?s picks?|top stories|latest( news| stories| articles)?|"
    r"in (other|case you missed)( news)?|what to read next|up next|watch next)",
    r"(supported|sponsored|presented|brought to you) by",
    r"(all rights reserved|privacy policy|terms (of|and) (use|service|conditions)|cookie policy|"
    r"cookie settings|contact us|about us|sitemap|site map|site index|rss|newsletters?|"
    r"manage (my )?(account|subscription|preferences)|do not sell my (personal )?info(rmation)?)",
    r"(image|photo|video|gallery|slideshow|audio|listen|watch|play)( \d+ of \d+)?",
    r"(enlarge|expand|fullscreen|full screen|zoom)( (this )?(image|photo))?",
    r"(print|email|save|share) (this )?(article|story|page)",
    r"(font size|text size|a\+? ?a-?|aa)",
    r"(loading|please wait)\.*",
    r"taboola|outbrain|(ads by|by) (taboola|outbrain)",
    r"\(?\+\)?",
    r"((breaking|daily|weekly|morning|evening|free|latest)( news)? )?(e-?mails?|newsletters?|"
    r"alerts|briefings?)( sign[ -]?up)?",
    r"(get|copy|share) (the )?(short )?(url|link)",
)

# Anywhere in a line of fewer than ``SHORT_LINE_WORDS`` words, these mark it as furniture.
FURNITURE_PHRASES: tuple[str, ...] = (
    r"your email address will not be published",
    r"required fields are marked",
    r"all rights reserved",
    r"^©|\(c\) \d{4}|^copyright\b",
    r"(follow|find|like|join) us on (twitter|facebook|instagram|youtube|tiktok|linkedin|telegram|"
    r"whatsapp|google news|x\b)",
    r"for the latest (news|updates|stories|headlines)",
    r"sign up (for|to) (our|the) [\w -]*newsletter|subscribe to (our|the) [\w -]*newsletter",
    r"(get|receive) (the|our) (latest|top|best|daily|breaking)[\w ]* (in|to|delivered to) your inbox",
    r"(download|get) (our|the) (free )?(app|mobile app)",
    r"join (our|the) (whatsapp|telegram|broadcast) (channel|group)",
    r"(log ?in|sign ?in|register) (or|to|and) (create|continue|comment|read|access|subscribe|"
    r"register|sign)",
    r"create (an|a free|your) account",
    r"already (a|have an?) (subscriber|member|account)",
    r"(free|unlimited|full|digital) (unlimited )?access\b",
    r"subscribe (now|today|for|to continue|to read)",
    r"(this|the) (article|story|content) is (only )?(available|reserved) (to|for) "
    r"(subscribers|members|premium)",
    r"you have (reached|read) (your|the) (limit|maximum)|free articles? (left|remaining)",
    r"(we|this site|this website) uses? cookies",
    r"(enable|turn on|activate) javascript|javascript (is )?(disabled|required)",
    r"(ads|ad) (will )?show in this (div|space)|this (div|space) (will show|shows) ads",
    r"click here (to|for)",
    r"^(tags?|topics?|keywords|categories|category|filed under|posted in|labels?|section)\s*:",
    r"^(also read|read also|read more|see also|related|more|watch|listen|recommended)\s*:",
    r"(?-i:^(PREV|NEXT|PREVIOUS)\b)|^(previous|next) (article|post|story|page)\b",
    r"^(share|tweet|email)( this)?( article| story)?\s*(on|via)\s",
    r"(reporting|writing|editing|additional reporting) by [A-Z]",
    r"^(posted|published|updated|last updated|first published|modified)( on| at)?\s*:?\s*\d",
    r"(report|flag) (this|an?) (comment|error|typo|abuse)",
    r"^(rating|votes?|likes?|points|score)\s*:\s*[\d.,]+|^[\d.,]+\s+(votes?|likes?|upvotes|points)$",
    r"have a (news )?tip\?|send us (a|your) (tip|story)",
    # chat and messaging prompts
    r"^chat with us\b|(message|chat with|talk to) us (on|in|via) [\w ]*(messenger|whatsapp)",
    # newsletter sign-up blocks
    r"sign up (for|to) (our|the|a) [\w ’'-]*(newsletter|bulletin|briefing|alerts|emails?)\b",
    r"(get|receive) (our|the) [\w ’'-]*(newsletter|bulletin|briefing)\b",
    r"^(enter|type|add|please enter( a valid)?) (your )?e-?mail( address)?\b",
    r"^(invalid|not a valid) e-?mail|e-?mail address (is )?(invalid|required)",
    r"by (signing up|subscribing|clicking [\w “”\"']+|registering|submitting)[\w ,]*,? you "
    r"(agree|consent|accept|acknowledge)",
    r"^thanks?( you)? for (signing up|subscribing|registering)",
    r"you('re| are| have)( now| been)?( all)? (successfully |succesfully )?(set|subscribed|signed up)",
    r"^(stay|keep) (up to date|up-to-date|informed|in the loop) with\b",
    r"\bnews at your fingertips\b|^check your inbox\b|^keep an eye on your inbox\b",
    r"\bdelivered (straight )?(to your inbox|(every|each) (weekday )?(morning|day|week|evening)|"
    r"weekday mornings|daily|weekly)\b",
    r"^(want|like|love|enjoy(ed)?|liked) (more )?(this|these|stories|articles|news|content)"
    r"( like this)?( (article|story|post))?\s*[?!.]*$",
    r"^sharing is caring\b|^share (your thoughts|this|it) with (your )?friends",
    # photo galleries and video players
    r"\b(hide|show|toggle) caption\b|^photos\s*:|^\d{1,3} (of|/) \d{1,3}( photos| images)?$",
    r"^\d{1,3}\s*/\s*\d{1,3}\s+\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}\b",  # "6/34 25 November 2017 …"
    r"media playback is (not supported|unsupported)|^scroll down for (video|more)",
    r"^(just watched|must watch)\b|\breplay more videos\b",
    r"^read or share this (story|article)\b",
)
SHORT_LINE_WORDS = 30

# A line that starts with one of these opens a list of other articles' headlines.
LINK_LIST_HEADERS: tuple[str, ...] = (
    r"(also read|read also|read more|see also|related|more (on this|stories|news|from|in)|"
    r"recommended|you (may|might) (also )?(like|be interested)|trending|most (read|popular|viewed|"
    r"shared)|popular|don'?t miss|editor'?s picks?|top stories|latest( news| stories)?|"
    r"what to read next|up next|in other news|further reading)\b[\w\s]{0,30}:?$",
    # summary bullets above the article, printed again in it
    r"(story highlights|highlights|key points|key takeaways|at a glance|what you need to know)"
    r"\s*:?$",
)

# A line that opens the readers' comments: everything after it is theirs, not the article's.
COMMENT_SECTION_HEADERS: tuple[str, ...] = (
    r"(\d+|no|one|two|three) (comments?|responses?|replies|reactions|thoughts)( (to|on) .*)?",
    r"(comments?|responses?|replies|reactions) (to|on) [\"“'‘].*",
    r"(leave|post|add|write|submit) (a|your) (reply|comment|response)( cancel reply)?",
    r"join the (discussion|conversation|debate)",
    r"(reader )?(comments?|discussion|conversation)( \(\d+\))?",
    r"(view|show|load|read|see) (all )?(\d+ )?comments?",
    r"comments? (are|is) (closed|disabled|off)( on this (story|article|post))?",
    r"what do you think\??",
)
# A line introducing one reader's comment: "jane says:", "Jane Doe on May 2, 2019 at 4:47 pm said:".
COMMENT_BYLINE = r"^([*•-]\s*|\d+\.\s*)?(?!(he|she|they|it|we|i|you|who|this|that|the \w+)\s+(says|said|wrote))[\w.'’ ()-]{1,40}( on [\w ,.:]+(am|pm|\d))?\s+(says|said|wrote|commented)\s*:?$"

# Bylines and author boxes: kept out of the body, the name goes to ``author``.
BYLINE = r"^(?i:by|written by|words by|story by|text by|von|por|par|di)\s+(?P<name>[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})(\s*(,|\||and|&|in)\s*.*)?$"

# Photo captions and credits.
CAPTION_PHRASES: tuple[str, ...] = (
    r"(^|[\s(\[|,.;–—-])(photo|image|picture|photograph|illustration|graphic|credit|source|"
    r"photo credit|image credit|file photo|pictured)s?\s*(by\s|:|/|：)\s*\S[^.]{0,60}\.?\)?$",
    r"\b(illustrative|illustration|file|archive|archival|stock|representative|representational|"
    r"handout|screenshot|screengrab) (photo|image|picture|photograph)\b",
    r"^(photo|image|picture|foto|фото|bild|imagem|immagine|credit)\s*[:：/]",
    r"\bcredit\.{2,}",
    r"\((photo|image|picture|credit)s?( by|:)[^)]{1,80}\)\s*$",
    r"^(image|media) (copyright|caption)\b",  # "Image copyright EPA Image caption The blast …"
)
# News and photo agencies whose name alone, closing a line, marks it as a caption or credit.
PHOTO_AGENCIES: tuple[str, ...] = (
    "reuters",
    "afp",
    "ap",
    "ap photo",
    "associated press",
    "getty images",
    "getty",
    "epa",
    "epa-efe",
    "efe",
    "xinhua",
    "bloomberg",
    "shutterstock",
    "alamy",
    "anadolu agency",
    "anadolu",
    "dpa",
    "kyodo",
    "yonhap",
    "tass",
    "sputnik",
    "pti",
    "ani",
    "ians",
    "imago",
    "sipa",
    "zuma press",
    "swns",
    "nurphoto",
    "pool",
    "handout",
    "file",
    "file photo",
    "courtesy",
)

# Words that may stand in a line that is nothing but a date or time.
DATE_WORDS: tuple[str, ...] = (
    "january|february|march|april|may|june|july|august|september|october|november|december",
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun",
    "am|pm|a\\.m|p\\.m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|ist|jst|hkt|sgt|aest|ist",
    "updated|published|posted|modified|last|first|on|at|of|the|th|st|nd|rd|today|yesterday|ago|"
    "hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|h|m|min|read|time|reading",
)

# A dateline alone on its line: a place in capitals, maybe a region and a day, maybe the agency,
# and the dash that leads into the first sentence.
DATELINE = (
    r"^(?i:\(undated\))$|^[A-Z][A-Z.'’ -]{1,40}(,\s*[A-Z][\w.'’ -]{1,30})?(,\s*\w+\.? \d{1,2})?\s*"
    r"(\((\w[\w./&' -]{0,30})\s*\)\s*(_|-{1,2}|[–—:])?|(_|-{1,2}|[–—]))$"
)
# A clock time alone on its line: inside an article, the heading of one entry of a live report.
CLOCK_TIME = r"^\d{1,2}([:.]\d{2})?\s*([ap]\.\s?m\.?|[ap]m)(\s+[A-Z]{2,4})?\.?$"
# Headline suffixes and prefixes that name a section or site rather than the story.
TITLE_SEPARATORS = r"\s+[|–—•·:»]\s+|\s+-\s+|\s*\|\s*|\s+::\s+"
TITLE_SECTION_SUFFIX = (
    r",\s+(?P<section>([A-Z][\w'&.-]*\s+|&\s+){0,5}(News|Stories)( & [A-Z]\w+ \w+)?)$"
)
MAX_SITE_NAME_WORDS = 5
# A time stamp or agency credit glued to the end of a headline: "… Updated: 2016-05-30 09:53
# (Agencies)", "… | Published 3 March 2025", "… By Agencies".
TITLE_STAMP_SUFFIX = (
    r"(\s+[|–—-])?\s+((last )?updated|published|posted|modified)\s*:?\s*\d[\d\s:./,-]*"
    r"([ap]\.?m\.?|gmt|utc|[a-z]{3,4}t)?[\s.]*(\(?(by )?agenc(y|ies)\)?)?\s*$"
    r"|(\s+[|–—-])?\s+\(?(by )?agenc(y|ies)\)?\s*$"
)

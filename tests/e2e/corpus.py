"""A small invented corpus for the end-to-end tests: two stories, one of them in three articles
over six weeks plus a wire copy re-published with another site's page furniture.

Story one: the fisheries ministers of Veltrana and Morsland, Ilse Brandvik and Tomas Ekwueme,
are to meet in Geneva (reported 2024-03-05 and 2024-03-12) and meet there on Thursday
2024-04-18 (reported Saturday 2024-04-20). Story two: a children's hospital opens in Lumora."""

from __future__ import annotations

import json

PLANNED = {  # JSON Lines, dated by its "published" field (a Tuesday)
    "title": "Veltrana and Morsland fisheries ministers to meet over herring quotas",
    "outlet": "Coastal Courier",
    "url": "https://coastal-courier.example/herring-talks",
    "published": "2024-03-05",
    "text": (
        "The fisheries minister of Veltrana, Ilse Brandvik, and her Morsland counterpart, Tomas "
        "Ekwueme, have agreed to talks on the herring quotas that have kept the trawler fleets "
        "of both countries in port since January. The two ministers will meet in Geneva next "
        "month, officials in both capitals said on Monday.\n\n"
        "Fishermen in the port of Kastrel have blockaded the harbour for eight weeks. "
        "\u201cWe will not back down,\u201d said Maria Okafor, the union's leader, as crews "
        "unloaded crates of unsold fish onto the quay.\n\n"
        "The union wants the quota restored to its level of last year, when the Kastrel fleet "
        "landed more herring than any other port on the coast.\n\n"
        "\u201cIt is a start,\u201d she said.\n\n"
        "Officials in Morsland said the ministers would also discuss a joint survey of herring "
        "stocks in the northern channel, which scientists say have recovered."
    ),
}

PREVIEW = """\
<!doctype html><html><head>
<title>Kastrel blockade enters its third month</title>
<meta property="article:published_time" content="2024-03-12T08:30:00Z">
<meta property="og:site_name" content="Northern Ledger">
</head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Kastrel blockade enters its third month</h1>
<p>The blockade of Kastrel harbour by herring fishermen entered its third month on Tuesday, \
with dozens of trawlers moored across the harbour mouth and the fish market closed.</p>
<p>Fisheries ministers Ilse Brandvik of Veltrana and Tomas Ekwueme of Morsland are due to meet \
in Geneva in April to settle the dispute over herring quotas, their offices said.</p>
<p>Maria Okafor, who leads the fishermen's union, said the crews would stay until the quota was \
restored. Harbour traders say the blockade has cost the town its busiest season.</p>
</article>
<footer>Share this article · Subscribe to our newsletter · Contact us</footer>
</body></html>
"""

MET_BODY = """\
GENEVA, April 20, 2024 (Reuters) - The fisheries ministers of Veltrana and Morsland, Ilse \
Brandvik and Tomas Ekwueme, met in Geneva on Thursday and agreed to restore herring quotas to \
last year's level, ending a dispute that had kept the trawler fleets of both countries in port \
since January.

The two ministers signed a joint statement after six hours of talks, and said scientists from \
both countries would survey the herring stocks of the northern channel this summer.

\u201cThe harbour is ours again,\u201d Maria Okafor, the leader of the fishermen's union, said \
in Kastrel, where crews began lifting the blockade on Friday evening.

The union said its members would put to sea again on Monday, in time for the spring run of \
herring along the coast.
"""

MET = "Herring quotas restored after Geneva talks\n\n" + MET_BODY

# The same wire story re-published verbatim by another site, scraped with its page furniture.
MET_COPY = (
    "Harbour Herald | World | Business | Sport | Weather\n"
    "Herring quotas restored after Geneva talks\n"
    "Share on Facebook  Share on X  Email\n"
    "Advertisement\n\n" + MET_BODY + "\n"
    "Subscribe to our newsletter\n"
    "Most read: Storm warning for the islands\n"
    "\u00a9 2024 Harbour Herald. All rights reserved.\n"
)

# A one-line quote paragraph between two body paragraphs must stay in the body.
HOSPITAL = """\
Lumora opens its first children's hospital

LUMORA, March 8, 2024 - The first children's hospital in the mountain city of Lumora opened \
its doors on Friday, after four years of building and a fundraising drive that reached every \
village in the valley.

\u201cNo family here will have to drive four hours for a paediatric ward again.\u201d

Mayor Aiko Brennan cut the ribbon in front of the new wing, which has sixty beds, two operating \
theatres and a school room for children who stay for weeks. Its director, Henrik Salvesen, \
said the hospital would hire forty more nurses by the autumn.
"""

ONE_LINE_QUOTE = (
    "\u201cNo family here will have to drive four hours for a paediatric ward again.\u201d"
)

FILES = {
    "planned.jsonl": json.dumps(PLANNED) + "\n",
    "preview.html": PREVIEW,
    "met.txt": MET,
    "met-copy.txt": MET_COPY,
    "hospital.txt": HOSPITAL,
}

"""Who said what, through the command line: relatives and spokesmen stay themselves, tied to
the person or body they speak for; one country is one entity however it is spelled."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import export, ingest

SHOOTING = """\
Gunman's brother speaks after harbour shooting

The gunman, Tom Reyes, was shot dead by police on Friday after opening fire at the harbour.

His brother said: "I have much more anger than grief."

A Met spokesman said the harbour road would stay closed overnight.

The U.S. embassy said US citizens should avoid the area, and the United States offered help.
"""


def test_nominal_speakers_are_related_not_resolved_and_spellings_are_one_country(tmp_path: Path):
    article = tmp_path / "shooting.txt"
    article.write_text(SHOOTING, encoding="utf-8")
    db = tmp_path / "speakers.db"
    ingest([article], db)
    [document] = export(db, "document")
    speakers = {q["speaker"]["text"]: q["speaker"] for q in document["quotes"] if q["speaker"]}
    brother = speakers["His brother"]
    assert brother["kind"] == "nominal" and brother["entity"] is None
    assert brother["related_to"]["name"] == "Tom Reyes"
    assert speakers["A Met spokesman"]["related_to"]["name"] == "Met"
    countries = [e for e in export(db, "entity") if e["name"] == "United States"]
    assert len(countries) == 1 and countries[0]["label"] == "GPE"
    assert {"U.S.", "US"} <= set(countries[0]["aliases"])

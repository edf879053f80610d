"""kill -9 at random moments of a long ingest: the database always opens, passes its integrity
check and holds only whole documents; running the same command again completes the corpus with
no duplicates, and the same documents as a run that was never interrupted."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

KILLS = int(os.environ.get("STORYLINE_KILLS", "20"))
DOCUMENTS = 150
TOWNS = ["Marlow", "Keswick", "Alnwick", "Ludlow", "Whitby", "Tenby", "Rye", "Ely", "Wells"]
PEOPLE = ["Ana Ruiz", "Tom Baker", "Mira Patel", "Jon Hale", "Eva Stone", "Raj Kumar"]


def corpus(folder: Path, count: int) -> Path:
    rng = random.Random(7)
    folder.mkdir()
    for number in range(count):
        town, person, other = rng.choice(TOWNS), rng.choice(PEOPLE), rng.choice(PEOPLE)
        day = 1 + number % 27
        (folder / f"{number:03d}.txt").write_text(
            f"{town} council approves harbour plan number {number}\n\n"
            f"{town.upper()}, March {day}, 2024 - The council of {town} approved a plan to "
            f"rebuild the harbour on Tuesday, after {person} met {other} to discuss the cost.\n\n"
            f"“We will start work next month,” {person} said. The harbour authority expects the "
            f"repairs to take a year, and {other} will visit the site on Friday.\n"
        )
    return folder


def ingest(inputs: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "storyline", "ingest", str(inputs), "--db", str(db),
               "--workers", "1", "--batch-size", "2", "-q"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def check_whole(db: Path) -> int:
    """The database opens, is intact, and every document has its derived rows."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:
            return 0
        documents = connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        for table in (
            "raw_documents",
            "sentences",
            "mentions",
            "quotes",
            "timexes",
            "event_mentions",
        ):
            if table in tables:
                orphans = connection.execute(
                    f"SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {table} x WHERE x.document_id = d.id)"
                ).fetchone()[0]
                assert orphans == 0, f"{orphans} documents without {table}"
        return documents


def export(db: Path) -> list[dict]:
    output = subprocess.run(
        [sys.executable, "-m", "storyline", "export", "--db", str(db), "--type", "document"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return sorted((json.loads(line) for line in output.splitlines()), key=lambda d: d["id"])


def test_kill_9_during_ingest_loses_nothing(tmp_path):
    kill_ingest_repeatedly(tmp_path, KILLS)


@pytest.mark.slow
def test_a_hundred_kills(tmp_path):
    kill_ingest_repeatedly(tmp_path, 100)


def kill_ingest_repeatedly(tmp_path: Path, kills: int) -> None:
    inputs = corpus(tmp_path / "articles", DOCUMENTS)
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert ingest(inputs, clean).wait() == 0
    duration = time.monotonic() - started

    db = tmp_path / "killed.db"
    rng = random.Random(11)
    seen = []
    for _ in range(kills):
        process = ingest(inputs, db)
        time.sleep(rng.uniform(0.3, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append(check_whole(db))
    assert ingest(inputs, db).wait() == 0
    assert check_whole(db) == DOCUMENTS
    assert len(set(seen)) > 2, f"the kills did not land at different points: {seen}"
    with sqlite3.connect(db) as connection:
        assert (
            connection.execute(
                "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM story_documents s WHERE s.document_id = d.id)"
            ).fetchone()[0]
            == 0
        )
    assert [{k: v for k, v in d.items() if k not in ("duplicate_of",)} for d in export(db)] == [
        {k: v for k, v in d.items() if k not in ("duplicate_of",)} for d in export(clean)
    ]


def link(db: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "storyline", "link", "--db", str(db), *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def corpus_state(db: Path) -> tuple[list, ...]:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            connection.execute(sql).fetchall()
            for sql in (
                "SELECT document_id, story_id FROM story_documents ORDER BY 1",
                "SELECT document_id, idx, event_id FROM event_mentions ORDER BY 1, 2",
                "SELECT document_id, key, entity_id FROM doc_entities ORDER BY 1, 2",
            )
        )


def test_kill_9_during_the_corpus_step_loses_nothing(tmp_path):
    inputs = corpus(tmp_path / "articles", 60)
    db = tmp_path / "corpus.db"
    assert ingest(inputs, db).wait() == 0
    clean = corpus_state(db)
    started = time.monotonic()
    assert link(db, "--rebuild").wait() == 0
    duration = time.monotonic() - started
    assert corpus_state(db) == clean  # relinking from scratch gives the same links
    rng = random.Random(5)
    for _ in range(KILLS):
        process = link(db, "--rebuild")
        time.sleep(rng.uniform(0.2, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        corpus_state(db)  # opens and is intact at every point
    assert link(db).wait() == 0
    assert corpus_state(db) == clean

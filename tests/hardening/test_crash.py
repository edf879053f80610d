"""kill -9 during a long ingest: the database always opens, passes its integrity check and holds
only whole documents and whole batches; running the same command again completes the corpus with
no duplicates, and the same documents as a run that was never interrupted.

The ingest kills are not timed: each run is killed once its verbose output ('stored: …', printed
after a batch commits) says it has stored N more batches, so every kill leaves more stored than the
one before and the kills land at different points by construction; the last comes once every
document is stored, in the corpus step. (The corpus-step test's kills are still timed: it needs no
particular spread of them.)"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

KILLS = int(os.environ.get("STORYLINE_KILLS", "20"))  # of the corpus step
BATCH = 2  # documents per batch, one transaction each
PLAN = [1, 3, 9]  # batches each killed ingest run stores before its kill
SLACK = 40  # batches more in the corpus, so a run that goes on a while before its kill is fine
HANG_S = 300  # a run that has not reached its kill point in this long has hung
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


def ingest(inputs: Path, db: Path, *, verbose: bool = False) -> subprocess.Popen[str]:
    """``storyline ingest``; with ``verbose`` it prints 'stored: <id> <title>' on stderr for each
    document, once its batch's transaction has committed."""
    command = [sys.executable, "-m", "storyline", "ingest", str(inputs), "--db", str(db),
               "--workers", "1", "--batch-size", str(BATCH), "-v" if verbose else "-q"]  # fmt: skip
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace"
    )


def kill_after(process: subprocess.Popen[str], documents: int) -> list[str]:
    """SIGKILL ``process`` as soon as it has said it stored ``documents`` documents, and return
    their ids. It may have gone on meanwhile, so the kill lands at that point or later, never
    earlier. A watchdog ends a run that hangs."""
    watchdog = threading.Timer(HANG_S, process.kill)
    watchdog.start()
    stored, output = [], []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            output.append(line)
            if line.startswith("stored: "):
                stored.append(line.split()[1])
                if len(stored) == documents:
                    break
        process.kill()  # SIGKILL
        process.wait()
    finally:
        watchdog.cancel()
    assert len(stored) == documents, f"ingest ended after {len(stored)} documents:\n" + "".join(
        output[-20:]
    )
    return stored


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
    """The stored documents as ``storyline export`` writes them, by id, less what depends on the
    order documents came in (which of two equal ones is the duplicate)."""
    output = subprocess.run(
        [sys.executable, "-m", "storyline", "export", "--db", str(db), "--type", "document"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    records = sorted((json.loads(line) for line in output.splitlines()), key=lambda d: d["id"])
    return [{k: v for k, v in d.items() if k != "duplicate_of"} for d in records]


def uninterrupted(inputs: Path, db: Path) -> list[dict]:
    process = ingest(inputs, db)
    assert process.wait() == 0, process.communicate()[1]
    return export(db)


def test_kill_9_during_ingest_loses_nothing(tmp_path):
    kill_ingest_repeatedly(tmp_path, PLAN)


@pytest.mark.slow
def test_a_hundred_kills(tmp_path):
    kill_ingest_repeatedly(tmp_path, [1 + number % 3 for number in range(99)])


def kill_ingest_repeatedly(tmp_path: Path, plan: list[int]) -> None:
    """Ingest killed as ``plan`` says, then completed: the same documents as a run never killed."""
    documents = BATCH * (sum(plan) + SLACK)
    inputs = corpus(tmp_path / "articles", documents)
    with ThreadPoolExecutor(1) as beside:  # an uninterrupted run, beside the killed ones
        clean = beside.submit(uninterrupted, inputs, tmp_path / "clean.db")
        kill_and_complete(inputs, tmp_path / "killed.db", documents, plan)
        assert export(tmp_path / "killed.db") == clean.result()


def kill_and_complete(inputs: Path, db: Path, documents: int, plan: list[int]) -> None:
    """One ingest run per entry of ``plan``, killed once it has stored that many more batches,
    then one killed once it has stored the rest (in the corpus step); then a run to the end."""
    seen = [0]
    for batches in [*plan, None]:
        wanted = documents - seen[-1] if batches is None else BATCH * batches
        stored = kill_after(ingest(inputs, db, verbose=True), wanted)
        count = check_whole(db)
        seen.append(count)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            ids = {row[0] for row in connection.execute("SELECT id FROM documents")}
        assert not set(stored) - ids, "a document the run said it stored is gone"
        assert count % BATCH == 0, f"{count} documents: a batch was stored in part"
        assert count >= seen[-2] + wanted, f"kills at {seen}: fewer stored than the run said"
        assert count < documents or batches is None, f"the corpus ran out before the kill: {seen}"
    assert seen[-1] == documents
    assert ingest(inputs, db).wait() == 0
    assert check_whole(db) == documents
    with sqlite3.connect(db) as connection:
        assert (
            connection.execute(
                "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM story_documents s WHERE s.document_id = d.id)"
            ).fetchone()[0]
            == 0
        )


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

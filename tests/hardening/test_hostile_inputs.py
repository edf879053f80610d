"""Odd and hostile inputs, all in one run: each gets a one-line error naming it or a correct
result, the run goes on, the exit code reports the failures, and memory stays bounded."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

PROSE = "The council approved the harbour plan on Tuesday after a long debate in the town hall. "


def write_inputs(folder: Path) -> dict[str, str | None]:
    """The files, each with the word its error must contain (None: it must be stored)."""
    folder.mkdir()
    cases: dict[str, tuple[bytes, str | None]] = {
        "empty.txt": (b"", "empty"),
        "one-byte.txt": (b"x", "no article"),
        "nul-bytes.txt": ((PROSE * 12).replace("harbour", "har\x00bour", 1).encode(), None),
        "mostly-nul.txt": (b"\x00" * 200 + PROSE.encode(), "binary"),
        "latin1.txt": (("Café owners in Málaga said " + PROSE * 4).encode("latin-1"), None),
        "mixed.txt": ((PROSE * 3).encode() + "Ñandú café".encode("cp1252") + PROSE.encode(), None),
        "utf16.txt": (("\ufeff" + "Zoë Brennan said " + PROSE * 4).encode("utf-16-le"), None),
        "rtl-zero-width.txt": (
            ("Harbour plan approved\n\n" + ("The council \u200bapproved\u200d the plan \u202eon "
             "Tuesday\u202c, said \u05e9\u05dc\u05d5\u05dd Ana Ruiz. ") * 6).encode(),
            None,
        ),
        "quotes.txt": (
            ("Harbour plan\n\n" + PROSE * 2 + "“Nested ‘quotes’ and “more” here,” she said. "
             "And an \"unbalanced one. ‘Another’ ”stray” mark.\n\n" + PROSE * 2).encode(),
            None,
        ),
        "deep.html": (("<html><body>" + "<div>" * 100_000 + f"<p>{PROSE * 3}</p>"
                       + "</div>" * 100_000 + "</body></html>").encode(), "tags"),
        "many-elements.html": (("<html><body><p>" + PROSE * 3 + "</p>" + "<i>x</i>" * 150_000
                                + "</body></html>").encode(), "tags"),
        "long-line.txt": ((PROSE * 12_000).encode(), "too long"),
        "binary.bin": (bytes(range(256)) * 64, "binary"),
        "bomb.txt.gz": (gzip.compress(b"a" * (40 * 1024 * 1024)), "limit"),
        "bad.jsonl": (b'{"text": "' + PROSE.encode() * 3 + b'"}\n{"text": broken\n', "JSON"),
        "broken.warc": (
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nshort", "WARC"
        ),
    }  # fmt: skip
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    return {name: expected for name, (_, expected) in cases.items()}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = write_inputs(root / "inputs")
    db = root / "hostile.db"
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "ingest", str(root / "inputs"), "--db", str(db),
         "--workers", "1", "-q"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    export = subprocess.run(
        [sys.executable, "-m", "storyline", "export", "--db", str(db), "--type", "document"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return result, expected, [json.loads(line) for line in export.splitlines()]


def test_the_run_goes_on_and_reports_failure(run):
    result, expected, documents = run
    assert result.returncode == 1
    stored = {Path(d["source"]).name.split("#")[0].split(":")[0] for d in documents}
    assert stored == {name for name, error in expected.items() if error is None} | {"bad.jsonl"}


def test_each_bad_input_gets_one_clear_line(run):
    result, expected, _ = run
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for name, reason in expected.items():
        if reason is None:
            assert not any(name in line for line in lines), name
            continue
        mine = [line for line in lines if f"/{name}" in line]
        assert len(mine) == 1, (name, mine)
        assert reason.lower() in mine[0].lower(), mine[0]
        assert len(mine[0]) < 300


def test_odd_text_is_stored_as_it_reads(run):
    _, _, documents = run
    by_name = {Path(d["source"]).name: d for d in documents}
    assert "\x00" not in by_name["nul-bytes.txt"]["body"]
    assert "Málaga" in by_name["latin1.txt"]["body"]
    assert "Zoë Brennan" in by_name["utf16.txt"]["body"]
    assert "Ana Ruiz" in by_name["rtl-zero-width.txt"]["body"]
    assert by_name["quotes.txt"]["quotes"]  # unbalanced marks do not stop the quotes


@pytest.mark.slow
def test_a_200_mb_text_file_is_refused_with_memory_bounded(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        for _ in range(200 * 1024 * 1024 // (len(PROSE) * 100)):
            out.write((PROSE * 100 + "\n").encode())
    result = subprocess.run(
        [sys.executable, "-c", "import resource, subprocess, sys; "
         "code = subprocess.call(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)",
         sys.executable, "-m", "storyline", "ingest", str(big), "--db", str(tmp_path / "b.db"),
         "-q"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1 and "limit" in result.stderr
    assert int(result.stdout.strip()) < 1024 * 1024  # KB: under 1 GB for a 200 MB input

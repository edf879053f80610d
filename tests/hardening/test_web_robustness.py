"""The JSON API fuzzed from its own OpenAPI description (no 500s, no traversal), and pages served
while an ingest writes to the same database (WAL: no locked errors, no half batches)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from storyline.web.app import create_app
from tests.hardening.test_crash import corpus

NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["../../etc/passwd", "..%2F..%2Fapp.py", "%00", "<script>", "' OR 1=1 --",
                     "NEAR(a b)", '"unbalanced', "9999-99-99", "-1", "1e309", "\u202e", "*"]),
)  # fmt: skip


def routes(client: TestClient) -> list[tuple[str, list[str], list[str]]]:
    spec = client.get("/api/openapi.json").json()
    found = []
    for path, methods in spec["paths"].items():
        parameters = methods["get"].get("parameters", [])
        found.append((
            path,
            [p["name"] for p in parameters if p["in"] == "path"],
            [p["name"] for p in parameters if p["in"] == "query"],
        ))  # fmt: skip
    return found


def test_the_api_never_fails_on_any_input(web_db):
    client = TestClient(create_app(web_db), raise_server_exceptions=False)
    table = routes(client)
    assert len(table) >= 6

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data):
        path, in_path, in_query = data.draw(st.sampled_from(table))
        for name in in_path:
            path = path.replace("{" + name + "}", quote(data.draw(NASTY), safe="") or "x")
        query = {n: data.draw(NASTY) for n in in_query if data.draw(st.booleans())}
        response = client.get(path, params=query)
        assert response.status_code in (200, 400, 404, 405), (path, query, response.text[:200])
        assert "Traceback" not in response.text and "root:" not in response.text
        if response.status_code >= 400:
            assert "error" in response.json()

    fuzz()


def test_pages_answer_while_an_ingest_writes(web_db, tmp_path):
    inputs = corpus(tmp_path / "articles", 80)
    db = tmp_path / "busy.db"
    subprocess.run([sys.executable, "-m", "storyline", "ingest", str(inputs / "000.txt"),
                    "--db", str(db), "-q"], check=True)  # fmt: skip
    client = TestClient(create_app(str(db)), raise_server_exceptions=False)
    writer = subprocess.Popen(
        [sys.executable, "-m", "storyline", "ingest", str(inputs), "--db", str(db),
         "--workers", "1", "--batch-size", "2", "-q"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    answered, counts = 0, []
    deadline = time.monotonic() + 300
    while writer.poll() is None and time.monotonic() < deadline:
        for path in ("/", "/api/stories", "/api/search?q=harbour", "/search?q=council"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            answered += 1
        stories = client.get("/api/stories").json()
        counts.append(sum(s["articles"] for s in stories))
    assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    assert answered > 8
    assert counts == sorted(counts)  # readers see whole batches only, never a count going back
    final = json.loads(client.get("/api/stories", params={"limit": 1000}).text)
    assert sum(s["articles"] for s in final) == 80

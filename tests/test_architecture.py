"""The package's shape: folders follow the flow, imports point only back up it, and the store
owns the SQL. Read from the source with ``ast``, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storyline

PACKAGE = Path(storyline.__file__).resolve().parent
# The flow, first to last: a module may import its own stage and the stages before it.
FLOW: tuple[tuple[str, ...], ...] = (
    ("records",),
    ("ingest",),
    ("extract",),
    ("analyse",),
    ("store",),
    ("corpus",),
    ("outputs",),
    ("pipeline", "watch", "corrections", "api"),
    ("cli", "web", "__main__"),
)
STAGE = {name: index for index, names in enumerate(FLOW) for name in names}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return None if parts == ("__init__",) else parts[0]


def _imported_stages(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "storyline" and len(parts) > 1 and parts[1] in STAGE:
                found.append((node.lineno, parts[1]))
    return found


def test_every_module_belongs_to_a_stage_of_the_flow():
    stages = {_stage_of(path) for path in _modules()} - {None}
    assert stages <= set(STAGE), stages - set(STAGE)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_only_back_up_the_flow(path):
    stage = _stage_of(path)
    if stage is None:
        return  # storyline/__init__.py is the public face: it may gather from anywhere
    later = [
        f"line {line}: {stage} imports {imported}"
        for line, imported in _imported_stages(path)
        if STAGE[imported] > STAGE[stage]
    ]
    assert not later


SQL_CALLS = frozenset({"execute", "executemany", "executescript", "db"})


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_store_runs_sql(path):
    if _stage_of(path) == "store":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in SQL_CALLS
    ]
    assert not found, "SQL outside store/ (add a Store method instead)"

"""Project-wide checks: style, documentation of the command line, no seed-specific rules."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from storyline.cli import cli
from tests.conftest import REPO


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff not installed")
def test_ruff_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        command = [sys.executable, "-m", "ruff", *args]
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy not installed")
def test_mypy_strict_clean():
    command = [sys.executable, "-m", "mypy", "src"]  # strict, as pyproject.toml says
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_readme_shows_every_command(command):
    assert re.search(rf"storyline {command}\b", (REPO / "README.md").read_text(encoding="utf-8"))


def test_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"
    )
    assert command in readme and command in ci


def test_the_command_line_starts_without_scikit_learn():
    """Every command imports the CLI; scikit-learn alone took a second of that, for nothing
    most commands use."""
    script = "import sys, storyline.cli; assert 'sklearn' not in sys.modules, 'sklearn loaded'"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

"""Turn what a user names on the command line into input files: files, folders, globs and stdin."""

from __future__ import annotations

import glob
import os
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.records import Failure

STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a path, or ``-`` for standard input."""

    name: str
    size: int | None = None

    @property
    def is_stdin(self) -> bool:
        return self.name == STDIN


def iter_input_files(
    paths: Sequence[str], *, exclude: Collection[str] = ()
) -> Iterator[InputFile | Failure]:
    """Expand paths into input files, depth first, in a stable order; failures name the path.

    ``exclude`` names files never to read (the database being written, with its journal files).
    """
    skip = {os.path.realpath(path) for path in exclude}
    for item in _expand(paths):
        if isinstance(item, Failure) or item.is_stdin or os.path.realpath(item.name) not in skip:
            yield item


def _expand(paths: Sequence[str]) -> Iterator[InputFile | Failure]:
    for path in paths:
        if path == STDIN:
            yield InputFile(STDIN)
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield _file(path)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Failure(path, "no file matches this pattern")
            walked: list[str] = []  # "dir/**" matches a folder and everything inside it too
            for match in matches:
                if any(os.path.commonpath([folder, match]) == folder for folder in walked):
                    continue
                if os.path.isdir(match):
                    walked.append(os.path.normpath(match))
                    yield from _walk(match)
                else:
                    yield _file(match)
        else:
            yield Failure(path, "no such file or folder")


def _file(path: str) -> InputFile | Failure:
    try:
        return InputFile(path, os.stat(path).st_size)
    except OSError as error:
        return Failure(path, f"cannot read: {error.strerror or error}")


def _walk(root: str) -> Iterator[InputFile | Failure]:
    """Files under ``root``, following links to folders once (a link loop is reported)."""
    seen: set[tuple[int, int]] = set()
    stack = [Path(root)]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            yield Failure(str(folder), f"cannot read folder: {error.strerror or error}")
            continue
        if (info.st_dev, info.st_ino) in seen:
            yield Failure(str(folder), "folder already visited (symbolic link loop), skipped")
            continue
        seen.add((info.st_dev, info.st_ino))
        files = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders: .git, .DS_Store, editor swap files
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(Path(entry.path))
            else:
                files.append(entry.path)
        for path in reversed(files):
            if os.path.isfile(path) or not os.path.exists(path):
                yield _file(path)

"""Turn what a user names on the command line into input files: files, folders, globs and stdin.

A folder or glob also holds files that are no articles (a README, a licence, a changelog, a
manifest): those are passed over with the reason, unless named one by one.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.records import Failure, Skipped

STDIN = "-"
# Names (before the first dot, any case) of the files a folder of articles ships beside them;
# a few more only in capitals ("HISTORY.md", "NOTICE"), as "history.txt" may well be an article.
PROJECT_FILES = frozenset(
    ["readme", "read_me", "read-me", "license", "licence", "licenses", "licences", "copying",
     "copyright", "authors", "contributors", "contributing", "code_of_conduct", "changelog"]
)  # fmt: skip
CAPITALISED_PROJECT_FILES = frozenset(
    ["notice", "changes", "history", "news", "todo", "install", "citation", "security", "thanks"]
)
MANIFEST_FILES = frozenset(["manifest", "checksums", "sha256sums", "sha1sums", "md5sums"])
# "LICENSE-NOTE.md", "readme_first.txt", "license-mit": a project file's name plus one such word.
# (A lower-case "license-plate-fraud.txt" stays an article.)
NAME_QUALIFIERS = frozenset(
    ["note", "notes", "first", "text", "info", "mit", "apache", "gpl", "bsd", "cc", "data",
     "code", "content", "docs", "en"]
)  # fmt: skip
_WORDS = re.compile(r"[-_ ]+")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a path, or ``-`` for standard input."""

    name: str
    size: int | None = None

    @property
    def is_stdin(self) -> bool:
        return self.name == STDIN


Source = InputFile | Failure | Skipped


def iter_input_files(paths: Sequence[str], *, exclude: Collection[str] = ()) -> Iterator[Source]:
    """Expand paths into input files, depth first, in a stable order; failures name the path.

    A file met in a folder or glob that is no article is a :class:`Skipped` (``whole_file``).
    ``exclude`` names files never to read (the database being written, with its journal files).
    """
    skip = {os.path.realpath(path) for path in exclude}
    for item in _expand(paths):
        if isinstance(item, InputFile) and not item.is_stdin:
            name: str | None = item.name
        else:
            name = item.location if isinstance(item, Skipped) else None
        if name is None or os.path.realpath(name) not in skip:
            yield item


def not_an_article(name: str) -> str | None:
    """Why a file, by its name, is no article (a README, a licence, a manifest), else None."""
    base = os.path.basename(name)
    stem = base.split(".", 1)[0]
    words = _WORDS.split(stem.lower())
    qualified = len(words) == 2 and (stem.isupper() or words[1] in NAME_QUALIFIERS)
    capitals = stem.isupper() and stem.lower() in CAPITALISED_PROJECT_FILES
    if stem.lower() in PROJECT_FILES or capitals or (qualified and words[0] in PROJECT_FILES):
        return "licence/readme file"
    if stem.lower() in MANIFEST_FILES or (qualified and words[0] in MANIFEST_FILES):
        return "manifest file"
    return None  # an image or a binary file is read, and reported as what it is


def _expand(paths: Sequence[str]) -> Iterator[Source]:
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
                    yield _listed(match)
        else:
            yield Failure(path, "no such file or folder")


def _file(path: str) -> InputFile | Failure:
    try:
        return InputFile(path, os.stat(path).st_size)
    except OSError as error:
        return Failure(path, f"cannot read: {error.strerror or error}")


def _listed(path: str) -> InputFile | Failure | Skipped:
    """A file met in a folder or glob: an input, unless its name says it is no article."""
    reason = not_an_article(path)
    if reason:
        return Skipped(path, f"not an article ({reason})", whole_file=True)
    return _file(path)


def _walk(root: str) -> Iterator[Source]:
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
                yield _listed(path)

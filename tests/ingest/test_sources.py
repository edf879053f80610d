import os

import pytest

from storyline.ingest.sources import InputFile, iter_input_files, not_an_article
from storyline.records import Failure, Skipped


def make_files(root, names):
    """Create each relative path under ``root`` with a few bytes of content."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"text of " + name.encode())


def names(root, results):
    """Input files as paths relative to ``root``; anything else as is."""
    return [
        os.path.relpath(item.name, root) if isinstance(item, InputFile) else item
        for item in results
    ]


def test_a_file_is_one_input_with_its_size(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"twelve bytes")
    assert list(iter_input_files([str(path)])) == [InputFile(str(path), 12)]


def test_a_folder_is_walked_depth_first_in_sorted_order(tmp_path):
    make_files(tmp_path, ["b.txt", "sub/deeper/d.txt", "a.txt", "sub/c.txt", "aa/x.txt"])
    results = list(iter_input_files([str(tmp_path)]))
    assert names(tmp_path, results) == [
        "a.txt",
        "b.txt",
        "aa/x.txt",
        "sub/c.txt",
        "sub/deeper/d.txt",
    ]


def test_a_folder_walk_is_stable(tmp_path):
    make_files(tmp_path, ["z.txt", "m/k.txt", "a.txt", "m/b.txt"])
    assert list(iter_input_files([str(tmp_path)])) == list(iter_input_files([str(tmp_path)]))


def test_hidden_files_and_folders_are_skipped(tmp_path):
    make_files(
        tmp_path, [".DS_Store", ".git/config", "sub/.story.swp", "sub/.cache/x.txt", "a.txt"]
    )
    results = list(iter_input_files([str(tmp_path)]))
    assert names(tmp_path, results) == ["a.txt"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt", "b.txt"]),
        ("**/*.txt", ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]),
        ("sub/**/*.txt", ["sub/c.txt", "sub/deeper/d.txt"]),
        ("s*", ["sub/c.txt", "sub/deeper/d.txt"]),
        ("**", ["a.txt", "b.txt", "page.html", "sub/c.txt", "sub/deeper/d.txt"]),
    ],
    ids=["star", "recursive", "recursive-under-folder", "matches-a-folder", "everything-once"],
)
def test_a_glob_expands_to_the_files_it_matches(tmp_path, pattern, expected):
    make_files(tmp_path, ["b.txt", "a.txt", "page.html", "sub/c.txt", "sub/deeper/d.txt"])
    results = list(iter_input_files([str(tmp_path / pattern)]))
    assert names(tmp_path, results) == expected


def test_a_missing_path_is_a_failure_naming_it(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert list(iter_input_files([missing])) == [Failure(missing, "no such file or folder")]


def test_a_glob_matching_nothing_is_a_failure(tmp_path):
    pattern = str(tmp_path / "*.warc")
    assert list(iter_input_files([pattern])) == [Failure(pattern, "no file matches this pattern")]


def test_a_failure_does_not_stop_the_other_paths(tmp_path):
    make_files(tmp_path, ["a.txt"])
    missing = str(tmp_path / "nope.txt")
    results = list(iter_input_files([missing, str(tmp_path / "a.txt")]))
    assert names(tmp_path, results) == [Failure(missing, "no such file or folder"), "a.txt"]


def test_dash_is_standard_input():
    results = list(iter_input_files(["-"]))
    assert results == [InputFile("-")]
    assert results[0].is_stdin
    assert results[0].size is None


def test_a_symlink_loop_terminates_with_a_failure(tmp_path):
    make_files(tmp_path, ["a.txt", "sub/b.txt"])
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    results = list(iter_input_files([str(tmp_path)]))
    assert names(tmp_path, results) == [
        "a.txt",
        "sub/b.txt",
        Failure(
            str(tmp_path / "sub" / "loop"), "folder already visited (symbolic link loop), skipped"
        ),
    ]


def test_a_broken_symlink_in_a_folder_is_a_failure(tmp_path):
    make_files(tmp_path, ["a.txt"])
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    results = list(iter_input_files([str(tmp_path)]))
    assert names(tmp_path, results) == [
        "a.txt",
        Failure(str(tmp_path / "dangling.txt"), "cannot read: No such file or directory"),
    ]


def test_a_broken_symlink_named_directly_is_a_failure(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert list(iter_input_files([str(link)])) == [Failure(str(link), "no such file or folder")]


FOLDER_OF_ARTICLES = [
    "LICENSE-NOTE.md", "README", "README.md", "LICENSE", "CHANGELOG", "manifest.json", "MANIFEST",
    "notes-from-kyiv.md", "story.txt", "license-plate-fraud.txt", "history.txt",
]  # fmt: skip


def test_a_folder_passes_over_files_that_are_no_article_saying_why(tmp_path):
    make_files(tmp_path, FOLDER_OF_ARTICLES)
    results = list(iter_input_files([str(tmp_path)]))
    inputs = [os.path.basename(item.name) for item in results if isinstance(item, InputFile)]
    assert inputs == ["history.txt", "license-plate-fraud.txt", "notes-from-kyiv.md", "story.txt"]
    skipped = {
        os.path.basename(item.location): item for item in results if isinstance(item, Skipped)
    }
    assert set(skipped) == set(FOLDER_OF_ARTICLES) - set(inputs)
    assert skipped["LICENSE-NOTE.md"] == Skipped(
        str(tmp_path / "LICENSE-NOTE.md"), "not an article (licence/readme file)", whole_file=True
    )
    assert skipped["MANIFEST"].reason == "not an article (manifest file)"


def test_a_glob_passes_over_files_that_are_no_article(tmp_path):
    make_files(tmp_path, ["README.md", "notes-from-kyiv.md"])
    results = list(iter_input_files([str(tmp_path / "*.md")]))
    assert names(tmp_path, results) == [
        Skipped(str(tmp_path / "README.md"), "not an article (licence/readme file)", True),
        "notes-from-kyiv.md",
    ]


def test_a_file_named_explicitly_is_read_whatever_its_name(tmp_path):
    make_files(tmp_path, ["README.md"])
    path = str(tmp_path / "README.md")
    assert list(iter_input_files([path])) == [InputFile(path, len(b"text of README.md"))]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("README.es.md", "licence/readme file"),
        ("readme_first.txt", "licence/readme file"),
        ("COPYING.LESSER", "licence/readme file"),
        ("HISTORY.md", "licence/readme file"),
        ("SHA256SUMS", "manifest file"),
        ("logo.png", None),
        ("changes-to-pension-law.txt", None),
        ("licence-fee-row.txt", None),
        ("news.txt", None),
        ("crawl.warc.gz", None),
        ("feed.jsonl", None),
    ],
)
def test_what_a_name_says_of_a_file(name, reason):
    assert not_an_article(name) == reason

import gzip
import io
import json
import sys
from types import SimpleNamespace

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest.readers import Limits, Skipped, detect_format, read_input
from storyline.ingest.sources import InputFile
from storyline.records import Failure, Hints, RawDocument

TEXT = b"The mayor opened the new bridge on Monday.\nResidents cheered.\n"
HTML = b"<html><head><title>Bridge</title></head><body><p>The bridge opened.</p></body></html>"
TRUNCATED = "truncated WARC record (the file ends inside it)"


def read(path, **limits):
    return list(read_input(InputFile(str(path)), limits=Limits(**limits)))


def write(path, data):
    path.write_bytes(data)
    return path


def jsonl(*records):
    """JSON Lines bytes: dicts are dumped, strings written as they are."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return "".join(line + "\n" for line in lines).encode()


def text_document(path, data, kind):
    return RawDocument(source=str(path), location=str(path), raw=data, payload=data, kind=kind)


# -- format detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("crawl.warc", b"", "warc"),
        ("crawl.WARC.GZ", b"", "warc"),
        ("old.arc", b"", "warc"),
        ("dump.jsonl", b"", "jsonl"),
        ("dump.ndjson.gz", b"", "jsonl"),
        ("dump.json", b"", "jsonl"),
        ("page.HTM", b"", "html"),
        ("page.xhtml", b"", "html"),
        ("notes.txt", b"<html><body>", "text"),
        ("notes.txt.gz", b"WARC/1.0\r\n", "text"),
    ],
)
def test_detect_format_by_extension(name, head, expected):
    assert detect_format(name, head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"\r\n  warc/1.0\r\n", "warc"),
        (b'{"text": "hello"}\n{"text": "again"}\n', "jsonl"),
        (b'\n   {"url": "https://example.com"}', "jsonl"),
        (b"<!DOCTYPE html>\n<html lang='en'>", "html"),
        (b"<HTML><BODY>shouting</BODY></HTML>", "html"),
        (b"<div><article><p>Story</p></article></div>", "html"),
        (b"<meta charset='utf-8'><p>x</p>", "html"),
        (b"Just a plain story about <b>bold</b> moves.", "text"),
        (b"", "text"),
    ],
)
def test_detect_format_by_sniffing(head, expected):
    assert detect_format("stdin-or-no-extension", head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("input.gz", "warc"), ("page.html.gz", "html"), ("notes.txt.gz", "text")],
)
def test_detect_format_strips_gz_before_looking(name, expected):
    assert detect_format(name, b"WARC/1.0\r\n") == expected


# -- whole files --------------------------------------------------------------------------------


def test_a_text_file_is_one_raw_document(tmp_path):
    path = write(tmp_path / "story.txt", TEXT)
    assert read(path) == [text_document(path, TEXT, "text")]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page"])
def test_an_html_file_is_one_html_document(tmp_path, name):
    path = write(tmp_path / name, HTML)
    assert read(path) == [text_document(path, HTML, "html")]


def test_the_id_depends_on_the_bytes_only(tmp_path):
    one = read(write(tmp_path / "one.txt", TEXT))[0]
    same = read(write(tmp_path / "same.txt", TEXT))[0]
    other = read(write(tmp_path / "other.txt", TEXT + b"!"))[0]
    assert one.id == same.id == "7c3e46602e3b53fa"  # the first 16 hex digits of its SHA-256
    assert one.id != other.id


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("story.txt.gz", TEXT, "text"),
        ("page.html.gz", HTML, "html"),
        ("page.gz", HTML, "html"),
        ("story", TEXT, "text"),
    ],
)
def test_a_gzip_file_is_read_through(tmp_path, name, content, kind):
    path = write(tmp_path / name, gzip.compress(content))
    assert read(path) == [text_document(path, content, kind)]


def test_a_gzip_jsonl_file_is_read_through(tmp_path):
    path = write(tmp_path / "dump.jsonl.gz", gzip.compress(jsonl({"text": "one"}, {"text": "two"})))
    assert [(doc.location, doc.payload) for doc in read(path)] == [
        (f"{path}:1", "one"),
        (f"{path}:2", "two"),
    ]


def test_a_truncated_gzip_is_one_failure(tmp_path):
    path = write(tmp_path / "story.txt.gz", gzip.compress(TEXT * 50)[:-12])
    assert read(path) == [
        Failure(
            str(path),
            "truncated or corrupt gzip (Compressed file ended before the end-of-stream marker "
            "was reached)",
        )
    ]


def test_a_gzip_with_a_corrupt_header_is_one_failure(tmp_path):
    path = write(tmp_path / "story.txt.gz", b"\x1f\x8b" + b"not really compressed")
    [failure] = read(path)
    assert failure.location == str(path)
    assert failure.reason.startswith("not a valid gzip file")


def test_a_truncated_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path):
    data = gzip.compress(jsonl(*({"text": f"line {n}"} for n in range(1, 2001))))
    results = read(write(tmp_path / "dump.jsonl.gz", data[: len(data) // 2]))
    *documents, failure = results
    assert [doc.payload for doc in documents[:2]] == ["line 1", "line 2"]
    assert all(isinstance(doc, RawDocument) for doc in documents)
    assert failure.location == f"{tmp_path / 'dump.jsonl.gz'}:{len(documents) + 1}"
    assert failure.reason.startswith("truncated or corrupt gzip")


def test_a_gzip_bomb_is_stopped(tmp_path):
    path = write(tmp_path / "bomb.txt.gz", gzip.compress(b" a" * 500_000))
    assert read(path, max_decompressed_bytes=10_000) == [
        Failure(str(path), "decompressed size over the limit (a gzip bomb?)")
    ]


def test_a_gzip_bomb_in_jsonl_is_stopped_after_the_lines_within_the_limit(tmp_path):
    data = gzip.compress(jsonl(*({"text": "x" * 80} for _ in range(10_000))))
    path = write(tmp_path / "bomb.jsonl.gz", data)
    *documents, failure = read(path, max_decompressed_bytes=1_000)
    assert len(documents) == 1_000 // len(b'{"text": "' + b"x" * 80 + b'"}\n')
    assert failure == Failure(str(path), "decompressed size over the limit (a gzip bomb?)")


def test_a_document_over_the_size_limit_is_a_failure_naming_the_limit(tmp_path):
    path = write(tmp_path / "big.txt", b"x" * 101)
    assert read(path, max_document_bytes=100) == [
        Failure(str(path), "document larger than the 100 byte limit")
    ]


def test_a_document_at_the_size_limit_is_read(tmp_path):
    path = write(tmp_path / "big.txt", b"x" * 100)
    assert read(path, max_document_bytes=100) == [text_document(path, b"x" * 100, "text")]


def test_the_size_limit_is_named_in_mib_when_whole(tmp_path):
    path = write(tmp_path / "big.txt", b"x" * (1024 * 1024 + 1))
    assert read(path, max_document_bytes=1024 * 1024) == [
        Failure(str(path), "document larger than the 1 MiB limit")
    ]


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n"], ids=["empty", "whitespace"])
def test_an_empty_file_is_a_failure(tmp_path, data):
    path = write(tmp_path / "empty.txt", data)
    assert read(path) == [Failure(str(path), "empty file")]


def test_a_file_gone_before_reading_is_a_failure(tmp_path):
    path = tmp_path / "gone.txt"
    assert read(path) == [Failure(str(path), "cannot read: No such file or directory")]


# -- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_lines_are_documents_with_hints(tmp_path):
    record = {
        "url": "https://news.example/bridge",
        "title": "Bridge opens",
        "published": "2024-03-01",
        "outlet": "Example News",
        "language": "en",
        "text": "The bridge opened on Monday.",
    }
    path = write(tmp_path / "dump.jsonl", jsonl(record))
    line = json.dumps(record, ensure_ascii=False).encode()
    assert read(path) == [
        RawDocument(
            source=f"{path}:1",
            location=f"{path}:1",
            raw=line,
            payload="The bridge opened on Monday.",
            kind="text",
            hints=Hints(
                url="https://news.example/bridge",
                title="Bridge opens",
                published="2024-03-01",
                outlet="Example News",
                language="en",
            ),
        )
    ]


@pytest.mark.parametrize(
    ("record", "hints"),
    [
        ({"maintext": "Body."}, Hints()),
        ({"body": "Body.", "headline": "Headline"}, Hints(title="Headline")),
        (
            {"content": "Body.", "date_publish": "2019-05-06 07:08:09"},
            Hints(published="2019-05-06 07:08:09"),
        ),
        ({"article": "Body.", "date": "2020-01-02"}, Hints(published="2020-01-02")),
        ({"text": "Body.", "published_at": "2021"}, Hints(published="2021")),
        ({"text": "Body.", "link": "https://a.example/"}, Hints(url="https://a.example/")),
        ({"text": "Body.", "source_url": "https://b.example/"}, Hints(url="https://b.example/")),
        ({"text": "Body.", "source_domain": "c.example"}, Hints(outlet="c.example")),
        ({"text": "Body.", "sitename": "Site"}, Hints(outlet="Site")),
        ({"text": "Body.", "lang": "fr"}, Hints(language="fr")),
    ],
)
def test_jsonl_field_aliases(tmp_path, record, hints):
    [document] = read(write(tmp_path / "dump.jsonl", jsonl(record)))
    assert (document.payload, document.kind, document.hints) == ("Body.", "text", hints)


@pytest.mark.parametrize(
    ("record", "payload", "hints"),
    [
        ({"text": "First.", "body": "Second."}, "First.", Hints()),
        ({"text": "  ", "body": "Second."}, "Second.", Hints()),
        ({"text": "Body.", "title": 42, "headline": "Words"}, "Body.", Hints(title="Words")),
        ({"text": "Body.", "url": None}, "Body.", Hints()),
    ],
    ids=["first-name-wins", "blank-skipped", "non-string-skipped", "null-skipped"],
)
def test_jsonl_first_non_empty_string_wins(tmp_path, record, payload, hints):
    [document] = read(write(tmp_path / "dump.jsonl", jsonl(record)))
    assert (document.payload, document.hints) == (payload, hints)


@pytest.mark.parametrize(
    "record",
    [{"html": "<p>Story</p>"}, {"raw_html": "<p>Story</p>"}, {"html": "<p>Story</p>", "text": "x"}],
)
def test_a_jsonl_line_with_html_is_an_html_document(tmp_path, record):
    [document] = read(write(tmp_path / "dump.jsonl", jsonl(record)))
    assert (document.kind, document.payload) == ("html", "<p>Story</p>")


def test_a_malformed_jsonl_line_fails_and_the_next_lines_still_come(tmp_path):
    path = write(
        tmp_path / "dump.jsonl", jsonl({"text": "one"}, '{"text": "two"', {"text": "three"})
    )
    assert read(path)[1:] == [
        Failure(f"{path}:2", "malformed JSON (Expecting ',' delimiter at column 15)"),
        RawDocument(
            source=f"{path}:3",
            location=f"{path}:3",
            raw=b'{"text": "three"}',
            payload="three",
            kind="text",
        ),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "expected a JSON object, got list"),
        ('"just a string"', "expected a JSON object, got str"),
        ('{"title": "No body"}', "no article text: needs a non-empty 'text' or 'html' field"),
        (
            '{"text": "   ", "html": ""}',
            "no article text: needs a non-empty 'text' or 'html' field",
        ),
        ('{"text": ["a", "list"]}', "no article text: needs a non-empty 'text' or 'html' field"),
    ],
)
def test_a_jsonl_line_without_an_article_is_a_failure(tmp_path, line, reason):
    path = write(tmp_path / "dump.jsonl", jsonl(line))
    assert read(path) == [Failure(f"{path}:1", reason)]


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path):
    path = write(tmp_path / "dump.jsonl", b'{"text": "one"}\n\n  \n{"text": "four"}')
    assert [doc.location for doc in read(path)] == [f"{path}:1", f"{path}:4"]


def test_jsonl_crlf_line_endings_are_not_part_of_raw(tmp_path):
    path = write(tmp_path / "dump.jsonl", b'{"text": "one"}\r\n{"text": "two"}\r\n')
    assert [doc.raw for doc in read(path)] == [b'{"text": "one"}', b'{"text": "two"}']


def test_jsonl_utf8_bom_is_ignored(tmp_path):
    path = write(tmp_path / "dump.jsonl", b'\xef\xbb\xbf{"text": "caf\xc3\xa9"}\n')
    assert [doc.payload for doc in read(path)] == ["café"]


@pytest.mark.parametrize("last_newline", ["\n", ""], ids=["newline", "no-final-newline"])
def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_read(tmp_path, last_newline):
    long = json.dumps({"text": "x" * 300})
    data = jsonl({"text": "short"}, long) + (json.dumps({"text": "after"}) + last_newline).encode()
    path = write(tmp_path / "dump.jsonl", data)
    results = read(path, max_document_bytes=200)
    assert [(type(r).__name__, r.location) for r in results] == [
        ("RawDocument", f"{path}:1"),
        ("Failure", f"{path}:2"),
        ("RawDocument", f"{path}:3"),
    ]
    assert results[1].reason == "line longer than the 200 byte limit"
    assert results[2].payload == "after"


def test_a_last_jsonl_line_over_the_limit_is_a_failure(tmp_path):
    path = write(tmp_path / "dump.jsonl", jsonl({"text": "short"}) + b'{"text": "' + b"y" * 300)
    assert read(path, max_document_bytes=200)[1:] == [
        Failure(f"{path}:2", "line longer than the 200 byte limit")
    ]


def test_a_jsonl_line_exactly_at_the_limit_is_read(tmp_path):
    line = json.dumps({"text": "z" * 20}).encode()
    path = write(tmp_path / "dump.jsonl", line + b"\n" + line + b"\n")
    results = read(path, max_document_bytes=len(line))
    assert [doc.payload for doc in results] == ["z" * 20, "z" * 20]


# -- WARC ---------------------------------------------------------------------------------------

DATE = "2024-03-01T12:00:00Z"


def warc(*records, gz):
    """WARC bytes holding ``records``: (type, url, content type, body) tuples."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for rec_type, url, content_type, body in records:
        if rec_type == "warcinfo":
            record = writer.create_warcinfo_record("test.warc", {"software": "tests"})
        elif rec_type == "resource":
            record = writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(body),
                warc_content_type=content_type,
                warc_headers_dict={"WARC-Date": DATE},
            )
        else:
            headers = [("Content-Length", str(len(body)))]
            if content_type:
                headers.append(("Content-Type", content_type))
            if rec_type == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", headers, is_http_request=True)
            else:
                http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                rec_type,
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": DATE},
            )
        writer.write_record(record)
    return buffer.getvalue()


def page(n):
    """An HTML body that compresses poorly, so cutting a gzip WARC lands inside it."""
    words = " ".join(f"w{(n * 7919 + i * 104729) % 100003}" for i in range(300))
    return f"<html><body><p>Page {n}: {words}</p></body></html>".encode()


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_an_html_response_is_a_document_with_the_http_body(tmp_path, gz):
    data = warc(
        ("response", "https://news.example/a", "text/html; charset=ISO-8859-1", HTML), gz=gz
    )
    path = write(tmp_path / "crawl.warc", data)
    location = f"{path}#record1"
    assert read(path) == [
        RawDocument(
            source=location,
            location=location,
            raw=HTML,
            payload=HTML,
            kind="html",
            hints=Hints(url="https://news.example/a", charset="iso-8859-1", crawl_date=DATE),
        )
    ]


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html", None),
        ('text/html; charset="UTF-8"', "utf-8"),
        ("application/xhtml+xml;charset=windows-1252", "windows-1252"),
    ],
)
def test_the_charset_comes_from_the_http_content_type(tmp_path, content_type, charset):
    path = write(
        tmp_path / "crawl.warc",
        warc(("response", "https://a.example/", content_type, HTML), gz=False),
    )
    [document] = read(path)
    assert document.hints.charset == charset


def test_a_non_html_response_is_skipped(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    path = write(
        tmp_path / "crawl.warc",
        warc(("response", "https://a.example/x.png", "image/png", png), gz=False),
    )
    assert read(path) == [Skipped(f"{path}#record1", "not HTML (image/png)")]


def test_warcinfo_and_request_records_are_ignored(tmp_path):
    data = warc(
        ("warcinfo", None, None, b""),
        ("request", "https://a.example/", None, b""),
        ("response", "https://a.example/", "text/html", HTML),
        gz=True,
    )
    path = write(tmp_path / "crawl.warc.gz", data)
    assert [(type(r).__name__, r.location) for r in read(path)] == [
        ("RawDocument", f"{path}#record3")
    ]


def test_an_html_resource_record_is_a_document(tmp_path):
    data = warc(("resource", "https://a.example/saved", "text/html", HTML), gz=False)
    [document] = read(write(tmp_path / "crawl.warc", data))
    assert (document.kind, document.raw, document.hints.url) == (
        "html",
        HTML,
        "https://a.example/saved",
    )


def test_a_warc_is_sniffed_without_an_extension(tmp_path):
    data = warc(("response", "https://a.example/", "text/html", HTML), gz=True)
    [document] = read(write(tmp_path / "download", data))
    assert document.raw == HTML


def test_a_warc_record_over_the_size_limit_is_a_failure(tmp_path):
    data = warc(
        ("response", "https://a.example/big", "text/html", b"<p>" + b"x" * 500 + b"</p>"),
        ("response", "https://a.example/small", "text/html", HTML),
        gz=False,
    )
    path = write(tmp_path / "crawl.warc", data)
    results = read(path, max_document_bytes=200)
    assert results[0] == Failure(f"{path}#record1", "record larger than the 200 byte limit")
    assert results[1].raw == HTML


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_a_warc_cut_inside_a_record_keeps_the_earlier_records(tmp_path, gz):
    earlier = warc(
        ("warcinfo", None, None, b""),
        ("response", "https://a.example/1", "text/html", page(1)),
        gz=gz,
    )
    last = warc(("response", "https://a.example/2", "text/html", page(2)), gz=gz)
    path = write(tmp_path / "crawl.warc", earlier + last[: len(last) * 2 // 3])
    results = read(path)
    assert [(type(r).__name__, r.location) for r in results] == [
        ("RawDocument", f"{path}#record2"),
        ("Failure", f"{path}#record3"),
    ]
    assert results[0].raw == page(1)
    assert results[1].reason == TRUNCATED


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(
    ("keep", "reason"),
    [
        (10, TRUNCATED),  # "WARC/1.0\r\n" and nothing more
        (120, "broken WARC record (incomplete record header)"),  # before WARC-Target-URI
        (250, TRUNCATED),  # before Content-Length
    ],
    ids=["status-line", "before-target-uri", "before-content-length"],
)
def test_a_warc_cut_inside_the_record_headers_is_a_failure(tmp_path, gz, keep, reason):
    earlier = warc(("response", "https://a.example/1", "text/html", HTML), gz=gz)
    last = warc(("response", "https://a.example/2", "text/html", HTML), gz=False)
    cut = gzip.compress(last[:keep]) if gz else last[:keep]
    path = write(tmp_path / "crawl.warc", earlier + cut)
    results = read(path)
    assert results[0].raw == HTML
    assert results[1:] == [Failure(f"{path}#record2", reason)]


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_garbage_after_a_warc_record_is_a_failure(tmp_path, gz):
    data = warc(("response", "https://a.example/1", "text/html", HTML), gz=gz)
    path = write(tmp_path / "crawl.warc", data + b"this is not a WARC record\r\n\r\n")
    results = read(path)
    assert results[0].raw == HTML
    assert results[1].location == f"{path}#record2"
    assert results[1].reason.startswith("broken WARC record (")
    assert len(results) == 2


# -- standard input -----------------------------------------------------------------------------


def stdin(monkeypatch, data):
    buffer = io.BufferedReader(io.BytesIO(data))
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=buffer))


def test_stdin_text_is_one_document(monkeypatch):
    stdin(monkeypatch, TEXT)
    assert list(read_input(InputFile("-"))) == [
        RawDocument(source="-", location="-", raw=TEXT, payload=TEXT, kind="text")
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HTML, [("-", "html")]),
        (gzip.compress(HTML), [("-", "html")]),
        (jsonl({"text": "a"}, {"html": "<p>b</p>"}), [("-:1", "text"), ("-:2", "html")]),
    ],
    ids=["html", "gzip-html", "jsonl"],
)
def test_stdin_format_is_sniffed(monkeypatch, data, expected):
    stdin(monkeypatch, data)
    assert [(doc.location, doc.kind) for doc in read_input(InputFile("-"))] == expected


def test_stdin_warc_is_read(monkeypatch):
    stdin(monkeypatch, warc(("response", "https://a.example/", "text/html", HTML), gz=True))
    [document] = read_input(InputFile("-"))
    assert (document.location, document.raw) == ("-#record1", HTML)


def test_empty_stdin_is_a_failure(monkeypatch):
    stdin(monkeypatch, b"")
    assert list(read_input(InputFile("-"))) == [Failure("-", "empty file")]

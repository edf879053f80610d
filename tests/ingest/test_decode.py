import codecs

import pytest

from storyline.ingest.decode import DecodeError, declared_html_charset, decode

ASCII = "The mayor opened the new bridge on Monday."
FRENCH = (
    "Le café est fermé aujourd'hui, désolé pour la gêne occasionnée. Nous rouvrirons "
    "demain matin à huit heures, comme d'habitude, avec des crêpes et du thé."
)
SPANISH = (
    "El alcalde anunció que la plaza estará cerrada durante el año. Los niños podrán "
    "jugar en el parque del señor Martínez, según informó el periódico."
)
CURLY = "“We will rebuild the bridge,” the mayor said. “It’s a promise to every café owner.”"
CHINESE = "今天市政府宣布了新的交通计划，市民们对此表示欢迎。这项计划将在明年春天开始实施。"
RUSSIAN = "Сегодня мэр города объявил о новом плане строительства моста через реку."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Café — naïve résumé".encode(), "Café — naïve résumé", "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "Café", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ASCII.encode("utf-16-le"), ASCII, "utf-16"),
        (codecs.BOM_UTF16_BE + ASCII.encode("utf-16-be"), ASCII, "utf-16"),
        (ASCII.encode("utf-16-le"), ASCII, "utf-16-le"),
        (ASCII.encode("utf-16-be"), ASCII, "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"],
)
def test_unicode_encodings(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (CURLY.encode("cp1252"), CURLY),
        (FRENCH.encode("latin-1"), FRENCH),
        (SPANISH.encode("latin-1"), SPANISH),
    ],
    ids=["cp1252-curly-quotes", "latin-1-french", "latin-1-spanish"],
)
def test_western_legacy_text_decodes_as_cp1252(data, text):
    assert decode(data) == (text, "cp1252")


def test_gb18030_chinese_is_detected():
    assert decode(CHINESE.encode("gb18030")) == (CHINESE, "gb18030")


def test_declared_charset_is_honoured():
    assert decode(RUSSIAN.encode("koi8-r"), declared="koi8-r") == (RUSSIAN, "koi8-r")


def test_declared_charset_wins_over_utf8():
    assert decode("café".encode(), declared="latin-1") == ("cafÃ©", "latin-1")


def test_unknown_declared_charset_falls_back_to_utf8():
    assert decode("café".encode(), declared="no-such-charset") == ("café", "utf-8")


@pytest.mark.parametrize("data", [b"", b"   \r\n\t  \n"], ids=["empty", "whitespace"])
def test_empty_input_is_refused(data):
    with pytest.raises(DecodeError, match="empty input"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        + bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 8,
    ],
    ids=["png-with-nuls", "control-bytes-without-nuls"],
)
def test_binary_input_is_refused(data):
    with pytest.raises(DecodeError, match="binary"):
        decode(data)


def test_stray_nul_bytes_are_removed():
    text = "The council met on Tuesday to discuss the budget for next year. " * 5
    data = text.encode().replace(b"Tuesday", b"Tues\x00day", 1).replace(b"budget", b"bud\x00get", 1)
    assert decode(data) == (text, "utf-8")


@pytest.mark.parametrize(
    ("html", "charset"),
    [
        (b'<html><head><meta charset="utf-8"></head>', "utf-8"),
        (b"<head><META CHARSET=ISO-8859-1>", "iso-8859-1"),
        (b"<meta charset='Windows-1252' />", "windows-1252"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
            "shift_jis",
        ),
        (b"<meta content='text/html;charset=gb2312' http-equiv='Content-Type'>", "gb2312"),
        (b"<html><head><title>No charset here</title></head>", None),
        (b"<p>" + b"x" * 5000 + b'<meta charset="utf-8">', None),
    ],
    ids=[
        "charset",
        "upper-case",
        "self-closing",
        "http-equiv",
        "content-first",
        "none",
        "too-late",
    ],
)
def test_declared_html_charset(html, charset):
    assert declared_html_charset(html) == charset

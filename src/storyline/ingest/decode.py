"""Bytes to text: BOMs, declared charsets, UTF-8, then detection; binary content is refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes

SNIFF_BYTES = 64 * 1024  # enough for detection; more only costs time
MAX_CONTROL_SHARE = 0.01  # text with more control characters than this is binary in disguise
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` for empty or binary content."""
    if not data.strip():
        raise DecodeError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace")), encoding
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        utf16 = _bomless_utf16(head)
        if utf16:
            return _checked(data.decode(utf16, errors="replace")), utf16
        if head.count(0) > MAX_CONTROL_SHARE * len(head):
            raise DecodeError("binary content (NUL bytes), not text")
        data = data.replace(b"\x00", b"")  # a few stray NULs in real text
    for encoding in _candidates(declared):
        try:
            return _checked(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    matches = from_bytes(data[:SNIFF_BYTES])
    best = matches.best()
    if best is None:
        raise DecodeError("binary content, not text in any known encoding")
    encoding = _prefer_cp1252(matches, best)
    return _checked(data.decode(encoding, errors="replace")), encoding


def _prefer_cp1252(matches: CharsetMatches, best: CharsetMatch) -> str:
    """windows-1252, the web's legacy default, when detection rates it as good as the best.

    charset_normalizer breaks such ties arbitrarily: French or Spanish latin-1 text comes back as
    cp1250, which turns "gêne" into "gęne" and "niño" into "nińo".
    """
    for match in matches:
        tied = (match.chaos, match.coherence) == (best.chaos, best.coherence)
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


def _candidates(declared: str | None) -> list[str]:
    names = [declared] if declared else []
    return [*names, "utf-8"]


def _bomless_utf16(head: bytes) -> str | None:
    # Mostly-ASCII UTF-16 without a BOM has a NUL in every other byte.
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    half = max(len(head) // 2, 1)
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    sample = text[:SNIFF_BYTES]
    if sample and len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise DecodeError("binary content (control characters), not text")
    return text

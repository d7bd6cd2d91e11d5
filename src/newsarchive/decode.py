"""Decode a page file's bytes into text, recording the encoding.

Order of trust: a byte-order mark; strict UTF-8; strict GB18030 (a superset
of GBK and GB2312, the usual encodings of Chinese PDF extractions); then
charset-normalizer's best guess.  Binary, empty, oversized and undecodable
files raise `InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import InputError

# A newspaper page is some tens of kilobytes; anything this large is not one.
MAX_PAGE_BYTES = 5 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of files that are sometimes dropped into a text folder.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}

# Control characters other than line breaks and tabs: many of them mean a binary file.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) or raise InputError('<name>: <reason>')."""
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{name}: file too large for a page ({len(data) / 1e6:.1f} MB; limit {MAX_PAGE_BYTES / 1e6:.0f} MB)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: undecodable: byte-order mark says {encoding} but byte {exc.start} is invalid") from None
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name}: binary file ({what}), not page text")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), not page text")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), name), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: undecodable: not UTF-8, GB18030 or any encoding charset-normalizer recognises")
    return _checked(str(best), name), best.encoding


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty file (no text)")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name}: binary file ({controls} control characters), not page text")
    return text

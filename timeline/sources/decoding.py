"""Bytes to text: size limit, binary data, and the encoding of text that is not UTF-8."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from timeline.sources.errors import Notice, NoticeHandler, SourceError
from timeline.sources.options import MEGABYTE

# Control characters that never occur in text (tab, newline, form feed, carriage return do).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def size_text(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB" if size >= MEGABYTE / 10 else f"{size:,} bytes"


def too_big(size: int, limit: int) -> str:
    return f"{size_text(size)}, over the size limit of {size_text(limit)} (raise it with --max-size MB)"


def read_bytes(path: Path, max_size: int) -> bytes:
    """The bytes of a file no larger than `max_size`, or an error naming it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > max_size:
        raise SourceError(path, too_big(path.stat().st_size, max_size))
    return data


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in sample or len(_BINARY_BYTES.findall(sample)) > len(sample) // 100


def decode(data: bytes, where: str | Path, notify: NoticeHandler | None = None, declared: str | None = None) -> str:
    """Text of `data`: its BOM's encoding, else the `declared` one (an HTTP header, a meta tag),
    else UTF-8, else the encoding charset-normalizer detects (with a warning, since a guess
    can be wrong). Binary data and empty text are errors."""
    if looks_binary(data):
        raise SourceError(where, "binary file, not text")
    text = _decode(data, where, notify, declared)
    if not text.strip():
        raise SourceError(where, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, where: str | Path, notify: NoticeHandler | None, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError(where, "not text in any encoding that could be detected")
    if notify is not None:
        notify(Notice("warning", str(where), f"not UTF-8; read as {best.encoding} (detected)"))
    return str(best)

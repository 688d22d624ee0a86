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
    encoding, text = _detect(data, where)
    if notify is not None:
        notify(Notice("warning", str(where), f"not UTF-8; read as {encoding} (detected)"))
    return text


# Legacy encodings, most common first. On short texts charset-normalizer often ranks a rare code
# page (cp775 for English) level with the usual one; among its near-best guesses the common wins.
_COMMON_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15", "cp1251", "cp1250", "koi8_r", "iso8859_2", "gb18030", "gb2312", "big5",
    "cp932", "shift_jis", "euc_jp", "euc_kr", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "mac_roman",
)  # fmt: skip
_NEAR_BEST = 0.05  # charset-normalizer's "chaos" (share of odd characters) within which guesses tie


def _detect(data: bytes, where: str | Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise SourceError(where, "not text in any encoding that could be detected")
    best = min(m.chaos for m in matches)
    rank = {name: i for i, name in enumerate(_COMMON_ENCODINGS)}
    choice = min((m for m in matches if m.chaos <= best + _NEAR_BEST), key=lambda m: rank.get(m.encoding, len(rank)))
    text = str(choice)
    try:  # cp1250 and cp1252 agree on most Western text: name the usual one when they do
        if choice.encoding != "cp1252" and data.decode("cp1252") == text:
            return "cp1252", text
    except UnicodeDecodeError:
        pass
    return choice.encoding, text

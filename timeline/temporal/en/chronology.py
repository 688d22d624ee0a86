"""Chronologies: a run of entries each opening on its date ("April 20 - An explosion kills 11
workers. ... June 16 - BP agrees to a fund. ..."), as a factbox or a "timeline of events" box
lists them, often months after its first entry and in the present tense of a record.

Each date without a year is read on its own, the nearest such day to the publication unless
its sentence's tense says otherwise, and a chronology's entries rarely have one: "April 20 -
... kills" in a box published in January is read as the coming April while "July 15 - ..."
stays in the last year, and the box comes out of order. A chronology is written in date order,
so its dates without a year are read in its order, as a reader reads them: each entry after one
written with a year ("Jan. 5, 2009 - ...") is the first such day not before the entry before
it, and each before the first such entry the latest such day not after the entry after it.
A run with no year written is read again only when its readings are out of order, back from
its last entry. An entry a few days out of order is the source's slip, not a turn of the year.
A chronology may run newest first ("Latest developments: ..."), when most of its entries' days
come before the one before them in the year. Runs whose readings are already in order (a schedule of coming days, a chronology
read right) are left as they are.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date, timedelta

from timeline.records import TimeExpression
from timeline.temporal.engine import Example

# An entry's date opens its line or sentence (perhaps after a bullet) ...
_OPENS = re.compile(r"(?:\n|[.!?;][\"'”’)\]]*[ \t])[ \t]*(?:[*•·][ \t]*)?$")
# ... and a dash or a colon follows it before the entry's text.
_HEADS = re.compile(r"[ \t]*(?:-{1,2}|–|—|:)[ \t]+\S")
# A date written with its year ("June 5, 2010", "'98") is the text's own word on it.
_WRITTEN_YEAR = re.compile(r"\d{4}|['’]\d\d\b")
# Fewer entries than this are no chronology (two lines that open on a date may be anything).
FEWEST_ENTRIES = 3
# Entries further apart than this (in characters) belong to different runs.
LONGEST_ENTRY = 1500
# An entry this much out of order is the source's slip ("June 28: ... June 19: ..."), not a
# turn of the year: read in the year of its neighbour.
SLIP = timedelta(days=31)
# How far before an entry's date its opening is looked for (a line break, a bullet, a sentence end).
_LOOK_BACK = 8


def _heads_entry(text: str, expression: TimeExpression) -> bool:
    """Whether `expression` is the date an entry opens on: first in its line or sentence, a dash
    or a colon after it."""
    if expression.type != "DATE" or expression.interval_start is None or expression.parts:
        return False
    before = text[max(0, expression.start - _LOOK_BACK) : expression.start]
    opens = _OPENS.search(before) is not None or (expression.start <= _LOOK_BACK and not before.strip(" \t*•·"))
    return opens and _HEADS.match(text, expression.end) is not None


def _movable(expression: TimeExpression) -> bool:
    """A day written without its year ("June 16", "16 June"), which a chronology's order may move."""
    return (
        expression.rule == "month_day"
        and expression.granularity == "day"
        and expression.end_value is None
        and _WRITTEN_YEAR.search(expression.text) is None
    )


def _in_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _before(day: date, following: date) -> date:
    """The day's date as the entry before one of `following`: the latest such day not after it,
    unless the one after it is within SLIP (a source's slip of order, not a year's turn)."""
    candidates = [c for year in range(following.year - 2, following.year + 2) if (c := _in_year(day, year))]
    after = [c for c in candidates if c > following]
    if after and min(after) - following <= SLIP:
        return min(after)
    return max((c for c in candidates if c <= following), default=day)


def _after(day: date, preceding: date) -> date:
    """The day's date as the entry after one of `preceding` (as `_before`, the other way)."""
    candidates = [c for year in range(preceding.year - 1, preceding.year + 3) if (c := _in_year(day, year))]
    before = [c for c in candidates if c < preceding]
    if before and preceding - max(before) <= SLIP:
        return max(before)
    return min((c for c in candidates if c >= preceding), default=day)


def _runs(text: str, found: list[TimeExpression]) -> list[list[int]]:
    """The places in `found` of the entries of each run of chronology entries."""
    runs: list[list[int]] = []
    for index, expression in enumerate(found):
        if not (_heads_entry(text, expression) and (_movable(expression) or _WRITTEN_YEAR.search(expression.text))):
            continue
        if runs and expression.start - found[runs[-1][-1]].start <= LONGEST_ENTRY:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [run for run in runs if len(run) >= FEWEST_ENTRIES]


def _read_forward(days: list[date], movable: list[bool]) -> list[date]:
    """The days of a run read as a chronology written oldest first: each movable one after an
    entry written with a year follows it; those before the first such entry (or all, when none
    has one) lead up to the entry after them."""
    days = list(days)
    written = [k for k, m in enumerate(movable) if not m]
    first = written[0] if written else len(days) - 1
    for k in range(first - 1, -1, -1):
        if movable[k]:
            days[k] = _before(days[k], days[k + 1])
    for k in range(first + 1, len(days)):
        if movable[k]:
            days[k] = _after(days[k], days[k - 1])
    return days


def in_order(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """`found`, with the dates without a year of each chronology read in its order (see above)."""
    result = list(found)
    for run in _runs(text, found):
        days: list[date] = [found[i].interval_start for i in run]  # type: ignore[misc]
        movable = [_movable(found[i]) for i in run]
        pairs = list(itertools.pairwise(days))
        if all(movable) and (all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)):
            continue  # read in order already (a schedule of coming days, a chronology read right, newest first or not)
        # Oldest first or newest first ("Latest developments: ..."): as most of its entries' days
        # follow one another through the year (a turn of the year goes against it once).
        # (A tie, as a turn of the year in three entries makes, goes as the days read alone go.)
        later = sum((a.month, a.day) < (b.month, b.day) for a, b in pairs), sum(a < b for a, b in pairs)
        earlier = sum((a.month, a.day) > (b.month, b.day) for a, b in pairs), sum(a > b for a, b in pairs)
        moved = _read_forward(days[::-1], movable[::-1])[::-1] if earlier > later else _read_forward(days, movable)
        for k, i in enumerate(run):
            if moved[k] != found[i].interval_start:
                result[i] = dataclasses.replace(
                    found[i], value=moved[k].isoformat(), interval_start=moved[k], interval_end=moved[k] + timedelta(days=1)
                )
    return result


def _ex(sentence: str, text: str, value: str, published: str) -> Example:
    return Example(sentence=sentence, text=text, value=value, published=published, by="month_day")


# The rule's corpus (tests/test_grammar_examples.py): each is tagged whole, `text` must be read as `value`.
EXAMPLES = (
    # a factbox months after its first entry, in a record's present tense: all last year's (read
    # one by one, the spring's days would be the coming spring's and September last year's)
    _ex(
        "Key dates in the strike. April 20 - Workers walk out at the plant. May 10 - The company says talks "
        "have failed. June 16 - Both sides meet ministers and announce a deal. July 15 - The plant reopens. "
        "Sept 19 - The company sells the plant.",
        "April 20",
        "2010-04-20",
        published="2011-01-11",
    ),
    _ex(
        "Key dates in the strike. April 20 - Workers walk out at the plant. May 10 - The company says talks "
        "have failed. June 16 - Both sides meet ministers and announce a deal. July 15 - The plant reopens. "
        "Sept 19 - The company sells the plant.",
        "June 16",
        "2010-06-16",
        published="2011-01-11",
    ),
    # a roll over three years, one entry a few days out of order: the turns of the year come
    # where the months start again, not at the slip
    _ex(
        "Those who died.\nMarch 21: A crew of eight died in a crash.\nNovember 6: A driver died.\n"
        "January 1: Two soldiers died.\nJune 28: A soldier was killed.\nJune 19: An airman died.\n"
        "December 26: A sailor died.\nMarch 28: A corporal died.\nApril 30: A soldier died.",
        "March 21",
        "2003-03-21",
        published="2005-05-02",
    ),
    _ex(
        "Those who died.\nMarch 21: A crew of eight died in a crash.\nNovember 6: A driver died.\n"
        "January 1: Two soldiers died.\nJune 28: A soldier was killed.\nJune 19: An airman died.\n"
        "December 26: A sailor died.\nMarch 28: A corporal died.\nApril 30: A soldier died.",
        "June 28",
        "2004-06-28",
        published="2005-05-02",
    ),
    # entries after one written with its year follow it
    _ex(
        "How the shop fared.\n* Jan. 5, 2009 - The shop opens.\n* March 2 - A second branch opens.\n"
        "* Nov. 20 - Both branches close.",
        "Nov. 20",
        "2009-11-20",
        published="2011-06-01",
    ),
    # newest first, from one entry written with its year
    _ex(
        "Latest developments.\nJan. 10, 2011 - Talks resume.\nDec. 15 - The union rejects an offer.\nNov. 2 - Workers walk out.",
        "Nov. 2",
        "2010-11-02",
        published="2011-01-11",
    ),
    _ex(
        "Latest developments.\nJan. 10 - Talks resume.\nDec. 15 - The union rejects an offer.\n"
        "Nov. 2 - Workers walk out.\nAug. 3 - The plant cuts shifts.",
        "Aug. 3",
        "2010-08-03",
        published="2011-01-11",
    ),
    # a schedule of coming days, read in order already, is left alone
    _ex(
        "The fixtures.\nJune 14 - Russia v Saudi Arabia\nJune 15 - Egypt v Uruguay\nJune 16 - France v Australia",
        "June 14",
        "2018-06-14",
        published="2018-05-01",
    ),
    # two lines opening on a date are no chronology
    _ex(
        "Notes.\nApril 20 - The plant shuts for repairs.\nJuly 15 - The plant reopened after repairs.",
        "April 20",
        "2011-04-20",
        published="2011-01-11",
    ),
)

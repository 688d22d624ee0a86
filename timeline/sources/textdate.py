"""A publication date written in an article's text, for articles whose metadata has none.

Only places where a report states its own date count: a "Published/Updated ..." line, a
dateline opening the story ("MOSCOW, June 5, 2019 -"), or "today, 6 June". Other dates in the
text are about the story's events, never the report's date. A date written without a year
takes it from the article's URL (/2019/06/...) or, failing that, from the latest year the text
names; with neither it is not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from timeline.temporal.en.lexicon import MONTHS

_MONTH = "(?i:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + ")"
_WEEKDAY = r"(?i:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    rf"|(?P<day1>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month1>{_MONTH})\.?(?:,?\s+{_YEAR})?"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}}){_ORD}(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    rf")(?![\w-])"
)
_CUES = (
    # "First published June 6, 2019", "Updated: Thu 6 June 2019 10:02"
    ("a 'published' line", re.compile(rf"^\W*(?:first\s+)?(?:published|posted|updated|last\s+updated)(?:\s+on|\s+at)?\s*:?\s*{_DATE}", re.I | re.M)),
    # "MOSCOW, June 5, 2019 (Reuters) -", "HARBOURTON, 6 June -"
    ("its dateline", re.compile(rf"\A\s*[A-Z][A-Za-z.'’ -]{{1,40}}(?:\([^)\n]{{1,30}}\))?,\s+{_DATE}\s*(?:\([^)\n]{{1,30}}\))?\s*[-–—:]", re.M)),
    # "earlier today, 6 June", "today (Wednesday, June 5)"
    ("'today' with a date", re.compile(rf"\b(?:earlier\s+|later\s+)?today\s*[,(]\s*{_DATE}", re.I)),
)
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/(?:[01]?\d/)?")
_ANY_YEAR = re.compile(r"(?<![\w-])((?:19|20)\d\d)(?![\w-])")


@dataclass(frozen=True)
class TextDate:
    value: date
    evidence: str  # what the text says, as written
    cue: str  # where it was found ("its dateline", ...)
    year_from: str | None = None  # where the year came from, when the text's date has none


def date_from_text(text: str, url: str | None = None, latest: date | None = None) -> TextDate | None:
    """The publication date the text states, if any; `latest` bounds a year taken from the text."""
    head = text[:5000]  # a report states its own date near its top, or in a footer line
    candidates = [*((cue, m) for cue, pattern in _CUES for m in pattern.finditer(head))]
    tail = text[-2000:] if len(text) > 5000 else ""
    candidates += [("a 'published' line", m) for m in _CUES[0][1].finditer(tail)]
    for cue, match in candidates:
        found = _to_date(match, text, url, latest)
        if found is not None:
            value, year_from = found
            return TextDate(value, " ".join(match.group().split()).rstrip(" -–—:"), cue, year_from)
    return None


def _to_date(match: re.Match[str], text: str, url: str | None, latest: date | None) -> tuple[date, str | None] | None:
    if match.group("iso"):
        try:
            return date.fromisoformat(match.group("iso")), None
        except ValueError:
            return None
    day = int(match.group("day1") or match.group("day2"))
    month = _month_number(match.group("month1") or match.group("month2"))
    written_year = match.group("year") or match.group("year2")
    year_from = None
    if written_year:
        year = int(written_year)
    else:
        guessed = _year_elsewhere(text, url, latest)
        if guessed is None:
            return None
        year, year_from = guessed
    try:
        return date(year, month, day), year_from
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _year_elsewhere(text: str, url: str | None, latest: date | None) -> tuple[int, str] | None:
    if url and (found := _URL_YEAR.search(url)):
        return int(found.group(1)), "its URL"
    limit = (latest or date.today()).year
    years = [int(y) for y in _ANY_YEAR.findall(text) if int(y) <= limit]
    if years:
        return max(years), f"the year {max(years)} in its text"
    return None

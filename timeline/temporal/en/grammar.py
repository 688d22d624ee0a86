"""The English temporal grammar: each rule is a pattern, a meaning, and example phrases.

Rules are tried in the order listed at each position of the text, so longer and more
specific forms come first. Every rule carries examples (a sentence, the expression it must
find, the value it must give, anchored to a Thursday, 6 June 2019, unless said otherwise);
tests/test_grammar_examples.py runs them all, as Duckling's corpus does.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from timeline.records import TimeExpression
from timeline.temporal import values
from timeline.temporal.en import chronology
from timeline.temporal.en.lexicon import (
    DAY_OF_MONTH,
    GENERIC_AFTER_DEICTIC,
    HOLIDAYS,
    INFORMAL_DAYS,
    MODS,
    MONTH,
    MONTHS,
    NUMBER,
    NUMBERS,
    ORDINAL,
    ORDINALS,
    PART_OF_DAY,
    PARTS_OF_DAY,
    SEASON,
    SEASON_NAME_WORDS,
    SEASONS,
    SIGNAL_MODS,
    SPELLED_YEAR,
    TENSE_RE,
    TIME_UNITS,
    TRIGGERS,
    UNIT,
    UNIT_PLURALS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    alternation,
    number_value,
    spelled_year,
    unit_name,
)
from timeline.temporal.engine import Context, Example, Reading, Rule

# --- helpers -----------------------------------------------------------------------------

_POSITION_MOD = r"(?:(?P<pmod>early|mid|late|earlier|later)[\s-]+|the\s+(?P<pmod2>end|beginning|start|middle|close)\s+of\s+)?"
_QUANTITY_MOD = "(?:(?P<qmod>" + alternation(k for k in MODS if MODS[k] not in ("START", "MID", "END")) + r")\s+)?"
_POSITION_MODS = {
    "early": "START",
    "earlier": "START",
    "mid": "MID",
    "late": "END",
    "later": "END",
    "end": "END",
    "beginning": "START",
    "start": "START",
    "middle": "MID",
    "close": "END",
}
_CALENDAR_UNIT = {
    "day": "day",
    "night": "day",
    "week": "week",
    "weekend": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
}
# Words that make a capitalised "May" a month rather than a verb.
_MONTH_CONTEXT = {
    "in",
    "since",
    "of",
    "from",
    "until",
    "till",
    "by",
    "through",
    "to",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "on",
    "during",
    "before",
    "after",
    "between",
    "and",
    "or",
    "that",
    "for",
    "each",
    "every",
}


# Month words that are also common English words ("march on", "it may rain", "an august
# body"): written in lower case, they are months only next to a day number ("may 5").
_WORDS_TOO = {"march", "may", "august"}


def _month(token: str, dated: bool = False) -> int | None:
    """Month number of a month word. Informal text writes "november" in lower case; then only
    a full name that is no other word counts, unless a day number comes with it (`dated`)."""
    word = token.rstrip(".").lower()
    if not token[:1].isupper() and not dated and (word in _WORDS_TOO or (len(word) <= 4 and word not in ("june", "july"))):
        return None
    return MONTHS.get(word)


def _weekday(token: str, which: str | None = None) -> int | None:
    """Weekday number of a weekday word, in any case ("friday night"). A short form is a
    weekday with a full stop ("Sun.") or after "this", "next", "last"... (`which`: "this Sat"),
    as "Sun" and "Sat" are also other words."""
    word = token.rstrip(".").lower()
    if not word.endswith("day") and not token.endswith(".") and not which:
        return None
    return WEEKDAYS.get(word)


def _mod(m: re.Match[str], ctx: Context) -> str | None:
    """The mod the words around a match give: inside the span first, then a preposition before it."""
    groups = m.groupdict()
    position = groups.get("pmod") or groups.get("pmod2")
    if position:
        return _POSITION_MODS.get(position.lower())
    if groups.get("qmod"):
        return MODS.get(re.sub(r"\s+", " ", groups["qmod"].lower()))
    if groups.get("or_so"):
        return "APPROX"  # "a week or so ago"
    if _NOT_UNTIL.search(ctx.text, max(0, m.start() - 16), m.start()):
        return None  # "not until 27 May did the panel act": it acted on the day, not before it
    return SIGNAL_MODS.get(ctx.word_before(m.start()))


_NOT_UNTIL = re.compile(r"\bnot\s+(?:until|till)\s+$", re.IGNORECASE)


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(token: str, ctx: Context) -> int:
    """A four-digit year, or a two-digit one ('98, 98) read in the century nearest the publication."""
    token = token.lstrip("'’")
    if not token.isdigit():
        year = spelled_year(token)
        if year is None:
            raise ValueError(f"not a year: {token!r}")
        return year
    if len(token) == 4:
        return int(token)
    two = int(token)
    base = ctx.published.year - ctx.published.year % 100
    year = base + two
    return year - 100 if year > ctx.published.year + 20 else year


def _pick(candidates: list[date], ctx: Context, pos: int, granularity: str) -> date:
    """Choose among occurrences of a cyclic period by the sentence's tense.

    Past: the latest one that has begun by the publication date; future: the first one that
    has not ended before it; no tense: the one nearest the publication date.
    """
    published = ctx.published
    current = values.period_start(published, granularity)
    tense = ctx.tense(pos)
    if tense == "past":
        started = [c for c in candidates if c <= current]
        if started:
            return max(started)
    elif tense == "future":
        coming = [c for c in candidates if c >= current]
        if coming:
            return min(coming)
    return min(candidates, key=lambda c: (abs((c - published).days), c > published))


def _story_year(ctx: Context, pos: int) -> int | None:
    """The year a narrative is in, for a month or day written without one: the year of the
    last date written with its year, when that lies two years or more from the publication,
    nothing tied to the publication came since, and the text so far is mostly about such
    years ("In 1917 ... In February, the Tsar abdicated"). A news report that mentions an
    old year in passing keeps its "in May" near its own date."""
    story = ctx.story_year
    if story is None or abs(story - ctx.published.year) < 2:
        return None
    if ctx.far_dates < 2 or ctx.far_dates <= 2 * ctx.near_dates or (ctx.tense(pos) == "future" and not ctx.would_decides(pos)):
        return None  # a plan ("a summit set for April") is not part of the story told; a story's "would" is
    return story


# Words just before a date without a year that put it before the publication: what a period
# "ended" on, or what something has gone on "since". ("by" and "through" look both ways in
# news: "sales rose through March", "repaid by February"; TBAQ agrees, so they settle nothing.)
_PAST_SIGNALS = {"ended", "since"}


def _bound_by_signal(candidates: list[date], ctx: Context, pos: int, current: date | None = None) -> date | None:
    """The latest candidate not after the publication when a past signal comes just before
    `pos`, else None. `current` is the start of the publication's own period."""
    if ctx.word_before(pos) not in _PAST_SIGNALS:
        return None
    started = [c for c in candidates if c <= (current or ctx.published)]
    return max(started) if started else None


_OPENING_QUOTE = re.compile(r"(?:\"|“|``|''|‘|\()\s*$")


def _in_a_name(ctx: Context, start: int, word_start: int) -> bool:
    """True when the capitalised word at `word_start`, in a match beginning at `start`, is part
    of a name or title: running text writes "60 minutes" and "this week", so CBS's "60
    Minutes" and ABC's "This Week" are titles, and so is "High Noon" after a capitalised word
    in mid-sentence. A capital at the start of a sentence or quotation says nothing."""
    if not ctx.text[word_start : word_start + 1].isupper():
        return False
    if _SHOUTED.match(ctx.text, word_start):
        return False  # "TOOK 2.5 HRS OF TREKKING": in text written in capitals, they say nothing
    if word_start > start:
        return True
    if _opens_sentence_or_quotation(ctx, start):
        return False
    previous = ctx.text[ctx.sentence_span(start)[0] : start].rstrip().rsplit(None, 1)[-1]
    return previous.lstrip("`'\"“‘(")[:1].isupper()  # ``High Noon'': the quotation mark is no part of the word


# A word in capitals followed by another: text written in capitals ("KARAOKE NIGHT WITH").
_SHOUTED = re.compile(r"[A-Z]{2,}[\s,.!]+[A-Z]{2,}\b")


def _opens_sentence_or_quotation(ctx: Context, pos: int) -> bool:
    """Whether `pos` starts its sentence or a quotation, where a capital says nothing."""
    before = ctx.text[ctx.sentence_span(pos)[0] : pos]
    return not before.strip() or _OPENING_QUOTE.search(before) is not None


def _ex(
    sentence: str, text: str, value: str, type: str = "DATE", published: str = "2019-06-06", mod: str | None = None, by: str | None = None
) -> Example:
    return Example(sentence=sentence, text=text, value=value, type=type, published=published, mod=mod, by=by)


# How a fraction of a unit is written in the next unit down: "2 1/2 years" = P2Y6M,
# "5 1/2 hours" = PT5H30M, "1.5 days" = P1DT12H (months have no whole next unit: P1.5M).
_SMALLER_UNIT = {
    "year": ("M", 12, ""),
    "week": ("D", 7, ""),
    "day": ("H", 24, "T"),
    "hour": ("M", 60, ""),
    "minute": ("S", 60, ""),
}


def _duration(quantity: float | str, unit: str) -> str:
    code = UNITS[unit]
    if isinstance(quantity, float) and quantity.is_integer():
        quantity = int(quantity)
    if code == "2W":  # a fortnight
        quantity, code = (quantity * 2 if quantity != "X" else "X"), "W"
    if code == "DE":  # decades in years, as ISO 8601 writes them ("two decades" = P20Y)
        quantity, code = (round(quantity * 10, 2) if quantity != "X" else "X"), "Y"
    if isinstance(quantity, float) and unit in _SMALLER_UNIT:
        smaller, per, separator = _SMALLER_UNIT[unit]
        whole, part = int(quantity), round((quantity - int(quantity)) * per)
        if 0 < part < per:
            prefix = "PT" if unit in TIME_UNITS else "P"
            return f"{prefix}{f'{whole}{code}' if whole else ''}{separator}{part}{smaller}"
    prefix = "PT" if unit in TIME_UNITS else "P"
    return f"{prefix}{quantity}{code}"


# --- absolute dates ----------------------------------------------------------------------


def _iso(m: re.Match[str], ctx: Context) -> Reading | None:
    day = _day(int(m["y"]), int(m["mo"]), int(m["d"]))
    if day is None:
        return None
    if m["h"]:
        return Reading("TIME", f"{day}T{m['h']}:{m['mi']}")
    return Reading("DATE", day)


ISO_DATE = Rule(
    "iso_date",
    rf"(?P<y>{YEAR})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d)?)?",
    _iso,
    (
        _ex("Updated 2019-06-05 at noon.", "2019-06-05", "2019-06-05"),
        _ex("Logged 2019-06-05T14:30 by the desk.", "2019-06-05T14:30", "2019-06-05T14:30", "TIME"),
    ),
)


def _numeric(m: re.Match[str], ctx: Context) -> Reading | None:
    day = _day(_year(m["y"], ctx), int(m["mo"]), int(m["d"]))
    return Reading("DATE", day) if day else None


NUMERIC_DATE = Rule(
    "numeric_date",
    r"(?P<mo>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})",
    _numeric,
    (_ex("The filing dated 6/5/2019 was late.", "6/5/2019", "2019-06-05"), _ex("Posted 12/31/98.", "12/31/98", "1998-12-31")),
)


def _month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month(m["month"], dated=True)
    if month is None:
        return None
    if m["weekday"] and _weekday(m["weekday"]) is None:
        return None
    day_number = int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
    if m["year"] or m["year_told"]:
        year = _year(m["year"], ctx) if m["year"] else ctx.anchor()[0].year
        value = _day(year, month, day_number)
        return Reading("DATE", value, _mod(m, ctx)) if value else None
    candidates = []
    for year in (ctx.published.year - 1, ctx.published.year, ctx.published.year + 1):
        try:
            candidates.append(date(year, month, day_number))
        except ValueError:
            continue
    if not candidates:
        return None
    bound = _bound_by_signal(candidates, ctx, m.start())
    if bound is not None:
        return Reading("DATE", bound.isoformat(), _mod(m, ctx))
    weekday = _weekday(m["weekday"]) if m["weekday"] else None
    story = _story_year(ctx, m.start())
    if story is not None:
        value = _day(story, month, day_number)
        # "Sunday May 9" after a history's years: the weekday written is the text's own word on
        # the year; when the story's year does not make that day a Sunday and a year near the
        # publication does, the day is that one (a listing, a notice), not the story's.
        contradicted = value and weekday and date.fromisoformat(value).isoweekday() != weekday
        if not (contradicted and any(c.isoweekday() == weekday for c in candidates)):
            return Reading("DATE", value, _mod(m, ctx)) if value else None
    # A past verb right before the date dates its own event: the latest such day that has
    # come ("was arrested on 28 July" in a report of June is last year's July).
    if weekday:
        # "Tuesday 17 August": the year in which that day is that weekday, when one is
        candidates = [c for c in candidates if c.isoweekday() == weekday] or candidates
    if not m.group(0)[:4].lower().startswith("the") and ctx.past_verb_before(m.start()):
        started = [c for c in candidates if c <= ctx.published]
        if started:
            return Reading("DATE", max(started).isoformat(), _mod(m, ctx))
    # Otherwise a day and month without a year is the nearest such date: news reports past and
    # coming dates alike in the past tense ("said the offer expires Nov. 10").
    tense = ctx.tense(m.start())

    def distance(candidate: date) -> int:
        days = (candidate - ctx.published).days
        against_tense = (tense == "past" and days > 0) or (tense == "future" and days < 0)
        return abs(days) + (90 if against_tense else 0)  # the tense settles near-ties

    nearest = min(candidates, key=distance)
    return Reading("DATE", nearest.isoformat(), _mod(m, ctx))


_WEEKDAY_PREFIX = rf"(?:(?P<weekday>{WEEKDAY}),?\s+)?"


def _year_suffix(name: str) -> str:
    """A day's year written after it, in the group `name`, or told by "that year" / "the same
    year" (the year of the date written before it), in the group `name`_told."""
    # "19 January, 1815 GMT": four digits before a time zone are a clock time, not the year
    return (
        rf"(?:,?\s+(?P<{name}>{YEAR}|'\d\d)(?!\d|,\d|\s*(?:GMT|UTC|BST|CET|MSK|[ECMP][SD]T)\b)"
        rf"|,?\s+(?:of\s+)?(?P<{name}_told>that|the\s+same)\s+year\b(?!['’]))?"
    )


_YEAR_SUFFIX = _year_suffix("year")
MONTH_DAY = Rule(
    "month_day",
    rf"{_WEEKDAY_PREFIX}(?:(?P<month>{MONTH})\s+(?P<day>{DAY_OF_MONTH})(?!\d|:\d|\s*(?:a\.?m|p\.?m))"
    rf"(?P<day_end>\s*[-–]\s*(?:[12]\d|3[01]|0?[1-9])(?!\d|:))?{_YEAR_SUFFIX}"
    rf"|(?:the\s+)?(?:{DAY_OF_MONTH}\s*(?:[-–]|to|and)\s*(?:{WEEKDAY},?\s+)?)?(?P<day2>{DAY_OF_MONTH})\s+(?:of\s+)?(?P<month2>{MONTH})"
    rf"{_year_suffix('year2')})",
    lambda m, ctx: _month_day_either(m, ctx),
    (
        _ex("The deal was signed on June 5, 2019 in Moscow.", "June 5, 2019", "2019-06-05"),
        _ex("It reported as of 6 June.", "6 June", "2019-06-06"),
        _ex("The vote was held Wednesday, June 5.", "Wednesday, June 5", "2019-06-05"),
        _ex("The Times said in an editorial on Friday, June 7: the ban is wrong.", "Friday, June 7", "2019-06-07"),
        _ex("Prices fell on Jan. 3.", "Jan. 3", "2019-01-03"),
        _ex("The jury retired on 19 January, 1815 GMT.", "19 January", "2019-01-19", published="2019-01-20"),
        _ex("see you on may 5 at the park", "may 5", "2019-05-05"),
        # a history: the year of the story told, not of the publication
        _ex("North Korea invaded in June 1950. The UN voted in 1950 to help. On 12 July, the city fell.", "12 July", "1950-07-12"),
        # a history's "would" is the future of its own past, not the reader's
        _ex(
            "The war began in 1914 and by 1918 it had spread. Advances would follow the victory on 12 September.",
            "12 September",
            "1918-09-12",
        ),
        _ex("The talks will resume on Dec. 2.", "Dec. 2", "2019-12-02"),
        _ex("He arrived on the 4th of July, 1998.", "the 4th of July, 1998", "1998-07-04"),
        # "that year": the year of the date written before it
        _ex("She last saw him in April 2009. He died on 25 June that year.", "25 June that year", "2009-06-25", published="2011-10-26"),
        _ex("The mine flooded in 2009. On June 25 of the same year, it closed.", "June 25 of the same year", "2009-06-25", published="2011-10-26"),
        _ex("In the fiscal year ended Jan. 31, sales rose.", "Jan. 31", "2019-01-31", published="2019-10-31"),
        _ex("The summit meets on April 24 and 25.", "April 24", "2019-04-24"),
        # a past verb just before the date: the last such day, not the coming one
        _ex("He was arrested on 28 July.", "28 July", "2018-07-28"),
        _ex("Not until May 27 did the panel raise its estimate.", "May 27", "2019-05-27"),
        _ex("The opposition leader died July 3 in exile.", "July 3", "2018-07-03"),
        _ex("The company said the offer expires July 3.", "July 3", "2019-07-03"),
        _ex("The vote was postponed to July 3.", "July 3", "2019-07-03"),
        _ex("A ruling was expected on July 3.", "July 3", "2019-07-03"),
        _ex("The album is released on July 3.", "July 3", "2019-07-03"),
        _ex("The dividend was due to be paid on July 3.", "July 3", "2019-07-03"),
        _ex("Read an extract, published on July 3 by Penguin.", "July 3", "2019-07-03"),
        _ex("The gig, recorded on Wednesday 3 July, airs later.", "Wednesday 3 July", "2019-07-03"),
        _ex("The gig was recorded on Tuesday 3 July.", "Tuesday 3 July", "2018-07-03"),
        # a weekday the story's year does not give the day: a notice of the publication's days
        _ex(
            "The war began in 1914 and by 1918 it had spread. In 1917 the Tsar fell. A film of it was shown on Sunday 9 June.",
            "Sunday 9 June",
            "2019-06-09",
            published="2019-06-16",
        ),
        _ex("The summit meets on April 24 and 25.", "25", "2019-04-25"),
    ),
)


# A year written after the day that is no year read here ("31 December 9999."): the publication
# year must not take its place. Only four digits ("June 1, 20010" is a slip of the keyboard, and
# the day is still the story's) and only where the number ends the phrase ("on 5 June 3000 people
# marched" counts people).
_UNREAD_YEAR = re.compile(r",?\s+(?!1\d{3}|20\d\d)\d{4}(?=\s*(?:$|[.,;:!?)\]\n]))")


def _month_day_either(m: re.Match[str], ctx: Context) -> Reading | None:
    if not (m["year"] or m["year2"]) and _UNREAD_YEAR.match(m.string, m.end()):
        return None
    if m["month"]:
        return _month_day(m, ctx)
    view = _GroupView(m, {"month": "month2", "day": "day2", "year": "year2", "year_told": "year2_told"})
    return _month_day(view, ctx)  # type: ignore[arg-type]


class _GroupView:
    """Lets one builder read a pattern's alternative whose groups have other names."""

    def __init__(self, match: re.Match[str], names: dict[str, str]):
        self._match, self._names = match, names

    def __getitem__(self, name: str) -> str | None:
        return self._match[self._names.get(name, name)]

    def groupdict(self) -> dict[str, str | None]:
        groups = self._match.groupdict()
        return {name: groups.get(self._names.get(name, name)) for name in groups}

    def start(self) -> int:
        return self._match.start()

    def group(self, index: int = 0) -> str:
        return self._match.group(index)


def _week_of(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month(m["month"])
    if month is None:
        return None
    day_number = int(re.match(r"\d+", m["day"]).group())  # type: ignore[union-attr]
    if m["year"] or m["year_told"]:
        years = [_year(m["year"], ctx) if m["year"] else ctx.anchor()[0].year]
    else:
        years = [ctx.published.year + k for k in (-1, 0, 1)]
    days = [d for d in (_day(y, month, day_number) for y in years) if d]
    if not days:
        return None
    nearest = min((date.fromisoformat(d) for d in days), key=lambda d: abs((d - ctx.published).days))
    return Reading("DATE", values.format_value(nearest, "week"), _mod(m, ctx))


WEEK_OF = Rule(
    "week_of",
    rf"the\s+week\s+of\s+(?P<month>{MONTH})\s+(?P<day>{DAY_OF_MONTH})(?!\d|:\d){_YEAR_SUFFIX}",
    _week_of,
    (_ex("A hearing may be held the week of March 6.", "the week of March 6", "2020-W10", published="2020-02-24"),),
)


def _month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month(m["month"])
    if month is None:
        return None
    return Reading("DATE", f"{_year(m['year'], ctx):04d}-{month:02d}", _mod(m, ctx))


MONTH_YEAR = Rule(
    "month_year",
    rf"{_POSITION_MOD}(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR}|'\d\d|{SPELLED_YEAR})(?!\d|,\d)",
    _month_year,
    (
        _ex("Sales peaked in May 2019.", "May 2019", "2019-05"),
        _ex("It opened in late September, 1998.", "late September, 1998", "1998-09", mod="END"),
        _ex("Talks began in mid-March 2020.", "mid-March 2020", "2020-03", mod="MID"),
        _ex("January nineteen ninety-seven. Atlanta again.", "January nineteen ninety-seven", "1997-01"),
    ),
)


def _season_value(season: str, year: int) -> str:
    return f"{year:04d}-{SEASONS[season.lower()]}"


def _season_year(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading("DATE", _season_value(m["season"], _year(m["year"], ctx)), _mod(m, ctx))


SEASON_YEAR = Rule(
    "season_year",
    rf"(?:the\s+)?{_POSITION_MOD}(?P<season>{SEASON})\s+(?:of\s+)?(?P<year>{YEAR}|{SPELLED_YEAR})",
    _season_year,
    (
        _ex("The launch slipped to the summer of 2020.", "the summer of 2020", "2020-SU"),
        _ex("It closed in spring 1998.", "spring 1998", "1998-SP"),
        _ex("Prices fell in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
    ),
)


def _quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    ordinal = ORDINALS.get(m["ord"].lower()) if m["ord"] else None
    if ordinal is None and m["qnum"]:
        ordinal = int(m["qnum"])
    if ordinal is None:
        return None
    if m["year"]:
        year = _year(m["year"], ctx)
    elif m["rel"]:
        year = ctx.published.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    elif ordinal < 1:
        return None
    else:
        # A quarter named without a year is this year's, unless it has not begun yet and the
        # sentence does not speak of the future ("the fourth quarter" in a January report).
        year = ctx.published.year
        if ordinal > (ctx.published.month - 1) // 3 + 1 and ctx.tense(m.start()) != "future":
            year -= 1
    if ordinal < 0:
        ordinal = 4
    # "the third-quarter results": TimeML leaves the article out of an adjective's span
    the = m["the"] or ""
    adjective = re.search(r"-quarter\b", m.group(0), re.IGNORECASE) is not None
    trim = len(the) if the and m["ord"] and adjective and m.group(0)[: len(the)].lower() == the.lower() else 0
    return Reading("DATE", f"{year:04d}-Q{ordinal}", _mod(m, ctx), trim_start=trim)


QUARTER = Rule(
    "quarter",
    rf"(?:(?P<year>{YEAR})(?:'s)?\s+|(?P<rel0>this|last|next)\s+year's\s+)?(?P<the>the\s+)?(?:fiscal[\s-]+)?{_POSITION_MOD}"
    rf"(?:(?P<ord>{ORDINAL})[\s-]+(?:fiscal[\s-]+)?quarter|Q(?P<qnum>[1-4]))"
    rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:(?P<year2>{YEAR})|(?P<rel>this|last|next)\s+year))?",
    lambda m, ctx: _quarter(
        _GroupView(m, {"year": "year" if m["year"] else "year2", "rel": "rel0" if m["rel0"] else "rel"}),  # type: ignore[arg-type]
        ctx,
    ),
    (
        _ex("Profit rose in the third quarter of 2018.", "the third quarter of 2018", "2018-Q3"),
        _ex("Profit rose in the first quarter.", "the first quarter", "2019-Q1"),
        _ex("Third-quarter profit rose, the company said.", "Third-quarter", "2019-Q3", published="2019-11-02"),
        _ex("Results for the fourth quarter were strong.", "the fourth quarter", "2018-Q4", published="2019-01-20"),
        _ex("Sales fell in this year's third quarter.", "this year's third quarter", "2019-Q3", published="2019-11-02"),
        _ex("It reported the third-quarter results.", "third-quarter", "2019-Q3", published="2019-11-02"),
        _ex("It reported the  third-quarter results.", "third-quarter", "2019-Q3", published="2019-11-02"),
        _ex("Results for the fourth quarter will be released.", "the fourth quarter", "2019-Q4"),
        _ex("Revenue in Q2 2018 fell.", "Q2 2018", "2018-Q2"),
        _ex("It earned $4 million for the fiscal-first quarter.", "the fiscal-first quarter", "2019-Q1", published="2019-10-26"),
    ),
)


def _half(m: re.Match[str], ctx: Context) -> Reading | None:
    half = 1 if m["ord"].lower() == "first" else 2  # second, last, latter
    if m["year"]:
        year = _year(m["year"], ctx)
    elif m["rel"]:
        year = ctx.published.year + {"this": 0, "last": -1, "next": 1, "the": 0}[m["rel"].lower()]
    else:
        starts = [date(y, 1 if half == 1 else 7, 1) for y in (ctx.published.year - 1, ctx.published.year, ctx.published.year + 1)]
        year = _pick(starts, ctx, m.start(), "half").year
    return Reading("DATE", f"{year:04d}-H{half}", _mod(m, ctx))


HALF = Rule(
    "half",
    rf"(?:the\s+)?(?P<ord>first|second|last|latter)[\s-]+half(?:\s+of\s+(?:(?P<year>{YEAR})|(?P<rel>this|last|next|the)\s+year))?"
    r"(?!\s+of\s+the\b)",  # "the last half of the '80s" is a decade's
    _half,
    (
        _ex("Growth slowed in the first half of 2018.", "the first half of 2018", "2018-H1"),
        _ex("Sales will recover in the second half.", "the second half", "2019-H2"),
        _ex("Earnings will be lower for the last half of 1989.", "the last half of 1989", "1989-H2"),
    ),
)


def _decade(m: re.Match[str], ctx: Context) -> Reading | None:
    digits = m["decade"].lstrip("'’")
    year = int(digits) if len(digits) == 4 else _year(digits, ctx)
    return Reading("DATE", f"{year // 10:03d}", _mod(m, ctx))


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _decade_word(m: re.Match[str], ctx: Context) -> Reading | None:
    century = {"eighteen": 18, "nineteen": 19}.get((m["century"] or "nineteen").lower())
    return Reading("DATE", f"{century}{_DECADE_WORDS[m['word'].lower()]}", _mod(m, ctx))


DECADE_WORD = Rule(
    "decade_word",
    rf"the\s+{_POSITION_MOD}(?:(?P<century>eighteen|nineteen)[\s-]+)?(?P<word>{alternation(_DECADE_WORDS)})",
    _decade_word,
    (
        _ex("Hate group numbers dropped through the nineties.", "the nineties", "199"),
        _ex("It was a hit in the early sixties.", "the early sixties", "196", mod="START"),
    ),
)


def _year_end(m: re.Match[str], ctx: Context) -> Reading | None:
    year = ctx.published.year + {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    if not m["rel"] and ctx.word_before(m.start()) == "since":
        year -= 1  # "the change since year-end": the last one
    return Reading("DATE", f"{year:04d}", "END")


YEAR_END = Rule(
    "year_end",
    r"(?:(?P<rel>this|last|next)\s+)?year(?:[\s-]end|'s\s+end)(?![\s-]+(?:net|results|bonus|dividend|figures|levels?)\b)",
    _year_end,
    (
        _ex("The deal should close by year-end.", "year-end", "2019", mod="END"),
        _ex("Reserves should be in place by year's end.", "year's end", "2019", mod="END"),
        _ex("The index is up 5% since year-end.", "year-end", "2018", mod="END"),
    ),
)


DECADE = Rule(
    "decade",
    rf"(?:the\s+)?{_POSITION_MOD}(?P<decade>(?:1[0-9]|20)\d0|['’]\d0)'?s",
    _decade,
    (
        _ex("It was built in the 1990s.", "the 1990s", "199"),
        _ex("Prices rose in the late '80s.", "the late '80s", "198", mod="END"),
    ),
)


def _century(m: re.Match[str], ctx: Context) -> Reading | None:
    number = ORDINALS.get(m["ord"].lower()) if m["ord"] else int(m["num"])
    if not number or number < 1:
        return None
    return Reading("DATE", f"{number - 1:02d}", _mod(m, ctx))


CENTURY = Rule(
    "century",
    rf"(?:the\s+)?{_POSITION_MOD}(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th)|(?P<ord>{ORDINAL}))[\s-]+century",
    _century,
    (
        _ex("A relic of the 19th century.", "the 19th century", "18"),
        _ex("The fabled 11th century temple drew tourists.", "11th century", "10"),
    ),
)


def _year_range(m: re.Match[str], ctx: Context) -> Reading | None:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first - first % 100 + int(second_text)
    if not first < second <= first + 100:
        return None
    return Reading("DATE", f"{first:04d}", _mod(m, ctx), trim_end=0)


YEAR_RANGE = Rule(
    "year_range",
    rf"(?P<y1>{YEAR})\s*[-–—/]\s*(?P<y2>{YEAR}|\d\d)(?!\d)",
    _year_range,
    (
        _ex("Pilot networks will launch in 2019-2020.", "2019-2020", "2019"),
        _ex("The 1998-99 season was short.", "1998-99", "1998"),
    ),
)


def _era_year(m: re.Match[str], ctx: Context) -> Reading | None:
    era = re.sub(r"[.\s]", "", m["era"] or m["era2"])
    if era != era.upper():
        return None  # "the 300 ad campaign": an advertisement
    year = int(m["year"] or m["year2"])
    if year == 0:
        return None
    # "499-493 BC": the first year is of the same era (join_ranges makes it an expression of
    # its own, as TimeML tags it); when it cannot be ("12-480 BC"), it stays outside the span
    first = int(m["first"]) if m["first"] else None
    in_order = first is not None and first != 0 and (first > year if era.startswith("B") else first < year)
    trim = m.start("year") - m.start() if first is not None and not in_order else 0
    if era.startswith("B"):
        return Reading("DATE", f"BC{year:04d}", trim_start=trim)  # before the calendar a date can hold: no interval
    return Reading("DATE", f"{year:04d}", trim_start=trim)


ERA_YEAR = Rule(
    "era_year",
    r"(?:(?P<first>\d{1,4})\s*[-–]\s*)?(?P<year>\d{1,4})\s*(?P<era>BCE|BC|B\.C\.E\.?|B\.C\.?|CE|AD|A\.D\.?)(?![\w])"
    r"|(?P<era2>AD|A\.D\.)\s*(?P<year2>\d{1,4})(?!\d)",
    _era_year,
    (
        _ex("Hannibal crossed the Alps in 218 BC.", "218 BC", "BC0218"),
        _ex("The Persians returned in 480 B.C. with a larger army.", "480 B.C.", "BC0480"),
        _ex("Rome fell in AD 476.", "AD 476", "0476"),
        _ex("The 300 ad campaign ran on TV.", "", ""),
        _ex("The Third Punic War (149 B.C to 146 B.C) ended with the city's fall.", "149 B.C", "BC0149"),
        # a range of years before Christ: both years are BC, each its own expression
        _ex("The Ionian Revolt (499-493 BC) failed.", "499", "BC0499"),
        _ex("The Ionian Revolt (499-493 BC) failed.", "493 BC", "BC0493"),
    ),
)


# A number followed by a unit counts something ("1500 metres", "2000 people"): no time.
_NOT_A_MEASURE = r"(?!\s*(?:m|ft|km|kg|metres|meters|feet|kilometres|kilometers|miles|people|points|degrees|tonnes|tons|pounds|dollars)\b)"


def _year_only(m: re.Match[str], ctx: Context) -> Reading | None:
    year = int(m["year"])
    before = ctx.text[max(0, m.start() - 2) : m.start()]
    after = ctx.text[m.end() : m.end() + 2]
    if ("," in before[-1:] and before[:1].isdigit()) or after[:1] in ("%",) or re.match(r"[.,]\d", after):
        return None  # "2,082", "2082.1": amounts, not years
    if not 1000 <= year <= 2099:
        return None
    return Reading("DATE", f"{year:04d}", _mod(m, ctx))


YEAR_ONLY = Rule(
    "year",
    rf"{_POSITION_MOD}(?:(?P<fiscal>fiscal(?:\s+year)?)\s+)?(?P<year>{YEAR})(?!\s*(?:%|percent|per\s*cent)){_NOT_A_MEASURE}",
    _year_only,
    (
        _ex("Xi has visited Russia eight times since 2012.", "2012", "2012", mod="ON_OR_AFTER"),
        _ex("The plant opened in early 1998.", "early 1998", "1998", mod="START"),
        _ex("Earnings for fiscal 1998 rose.", "fiscal 1998", "1998"),
        _ex("The index closed at 2082.1 on the day.", "", ""),
        _ex("More than 2000 people marched.", "", ""),
    ),
)


def _spelled_year_rule(m: re.Match[str], ctx: Context) -> Reading | None:
    year = spelled_year(m["spelled"])
    if year is None:
        return None
    # "two thousand" is also a count ("two thousand people"): a year only when the words
    # around it say so
    if m["spelled"].lower().startswith("two") and not m["the"] and ctx.word_before(m.start()) not in _YEAR_CONTEXT:
        return None
    return Reading("DATE", f"{year:04d}", _mod(m, ctx))


_YEAR_CONTEXT = {"in", "by", "since", "until", "till", "of", "before", "after", "from", "through"}
SPELLED_YEAR_RULE = Rule(
    "spelled_year",
    rf"{_POSITION_MOD}(?P<the>the\s+year\s+)?(?P<spelled>{SPELLED_YEAR})(?![\s-]+(?:{UNIT}|percent|dollars|people)\b)",
    _spelled_year_rule,
    (
        _ex("Keating was convicted in nineteen ninety-one.", "nineteen ninety-one", "1991"),
        _ex("He promised it by the year two thousand.", "the year two thousand", "2000"),
        _ex("Unemployment will fall by two thousand and one.", "two thousand and one", "2001"),
        _ex("Some two thousand people marched.", "", ""),
        _ex("It cost nineteen hundred dollars.", "", ""),
    ),
)


# --- dates relative to the publication date ----------------------------------------------


def _deictic_day(m: re.Match[str], ctx: Context) -> Reading | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    word = INFORMAL_DAYS.get(word, word)
    offsets = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "last night": -1,
        "this": 0,
    }
    if m["word"] == "Today" and not _opens_sentence_or_quotation(ctx, m.start()):
        return None  # "the Today programme", "USA Today": a name, written so inside a sentence
    if word in ("today", "tomorrow") and not m["part"] and not m["pmod"] and _generic_deictic(ctx, m.start(), m.end()):
        # "today's youth", "the people of tomorrow": an era spoken of in general, which TimeBank,
        # AQUAINT, WikiWars and the tweets never tag (5 of 5 such uses), and no day for a timeline
        return None
    day = ctx.published + timedelta(days=offsets[word])
    part = m["part"].lower() if m["part"] else ("night" if word in ("tonight", "last night") else None)
    if part:
        return Reading("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[part]}", _mod(m, ctx))
    return Reading("DATE", day.isoformat(), _mod(m, ctx))


_POSSESSIVE_NOUN = re.compile(r"['’]s\s+(\w+)(?:\s+(\w+))?")


def _generic_deictic(ctx: Context, start: int, end: int) -> bool:
    """ "today's youth", "tomorrow's world", "the people of tomorrow": the present or the
    future in general, not a day (and not tagged)."""
    noun = _POSSESSIVE_NOUN.match(ctx.text, end)
    if noun:
        return any(word and word.lower() in GENERIC_AFTER_DEICTIC for word in noun.groups())  # "today's personal computers"
    # "the people of tomorrow", "the children of today"; not "as a result of today", "what do
    # you make of today?", which are the day
    of = _OF_BEFORE.search(ctx.text, max(0, start - 40), start)
    return of is not None and of["noun"].lower() in GENERIC_AFTER_DEICTIC and ctx.text[end : end + 1] != "'"


_OF_BEFORE = re.compile(r"(?P<noun>[A-Za-z]+)\s+of\s+$")


DEICTIC_DAY = Rule(
    "deictic_day",
    rf"{_POSITION_MOD}(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|last\s+night"
    rf"|this(?=\s+{PART_OF_DAY})|{alternation(INFORMAL_DAYS)})(?:\s+(?P<part>{PART_OF_DAY}))?",
    _deictic_day,
    (
        _ex("The ministry said today that it agreed.", "today", "2019-06-06"),
        _ex("Shares fell yesterday.", "yesterday", "2019-06-05"),
        _ex("The board meets tomorrow.", "tomorrow", "2019-06-07"),
        _ex("Talks ended this morning.", "this morning", "2019-06-06TMO", "TIME"),
        _ex("Fighting broke out last night.", "last night", "2019-06-05TNI", "TIME"),
        _ex("cant wait for karaoke tmr evening!!", "tmr evening", "2019-06-07TEV", "TIME"),
        _ex("watched the championships tdy. intense", "tdy", "2019-06-06"),
        _ex("The case is for today's youth what the blockade was for us.", "", ""),
        _ex("If I were choosing the people of tomorrow, I would choose them.", "", ""),
        _ex("One man said, as a result of today, I feel proud.", "today", "2019-06-06"),
        _ex("The offer was advertised in today's editions.", "today", "2019-06-06"),
        _ex("preview show last nite with my niece", "last nite", "2019-06-05TNI", "TIME"),
        _ex("He told the Today programme that he would stay.", "", ""),
        _ex("Today, the ministry said, talks resume.", "Today", "2019-06-06"),
        _ex('The minister said: "Today we start the work."', "Today", "2019-06-06"),
    ),
    from_publication=True,
)


def _weekday_rule(m: re.Match[str], ctx: Context) -> Reading | None:
    weekday = _weekday(m["weekday"], m["which"])
    if weekday is None:
        return None
    if m["plural"] or m["parts"]:
        if m["which"] or (m["plural"] and not m["weekday"].lower().endswith("day")):
            return None
        # "on Mondays", "Tuesday nights": every such day
        part = m["part"] or m["parts"]
        return Reading("SET", f"XXXX-WXX-{weekday}" + (f"T{PARTS_OF_DAY[part.lower()]}" if part else ""))
    published = ctx.published
    offset = weekday - published.isoweekday()
    which = re.sub(r"\s+", " ", m["which"].lower()) if m["which"] else None
    same_week = published + timedelta(days=offset)
    if which in ("the previous", "the prior", "the following", "the next"):
        # anaphoric: the weekday before or after the date last mentioned
        anchor = ctx.anchor()[0]
        if which in ("the previous", "the prior"):
            day = anchor - timedelta(days=(anchor.isoweekday() - weekday - 1) % 7 + 1)
        else:
            day = anchor + timedelta(days=(weekday - anchor.isoweekday() - 1) % 7 + 1)
    elif which in ("next", "coming"):
        day = same_week + timedelta(days=7) if same_week <= published else same_week
    elif which in ("last", "past"):
        day = same_week - timedelta(days=7) if same_week >= published else same_week
    elif which == "this":
        day = same_week
    elif offset == 0:
        day = published  # "Thursday" in a Thursday report is that day
    else:
        before = same_week if offset < 0 else same_week - timedelta(days=7)
        after = same_week if offset > 0 else same_week + timedelta(days=7)
        tense = ctx.tense(m.start())
        if _DEFERRED_UNTIL.search(ctx.text, max(0, m.start() - 80), m.start()) or _AHEAD_OF.search(
            ctx.text, max(0, m.start() - 30), m.start()
        ):
            tense = "future"  # "postponed until Tuesday morning": a later day than the decision
        # Unmarked, a weekday is the last one; but tomorrow's weekday is tomorrow, and so are its
        # first hours ("said early Saturday" in a report dated Friday where the copy was filed,
        # hours behind the place it reports from).
        tomorrow = (published + timedelta(days=1)).isoweekday() == weekday
        small_hours = tomorrow and _SMALL_HOURS.search(ctx.text, max(0, m.start() - 30), m.start()) is not None
        day = after if tense == "future" or (tense is None and offset == 1) or small_hours else before
    if m["part"]:
        # TimeBank types "Tuesday night" as a DATE, keeping the part of the day in its value
        return Reading("DATE", f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}")
    return Reading("DATE", day.isoformat())


# A deadline moved "until" a day: the day lies ahead of the move ("extended its deadline
# until 9 a.m. Tuesday"), whatever the tense of the report.
_DEFERRED_UNTIL = re.compile(
    r"\b(?:postpon|delay|defer|extend|adjourn|put\s+off)\w*\b[^.;]{0,40}?\b(?:until|till)\s+(?:\S+\s+){0,3}$", re.IGNORECASE
)
# The first hours of a day: "early Saturday", "just after midnight Saturday", "the wee hours of
# Saturday", "well into Saturday".
_SMALL_HOURS = re.compile(
    r"\b(?:early|(?:just\s+)?(?:after|past)\s+midnight|(?:the\s+)?(?:wee|small)\s+hours\s+of|(?:well\s+)?into)\s+(?:on\s+)?$", re.IGNORECASE
)
# What is done "ahead of" a day prepares for it: the day is still to come ("tickets sold ahead
# of Saturday's concert", "talks ahead of Wednesday's vote"), whatever the verb's tense.
_AHEAD_OF = re.compile(r"\b(?:ahead|in\s+advance)\s+of\s+(?:this\s+)?$|\bin\s+the\s+run-up\s+to\s+$", re.IGNORECASE)
WEEKDAY_RULE = Rule(
    "weekday",
    rf"(?:(?P<which>last|next|this|past|coming|the\s+(?:previous|prior|following|next))\s+)?(?P<weekday>{WEEKDAY})(?P<plural>s)?"
    rf"(?:\s+(?:(?P<parts>{PART_OF_DAY})s|(?P<part>{PART_OF_DAY})))?",
    _weekday_rule,
    (
        _ex("MTS said in a statement Thursday.", "Thursday", "2019-06-06"),
        # the first hours of tomorrow's weekday, in copy dated where it is still today
        _ex("The president said early Friday that he had dissolved the cabinet.", "Friday", "2019-06-07"),
        _ex("The president dissolved the cabinet last Friday.", "last Friday", "2019-05-31"),
        _ex("The president dissolved the cabinet on Friday.", "Friday", "2019-05-31"),
        # the attribution closing the sentence is the tense of the saying, not of what was said
        _ex("The last ferry is scheduled to leave on Saturday, said a spokeswoman.", "Saturday", "2019-06-08"),
        _ex("The agreement was signed on Wednesday.", "Wednesday", "2019-06-05"),
        _ex("The agreement was signed on Wednesday.", "Wednesday", "2019-06-05", published="2019-06-05"),
        _ex("The minister will visit on Monday.", "Monday", "2019-06-10"),
        _ex("Shares fell on Monday.", "Monday", "2019-06-03"),
        _ex("Bombs went off next to the embassies on Friday.", "Friday", "2019-05-31"),
        _ex("He spoke last Friday.", "last Friday", "2019-05-31"),
        _ex("Voting ends next Tuesday.", "next Tuesday", "2019-06-11"),
        _ex("The offer had been scheduled to expire Friday.", "Friday", "2019-05-31"),
        # a timetable's present tense looks ahead; its past does not
        _ex("The ban takes effect on Monday.", "Monday", "2019-06-10"),
        _ex("Talks resume Tuesday in Geneva.", "Tuesday", "2019-06-11"),
        _ex("The ban took effect on Monday.", "Monday", "2019-06-03"),
        _ex("Officials postponed until Tuesday morning any action on the permit.", "Tuesday morning", "2019-06-11TMO"),
        _ex("The agency extended its deadline until 9 a.m. EST Tuesday.", "9 a.m. EST Tuesday", "2019-06-11T09:00", "TIME", by="clock_day"),
        # "would" looks ahead from a past report; "United" is a name, not a past tense
        _ex("Cuba announced that the father would be traveling to the United States Friday.", "Friday", "2019-06-07"),
        # inside a quotation its own words decide; the reporting verb outside does not
        _ex("''The father will leave for Havana with his wife and son on Friday,'' Castro said.", "Friday", "2019-06-07"),
        _ex("``Prices fell on Monday,'' the trader said, adding that they will rise.", "Monday", "2019-06-03"),
        _ex("The deal was reached Tuesday night.", "Tuesday night", "2019-06-04TNI"),
        # a past form after "to" or a modal is a base form, after "be" a participle: no past tense
        _ex("The board will meet on Monday to cut its payout before a summit on Wednesday.", "Wednesday", "2019-06-12"),
        _ex("Engineers say the leak could be plugged by Sunday.", "Sunday", "2019-06-09"),
        # "could", "may" and "might" look ahead, but only to the dates after them
        _ex("Forecasters said the storm may reach the coast on Saturday.", "Saturday", "2019-06-08"),
        _ex("On Tuesday, neighbours could smell the smoke.", "Tuesday", "2019-06-04"),
        _ex("Gunfire could be heard across the port on Tuesday.", "Tuesday", "2019-06-04"),
        _ex("The crew could not finish the repair on Tuesday.", "Tuesday", "2019-06-04"),
        # a future marker governs the date that ends its verb phrase, whatever follows the date
        _ex("The mayor will meet the strikers at the town hall on Tuesday armed with a new offer.", "Tuesday", "2019-06-11"),
        _ex("The mayor first planned to meet the strikers on Tuesday, but fell ill.", "Tuesday", "2019-06-04"),
        _ex("Fans gathered outside the arena ahead of Saturday's final.", "Saturday", "2019-06-08"),
        _ex("Envoys held talks in the run-up to Monday's vote.", "Monday", "2019-06-10"),
        # plural: every such day
        _ex("The market is closed on Sundays.", "Sundays", "XXXX-WXX-7", "SET"),
        _ex("Two new flights will leave Bombay on Tuesday nights from March 30.", "Tuesday nights", "XXXX-WXX-2TNI", "SET"),
        # informal writing: lower case, and short forms after "this", "next", "last"
        _ex("we will fly out on sunday. dinner with family", "sunday", "2019-06-09"),
        _ex("Last monday daddy bought us donuts", "Last monday", "2019-06-03"),
        _ex("Catch the finals this Sat at the amphitheatre!", "this Sat", "2019-06-08"),
        # after a date: the weekday before or after that date
        _ex("Shares closed on Friday, May 31, down 4% from the previous Friday.", "the previous Friday", "2019-05-24"),
        _ex("The strike began on May 2. The following Monday, talks resumed.", "The following Monday", "2019-05-06"),
        _ex("She said on Sun TV that talks failed.", "", ""),
    ),
    from_publication=True,
)


def _relative_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    which = re.sub(r"\s+", " ", m["which"].lower())
    unit = m["unit"].lower()
    offset = {
        "last": -1,
        "past": -1,
        "previous": -1,
        "prior": -1,
        "this": 0,
        "current": 0,
        "next": 1,
        "coming": 1,
        "following": 1,
        "the current": 0,
        "the coming": 1,
        "the next": 1,
        "the following": 1,
        "the previous": -1,
        "the prior": -1,
        "the last": -1,
        "the past": -1,
        "the same": 0,
        "that": 0,
        "that same": 0,
    }[which]
    if _in_a_name(ctx, m.start(), m.start("unit")):
        return None  # ABC's "This Week"
    if which == "this" and unit == "day":
        if ctx.word_before(m.start()) == "to":
            return Reading("DATE", "PRESENT_REF")  # "remains a mystery to this day"
        which = "that"  # "Ludendorff called this day the black day": the day just told
    anaphoric = which in ("the following", "the previous", "the prior", "the same", "that", "that same")
    if unit in ("morning", "afternoon", "evening"):
        if not (anaphoric or which == "the next"):
            return None  # "this morning" is the grammar's deictic rule; "next morning" is rare
        day = values.shift(ctx.anchor()[0], "day", offset)
        return Reading("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[unit]}", _mod(m, ctx))
    if anaphoric or (which == "the next" and unit == "day"):
        anchor, _ = ctx.anchor()  # anaphoric: relative to the last date mentioned
    else:
        anchor = ctx.published
    if unit in SEASONS:
        seasons = [values.season_start(SEASONS[unit], y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        current = values.period_start(anchor, "season")
        if offset < 0:
            start = max(s for s in seasons if s < current)
        elif offset > 0:
            start = min(s for s in seasons if s > current)
        else:
            start = values.season_start(SEASONS[unit], anchor.year)  # "this summer": this year's
        return Reading("DATE", values.format_value(start, "season"), _mod(m, ctx))
    granularity = _CALENDAR_UNIT[unit]
    next_day = which == "the next" and unit == "day" and ctx.word_before(m.start()) not in _SPAN_WORDS
    if (which in ("the next", "the coming") and not next_day) or (which in ("the last", "the past") and unit not in ("day", "year")):
        return Reading("DURATION", _duration(1, unit), _mod(m, ctx))  # "over the next year": a length of time
    value = values.format_value(values.shift(anchor, granularity, offset), granularity)
    if unit == "weekend":
        value += "-WE"
    if unit == "night":
        return Reading("TIME", f"{values.shift(anchor, 'day', offset).isoformat()}TNI")
    return Reading("DATE", value, _mod(m, ctx))


# Words before "the next day" that make it a length of time ("within the next day"), not the day after.
_SPAN_WORDS = {"over", "during", "within", "for", "throughout", "in"}
_WHICH = r"(?P<which>the\s+(?:current|coming|next|following|previous|prior|same|last|past)|last|past|previous|prior|this|current|next|coming|that(?:\s+same)?)"
RELATIVE_UNIT = Rule(
    "relative_unit",
    rf"{_POSITION_MOD}{_WHICH}\s+(?P<unit>week|weekend|month|quarter|year|decade|century|{SEASON}|day|night|morning|afternoon|evening)"
    r"(?!'s\s+(?:quarter|period)\b)",  # "last year's quarter" is a quarter (the earnings rule's)
    _relative_unit,
    (
        _ex("Trump banned Huawei last month.", "last month", "2019-05"),
        _ex("Prices rose this week.", "this week", "2019-W23"),
        _ex('Baker said on ABC\'s "This Week" that talks failed.', "", ""),
        _ex("Its chairman said this week that it would sign.", "this week", "2019-W23"),
        _ex("The plant will open next year.", "next year", "2020"),
        _ex("Output fell last year.", "last year", "2018"),
        _ex("Sales rose earlier this year.", "earlier this year", "2019"),
        _ex("Profit fell last quarter.", "last quarter", "2019-Q1"),
        _ex("U.K. sales for last year's quarter were $3 million.", "last year's quarter", "2018-Q3", published="2019-10-30", by="financial_period"),
        _ex("He will travel this summer.", "this summer", "2019-SU"),
        _ex("It happened last weekend.", "last weekend", "2019-W22-WE"),
        _ex("Prices rose over the past year.", "the past year", "2018"),
        _ex("MTS will develop the network over the next year.", "the next year", "P1Y", "DURATION"),
        _ex("Rebels attacked on May 3. The following day, troops left.", "The following day", "2019-05-04"),
        _ex("The Merrimack attacked on March 8, 1862, but the next day she had to fight.", "the next day", "1862-03-09"),
        _ex("A decision is expected within the next day.", "the next day", "P1D", "DURATION"),
        _ex("He was hurt on May 3 and appeared in court the next morning.", "the next morning", "2019-05-04TMO", "TIME"),
        _ex("He was shot on May 3. His name was crossed out that same day.", "that same day", "2019-05-03"),
        _ex("The offensive began on 8 August 1918. Ludendorff called this day a black day.", "this day", "1918-08-08"),
        _ex("Its origin remains a mystery to this day.", "this day", "PRESENT_REF"),
    ),
    from_publication=True,
)


def _ago(m: re.Match[str], ctx: Context) -> Reading | None:
    quantity = number_value(m["num"])
    unit = unit_name(m["unit"])
    if quantity is None or (unit not in _CALENDAR_UNIT and unit not in TIME_UNITS):
        return None
    direction = m["dir"].lower()
    later = direction in ("from now", "later", "hence")
    if quantity == "X" or not float(quantity).is_integer():
        return Reading("DATE", "FUTURE_REF" if later else "PAST_REF")
    # "a year earlier" in news compares with the time of writing far more often than with
    # the last date mentioned; "two days later" moves on from that date.
    anchor = ctx.published if direction in ("ago", "from now", "hence", "earlier") else ctx.anchor()[0]
    if direction == "earlier" and _story_year(ctx, m.start()) is not None:
        anchor = ctx.anchor()[0]  # in a history, "two years earlier" counts back from the date just told
    if unit in TIME_UNITS:
        return Reading("DATE", "FUTURE_REF" if later else "PAST_REF") if unit != "hour" else Reading("DATE", anchor.isoformat())
    granularity = _CALENDAR_UNIT[unit]
    n = int(quantity) * (1 if later else -1)
    reference = _reported_period(ctx, m.start())
    if unit == "year" and quantity == 1 and reference is not None:
        # "profit fell from a year ago" in a report on a quarter: that quarter, a year back
        months = 12 * n
        shifted = values.shift(reference[0], reference[1], 4 * n if reference[1] == "quarter" else months)
        return Reading("DATE", values.format_value(shifted, reference[1]), _mod(m, ctx))
    return Reading("DATE", values.format_value(values.shift(anchor, granularity, n), granularity), _mod(m, ctx))


# How far (in characters, about two sentences) a quarter an earnings report names still sets
# what "a year ago" compares with, when a day was named since ("the quarter ended Sept. 30").
_REPORT_REACH = 400


def _reported_period(ctx: Context, pos: int | None = None) -> tuple[date, str] | None:
    """The quarter or month last mentioned, when it is recent: the period a report is about.
    With `pos`, a recent quarter named within _REPORT_REACH before it also counts."""
    if ctx.reference is not None:
        start, granularity = ctx.reference
        if granularity in ("quarter", "month") and 0 <= (ctx.published - start).days < 370:
            return start, granularity
    if pos is not None and ctx.reported_quarter is not None and pos - ctx.reported_quarter[1] < _REPORT_REACH:
        return ctx.reported_quarter[0], "quarter"
    return None


AGO = Rule(
    "ago",
    rf"{_QUANTITY_MOD}(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT})(?P<or_so>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)(?!\s+(?:than|the|this|that|a|an)\b)",
    _ago,
    (
        _ex("He left two years ago.", "two years ago", "2017"),
        _ex("It was founded three months ago.", "three months ago", "2019-03"),
        _ex("The order came a few weeks ago.", "a few weeks ago", "PAST_REF"),
        _ex("Rebels attacked on May 3, 2018. Two days later, troops left.", "Two days later", "2018-05-05"),
        _ex("Profit rose from a year earlier.", "a year earlier", "2018"),
        _ex(
            "Howe took New York in 1776 and Philadelphia in 1777. By 1778 both armies were where they had been two years earlier.",
            "two years earlier",
            "1776",
        ),
        _ex("Profit rose in the third quarter from a year ago.", "a year ago", "2018-Q3", published="2019-10-30"),
        # the quarter reported a sentence before, though a day was named since
        _ex(
            "It earned $4 million for the third quarter ended Sept. 30. It lost $2 million a year ago.",
            "a year ago",
            "2018-Q3",
            published="2019-10-30",
        ),
        _ex("The talks began about a year ago.", "about a year ago", "2018", mod="APPROX"),
        _ex("Then, a week or so ago, the general picked Saturday night.", "a week or so ago", "2019-W22", mod="APPROX"),
        # "after" and "before" head a clause of their own: TimeML tags the length alone
        _ex("Hundreds gathered one year after he was killed.", "one year", "P1Y", "DURATION", by="duration"),
    ),
    from_publication=True,
)


def _bare_month(m: re.Match[str], ctx: Context) -> Reading | None:
    month = _month(m["month"])
    if month is None:
        return None
    which = re.sub(r"\s+", " ", m["which"].lower()) if m["which"] else None
    before = ctx.word_before(m.start())
    if month == 5 and not which and not m["pmod"] and before not in _MONTH_CONTEXT:
        return None  # "May" the modal verb
    if not which and re.match(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z]", ctx.text[m.end() : m.end() + 12]):
        return None  # an event's name: "the March for Life", "the March of the Combatant Mothers"
    if month == 3 and not which and not m["pmod"] and not m["rel"] and before not in _MONTH_CONTEXT and _A_MARCH(ctx, m):
        return None  # the noun: "the Long March", "Women's March on Versailles", "his March to the Sea"
    abbreviated = len(m["month"].rstrip(".")) <= 3 and not m["month"].endswith(".") and month != 5
    if abbreviated and (before not in _MONTH_CONTEXT or re.match(r"\s+[A-Z][a-z]", ctx.text[m.end() : m.end() + 3])):
        return None  # "Mar", "Jan" without a full stop are names more often than months ("Jan Kavan")
    published = ctx.published
    candidates = [date(y, month, 1) for y in (published.year - 1, published.year, published.year + 1)]
    current = values.period_start(published, "month")
    if m["rel"] and not which:
        # "in February this year", "July last year": the year words name the month's year;
        # "in June that year", that of the date written before it
        rel = re.sub(r"\s+", " ", m["rel"].lower())
        year = ctx.anchor()[0].year if rel in ("that", "the same") else published.year + {"this": 0, "last": -1, "next": 1}[rel]
        return Reading("DATE", f"{year:04d}-{month:02d}", _mod(m, ctx))
    if which in ("the previous", "the following"):
        # after a date: the month before or after it ("the salient seized the previous April")
        anchor = values.period_start(ctx.anchor()[0], "month")
        year = anchor.year - (month >= anchor.month) if which == "the previous" else anchor.year + (month <= anchor.month)
        return Reading("DATE", f"{year:04d}-{month:02d}", _mod(m, ctx))
    if which == "last":
        chosen = max(c for c in candidates if c < current)
    elif which == "next":
        chosen = min(c for c in candidates if c > current)
    elif which == "this":
        chosen = date(published.year, month, 1)
    else:
        # The nearest such month; the tense settles what lies over two months off.
        tense = ctx.tense(m.start())
        bound = _bound_by_signal(candidates, ctx, m.start(), current)
        if bound is not None:
            return Reading("DATE", values.format_value(bound, "month"), _mod(m, ctx))
        story = _story_year(ctx, m.start())
        if story is not None:
            return Reading("DATE", f"{story:04d}-{month:02d}", _mod(m, ctx))
        chosen = min(candidates, key=lambda c: abs(values.months_between(current, c)))
        distance = values.months_between(current, chosen)
        if tense == "past" and distance > 2:
            chosen = date(chosen.year - 1, month, 1)
        elif tense == "future" and distance < -2:
            chosen = date(chosen.year + 1, month, 1)
    return Reading("DATE", values.format_value(chosen, "month"), _mod(m, ctx))


_MARCH_TOWARDS = re.compile(r"\s+(?:to|on)\s+(?:the\s+)?[A-Z]")
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:['’]s)?$")


def _A_MARCH(ctx: Context, m: re.Match[str]) -> bool:
    """Whether "March" is the noun: going "to" or "on" a place ("the March to the Sea"), or
    named with a capitalised word before it in mid-sentence ("the Long March", "the Ice March",
    "Women's March"; not an acronym: "U.S. March sales")."""
    if _MARCH_TOWARDS.match(ctx.text, m.end()):
        return True
    if _opens_sentence_or_quotation(ctx, m.start()):
        return False
    words = ctx.text[ctx.sentence_span(m.start())[0] : m.start()].split()
    # the first word of a sentence is capitalised whatever it is ("The March accession")
    return len(words) > 1 and _NAME_WORD.match(words[-1]) is not None


BARE_MONTH = Rule(
    "month",
    rf"(?:(?P<which>last|next|this|the\s+previous|the\s+following)\s+)?{_POSITION_MOD}(?P<month>{MONTH})(?!\s*\d)"
    # "February this year" is one expression (a month, in the year the words name)
    r"(?:,?\s+(?:of\s+)?(?P<rel>this|last|next|that|the\s+same)\s+year\b(?!['’]))?",
    _bare_month,
    (
        _ex("Ren Zhengfei said in February that the East will still shine.", "February", "2019-02"),
        _ex("Huawei has been under pressure since May.", "May", "2019-05", mod="ON_OR_AFTER"),
        _ex("The network will launch in September.", "September", "2019-09"),
        _ex("Exports fell sharply in October.", "October", "2018-10"),
        _ex("In January, the company brought in a new chief executive.", "January", "2019-01", published="2019-10-27"),
        _ex("cant wait for november , my fav movie is out", "november", "2019-11"),
        _ex("The war began in 1914 and by 1917 it went badly. In February, the Tsar abdicated.", "February", "1917-02"),
        # news that names an old year in passing keeps its months near the publication
        _ex("Profit has doubled since 1980. In September, it announced plans to buy a rival.", "September", "2018-09"),
        _ex("we march on and may win", "", ""),
        _ex("Talks resumed in early March.", "early March", "2019-03", mod="START"),
        _ex("The ban may hurt the company.", "", ""),
        _ex("He left last December.", "last December", "2018-12"),
        _ex("In August 1918 the army gave up the salient seized the previous April.", "the previous April", "1918-04"),
        _ex("The treaty was signed in May 1920; the following March, war resumed.", "the following March", "1921-03"),
        _ex("The index has doubled since September.", "September", "2018-09", mod="ON_OR_AFTER"),
        _ex("Ratification began in October this year.", "October this year", "2019-10", published="2019-12-03"),
        _ex("The leaders fell out in November last year.", "November last year", "2018-11", published="2019-02-19"),
        _ex("The mine flooded in April 2009. In June that year, the owner sold it.", "June that year", "2009-06", published="2011-10-26"),
        _ex("The ministers of Poland and Jan Kavan signed.", "", ""),
        _ex("Protesters joined the annual March for Life.", "", ""),
        _ex("Of those who began the Long March, few survived.", "", ""),
        _ex("Sherman laid waste to Georgia in his March to the Sea.", "", ""),
        _ex("U.S. March sales rose.", "March", "2019-03"),
        _ex("The March accession will enable the three to join.", "March", "2019-03", published="2019-02-10"),
        # "sat." and "no." end sentences: the past tense before them says nothing of September
        _ex("The board sat. In September it votes on the plan.", "September", "2019-09"),
        _ex("Asked about a deal, he said no. In September talks resume.", "September", "2019-09"),
    ),
)


def _season(m: re.Match[str], ctx: Context) -> Reading | None:
    season_word = m["season"].lower()
    before = ctx.word_before(m.start())
    generic = False
    if m["which"] is None and before not in _SEASON_AFTER:
        # "fall" is a verb and a noun too often ("the rise and fall"): only after those words
        if season_word == "fall":
            return None
        if before in _SEASON_AFTER_TOO:
            following = _NEXT_WORD.match(ctx.text, m.end())
            if following is not None and following["word"].lower() in _VERB_OBJECT_START:
                return None  # "whether the well would hold or spring a new leak": the verb
        elif _bare_attributive(m, ctx, before):
            generic = True  # "winter quarters", "a summer home": a season in general, unless in a story
        else:
            return None
    if _OF_A_THING.match(ctx.text, m.end()):
        return None  # "the fall of the Berlin Wall", "the spring of his discontent": not the season
    published = ctx.published
    code = SEASONS[m["season"].lower()]
    story = _story_year(ctx, m.start())
    if story is not None:
        value = values.format_value(values.season_start(code, story), "season")
    elif generic:
        value = f"XXXX-{code}"  # TIMEX3's unknown year: no period a timeline could place
    else:
        starts = [values.season_start(code, y) for y in (published.year - 1, published.year, published.year + 1)]
        value = values.format_value(_pick(starts, ctx, m.start(), "season"), "season")
    return Reading("DATE", value, _mod(m, ctx), trim_start=_attributive_trim(m, ctx))


# Words before a bare season that make it one ("in spring", "during winter"); and, for all but
# "fall", a few more ("the onset of winter", "the spring and summer", "summer or autumn").
_SEASON_AFTER = frozenset({"in", "during", "by", "until", "since", "this", "the", "over"})
_SEASON_AFTER_TOO = frozenset({"of", "and", "or", "through", "throughout", "till", "before", "after"})
# Words after which a season word is rather the verb "spring" ("spring a leak", "spring up").
_VERB_OBJECT_START = frozenset({"a", "an", "the", "up", "to", "into", "back", "out", "forth", "his", "her", "their", "its", "my"})


def _bare_attributive(m: re.Match[str], ctx: Context, before: str) -> bool:
    """A season without an article that modifies the noun after it ("their main summer
    offensive", "entered winter quarters", "the Chinese Winter Offensive"): TimeML tags the
    season, in general (`XXXX-WI`) unless a story gives its year. Not in the names of political
    movements ("the Arab Spring protests")."""
    if before in SEASON_NAME_WORDS:
        return False
    return _modifies_next_noun(ctx, m.end(), plural=True)


def _modifies_next_noun(ctx: Context, end: int, plural: bool) -> bool:
    """Whether the word after `end` looks like a noun the word before it modifies: not a
    function word, an auxiliary, a tense marker, nor a word in -ly, -ed or -ing (nor in -s
    unless `plural`: "the winter ends", but "winter quarters")."""
    following = _NEXT_WORD.match(ctx.text, end)
    if following is None:
        return False
    word = following["word"]
    lowered = word.lower()
    endings = ("ly", "ed", "ing") if plural else ("ly", "ed", "ing", "s")
    return not (lowered in _NOT_A_HEAD_NOUN or lowered.endswith(endings) or TENSE_RE.fullmatch(word))


def _attributive_trim(m: re.Match[str], ctx: Context) -> int:
    """How much of "the" to leave out of the span when the season modifies the noun after it
    ("the winter ferry timetable", "the Spring Offensive"): the article is the noun's, and
    TimeML tags the season alone, as it tags "third-quarter" in "the third-quarter results"."""
    if not m["which"] or not _modifies_next_noun(ctx, m.end(), plural=False):
        return 0  # "the winter was", "the summer ended", "the winter ends", "spent the summer watching"
    return len(re.match(r"the\s+", m.group(0), re.IGNORECASE).group())  # type: ignore[union-attr]


_NEXT_WORD = re.compile(r"[ \t]+(?P<word>[A-Za-z]+)\b")
# Words after "the winter" that show it is not modifying a noun: function words and auxiliaries.
_NOT_A_HEAD_NOUN = frozenset(
    [
        "of", "and", "or", "but", "nor", "to", "in", "at", "on", "by", "for", "from", "with", "without", "as", "when",
        "while", "before", "after", "until", "till", "since", "during", "through", "into", "over", "along", "across",
        "around", "against", "among", "between", "beyond", "under", "up", "down", "out", "off", "about", "above", "below",
        "near", "inside", "outside", "amid", "toward", "towards", "via", "per", "that", "which", "who", "where", "is",
        "are", "be", "been", "will", "would", "could", "should", "can", "may", "might", "must", "has", "have", "do",
        "there", "then", "here", "now", "again", "too", "already", "just", "still", "even", "ahead", "this", "it", "he",
        "she", "they", "we", "i", "you", "his", "her", "its", "their", "our", "a", "an", "the", "not", "also", "so", "if",
        "than", "yet", "season",
    ]
)  # fmt: skip


SEASON_RULE = Rule(
    "season",
    rf"(?:(?P<which>the)\s+)?{_POSITION_MOD}(?P<season>{SEASON})(?!\s+(?:of\s+)?\d)",
    _season,
    (
        _ex("Exports fell in the spring.", "the spring", "2019-SP"),
        _ex("A vote will be held in autumn.", "autumn", "2019-FA"),
        _ex("Markets changed after the fall of the Soviet Union.", "", ""),
        # a season modifying a noun: the article belongs to the noun
        _ex("The winter ferry timetable ends on Sunday.", "winter", "2019-WI"),
        _ex("The army had been pushed back beyond its position before the summer offensive.", "summer", "2019-SU"),
        _ex("The winter ends early this year.", "The winter", "2019-WI"),
        _ex("Birds will spend the winter along the coast.", "the winter", "2019-WI"),
        # without an article: a season modifying a noun, or after "of", "and"...
        _ex("The army launched its main summer offensive against the city.", "summer", "XXXX-SU"),
        _ex("The war began in 1914 and by 1916 it had spread. The British entered winter quarters.", "winter", "1916-WI"),
        _ex("He rented a summer home in Tripoli.", "summer", "XXXX-SU"),
        _ex("They checked whether the well would hold or spring a new leak.", "", ""),
        _ex("He rested before the onset of winter.", "winter", "2018-WI"),
        _ex("Protests spread after the Arab Spring uprisings.", "", ""),
        _ex("The book charts the rise and fall of the empire.", "", ""),
        _ex("Winter is coming.", "", ""),
        _ex("The army reached Valley Forge in 1777; by 1778 it was half its size. Over the winter, men died.", "the winter", "1778-WI"),
    ),
)


# --- periods a report is about: "the quarter", "the year-earlier period", "the weekend" -----


def _financial_period(m: re.Match[str], ctx: Context) -> Reading | None:
    word = re.sub(r"[\s-]+", " ", m.group(0).lower())
    reference = _reported_period(ctx)
    # the quarter under discussion, else the latest one reported
    quarter = reference[0] if reference and reference[1] == "quarter" else values.shift(ctx.published, "quarter", -1)
    if m["fyear"]:  # "the 1988 period": the reported quarter, in that year
        return Reading("DATE", f"{int(m['fyear']):04d}-Q{(quarter.month - 1) // 3 + 1}")
    if m["lastyear"]:  # "last year's quarter", "the same period last year"
        return Reading("DATE", values.format_value(values.shift(quarter, "quarter", -4), "quarter"))
    if "year" in word:  # "the year-earlier quarter", "year-ago"
        if m["noun"] or (reference and reference[1] == "quarter"):
            return Reading("DATE", values.format_value(values.shift(quarter, "quarter", -4), "quarter"))
        return Reading("DATE", f"{ctx.published.year - 1:04d}")
    ended = _PERIOD_ENDED.match(ctx.text, m.end())
    if ended and "quarter" in word:
        last_day = _last_day_before(ctx, _month(ended["month"], dated=True), int(ended["day"]))
        if last_day is not None:
            # the three months up to that day, named by the calendar quarter holding most of them
            return Reading("DATE", values.format_value(last_day - timedelta(days=45), "quarter"))
    if (m["which"] and m["which"].lower() == "current") or ctx.tense(m.start()) == "future":
        quarter = values.period_start(ctx.published, "quarter")
    return Reading("DATE", values.format_value(quarter, "quarter"))


_PERIOD_ENDED = re.compile(rf"\s+(?:ended|ending)\s+(?P<month>{MONTH})\s+(?P<day>[12]\d|3[01]|0?[1-9])\b", re.IGNORECASE)


def _last_day_before(ctx: Context, month: int | None, day: int) -> date | None:
    """The latest such day of the month no later than a month after the publication (a
    quarter "ended Sept. 30" in a report of October 26 is this year's)."""
    if month is None:
        return None
    limit = ctx.published + timedelta(days=31)
    for year in (ctx.published.year, ctx.published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate <= limit:
            return candidate
    return None


FINANCIAL_PERIOD = Rule(
    "financial_period",
    # "the quarter a year ago" before "the quarter": the first alternative that matches wins
    r"(?P<lastyear>last\s+year's\s+(?:quarter|period)|the\s+(?:(?:same|corresponding|comparable)\s+)?(?:period|quarter)\s+(?:last\s+year|a\s+year\s+(?:ago|earlier)))"
    r"|(?:the\s+)?year[\s-](?:earlier|ago)(?:\s+(?P<noun>quarter|period))?"
    r"|the\s+(?:(?P<which>latest|most\s+recent|recent|current|same)\s+)?quarter(?!\s+(?:of|century))"
    r"|the\s+latest\s+period"
    rf"|the\s+(?P<fyear>{YEAR})\s+(?:period|quarter)",
    _financial_period,
    (
        _ex("Net income fell from the year-earlier quarter.", "the year-earlier quarter", "2018-Q3", published="2019-10-30"),
        _ex("Profit rose 5% in the quarter.", "the quarter", "2019-Q3", published="2019-10-30"),
        # a fiscal quarter is named by the calendar quarter holding most of its months
        _ex("In the quarter ended July 31, it sold 5.6 million units.", "the quarter", "2019-Q2", published="2019-10-30"),
        _ex("Sales for the quarter ended Sept. 30 rose.", "the quarter", "2019-Q3", published="2019-10-30"),
        _ex("Sales in the latest quarter fell.", "the latest quarter", "2019-Q3", published="2019-10-30"),
        _ex("Sales were up from year-earlier levels.", "year-earlier", "2018", published="2019-06-06"),
        _ex(
            "Profit rose in the third quarter. In the 2018 period, it fell.", "the 2018 period", "2018-Q3", published="2019-10-30"
        ),
        _ex(
            "Net rose in the third quarter from the corresponding period last year.",
            "the corresponding period last year",
            "2018-Q3",
            published="2019-10-30",
        ),
        _ex(
            "It lost $226 million in the third quarter. For the quarter a year ago, it earned $16 million.",
            "the quarter a year ago",
            "2018-Q3",
            published="2019-10-30",
        ),
        # a report is about a period that has begun: "the third quarter of 1990" is a forecast
        _ex(
            "Losses may last through the third quarter of 2020. In the year-ago period, it earned $1 million.",
            "the year-ago period",
            "2018-Q3",
            published="2019-10-30",
        ),
    ),
)


def _named_period(m: re.Match[str], ctx: Context) -> Reading | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    before = ctx.word_before(m.start())
    if word in ("the year", "the fiscal year", "the current fiscal year"):
        # "the year ended March 31", "throughout the year": a length of time; otherwise the
        # year being reported on ("a high for the year", "lower earnings for the fiscal year")
        ending = re.match(r"\s+(?:ended|ending|to\s+[A-Z\d])", ctx.text[m.end() : m.end() + 12])
        if before in ("over", "throughout", "during") or ending:
            return Reading("DURATION", "P1Y")
        year = _story_year(ctx, m.start()) or ctx.published.year  # in a history, the year being told
        return Reading("DATE", f"{year:04d}", _mod(m, ctx))
    if word == "the full year":
        return Reading("DATE", f"{ctx.published.year:04d}")
    if word == "the week":
        return Reading("DATE", values.format_value(ctx.published, "week"), _mod(m, ctx))
    if word == "the month":
        # "by the end of the month": the publication's month, or in a history the month last told
        month = ctx.anchor()[0] if _story_year(ctx, m.start()) is not None else ctx.published
        return Reading("DATE", values.format_value(month, "month"), _mod(m, ctx))
    # the weekend: the coming one when the sentence looks ahead, else the one just past
    if ctx.published.isoweekday() >= 6 or ctx.tense(m.start()) == "future":
        week = ctx.published
    else:
        week = ctx.published - timedelta(days=7)
    return Reading("DATE", values.format_value(week, "week") + "-WE")


NAMED_PERIOD = Rule(
    "named_period",
    rf"{_POSITION_MOD}(?P<word>the\s+(?:fiscal\s+|full\s+|current\s+fiscal\s+)?year|the\s+week|the\s+weekend|the\s+month(?=\s*[,.;]|\s+(?:and|but)\b))"
    r"(?!\s*-|(?<!week)'|\s+(?:before|after|earlier|ago|later|to\s+(?:date|come))\b)",
    _named_period,
    (
        _ex("Sales for the year rose.", "the year", "2019"),
        _ex("Earnings for the fiscal year will be lower.", "the fiscal year", "2019"),
        _ex("It expects sales in the current fiscal year to rise.", "the current fiscal year", "2019"),
        _ex("It earned $5 million in the year ended March 31.", "the year", "P1Y", "DURATION"),
        _ex("Profit rose 8% in the year to March 31.", "the year", "P1Y", "DURATION"),
        _ex("Profit should rise throughout the fiscal year.", "the fiscal year", "P1Y", "DURATION"),
        _ex("He said earlier in the year that it would grow.", "the year", "2019"),
        _ex("Troops landed in 1775 and by 1776 they held the city; at the end of the year, enlistments expired.", "the end of the year", "1776", mod="END"),
        _ex("Fighting continued over the weekend.", "the weekend", "2019-W22-WE", published="2019-06-03"),
        _ex("Thursday was the week's busiest session.", "the week", "2019-W23"),
        _ex("The goal is 40,000 troops in the region by the end of the month.", "the end of the month", "2019-06", mod="END"),
        _ex(
            "The war began in 1914 and by 1917 it went badly. On 3 March, riots began; by the end of the month, the Tsar had gone.",
            "the end of the month",
            "1917-03",
            mod="END",
        ),
        _ex("The plan will be unveiled at the end of the year.", "the end of the year", "2019", mod="END"),
    ),
)


# The attacks of 11 September 2001, named by their day: "9/11" (not "9/11/2005", a date), and
# "September 11" where the words around it name the attacks ("the September 11 attacks", "the
# lessons of September 11"). Elsewhere "September 11" is a day like any other ("Sept. 11 - Libya
# resumes oil output" in a chronology of 2011).
_ATTACKS_DAY = date(2001, 9, 11)
_NAMES_THE_ATTACKS_AFTER = re.compile(
    r"\s*(?:terror\w*|attacks?|hijack\w*|commission|victims|plot\w*|mastermind|bombers|fund|families|first\s+responders)\b", re.IGNORECASE
)
_NAMES_THE_ATTACKS_BEFORE = re.compile(
    r"\b(?:attacks?|outrages?|atrocit(?:y|ies)|lessons|events|aftermath|wake|horrors?|memory|legacy)\s+of\s+$", re.IGNORECASE
)


def _attacks_day(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.published <= _ATTACKS_DAY:
        return None
    named = m.group().startswith("9") or _NAMES_THE_ATTACKS_AFTER.match(ctx.text, m.end())
    if not named and not _NAMES_THE_ATTACKS_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start()):
        return None  # a September 11 like any other: the day rule reads it
    return Reading("DATE", _ATTACKS_DAY.isoformat())


ATTACKS_DAY = Rule(
    "attacks_day",
    r"9/11(?![/\d])|(?:September|Sept\.?)\s+11(?:th)?(?!\d|,?\s+\d{4}|:\d)",
    _attacks_day,
    (
        _ex("The rules changed after 9/11.", "9/11", "2001-09-11", published="2005-06-29"),
        _ex("Security tightened after the September 11 attacks.", "September 11", "2001-09-11", published="2011-02-06"),
        _ex("We must not forget the lessons of September 11, he said.", "September 11", "2001-09-11", published="2005-06-29"),
        _ex("Sept. 11 - Libya resumes oil output.", "Sept. 11", "2011-09-11", published="2011-09-21", by="month_day"),
        _ex("The board meets on September 11 to vote.", "September 11", "2005-09-11", published="2005-06-29", by="month_day"),
        _ex("Filed 9/11/2005 at the registry.", "9/11/2005", "2005-09-11", by="numeric_date"),
    ),
)


def _holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    name = re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")
    rule = HOLIDAYS.get(name)
    if rule is None:
        return None
    if m["year"]:  # "by Christmas 1963"
        return Reading("DATE", _holiday_date(rule, int(m["year"])).isoformat())
    candidates = [_holiday_date(rule, year) for year in (ctx.published.year - 1, ctx.published.year, ctx.published.year + 1)]
    which = m["which"].lower() if m["which"] else None
    if which == "last":
        chosen = max(c for c in candidates if c < ctx.published)
    elif which == "next":
        chosen = min(c for c in candidates if c > ctx.published)
    else:
        chosen = _pick(candidates, ctx, m.start(), "day")
    return Reading("DATE", chosen.isoformat())


def _holiday_date(rule: str, year: int) -> date:
    """A date from a holiday rule: "12-25" (fixed), "11-4-4" (4th Thursday of November), "05-L-1" (last Monday)."""
    parts = rule.split("-")
    month = int(parts[0])
    if len(parts) == 2:
        return date(year, month, int(parts[1]))
    weekday = int(parts[2])
    if parts[1] == "L":
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (int(parts[1]) - 1))


HOLIDAY = Rule(
    "holiday",
    rf"(?:(?P<which>last|next|this)\s+)?(?P<name>{alternation(HOLIDAYS)})(?:,?\s+(?P<year>{YEAR})(?![\d%]))?",
    _holiday,
    (
        _ex("Stores opened on Thanksgiving Day.", "Thanksgiving Day", "2018-11-22", published="2019-01-07"),
        _ex("The vote will be held at Christmas.", "Christmas", "2019-12-25"),
        _ex("driving home for xmas", "xmas", "2019-12-25", published="2019-12-10"),
        _ex("He predicted victory by Christmas 1963.", "Christmas 1963", "1963-12-25"),
    ),
)


# --- times of day ------------------------------------------------------------------------


def _clock_day(ctx: Context) -> date:
    """The day a time of day is on: the day the text last named, else the publication's."""
    anchor, granularity = ctx.anchor()
    return anchor if granularity in ("day", "time") else ctx.published


def _clock(m: re.Match[str], ctx: Context) -> Reading | None:
    hour = int(m["h"])
    minute = int(m["mi"] or m["mi2"] or 0)  # "4:30 pm", and "430pm" as informal writing has it
    meridian = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    meridian = {"inthemorning": "am", "intheafternoon": "pm", "intheevening": "pm"}.get(meridian, meridian)
    if meridian == "pm" and hour < 12:
        hour += 12
    elif meridian == "am" and hour == 12:
        hour = 0
    if hour > 23 or (not meridian and (not m["mi"] or "." in m.group(0))):
        return None  # "4.10" is a price or a score, not ten past four
    day = _clock_day(ctx)
    return Reading("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}")


CLOCK = Rule(
    "clock",
    r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d)(?:hrs\b)?|(?P<mi2>[0-5]\d)(?=\s*[ap]\.?\s?m\b))?\s*(?P<ampm>a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b|in\s+the\s+(?:morning|afternoon|evening))?"
    r"(?:\s+(?P<tz>[ECMP][SD]?T|GMT|UTC|BST|CET|MSK)\b)?",
    _clock,
    (
        _ex("First published at 3:54 a.m. PT.", "3:54 a.m. PT", "2019-06-06T03:54", "TIME"),
        _ex("The market closed at 4 p.m.", "4 p.m.", "2019-06-06T16:00", "TIME"),
        _ex("He will leave at 4 in the morning.", "4 in the morning", "2019-06-06T04:00", "TIME"),
        _ex("Event starts at 430pm @ Vivo!", "430pm", "2019-06-06T16:30", "TIME"),
        _ex("The equipment was deployed by 05:30hrs.", "05:30hrs", "2019-06-06T05:30", "TIME"),
        _ex("Gunbattles and funerals in Syria (2:17 -RRB- Aug. 11", "2:17", "2019-06-06T02:17", "TIME"),
        _ex("Polls open at 9 a.m. Tuesday.", "9 a.m. Tuesday", "2019-06-04T09:00", "TIME", by="clock_day"),
        _ex("The offer expires at 5 p.m. EST, Nov. 6.", "5 p.m. EST, Nov. 6", "2019-11-06T17:00", "TIME", published="2019-10-30", by="clock_day"),
    ),
)


def _clock_24h(m: re.Match[str], ctx: Context) -> Reading | None:
    day = _clock_day(ctx)
    return Reading("TIME", f"{day.isoformat()}T{m['hh']}:{m['mm']}")


# Wire copy writes times as four digits with a zone ("1130 GMT", "0600 local time"): without
# the zone those digits are a year, so the zone is what makes them a time of day.
CLOCK_24H = Rule(
    "clock_24h",
    r"(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?:GMT|UTC|BST|CET|MSK|[ECMP][SD]T|local\s+time)\b",
    _clock_24h,
    (
        _ex("The aftershock struck on Wednesday at 1130 GMT.", "1130 GMT", "2019-06-05T11:30", "TIME"),
        _ex("Troops left the base at 0600 local time.", "0600 local time", "2019-06-06T06:00", "TIME"),
        _ex("The war ended in 1945.", "1945", "1945", by="year"),
    ),
)


def _clock_stamp(m: re.Match[str], ctx: Context) -> Reading | None:
    if not ctx.writes_clock_stamps():
        return None  # "1945: The war ends", a year in a list of years
    return Reading("TIME", f"{ctx.published.isoformat()}T{m['hh']}:{m['mm']}")


# A live page opens each entry with the time it was posted ("1003: Dominic Casciani, Home
# affairs correspondent"): the time of the publication day, not the year 1003.
CLOCK_STAMP = Rule(
    "clock_stamp",
    r"(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?=\s?:\s)",
    _clock_stamp,
    (
        _ex(
            "0946: Crowds gather outside the court. 1003: Our correspondent says the jury is out. 1129: A verdict is due.",
            "1003",
            "2019-06-06T10:03",
            "TIME",
        ),
        _ex("1945: The war ends. 1949: Nato is founded. 1969: Apollo 11 lands on the Moon.", "1945", "1945", by="year"),
    ),
)


def _clock_24h_bare(m: re.Match[str], ctx: Context) -> Reading | None:
    if not (_AT_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()) or _ON_A_DAY_AFTER.match(ctx.text, m.end())):
        return None  # "in 1100", a year
    return _clock_24h(m, ctx)


_AT_BEFORE = re.compile(r"\bat\s+(?:(?:about|around|approximately)\s+)?$", re.IGNORECASE)
_ON_A_DAY_AFTER = re.compile(rf"\s+on\s+(?:\d{{1,2}}\s+|(?:{'|'.join(WEEKDAYS)})\b)", re.IGNORECASE)
# Four digits without a zone are a time of day, not a year, where a year cannot be: after
# "at" ("fell asleep at about 1100"), or before the day it was on ("the last dose was 1040 on
# 25 June"). Only up to 1859: "at 1945" may be a year's score, "at 2007's festival" a year.
CLOCK_24H_BARE = Rule(
    "clock_24h_bare",
    r"(?P<hh>[01][0-8]|09)(?P<mm>[0-5]\d)(?![\d'’])"
    rf"{_NOT_A_MEASURE}",
    _clock_24h_bare,
    (
        _ex("The doctor said the singer fell asleep at about 1100.", "1100", "2019-06-06T11:00", "TIME"),
        _ex("The last dose was given 1040 on Thursday, hours before he died.", "1040", "2019-06-06T10:40", "TIME"),
        _ex("The castle was built in 1100.", "1100", "1100", by="year"),
        _ex("The climbers camped at 1500 metres.", "", ""),
    ),
)


def _noon(m: re.Match[str], ctx: Context) -> Reading | None:
    if _in_a_name(ctx, m.start(), m.start()):
        return None  # the film "High Noon"
    day = _clock_day(ctx)
    return Reading("TIME", f"{day.isoformat()}T{'24:00' if m['word'].lower() == 'midnight' else '12:00'}")


# "the morning of his death", "the fall of the wall": a part of the day or a season of
# something else, which the publication date does not place ("the morning of 28 July" leaves
# the date to the date's own rule)
_OF_A_THING = re.compile(r"\s+of\s")


def _part_of_day(m: re.Match[str], ctx: Context) -> Reading | None:
    if _OF_A_THING.match(ctx.text, m.end()) and not m["day"]:
        return None
    day = _clock_day(ctx)
    if m["day"]:  # "at mid-afternoon yesterday"
        day = ctx.published + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m["day"].lower()])
    return Reading("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}", _mod(m, ctx))


PART_OF_DAY_RULE = Rule(
    "part_of_day",
    r"(?:the\s+|(?P<pmod>mid|early|late)[\s-]+)(?P<part>morning|afternoon|evening)(?:\s+(?P<day>yesterday|today|tomorrow))?",
    _part_of_day,
    (
        _ex("Shares fell Friday. Dealers placed buy orders in the morning.", "the morning", "2019-05-31TMO", "TIME"),
        _ex("By mid afternoon, the operation was over.", "mid afternoon", "2019-06-06TAF", "TIME", mod="MID"),
        _ex("He was seen on the morning of his death.", "", ""),
        _ex("He was arrested on the morning of 28 July.", "28 July", "2019-07-28", by="month_day"),
        _ex("In London at mid-afternoon yesterday, shares were up.", "mid-afternoon yesterday", "2019-06-05TAF", "TIME", mod="MID"),
    ),
)


def _at_night(m: re.Match[str], ctx: Context) -> Reading | None:
    # "they travelled at night": nights in general, of no day a timeline could place; the
    # preposition stays outside the span, as TimeML wants
    return Reading("DATE", "XXXX-XX-XXTNI", trim_start=m.start("night") - m.start())


AT_NIGHT = Rule(
    "at_night",
    r"(?:at|by)\s+(?P<night>night)",
    _at_night,
    (
        _ex("They travelled at night so they might not be discovered.", "night", "XXXX-XX-XXTNI"),
        _ex("The camp fell silent by nightfall.", "", ""),
    ),
)


NOON = Rule(
    "noon",
    r"(?P<word>noon|midday|midnight)",
    _noon,
    (
        _ex("Talks ended at noon.", "noon", "2019-06-06T12:00", "TIME"),
        _ex("He will appear before a judge at midday.", "midday", "2019-06-06T12:00", "TIME"),
        _ex("The poster showed Gary Cooper in High Noon.", "", ""),
        _ex("The poster showed Gary Cooper from the film ``High Noon.''", "", ""),
    ),
)


# --- durations, sets and vague references -------------------------------------------------


_BARE_DURATION_CONTEXT = {
    "for",
    "in",
    "over",
    "within",
    "after",
    "took",
    "take",
    "takes",
    "lasted",
    "last",
    "spent",
    "of",
    "than",
}


def _duration_rule(m: re.Match[str], ctx: Context) -> Reading | None:
    unit = unit_name(m["unit"])
    if unit not in UNITS or (unit == "night" and not m["num"]):
        return None
    if m["old"]:
        return None  # ages ("a 6-year-old boy") are not time expressions in TimeML
    if _in_a_name(ctx, m.start(), m.start("unit")):
        return None  # CBS's "60 Minutes"
    written = m["unit"].lower()
    if written in _ABBREVIATED_UNITS and not m["num"]:
        return None  # "take yr Hot Yoga": "your"; an abbreviated unit goes with a number
    plural = written != unit and written not in ("yr", "hr", "min", "sec")
    quantity: float | str | None = number_value(m["num"]) if m["num"] else None
    if quantity is None:
        if m["vague"]:
            quantity = "X"
        elif m["num"] is None and plural and ctx.word_before(m.start()) in _BARE_DURATION_CONTEXT and not m["the"]:
            quantity = "X"  # "for years", "within weeks"
        elif m["long"] and not m["the"] and not m["qmod"]:
            quantity = "X" if plural else 1  # "a decades-long battle", "a day-long meeting"
        elif m["ahead"] and m["the"] and plural:
            quantity = "X"  # "in the weeks ahead"
        else:
            return None
    if m["and_half"] and isinstance(quantity, (int, float)):
        quantity += 0.5  # "a day and a half"
    if isinstance(quantity, float) and not quantity.is_integer():
        quantity = round(quantity, 2)
    if not plural and m["num"] and re.fullmatch(r"1\d{3}|20\d\d", m["num"]):
        return None  # "the 1988 second quarter": a year, not 1988 seconds
    if m["num"] and m["num"].lower() in ("a", "an") and ctx.word_before(m.start()) in ("once", "twice", "times"):
        return None
    if quantity == 1 and plural and m["num"] and m["num"].lower() in ("a", "an"):
        return None
    if m["num"] and m["num"].lower() in ("a", "an") and not m["qmod"]:
        if _after_an_amount(ctx, m.start()):
            return None  # "$2 million a year", "24 hours a day": a rate, not a length of time
        if unit == "second" and re.match(
            r"\s+(?!ago|later|earlier|before|after|or|and|of)[a-z]", ctx.text[m.end() : m.end() + 12]
        ):
            return None  # "a second group": an ordinal
    if (
        unit == "quarter"
        and ((plural and ctx.text[m.start("unit") - 1 : m.start("unit")] == "-") or (not plural and m["num"] in ("a", "A")))
        and re.match(r"\s+of\s+(?!(?:a|the|this|last|next)\s+year\b|\d)", ctx.text[m.end() : m.end() + 20])
    ):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if m["the"] and m["num"] and m.start("unit") - m.end("num") == 1 and ctx.text[m.end("num")] == "-":
        # "the 14-day period": the length modifies a noun; TimeML leaves the article outside
        return Reading("DURATION", _duration(quantity, unit), _mod(m, ctx), trim_start=m.start("num") - m.start())
    return Reading("DURATION", _duration(quantity, unit), _mod(m, ctx))


_ABBREVIATED_UNITS = frozenset({"yr", "yrs", "hr", "hrs", "min", "mins", "sec", "secs"})
_AMOUNT_WORDS = {
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
    "dozen",
    "percent",
    "cents",
    "dollars",
    "pence",
    "times",
}


def _after_an_amount(ctx: Context, pos: int) -> bool:
    """True when one of the two words before `pos` is an amount ("700 seats", "$55", "24 hours")."""
    words = ctx.text[max(0, pos - 30) : pos].split()[-2:]
    return any(
        re.search(r"\d", w)
        or w.lower().strip(",") in _AMOUNT_WORDS
        or w.lower().strip(",") in NUMBERS
        or w.lower() in UNIT_PLURALS
        for w in words
    )


DURATION = Rule(
    "duration",
    rf"(?:{_QUANTITY_MOD}|(?P<the>the)\s+(?:(?:past|last|next|previous|first|coming|following|latest)\s+)?)"
    rf"(?:(?P<num>{NUMBER})[\s-]+(?:(?:more|additional|further|extra)\s+)?(?:(?:trading|business|working)\s+(?=days?\b))?"
    rf"|(?P<vague>recent|coming|past)\s+)?(?P<unit>{UNIT})(?P<and_half>\s+and\s+a\s+half)?(?:[\s-]+(?:(?P<long>long)|(?P<old>old))|(?P<ahead>\s+ahead))?",
    _duration_rule,
    (
        _ex("The ban comes into force within three months.", "three months", "P3M", "DURATION"),
        _ex("They met nearly 30 times over the past six years.", "the past six years", "P6Y", "DURATION"),
        _ex("Nokia signed 12 contracts in the last two months.", "the last two months", "P2M", "DURATION"),
        _ex("It signed a three-year contract.", "three-year", "P3Y", "DURATION"),
        _ex("The strike ended the 14-day shutdown.", "14-day", "P14D", "DURATION"),
        _ex("Talks lasted several weeks.", "several weeks", "PXW", "DURATION"),
        _ex("Prices have risen in recent years.", "recent years", "PXY", "DURATION"),
        _ex("The strike lasted 18 months.", "18 months", "P18M", "DURATION"),
        _ex("Sales rose in the nine months to September.", "the nine months", "P9M", "DURATION"),
        _ex("The dispute has dragged on for years.", "years", "PXY", "DURATION"),
        _ex("A 6-year-old boy was hurt.", "", ""),
        _ex("Trade rose for more than two years.", "more than two years", "P2Y", "DURATION", mod="MORE_THAN"),
        _ex("Sales doubled over two years.", "two years", "P2Y", "DURATION"),
        _ex("The meeting lasted two hours.", "two hours", "PT2H", "DURATION"),
        _ex("Eight trading days after the plunge, the index was still down.", "Eight trading days", "P8D", "DURATION"),
        _ex("She will spend 5 1/2 hours in Nairobi.", "5 1/2 hours", "PT5H30M", "DURATION"),
        _ex("Refugees lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M", "DURATION"),
        _ex("The talks took a day and a half, then 1.5 days more.", "1.5 days", "P1DT12H", "DURATION"),
        _ex("The strike lasted 1.5 months.", "1.5 months", "P1.5M", "DURATION"),
        _ex("But a minute and a half later, a pilot called in.", "a minute and a half", "PT1M30S", "DURATION"),
        _ex("The cut saves $2 million a year.", "", ""),
        _ex("Guards stand outside 24 hours a day.", "24 hours", "PT24H", "DURATION"),
        _ex("It will be a second betrayal.", "", ""),
        _ex("Iraq imports about three-quarters of its food.", "", ""),
        _ex("Mutual funds account for more than a quarter of the market.", "", ""),
        _ex("He said on CBS's 60 Minutes that it was abuse.", "", ""),
        _ex("The hearing lasted a week.", "a week", "P1W", "DURATION"),
        _ex("Funds will face pressure in the weeks ahead.", "the weeks ahead", "PXW", "DURATION"),
        _ex("The decades-long battle goes on.", "decades-long", "PXY", "DURATION"),
        _ex("The rate is the lowest for almost two decades.", "almost two decades", "P20Y", "DURATION", mod="LESS_THAN"),
        _ex("Lawyers left their day-long meeting.", "day-long", "P1D", "DURATION"),
        _ex("He will stay for at least two more weeks.", "at least two more weeks", "P2W", "DURATION", mod="EQUAL_OR_MORE"),
        _ex("The loan may be extended for an additional year.", "an additional year", "P1Y", "DURATION"),
        _ex("TOOK 2.5 HRS OF TREKKING UP THE ALPS", "2.5 HRS", "PT2H30M", "DURATION"),
        _ex("Have only luv in yr heart", "", ""),
    ),
)


def _compact_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.text[m.start() - 1 : m.start()] == ":":
        return None  # "05:30hrs" is a clock time
    number = number_value(m["num"])
    if not isinstance(number, (int, float)):
        return None
    return Reading("DURATION", _duration(number, unit_name(m["unit"])), _mod(m, ctx))


# Informal writing puts an abbreviated unit onto its number ("7hrs", "24hr", "5mins"). A rule
# of its own, as an alternative inside DURATION's pattern slowed every number the scan meets.
COMPACT_DURATION = Rule(
    "compact_duration",
    rf"{_QUANTITY_MOD}(?P<num>\d+(?:\.\d+)?)(?P<unit>hrs?|mins?|secs?|yrs?)(?![\s-]+old\b)",
    _compact_duration,
    (
        _ex("Its already close to 7hrs of waiting!", "7hrs", "PT7H", "DURATION"),
        _ex("Lost it all in just 1.5hrs.", "1.5hrs", "PT1H30M", "DURATION"),
        _ex("The Dictator of almost 30yrs must go.", "almost 30yrs", "P30Y", "DURATION", mod="LESS_THAN"),
        _ex("We arm the rebels with 15yr old rifles.", "", ""),
    ),
)


def _vague(m: re.Match[str], ctx: Context) -> Reading | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    table = {
        "now": "PRESENT_REF",
        "currently": "PRESENT_REF",
        "the present": "PRESENT_REF",
        "at present": "PRESENT_REF",
        "nowadays": "PRESENT_REF",
        "these days": "PRESENT_REF",
        "right now": "PRESENT_REF",
        "recently": "PAST_REF",
        "the past": "PAST_REF",
        "the future": "FUTURE_REF",
        "the near future": "FUTURE_REF",
        "the very near future": "FUTURE_REF",
        "the nearest future": "FUTURE_REF",
        "the foreseeable future": "FUTURE_REF",
        "the coming years": "FUTURE_REF",
        "the near term": "FUTURE_REF",
        "the short term": "FUTURE_REF",
        "the long term": "FUTURE_REF",
        "a later date": "FUTURE_REF",
        "lately": "PAST_REF",
        "current": "PRESENT_REF",
        "recent": "PAST_REF",
    }
    value = table.get(word)
    if value is None:
        return None
    if word == "now" and ctx.word_before(m.start()) == "from":
        return None  # "from now" belongs to the expression before it ("two weeks from now")
    if ctx.text[m.end() : m.end() + 1] == "-":
        return None  # "the now-defunct company", "now-Vice President Suleiman": part of an adjective
    if m["word"] == "Now" and _DISCOURSE_NOW.match(ctx.text, m.end()) and _opens_sentence_or_quotation(ctx, m.start()):
        return None  # "Now, he says, ...", "Now for the weather": a discourse marker opening a sentence
    return Reading("DATE", value)


# After a "now" that opens a sentence: a comma setting it off, or "for" introducing the next
# topic. There "now" moves the discourse on (Schiffrin's discourse marker), not to the present.
_DISCOURSE_NOW = re.compile(r",|\s+for\b")
VAGUE = Rule(
    "vague",
    r"(?P<word>the\s+(?:very\s+)?(?:near|nearest|foreseeable)\s+future|the\s+future|the\s+present|the\s+past(?!\s+(?:\w+\s+)?(?:year|month|week|day|decade|centur))"
    r"|the\s+(?:near|short|long)\s+term|a\s+later\s+date"
    r"|right\s+now|now|currently|at\s+present|nowadays|these\s+days|recently|lately|current|recent)",
    _vague,
    (
        _ex("The network will be ready in the very near future.", "the very near future", "FUTURE_REF"),
        _ex("Huawei now makes its own chips.", "now", "PRESENT_REF"),
        _ex("No woman has been in charge of a mission until now.", "now", "PRESENT_REF"),
        _ex("Iraq was ready to withdraw. Now, he says, the West wants a war.", "", ""),
        _ex("Now for the weather.", "", ""),
        _ex("The plan was headed by now-Vice President Omar Suleiman.", "", ""),
        _ex("Prices fell. Now officials are investigating.", "Now", "PRESENT_REF"),
        _ex("He said it is over for now, at least.", "now", "PRESENT_REF"),
        _ex("Shares fell recently.", "recently", "PAST_REF"),
        _ex("We don't minimize the challenges of the near term.", "the near term", "FUTURE_REF"),
        _ex("It may seek financing at a later date.", "a later date", "FUTURE_REF"),
    ),
)


def _set(m: re.Match[str], ctx: Context) -> Reading | None:
    word = re.sub(r"\s+", " ", m["word"].lower())
    if (
        m["word"][:1].isupper()
        and ctx.word_before(m.start())[:1]
        and ctx.text[ctx.sentence_span(m.start())[0] : m.start()].strip()
    ):
        previous = ctx.text[: m.start()].rstrip().rsplit(None, 1)[-1]
        if previous[:1].isupper():
            return None  # part of a name: "China Daily"
    adverbs = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "yearly": "P1Y",
        "hourly": "PT1H",
        "nightly": "P1D",
        "annually": "P1Y",
    }
    if word in adverbs:
        if word == "annually" and _after_an_amount(ctx, m.start()):
            return None  # "rise 8.5% annually": a rate, as "$2 million a year"
        return Reading("SET", adverbs[word])
    unit = unit_name(m["unit"]) if m["unit"] else None
    if word.startswith("per") and _after_an_amount(ctx, m.start()):
        return None  # "15 million instructions per second": a rate
    if unit is None or unit not in UNITS:
        if m["unit"] and m["unit"].lower() in SEASONS:
            return Reading("SET", f"XXXX-{SEASONS[m['unit'].lower()]}")  # "every summer"
        month = _month(m["unit"]) if m["unit"] else None
        if month is not None:
            return Reading("SET", f"XXXX-{month:02d}")  # "each July"
        weekday = _weekday(m["unit"], m["word"]) if m["unit"] else None
        return Reading("SET", f"XXXX-WXX-{weekday}") if weekday else None
    return Reading("SET", _duration(1, unit))


SET = Rule(
    "set",
    rf"(?P<word>(?:every|each|per)\s+(?P<unit>{UNIT}|{WEEKDAY}|{MONTH}|{SEASON})|daily|weekly|monthly|yearly|hourly|nightly|annually)",
    _set,
    (
        _ex("The paper is printed every day.", "every day", "P1D", "SET"),
        _ex("Rates are set weekly.", "weekly", "P1W", "SET"),
        _ex("He swims every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
        _ex("Orangemen march each July through the town.", "each July", "XXXX-07", "SET"),
        _ex("Violence flares every summer.", "every summer", "XXXX-SU", "SET"),
        _ex("The chip runs 15 million instructions per second.", "", ""),
        _ex("Ceremonies are held here annually.", "annually", "P1Y", "SET"),
    ),
)


RULES: tuple[Rule, ...] = (
    ERA_YEAR, ISO_DATE, NUMERIC_DATE, WEEK_OF, ATTACKS_DAY, MONTH_DAY, MONTH_YEAR, SEASON_YEAR, SPELLED_YEAR_RULE, QUARTER, HALF, DECADE, DECADE_WORD, YEAR_END, CENTURY, YEAR_RANGE,
    DEICTIC_DAY, AGO, COMPACT_DURATION, DURATION, RELATIVE_UNIT, FINANCIAL_PERIOD, NAMED_PERIOD, HOLIDAY, WEEKDAY_RULE, BARE_MONTH, SEASON_RULE, CLOCK_24H, CLOCK_STAMP, CLOCK_24H_BARE, YEAR_ONLY,
    CLOCK, NOON, AT_NIGHT, PART_OF_DAY_RULE, VAGUE, SET,
)  # fmt: skip


# Words an expression can start with (besides digits): the engine tries the grammar only
# where one of them begins a word. tests/test_tagger_properties.py checks that nothing is lost.
TRIGGER_WORDS: frozenset[str] = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *(f"{day}s" for day in WEEKDAYS if day.endswith("day")),
        *NUMBERS,
        *VAGUE_NUMBERS,
        *ORDINALS,
        *UNITS,
        *UNIT_PLURALS,
        *SEASONS,
        *PARTS_OF_DAY,
        *INFORMAL_DAYS,
        *MODS,
        *HOLIDAYS,
        *TRIGGERS,
    ]
)

# --- ranges ------------------------------------------------------------------------------

_RANGE_GLUE = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and(?:\s+(?:in|on))?)\s*$", re.IGNORECASE)
_RANGE_OPENER = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)


_CLOCK_DATE_GLUE = re.compile(r",?\s*(?:on\s+)?", re.IGNORECASE)


def _join_clock_and_day(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """ "9 a.m. Tuesday", "5 p.m. EST, Nov. 6": one TIME on that day (as TimeML tags them)."""
    joined: list[TimeExpression] = []
    for expression in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.rule in ("clock", "noon")
            and expression.type == "DATE"
            and expression.granularity == "day"
            and _CLOCK_DATE_GLUE.fullmatch(text[previous.end : expression.start])
        ):
            clock = previous.value.split("T", 1)[1]
            joined[-1] = TimeExpression(
                start=previous.start, end=expression.end, text=text[previous.start : expression.end], type="TIME",
                value=f"{expression.value}T{clock}", granularity="time", interval_start=expression.interval_start,
                interval_end=expression.interval_end, mod=previous.mod, rule="clock_day",
            )  # fmt: skip
            continue
        joined.append(expression)
    return joined


_DAY_RANGE_BEFORE = re.compile(
    r"(?:(?:the|(?P<weekday>[a-z]+day)),?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–]|to|and)\s*(?P<rest>(?:[a-z]+day,?\s+)?\d.*)",
    re.IGNORECASE | re.DOTALL,
)
_DAY_RANGE_INSIDE = re.compile(r"(?P<first>.*?\d(?:st|nd|rd|th)?)\s*[-–]\s*(?P<day>\d{1,2})")
_BARE_DAY_AFTER = re.compile(
    r"\s*(?:and|to|through|until|till|-|–)\s*(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\w:%]|[.,]\d|\s*(?:a\.?m|p\.?m|percent|per\b|%))",
    re.IGNORECASE,
)


def _day_of_same_month(
    first: TimeExpression, day: int, start: int, end: int, text: str, earlier: bool = False
) -> TimeExpression | None:
    """The bare day number of "April 24 and 25" or "March 3-5", in the month of `first`
    (`earlier`: the number of "3-5 March", before the date `first`)."""
    if first.interval_start is None or (day >= first.interval_start.day if earlier else day <= first.interval_start.day):
        return None
    try:
        value = first.interval_start.replace(day=day)
    except ValueError:
        return None
    return TimeExpression(
        start, end, text[start:end], "DATE", value.isoformat(), "day", value, value + timedelta(days=1), rule="month_day"
    )


def _split_day_ranges(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """ "between March 3 and 5", "April 24 and 25", "March 3-5": the second day number is a
    date of its own, in the first one's month (TimeML tags it apart)."""
    result: list[TimeExpression] = []
    for index, expression in enumerate(found):
        if expression.rule != "month_day" or expression.granularity != "day":
            result.append(expression)
            continue
        before = _DAY_RANGE_BEFORE.match(expression.text)
        if before:  # "10-12 October": the first day number is a date in the second's month
            rest = expression.start + before.start("rest")
            second = dataclasses.replace(expression, start=rest, text=text[rest : expression.end])
            # "Tuesday 8 to Friday 11 September": the first date keeps its weekday
            first_start = expression.start + (before.start("weekday") if before["weekday"] else before.start("day"))
            first = _day_of_same_month(
                second, int(before["day"]), first_start, expression.start + before.end("day"), text, earlier=True
            )
            result.extend([first, second] if first else [second])
            continue
        inside = _DAY_RANGE_INSIDE.match(expression.text)
        if inside:  # the grammar read "March 3-5" as one match: cut it in two
            first_end = expression.start + inside.end("first")
            first = dataclasses.replace(expression, end=first_end, text=text[expression.start : first_end])
            second = _day_of_same_month(
                first, int(inside["day"]), expression.start + inside.start("day"), expression.start + inside.end("day"), text
            )
            result.extend([first, second] if second else [expression])
            continue
        result.append(expression)
        after = _BARE_DAY_AFTER.match(text, expression.end)
        following = found[index + 1].start if index + 1 < len(found) else len(text)
        if after and after.end() <= following:
            second = _day_of_same_month(expression, int(after["day"]), after.start("day"), after.end("day"), text)
            if second:
                result.append(second)
    return result


_ERA_RANGE = re.compile(r"(?P<first>\d{1,4})\s*[-–]\s*(?P<rest>\d.*)", re.DOTALL)


def _split_era_ranges(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """ "499-493 BC": the first year, of the same era, is a date of its own before the second."""
    result: list[TimeExpression] = []
    for expression in found:
        both = _ERA_RANGE.fullmatch(expression.text) if expression.rule == "era_year" else None
        if both is None:
            result.append(expression)
            continue
        first_end = expression.start + both.end("first")
        year = int(both["first"])
        bc = expression.value.startswith("BC")
        first = TimeExpression(
            expression.start, first_end, text[expression.start : first_end], "DATE", f"BC{year:04d}" if bc else f"{year:04d}",
            *(() if bc else ("year", date(year, 1, 1), date(year + 1, 1, 1))), rule="era_year",
        )  # fmt: skip
        rest = expression.start + both.start("rest")
        result.extend([first, dataclasses.replace(expression, start=rest, text=text[rest : expression.end])])
    return result


def join_ranges(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """Join two dated expressions written as one span of time ("from May to July",
    "this year and in 2020", "between March and May") into a range that keeps its parts; then
    read a chronology's days without a year in its order (chronology.py)."""
    found = _split_era_ranges(text, _split_day_ranges(text, _join_clock_and_day(text, found)))
    joined: list[TimeExpression] = []
    i = 0
    while i < len(found):
        first = found[i]
        second = found[i + 1] if i + 1 < len(found) else None
        if second is not None:
            first = _year_written_once(text, first, second)
        if second is not None and _is_range(text, first, second):
            joined.append(
                TimeExpression(
                    start=first.start,
                    end=second.end,
                    text=text[first.start : second.end],
                    type="DATE",
                    value=first.value,
                    granularity=first.granularity,
                    interval_start=first.interval_start,
                    interval_end=second.interval_end,
                    mod=first.mod,
                    end_value=second.value,
                    parts=(first, second),
                    rule="range",
                )
            )
            i += 2
            continue
        if first.rule == "year_range" and first.interval_start is not None:
            joined.append(_split_year_range(text, first))
        else:
            joined.append(first)
        i += 1
    return chronology.in_order(text, joined)


_FOUR_DIGITS = re.compile(r"\d{4}")


def _year_written_once(text: str, first: TimeExpression, second: TimeExpression) -> TimeExpression:
    """ "In April and June 1955", "26 June - 4 August 1952", "August-September 1950": a month or
    day written without its year, joined to one written with it, is in that year (or the year
    before, when its month comes later: "December-January 1950")."""
    if (
        first.rule not in ("month", "month_day")
        or first.granularity not in ("month", "day")
        or second.granularity not in ("month", "day")
        or first.interval_start is None
        or second.interval_start is None
        or _FOUR_DIGITS.search(first.text)
        or not _FOUR_DIGITS.search(second.text)
        or "\n" in text[first.end : second.start]
        or _RANGE_GLUE.fullmatch(text[first.end : second.start]) is None
    ):
        return first
    start, year = first.interval_start, second.interval_start.year
    if (start.month, start.day) > (second.interval_start.month, second.interval_start.day):
        year -= 1
    try:
        moved = start.replace(year=year)
    except ValueError:
        return first  # 29 February
    value = values.format_value(moved, first.granularity)
    period = values.interval(value)
    if period is None or value == first.value:
        return first
    return dataclasses.replace(first, value=value, interval_start=period[1], interval_end=period[2])


def _is_range(text: str, first: TimeExpression, second: TimeExpression) -> bool:
    if not (first.is_anchored and second.is_anchored and first.type == second.type == "DATE"):
        return False
    if first.granularity != second.granularity or first.rule == "year_range":
        return False
    glue = text[first.end : second.start]
    if "\n" in glue or _RANGE_GLUE.fullmatch(glue) is None:
        return False
    # "X and Y" without "between" is a range only for whole years or months ("this year and in 2020")
    bare_and = (
        glue.strip().lower().startswith("and") and _RANGE_OPENER.search(text, max(0, first.start - 10), first.start) is None
    )
    if bare_and and first.granularity not in ("year", "month"):
        return False
    return first.interval_start < second.interval_start  # type: ignore[operator]


def _split_year_range(text: str, expression: TimeExpression) -> TimeExpression:
    """A "2019-2020" match becomes a range of two years, with a part for each."""
    m = re.match(r"(\d{4})\s*[-–—/]\s*(\d{2,4})", expression.text)
    assert m is not None
    first_year = int(m[1])
    last_year = int(m[2]) if len(m[2]) == 4 else first_year - first_year % 100 + int(m[2])
    second_start = expression.start + m.start(2)
    first_part = TimeExpression(
        expression.start,
        expression.start + 4,
        m[1],
        "DATE",
        f"{first_year:04d}",
        "year",
        date(first_year, 1, 1),
        date(first_year + 1, 1, 1),
        expression.mod,
        rule="year",
    )
    second_part = TimeExpression(
        second_start,
        expression.end,
        m[2],
        "DATE",
        f"{last_year:04d}",
        "year",
        date(last_year, 1, 1),
        date(last_year + 1, 1, 1),
        rule="year",
    )
    return TimeExpression(
        start=expression.start,
        end=expression.end,
        text=expression.text,
        type="DATE",
        value=f"{first_year:04d}",
        granularity="year",
        interval_start=date(first_year, 1, 1),
        interval_end=date(last_year + 1, 1, 1),
        mod=expression.mod,
        end_value=f"{last_year:04d}",
        parts=(first_part, second_part),
        rule="year_range",
    )


RANGE_EXAMPLES = (
    _ex("Pilot networks will launch in Russia this year and in 2020.", "this year and in 2020", "2019"),
    _ex("The exhibition runs from May to July.", "May to July", "2019-05"),
    _ex("Pilot networks will launch in 2019-2020.", "2019-2020", "2019", by="year_range"),
    _ex("The festival runs between March 3 and 5.", "March 3 and 5", "2019-03-03"),
    _ex("The festival runs March 3-5, 2020.", "March 3-5", "2020-03-03"),
    # the day before the month: the first day number is a date in the same month
    _ex("The expo runs from 10-12 October.", "10-12 October", "2019-10-10"),
    _ex("The course is held on 2 - 4 July 2013.", "2 - 4 July 2013", "2013-07-02"),
    _ex("Talks were held between 3 and 5 March.", "3 and 5 March", "2019-03-03"),
    # a listing's weekdays beside the day numbers
    _ex("Tuesday 8 to Friday 11 October: the Proms, live from the Albert Hall.", "Tuesday 8 to Friday 11 October", "2019-10-08"),
    # a hyphen after a word may join two dates; after a digit or a single letter it does not
    _ex("The Battle of the Frontiers (14 August-24 August) was lost.", "14 August-24 August", "2019-08-14"),
    _ex("Israel's pre-1967 borders were discussed.", "1967", "1967", by="year"),
    _ex("He wore an M-1951 field jacket for two-and-a-half weeks.", "", ""),
    # a year written once, after the second date, is the first one's too
    _ex("In April and June 1955, Diem cleared the city.", "April and June 1955", "1955-04"),
    _ex("The Battle of the Frontiers (14 August-24 August 1914) was lost.", "14 August-24 August 1914", "1914-08-14"),
    _ex("Operation Glory (December-January 1955) returned the dead.", "December-January 1955", "1954-12"),
)

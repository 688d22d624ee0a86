"""Plain records passed between the pipeline stages.

sources -> Article; temporal -> TimeExpression; mentions -> Mention; dedup -> Event.
Each stage reads the records of the stage before it and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any


@dataclass(frozen=True, slots=True, weakref_slot=True)  # (slots: an archive's timeline holds a text-free copy of each of a million)
class Article:
    """One news article with the date every relative phrase in it is anchored to."""

    id: str
    text: str
    published: date
    title: str | None = None
    url: str | None = None
    path: str | None = None  # where it was read from, for error messages


@dataclass(frozen=True, slots=True)  # (slots: a year's merging holds hundreds of thousands, each with one)
class TimeExpression:
    """A TIMEX3-style time expression found in a text.

    `start`/`end` are character offsets into the text that was tagged. For DATE and TIME
    values with a calendar meaning, `interval_start`/`interval_end` give the period it
    denotes (end exclusive) at its own `granularity`; durations, sets and vague references
    (PAST_REF, ...) have no interval.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value, e.g. 2019-05, 2019-W23, P3M, PRESENT_REF
    granularity: str | None = None  # day, week, month, quarter, season, half, year, decade, century, time
    interval_start: date | None = None
    interval_end: date | None = None
    mod: str | None = None  # TIMEX3 mod: START, BEFORE, APPROX, EQUAL_OR_MORE, ...
    end_value: str | None = None  # the last value of a range such as 2019-2020
    parts: tuple[TimeExpression, ...] = ()  # the atomic expressions a range was joined from
    rule: str = ""  # the grammar rule that produced it, for debugging and tests

    @property
    def is_anchored(self) -> bool:
        """True when the expression names a calendar period a timeline can draw."""
        return self.interval_start is not None and self.interval_end is not None

    def __reduce__(self) -> tuple[type[TimeExpression], tuple[Any, ...]]:
        # Pickled as its fields, in order, for the constructor: a slotted record's default
        # (a state set field by field) pickles slower, and workers send millions.
        return TimeExpression, time_expression_values(self)


@dataclass(frozen=True, slots=True)  # (slots: no __dict__ for each of the millions an archive's merging holds)
class Mention:
    """A dated (or, for supporting mentions, undated) statement in one article."""

    article_id: str
    sentence: str  # the whole sentence, for quoting
    clause: str  # the part of the sentence the time expression dates
    time: TimeExpression | None
    sentence_index: int
    actors: tuple[str, ...] = ()  # capitalised names found in the clause
    terms: tuple[str, ...] = ()  # normalised content words of the clause
    time_spans: tuple[tuple[int, int], ...] = ()  # every time expression in the clause (offsets in it)
    places: tuple[str, ...] = ()  # the actors named as where it happened ("in Moscow"), a weaker clue
    # The name a pronoun opening the sentence may stand for: the one opening the sentence before
    # ("Ann Lee" for "She resigned ..." after "Ann Lee lost the vote."); "" when there is none.
    antecedent: str = ""

    def __reduce__(self) -> tuple[type[Mention], tuple[Any, ...]]:
        return Mention, mention_values(self)  # (as TimeExpression's)


# A record's field values, in the order of its fields (what its constructor takes): for pickling
# it, and for the merging's files (dedup.store.pack).
time_expression_values: Callable[[TimeExpression], tuple[Any, ...]] = attrgetter(*(f.name for f in fields(TimeExpression)))
mention_values: Callable[[Mention], tuple[Any, ...]] = attrgetter(*(f.name for f in fields(Mention)))


@dataclass(frozen=True)
class Event:
    """One real event, merged from every mention of it."""

    id: str
    headline: str
    value: str  # TIMEX3 value of the event's date
    granularity: str
    start: date
    end: date  # exclusive
    end_value: str | None
    mentions: tuple[Mention, ...]
    sources: tuple[str, ...]  # article ids, in order of first mention
    actors: tuple[str, ...] = ()
    future: bool = False  # dated after the latest publication date
    salience: float = 0.0
    # What an editor gave it (timeline/edits.py, timeline/sheet.py): the longer text under the
    # headline, links of its own (an added event has no article), and whether it was edited,
    # added or merged by hand.
    text: str = ""
    links: tuple[str, ...] = ()
    edited: bool = False


@dataclass(frozen=True)
class Span:
    """The days a reader asked for (--from, --until; either may be open): both days included."""

    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class Timeline:
    title: str
    articles: tuple[Article, ...]
    events: tuple[Event, ...] = field(default_factory=tuple)
    # Events ranked below a --max-events cut: kept so a page can show them on demand. A tuple, or
    # for an archive a sequence read from disk as asked for (every other event, with all its mentions).
    more_events: Sequence[Event] = field(default_factory=tuple)
    # The days asked for: only events touching them are kept, drawn clipped to them.
    span: Span | None = None

"""Salience: which events matter most, and the cut a reader asked for (--max-events, --about).

An event matters when many independent articles report it with its date, when reports were
written as it happened, and when the day it sits on is one the corpus keeps coming back to:
many articles date something to it, some long after, its reports stand out from the weeks
around it, and news volume peaks on it. A day long before the story's articles began (history
recalled in passing) or after its last one (a plan) matters less, unless most articles make it
the news. Those signals (FEATURES) are weighed by a small logistic model whose coefficients are
data (salience_weights.toml, fitted by bench/fit_salience.py): salience is the chance it gives
that the event's day belongs on the story's timeline, 0-100.

Not every dated sentence is a report: articles that repeat a sentence word for word (a
related-stories box, a factbox) are one report; a date given ahead of publication is a plan,
which may not happen; a sentence in none of the story's words (a programme listing, a quiz,
another subject on the same page) is about something else. These count for less, and what a
day draws lifts an event only as far as the event itself is reported as news of the story.
Before any of it, same-day copies of one happening merge (timeline/sameday.py).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import struct
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from timeline import sameday
from timeline.mentions import stem
from timeline.records import Event, Mention
from timeline.temporal.en.lexicon import MONTHS, WEEKDAYS

# Reports published this soon after an event's day were written as it happened.
FRESH_WINDOW = timedelta(days=2)
# Reports published on an event's day and the day after (the news volume of its days).
BURST_DAYS = 2
# A report that only dates the event ahead of its own publication is a forecast or a schedule
# ("due to begin on 13 July"): what was planned does not always happen, so it counts for less.
FORECAST_WEIGHT = 0.5
# The story's own words are those used by at least this share of the articles ("jackson",
# "murray", "trial"; "flu", "swine"); a report whose sentence uses none of them is about
# something else the page carried (a programme listing, a quiz, a related story) and counts
# for less. A pile with no such words (several stories at once) discounts nothing.
STORY_WORD_SHARE = 0.3
OFF_STORY_WEIGHT = 0.25
# An article less than this share of whose sentences use the story's words is about something
# else (a programme listing, a blog on another subject), even where one sentence names someone
# of the story: all its reports count as off the story.
ARTICLE_ON_STORY_SHARE = 0.2
# Sentences whose use of the story's words is kept, at most (a cache).
_SENTENCES_KEPT = 1 << 16


_DATE_WORDS = frozenset(stem(w) for w in (*MONTHS, *WEEKDAYS))


def story_word_counts(group: Iterable[Mention]) -> tuple[Counter[str], int]:
    """How many of the articles of `group` (whole articles) use each term, and how many articles
    it has: what the story's words are found from (Reports)."""
    used_by: dict[str, set[str]] = defaultdict(set)
    for mention in group:
        used_by[mention.article_id].update(mention.terms)
    return Counter(itertools.chain.from_iterable(used_by.values())), len(used_by)


class Reports:
    """How much the mentions of a corpus weigh as independent reports of an event.

    Made from every mention of every event, given by `groups` as groups that each hold whole
    articles; `groups` is called twice (story words, then the articles off the story), so the
    mentions may be read from disk group by group rather than held at once."""

    def __init__(self, groups: Callable[[], Iterable[Iterable[Mention]]], published: dict[str, date]) -> None:
        counts: Counter[str] = Counter()
        articles = 0
        for group in groups():
            group_counts, group_articles = story_word_counts(group)
            counts.update(group_counts)
            articles += group_articles
        self._know_story(counts, articles, published)
        off_story: set[str] = set()
        for group in groups():
            off_story |= self.off_story_in(group)
        self.off_story_articles = frozenset(off_story)

    @classmethod
    def from_counts(cls, counts: Counter[str], articles: int, published: dict[str, date]) -> Reports:
        """Reports of the story words that `counts` and `articles` give (story_word_counts summed
        over the groups, counted apart: in worker processes); its `off_story_articles` are then
        set from `off_story_in` over the same groups."""
        reports = cls.__new__(cls)
        reports._know_story(counts, articles, published)
        return reports

    def _know_story(self, counts: Counter[str], articles: int, published: dict[str, date]) -> None:
        self.published = published
        self._weights: dict[int, float] = {}
        # A date's own words ("June", "2009") say when, not what the story is about.
        story = sorted(
            t
            for t, n in counts.items()
            if n >= STORY_WORD_SHARE * articles and t not in _DATE_WORDS and not t[:1].isdigit() and len(t) > 2
        )
        self._in_any_case: Callable[[str], object] | None = None
        self._in_lower_case: Callable[[str], object] | None = None
        self._ascii_story = False
        self._on_sentence: dict[str, bool] = {}
        if articles >= 10 and story:
            # Stems ("viru", "angel") read as the start of a word: "virus", "Angeles".
            pattern = r"\b(?:" + "|".join(map(re.escape, story)) + ")"
            self._in_any_case = re.compile(pattern, re.IGNORECASE).search
            # The stems are lower case: an ASCII sentence, lowered, is searched without IGNORECASE
            # (the same matches, found faster); other text as it is (case folding beyond ASCII).
            self._in_lower_case = re.compile(pattern).search
            self._ascii_story = all(t.isascii() for t in story)  # "ſ" would match "s" in any case, not lowered
        self.off_story_articles: frozenset[str] = frozenset()
        # How many reports came out on each day: news volume peaks on and just after the days that matter.
        self.issued: dict[date, int] = defaultdict(int)
        for day in published.values():
            self.issued[day] += 1

    def off_story_in(self, group: Iterable[Mention]) -> set[str]:
        """The articles of `group` (whole articles) less than ARTICLE_ON_STORY_SHARE of whose
        sentences use the story's words."""
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for mention in group:
            counted = tally[mention.article_id]
            counted[0] += self.on_story(mention)
            counted[1] += 1
        return {a for a, (on, seen) in tally.items() if on < ARTICLE_ON_STORY_SHARE * seen}

    def with_dates(self, published: dict[str, date]) -> Reports:
        """These reports, reading when articles came out from `published` (a worker's share of
        the dates: those of the articles it scores). The news volume per day stays the whole
        corpus's."""
        copy = object.__new__(Reports)
        copy.__dict__.update(self.__getstate__(), published=published)
        return copy

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__ | {"_on_sentence": {}, "_weights": {}}  # (caches: not sent to a worker)

    def on_story(self, mention: Mention) -> bool:
        """Whether the mention's sentence uses one of the story's words (True when the corpus has none)."""
        if self._in_any_case is None or self._in_lower_case is None:
            return True
        sentence = mention.sentence
        found = self._on_sentence.get(sentence)
        if found is None:
            if len(self._on_sentence) >= _SENTENCES_KEPT:  # a cache, not a record of every sentence
                self._on_sentence.clear()
            hit = self._in_lower_case(sentence.lower()) if self._ascii_story and sentence.isascii() else self._in_any_case(sentence)
            found = self._on_sentence[sentence] = hit is not None
        return found

    def forget(self) -> None:
        """Drop the weights kept by mention identity (before scoring other mentions)."""
        self._weights = {}

    def weight(self, mention: Mention) -> float:
        """1 for a report of something that happened, told in the story's words; less for a
        forecast and for a sentence about something else."""
        found = self._weights.get(id(mention))
        if found is not None:
            return found
        weight = 1.0
        time = mention.time
        published = self.published.get(mention.article_id)
        if time is not None and time.interval_start is not None and published is not None and time.interval_start > published:
            weight *= FORECAST_WEIGHT
        if mention.article_id in self.off_story_articles or not self.on_story(mention):
            weight *= OFF_STORY_WEIGHT
        self._weights[id(mention)] = weight
        return weight

    def independent(self, mentions: Sequence[Mention]) -> float:
        """How many independent reports `mentions` make: each article counts with the weight
        of its best mention, and articles that repeat one sentence word for word (a
        related-stories box, a factbox, a republished copy) count no more than once per sentence."""
        if len(mentions) == 1:  # most events: one report, its weight (at most 1)
            return self.weight(mentions[0])
        best: dict[str, float] = {}
        sentences: set[str] = set()
        for mention in mentions:
            sentences.add(mention.sentence)
            weight = self.weight(mention)
            if weight > best.get(mention.article_id, 0.0):
                best[mention.article_id] = weight
        return min(sum(best.values()), float(len(sentences)))


# What an event's salience is made of (event_features), in this order. The model that weighs
# them is fitted by bench/fit_salience.py and shipped as data (salience_weights.toml): a
# logistic regression of "its day is on the story's timeline" over these, for day-level events.
FEATURES = (
    "reports",  # independent reports of the event (each as Reports.weight weighs it)
    "fresh_reports",  # of them, those written as it happened
    "supporting",  # undated sentences that resemble it
    "day_reports",  # independent reports of anything on its day
    "day_peak",  # how far its day's reports stand out from those of the weeks around it
    "news_volume",  # articles published on its day and the day after, against an ordinary day
    "day_mentions",  # dated sentences of its day, any event's
    "day_articles",  # articles that date anything to its day
    "day_fresh_share",  # share of those articles published on the day or just after
    "recalled",  # articles published well after the day that still date something to it
    "named_day",  # articles that name the day by its date ("20 April"), not only as "Tuesday" or "yesterday"
    "first_report_lag",  # how long after the day the first report of it came out
    "before_story",  # how long before the story's articles began the day is (history recalled),
    # as far as few of the articles date anything to it (when most do, the old day is the news)
    "after_story",  # how long after the last article the day is (a plan)
    "planned",  # share of its dated reports written ahead of it
    "off_story",  # share of its dated reports off the story
    "before_spread",  # how long before the story's articles began the day is, in the story's own
    # spreads (the days its middle articles came out over: a month of history is far before a
    # week-long story, near a two-year one), as far as few of the articles date anything to it
    "before_articles",  # how long before the first of the story's articles the day is, as far
    # as few of the articles date anything to it
)
WEIGHTS_FILE = Path(__file__).with_name("salience_weights.toml")
# Where the story's articles begin: this share of them came out earlier (a stray early article,
# a backgrounder, does not move the start).
STORY_START_QUANTILE = 0.05


@dataclass(frozen=True)
class Model:
    """A logistic regression over FEATURES: salience is 100 times the chance it gives that an
    event's day belongs on the story's timeline."""

    intercept: float
    coefficients: tuple[float, ...]

    def salience(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * f for c, f in zip(self.coefficients, features, strict=True))
        return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def load_model(path: Path = WEIGHTS_FILE) -> Model:
    """The model in a weights file: `intercept` and a `[coefficients]` table naming every feature."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data["coefficients"]
    missing = [name for name in FEATURES if name not in table]
    if missing:
        raise ValueError(f"{path}: no coefficient for {', '.join(missing)}")
    return Model(float(data["intercept"]), tuple(float(table[name]) for name in FEATURES))


# The model score() uses (the benches put in one fitted without the story they score).
model = load_model()


def story_span(issued: dict[date, int]) -> tuple[date, date] | None:
    """When the story's articles came out: from the day by which STORY_START_QUANTILE of them had
    to the last one."""
    if not issued:
        return None
    days = sorted(issued)
    total = sum(issued.values())
    seen = 0
    for day in days:
        seen += issued[day]
        if seen > STORY_START_QUANTILE * total:
            return day, days[-1]
    return days[0], days[-1]


def story_spread(issued: dict[date, int]) -> int:
    """Over how many days the story's articles came out: from the day by which
    STORY_START_QUANTILE of them had to the day by which all but that share had (at least 1)."""
    if not issued:
        return 1
    days = sorted(issued)
    total = sum(issued.values())
    came_out = list(itertools.accumulate(issued[day] for day in days))
    first = days[bisect.bisect_right(came_out, STORY_START_QUANTILE * total)]
    last = days[bisect.bisect_left(came_out, (1 - STORY_START_QUANTILE) * total)]
    return max(1, (last - first).days)


def _on_day(events: Sequence[Event], dated: Sequence[Sequence[Mention]]) -> dict[date, list[Mention]]:
    """How much each day is reported: every dated mention of it, whichever event it is attached to."""
    on_day: dict[date, list[Mention]] = defaultdict(list)
    for event, ms in zip(events, dated, strict=True):
        if event.end - event.start == timedelta(days=1):
            on_day[event.start].extend(ms)
    return on_day


def day_reports(events: Sequence[Event], reports: Reports) -> dict[date, float]:
    """The reports of each day of `events` (all those of their days), as the days around it
    weigh theirs against them (`event_features`' `around`)."""
    reports.forget()
    on_day = _on_day(events, [[m for m in e.mentions if m.time is not None] for e in events])
    return {day: math.log1p(reports.independent(ms)) for day, ms in on_day.items()}


def event_features(
    events: Sequence[Event], published: dict[str, date], reports: Reports, around: Mapping[date, float] | None = None
) -> list[tuple[float, ...]]:
    """FEATURES of each event. What a day draws (its reports, mentions, articles, the news
    volume) counts for an event as far as the event itself is reported as news of the story.
    `around`: the reports of days within PEAK_REACH that have no event among `events` (those of
    other years, when events are scored a year at a time: `day_reports`)."""
    reports.forget()
    dated = [[m for m in e.mentions if m.time is not None] for e in events]
    on_day = _on_day(events, dated)
    issued = reports.issued
    span = story_span(issued)
    spread = story_spread(issued)
    first_issue = min(issued) if issued else None
    corpus_articles = max(1, sum(issued.values()))
    ordinary_day = corpus_articles / len(issued) if issued else 1.0

    def of_day(day: date, ms: Sequence[Mention]) -> tuple[float, float, float, float, float, float, float]:
        # Articles are counted as Reports.independent counts them, unweighed: those repeating one
        # sentence word for word (a related-stories box) count once.
        articles = {m.article_id for m in ms}
        lags = {a: (published[a] - day).days for a in articles if a in published}
        after = [lag for lag in lags.values() if lag >= 0]
        fresh = sum(lag <= FRESH_WINDOW.days for lag in after)
        recalled = [m for m in ms if lags.get(m.article_id, -1) > FRESH_WINDOW.days]
        named = [m for m in ms if m.time is not None and _NAMES_A_MONTH(m.time.text)]
        return (
            reports.independent(ms) if ms else 0.0,
            float(len({m.sentence for m in ms})),
            _distinct(ms),
            fresh / len(lags) if lags else 0.0,
            float(min(after)) if after else 0.0,
            _distinct(recalled),
            _distinct(named),
        )

    days = {day: of_day(day, ms) for day, ms in on_day.items()}
    reported = {**(around or {}), **{day: math.log1p(values[0]) for day, values in days.items()}}
    peak = {day: reported[day] - _around(reported, day) for day in days}
    rows = []
    for event, ms in zip(events, dated, strict=True):
        sources = {m.article_id for m in ms}
        supporting = len(set(event.sources) - sources)
        fresh = reports.independent(
            [m for m in ms if m.article_id in published and event.start <= published[m.article_id] <= event.start + FRESH_WINDOW]
        )
        told = reports.independent(ms) if ms else 0.0
        one_day = event.end - event.start == timedelta(days=1)
        day_reports, day_mentions, day_articles, day_fresh, first_lag, recalled, named = days[event.start] if one_day else of_day(event.start, ms)
        burst = sum(issued.get(event.start + timedelta(days=n), 0) for n in range(BURST_DAYS)) if one_day else 0
        planned = sum(1 for m in ms if m.article_id in published and published[m.article_id] < event.start)
        off = sum(1 for m in ms if m.article_id in reports.off_story_articles or not reports.on_story(m))
        before = (span[0] - event.start).days if span else 0
        after = (event.start - span[1]).days if span else 0
        news = min(1.0, told)
        # history counts as far as few of the articles date anything to the day (when most do, it is the news)
        passing = 1.0 - min(1.0, day_articles / corpus_articles)
        rows.append(
            (
                math.log1p(told),
                math.log1p(fresh),
                math.log1p(supporting),
                news * math.log1p(day_reports),
                news * max(0.0, peak.get(event.start, 0.0) if one_day else 0.0),
                news * math.log1p(burst / ordinary_day),
                news * math.log1p(day_mentions),
                news * math.log1p(day_articles),
                day_fresh,
                news * math.log1p(recalled),
                news * math.log1p(named),
                math.log1p(first_lag),
                math.log1p(max(0, before)) * passing,
                math.log1p(max(0, after)),
                planned / len(ms) if ms else 0.0,
                off / len(ms) if ms else 0.0,
                math.log1p(max(0, before) / spread) * passing,
                math.log1p(max(0, (first_issue - event.start).days)) * passing if first_issue else 0.0,
            )
        )
    return rows


# A time expression that writes its month ("20 April", "April 20th", "2010-04-20").
_NAMES_A_MONTH = re.compile(r"\d{4}-\d\d|\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE).search

def _distinct(mentions: Sequence[Mention]) -> float:
    """How many articles `mentions` come from, counting those that repeat a sentence word for word once."""
    return float(min(len({m.article_id for m in mentions}), len({m.sentence for m in mentions})))


# The weeks around a day whose reports its own are compared with.
PEAK_REACH = 14


def _around(reported: dict[date, float], day: date) -> float:
    """The mean of `reported` over the PEAK_REACH days either side of `day` (itself left out; a
    day with nothing reported counts as 0)."""
    total = 0.0
    at, first, last = day.toordinal(), date.min.toordinal(), date.max.toordinal()  # (no day before the calendar's first)
    for n in range(1, PEAK_REACH + 1):
        before = reported.get(date.fromordinal(at - n), 0.0) if at - n >= first else 0.0
        after = reported.get(date.fromordinal(at + n), 0.0) if at + n <= last else 0.0
        total += before + after
    return total / (2 * PEAK_REACH)


def score(
    events: Sequence[Event], published: dict[str, date], reports: Reports | None = None, around: Mapping[date, float] | None = None
) -> list[Event]:
    """The events with their salience set, same-day copies of one happening merged first
    (timeline/sameday.py). `reports` made from every event's mentions, when `events` are only
    some of them (all those of the days they are on: a day's reports are counted over its
    events); `around`, the reports of the days near theirs that are not among them (event_features)."""
    if reports is None:
        reports = Reports(lambda: [(m for event in events for m in event.mentions)], published)
    events = sameday.merge(events)
    rows = event_features(events, published, reports, around)
    return [with_fields(event, salience=value) for event, value in zip(events, weigh(events, rows, model), strict=True)]


def weigh(events: Sequence[Event], rows: Sequence[Sequence[float]], by: Model) -> list[float]:
    """The salience of each event, given its FEATURES row.

    A day is on a timeline for its best-told event: a day-level event's salience is the day's
    chance (the model's highest for any of its events), in the share of its independent reports
    to those of the day's best-reported event, so that the day's events come in the order of how
    well each is reported. Other events (a week, a month, a range) are weighed on their own."""
    told = FEATURES.index("reports")
    by_day: dict[date, list[int]] = defaultdict(list)
    values = [0.0] * len(events)
    for index, event in enumerate(events):
        if event.end - event.start == timedelta(days=1):
            by_day[event.start].append(index)
        else:
            values[index] = round(by.salience(rows[index]), 3)
    for members in by_day.values():
        chance = max(by.salience(rows[i]) for i in members)
        best_told = max(rows[i][told] for i in members)  # (log1p of the reports: expm1 gives them back)
        for i in members:
            share = math.expm1(rows[i][told]) / math.expm1(best_told) if best_told > 0 else 1.0
            values[i] = round(chance * share, 3)
    return values


def with_fields(event: Event, **changes: Any) -> Event:
    """`dataclasses.replace(event, **changes)` for the fields of an Event, which has no
    __post_init__: a copy of its fields, not a call of its __init__ (a frozen record sets each
    field through object.__setattr__), several times faster, which tells over an archive's events."""
    copy = object.__new__(Event)
    copy.__dict__.update(event.__dict__, **changes)
    return copy


def ranked(events: Sequence[Event]) -> list[Event]:
    """Most salient first; ties go to the better-sourced, then the earlier event."""
    return sorted(events, key=lambda e: (-e.salience, -len(e.sources), e.start, e.id))


MOST_SOURCES = (1 << 32) - 1  # the most sources a compact key counts (4 bytes)


def rank_key(salience: float, sources: int, start: date, event_id: str) -> bytes:
    """`ranked`'s order as bytes, for an event of id `event_id` (A compact key, for an archive's
    million events; UTF-8 bytes order as the text's characters do.)"""
    bits = struct.unpack(">Q", struct.pack(">d", -salience + 0.0))[0]  # + 0.0: -0.0 sorts as 0.0 does
    bits = bits ^ 0xFFFF_FFFF_FFFF_FFFF if bits >> 63 else bits | 1 << 63  # floats' order as unsigned integers'
    return struct.pack(">QLL", bits, MOST_SOURCES - sources, start.toordinal()) + event_id.encode()


def about(events: Sequence[Event], text: str) -> list[Event]:
    """The events involving an actor or keyword: every word of `text` appears among an
    event's actors or in one of its dated mentions' clauses (whole words, any case)."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w]
    if not words:
        return list(events)
    patterns = [re.compile(rf"\b{re.escape(w)}", re.IGNORECASE) for w in words]

    def involves(event: Event) -> bool:
        haystack = " ".join([*event.actors, event.headline, *(m.clause for m in event.mentions if m.time is not None)])
        return all(p.search(haystack) for p in patterns)

    return [e for e in events if involves(e)]


def select(events: Sequence[Event], max_events: int | None = None, about_text: str | None = None) -> tuple[list[Event], list[Event]]:
    """(shown, more): the events to draw, in date order, and those below the --max-events cut,
    most salient first, for a page to show on demand. --about drops unrelated events outright.
    (dedup.EventTable.select makes the same cut from its events' fields in arrays.)"""
    kept = about(events, about_text) if about_text else list(events)
    if max_events is None or len(kept) <= max_events:
        return kept, []
    order = ranked(kept)
    shown = draw([e.salience for e in order], lambda rank: day_of(order[rank].start, order[rank].granularity, order[rank].value), max_events)
    chosen = {id(order[rank]) for rank in shown}
    return [e for e in kept if id(e) in chosen], [e for e in order if id(e) not in chosen]


def day_of(start: date, granularity: str, value: str) -> str:
    """The date an event is drawn on, for the cut: its day (a clock time is of its day) or its period."""
    return start.isoformat() if granularity in ("day", "time") else value


# A date's n-th event counts for 1/n**DAY_TAKEN_POWER of its salience in the --max-events cut.
DAY_TAKEN_POWER = 3


def draw(saliences: Sequence[float], day: Callable[[int], str], max_events: int) -> set[int]:
    """The places, in `ranked` order, of the `max_events` events to draw, given their saliences
    in that order and the day of each place.

    A timeline is read across its dates: the cut takes the most salient events, but each
    further event of a date already taken counts for less (an eighth for the second, a 27th for
    the third), so that a day with twenty reported facts (a death, its causes, its reactions)
    leaves room for the days after it. (Salience is the chance that an event's day belongs on the
    timeline: a second event of a day taken adds no day, so it must be far likelier to come first.)"""
    taken_on: dict[str, int] = defaultdict(int)
    # Lazy greedy: an event's discounted salience only falls as its date is taken, so one popped
    # with its discount up to date is the best left. The events not yet looked at are the rest
    # of the ranked order, best first: only those discounted since wait in the heap.
    heap: list[tuple[float, int, int]] = []
    following = 0
    shown: set[int] = set()
    while len(shown) < max_events:
        if following < len(saliences) and (not heap or (-saliences[following], following, 0) < heap[0]):
            _, rank, seen = -saliences[following], following, 0
            following += 1
        elif heap:
            _, rank, seen = heapq.heappop(heap)
        else:
            break
        when = day(rank)
        if seen != taken_on[when]:
            heapq.heappush(heap, (-saliences[rank] / (1 + taken_on[when]) ** DAY_TAKEN_POWER, rank, taken_on[when]))
            continue
        shown.add(rank)
        taken_on[when] += 1
    return shown

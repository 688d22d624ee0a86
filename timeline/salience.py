"""Salience: which events matter most, and the cut a reader asked for (--max-events, --about).

An event matters when many independent articles report it with its date, when reports were
written as it happened (published on the day or the days just after), and when the day it
sits on is one the corpus keeps coming back to (how many articles date anything to that day:
the strongest single signal of a timeline-worthy date in news-tls's and our measurements), and
when many reports came out on its day and the day after (news volume peaks on the days that
matter). Supporting (undated) sentences count for less than dated ones: they only resemble the event.

Not every dated sentence is a report: articles that repeat a sentence word for word (a
related-stories box, a factbox) are one report; a date given ahead of publication is a plan,
which may not happen; a sentence in none of the story's words (a programme listing, a quiz,
another subject on the same page) is about something else. These count for less, and what a
day draws (its reports, the news volume) lifts an event only as far as the event itself is
reported as news of the story.
"""

from __future__ import annotations

import heapq
import itertools
import re
import struct
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from timeline.mentions import stem
from timeline.records import Event, Mention
from timeline.temporal.en.lexicon import MONTHS, WEEKDAYS

# Reports published this soon after an event's day were written as it happened.
FRESH_WINDOW = timedelta(days=2)
SUPPORT_WEIGHT = 0.3
FRESH_WEIGHT = 1.0
DATE_ATTENTION_WEIGHT = 1.0
# Reports published on an event's day and the day after (the news volume of its days).
BURST_DAYS = 2
BURST_WEIGHT = 0.5
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


def score(events: Sequence[Event], published: dict[str, date], reports: Reports | None = None) -> list[Event]:
    """The events with their salience set. `reports` made from every event's mentions, when
    `events` are only some of them (all those of the days they are on: a day's reports are
    counted over its events)."""
    if reports is None:
        reports = Reports(lambda: [(m for event in events for m in event.mentions)], published)
    reports.forget()
    dated = [[m for m in e.mentions if m.time is not None] for e in events]
    # How much each day is reported: every dated mention of it, whichever event it is attached to.
    on_day: dict[date, list[Mention]] = defaultdict(list)
    for event, ms in zip(events, dated, strict=True):
        if event.end - event.start == timedelta(days=1):
            on_day[event.start].extend(ms)
    day_reports = {day: reports.independent(ms) for day, ms in on_day.items()}
    issued = reports.issued
    scored = []
    for event, ms in zip(events, dated, strict=True):
        sources = {m.article_id for m in ms}
        supporting = len(set(event.sources) - sources)
        fresh = reports.independent(
            [m for m in ms if m.article_id in published and event.start <= published[m.article_id] <= event.start + FRESH_WINDOW]
        )
        one_day = event.end - event.start == timedelta(days=1)
        told = reports.independent(ms)
        attention = day_reports.get(event.start, 0.0) if one_day else told
        burst = sum(issued.get(event.start + timedelta(days=n), 0) for n in range(BURST_DAYS)) if one_day else 0
        # What the day draws (its reports, the news volume around it) counts for an event as far
        # as the event itself is reported as news of the story.
        day = min(1.0, told)
        value = (
            day * (BURST_WEIGHT * burst + DATE_ATTENTION_WEIGHT * attention)
            + told
            + SUPPORT_WEIGHT * supporting
            + FRESH_WEIGHT * fresh
        )
        scored.append(with_fields(event, salience=round(value, 3)))
    return scored


def with_fields(event: Event, **changes: Any) -> Event:
    """`dataclasses.replace(event, **changes)` for the fields of an Event, which has no
    __post_init__: a copy of its fields, not a call of its __init__ (a frozen record sets each
    field through object.__setattr__), five times faster for the 28,000 events of Timeline17."""
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
    (partitions.EventTable.select makes the same cut from its events' fields in arrays.)"""
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


def draw(saliences: Sequence[float], day: Callable[[int], str], max_events: int) -> set[int]:
    """The places, in `ranked` order, of the `max_events` events to draw, given their saliences
    in that order and the day of each place.

    A timeline is read across its dates: the cut takes the most salient events, but each
    further event of a date already taken counts for less (a quarter for the second, a ninth for
    the third), so that a day with twenty reported facts (a death, its causes, its reactions)
    leaves room for the days after it."""
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
            heapq.heappush(heap, (-saliences[rank] / (1 + taken_on[when]) ** 2, rank, taken_on[when]))
            continue
        shown.add(rank)
        taken_on[when] += 1
    return shown

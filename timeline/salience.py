"""Salience: which events matter most, and the cut a reader asked for (--max-events, --about).

An event matters when many independent articles report it with its date, when reports were
written as it happened (published on the day or the days just after), and when the day it
sits on is one the corpus keeps coming back to (how many articles date anything to that day:
the strongest single signal of a timeline-worthy date in news-tls's and our measurements), and
when many reports came out on its day and the day after (news volume peaks on the days that
matter). Supporting (undated) sentences count for less than dated ones: they only resemble the event.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from timeline.records import Event

# Reports published this soon after an event's day were written as it happened.
FRESH_WINDOW = timedelta(days=2)
SUPPORT_WEIGHT = 0.3
FRESH_WEIGHT = 1.0
DATE_ATTENTION_WEIGHT = 1.0
# Reports published on an event's day and the day after (the news volume of its days).
BURST_DAYS = 2
BURST_WEIGHT = 0.5


def score(events: Sequence[Event], published: dict[str, date]) -> list[Event]:
    """The events with their salience set."""
    dated_sources = [{m.article_id for m in e.mentions if m.time is not None} for e in events]
    # How many articles give each day a date, whichever event they attach it to.
    on_day: dict[date, set[str]] = defaultdict(set)
    for event, sources in zip(events, dated_sources, strict=True):
        if event.end - event.start == timedelta(days=1):
            on_day[event.start] |= sources
    # How many reports came out on each day: news volume peaks on and just after the days that matter.
    issued: dict[date, int] = defaultdict(int)
    for day in published.values():
        issued[day] += 1
    scored = []
    for event, sources in zip(events, dated_sources, strict=True):
        supporting = len(set(event.sources) - sources)
        fresh = sum(1 for a in sources if a in published and event.start <= published[a] <= event.start + FRESH_WINDOW)
        attention = len(on_day.get(event.start, ())) if event.end - event.start == timedelta(days=1) else len(sources)
        one_day = event.end - event.start == timedelta(days=1)
        burst = sum(issued.get(event.start + timedelta(days=n), 0) for n in range(BURST_DAYS)) if one_day else 0
        value = (
            BURST_WEIGHT * burst
            + len(sources)
            + SUPPORT_WEIGHT * supporting
            + FRESH_WEIGHT * fresh
            + DATE_ATTENTION_WEIGHT * attention
        )
        scored.append(replace(event, salience=round(value, 3)))
    return scored


def ranked(events: Sequence[Event]) -> list[Event]:
    """Most salient first; ties go to the better-sourced, then the earlier event."""
    return sorted(events, key=lambda e: (-e.salience, -len(e.sources), e.start, e.id))


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
    most salient first, for a page to show on demand. --about drops unrelated events outright."""
    kept = about(events, about_text) if about_text else list(events)
    if max_events is None or len(kept) <= max_events:
        return kept, []
    order = ranked(kept)
    shown = {id(e) for e in order[:max_events]}
    return [e for e in kept if id(e) in shown], order[max_events:]

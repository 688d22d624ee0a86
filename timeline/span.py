"""--from and --until: keep only the events that touch the days a reader asked for ("the last
six months"), and draw those that run past either end clipped to them.

An event is kept when any of its days is inside the span (a month-long event whose last week
is inside is kept); its record keeps its own dates (the JSON says when it happened), and only
its drawn bar is cut at the span's ends (`drawn`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol

from timeline.records import Event, Span

_DAY = timedelta(days=1)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD day given to `option`, or a ValueError that names both."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{option} {text!r}: not a day as YYYY-MM-DD (e.g. 2019-06-05)") from None


def make(first: date | None, last: date | None) -> Span | None:
    """The span from `first` to `last` (both included; either open), None when neither is given,
    or a ValueError when it ends before it begins."""
    if first is None and last is None:
        return None
    if first is not None and last is not None and last < first:
        raise ValueError(f"--until {last.isoformat()} is before --from {first.isoformat()}: the span has no day")
    return Span(first, last)


def touches(span: Span, start: date, end: date) -> bool:
    """Whether the days from `start` to `end` (end excluded) share one with `span`."""
    return (span.first is None or end > span.first) and (span.last is None or start <= span.last)


def within(events: Iterable[Event], span: Span | None) -> list[Event]:
    """The events that touch `span` (all of them when there is none), in their order."""
    return list(events) if span is None else [e for e in events if touches(span, e.start, e.end)]


class EventArrays(Protocol):
    """What `mark_outside` reads and writes of a table of events (dedup.EventTable): their
    first and last-plus-one days as ordinals, and whether each is kept (the --about mark)."""

    start: Iterable[int]
    end: Iterable[int]
    involved: bytearray


def mark_outside(table: EventArrays, span: Span | None) -> None:
    """Mark the events of `table` that do not touch `span` as left out, as --about marks those
    it does not keep, so that the --max-events cut is made among those inside."""
    if span is None:
        return
    for index, (start, end) in enumerate(zip(table.start, table.end, strict=True)):
        if not touches(span, date.fromordinal(start), date.fromordinal(end)):
            table.involved[index] = 0


def drawn(event: Event, span: Span | None) -> Event:
    """The event as drawn within `span`: its bar cut at the span's ends (its record unchanged
    elsewhere: the JSON keeps its own dates)."""
    if span is None:
        return event
    start = max(event.start, span.first) if span.first is not None else event.start
    end = min(event.end, span.last + _DAY) if span.last is not None else event.end
    if (start, end) == (event.start, event.end) or end <= start:
        return event
    return dataclasses.replace(event, start=start, end=end)

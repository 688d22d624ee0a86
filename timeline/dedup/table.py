"""The events of a timeline as ranking and the --max-events cut read them: a few numbers per
event in arrays (an archive has a million events), the events themselves kept where the merging's
store keeps them (timeline/dedup/store.py: a list, or an unnamed temporary file)."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

from timeline import salience
from timeline.dedup.clusters import ID_LENGTH, date_order
from timeline.dedup.store import EventKeeper, StoredList
from timeline.records import Event


@dataclass
class EventRows:
    """What EventTable keeps of each event of a batch (in date order), in arrays."""

    start: array = field(default_factory=lambda: array("i"))  # ordinals
    end: array = field(default_factory=lambda: array("i"))
    sources: array = field(default_factory=lambda: array("i"))  # how many
    salience: array = field(default_factory=lambda: array("d"))
    day: list[str] = field(default_factory=list)  # salience.day_of
    involved: bytearray = field(default_factory=bytearray)  # in what --about asks for
    ids: bytearray = field(default_factory=bytearray)  # each event's id (ID_LENGTH ASCII bytes), which breaks ranking ties

    @classmethod
    def of(cls, events: Iterable[Event], about: str | None) -> EventRows:
        """The rows of `events`, in their order."""
        rows = cls()
        for event in events:
            rows.start.append(event.start.toordinal())
            rows.end.append(event.end.toordinal())
            rows.sources.append(len(event.sources))
            rows.salience.append(event.salience)
            rows.day.append(salience.day_of(event.start, event.granularity, event.value))
            rows.involved.append(not about or bool(salience.about([event], about)))
            rows.ids += event.id.encode()
        return rows


class StoredEvents(Sequence[Event]):
    """A sequence of events read from where they are kept as they are asked for: a Timeline's
    events below the --max-events cut (every other event of an archive, each with all its
    mentions) without holding them in memory when they are on disk. It reads like a tuple of
    them (len, order, slices, ==)."""

    def __init__(self, kept: EventKeeper, places: Iterable[int]) -> None:
        self._kept = kept
        self._places = array("q", places)

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(self._read(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("event index out of range")
        return self._read(index)

    def __iter__(self) -> Iterator[Event]:
        return (self._read(i) for i in range(len(self)))

    def _read(self, i: int) -> Event:
        return self._kept.read(self._places[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (StoredEvents, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (like a list: equal to its contents, so not hashable)

    def __repr__(self) -> str:
        return f"StoredEvents({len(self)} events)"

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)


class EventTable:
    """What ordering, ranking and the --max-events cut read of each event, in arrays (a few
    dozen bytes an event: an archive has a million): the event itself is in `kept`. Events are
    added a batch at a time (a year's), each batch in date order (date_order);
    `put_in_date_order` then puts them all in that order."""

    def __init__(self, kept: EventKeeper) -> None:
        self.kept = kept
        self.start, self.end, self.sources = array("i"), array("i"), array("i")  # ordinals; how many sources
        self.salience = array("d")
        self.place = array("q")  # in `kept`
        self.day: list[str] = []  # salience.day_of, interned
        self.involved = bytearray()  # in what --about asks for
        self.ids = bytearray()  # EventRows.ids
        self.batches = array("l")  # where each batch starts
        self.order = array("i")  # the events in date order, once put in it

    def __len__(self) -> int:
        return len(self.start)

    def add(self, events: list[Event], about: str | None) -> None:
        """A batch of events (put in date order here)."""
        events = sorted(events, key=date_order)  # (stable: ties keep their order)
        self._take(EventRows.of(events, about), self.kept.keep(events))

    def add_stored(self, stored: StoredList[Event], rows: EventRows) -> None:
        """A batch of events another process put in the store, in date order, with their rows."""
        self._take(rows, self.kept.take(stored))

    def _take(self, rows: EventRows, first: int) -> None:
        self.batches.append(len(self))
        self.start += rows.start
        self.end += rows.end
        self.sources += rows.sources
        self.salience += rows.salience
        self.place.extend(range(first, first + len(rows.start)))
        self.day += map(sys.intern, rows.day)
        self.involved += rows.involved
        self.ids += rows.ids

    def put_in_date_order(self) -> None:
        """Order every event by date_order (start, end, more sources first, headline),
        as a single batch would be: each batch is in that order already, so only events
        of different batches with the same dates and number of sources need their headlines
        (read back) to be placed."""
        count = len(self)
        keys = [
            ((self.start[i] << 24 | self.end[i]) << 32 | (salience.MOST_SOURCES - self.sources[i])) << 32 | i
            for i in range(count)
        ]
        keys.sort()
        order = array("i", [key & 0xFFFF_FFFF for key in keys])
        del keys
        run = 0
        for at in range(1, count + 1):
            if at == count or self._date_key(order[at]) != self._date_key(order[run]):
                if at - run > 1 and self._batch(order[run]) != self._batch(order[at - 1]):
                    tied = sorted(order[run:at], key=lambda i: (self._headline(i), i))
                    order[run:at] = array("i", tied)
                run = at
        self.order = order

    def _date_key(self, i: int) -> tuple[int, int, int]:
        return self.start[i], self.end[i], self.sources[i]

    def _batch(self, i: int) -> int:
        return bisect_right(self.batches, i)

    def _headline(self, i: int) -> str:
        return self.kept.read(self.place[i]).headline

    def _id(self, i: int) -> str:
        return self.ids[i * ID_LENGTH : (i + 1) * ID_LENGTH].decode()

    def select(self, max_events: int | None) -> tuple[tuple[Event, ...], StoredEvents]:
        """salience.select over the events --about kept: those drawn (read back, in date order)
        and the rest, ranked (salience.ranked), read as they are asked for."""
        kept = array("l", (i for i in self.order if self.involved[i]))
        if max_events is None or len(kept) <= max_events:
            shown, more = kept, array("l")
        else:
            keys = [
                salience.rank_key(self.salience[i], self.sources[i], date.fromordinal(self.start[i]), self._id(i)) + i.to_bytes(4)
                for i in kept
            ]
            keys.sort()
            ranked = array("l", [int.from_bytes(key[-4:]) for key in keys])
            del keys
            drawn = salience.draw(array("d", (self.salience[i] for i in ranked)), lambda rank: self.day[ranked[rank]], max_events)
            chosen = {ranked[rank] for rank in drawn}
            shown = array("l", (i for i in kept if i in chosen))
            more = array("l", (i for i in ranked if i not in chosen))
        events = tuple(self.kept.read(self.place[i]) for i in shown)
        return events, StoredEvents(self.kept, (self.place[i] for i in more))

    def events(self) -> list[Event]:
        """Every event, in date order."""
        return [self.kept.read(self.place[i]) for i in self.order]

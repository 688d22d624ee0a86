"""Where merging keeps what one step makes for the next: in memory, or in files on disk.

Merging runs in steps of tasks (timeline/dedup/years.py): each chunk's mentions routed by year,
each year's events, each year's events built. A task puts what it makes in a store and hands back
only references (`Stored`), which a later step, in any process, loads. The merging is the same
whichever store holds its steps:

- MemoryStore keeps each value in its reference, so the value travels with it between
  processes: for a small input, the fastest.
- FileStore writes each value to a file of its folder and keeps where it is: the main process
  then holds a few numbers per event, so memory stays about flat as the input grows.

Mentions are written as plain tuples (`pack`): pickle reads a tuple of strings and numbers far
faster than a record, whose fields it sets one by one.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from timeline.records import Event, Mention, TimeExpression, mention_values, time_expression_values

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Numbered = tuple[list[int], list[Mention]]  # mentions, with their numbers within their chunk


class Stored(Protocol[T_co]):
    """A value a step put in a store (picklable: it may be sent to another process)."""

    def load(self) -> T_co: ...


class StoredList(Protocol[T_co]):
    """Values a step put in a store together, each loaded on its own."""

    def __len__(self) -> int: ...

    def load_at(self, index: int) -> T_co: ...

    def load_all(self) -> list[T_co]: ...


class Writer(Protocol):
    """What one task writes (`Store.writer`)."""

    def put(self, value: T) -> Stored[T]: ...

    def put_mentions(self, numbers: list[int], mentions: Sequence[Mention]) -> Stored[Numbered]: ...

    def put_each(self, values: Iterable[T]) -> StoredList[T]: ...

    def close(self) -> None: ...


class Store(Protocol):
    """Makes the writers of the merging's tasks, each under a name of its own ("year-2009")."""

    on_disk: bool

    def writer(self, name: str) -> Writer: ...

    def remove(self, name: str) -> None:
        """Let go of what the writer of `name` wrote, once no step will read it again (in the
        process that holds the store: the main process)."""
        ...

    def events(self) -> EventKeeper:
        """Where the built events of one timeline are kept for as long as it is read."""
        ...

    def close(self) -> None:
        """Let go of every step's values (the timeline's events stay with their keeper)."""
        ...


class EventKeeper(Protocol):
    """A timeline's events, each at a place (a number) given when it was kept."""

    def keep(self, events: Iterable[Event]) -> int:
        """Keep `events`, and return the place of the first (the others follow it)."""
        ...

    def take(self, written: StoredList[Event]) -> int:
        """Keep the events another process wrote, and return the place of the first."""
        ...

    def read(self, place: int) -> Event: ...


# --- in memory ---------------------------------------------------------------------------------

# The memory stores whose workers are forked from the process that made them, by number: a value
# that process holds is sent to such a worker as its key alone, and the worker, whose memory is a
# copy of that process's as it was forked, finds it there (each step's workers are forked after
# the step before has handed its values back).
_SHARED: dict[int, MemoryStore] = {}
_numbers = itertools.count()


class Held(Generic[T]):
    """A value in memory. Pickled as its key when it goes from the process that holds it to a
    worker forked from it; otherwise with the value, which the holding process keeps on arrival."""

    __slots__ = ("key", "name", "store", "value")

    def __init__(self, value: T, store: int | None = None, key: int | None = None, name: str = "") -> None:
        self.value, self.store, self.key, self.name = value, store, key, name

    def load(self) -> T:
        return self.value

    def __reduce__(self) -> tuple[Any, ...]:
        holder = _SHARED.get(self.store) if self.store is not None else None
        if holder is not None and self.key is not None and holder.owner == os.getpid():
            return _held_by_key, (self.store, self.key, self.name)
        return _held_arrived, (self.value, self.store, self.name)


def _held_by_key(store: int, key: int, name: str) -> Held[Any]:
    return Held(_SHARED[store].values[key], store, key, name)


def _held_arrived(value: Any, store: int | None, name: str) -> Held[Any]:
    holder = _SHARED.get(store) if store is not None else None
    return holder.hold(value, name) if holder is not None else Held(value, store, name=name)


class HeldList(Generic[T]):
    """Values in memory, put together (pickled as Held is)."""

    __slots__ = ("held",)

    def __init__(self, held: Held[list[T]]) -> None:
        self.held = held

    def __len__(self) -> int:
        return len(self.held.value)

    def load_at(self, index: int) -> T:
        return self.held.value[index]

    def load_all(self) -> list[T]:
        return list(self.held.value)


class MemoryWriter:
    def __init__(self, store: MemoryStore, name: str) -> None:
        self.store, self.name = store, name

    def put(self, value: T) -> Held[T]:
        return self.store.hold(value, self.name)

    def put_mentions(self, numbers: list[int], mentions: Sequence[Mention]) -> Held[Numbered]:
        return self.store.hold((numbers, list(mentions)), self.name)

    def put_each(self, values: Iterable[T]) -> HeldList[T]:
        return HeldList(self.store.hold(list(values), self.name))

    def close(self) -> None:
        pass


class MemoryEvents:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def keep(self, events: Iterable[Event]) -> int:
        first = len(self.events)
        self.events.extend(events)
        return first

    def take(self, written: StoredList[Event]) -> int:
        return self.keep(written.load_all())

    def read(self, place: int) -> Event:
        return self.events[place]


class MemoryStore:
    """Every step's values held in memory. With `forked_workers` (the engine's workers are
    forked from this process, or there are none), the values this process holds are sent to
    them as keys; otherwise (a Dask cluster) with the references. `close` lets them go."""

    on_disk = False

    def __init__(self, forked_workers: bool = False) -> None:
        self.number = next(_numbers)
        self._keys = itertools.count()
        self.owner = os.getpid()
        self.values: dict[int, Any] = {}
        self.keys: dict[str, list[int]] = {}  # of the values each writer's name put
        self.forked_workers = forked_workers
        if forked_workers:
            _SHARED[self.number] = self

    def hold(self, value: T, name: str) -> Held[T]:
        """`value`, put under the writer's `name`, kept by this store when this is the process
        that made it (so that a worker forked from here is sent its key alone)."""
        if self.forked_workers and os.getpid() == self.owner:
            key = next(self._keys)
            self.values[key] = value
            self.keys.setdefault(name, []).append(key)
            return Held(value, self.number, key, name)
        return Held(value, self.number, name=name)

    def writer(self, name: str) -> MemoryWriter:
        return MemoryWriter(self, name)

    def remove(self, name: str) -> None:
        for key in self.keys.pop(name, ()):
            del self.values[key]

    def events(self) -> MemoryEvents:
        return MemoryEvents()

    def close(self) -> None:
        _SHARED.pop(self.number, None)
        self.values, self.keys = {}, {}

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__ | {"values": {}, "keys": {}}  # (sent to a worker that is not forked: its values go with their references)


# --- on disk ---------------------------------------------------------------------------------

_MENTION_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_TIME_FIELDS = tuple(f.name for f in dataclasses.fields(TimeExpression))
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))
_TIME_AT = _MENTION_FIELDS.index("time")
_PARTS_AT = _TIME_FIELDS.index("parts")
_MENTIONS_AT = _EVENT_FIELDS.index("mentions")
Packed = tuple[Any, ...]


def _pack_time(time: TimeExpression) -> Packed:
    values = list(time_expression_values(time))
    values[_PARTS_AT] = tuple(map(_pack_time, time.parts))
    return tuple(values)


def pack(mention: Mention) -> Packed:
    """A mention as a tuple of its fields (its time expression too)."""
    values = list(mention_values(mention))
    if mention.time is not None:
        values[_TIME_AT] = _pack_time(mention.time)
    return tuple(values)


def _unpack_time(values: Packed) -> TimeExpression:
    if values[_PARTS_AT]:
        values = (*values[:_PARTS_AT], tuple(map(_unpack_time, values[_PARTS_AT])), *values[_PARTS_AT + 1 :])
    return TimeExpression(*values)


def unpack(values: Packed) -> Mention:
    """The mention `pack` made `values` of."""
    time = values[_TIME_AT]
    if time is not None:
        values = (*values[:_TIME_AT], _unpack_time(time), *values[_TIME_AT + 1 :])
    return Mention(*values)


def _pack_event(event: Event) -> bytes:
    values = [getattr(event, name) for name in _EVENT_FIELDS]
    values[_MENTIONS_AT] = tuple(map(pack, event.mentions))
    return pickle.dumps(tuple(values), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack_event(data: bytes | memoryview) -> Event:
    fields = dict(zip(_EVENT_FIELDS, pickle.loads(data), strict=True))
    fields["mentions"] = tuple(map(unpack, fields["mentions"]))
    return Event(**fields)


def _read(path: str, offset: int, length: int) -> bytes:
    with open(path, "rb") as handle:
        return os.pread(handle.fileno(), length, offset)


@dataclass(frozen=True, slots=True)
class InFile(Generic[T]):
    """A pickled value at `offset` in the file at `path`."""

    path: str
    offset: int
    length: int

    def load(self) -> T:
        return pickle.loads(_read(self.path, self.offset, self.length))  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class MentionsInFile:
    """Numbered mentions, packed, at `offset` in the file at `path`."""

    path: str
    offset: int
    length: int

    def load(self) -> Numbered:
        numbers, packed = pickle.loads(_read(self.path, self.offset, self.length))
        return numbers, list(map(unpack, packed))


@dataclass(frozen=True)
class EachInFile(Generic[T]):
    """Values pickled one after another in the file at `path`, the n-th from offsets[n] to
    offsets[n + 1] (events are packed as `pack` packs their mentions)."""

    path: str
    offsets: array
    events: bool = False

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def load_at(self, index: int) -> T:
        return self._loads(_read(self.path, self.offsets[index], self.offsets[index + 1] - self.offsets[index]))

    def load_all(self) -> list[T]:
        first = self.offsets[0]
        data = memoryview(_read(self.path, first, self.offsets[-1] - first))
        return [self._loads(data[self.offsets[n] - first : self.offsets[n + 1] - first]) for n in range(len(self))]

    def _loads(self, data: bytes | memoryview) -> T:
        return _unpack_event(data) if self.events else pickle.loads(data)  # type: ignore[no-any-return]


class FileWriter:
    """Appends values to one file of a FileStore's folder."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._file = open(path, "wb")  # noqa: SIM115  (closed by close(), after the task's writes)

    def _write(self, data: bytes) -> tuple[int, int]:
        offset = self._file.tell()
        self._file.write(data)
        return offset, len(data)

    def put(self, value: T) -> InFile[T]:
        return InFile(self.path, *self._write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def put_mentions(self, numbers: list[int], mentions: Sequence[Mention]) -> MentionsInFile:
        data = pickle.dumps((numbers, list(map(pack, mentions))), protocol=pickle.HIGHEST_PROTOCOL)
        return MentionsInFile(self.path, *self._write(data))

    def put_each(self, values: Iterable[T]) -> EachInFile[T]:
        offsets = array("q")
        events = False
        for value in values:
            offsets.append(self._file.tell())
            if isinstance(value, Event):
                events = True
                self._file.write(_pack_event(value))
            else:
                self._file.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        offsets.append(self._file.tell())
        return EachInFile(self.path, offsets, events)

    def close(self) -> None:
        self._file.close()


class EventFile:
    """A timeline's events in an unnamed temporary file (nothing of it is left on disk once it
    is closed, or the process ends), read back by place."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="timeline-events-")  # noqa: SIM115  (open as long as the timeline is read)
        self._size = 0
        self._offsets = array("q")

    def keep(self, events: Iterable[Event]) -> int:
        first = len(self._offsets)
        for event in events:
            data = _pack_event(event)
            self._offsets.append(self._size)
            self._file.write(data)
            self._size += len(data)
        return first

    def take(self, written: StoredList[Event]) -> int:
        """Copy the events of another file after these."""
        assert isinstance(written, EachInFile)
        first = len(self._offsets)
        shift = self._size - written.offsets[0]
        with open(written.path, "rb") as source:
            source.seek(written.offsets[0])
            shutil.copyfileobj(source, self._file, 1 << 20)
        self._offsets.extend(offset + shift for offset in written.offsets[:-1])
        self._size += written.offsets[-1] - written.offsets[0]
        return first

    def read(self, place: int) -> Event:
        self._file.flush()
        end = self._offsets[place + 1] if place + 1 < len(self._offsets) else self._size
        offset = self._offsets[place]
        return _unpack_event(os.pread(self._file.fileno(), end - offset, offset))

    def close(self) -> None:
        self._file.close()


class FileStore:
    """Every step's values in files of `directory` (deleted with it)."""

    on_disk = True

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def _path(self, name: str) -> str:
        return os.path.join(self.directory, name + ".pickle")

    def writer(self, name: str) -> FileWriter:
        return FileWriter(self._path(name))

    def remove(self, name: str) -> None:
        os.remove(self._path(name))

    def events(self) -> EventFile:
        return EventFile()

    def close(self) -> None:
        pass  # (the folder is deleted with its temporary directory)

"""Partition files: the mentions of a stream of articles, written to disk by calendar year as
the workers make them, and merged one year at a time by tasks that read their own year.

Deduplication merges each calendar year's dated mentions apart from every other year's
(dedup.merge_partition). So a worker that has extracted a chunk's mentions writes them straight
into one file, a block per year (that year's dated mentions and the undated ones that may
support its events, routed as dedup routes them) plus a block of every undated mention, and
hands back only a summary. The main process never holds every mention: each year's task
writes the year's events to a file, the main process joins the few mentions whose dates span
years to the events they meet there, and a task per year then builds that year's events as
`dedup.deduplicate` does (`build_year`). The result is identical to `deduplicate` over all the
mentions (tests/test_merge_partitions.py compares them); the files are deleted at the end.

Mentions are numbered by their place in the stream (a chunk's offset plus their place in the
chunk). Every order and tie in merging follows those numbers, so the main process may hold any
subset of them, renumbered densely in the same order, and get the same result.
"""

from __future__ import annotations

import dataclasses
import math
import os
import pickle
import shutil
import sys
import tempfile
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, overload

from timeline import collector, dedup, salience
from timeline.dedup import FeatureCounts, MergeInput, PartitionTask, TaskRunner
from timeline.engines import ChunkResult, mentions_of_chunk
from timeline.records import Article, Event, Mention, TimeExpression, mention_values, time_expression_values

# --- mentions as plain tuples: read back twice as fast as pickled records -------------------

_MENTION_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_TIME_FIELDS = tuple(f.name for f in dataclasses.fields(TimeExpression))
_TIME_AT = _MENTION_FIELDS.index("time")
_PARTS_AT = _TIME_FIELDS.index("parts")
Packed = tuple[Any, ...]


def _pack_time(time: TimeExpression) -> Packed:
    values = list(time_expression_values(time))
    values[_PARTS_AT] = tuple(map(_pack_time, time.parts))
    return tuple(values)


def pack(mention: Mention) -> Packed:
    """A mention as a tuple of its fields (its time expression too): pickle reads a tuple of
    strings and numbers far faster than a record, whose fields it sets one by one."""
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


@dataclass(frozen=True, slots=True)
class Block:
    """A run of bytes of a partition file: one pickled block of a chunk's mentions (packed)."""

    path: str
    offset: int
    length: int

    def read(self) -> tuple[list[int], list[Mention]]:
        """The block's mentions and their numbers within their chunk."""
        numbers, packed = self.load()
        return numbers, list(map(unpack, packed))

    def load(self) -> Any:
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            return pickle.loads(handle.read(self.length))


@dataclass(frozen=True, slots=True)
class YearBlock:
    dated: Block | None  # the chunk's dated mentions of that year
    undated: Block | None  # its undated mentions that may support events of that year
    size: int  # mentions in both
    # When the chunk's articles came out (a year's task reads these rather than being sent
    # every article's: an archive's are tens of MB in each worker).
    published: Block


@dataclass(frozen=True, slots=True)
class ChunkSpill:
    """Where a chunk's mentions went: what the main process keeps of a chunk instead of them."""

    mentions: int  # kept, in all
    years: dict[int, YearBlock]
    undated: Block | None  # every undated mention of the chunk, once
    undated_articles: frozenset[str]  # the articles those come from
    spanning: list[int]  # numbers within the chunk of the mentions whose date spans years (in ChunkResult.mentions)


def spill_chunk(directory: str, numbered: tuple[int, list[Article]]) -> ChunkResult:
    """`engines.mentions_of_chunk`, its mentions written to a partition file in `directory`
    instead of being returned, but for the few that span years."""
    number, articles = numbered
    result = mentions_of_chunk(articles)
    mentions = result.mentions
    published = {a.id: a.published for a in articles}
    years, undated, spanning = _route(mentions, published)
    path = os.path.join(directory, f"chunk-{number:07d}.pickle")
    packed = list(map(pack, mentions))
    blocks: dict[int, YearBlock] = {}
    with open(path, "wb") as handle:

        def write(numbers: list[int]) -> Block:
            data = pickle.dumps((numbers, [packed[i] for i in numbers]), protocol=pickle.HIGHEST_PROTOCOL)
            block = Block(path, handle.tell(), len(data))
            handle.write(data)
            return block

        dates = Block(path, handle.tell(), handle.write(pickle.dumps(published, protocol=pickle.HIGHEST_PROTOCOL)))
        for year, (dated_numbers, undated_numbers) in sorted(years.items()):
            blocks[year] = YearBlock(
                write(dated_numbers) if dated_numbers else None,
                write(undated_numbers) if undated_numbers else None,
                len(dated_numbers) + len(undated_numbers),
                dates,
            )
        every_undated = write(undated) if undated else None
    spill = ChunkSpill(len(mentions), blocks, every_undated, frozenset(mentions[i].article_id for i in undated), spanning)
    return replace(result, mentions=[mentions[i] for i in spanning], spill=spill)


def _route(
    mentions: Sequence[Mention], published: dict[str, date]
) -> tuple[dict[int, tuple[list[int], list[int]]], list[int], list[int]]:
    """The chunk's mentions by year partition as dedup routes them (its `_merge_partitions`):
    a dated mention to its year; an undated one to the years in which its article dates an
    actor it names and to those of the weeks before its publication (a year with no dated
    mention anywhere is never merged, so its block is never read). Also every undated mention,
    and those whose date spans years. An article's mentions are all in one chunk, so routing
    per chunk routes as routing them all at once does."""
    years: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    years_of_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    spanning: list[int] = []
    for i, mention in enumerate(mentions):
        if mention.time is not None:
            year = dedup._partition_of(mention.time)
            if year is None:
                spanning.append(i)
                continue
            years[year][0].append(i)
            for name in dedup._names(mention):
                years_of_name[(mention.article_id, name)].add(year)
    undated: list[int] = []
    for i, mention in enumerate(mentions):
        if mention.time is None and mention.actors:
            undated.append(i)
            found = {y for name in dedup._names(mention) for y in years_of_name.get((mention.article_id, name), ())}
            when = published.get(mention.article_id)
            if when is not None:
                found |= {(when - dedup.SUPPORT_WINDOW).year, when.year}
            for year in found:
                years[year][1].append(i)
    return dict(years), undated, spanning


@dataclass
class Spilled:
    """What the main process keeps of the stream: each chunk's summary and its number offset."""

    chunks: list[ChunkSpill] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # the number of each chunk's first mention
    spanning: dict[int, Mention] = field(default_factory=dict)
    mentions: int = 0

    def add(self, result: ChunkResult) -> None:
        spill = result.spill
        assert spill is not None
        self.offsets.append(self.mentions)
        self.chunks.append(spill)
        self.spanning.update(zip((self.mentions + i for i in spill.spanning), result.mentions, strict=True))
        self.mentions += spill.mentions


@dataclass(frozen=True)
class YearTask:
    """One year's blocks, with the number of each chunk's first mention; and where the mentions
    whose dates span years may join the year's events: the interval and the features each one
    that reaches the year looks events up by (dedup.spanning_lookups, `_by_year`)."""

    year: int
    blocks: list[tuple[YearBlock, int]]
    lookups: list[dedup.Lookup]


@dataclass(frozen=True)
class MergeShared:
    """What every year's task reads beside its own (sent to each worker once)."""

    weights: dict[str, float]
    directory: str  # where a year's events (clusters and headlines) are written
    # The (article, sentence) just before each mention spanning years (the sentence whose
    # event it may go on about).
    before: frozenset[tuple[str, int]]


@dataclass
class YearResult:
    """What a year's task sends back instead of its events (written to `path`, each at its
    offset in `offsets`, then the heads, then from `cut_at` the cut index): for each undated
    mention, the event of the year it supports best (numbers, scores, events); the event of each
    (article, sentence) just before a mention spanning years (`placed`), and the last members of
    those events (`mentions`). The cut index (dedup.reachable_index: where the spanning mentions
    look up the year's events) stays in the file until the join looks in the year: an archive's
    cuts together outgrow everything else the main process holds, since a year's postings grow
    with both its events and the spanning mentions that reach it. Members are numbered in the
    stream, events in the year."""

    path: str
    offsets: array
    cut_at: int
    support_numbers: array
    support_scores: array
    support_events: array
    placed: dict[tuple[str, int], int]
    mentions: dict[int, Mention]

    @property
    def count(self) -> int:
        return len(self.offsets) - 1

    def __reduce__(self) -> tuple[Any, ...]:
        # From a worker process: the mentions packed, read back twice as fast.
        packed = [(i, pack(m)) for i, m in self.mentions.items()]
        fields = (self.path, self.offsets, self.cut_at, self.support_numbers, self.support_scores, self.support_events, self.placed)
        return _unpacked_result, (*fields, packed)


def _unpacked_result(*fields: Any) -> YearResult:
    *rest, packed = fields
    return YearResult(*rest, {i: unpack(values) for i, values in packed})


def _published_in(blocks: list[tuple[YearBlock, int]]) -> dict[str, date]:
    """When the articles of a year's blocks came out (and the rest of their chunks')."""
    published: dict[str, date] = {}
    for block in {block.published for block, _ in blocks}:
        published.update(block.load())
    return published


def _read_year(blocks: list[tuple[YearBlock, int]]) -> tuple[list[int], list[Mention], list[int], list[Mention]]:
    """A year's dated mentions and the undated ones routed to it, with their numbers in the stream."""
    dated: list[Mention] = []
    undated: list[Mention] = []
    dated_numbers: list[int] = []
    undated_numbers: list[int] = []
    for block, offset in blocks:
        if block.dated is not None:
            numbers, mentions = block.dated.read()
            dated_numbers += [offset + i for i in numbers]
            dated += mentions
        if block.undated is not None:
            numbers, mentions = block.undated.read()
            undated_numbers += [offset + i for i in numbers]
            undated += mentions
    return dated_numbers, dated, undated_numbers, undated


def merge_year(shared: MergeShared, task: YearTask) -> YearResult:
    """Read one year's blocks and merge them (dedup.merge_partition): the task a worker runs.
    Its events go to a file of the year; only what joining the years needs comes back."""
    dated_numbers, dated, undated_numbers, undated = _read_year(task.blocks)
    inputs = MergeInput(dated + undated, shared.weights, _published_in(task.blocks))
    result = dedup.merge_partition(
        inputs, PartitionTask(list(range(len(dated))), list(range(len(dated), len(dated) + len(undated))))
    )
    local_members = [cluster.members for cluster in result.clusters]
    for cluster in result.clusters:
        cluster.members = [dated_numbers[j] for j in cluster.members]
    heads = [(score, dated_numbers[member], text) for score, member, text in result.heads]
    path = os.path.join(shared.directory, f"year-{task.year}.pickle")
    offsets = array("q")
    with open(path, "wb") as handle:  # each event apart, so that the join may read one
        for cluster in result.clusters:
            offsets.append(handle.tell())
            handle.write(pickle.dumps(cluster, protocol=pickle.HIGHEST_PROTOCOL))
        offsets.append(handle.tell())
        pickle.dump(heads, handle, protocol=pickle.HIGHEST_PROTOCOL)
        # Where the spanning mentions look up the year's events, cut to those they can meet (the
        # main process reads the cut when the join looks in the year, and the events it meets).
        cut_at = handle.tell()
        pickle.dump(dedup.reachable_index(result.clusters, task.lookups), handle, protocol=pickle.HIGHEST_PROTOCOL)
    found = [(undated_numbers[k], f[0], f[1]) for k, f in enumerate(result.support) if f is not None]
    # The events of the sentences just before the spanning mentions (one may go on about it:
    # dedup._continued_story).
    placed: dict[tuple[str, int], int] = {}
    last_members: set[int] = set()
    for n, members in enumerate(local_members):
        before = False
        for j in members:
            key = (dated[j].article_id, dated[j].sentence_index)
            if key in shared.before:
                placed[key] = n  # the last event of a sentence counts, as in dedup
                before = True
        if before:
            last_members.update(members[-dedup.CONTINUATION_MEMBERS :])
    return YearResult(
        path,
        offsets,
        cut_at,
        array("q", [i for i, _, _ in found]),
        array("d", [score for _, score, _ in found]),
        array("q", [n for _, _, n in found]),
        placed,
        {dated_numbers[j]: dated[j] for j in sorted(last_members)},
    )



@dataclass(frozen=True)
class BuildShared:
    """What every year's building task reads beside its own (sent to each worker once)."""

    weights: dict[str, float]
    reports: salience.Reports  # without publication dates: a task's own are set (`with_dates`)
    latest: date | None
    about: str | None


@dataclass(frozen=True)
class BuildTask:
    """A year's events to build, from its file (`merge_year` wrote them) and its mentions, as the
    join left them: the events it changed (`joined`, by number in the year) with the mentions
    spanning years they gained (`joining`, by number in the stream), and the undated mentions
    that support an event of the year best (numbers, scores, events)."""

    year: int
    blocks: list[tuple[YearBlock, int]]
    path: str
    offsets: array
    joined: dict[int, dedup._Cluster]
    joining: dict[int, Mention]
    joining_published: dict[str, date]  # when the articles of `joining` came out
    support_numbers: array
    support_scores: array
    support_events: array


def build_year(shared: BuildShared, task: BuildTask) -> tuple[str, EventRows]:
    """Build a year's events (dedup.build_events) with their salience and write them to a file
    of the year: the task a worker runs. Only where they are and their rows come back."""
    year_clusters, heads = _read_year_events(task.path, task.offsets)
    os.remove(task.path)
    dated_numbers, dated, undated_numbers, undated = _read_year(task.blocks)
    mentions = dict(zip(dated_numbers, dated, strict=True))
    mentions.update(zip(undated_numbers, undated, strict=True))
    mentions.update(task.joining)  # (mentions spanning years are in no year's blocks)
    for n, cluster in task.joined.items():
        year_clusters[n] = cluster
    supported = {i: (score, n) for i, score, n in zip(task.support_numbers, task.support_scores, task.support_events, strict=True)}
    events = dedup.build_events(
        mentions,  # type: ignore[arg-type]
        dedup._LazyVectors(mentions, shared.weights),  # type: ignore[arg-type]
        year_clusters,
        heads,  # type: ignore[arg-type]
        set(task.joined),
        supported,
        shared.latest,
    )
    del mentions, dated, undated, year_clusters
    path = os.path.join(os.path.dirname(task.path), f"events-{task.year}.pickle")
    file = EventFile(path)
    try:
        published = _published_in(task.blocks) | task.joining_published
        scored = salience.score(events, published, shared.reports.with_dates(published))
        rows = EventRows.written(dedup.with_ids(scored, published), shared.about, file)
    finally:
        file.close()
    return path, rows


# --- the events, on disk ----------------------------------------------------------------------

_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))
_MENTIONS_AT = _EVENT_FIELDS.index("mentions")


class EventFile:
    """Events written to a file, read back by place: by default an unnamed temporary file
    (nothing of it is left on disk once it is closed, or the process ends); or `path`, where a
    year's worker writes its events for the main process to take in (`append`)."""

    def __init__(self, path: str | None = None) -> None:
        # Open as long as the events are read (a Timeline's), closed when they are let go.
        self._file = tempfile.TemporaryFile(prefix="timeline-events-") if path is None else open(path, "w+b")  # noqa: SIM115
        self._size = 0

    def write(self, event: Event) -> tuple[int, int]:
        values = [getattr(event, name) for name in _EVENT_FIELDS]
        values[_MENTIONS_AT] = tuple(map(pack, event.mentions))
        data = pickle.dumps(tuple(values), protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._size
        self._file.write(data)
        self._size += len(data)
        return offset, len(data)

    def append(self, path: str) -> int:
        """Copy the events another EventFile wrote to `path` after these, and delete it; where
        they start here (their places in `path` shift by that)."""
        offset = self._size
        with open(path, "rb") as source:
            shutil.copyfileobj(source, self._file, 1 << 20)
        self._size += os.path.getsize(path)
        os.remove(path)
        return offset

    def close(self) -> None:
        self._file.close()

    def read(self, offset: int, length: int) -> Event:
        """The event written at `offset`."""
        self._file.flush()
        values = pickle.loads(os.pread(self._file.fileno(), length, offset))
        fields = dict(zip(_EVENT_FIELDS, values, strict=True))
        fields["mentions"] = tuple(map(unpack, fields["mentions"]))
        return Event(**fields)


@dataclass
class EventRows:
    """What EventTable keeps of each event of a batch (in date order), in arrays; the events
    themselves are in an EventFile, at `offset`."""

    start: array = field(default_factory=lambda: array("i"))  # ordinals
    end: array = field(default_factory=lambda: array("i"))
    sources: array = field(default_factory=lambda: array("i"))  # how many
    salience: array = field(default_factory=lambda: array("d"))
    offset: array = field(default_factory=lambda: array("q"))
    length: array = field(default_factory=lambda: array("i"))
    day: list[str] = field(default_factory=list)  # salience.day_of
    involved: bytearray = field(default_factory=bytearray)  # in what --about asks for
    ids: bytearray = field(default_factory=bytearray)  # each event's id (dedup.ID_LENGTH ASCII bytes), which breaks ranking ties

    @classmethod
    def written(cls, events: list[Event], about: str | None, file: EventFile) -> EventRows:
        """`events` in date order (dedup.date_order), written to `file`, and their rows."""
        rows = cls()
        for event in sorted(events, key=dedup.date_order):  # (sorted: stable, so ties keep their order)
            offset, length = file.write(event)
            rows.start.append(event.start.toordinal())
            rows.end.append(event.end.toordinal())
            rows.sources.append(len(event.sources))
            rows.salience.append(event.salience)
            rows.offset.append(offset)
            rows.length.append(length)
            rows.day.append(salience.day_of(event.start, event.granularity, event.value))
            rows.involved.append(not about or bool(salience.about([event], about)))
            rows.ids += event.id.encode()
        return rows


class StoredEvents(Sequence[Event]):
    """A sequence of events read from an EventFile as they are asked for: a Timeline's events
    below the --max-events cut (every other event of an archive, each with all its mentions)
    without holding them in memory. It reads like a tuple of them (len, order, slices, ==)."""

    def __init__(self, file: EventFile, places: Iterable[tuple[int, int]]) -> None:
        self._file = file
        self._offsets, self._lengths = array("q"), array("q")
        for offset, length in places:
            self._offsets.append(offset)
            self._lengths.append(length)

    def __len__(self) -> int:
        return len(self._offsets)

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
        return self._file.read(self._offsets[i], self._lengths[i])

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
    dozen bytes an event: an archive has a million): the event itself is in `file`. Events are
    added a batch at a time (a year's), each batch in date order (dedup.date_order);
    `put_in_date_order` then puts them all in that order."""

    def __init__(self) -> None:
        self.file = EventFile()
        self.start, self.end, self.sources = array("i"), array("i"), array("i")  # ordinals; how many sources
        self.salience = array("d")
        self.offset, self.length = array("q"), array("i")  # in the file
        self.day: list[str] = []  # salience.day_of, interned
        self.involved = bytearray()  # in what --about asks for
        self.ids = bytearray()  # EventRows.ids
        self.batches = array("l")  # where each batch starts
        self.order = array("i")  # the events in date order, once put in it

    def __len__(self) -> int:
        return len(self.start)

    def add(self, events: list[Event], about: str | None) -> None:
        """A batch of events, written to this table's file."""
        self._take(EventRows.written(events, about, self.file), 0)

    def add_written(self, path: str, rows: EventRows) -> None:
        """A batch of events another process wrote to `path` (EventRows.written), taken into this
        table's file (and `path` deleted)."""
        self._take(rows, self.file.append(path))

    def _take(self, rows: EventRows, shift: int) -> None:
        self.batches.append(len(self))
        self.start += rows.start
        self.end += rows.end
        self.sources += rows.sources
        self.salience += rows.salience
        self.offset.extend(offset + shift for offset in rows.offset)
        self.length += rows.length
        self.day += map(sys.intern, rows.day)
        self.involved += rows.involved
        self.ids += rows.ids

    def put_in_date_order(self) -> None:
        """Order every event by dedup.date_order (start, end, more sources first, headline),
        as dedup.with_salience_and_ids does: each batch is in that order already, so only events
        of different batches with the same dates and number of sources need their headlines
        (read back) to be placed."""
        count = len(self)
        keys = [((self.start[i] << 24 | self.end[i]) << 32 | (salience.MOST_SOURCES - self.sources[i])) << 32 | i for i in range(count)]
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
        return self.file.read(self.offset[i], self.length[i]).headline

    def _place(self, i: int) -> tuple[int, int]:
        return self.offset[i], self.length[i]

    def _id(self, i: int) -> str:
        return self.ids[i * dedup.ID_LENGTH : (i + 1) * dedup.ID_LENGTH].decode()

    def select(self, max_events: int | None) -> tuple[tuple[Event, ...], StoredEvents]:
        """salience.select over the events --about kept: those drawn (read back, in date order)
        and the rest, ranked (salience.ranked), on disk."""
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
        events = tuple(self.file.read(*self._place(i)) for i in shown)
        return events, StoredEvents(self.file, map(self._place, more))


# Undated mentions that may support an event spanning years, attached at a time: each call
# indexes those events again, so not a chunk's few at a time, nor every one at once (they are
# held meanwhile: ~1 KB each).
SUPPORT_BATCH = 20_000
# Events spanning years built at a time (with their mentions' vectors): each is built and
# scored on its own (none lasts one day, so none shares a day's reports).
SPANNING_BUILT = 2_000


@collector.paused()  # see timeline/collector.py
def merge_spilled(
    spilled: Spilled,
    articles: Iterable[Article],
    *,
    counts: FeatureCounts,
    run: TaskRunner = dedup.run_here,
    directory: str,
    about: str | None = None,
) -> EventTable:
    """The events of `dedup.deduplicate` over every mention of the stream (with their salience,
    in date order, with their ids), from the mentions in the partition files, built by a task per year
    (`run`'s workers) and written to a temporary file: what stays in memory is a few numbers per
    event (EventTable), the mentions whose dates span years and the events they change, and a
    score per mention. The join reads the years' events it meets from their files."""
    published = {a.id: a.published for a in articles}
    latest = max(published.values(), default=None)
    weights = counts.weights()
    by_year: dict[int, list[tuple[YearBlock, int]]] = defaultdict(list)
    for spill, offset in zip(spilled.chunks, spilled.offsets, strict=True):
        for year, block in spill.years.items():
            by_year[year].append((block, offset))
    # A year without a dated mention has no events for its undated ones to support.
    years = sorted(year for year, blocks in by_year.items() if any(b.dated is not None for b, _ in blocks))
    order = sorted(years, key=lambda year: (-sum(b.size for b, _ in by_year[year]), year))  # largest first
    held = _Held(spilled)
    spanning = sorted(held)
    # Each year's task is given the lookups that reach it alone (an archive's spanning mentions
    # reach hundreds of years).
    lookups_of_year = _by_year(dedup.spanning_lookups(held, dedup._UnkeptVectors(held, weights), spanning))  # type: ignore[arg-type]
    before = frozenset((held[i].article_id, held[i].sentence_index - 1) for i in spanning)
    tasks = [YearTask(year, by_year[year], lookups_of_year.get(year, [])) for year in order]
    del lookups_of_year
    results = dict(zip(order, run(merge_year, tasks, MergeShared(weights, directory, before)), strict=True))
    del tasks
    vectors = dedup._UnkeptVectors(held, weights)  # type: ignore[arg-type]  (each asked for once)

    # Which event each undated mention supports: the best of its years' (a tie keeps the earlier year's).
    best_score = array("d", [-math.inf]) * spilled.mentions
    best_event = array("q", [-1]) * spilled.mentions
    first_of: dict[int, int] = {}
    placed: dict[tuple[str, int], int] = {}
    existing = 0
    for year in years:
        result = results[year]
        first_of[year] = existing
        for i, score, n in zip(result.support_numbers, result.support_scores, result.support_events, strict=True):
            if score > best_score[i]:
                best_score[i], best_event[i] = score, existing + n
        placed.update((key, existing + n) for key, n in result.placed.items())
        held.update(result.mentions)
        result.placed, result.mentions = {}, {}
        existing += result.count
    # Where the spanning mentions look the years' events up: each year's cut read as the join looks in it.
    index = _CutIndex({year: (results[year].path, results[year].cut_at, first_of[year]) for year in years})

    # The mentions spanning years join the events they meet (numbered as over every event, so
    # the join decides as it does over all of them), read from the years' files as they are
    # met, or make events of their own; then those merge with the events they meet.
    files = [(year, first_of[year], results[year].path, results[year].offsets) for year in years]
    stored = _StoredClusters(files, {})
    dedup.join_spanning_mentions(held, vectors, stored, spanning, placed, index)  # type: ignore[arg-type]
    # Only the events the join changed differ from their year's file: the others are let go.
    joined, new = stored.changed(), stored.new
    del index, placed, stored
    if new:
        stored = _StoredClusters(files, joined)
        cut_index = _cut_index_for(dedup.event_lookups(new), files, joined, directory)
        dedup.merge_spanning_events(new, stored, cut_index)  # type: ignore[arg-type]
        cut_index.remove_files()
        del cut_index
        joined, new = stored.changed(), stored.new
        del stored
    del vectors
    candidates: list[int] = []  # those that support an event spanning years
    if new:  # events spanning years may be supported too: SUPPORT_BATCH undated mentions at a time

        def attach(found: list[int]) -> None:
            attached = dedup._attach_supporting(held, dedup._UnkeptVectors(held, weights), new, published, found)  # type: ignore[arg-type]
            for i, (score, n) in attached.items():
                if score > best_score[i]:
                    best_score[i], best_event[i] = score, existing + n
            for i in found:
                if best_event[i] >= existing:
                    candidates.append(i)
                else:
                    del held[i]

        batch: list[int] = []
        for found in _may_support(spilled, [held[i] for c in new for i in c.members], new, published):
            held.update(found)
            batch += found
            if len(batch) >= SUPPORT_BATCH:
                attach(batch)
                batch = []
        attach(batch)
        candidates.sort()

    reports = _reports(spilled, best_event, published, run)
    table = EventTable()

    def keep(events: list[Event]) -> None:
        table.add(dedup.with_ids(salience.score(events, published, reports), published), about)

    # Each year's events are built by a task that reads the year's mentions and events again,
    # given what the join changed of them and the undated mentions that support them best.
    firsts = [first_of[year] for year in years]
    joined_of: dict[int, dict[int, dedup._Cluster]] = defaultdict(dict)
    for number, cluster in joined.items():  # (the years' events: those the join made are in `new`)
        year = years[bisect_right(firsts, number) - 1]
        joined_of[year][number - first_of[year]] = cluster
    builds: dict[int, BuildTask] = {}
    for year in years:
        first, result = first_of[year], results.pop(year)
        end = first + result.count
        supports = [(i, best_score[i], best_event[i] - first) for i in result.support_numbers if first <= best_event[i] < end]
        changed = joined_of.pop(year, {})
        joining = {i: spilled.spanning[i] for cluster in changed.values() for i in cluster.members if i in spilled.spanning}
        builds[year] = BuildTask(
            year,
            by_year[year],
            result.path,
            result.offsets,
            changed,
            joining,
            {m.article_id: published[m.article_id] for m in joining.values() if m.article_id in published},
            array("q", [i for i, _, _ in supports]),
            array("d", [score for _, score, _ in supports]),
            array("q", [n for _, _, n in supports]),
        )
    # The spanning events' supports, kept apart: the arrays (two numbers per mention, emptied
    # rather than deleted, as `attach` names them) are let go before the years are built.
    candidate_best = {i: (best_score[i], best_event[i]) for i in candidates}
    best_score, best_event = array("d"), array("q")
    del joined_of, results, joined
    built = run(build_year, [builds[year] for year in order], BuildShared(weights, reports.with_dates({}), latest, about))
    rows_of = dict(zip(order, built, strict=True))
    del builds, built
    for year in years:  # in year order, as the events were numbered
        path, rows = rows_of.pop(year)
        table.add_written(path, rows)
    for start in range(0, len(new), SPANNING_BUILT):
        first, end = existing + start, existing + start + SPANNING_BUILT
        supported = {i: (score, n - first) for i, (score, n) in candidate_best.items() if first <= n < end}
        some = new[start : start + SPANNING_BUILT]
        keep(dedup.build_events(held, dedup._LazyVectors(held, weights), some, [], set(), supported, latest))  # type: ignore[arg-type]
    table.put_in_date_order()  # (dedup.with_salience_and_ids: the same order)
    return table


class _Held(dict[int, Mention]):
    """The mentions the main process holds, by number: those spanning years, and what joining
    them needs of the years' events (the years' tasks send those back). One the join asks for
    beside these (the last members of an event a spanning mention joined by its words, where
    the next sentence of its article may go on about it) is read from its chunk's file."""

    def __init__(self, spilled: Spilled) -> None:
        super().__init__(spilled.spanning)
        self.spilled = spilled

    def __missing__(self, number: int) -> Mention:
        at = bisect_right(self.spilled.offsets, number) - 1
        spill, offset = self.spilled.chunks[at], self.spilled.offsets[at]
        for block in spill.years.values():
            if block.dated is not None:
                numbers, mentions = block.dated.read()
                self.update((offset + i, m) for i, m in zip(numbers, mentions, strict=True))
        if not dict.__contains__(self, number):
            raise KeyError(number)  # a number of no dated mention
        return dict.__getitem__(self, number)


def _numbered_from(table: dict[str, list[int]], first: int) -> dict[str, array]:
    return {sys.intern(feature): array("q", [first + n for n in posting]) for feature, posting in table.items()}


# Years whose cut index is held at once (the buckets the join has filed into are held besides).
CUT_YEARS_KEPT = 64


class _YearCuts(dict[dedup.Bucket, dict[str, array]]):
    """`_DateIndex.nested` over the years' cut indexes: a year's buckets are read from its file
    (`merge_year` wrote them) when the join first looks in one of them, and let go (all but those
    the join has filed into since) once more than CUT_YEARS_KEPT years are held; read again if
    looked in again. The join looks its mentions up by kind of date, then by date, so it looks
    in a year's buckets in runs."""

    def __init__(self, cuts: dict[int, tuple[str, int, int]]) -> None:
        super().__init__()
        self._cuts = cuts  # year -> its file, where its cut starts, the number of its first event
        self._held: dict[int, list[dedup.Bucket]] = {}  # the years read, the earliest read first
        self.filed_into: set[dedup.Bucket] = set()

    def _read(self, bucket: dedup.Bucket) -> None:
        year = bucket[0]
        if len(bucket) == 3 or year in self._held or year not in self._cuts:
            return  # a decade's bucket holds only events of the join's own; a year read or with no cut
        if len(self._held) >= CUT_YEARS_KEPT:
            earliest = next(iter(self._held))
            for held in self._held.pop(earliest):
                if held not in self.filed_into:
                    del self[held]
        path, cut_at, first = self._cuts[year]
        with open(path, "rb") as handle:
            handle.seek(cut_at)
            cut: dict[dedup.Bucket, dict[str, list[int]]] = pickle.load(handle)
        for bucket_of_year, table in cut.items():
            if bucket_of_year not in self:  # (one the join filed into is held as it left it)
                self[bucket_of_year] = _numbered_from(table, first)
        self._held[year] = list(cut)

    def get(self, bucket: dedup.Bucket, default: Any = None) -> Any:  # type: ignore[override]
        self._read(bucket)
        return dict.get(self, bucket, default)

    def setdefault(self, bucket: dedup.Bucket, default: Any = None) -> Any:  # type: ignore[override]
        self._read(bucket)
        return dict.setdefault(self, bucket, default)


class _CutIndex(dedup._DateIndex):
    """The join's index over the years' cut indexes (`_YearCuts`), noting the buckets it files into."""

    def __init__(self, cuts: dict[int, tuple[str, int, int]]) -> None:
        super().__init__()
        self.nested = self._cuts = _YearCuts(cuts)
        self._files = {path for path, _, _ in cuts.values()}

    def remove_files(self) -> None:
        """Delete the files of the cuts (those of `_cut_index_for`, whose years' files stay)."""
        for path in self._files:
            os.remove(path)

    def file(self, number: int, interval: dedup.Interval, features: Iterable[str]) -> None:
        self._cuts.filed_into.add(dedup._bucket(interval))
        super().file(number, interval, features)

    def file_nested(self, number: int, interval: dedup.Interval, features: Iterable[str]) -> None:
        self._cuts.filed_into.add(dedup._bucket(interval))
        super().file_nested(number, interval, features)


def _cut_index_for(lookups: list[dedup.Lookup], files: list[YearFile], changed: dict[int, dedup._Cluster], directory: str) -> _CutIndex:
    """The years' events filed for `lookups` (the events the spanning mentions made), as the
    join's first step left them (`changed`, or as in their year's file), cut to those the
    lookups can meet: worked out a year at a time and written to a file of the year, read back
    as the join's cuts are (`_CutIndex`; an archive's together outgrow the rest of the join)."""
    lookups_of = _by_year(lookups)
    cuts: dict[int, tuple[str, int, int]] = {}
    for year, first, path, offsets in files:
        if year in lookups_of:
            year_clusters, _ = _read_year_events(path, offsets)
            year_clusters = [changed.get(first + n, cluster) for n, cluster in enumerate(year_clusters)]
            cut_path = os.path.join(directory, f"spanning-cut-{year}.pickle")
            with open(cut_path, "wb") as handle:
                pickle.dump(dedup.reachable_index(year_clusters, lookups_of[year]), handle, protocol=pickle.HIGHEST_PROTOCOL)
            cuts[year] = (cut_path, 0, first)
            del year_clusters
    return _CutIndex(cuts)


def _by_year(lookups: list[dedup.Lookup]) -> dict[int, list[dedup.Lookup]]:
    """`lookups` under each year their interval reaches (dedup._years), in their order: a year's
    events are filed for those alone."""
    found: dict[int, list[dedup.Lookup]] = defaultdict(list)
    for lookup in lookups:
        for year in dedup._years(lookup[0]):
            found[year].append(lookup)
    return dict(found)


def _read_year_events(path: str, offsets: array) -> tuple[list[dedup._Cluster], list[tuple[float, int, str]]]:
    """A year's events (clusters) and their heads, from its file (merge_year)."""
    with open(path, "rb") as handle:
        data = memoryview(handle.read(offsets[-1]))
        heads = pickle.load(handle)  # (not the cut index after them)
    return [pickle.loads(data[offsets[n] : offsets[n + 1]]) for n in range(len(offsets) - 1)], heads


YearFile = tuple[int, int, str, array]  # a year, the number of its first event, its file, each event's offset there

# The events read for the join and not changed by it, kept at most (read again when met again).
READ_KEPT = 1024


class _StoredClusters:
    """The years' events as the join reads them (a list by number: every year's events in year
    order, then those the join makes, `new`): each read from its year's file when the join
    meets it. Those it changes are kept (`changed`); of the others, at most READ_KEPT."""

    def __init__(self, files: list[YearFile], changed: dict[int, dedup._Cluster]) -> None:
        self._files = files
        self._firsts = [first for _, first, _, _ in files]
        self._count = files[-1][1] + len(files[-1][3]) - 1 if files else 0
        self._changed = dict(changed)
        self._read: dict[int, tuple[dedup._Cluster, int]] = {}  # with its number of members when read
        self.new: list[dedup._Cluster] = []

    def __len__(self) -> int:
        return self._count + len(self.new)

    def __getitem__(self, number: int) -> dedup._Cluster:
        if number >= self._count:
            return self.new[number - self._count]
        found = self._changed.get(number)
        if found is not None:
            return found
        read = self._read.get(number)
        if read is not None:
            return read[0]
        if len(self._read) >= READ_KEPT:
            self._let_go()
        _, first, path, offsets = self._files[bisect_right(self._firsts, number) - 1]
        n = number - first
        with open(path, "rb") as handle:
            cluster = pickle.loads(os.pread(handle.fileno(), offsets[n + 1] - offsets[n], offsets[n]))
        self._read[number] = (cluster, len(cluster.members))
        return cluster

    def append(self, cluster: dedup._Cluster) -> None:
        self.new.append(cluster)

    def _let_go(self) -> None:
        """Keep the events read that the join has changed since (an event changes only by
        gaining members, and only right after it is asked for); let the others go."""
        for number, (cluster, members) in self._read.items():
            if len(cluster.members) != members:
                self._changed[number] = cluster
        self._read.clear()

    def changed(self) -> dict[int, dedup._Cluster]:
        """The years' events the join changed, by number."""
        self._let_go()
        return dict(sorted(self._changed.items()))


# Chunks read by a task of salience's passes over every event's mentions.
REPORT_CHUNKS = 64

# A run of chunks, each with its spanning mentions and the event each of its mentions supports
# best (-1: none), from `best_event`.
ChunkRun = list[tuple[ChunkSpill, list[Mention], array]]


def _reports(spilled: Spilled, best_event: array, published: dict[str, date], run: TaskRunner) -> salience.Reports:
    """salience.Reports of every event's mentions: its two passes over them, each a run of
    chunks at a time, by tasks that read those from the partition files."""
    runs: list[ChunkRun] = []
    for at in range(0, len(spilled.chunks), REPORT_CHUNKS):
        runs.append(
            [
                (spill, [spilled.spanning[offset + i] for i in spill.spanning], best_event[offset : offset + spill.mentions])
                for spill, offset in zip(spilled.chunks[at : at + REPORT_CHUNKS], spilled.offsets[at : at + REPORT_CHUNKS], strict=True)
            ]
        )
    counts: Counter[str] = Counter()
    articles = 0
    for run_counts, run_articles in run(_count_story_words, runs, None):
        counts.update(run_counts)
        articles += run_articles
    reports = salience.Reports.from_counts(counts, articles, published)
    # (Finding the articles off the story reads no dates: the workers are not sent them.)
    reports.off_story_articles = frozenset().union(*run(_find_off_story, runs, reports.with_dates({})))
    return reports


def _count_story_words(_: None, chunks: ChunkRun) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    articles = 0
    for chunk in chunks:
        chunk_counts, chunk_articles = salience.story_word_counts(_event_mentions(*chunk))
        counts.update(chunk_counts)
        articles += chunk_articles
    return counts, articles


def _find_off_story(reports: salience.Reports, chunks: ChunkRun) -> set[str]:
    return set().union(*(reports.off_story_in(_event_mentions(*chunk)) for chunk in chunks))


def _event_mentions(spill: ChunkSpill, spanning: list[Mention], best_event: array) -> list[Mention]:
    """Every mention of an event in a chunk (an article's mentions are all in one chunk): its
    dated ones, and the undated ones that support an event (`best_event`: by number in the chunk)."""
    group = list(spanning)
    for block in spill.years.values():
        if block.dated is not None:
            group += block.dated.read()[1]
    if spill.undated is not None:
        numbers, mentions = spill.undated.read()
        group += [m for i, m in zip(numbers, mentions, strict=True) if best_event[i] >= 0]
    return group


def _may_support(
    spilled: Spilled, members: list[Mention], spanning: list[dedup._Cluster], published: dict[str, date]
) -> Iterator[dict[int, Mention]]:
    """The undated mentions that could support an event spanning years, read back from the
    partition files a chunk at a time: those `dedup._may_support` picks (of an article such an
    event comes from, or published within weeks of a precise one). Only the chunks with such an
    article are read. (Which event each supports best does not depend on the others.)"""
    articles = {m.article_id for m in members}
    months = {(c.start.year, c.start.month) for c in spanning if (c.end - c.start).days <= 31}

    def may(article: str) -> bool:
        when = published.get(article)
        recent = when is not None and bool(months & {(when.year, when.month), ((e := when - dedup.SUPPORT_WINDOW).year, e.month)})
        return recent or article in articles

    for spill, offset in zip(spilled.chunks, spilled.offsets, strict=True):
        if spill.undated is None or not any(may(article) for article in spill.undated_articles):
            continue
        numbers, mentions = spill.undated.read()
        yield {offset + i: m for i, m in zip(numbers, mentions, strict=True) if may(m.article_id)}

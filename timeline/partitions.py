"""Partition files: the mentions of a stream of articles, written to disk by calendar year as
the workers make them, and merged one year at a time by tasks that read their own year.

Deduplication merges each calendar year's dated mentions apart from every other year's
(dedup.merge_partition). So a worker that has extracted a chunk's mentions writes them straight
into one file, a block per year (that year's dated mentions and the undated ones that may
support its events, routed as dedup routes them) plus a block of every undated mention, and
hands back only a summary. The main process never holds every mention: it gets back each
year's events with their members, joins the few mentions whose dates span years, and builds
the events as `dedup.deduplicate` does. The result is identical to `deduplicate` over all the
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
import sys
import tempfile
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, overload

from timeline import collector, dedup, salience
from timeline.dedup import FeatureCounts, MergeInput, PartitionTask, TaskRunner
from timeline.engines import ChunkResult, mentions_of_chunk
from timeline.records import Article, Event, Mention, TimeExpression

# --- mentions as plain tuples: read back twice as fast as pickled records -------------------

_MENTION_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_TIME_FIELDS = tuple(f.name for f in dataclasses.fields(TimeExpression))
_TIME_AT = _MENTION_FIELDS.index("time")
_PARTS_AT = _TIME_FIELDS.index("parts")
Packed = tuple[Any, ...]


def _pack_time(time: TimeExpression) -> Packed:
    values = [getattr(time, name) for name in _TIME_FIELDS]
    values[_PARTS_AT] = tuple(map(_pack_time, time.parts))
    return tuple(values)


def pack(mention: Mention) -> Packed:
    """A mention as a tuple of its fields (its time expression too): pickle reads a tuple of
    strings and numbers far faster than a record, whose fields it sets one by one."""
    values = [getattr(mention, name) for name in _MENTION_FIELDS]
    if mention.time is not None:
        values[_TIME_AT] = _pack_time(mention.time)
    return tuple(values)


def _unpack_time(values: Packed) -> TimeExpression:
    time = object.__new__(TimeExpression)
    fields = dict(zip(_TIME_FIELDS, values, strict=True))
    fields["parts"] = tuple(map(_unpack_time, fields["parts"]))
    time.__dict__.update(fields)  # a frozen record, filled in as unpickling would
    return time


def unpack(values: Packed) -> Mention:
    """The mention `pack` made `values` of."""
    mention = object.__new__(Mention)
    fields = dict(zip(_MENTION_FIELDS, values, strict=True))
    if fields["time"] is not None:
        fields["time"] = _unpack_time(fields["time"])
    mention.__dict__.update(fields)
    return mention


@dataclass(frozen=True)
class Block:
    """A run of bytes of a partition file: one pickled block of a chunk's mentions (packed)."""

    path: str
    offset: int
    length: int

    def read(self) -> tuple[list[int], list[Mention]]:
        """The block's mentions and their numbers within their chunk."""
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            numbers, packed = pickle.loads(handle.read(self.length))
        return numbers, list(map(unpack, packed))


@dataclass(frozen=True)
class YearBlock:
    dated: Block | None  # the chunk's dated mentions of that year
    undated: Block | None  # its undated mentions that may support events of that year
    size: int  # mentions in both


@dataclass(frozen=True)
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
    years, undated, spanning = _route(mentions, {a.id: a.published for a in articles})
    path = os.path.join(directory, f"chunk-{number:07d}.pickle")
    packed = list(map(pack, mentions))
    blocks: dict[int, YearBlock] = {}
    with open(path, "wb") as handle:

        def write(numbers: list[int]) -> Block:
            data = pickle.dumps((numbers, [packed[i] for i in numbers]), protocol=pickle.HIGHEST_PROTOCOL)
            block = Block(path, handle.tell(), len(data))
            handle.write(data)
            return block

        for year, (dated_numbers, undated_numbers) in sorted(years.items()):
            blocks[year] = YearBlock(
                write(dated_numbers) if dated_numbers else None,
                write(undated_numbers) if undated_numbers else None,
                len(dated_numbers) + len(undated_numbers),
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
    """One year's blocks, with the number of each chunk's first mention."""

    year: int
    blocks: list[tuple[YearBlock, int]]


@dataclass(frozen=True)
class Reach:
    """Where the mentions whose dates span years may join the years' events: each one's interval
    and the features of its vector, and the (article, sentence) just before each of them (the
    sentence whose event it may go on about)."""

    intervals: list[tuple[date, date, frozenset[str]]]
    before: frozenset[tuple[str, int]]


@dataclass(frozen=True)
class MergeShared:
    """What every year's task reads beside its blocks (sent to each worker once)."""

    weights: dict[str, float]
    published: dict[str, date]
    directory: str  # where a year's events (clusters and headlines) are written
    reach: Reach


@dataclass
class YearResult:
    """What a year's task sends back instead of its events (written to `path`): how many there
    are; for each undated mention, the event of the year it supports best (numbers, scores,
    events); the events the mentions spanning years may join (`joinable`, with their centroids),
    the event of each (article, sentence) just before one of those (`placed`), and the last
    members of those events (`mentions`). Members are numbered in the stream."""

    path: str
    count: int
    support_numbers: array
    support_scores: array
    support_events: array
    joinable: dict[int, dedup._Cluster]
    placed: dict[tuple[str, int], int]
    mentions: dict[int, Mention]

    def __reduce__(self) -> tuple[Any, ...]:
        # From a worker process: the mentions packed, read back twice as fast.
        packed = [(i, pack(m)) for i, m in self.mentions.items()]
        fields = (self.path, self.count, self.support_numbers, self.support_scores, self.support_events, self.joinable, self.placed)
        return _unpacked_result, (*fields, packed)


def _unpacked_result(*fields: Any) -> YearResult:
    *rest, packed = fields
    return YearResult(*rest, {i: unpack(values) for i, values in packed})


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
    inputs = MergeInput(dated + undated, shared.weights, shared.published)
    result = dedup.merge_partition(
        inputs, PartitionTask(list(range(len(dated))), list(range(len(dated), len(dated) + len(undated))))
    )
    local_members = [cluster.members for cluster in result.clusters]
    for cluster in result.clusters:
        cluster.members = [dated_numbers[j] for j in cluster.members]
    heads = [(score, dated_numbers[member], text) for score, member, text in result.heads]
    path = os.path.join(shared.directory, f"year-{task.year}.pickle")
    with open(path, "wb") as handle:
        pickle.dump((result.clusters, heads), handle, protocol=pickle.HIGHEST_PROTOCOL)
    found = [(undated_numbers[k], f[0], f[1]) for k, f in enumerate(result.support) if f is not None]
    # The events a spanning mention may join: those nesting in its interval that share a feature
    # with one (the spanning events' own features come from those mentions), and those of the
    # sentence just before one (it may go on about it: dedup._continued_story).
    reach = [
        (start, end, features)
        for start, end, features in shared.reach.intervals
        if start.year <= task.year <= (end - timedelta(days=1)).year
    ]
    wanted_at: dict[tuple[date, date], set[str]] = {}
    # Days under the same spanning intervals share one set (a busy year has hundreds of days).
    wanted_under: dict[tuple[int, ...], set[str]] = {}
    joinable: dict[int, dedup._Cluster] = {}
    placed: dict[tuple[str, int], int] = {}
    last_members: set[int] = set()
    for n, (cluster, members) in enumerate(zip(result.clusters, local_members, strict=True)):
        wanted = wanted_at.get(cluster.interval)
        if wanted is None:
            under = tuple(k for k, (start, end, _) in enumerate(reach) if start <= cluster.start and cluster.end <= end)
            wanted = wanted_under.get(under)
            if wanted is None:
                wanted = wanted_under[under] = {f for k in under for f in reach[k][2]}
            wanted_at[cluster.interval] = wanted
        before = False
        for j in members:
            key = (dated[j].article_id, dated[j].sentence_index)
            if key in shared.reach.before:
                placed[key] = n  # the last event of a sentence counts, as in dedup
                before = True
        if before:
            last_members.update(members[-dedup.CONTINUATION_MEMBERS :])
        if before or not wanted.isdisjoint(cluster.centroid):
            joinable[n] = replace(cluster, members=array("q", cluster.members), centroid=Centroid(cluster.centroid))  # type: ignore[arg-type]
    return YearResult(
        path,
        len(result.clusters),
        array("q", [i for i, _, _ in found]),
        array("d", [score for _, score, _ in found]),
        array("q", [n for _, _, n in found]),
        joinable,
        placed,
        {dated_numbers[j]: dated[j] for j in sorted(last_members)},
    )


class Centroid(MutableMapping[str, float]):
    """An event's centroid as the main process holds it for the join (most of a corpus's events
    may be joined by some mention whose date spans years, few are): its features, interned, and
    their weights in their order, a fifth of a dict's memory; the first change makes it a dict
    inside. Read as the dict it was, so every sum over it adds the same numbers in the same order."""

    __slots__ = ("_dict", "_features", "_weights")

    def __init__(self, centroid: dict[str, float]) -> None:
        self._features: tuple[str, ...] = tuple(map(sys.intern, centroid))
        self._weights = array("d", centroid.values())
        self._dict: dict[str, float] | None = None

    def get(self, feature: str, default: Any = None) -> Any:
        if self._dict is not None:
            return self._dict.get(feature, default)
        try:
            return self._weights[self._features.index(feature)]
        except ValueError:
            return default

    def __getitem__(self, feature: str) -> float:
        found = self.get(feature, _ABSENT)
        if found is _ABSENT:
            raise KeyError(feature)
        return found

    def __contains__(self, feature: object) -> bool:
        return feature in (self._dict if self._dict is not None else self._features)

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict if self._dict is not None else self._features)

    def __len__(self) -> int:
        return len(self._dict if self._dict is not None else self._features)

    def keys(self) -> Any:  # a set, so that intersections with sets run as fast as a dict's keys'
        return self._dict.keys() if self._dict is not None else frozenset(self._features)

    def values(self) -> Any:
        return self._dict.values() if self._dict is not None else iter(self._weights)

    def items(self) -> Any:
        return self._dict.items() if self._dict is not None else zip(self._features, self._weights, strict=True)

    def __setitem__(self, feature: str, weight: float) -> None:
        self._thawed()[feature] = weight

    def __delitem__(self, feature: str) -> None:
        del self._thawed()[feature]

    def _thawed(self) -> dict[str, float]:
        if self._dict is None:
            self._dict = dict(zip(self._features, self._weights, strict=True))
            self._features, self._weights = (), array("d")
        return self._dict

    def __reduce__(self) -> tuple[Any, ...]:
        return Centroid, (dict(self.items()),)


_ABSENT = object()


# --- the events, on disk ----------------------------------------------------------------------

_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))
_MENTIONS_AT = _EVENT_FIELDS.index("mentions")


class EventFile:
    """Events written to an unnamed temporary file (nothing of it is left on disk once it is
    closed, or the process ends), read back by place."""

    def __init__(self) -> None:
        # Open as long as the events are read (a Timeline's), closed when they are let go.
        self._file = tempfile.TemporaryFile(prefix="timeline-events-")  # noqa: SIM115
        self._size = 0

    def write(self, event: Event) -> tuple[int, int]:
        values = [getattr(event, name) for name in _EVENT_FIELDS]
        values[_MENTIONS_AT] = tuple(map(pack, event.mentions))
        data = pickle.dumps(tuple(values), protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._size
        self._file.write(data)
        self._size += len(data)
        return offset, len(data)

    def read(self, offset: int, length: int, number: int) -> Event:
        """The event written at `offset`, with the id of its `number` in date order."""
        self._file.flush()
        values = pickle.loads(os.pread(self._file.fileno(), length, offset))
        fields = dict(zip(_EVENT_FIELDS, values, strict=True))
        fields["mentions"] = tuple(map(unpack, fields["mentions"]))
        fields["id"] = dedup.event_id(fields["value"], fields["headline"], number)
        return Event(**fields)


class StoredEvents(Sequence[Event]):
    """A sequence of events read from an EventFile as they are asked for: a Timeline's events
    below the --max-events cut (every other event of an archive, each with all its mentions)
    without holding them in memory. It reads like a tuple of them (len, order, slices, ==)."""

    def __init__(self, file: EventFile, places: Iterable[tuple[int, int, int]]) -> None:
        self._file = file
        self._offsets, self._lengths, self._numbers = array("q"), array("q"), array("q")
        for offset, length, number in places:
            self._offsets.append(offset)
            self._lengths.append(length)
            self._numbers.append(number)

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
        return self._file.read(self._offsets[i], self._lengths[i], self._numbers[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (StoredEvents, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (like a list: equal to its contents, so not hashable)

    def __repr__(self) -> str:
        return f"StoredEvents({len(self)} events)"

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)


@dataclass(slots=True)
class EventSummary:
    """What ranking and the --max-events cut read of an event (salience.select); the event is on disk."""

    id: str
    start: date
    end: date
    granularity: str
    value: str
    headline: str
    sources: tuple[str, ...]
    salience: float
    offset: int
    length: int
    involved: bool  # in what --about asks for
    number: int = 0


@dataclass
class SpilledEvents:
    """The events of partition files: summaries in date order, numbered, and the events on disk."""

    summaries: list[EventSummary]
    file: EventFile

    def select(self, max_events: int | None) -> tuple[tuple[Event, ...], StoredEvents]:
        """salience.select over the events --about kept: those drawn, read back, and the rest, ranked, on disk."""
        shown, more = salience.select([s for s in self.summaries if s.involved], max_events)  # type: ignore[arg-type]
        events = tuple(self.file.read(s.offset, s.length, s.number) for s in shown)
        return events, StoredEvents(self.file, ((s.offset, s.length, s.number) for s in more))


# Undated mentions that may support an event spanning years, attached at a time: each call
# indexes those events again, so not a chunk's few at a time, nor every one at once.
SUPPORT_BATCH = 50_000


@collector.paused()  # see timeline/collector.py
def merge_spilled(
    spilled: Spilled,
    articles: Iterable[Article],
    *,
    counts: FeatureCounts,
    run: TaskRunner = dedup.run_here,
    directory: str,
    about: str | None = None,
) -> SpilledEvents:
    """The events of `dedup.deduplicate` over every mention of the stream (with their salience,
    in date order, numbered), from the mentions in the partition files, built a year at a time
    and written to a temporary file: what stays in memory is a summary of each event, the
    mentions whose dates span years and their events, and a score per mention."""
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
    vectors = dedup._LazyVectors(held, weights)  # type: ignore[arg-type]
    reach = Reach(
        [(*dedup._interval(held[i]), frozenset(vectors[i])) for i in spanning],
        frozenset((held[i].article_id, held[i].sentence_index - 1) for i in spanning),
    )
    tasks = [YearTask(year, by_year[year]) for year in order]
    results = dict(zip(order, run(merge_year, tasks, MergeShared(weights, published, directory, reach)), strict=True))

    # Which event each undated mention supports: the best of its years' (a tie keeps the earlier year's).
    best_score = array("d", [-math.inf]) * spilled.mentions
    best_event = array("q", [-1]) * spilled.mentions
    first_of: dict[int, int] = {}
    joinable: list[tuple[int, dedup._Cluster]] = []
    placed: dict[tuple[str, int], int] = {}
    existing = 0
    for year in years:
        result = results[year]
        first_of[year] = existing
        for i, score, n in zip(result.support_numbers, result.support_scores, result.support_events, strict=True):
            if score > best_score[i]:
                best_score[i], best_event[i] = score, existing + n
        joinable += [(existing + n, cluster) for n, cluster in sorted(result.joinable.items())]
        placed.update((key, existing + n) for key, n in result.placed.items())
        held.update(result.mentions)
        result.joinable, result.placed, result.mentions = {}, {}, {}
        existing += result.count

    # The mentions spanning years join the events they may join (kept in the same order, so the
    # join decides as it does over every event), or make events of their own.
    place_of = {n: k for k, (n, _) in enumerate(joinable)}
    clusters = [cluster for _, cluster in joinable]
    touched = dedup._join_spanning(held, vectors, clusters, spanning, {key: place_of[n] for key, n in placed.items()})
    # Only the events the join changed differ from their year's file: the others are let go.
    joined = {joinable[k][0]: clusters[k] for k in sorted(touched)}
    new = clusters[len(joinable) :]
    del joinable, clusters, placed, place_of
    candidates: list[int] = []  # those that support an event spanning years
    if new:  # events spanning years may be supported too: SUPPORT_BATCH undated mentions at a time

        def attach(found: list[int]) -> None:
            attached = dedup._attach_supporting(held, dedup._LazyVectors(held, weights), new, published, found)  # type: ignore[arg-type]
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

    reports = salience.Reports(lambda: _event_mentions(spilled, spilled.spanning, best_event), published)
    file = EventFile()
    summaries: list[EventSummary] = []

    def keep(events: list[Event]) -> None:
        for event in salience.score(events, published, reports):
            offset, length = file.write(event)
            involved = not about or bool(salience.about([event], about))
            summaries.append(EventSummary("", event.start, event.end, event.granularity, event.value, event.headline,
                                          tuple(map(_interned, event.sources)), event.salience, offset, length, involved))  # fmt: skip

    for year in years:
        first, result = first_of[year], results.pop(year)
        with open(result.path, "rb") as handle:
            year_clusters, heads = pickle.load(handle)
        os.remove(result.path)
        dated_numbers, dated, undated_numbers, undated = _read_year(by_year[year])
        mentions = dict(zip(dated_numbers, dated, strict=True))
        mentions.update(zip(undated_numbers, undated, strict=True))
        touched_here: set[int] = set()
        for n in range(len(year_clusters)):
            if first + n in joined:
                year_clusters[n] = cluster = joined.pop(first + n)
                touched_here.add(n)
                mentions.update((i, held[i]) for i in cluster.members if i not in mentions)
        end = first + len(year_clusters)
        supported = {i: (best_score[i], best_event[i] - first) for i in result.support_numbers if first <= best_event[i] < end}
        keep(dedup.build_events(mentions, dedup._LazyVectors(mentions, weights), year_clusters, heads, touched_here, supported, latest))  # type: ignore[arg-type]
        del mentions, dated, undated, year_clusters, heads
    if new:
        supported = {i: (best_score[i], best_event[i] - existing) for i in candidates if best_event[i] >= existing}
        keep(dedup.build_events(held, vectors, new, [], set(), supported, latest))  # type: ignore[arg-type]
    # In date order, numbered (dedup.ranked_and_numbered: the same order and ids).
    summaries.sort(key=dedup.date_order)  # type: ignore[arg-type]  (a summary has the fields it reads)
    for number, summary in enumerate(summaries, 1):
        summary.number = number
        summary.id = dedup.event_id(summary.value, summary.headline, number)
    return SpilledEvents(summaries, file)


_interned: Callable[[str], str] = sys.intern


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


def _event_mentions(spilled: Spilled, spanning: dict[int, Mention], best_event: array) -> Iterator[list[Mention]]:
    """Every mention of an event, chunk by chunk (an article's mentions are all in one chunk):
    the dated ones, and the undated ones that support an event."""
    for spill, offset in zip(spilled.chunks, spilled.offsets, strict=True):
        group = [spanning[offset + i] for i in spill.spanning]
        for block in spill.years.values():
            if block.dated is not None:
                group += block.dated.read()[1]
        if spill.undated is not None:
            numbers, mentions = spill.undated.read()
            group += [m for i, m in zip(numbers, mentions, strict=True) if best_event[offset + i] >= 0]
        yield group


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

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
import os
import pickle
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from timeline import collector, dedup
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

    blocks: list[tuple[YearBlock, int]]


@dataclass(frozen=True)
class MergeShared:
    """What every year's task reads beside its blocks (sent to each worker once)."""

    weights: dict[str, float]
    published: dict[str, date]


@dataclass
class YearResult:
    """A year's events, members numbered in the stream: each event's best headline among its
    members (score, member, text), the event of the year each undated mention supports best
    (number, score, event), and the mentions named (members, and undated ones that support)."""

    clusters: list[dedup._Cluster]
    heads: list[tuple[float, int, str]]
    support: list[tuple[int, float, int]]
    mentions: dict[int, Mention]

    def __reduce__(self) -> tuple[Any, ...]:
        # From a worker process: the mentions packed, read back twice as fast.
        packed = [(i, pack(m)) for i, m in self.mentions.items()]
        return _unpacked_result, (self.clusters, self.heads, self.support, packed)


def _unpacked_result(
    clusters: list[dedup._Cluster],
    heads: list[tuple[float, int, str]],
    support: list[tuple[int, float, int]],
    packed: list[tuple[int, Packed]],
) -> YearResult:
    return YearResult(clusters, heads, support, {i: unpack(values) for i, values in packed})


def merge_year(shared: MergeShared, task: YearTask) -> YearResult:
    """Read one year's blocks and merge them (dedup.merge_partition): the task a worker runs."""
    dated: list[Mention] = []
    undated: list[Mention] = []
    dated_numbers: list[int] = []
    undated_numbers: list[int] = []
    for block, offset in task.blocks:
        if block.dated is not None:
            numbers, mentions = block.dated.read()
            dated_numbers += [offset + i for i in numbers]
            dated += mentions
        if block.undated is not None:
            numbers, mentions = block.undated.read()
            undated_numbers += [offset + i for i in numbers]
            undated += mentions
    inputs = MergeInput(dated + undated, shared.weights, shared.published)
    result = dedup.merge_partition(
        inputs, PartitionTask(list(range(len(dated))), list(range(len(dated), len(dated) + len(undated))))
    )
    for cluster in result.clusters:
        cluster.members = [dated_numbers[j] for j in cluster.members]
    heads = [(score, dated_numbers[member], text) for score, member, text in result.heads]
    support = [(undated_numbers[k], found[0], found[1]) for k, found in enumerate(result.support) if found is not None]
    named = dict(zip(dated_numbers, dated, strict=True))
    named.update((undated_numbers[k], undated[k]) for k, found in enumerate(result.support) if found is not None)
    return YearResult(result.clusters, heads, support, named)


@collector.paused()  # see timeline/collector.py
def merge_spilled(
    spilled: Spilled, articles: Iterable[Article], *, counts: FeatureCounts, run: TaskRunner = dedup.run_here
) -> list[Event]:
    """Events, in date order, from the mentions in the partition files: those of
    `dedup.deduplicate` over every mention of the stream."""
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
    results = dict(
        zip(order, run(merge_year, [YearTask(by_year[year]) for year in order], MergeShared(weights, published)), strict=True)
    )
    clusters: list[dedup._Cluster] = []
    heads: list[tuple[float, int, str]] = []
    best: dict[int, tuple[float, int]] = {}  # undated mention -> (score, event)
    held: dict[int, Mention] = dict(spilled.spanning)
    for year in years:
        result = results.pop(year)
        first = len(clusters)
        clusters += result.clusters
        heads += result.heads
        held.update(result.mentions)
        for i, score, n in result.support:
            if i not in best or score > best[i][0]:  # a tie keeps the earlier year's event
                best[i] = (score, first + n)
    store = _Dense(held)
    mentions = store.mentions
    clusters, heads, best = store.renumbered(clusters, heads, best, store.dense_of)
    vectors = dedup._LazyVectors(mentions, weights)
    existing = len(clusters)
    touched = dedup._join_spanning(mentions, vectors, clusters)
    if len(clusters) > existing:  # events spanning years may be supported too
        spanning = clusters[existing:]
        candidates = _may_support(spilled, [mentions[i] for c in spanning for i in c.members], spanning, published)
        before, after = store, _Dense(held | candidates)
        clusters, heads, best = after.renumbered(clusters, heads, best, lambda i: after.dense_of(before.numbers[i]))
        store, mentions = after, after.mentions
        vectors = dedup._LazyVectors(mentions, weights)
        spanning = clusters[existing:]
        undated = sorted(store.dense_of(i) for i in candidates)
        found = dedup._attach_supporting(mentions, vectors, spanning, published, undated)
        for i, (score, n) in found.items():
            if i not in best or score > best[i][0]:
                best[i] = (score, existing + n)
    events = dedup.build_events(mentions, vectors, clusters, heads, touched, best, latest)
    del clusters, vectors, store, mentions, held
    return dedup.ranked_and_numbered(events, published)


class _Dense:
    """The mentions the main process holds, renumbered 0, 1, ... in their stream order."""

    def __init__(self, held: dict[int, Mention]) -> None:
        self.numbers = sorted(held)
        self.mentions = [held[i] for i in self.numbers]

    def dense_of(self, number: int) -> int:
        at = bisect_right(self.numbers, number) - 1
        assert at >= 0 and self.numbers[at] == number
        return at

    @staticmethod
    def renumbered(
        clusters: list[dedup._Cluster],
        heads: list[tuple[float, int, str]],
        best: dict[int, tuple[float, int]],
        new: Callable[[int], int],
    ) -> tuple[list[dedup._Cluster], list[tuple[float, int, str]], dict[int, tuple[float, int]]]:
        """The clusters' members, the headlines' members and the supporting mentions, renumbered by `new`."""
        for cluster in clusters:
            cluster.members = [new(i) for i in cluster.members]
        heads = [(score, new(member), text) for score, member, text in heads]
        best = {new(i): found for i, found in best.items()}
        return clusters, heads, best


def _may_support(
    spilled: Spilled, members: list[Mention], spanning: list[dedup._Cluster], published: dict[str, date]
) -> dict[int, Mention]:
    """The undated mentions that could support an event spanning years, read back from the
    partition files: those `dedup._may_support` picks (of an article such an event comes from,
    or published within weeks of a precise one). Only the chunks with such an article are read."""
    articles = {m.article_id for m in members}
    months = {(c.start.year, c.start.month) for c in spanning if (c.end - c.start).days <= 31}

    def may(article: str) -> bool:
        when = published.get(article)
        recent = when is not None and bool(months & {(when.year, when.month), ((e := when - dedup.SUPPORT_WINDOW).year, e.month)})
        return recent or article in articles

    found: dict[int, Mention] = {}
    for spill, offset in zip(spilled.chunks, spilled.offsets, strict=True):
        if spill.undated is None or not any(may(article) for article in spill.undated_articles):
            continue
        numbers, mentions = spill.undated.read()
        found.update((offset + i, m) for i, m in zip(numbers, mentions, strict=True) if may(m.article_id))
    return found

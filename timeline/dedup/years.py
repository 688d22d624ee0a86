"""The one merging algorithm: mentions by calendar year, merged a year at a time by tasks, joined
at the years' edges, and built into events a year at a time.

Deduplication merges each calendar year's dated mentions apart from every other year's
(clusters.merge_partition): two dates in different years never nest. So each chunk's mentions
are routed as they stream in (`route`, in the worker that extracted them): a block per year (that
year's dated mentions and the undated ones that may support its events) plus a block of every
undated mention, put in a store (timeline/dedup/store.py: in memory, or files on disk); the main
process keeps only a summary per chunk and the few mentions whose dates span years. Each year's
task then merges its year and puts its events in the store; the main process joins the mentions
spanning years to the events they meet; a task per year builds that year's events (headlines,
supporting sentences, salience, ids); and an EventTable keeps what ranking reads of each.

Mentions are numbered by their place in the stream (a chunk's offset plus their place in the
chunk). Every order and tie in merging follows those numbers, so the main process may hold any
subset of them, renumbered densely in the same order, and get the same result; and the result is
the same whichever store and however many workers ran the tasks.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from timeline import collector, salience
from timeline.dedup import clusters as dedup
from timeline.dedup.clusters import FeatureCounts, MergeInput, PartitionTask
from timeline.dedup.store import Numbered, Store, Stored, StoredList, pack, unpack
from timeline.dedup.table import EventRows, EventTable
from timeline.engines import TaskRunner, run_here
from timeline.records import Article, Event, Mention
from timeline.settings import DEFAULT_LIMITS, Limits

# --- routing: each chunk's mentions by year, as they stream in ------------------------------


def _route(
    mentions: Sequence[Mention], published: dict[str, date]
) -> tuple[dict[int, tuple[list[int], list[int]]], list[int], list[int]]:
    """The chunk's mentions by year: a dated mention to its year; an undated one to the years
    in which its article dates an actor it names and to those of the weeks before its
    publication (a year with no dated mention anywhere is never merged, so its block is never
    read). Also every undated mention, and those whose date spans years. An article's mentions
    are all in one chunk, so routing per chunk routes as routing them all at once does."""
    years: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    years_of_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    spanning: list[int] = []
    for i, mention in enumerate(mentions):
        if mention.time is not None:
            year = dedup.partition_of(mention.time)
            if year is None:
                spanning.append(i)
                continue
            years[year][0].append(i)
            for name in dedup.names_of(mention):
                years_of_name[(mention.article_id, name)].add(year)
    undated: list[int] = []
    for i, mention in enumerate(mentions):
        if mention.time is None and mention.actors:
            undated.append(i)
            found = {y for name in dedup.names_of(mention) for y in years_of_name.get((mention.article_id, name), ())}
            when = published.get(mention.article_id)
            if when is not None:
                found |= {(when - dedup.SUPPORT_WINDOW).year, when.year}
            for year in found:
                years[year][1].append(i)
    return dict(years), undated, spanning


@dataclass(frozen=True, slots=True)
class YearBlock:
    dated: Stored[Numbered] | None  # the chunk's dated mentions of that year
    undated: Stored[Numbered] | None  # its undated mentions that may support events of that year
    size: int  # mentions in both
    # When the chunk's articles came out (a year's task reads these rather than being sent
    # every article's: an archive's are tens of MB in each worker).
    published: Stored[dict[str, date]]


@dataclass(frozen=True, slots=True)
class ChunkRoutes:
    """Where a chunk's mentions went: what the main process keeps of a chunk instead of them."""

    mentions: int  # kept, in all
    years: dict[int, YearBlock]
    undated: Stored[Numbered] | None  # every undated mention of the chunk, once
    undated_articles: frozenset[str]  # the articles those come from
    spanning: list[Mention]  # the mentions whose date spans years
    spanning_numbers: list[int]  # their numbers within the chunk


def route(store: Store, number: int, mentions: Sequence[Mention], articles: Iterable[Article]) -> ChunkRoutes:
    """Put chunk `number`'s mentions in `store`, a block per year: the task's last step, in the
    worker that extracted them."""
    published = {a.id: a.published for a in articles}
    years, undated, spanning = _route(mentions, published)
    writer = store.writer(f"chunk-{number:07d}")
    try:
        dates = writer.put(published)

        def put(numbers: list[int]) -> Stored[Numbered] | None:
            return writer.put_mentions(numbers, [mentions[i] for i in numbers]) if numbers else None

        blocks = {
            year: YearBlock(put(dated), put(undated_here), len(dated) + len(undated_here), dates)
            for year, (dated, undated_here) in sorted(years.items())
        }
        every_undated = put(undated)
    finally:
        writer.close()
    return ChunkRoutes(
        len(mentions),
        blocks,
        every_undated,
        frozenset(mentions[i].article_id for i in undated),
        [mentions[i] for i in spanning],
        spanning,
    )


@dataclass
class Routed:
    """What the main process keeps of the stream: each chunk's routes and its number offset."""

    chunks: list[ChunkRoutes] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # the number of each chunk's first mention
    spanning: dict[int, Mention] = field(default_factory=dict)
    mentions: int = 0

    def add(self, routes: ChunkRoutes) -> None:
        self.offsets.append(self.mentions)
        self.chunks.append(routes)
        self.spanning.update(zip((self.mentions + i for i in routes.spanning_numbers), routes.spanning, strict=True))
        self.mentions += routes.mentions


# --- each year merged apart ----------------------------------------------------------------


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
    store: Store  # where a year's events (clusters and headlines) are put
    # The (article, sentence) just before each mention spanning years (the sentence whose
    # event it may go on about).
    before: frozenset[tuple[str, int]]


@dataclass
class YearResult:
    """What a year's task sends back beside its events (put in the store: `events`, `heads`,
    and `cut`, where the spanning mentions look the year's events up, dedup.reachable_index):
    for each undated mention, the event of the year it supports best (numbers, scores,
    events); the event of each (article, sentence) just before a mention spanning years
    (`placed`), and the last members of those events (`mentions`). The cut stays in the store
    until the join looks in the year: an archive's cuts together outgrow everything else the
    main process holds. Members are numbered in the stream, events in the year."""

    events: StoredList[dedup.Cluster]
    heads: Stored[list[tuple[float, int, str]]]
    cut: Stored[dict[dedup.Bucket, dict[str, list[int]]]]
    support_numbers: array
    support_scores: array
    support_events: array
    placed: dict[tuple[str, int], int]
    mentions: dict[int, Mention]

    @property
    def count(self) -> int:
        return len(self.events)

    def __reduce__(self) -> tuple[Any, ...]:
        # From a worker process: the mentions packed, read back twice as fast.
        packed = [(i, pack(m)) for i, m in self.mentions.items()]
        fields = (self.events, self.heads, self.cut, self.support_numbers, self.support_scores, self.support_events, self.placed)
        return _unpacked_result, (*fields, packed)


def _unpacked_result(*fields: Any) -> YearResult:
    *rest, packed = fields
    return YearResult(*rest, {i: unpack(values) for i, values in packed})


def _published_in(blocks: list[tuple[YearBlock, int]]) -> dict[str, date]:
    """When the articles of a year's blocks came out (and the rest of their chunks': a year has
    one block per chunk)."""
    published: dict[str, date] = {}
    for block, _ in blocks:
        published.update(block.published.load())
    return published


def _read_year(blocks: list[tuple[YearBlock, int]]) -> tuple[list[int], list[Mention], list[int], list[Mention]]:
    """A year's dated mentions and the undated ones routed to it, with their numbers in the stream."""
    dated: list[Mention] = []
    undated: list[Mention] = []
    dated_numbers: list[int] = []
    undated_numbers: list[int] = []
    for block, offset in blocks:
        if block.dated is not None:
            numbers, mentions = block.dated.load()
            dated_numbers += [offset + i for i in numbers]
            dated += mentions
        if block.undated is not None:
            numbers, mentions = block.undated.load()
            undated_numbers += [offset + i for i in numbers]
            undated += mentions
    return dated_numbers, dated, undated_numbers, undated


def merge_year(shared: MergeShared, task: YearTask) -> YearResult:
    """Read one year's blocks and merge them (dedup.merge_partition): the task a worker runs.
    Its events go to the store; only what joining the years needs comes back."""
    dated_numbers, dated, undated_numbers, undated = _read_year(task.blocks)
    inputs = MergeInput(dated + undated, shared.weights, _published_in(task.blocks))
    result = dedup.merge_partition(
        inputs, PartitionTask(list(range(len(dated))), list(range(len(dated), len(dated) + len(undated))))
    )
    local_members = [cluster.members for cluster in result.clusters]
    for cluster in result.clusters:
        cluster.members = [dated_numbers[j] for j in cluster.members]
    heads = [(score, dated_numbers[member], text) for score, member, text in result.heads]
    writer = shared.store.writer(f"year-{task.year}")
    try:
        events = writer.put_each(result.clusters)  # each event apart, so that the join may read one
        stored_heads = writer.put(heads)
        cut = writer.put(dedup.reachable_index(result.clusters, task.lookups))
    finally:
        writer.close()
    found = [(undated_numbers[k], f[0], f[1]) for k, f in enumerate(result.support) if f is not None]
    # The events of the sentences just before the spanning mentions (one may go on about it:
    # dedup.continued_story).
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
        events,
        stored_heads,
        cut,
        array("q", [i for i, _, _ in found]),
        array("d", [score for _, score, _ in found]),
        array("q", [n for _, _, n in found]),
        placed,
        {dated_numbers[j]: dated[j] for j in sorted(last_members)},
    )


# --- each year's events built apart ------------------------------------------------------------


@dataclass(frozen=True)
class BuildShared:
    """What every year's building task reads beside its own (sent to each worker once)."""

    weights: dict[str, float]
    store: Store
    latest: date | None
    reports: salience.Reports  # without publication dates: a task's own are set (`with_dates`)


@dataclass(frozen=True)
class BuildTask:
    """A year's events to build, from the store (`merge_year` put them) and its mentions, as the
    join left them: the events it changed (`joined`, by number in the year) with the mentions
    spanning years they gained (`joining`, by number in the stream), and the undated mentions
    that support an event of the year best (numbers, scores, events)."""

    year: int
    blocks: list[tuple[YearBlock, int]]
    events: StoredList[dedup.Cluster]
    heads: Stored[list[tuple[float, int, str]]]
    joined: dict[int, dedup.Cluster]
    joining: dict[int, Mention]
    joining_published: dict[str, date]  # when the articles of `joining` came out
    support_numbers: array
    support_scores: array
    support_events: array


@dataclass
class BuiltYear:
    """A year's events as built, put in the store without their salience, and the reports of
    each of its days (salience.day_reports), which the days around them weigh theirs against."""

    events: StoredList[Event]
    edge_reports: dict[date, float]  # those of its days near the year's ends


def build_year(shared: BuildShared, task: BuildTask) -> BuiltYear:
    """Build a year's events (dedup.build_events): the task a worker runs."""
    year_clusters = task.events.load_all()
    heads = task.heads.load()
    dated_numbers, dated, undated_numbers, undated = _read_year(task.blocks)
    mentions = dict(zip(dated_numbers, dated, strict=True))
    mentions.update(zip(undated_numbers, undated, strict=True))
    mentions.update(task.joining)  # (mentions spanning years are in no year's blocks)
    for n, cluster in task.joined.items():
        year_clusters[n] = cluster
    supported = {
        i: (score, n) for i, score, n in zip(task.support_numbers, task.support_scores, task.support_events, strict=True)
    }
    events = dedup.build_events(
        mentions, dedup.LazyVectors(mentions, shared.weights), year_clusters, heads, set(task.joined), supported, shared.latest
    )
    del mentions, dated, undated, year_clusters
    published = _published_in(task.blocks) | task.joining_published
    reports = shared.reports.with_dates(published)
    writer = shared.store.writer(f"built-{task.year}")
    try:
        stored = writer.put_each(events)
    finally:
        writer.close()
    return BuiltYear(stored, _edge_days(salience.day_reports(events, reports), task.year))


def _edge_days(day_reports: dict[date, float], year: int) -> dict[date, float]:
    """The reports of the days near the year's ends: those the days of other years weigh theirs
    against (salience.PEAK_REACH)."""
    reach = timedelta(days=salience.PEAK_REACH)
    first, last = date(year, 1, 1) + reach, date(year, 12, 31) - reach
    return {day: value for day, value in day_reports.items() if not first <= day <= last}


@dataclass(frozen=True)
class ScoreShared:
    """What every year's scoring task reads beside its own (sent to each worker once)."""

    reports: salience.Reports  # without publication dates: a task's own are set (`with_dates`)
    store: Store
    about: str | None


@dataclass(frozen=True)
class ScoreTask:
    year: int
    built: BuiltYear
    around: dict[date, float]  # the reports of the days of other years near this one's ends
    # Where to read when the articles of its events came out (as `BuildTask` has them: the
    # main process holds no year's dates, an archive's would fill it).
    blocks: list[tuple[YearBlock, int]]
    joining_published: dict[str, date]


def score_year(shared: ScoreShared, task: ScoreTask) -> tuple[StoredList[Event], EventRows]:
    """A year's events with their salience and ids, in date order, put in the store (the
    task a worker runs); and what ranking reads of each."""
    events = task.built.events.load_all()
    published = _published_in(task.blocks) | task.joining_published
    reports = shared.reports.with_dates(published)
    scored = dedup.with_ids(salience.score(events, published, reports, around=task.around), published)
    scored.sort(key=dedup.date_order)  # (stable: ties keep their order)
    writer = shared.store.writer(f"events-{task.year}")
    try:
        stored = writer.put_each(scored)
    finally:
        writer.close()
    return stored, EventRows.of(scored, shared.about)


@collector.paused()  # see timeline/collector.py
def merge(
    routed: Routed,
    articles: Iterable[Article],
    *,
    counts: FeatureCounts,
    store: Store,
    run: TaskRunner = run_here,
    about: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> EventTable:
    """The events of every mention of the stream (with their salience and ids, in date order),
    from the mentions `route` put in `store`, merged, joined and built by tasks per year
    (`run`'s workers). What stays in this process is a few numbers per event (EventTable), the
    mentions whose dates span years and the events they change, and a score per mention; the
    join reads the years' events it meets from the store."""
    published = {a.id: a.published for a in articles}
    latest = max(published.values(), default=None)
    weights = counts.weights()
    by_year: dict[int, list[tuple[YearBlock, int]]] = defaultdict(list)
    for routes, offset in zip(routed.chunks, routed.offsets, strict=True):
        for year, block in routes.years.items():
            by_year[year].append((block, offset))
    # A year without a dated mention has no events for its undated ones to support.
    years = sorted(year for year, blocks in by_year.items() if any(b.dated is not None for b, _ in blocks))
    order = sorted(years, key=lambda year: (-sum(b.size for b, _ in by_year[year]), year))  # largest first
    held = _Held(routed)
    spanning = sorted(held)
    # Each year's task is given the lookups that reach it alone (an archive's spanning mentions
    # reach hundreds of years).
    lookups_of_year = _by_year(dedup.spanning_lookups(held, dedup.UnkeptVectors(held, weights), spanning))  # type: ignore[arg-type]
    before = frozenset((held[i].article_id, held[i].sentence_index - 1) for i in spanning)
    tasks = [YearTask(year, by_year[year], lookups_of_year.get(year, [])) for year in order]
    del lookups_of_year
    results = dict(zip(order, run(merge_year, tasks, MergeShared(weights, store, before)), strict=True))
    del tasks
    vectors = dedup.UnkeptVectors(held, weights)  # type: ignore[arg-type]  (each asked for once)

    # Which event each undated mention supports: the best of its years' (a tie keeps the earlier year's).
    best_score = array("d", [-math.inf]) * routed.mentions
    best_event = array("q", [-1]) * routed.mentions
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
    index = _CutIndex({year: (results[year].cut, first_of[year]) for year in years}, limits.cut_years_kept)

    # The mentions spanning years join the events they meet (numbered as over every event, so
    # the join decides as it does over all of them), loaded from the store as they are
    # met, or make events of their own; then those merge with the events they meet.
    stored_years = [(year, first_of[year], results[year].events) for year in years]
    stored = _StoredClusters(stored_years, {}, limits.read_kept)
    dedup.join_spanning_mentions(held, vectors, stored, spanning, placed, index)  # type: ignore[arg-type]
    # Only the events the join changed differ from what their year's task put in the store: the others are let go.
    joined, new = stored.changed(), stored.new
    del index, placed, stored
    if new:
        stored = _StoredClusters(stored_years, joined, limits.read_kept)
        cut_index = _cut_index_for(dedup.event_lookups(new), stored_years, joined, store, limits.cut_years_kept)
        dedup.merge_spanning_events(new, stored, cut_index)  # type: ignore[arg-type]
        cut_index.remove_stored(store)
        del cut_index
        joined, new = stored.changed(), stored.new
        del stored
    del vectors
    candidates: list[int] = []  # those that support an event spanning years
    if new:  # events spanning years may be supported too: SUPPORT_BATCH undated mentions at a time

        def attach(found: list[int]) -> None:
            attached = dedup.attach_supporting(held, dedup.UnkeptVectors(held, weights), new, published, found)  # type: ignore[arg-type]
            for i, (score, n) in attached.items():
                if score > best_score[i]:
                    best_score[i], best_event[i] = score, existing + n
            for i in found:
                if best_event[i] >= existing:
                    candidates.append(i)
                else:
                    del held[i]

        batch: list[int] = []
        for found in _may_support(routed, [held[i] for c in new for i in c.members], new, published):
            held.update(found)
            batch += found
            if len(batch) >= limits.support_batch:
                attach(batch)
                batch = []
        attach(batch)
        candidates.sort()

    reports = _reports(routed, best_event, published, run, limits.report_chunks)
    table = EventTable(store.events())

    def keep(events: list[Event]) -> None:
        table.add(dedup.with_ids(salience.score(events, published, reports), published), about)

    # Each year's events are built by a task that reads the year's mentions and events again,
    # given what the join changed of them and the undated mentions that support them best.
    firsts = [first_of[year] for year in years]
    joined_of: dict[int, dict[int, dedup.Cluster]] = defaultdict(dict)
    for number, cluster in joined.items():  # (the years' events: those the join made are in `new`)
        year = years[bisect_right(firsts, number) - 1]
        joined_of[year][number - first_of[year]] = cluster
    builds: dict[int, BuildTask] = {}
    for year in years:
        first, result = first_of[year], results.pop(year)
        end = first + result.count
        supports = [(i, best_score[i], best_event[i] - first) for i in result.support_numbers if first <= best_event[i] < end]
        changed = joined_of.pop(year, {})
        joining = {i: routed.spanning[i] for cluster in changed.values() for i in cluster.members if i in routed.spanning}
        builds[year] = BuildTask(
            year,
            by_year[year],
            result.events,
            result.heads,
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
    unscored = reports.with_dates({})  # (each task sets the dates of its own articles)
    dates_of = {year: (builds[year].blocks, builds[year].joining_published) for year in order}  # for the scoring
    built = dict(
        zip(order, run(build_year, [builds[year] for year in order], BuildShared(weights, store, latest, unscored)), strict=True)
    )
    del builds
    for year in order:  # (read by the building tasks, and no more)
        store.remove(f"year-{year}")
    # A day's salience weighs its reports against those of the weeks around it, which may be
    # days of another year: each year is scored given the reports of the other years' days near its ends.
    edges: dict[date, float] = {}
    for year_built in built.values():
        edges.update(year_built.edge_reports)
    scores = [ScoreTask(year, built.pop(year), _around_year(edges, year), *dates_of.pop(year)) for year in order]
    scored = dict(zip(order, run(score_year, scores, ScoreShared(unscored, store, about)), strict=True))
    for year in order:
        store.remove(f"built-{year}")
    del scores
    for year in years:  # in year order, as the events were numbered
        stored_events, rows = scored.pop(year)
        table.add_stored(stored_events, rows)
        store.remove(f"events-{year}")
    for start in range(0, len(new), limits.spanning_built):
        first, end = existing + start, existing + start + limits.spanning_built
        supported = {i: (score, n - first) for i, (score, n) in candidate_best.items() if first <= n < end}
        some = new[start : start + limits.spanning_built]
        keep(dedup.build_events(held, dedup.LazyVectors(held, weights), some, [], set(), supported, latest))  # type: ignore[arg-type]
    table.put_in_date_order()
    return table


def _around_year(reports: dict[date, float], year: int) -> dict[date, float]:
    """The reports of the days of other years within salience.PEAK_REACH of `year`."""
    reach = timedelta(days=salience.PEAK_REACH)
    first = date(year, 1, 1) - reach if year > date.min.year else date.min  # (the calendar's first and last years
    last = date(year, 12, 31) + reach if year < date.max.year else date.max  # have no year around them)
    return {day: value for day, value in reports.items() if day.year != year and first <= day <= last}


class _Held(dict[int, Mention]):
    """The mentions the main process holds, by number: those spanning years, and what joining
    them needs of the years' events (the years' tasks send those back). One the join asks for
    beside these (the last members of an event a spanning mention joined by its words, where
    the next sentence of its article may go on about it) is read from its chunk's blocks."""

    def __init__(self, routed: Routed) -> None:
        super().__init__(routed.spanning)
        self.routed = routed

    def __missing__(self, number: int) -> Mention:
        at = bisect_right(self.routed.offsets, number) - 1
        routes, offset = self.routed.chunks[at], self.routed.offsets[at]
        for block in routes.years.values():
            if block.dated is not None:
                numbers, mentions = block.dated.load()
                self.update((offset + i, m) for i, m in zip(numbers, mentions, strict=True))
        if not dict.__contains__(self, number):
            raise KeyError(number)  # a number of no dated mention
        return dict.__getitem__(self, number)


def _numbered_from(table: dict[str, list[int]], first: int) -> dict[str, array]:
    return {sys.intern(feature): array("q", [first + n for n in posting]) for feature, posting in table.items()}


class _YearCuts(dict[dedup.Bucket, dict[str, array]]):
    """`DateIndex.nested` over the years' cut indexes: a year's buckets are loaded from the store
    (`merge_year` put them there) when the join first looks in one of them, and let go (all but
    those the join has filed into since) once more than `kept` years are held; loaded again if
    looked in again. The join looks its mentions up by kind of date, then by date, so it looks
    in a year's buckets in runs."""

    def __init__(self, cuts: dict[int, tuple[Stored[dict[dedup.Bucket, dict[str, list[int]]]], int]], kept: int) -> None:
        super().__init__()
        self._cuts = cuts  # year -> its cut, the number of its first event
        self._kept = kept
        self._held: dict[int, list[dedup.Bucket]] = {}  # the years read, the earliest read first
        self.filed_into: set[dedup.Bucket] = set()

    def _read(self, bucket: dedup.Bucket) -> None:
        year = bucket[0]
        if len(bucket) == 3 or year in self._held or year not in self._cuts:
            return  # a decade's bucket holds only events of the join's own; a year read or with no cut
        if len(self._held) >= self._kept:
            earliest = next(iter(self._held))
            for held in self._held.pop(earliest):
                if held not in self.filed_into:
                    del self[held]
        stored, first = self._cuts[year]
        cut = stored.load()
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


class _CutIndex(dedup.DateIndex):
    """The join's index over the years' cut indexes (`_YearCuts`), noting the buckets it files into."""

    def __init__(self, cuts: dict[int, tuple[Stored[dict[dedup.Bucket, dict[str, list[int]]]], int]], kept: int) -> None:
        super().__init__()
        self.nested = self._cuts = _YearCuts(cuts, kept)
        self._years = sorted(cuts)

    def remove_stored(self, store: Store) -> None:
        """Let go of the cuts `_cut_index_for` put in the store (the years' own stay)."""
        for year in self._years:
            store.remove(f"spanning-cut-{year}")

    def file(self, number: int, interval: dedup.Interval, features: Iterable[str]) -> None:
        self._cuts.filed_into.add(dedup.bucket_of(interval))
        super().file(number, interval, features)

    def file_nested(self, number: int, interval: dedup.Interval, features: Iterable[str]) -> None:
        self._cuts.filed_into.add(dedup.bucket_of(interval))
        super().file_nested(number, interval, features)


def _cut_index_for(
    lookups: list[dedup.Lookup], years: list[YearEvents], changed: dict[int, dedup.Cluster], store: Store, kept: int
) -> _CutIndex:
    """The years' events filed for `lookups` (the events the spanning mentions made), as the
    join's first step left them (`changed`, or as their year's task put them), cut to those the
    lookups can meet: worked out a year at a time and put in the store, loaded back as the
    join's cuts are (`_CutIndex`; an archive's together outgrow the rest of the join)."""
    lookups_of = _by_year(lookups)
    cuts: dict[int, tuple[Stored[dict[dedup.Bucket, dict[str, list[int]]]], int]] = {}
    for year, first, events in years:
        if year in lookups_of:
            year_clusters = [changed.get(first + n, cluster) for n, cluster in enumerate(events.load_all())]
            writer = store.writer(f"spanning-cut-{year}")
            try:
                cuts[year] = (writer.put(dedup.reachable_index(year_clusters, lookups_of[year])), first)
            finally:
                writer.close()
            del year_clusters
    return _CutIndex(cuts, kept)


def _by_year(lookups: list[dedup.Lookup]) -> dict[int, list[dedup.Lookup]]:
    """`lookups` under each year their interval reaches (dedup.years_of), in their order: a year's
    events are filed for those alone."""
    found: dict[int, list[dedup.Lookup]] = defaultdict(list)
    for lookup in lookups:
        for year in dedup.years_of(lookup[0]):
            found[year].append(lookup)
    return dict(found)


YearEvents = tuple[int, int, StoredList[dedup.Cluster]]  # a year, the number of its first event, its events


class _StoredClusters:
    """The years' events as the join reads them (a list by number: every year's events in year
    order, then those the join makes, `new`): each loaded from the store when the join meets
    it. Those it changes are kept (`changed`); of the others, at most `kept`."""

    def __init__(self, years: list[YearEvents], changed: dict[int, dedup.Cluster], kept: int) -> None:
        self._years = years
        self._firsts = [first for _, first, _ in years]
        self._count = years[-1][1] + len(years[-1][2]) if years else 0
        self._kept = kept
        self._changed = dict(changed)
        self._read: dict[int, tuple[dedup.Cluster, int]] = {}  # with its number of members when read
        self.new: list[dedup.Cluster] = []

    def __len__(self) -> int:
        return self._count + len(self.new)

    def __getitem__(self, number: int) -> dedup.Cluster:
        if number >= self._count:
            return self.new[number - self._count]
        found = self._changed.get(number)
        if found is not None:
            return found
        read = self._read.get(number)
        if read is not None:
            return read[0]
        if len(self._read) >= self._kept:
            self._let_go()
        _, first, events = self._years[bisect_right(self._firsts, number) - 1]
        cluster = events.load_at(number - first)
        self._read[number] = (cluster, len(cluster.members))
        return cluster

    def append(self, cluster: dedup.Cluster) -> None:
        self.new.append(cluster)

    def _let_go(self) -> None:
        """Keep the events read that the join has changed since (an event changes only by
        gaining members, and only right after it is asked for); let the others go."""
        for number, (cluster, members) in self._read.items():
            if len(cluster.members) != members:
                self._changed[number] = cluster
        self._read.clear()

    def changed(self) -> dict[int, dedup.Cluster]:
        """The years' events the join changed, by number."""
        self._let_go()
        return dict(sorted(self._changed.items()))


# A run of chunks, each with its spanning mentions and the event each of its mentions supports
# best (-1: none), from `best_event`.
ChunkRun = list[tuple[ChunkRoutes, array]]


def _reports(
    routed: Routed, best_event: array, published: dict[str, date], run: TaskRunner, chunks_per_task: int
) -> salience.Reports:
    """salience.Reports of every event's mentions: its two passes over them, each a run of
    chunks at a time, by tasks that load those from the store."""
    runs: list[ChunkRun] = []
    for at in range(0, len(routed.chunks), chunks_per_task):
        some = zip(routed.chunks[at : at + chunks_per_task], routed.offsets[at : at + chunks_per_task], strict=True)
        runs.append([(routes, best_event[offset : offset + routes.mentions]) for routes, offset in some])
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


def _event_mentions(routes: ChunkRoutes, best_event: array) -> list[Mention]:
    """Every mention of an event in a chunk (an article's mentions are all in one chunk): its
    dated ones, and the undated ones that support an event (`best_event`: by number in the chunk)."""
    group = list(routes.spanning)
    for block in routes.years.values():
        if block.dated is not None:
            group += block.dated.load()[1]
    if routes.undated is not None:
        numbers, mentions = routes.undated.load()
        group += [m for i, m in zip(numbers, mentions, strict=True) if best_event[i] >= 0]
    return group


def _may_support(
    routed: Routed, members: list[Mention], spanning: list[dedup.Cluster], published: dict[str, date]
) -> Iterator[dict[int, Mention]]:
    """The undated mentions that could support an event spanning years, loaded back from the
    store a chunk at a time: those `dedup.may_support` picks (of an article such an event comes
    from, or published within weeks of a precise one). Only the chunks with such an article are
    loaded. (Which event each supports best does not depend on the others.)"""
    articles = {m.article_id for m in members}
    months = {(c.start.year, c.start.month) for c in spanning if (c.end - c.start).days <= 31}

    def may(article: str) -> bool:
        when = published.get(article)
        recent = when is not None and bool(months & {(when.year, when.month), ((e := when - dedup.SUPPORT_WINDOW).year, e.month)})
        return recent or article in articles

    for routes, offset in zip(routed.chunks, routed.offsets, strict=True):
        if routes.undated is None or not any(may(article) for article in routes.undated_articles):
            continue
        numbers, mentions = routes.undated.load()
        yield {offset + i: m for i, m in zip(numbers, mentions, strict=True) if may(m.article_id)}

"""How mentions of one real event are merged into one Event, keeping every source.

A dated mention joins an event when their dates are compatible (equal, or one inside the
other: a day in its month) and its words and actors are alike the event's (TF-IDF cosine
against the event's centroid). Mentions are read most precise date first, so a day-level
event exists before the month-level mentions that may join it, and each one is compared only
with the events filed under a compatible date and one of its rarest features: the work grows
with the number of mentions, not with its square. A sentence that goes on about the event of
the sentence before it (same article, only actors named there) joins that event. A second pass
merges whole events whose centroids are close, blocked the same way. Undated sentences then join
the event they resemble most among those of their own article or of the weeks before it was
published, as supporting mentions; they never make an event.

All of it runs one calendar year at a time (two dates in different years never nest), each
year a task for the engine's workers (`merge_partition`); mentions whose date spans years then
join the years' events (`join_spanning_mentions`, `merge_spanning_events`). timeline/dedup/years.py
runs those steps. Only the undated sentences that may support an event are kept
(`worth_merging`), and that cut can run as the articles stream in.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from operator import mul

from timeline import collector, headlines, salience
from timeline.mentions import WORDS, stem
from timeline.records import Event, Mention, TimeExpression

# Similarity a mention needs to join an event: equal dates need less evidence than nested ones.
SAME_DATE_THRESHOLD = 0.2
NESTED_DATE_THRESHOLD = 0.3
SUPPORT_THRESHOLD = 0.3
# Supporting sentences: the bonus for naming the event's main verb, and for a headline or lead
# about an event of the days just before its article (its news); the members read for the verb.
PREDICATE_BONUS = 0.2
FRESH_BONUS = 0.1
FRESH = timedelta(days=2)
PREDICATE_MEMBERS = 12
# The second pass: how close two events' centroids must be to merge.
EVENT_SAME_DATE_THRESHOLD = 0.3
EVENT_NESTED_DATE_THRESHOLD = 0.4
# Blocking: a mention looks events up through this many of its rarest features, and a feature
# shared by more events than this under one date only proposes its most recent ones.
LOOKUP_FEATURES = 6
POSTING_LIMIT = 16
# Of the events a lookup proposes, only those sharing the most features are compared.
CANDIDATES = 8
SUPPORT_CANDIDATES = 6
# Undated sentences look events up by their rarest actors only, and by the most recent events.
SUPPORT_ACTORS = 4
SUPPORT_POSTING_LIMIT = 10
# Undated sentences look for their event among those dated this far before their article.
SUPPORT_WINDOW = timedelta(days=45)
# Feature weights over the TF-IDF: an actor's bonus, and the share a place keeps.
ACTOR_BONUS = 0.5
PLACE_WEIGHT = 0.4
UNSHARED_WEIGHT = 0.3
# A sentence continuing the one before is checked against that many of its event's latest members.
CONTINUATION_MEMBERS = 4
# Two mentions of one event have more than one word or name in common.
MIN_SHARED_FEATURES = 2
# Finest first: the order in which mentions are clustered.
_GRANULARITY_ORDER = {"time": 0, "day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4, "year": 5}

Vector = dict[str, float]
Interval = tuple[date, date]


@dataclass
class Cluster:
    members: list[int]
    start: date  # the most precise interval all members agree on
    end: date
    ranged: bool = False
    centroid: Vector = field(default_factory=dict)  # sum of the members' unit vectors
    norm_squared: float = 0.0

    @property
    def interval(self) -> Interval:
        return self.start, self.end

    def add(self, member: int, vector: Vector) -> None:
        self.members.append(member)
        self.norm_squared += 2 * self.dot(vector) + 1.0
        for feature, weight in vector.items():
            self.centroid[feature] = self.centroid.get(feature, 0.0) + weight

    def dot(self, vector: Vector) -> float:
        return sum(map(mul, vector.values(), map(self.centroid.get, vector, repeat(0.0))))

    def shares(self, vector: Vector, count: int) -> bool:
        """True when at least `count` features of `vector` are in the centroid."""
        found = 0
        for feature in vector:
            if feature in self.centroid:
                found += 1
                if found >= count:
                    return True
        return False

    def similarity(self, vector: Vector) -> float:
        """Cosine between a unit vector and the centroid."""
        return self.dot(vector) / math.sqrt(self.norm_squared) if self.norm_squared > 0 else 0.0


def build_events(
    mentions: Sequence[Mention],
    vectors: LazyVectors,
    clusters: list[Cluster],
    heads: list[int],
    touched: set[int],
    best: dict[int, tuple[float, int]],
    latest: date | None,
) -> list[Event]:
    """The event of each cluster, with its headline and the undated mentions that support it
    (`best`: each one's (score, cluster)); a cluster the spanning join `touched`, or made, has
    its head chosen again. Each cluster's centroid is let go once its event is built (a fifth
    of what the clusters hold, and read no more)."""
    supporting: dict[int, list[int]] = defaultdict(list)
    for i in sorted(best):
        supporting[best[i][1]].append(i)
    events = []
    for n, cluster in enumerate(clusters):
        head = _best_member(mentions, vectors, cluster) if n in touched or n >= len(heads) else heads[n]
        support = supporting.get(n, [])
        events.append(_event(mentions, cluster, _headline(mentions, vectors, cluster, head, support), support, latest))
        cluster.centroid = {}
    return events


def date_order(event: Event) -> tuple[date, date, int, str]:
    """The order of a timeline's events: by date, then the better sourced first, then by
    headline. (table.EventTable orders its events by it too.)"""
    return (event.start, event.end, -len(event.sources), event.headline)


# --- what is kept, and the words' weights --------------------------------------------------


@dataclass
class FeatureCounts:
    """How many mentions were read, and how many of them have each feature: the TF-IDF weights'
    counts. Counts of chunks add up, so a stream is counted chunk by chunk before it is cut down."""

    mentions: int = 0
    features: Counter[str] = field(default_factory=Counter)

    def add(self, other: FeatureCounts) -> None:
        self.mentions += other.mentions
        self.features.update(other.features)

    def weights(self) -> dict[str, float]:
        total = self.mentions + 1
        # Actors weigh more than words: sharing a name says more than sharing a word. A word no
        # other mention has cannot show two mentions alike; at full weight it would only dilute
        # what they share (in a small corpus every word is rare).
        return {
            f: (math.log(total / n) + (ACTOR_BONUS if f[0] == "@" else 0.0)) * (UNSHARED_WEIGHT if n == 1 else 1.0)
            for f, n in self.features.items()
        }


def feature_counts(mentions: Iterable[Mention]) -> FeatureCounts:
    mentions = list(mentions)
    # One count over every feature of every mention (Counter.update is slow to start, per call).
    return FeatureCounts(len(mentions), Counter(itertools.chain.from_iterable(map(_features, mentions))))


def worth_merging(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions deduplication can use: every dated one, and the undated sentences that may
    support an event, those naming an actor that a dated sentence of their article names too,
    and the title and lead (they report the article's news, dated or not). The rest (about
    two in three sentences) could only dilute the search, and would fill memory as a stream of
    articles is read; this runs per article, so it can run as the articles stream in."""
    dated_names: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.time is not None:
            dated_names[mention.article_id].update(names_of(mention))
    kept = []
    for mention in mentions:
        if mention.time is not None:
            if mention.time.is_anchored:
                kept.append(mention)
        elif mention.actors and (
            mention.sentence_index <= 1 or not names_of(mention).isdisjoint(dated_names.get(mention.article_id, ()))
        ):
            kept.append(mention)
    return kept


def names_of(mention: Mention) -> frozenset[str]:
    return _words_of_names(mention.actors)


# Bounded: the main process asks for a whole archive's actors while merging, and an unbounded
# cache would grow with the archive; a miss costs only a split.
@functools.lru_cache(maxsize=1 << 13)
def _words_of_names(actors: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.lower() for actor in actors for word in actor.split())


_as_actor_feature = "@".__add__


# --- similarity --------------------------------------------------------------------------


def _features(mention: Mention) -> set[str]:
    # Actors count word by word, so "Donald Trump" and "the Trump administration" meet; a name
    # counts once, as an actor, not again as a word.
    features = set(mention.terms)
    if mention.actors:
        names = names_of(mention)
        features.difference_update(map(_stem, names))
        features.update(map(_as_actor_feature, names))
    return features


_stem = functools.lru_cache(maxsize=1 << 16)(stem)


def _place_features(mention: Mention) -> set[str]:
    return {"@" + word.lower() for place in mention.places for word in place.split()}


def _vector(mention: Mention, weights: dict[str, float]) -> Vector:
    # Sorted: a set's order changes with Python's hash seed, and float sums and ties with it.
    features = sorted(_features(mention))
    if mention.places:
        # Where it happened ("in Moscow") weighs less than who acted: a city hosts many events a day.
        places = _place_features(mention)
        values = [weights[f] * PLACE_WEIGHT if f in places else weights[f] for f in features]
    else:
        values = list(map(weights.__getitem__, features))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return dict(zip(features, [w / norm for w in values], strict=True))


class LazyVectors:
    """The vectors of the mentions the main process reads (undated and spanning ones, a few
    events' members), worked out when first asked for."""

    def __init__(self, mentions: Sequence[Mention], weights: dict[str, float]) -> None:
        self.mentions, self.weights = mentions, weights
        self.known: dict[int, Vector] = {}

    def __getitem__(self, i: int) -> Vector:
        vector = self.known.get(i)
        if vector is None:
            vector = self.known[i] = _vector(self.mentions[i], self.weights)
        return vector

    def rarest_actors(self, i: int) -> list[str]:
        return _rarest_actors(self.mentions[i], self.weights)


class UnkeptVectors(LazyVectors):
    """LazyVectors that keep none: for mentions whose vector is asked for once (the spanning
    mentions' lookups and join, undated ones finding an event to support). Kept, an archive's
    are tens of MB, and once let go their pages stay scattered among what the join keeps."""

    def __getitem__(self, i: int) -> Vector:
        return _vector(self.mentions[i], self.weights)


# What an undated sentence's vector and rarest actors are worked out from (both are functions of
# these and the weights alone).
SentenceKey = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class _KeptUndated:
    """The vectors (compactly: features and weights, an eighth of a dict's memory) and rarest
    actors of the undated sentences this process has read, for the partitions it runs next: an
    undated sentence is routed to every year its article dates one of its actors in and to
    those of the weeks before its publication, so many are routed to several years, and a
    process working out each once saves much of that work. A year's task may come with its own
    copies of the mentions (loaded from a store), so a sentence is known by what its vector is
    made of: its terms, actors and places.
    Kept for one set of weights: another merging starts afresh. At most `limit` sentences are
    kept (then it starts afresh too), so that a process's memory stays bounded on any archive
    (about a kilobyte a sentence)."""

    limit = 1 << 16

    def __init__(self) -> None:
        self.weights: dict[str, float] | None = None
        self.vectors: dict[SentenceKey, tuple[tuple[str, ...], array]] = {}
        self.actors: dict[SentenceKey, list[str]] = {}

    def under(self, weights: dict[str, float]) -> _KeptUndated:
        if weights is not self.weights or max(len(self.actors), len(self.vectors)) > self.limit:
            self.weights, self.vectors, self.actors = weights, {}, {}  # held: a new dict is never taken for it
        return self


_KEPT_UNDATED = _KeptUndated()


class _PartitionVectors(LazyVectors):
    """The vectors of a partition's mentions (its dated ones, then its undated ones); those of
    the undated ones are kept for the partitions this process runs after (_KeptUndated)."""

    def __init__(self, mentions: Sequence[Mention], weights: dict[str, float], first_undated: int) -> None:
        super().__init__(mentions, weights)
        self.first_undated = first_undated
        self.kept = _KEPT_UNDATED.under(weights)

    def __getitem__(self, i: int) -> Vector:
        vector = self.known.get(i)
        if vector is None:
            mention = self.mentions[i]
            if i < self.first_undated:
                vector = _vector(mention, self.weights)
            else:
                key = (mention.terms, mention.actors, mention.places)
                stored = self.kept.vectors.get(key)
                if stored is None:
                    vector = _vector(mention, self.weights)
                    self.kept.vectors[key] = (tuple(vector), array("d", vector.values()))
                else:
                    vector = dict(zip(*stored, strict=True))
            self.known[i] = vector
        return vector

    def rarest_actors(self, i: int) -> list[str]:
        mention = self.mentions[i]
        key = (mention.terms, mention.actors, mention.places)
        actors = self.kept.actors.get(key)
        if actors is None:
            actors = self.kept.actors[key] = _rarest_actors(mention, self.weights)
        return actors


def _lookup_features(vector: Vector) -> list[str]:
    """The features worth looking events up by: every actor, and the heaviest (rarest) words."""
    if len(vector) <= LOOKUP_FEATURES:
        return list(vector)
    words = sorted((f for f in vector if f[0] != "@"), key=vector.__getitem__, reverse=True)[:LOOKUP_FEATURES]
    return [f for f in vector if f[0] == "@"] + words


# --- clustering of dated mentions --------------------------------------------------------


def _nests(a: Interval, b: Interval) -> bool:
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def years_of(interval: Interval) -> range:
    start, end = interval
    last = (end - timedelta(days=1)).year
    return range(start.year, min(last, start.year + 10) + 1)


Bucket = tuple[int, ...]


def bucket_of(interval: Interval) -> Bucket:
    """Where an event is filed: its month if it lies within one, else its year, else its decade."""
    start, end = interval
    last = end - timedelta(days=1)
    if (start.year, start.month) == (last.year, last.month):
        return (start.year, start.month)
    if start.year == last.year:
        return (start.year,)
    return (start.year // 10, 0, 0)


@functools.lru_cache(maxsize=4096)
def _buckets_to_search(interval: Interval) -> tuple[Bucket, ...]:
    """The buckets that may hold an interval nesting with this one: those that may contain it
    (its own, its year's, its decade's) and those it may contain (its months and years)."""
    start, end = interval
    last = end - timedelta(days=1)
    found = [bucket_of(interval), (start.year,), (start.year // 10, 0, 0)]
    if (start.year, start.month) != (last.year, last.month):
        year, month = start.year, start.month
        for _ in range(121):  # a decade of months at most
            found.append((year, month))
            if (year, month) == (last.year, last.month):
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        found += [(year,) for year in years_of(interval)]
    return tuple(dict.fromkeys(found))


class DateIndex:
    """Events filed by feature under their exact interval (the likeliest match: the same date)
    and under a month, year or decade bucket (for dates nested in one another). A lookup walks
    a handful of buckets, however many distinct dates the corpus has. (Postings are filed per
    interval or bucket, then per feature: most buckets a lookup walks hold nothing, and are
    passed over with one look.)"""

    def __init__(self) -> None:
        self.exact: dict[Interval, dict[str, list[int]]] = {}
        self.nested: dict[Bucket, dict[str, list[int]]] = {}

    def file(self, number: int, interval: Interval, features: Iterable[str]) -> None:
        exact = self.exact.get(interval)
        if exact is None:
            exact = self.exact[interval] = {}
        bucket = bucket_of(interval)
        nested = self.nested.get(bucket)
        if nested is None:
            nested = self.nested[bucket] = {}
        for feature in features:
            posting = exact.get(feature)
            if posting is None:
                exact[feature] = [number]
            elif posting[-1] != number:
                posting.append(number)
            posting = nested.get(feature)
            if posting is None:
                nested[feature] = [number]
            elif posting[-1] != number:
                posting.append(number)

    def file_nested(self, number: int, interval: Interval, features: Iterable[str]) -> None:
        nested = self.nested.setdefault(bucket_of(interval), {})
        for feature in features:
            posting = nested.get(feature)
            if posting is None:
                nested[feature] = [number]
            else:
                posting.append(number)

    def candidates(self, interval: Interval, ranged: bool, features: list[str]) -> list[int]:
        """The events sharing most of `features` under a compatible interval (at most
        CANDIDATES of them, the most recent first among equals)."""
        hits: dict[int, int] = {}
        count = hits.get
        exact = self.exact.get(interval)
        if exact:
            for feature in features:
                posting = exact.get(feature)
                if posting:
                    for number in posting[-POSTING_LIMIT:]:
                        hits[number] = count(number, 0) + 2  # the same date counts double
        if not ranged:  # a range such as 2019-2020 is a span of time, not a vaguer date
            nested = self.nested
            for bucket in _buckets_to_search(interval):
                table = nested.get(bucket)
                if table:
                    for feature in features:
                        posting = table.get(feature)
                        if posting:
                            for number in posting[-POSTING_LIMIT:]:
                                hits[number] = count(number, 0) + 1
        return _best_hits(hits)


def _best_hits(hits: dict[int, int], limit: int = CANDIDATES) -> list[int]:
    """The `limit` numbers with most hits, the highest numbers first among equals."""
    if len(hits) <= limit:
        return list(hits)
    # Only those with at least the limit-th highest count can be among them: sort just those.
    least = sorted(hits.values(), reverse=True)[limit - 1]
    best = [(count, n) for n, count in hits.items() if count >= least]
    best.sort(reverse=True)
    return [n for _, n in best[:limit]]


def _clustering_order(mentions: Sequence[Mention], dated: list[int]) -> list[int]:
    def key(i: int) -> tuple[int, date, date, str, int]:
        time = mentions[i].time
        assert time is not None and time.interval_start and time.interval_end
        rank = 9 if time.end_value else _GRANULARITY_ORDER.get(time.granularity or "", 6)
        return rank, time.interval_start, time.interval_end, mentions[i].article_id, i

    return sorted(dated, key=key)


def _cluster(
    mentions: Sequence[Mention],
    vectors: Sequence[Vector] | LazyVectors,
    order: Iterable[int],
    clusters: list[Cluster] | None = None,
    index: DateIndex | None = None,
    placed: dict[tuple[str, int], int] | None = None,
) -> list[Cluster]:
    """Dated mentions, in `order`, each joined to the event it resembles or made a new one;
    `clusters`, `index` and `placed` carry on from an earlier run (a join of partitions)."""
    clusters = [] if clusters is None else clusters
    index = DateIndex() if index is None else index
    placed = {} if placed is None else placed  # (article, sentence) -> the event its dated mention joined
    for i in order:
        time = mentions[i].time
        assert time is not None and time.interval_start and time.interval_end
        interval, ranged = (time.interval_start, time.interval_end), bool(time.end_value)
        vector = vectors[i]
        features = _lookup_features(vector)
        best, best_score = None, 0.0
        for number in index.candidates(interval, ranged, features):
            cluster = clusters[number]
            if cluster.ranged != ranged or not _nests(interval, cluster.interval):
                continue  # filed under an interval it has since narrowed from
            if not cluster.shares(vector, MIN_SHARED_FEATURES):
                continue  # one name in common ("Huawei") is not one event
            score = cluster.similarity(vector)
            needed = SAME_DATE_THRESHOLD if cluster.interval == interval else NESTED_DATE_THRESHOLD
            if score >= needed and (score > best_score or (score == best_score and best is not None and number < best)):
                best, best_score = number, score
        if best is None:
            best = continued_story(mentions, clusters, placed, i, interval, ranged)
        if best is None:
            cluster = Cluster([], interval[0], interval[1], ranged)
            best = len(clusters)
            clusters.append(cluster)
        placed[(mentions[i].article_id, mentions[i].sentence_index)] = best
        cluster = clusters[best]
        cluster.add(i, vector)
        if interval[1] - interval[0] < cluster.end - cluster.start:
            cluster.start, cluster.end = interval
            index.file(best, interval, cluster.centroid)
        else:
            index.file(best, cluster.interval, features)
    return clusters


# --- partitions by calendar year, joined at their edges -----------------------------------


def partition_of(time: TimeExpression) -> int | None:
    """The calendar year a dated mention's interval lies in; None when it spans years (a decade,
    "2009-2010", the winter of 2009-10), so it may nest with events of several partitions."""
    assert time.interval_start and time.interval_end
    last = time.interval_end - timedelta(days=1)
    return time.interval_start.year if time.interval_start.year == last.year else None


@dataclass(frozen=True)
class MergeInput:
    """What every partition reads: the mentions kept, the words' weights, publication dates.
    Sent to each worker once (a forked local worker shares it without a copy)."""

    mentions: Sequence[Mention]
    weights: dict[str, float]
    published: dict[str, date]


@dataclass(frozen=True)
class PartitionTask:
    """One year's dated mentions, and the undated ones that may support its events (numbers
    of MergeInput.mentions)."""

    dated: list[int]
    undated: list[int]


@dataclass
class PartitionResult:
    """One year's events, members numbered within the partition: each event's best headline
    among its members (score, member, text), and for each undated mention of the task the
    event it supports best here (score, event), or None."""

    clusters: list[Cluster]
    heads: list[tuple[float, int, str]]
    support: list[tuple[float, int] | None]


@collector.paused()
def merge_partition(shared: MergeInput, task: PartitionTask) -> PartitionResult:
    """Cluster one year's dated mentions, merge its close events, and find which of them each
    undated mention supports: the task a worker runs. Two intervals within different calendar
    years never nest, so no event of another year could take any of these dated mentions."""
    mentions = [shared.mentions[i] for i in itertools.chain(task.dated, task.undated)]
    vectors = _PartitionVectors(mentions, shared.weights, len(task.dated))
    dated = range(len(task.dated))
    clusters = _merge_close_events(_cluster(mentions, vectors, _clustering_order(mentions, dated)))
    heads = [_best_member(mentions, vectors, cluster) for cluster in clusters]
    undated = range(len(task.dated), len(mentions))
    support = attach_supporting(mentions, vectors, clusters, shared.published, undated)
    return PartitionResult(clusters, heads, [support.get(i) for i in undated])


def join_spanning_mentions(
    mentions: Sequence[Mention] | dict[int, Mention],
    vectors: LazyVectors,
    clusters: list[Cluster],
    spanning: list[int],
    placed: dict[tuple[str, int], int],
    index: DateIndex | None = None,
) -> None:
    """The join's first step: each spanning mention joins an event of `clusters` (the partitions')
    or one it made before, or makes its own (appended to `clusters`). `index`: the partitions'
    events filed for the spanning mentions' lookups (by default, filed here from `clusters`)."""
    if index is None:
        index = _index_of_existing(clusters, spanning_lookups(mentions, vectors, spanning))
    _cluster(mentions, vectors, _clustering_order(mentions, spanning), clusters, index, placed)


def merge_spanning_events(new: list[Cluster], existing: list[Cluster], index: DateIndex | None = None) -> list[Cluster]:
    """The join's second step: the events the spanning mentions made merge with close events of
    the partitions' (`existing`, extended in place) or stay apart (appended after them).
    `index`: those events filed for the new events' lookups (by default, filed here)."""
    if index is None:
        index = _index_of_existing(existing, event_lookups(new))
    return _merge_close_events(new, existing, index)


Lookup = tuple[Interval, list[str]]


def spanning_lookups(mentions: Sequence[Mention] | dict[int, Mention], vectors: LazyVectors, spanning: list[int]) -> list[Lookup]:
    """Where the mentions spanning years look for the events they may join (the join's first step)."""
    return [(interval_of(mentions[i]), _lookup_features(vectors[i])) for i in spanning]


def event_lookups(clusters: Sequence[Cluster]) -> list[Lookup]:
    """Where the events those made look for the events they may merge with (the join's second step)."""
    return [(cluster.interval, _lookup_features(_unit(cluster.centroid))) for cluster in clusters]


def _index_of_existing(clusters: Sequence[Cluster], lookups: list[Lookup]) -> DateIndex:
    """The partitions' events that nest in an interval of `lookups` (the only ones a spanning
    mention or event may join), filed under the features it looks them up by. Their own dates lie
    within a year, so a spanning interval never equals one: they are filed only for nested lookups."""
    by_year: dict[int, dict[Interval, set[str]]] = defaultdict(dict)
    for interval, features in lookups:
        for year in years_of(interval):
            by_year[year].setdefault(interval, set()).update(features)
    wanted_at: dict[Interval, set[str]] = {}
    # Most events of a year nest in the same few spanning intervals: their features' union is made once.
    union_of: dict[tuple[int, tuple[Interval, ...]], set[str]] = {}
    index = DateIndex()
    for n, cluster in enumerate(clusters):
        wanted = wanted_at.get(cluster.interval)
        if wanted is None:
            year = cluster.start.year
            looked_up = by_year.get(year, {})
            nesting = tuple(interval for interval in looked_up if _nests(cluster.interval, interval))
            wanted = union_of.get((year, nesting))
            if wanted is None:
                wanted = union_of[(year, nesting)] = set().union(*map(looked_up.__getitem__, nesting))
            wanted_at[cluster.interval] = wanted
        if wanted:
            index.file_nested(n, cluster.interval, sorted(cluster.centroid.keys() & wanted))
    return index


def reachable_index(clusters: Sequence[Cluster], lookups: list[Lookup]) -> dict[Bucket, dict[str, list[int]]]:
    """`_index_of_existing` over a partition's events, each posting cut to the events a join
    looking up `lookups` can ever meet: a lookup reads only the last POSTING_LIMIT events of a
    posting, and what the join files later goes after them. So a join given the cut postings
    (and the events they name) decides as it does given all. A posting holds the events of
    one bucket, so of one year: the postings of the years' events, cut year by year, are the
    cut postings of all of them."""
    return {
        bucket: {feature: posting[-POSTING_LIMIT:] for feature, posting in table.items()}
        for bucket, table in _index_of_existing(clusters, lookups).nested.items()
    }


def interval_of(mention: Mention) -> Interval:
    time = mention.time
    assert time is not None and time.interval_start and time.interval_end
    return time.interval_start, time.interval_end


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {f: w / norm for f, w in vector.items()}


def _merge_close_events(
    clusters: list[Cluster], merged: list[Cluster] | None = None, index: DateIndex | None = None
) -> list[Cluster]:
    """A second pass over whole events: two events with compatible dates whose centroids are
    close become one. A mention is read once, against the events that exist at that moment, so
    mentions of one event that each resemble the event's later members more than its first one
    start events of their own; their centroids (the words and actors the members share) meet.
    Blocked like the first pass: each event looks up the few events filed under a compatible
    date by its actors and rarest words."""

    def order(n: int) -> tuple[bool, int, date, int]:
        cluster = clusters[n]
        return cluster.ranged, (cluster.end - cluster.start).days, cluster.start, n

    merged = [] if merged is None else merged
    index = DateIndex() if index is None else index
    for n in sorted(range(len(clusters)), key=order):
        cluster = clusters[n]
        vector = _unit(cluster.centroid)
        best, best_score = None, 0.0
        for number in index.candidates(cluster.interval, cluster.ranged, _lookup_features(vector)):
            other = merged[number]
            if other.ranged != cluster.ranged or not _nests(cluster.interval, other.interval):
                continue
            if not other.shares(vector, MIN_SHARED_FEATURES):
                continue
            score = other.similarity(vector)
            needed = EVENT_SAME_DATE_THRESHOLD if other.interval == cluster.interval else EVENT_NESTED_DATE_THRESHOLD
            if score >= needed and score > best_score:
                best, best_score = number, score
        if best is None:
            merged.append(cluster)
            index.file(len(merged) - 1, cluster.interval, vector)
            continue
        other = merged[best]
        other.members.extend(cluster.members)
        for feature, weight in cluster.centroid.items():
            other.centroid[feature] = other.centroid.get(feature, 0.0) + weight
        other.norm_squared = sum(w * w for w in other.centroid.values())
        if cluster.end - cluster.start < other.end - other.start:
            other.start, other.end = cluster.interval
        index.file(best, other.interval, vector)
    return merged


_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\b")
_NOT_VERBS = frozenset(WORDS["not_past_verbs"])


def _main_predicate(mentions: Sequence[Mention], cluster: Cluster) -> str | None:
    """What the event's reports most say happened: the commonest past-tense verb of its
    clauses ("signed", "banned", "suspended"), as a stem; None when they have none."""
    counts: Counter[str] = Counter()
    for i in cluster.members[:PREDICATE_MEMBERS]:
        verbs = {stem(w) for w in _PAST_VERB.findall(mentions[i].clause) if w not in _NOT_VERBS}
        counts.update(sorted(verbs & set(mentions[i].terms)))  # sorted: ties go the same way every run
    return counts.most_common(1)[0][0] if counts else None


def continued_story(
    mentions: Sequence[Mention],
    clusters: list[Cluster],
    placed: dict[tuple[str, int], int],
    i: int,
    interval: Interval,
    ranged: bool,
) -> int | None:
    """The event of the sentence just before, in the same article, when this sentence goes on
    about it: a compatible date, and every actor it names (places aside) named there too
    ("Sarah was in Haiti on 20 January when an aftershock hit." / "It was at 6am, Sarah said.")."""
    mention = mentions[i]
    number = placed.get((mention.article_id, mention.sentence_index - 1))
    if number is None:
        return None
    cluster = clusters[number]
    actors = set(mention.actors) - set(mention.places)
    if not actors or cluster.ranged != ranged or not _nests(interval, cluster.interval):
        return None
    before = {
        a
        for j in cluster.members[-CONTINUATION_MEMBERS:]
        for a in mentions[j].actors
        if mentions[j].article_id == mention.article_id
    }
    return number if actors <= before else None


def may_support(mentions: Sequence[Mention], clusters: list[Cluster], published: dict[str, date]) -> list[int]:
    """The undated mentions that could support one of `clusters`: those of an article one of
    them comes from, or published within weeks of a precise one."""
    articles = {mentions[i].article_id for cluster in clusters for i in cluster.members}
    months = {(c.start.year, c.start.month) for c in clusters if (c.end - c.start).days <= 31}
    found = []
    for i, mention in enumerate(mentions):
        if mention.time is None and mention.actors:
            when = published.get(mention.article_id)
            recent = when is not None and bool(months & {(when.year, when.month), ((e := when - SUPPORT_WINDOW).year, e.month)})
            if recent or mention.article_id in articles:
                found.append(i)
    return found


def _rarest_actors(mention: Mention, weights: dict[str, float]) -> list[str]:
    """A mention's SUPPORT_ACTORS heaviest actor features (as its vector weighs them)."""
    actors = sorted(map(_as_actor_feature, names_of(mention)))
    if len(actors) <= SUPPORT_ACTORS:
        return actors
    places = _place_features(mention) if mention.places else ()
    weight = {f: weights[f] * PLACE_WEIGHT if f in places else weights[f] for f in actors}
    return sorted(actors, key=weight.__getitem__, reverse=True)[:SUPPORT_ACTORS]


def attach_supporting(
    mentions: Sequence[Mention], vectors: LazyVectors, clusters: list[Cluster], published: dict[str, date], undated: Iterable[int]
) -> dict[int, tuple[float, int]]:
    """For each undated mention, the event it resembles most (score, event), sharing an actor
    with it, among the events of its own article and those dated in the weeks up to its
    publication; mentions that resemble none are left out."""
    undated = list(undated)
    rarest = {i: vectors.rarest_actors(i) for i in undated}
    # The events each article dates, filed by the actors its undated mentions look them up by.
    wanted: dict[str, set[str]] = defaultdict(set)
    for i in undated:
        wanted[mentions[i].article_id].update(rarest[i])
    by_article_actor: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_month_actor: dict[tuple[int, int], dict[str, list[int]]] = defaultdict(dict)  # (year, month) -> actor -> events
    for n, cluster in enumerate(clusters):
        for article in {mentions[i].article_id for i in cluster.members}:
            if article in wanted:
                for actor in cluster.centroid.keys() & wanted[article]:
                    by_article_actor[(article, actor)].append(n)
        if (cluster.end - cluster.start).days <= 31:  # only precise events are worth searching by time
            in_month = by_month_actor[(cluster.start.year, cluster.start.month)]
            for actor in cluster.centroid:
                if actor[0] == "@":
                    posting = in_month.get(actor)
                    if posting is None:
                        in_month[actor] = [n]
                    else:
                        posting.append(n)
    starts = [cluster.start for cluster in clusters]
    predicates: dict[int, str | None] = {}
    attached: dict[int, tuple[float, int]] = {}
    for i in undated:
        mention = mentions[i]
        actors = rarest[i]
        hits: dict[int, int] = {}
        for actor in actors:
            for n in by_article_actor.get((mention.article_id, actor), ()):
                hits[n] = hits.get(n, 0) + 2  # an event its own article dates comes first
        when = published.get(mention.article_id)
        if when is not None:
            earliest = when - SUPPORT_WINDOW
            for year, month in {(earliest.year, earliest.month), (when.year, when.month)}:
                in_month = by_month_actor.get((year, month))
                if in_month:
                    for actor in actors:
                        for n in in_month.get(actor, ())[-SUPPORT_POSTING_LIMIT:]:
                            if earliest <= starts[n] <= when:
                                hits[n] = hits.get(n, 0) + 1
        if not hits:
            continue
        vector = vectors[i]
        best, best_score = None, SUPPORT_THRESHOLD
        terms = set(mention.terms)
        for n in _best_hits(hits, SUPPORT_CANDIDATES):
            score = clusters[n].similarity(vector)
            # Naming what the event's reports say happened ("Huawei signs deal" and "... signed the
            # agreement") says more than sharing its other words.
            if n not in predicates:
                predicates[n] = _main_predicate(mentions, clusters[n])
            if predicates[n] and predicates[n] in terms:
                score += PREDICATE_BONUS
            # A headline or lead that dates nothing reports the article's news: what just happened.
            if mention.sentence_index <= 1 and when is not None and when - FRESH <= clusters[n].start <= when:
                score += FRESH_BONUS
            if score > best_score or (score == best_score and best is not None and n < best):
                best, best_score = n, score
        if best is not None:
            attached[i] = (best_score, best)
    return attached


# --- events ------------------------------------------------------------------------------


def _event(mentions: Sequence[Mention], cluster: Cluster, headline: str, support: list[int], latest: date | None) -> Event:
    members = sorted(cluster.members, key=lambda i: (mentions[i].article_id, mentions[i].sentence_index, i))
    # The event's date: the most precise mention whose interval is the agreed one.
    precise = [
        t for i in members if (t := mentions[i].time) is not None and (t.interval_start, t.interval_end) == cluster.interval
    ]
    time = precise[0]
    ranged = [t for t in precise if t.end_value]
    end_value = ranged[0].end_value if ranged else None
    everything = members + sorted(support, key=lambda i: (mentions[i].article_id, mentions[i].sentence_index))
    sources = list(dict.fromkeys(mentions[i].article_id for i in everything))
    actors = list(dict.fromkeys(a for i in members for a in mentions[i].actors))
    return Event(
        id="",
        headline=headline,
        value=time.value,
        granularity=time.granularity or "day",
        start=cluster.start,
        end=cluster.end,
        end_value=end_value,
        mentions=tuple(mentions[i] for i in everything),
        sources=tuple(sources),
        actors=tuple(actors[:8]),
        future=_is_future(cluster, [mentions[i] for i in members], latest),
    )


# A period still running this long after the latest report, told as a plan, is in the future.
PLAN_REACH = timedelta(days=31)
# Words that put a clause in the future: a plan, a forecast, a schedule.
_FUTURE_MARKERS = re.compile(r"\b(?:will|would|shall|plans?|planned|due|expected|to be|aims?|scheduled|set to)\b", re.IGNORECASE)


def _is_future(cluster: Cluster, members: list[Mention], latest: date | None) -> bool:
    """After the latest report, or running well past it and told as a plan ("will launch
    pilot networks in 2019-2020"; not "said this week that it would ...")."""
    if latest is None or cluster.end <= latest + timedelta(days=1):
        return False
    if cluster.start > latest:
        return True
    return cluster.end > latest + PLAN_REACH and any(_FUTURE_MARKERS.search(m.clause) for m in members)


def with_ids(events: Iterable[Event], published: dict[str, date]) -> list[Event]:
    """`events` with their ids (`event_id`); `published`: when each article came out."""
    return [salience.with_fields(event, id=event_id(event, published)) for event in events]


# An event's id names it across builds, so that an editor's corrections (timeline/edits.py) find
# it again when articles are added or removed: it is made from the event's founding mention
# alone, never from its place among the others. The founding mention is its dated mention in
# the earliest-published article (then by article id and place in it): a story grows by later
# reports, which leave it the founder. An event that gains an earlier report may change founder,
# so edits also find an event by the id any of its mentions would give it (`mention_id`).
ID_LENGTH = 13  # "e" and 12 hex digits: unlikely to meet twice among a million events


def event_id(event: Event, published: dict[str, date]) -> str:
    """The id of `event`: that of its founding mention (see above)."""
    return mention_id(founding_mention(event, published))


def founding_mention(event: Event, published: dict[str, date]) -> Mention:
    dated = [m for m in event.mentions if m.time is not None]
    return min(
        dated,
        key=lambda m: (published.get(m.article_id, date.max), m.article_id, m.sentence_index, m.time.start if m.time else 0),
    )


def mention_id(mention: Mention) -> str:
    """The id of the event `mention` founds: a digest of its article's id, its sentence, its
    clause and its time expression (a sentence may date two events)."""
    time = mention.time
    key = "\n".join((mention.article_id, mention.sentence, mention.clause, time.text if time else "", time.value if time else ""))
    return "e" + hashlib.sha1(key.encode()).hexdigest()[: ID_LENGTH - 1]


def _best_member(
    mentions: Sequence[Mention], vectors: Sequence[Vector] | LazyVectors, cluster: Cluster
) -> tuple[float, int, str]:
    """The member that reads best as the event's headline (headlines.choose; score, member, text),
    members read most central first."""
    central = sorted(((cluster.similarity(vectors[i]), i) for i in cluster.members), key=lambda c: (-c[0], c[1]))
    return headlines.choose((centrality, i, mentions[i]) for centrality, i in central)


def _headline(
    mentions: Sequence[Mention], vectors: LazyVectors, cluster: Cluster, head: tuple[float, int, str], support: list[int]
) -> str:
    """The event's headline among its members (`head`: the best of them) and the undated mentions
    that support it (an article's title, a sentence naming who did what): headlines.choose."""
    if not support:
        return head[2]
    ranked = sorted(((cluster.similarity(vectors[i]), i) for i in [*cluster.members, *support]), key=lambda c: (-c[0], c[1]))
    return headlines.choose((centrality, i, mentions[i]) for centrality, i in ranked)[2]

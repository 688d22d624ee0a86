"""Deduplication: the mentions of one real event merged into one Event, keeping every source;
each event built (headline, supporting sentences), weighed (salience) and named (a stable id).

- clusters.py: how mentions are compared and merged, one calendar year at a time;
- years.py: the one merging algorithm, by year, over a store;
- store.py: where its steps keep what they make (in memory, or files on disk);
- table.py: the events as ranking and the --max-events cut read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from timeline.dedup.clusters import (
    ID_LENGTH,
    FeatureCounts,
    date_order,
    event_id,
    feature_counts,
    founding_mention,
    mention_id,
    with_ids,
    worth_merging,
)
from timeline.dedup.store import FileStore, MemoryStore, Store
from timeline.dedup.table import EventTable, StoredEvents
from timeline.dedup.years import ChunkRoutes, Routed, merge, route
from timeline.engines import TaskRunner, run_here
from timeline.records import Article, Event, Mention
from timeline.settings import DEFAULT_LIMITS, Limits

__all__ = [
    "ID_LENGTH",
    "ChunkRoutes",
    "EventTable",
    "FeatureCounts",
    "FileStore",
    "MemoryStore",
    "Routed",
    "Store",
    "StoredEvents",
    "date_order",
    "deduplicate",
    "event_id",
    "feature_counts",
    "founding_mention",
    "mention_id",
    "merge",
    "route",
    "with_ids",
    "worth_merging",
]


def deduplicate(
    mentions: Sequence[Mention],
    articles: Iterable[Article] = (),
    *,
    counts: FeatureCounts | None = None,
    run: TaskRunner = run_here,
    store: Store | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Event]:
    """Every event of `mentions`, in date order, with its salience and id: `merge` over the
    mentions held in memory (by default) as one chunk of the stream.

    `counts` are the feature counts of every mention read (`feature_counts`), when `mentions`
    were already cut down by `worth_merging` as they streamed in."""
    articles = list(articles)
    if counts is None:
        counts = feature_counts(mentions)
    store = store or MemoryStore()
    routed = Routed()
    routed.add(route(store, 0, worth_merging(mentions), articles))
    return merge(routed, articles, counts=counts, store=store, run=run, limits=limits).events()

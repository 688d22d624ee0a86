"""The per-article stages as one task: a chunk of articles tagged (timeline/temporal) and turned
into mentions (timeline/mentions.py), cut down to those deduplication can use, with the counts
of every mention's words. The engines (timeline/engines.py) run it over the stream of chunks;
an article's text is dropped once its mentions are out.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from timeline import collector
from timeline.dedup import FeatureCounts, feature_counts, worth_merging
from timeline.mentions import extract_mentions
from timeline.records import Article, Mention, TimeExpression
from timeline.temporal import tag


@dataclass(frozen=True)
class ChunkResult:
    """The mentions of a chunk of articles, the articles without their text, and the time taken."""

    mentions: list[Mention]  # those deduplication can use (worth_merging)
    articles: list[Article]  # text-free copies: titles, urls and dates are all later stages read
    feature_counts: FeatureCounts  # of every mention, kept or not: the words' weights
    characters: int
    utf8_bytes: int
    # CPU seconds of the worker (not wall-clock time: on a busy machine they stay comparable).
    tag_seconds: float
    mention_seconds: float  # extracting mentions, tagging excluded


@collector.paused()
def mentions_of_chunk(articles: list[Article]) -> ChunkResult:
    """Tag `articles` and extract their mentions: the work one task does, on any engine.

    The cycle collector is paused for the chunk (see timeline/collector.py): its passes cost a
    noticeable share of this stage's CPU, and a chunk's objects form no cycles."""
    tag_seconds = 0.0

    def timed_tag(text: str, published: date) -> list[TimeExpression]:
        nonlocal tag_seconds
        started = time.process_time()
        expressions = tag(text, published)
        tag_seconds += time.process_time() - started
        return expressions

    started = time.process_time()
    mentions = extract_mentions(articles, tagger=timed_tag)
    # Counted, then cut down here, as they stream: memory holds the mentions kept, not every sentence.
    counts = feature_counts(mentions)
    mentions = worth_merging(mentions)  # their terms and actors shared (see mentions._shared)
    total = time.process_time() - started
    return ChunkResult(
        mentions=mentions,
        articles=[replace(article, text="") for article in articles],
        feature_counts=counts,
        characters=sum(len(a.text) for a in articles),
        utf8_bytes=sum(len(a.text.encode("utf-8")) for a in articles),
        tag_seconds=tag_seconds,
        mention_seconds=total - tag_seconds,
    )


def chunks(articles: Iterable[Article], characters: int) -> Iterator[list[Article]]:
    """Consecutive runs of `articles` holding about `characters` of text each (Limits.chunk_characters),
    at least one article each."""
    chunk: list[Article] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += len(article.text)
        if size >= characters:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk

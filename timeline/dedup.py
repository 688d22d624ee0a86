"""Deduplication: merge the mentions of one real event into one Event, keeping every source.

Two dated mentions may merge when their dates are compatible (equal, or one inside the other:
a day in its month) and their words and actors are alike (TF-IDF cosine). Candidate pairs come
from blocking on the year and on shared rare words, never from all pairs. Undated sentences
then join the event they resemble most, as supporting mentions; they never make an event.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from timeline.records import Article, Event, Mention

# Similarity a pair needs to merge: equal dates need less evidence than nested ones.
SAME_DATE_THRESHOLD = 0.2
NESTED_DATE_THRESHOLD = 0.3
SUPPORT_THRESHOLD = 0.3
# Words in more mentions than this share of a block are too common to propose pairs.
BLOCK_WORD_LIMIT = 200
HEADLINE_LENGTH = 100


@dataclass
class _Cluster:
    members: list[int]
    start: date  # the most precise interval all members agree on
    end: date
    ranged: bool = False


def deduplicate(mentions: Sequence[Mention], articles: Iterable[Article] = ()) -> list[Event]:
    """Events, in date order, from dated and undated mentions."""
    latest = max((a.published for a in articles), default=None)
    vectors = _vectors(mentions)
    dated = [i for i, m in enumerate(mentions) if m.time is not None and m.time.is_anchored]
    clusters = _cluster(mentions, vectors, dated)
    supporting = _attach_supporting(mentions, vectors, clusters)
    events = [_event(mentions, vectors, cluster, supporting.get(n, []), latest) for n, cluster in enumerate(clusters)]
    events.sort(key=lambda e: (e.start, e.end, -len(e.sources), e.headline))
    return [_with_id(event, number) for number, event in enumerate(events, 1)]


# --- similarity --------------------------------------------------------------------------


def _features(mention: Mention) -> set[str]:
    # Actors count word by word, so "Donald Trump" and "the Trump administration" meet.
    return set(mention.terms) | {"@" + word.lower() for actor in mention.actors for word in actor.split()}


def _vectors(mentions: Sequence[Mention]) -> list[dict[str, float]]:
    feature_sets = [_features(m) for m in mentions]
    frequency: dict[str, int] = defaultdict(int)
    for features in feature_sets:
        for feature in features:
            frequency[feature] += 1
    total = len(mentions) + 1
    vectors = []
    for features in feature_sets:
        weights = {f: math.log(total / frequency[f]) + (0.5 if f.startswith("@") else 0.0) for f in features}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({f: w / norm for f, w in weights.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


# --- clustering of dated mentions --------------------------------------------------------


def _candidate_pairs(mentions: Sequence[Mention], dated: list[int]) -> set[tuple[int, int]]:
    """Pairs that share a year of their dates and a word or actor that is not too common."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for i in dated:
        time = mentions[i].time
        assert time is not None and time.interval_start and time.interval_end
        for year in range(time.interval_start.year, min(time.interval_end.year, time.interval_start.year + 10) + 1):
            by_year[year].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_year.values():
        postings: dict[str, list[int]] = defaultdict(list)
        for i in members:
            for feature in _features(mentions[i]):
                postings[feature].append(i)
        for posting in postings.values():
            if len(posting) > BLOCK_WORD_LIMIT:
                continue
            for x in range(len(posting)):
                for y in range(x + 1, len(posting)):
                    pairs.add((posting[x], posting[y]))
    return pairs


def _compatible(a: _Cluster, b: _Cluster) -> tuple[date, date] | None:
    """The narrower interval if one cluster's interval lies inside the other's (a range such
    as 2019-2020 only matches itself: it is a span of time, not a vaguer date)."""
    if (a.start, a.end) == (b.start, b.end):
        return a.start, a.end
    if a.ranged or b.ranged:
        return None
    if a.start <= b.start and b.end <= a.end:
        return b.start, b.end
    if b.start <= a.start and a.end <= b.end:
        return a.start, a.end
    return None


def _cluster(mentions: Sequence[Mention], vectors: list[dict[str, float]], dated: list[int]) -> list[_Cluster]:
    cluster_of: dict[int, _Cluster] = {}
    for i in dated:
        time = mentions[i].time
        cluster_of[i] = _Cluster([i], time.interval_start, time.interval_end, bool(time.end_value))  # type: ignore[union-attr, arg-type]
    scored = []
    for i, j in _candidate_pairs(mentions, dated):
        similarity = cosine(vectors[i], vectors[j])
        ti, tj = mentions[i].time, mentions[j].time
        same = (ti.interval_start, ti.interval_end) == (tj.interval_start, tj.interval_end)  # type: ignore[union-attr]
        if similarity >= (SAME_DATE_THRESHOLD if same else NESTED_DATE_THRESHOLD):
            scored.append((similarity, i, j))
    # Most alike first, so an event's date settles on its closest mentions before weaker ones.
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        a, b = cluster_of[i], cluster_of[j]
        if a is b:
            continue
        narrower = _compatible(a, b)
        if narrower is None:
            continue
        a.members.extend(b.members)
        a.start, a.end = narrower
        for member in b.members:
            cluster_of[member] = a
    unique = {id(c): c for c in cluster_of.values()}
    return sorted(unique.values(), key=lambda c: min(c.members))


def _attach_supporting(
    mentions: Sequence[Mention], vectors: list[dict[str, float]], clusters: list[_Cluster]
) -> dict[int, list[int]]:
    """Undated mentions joined to the event they resemble most (sharing an actor)."""
    by_feature: dict[str, set[int]] = defaultdict(set)
    for n, cluster in enumerate(clusters):
        for i in cluster.members:
            for actor in mentions[i].actors:
                by_feature[actor.lower()].add(n)
    attached: dict[int, list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        if mention.time is not None:
            continue
        candidates = set().union(*(by_feature.get(a.lower(), set()) for a in mention.actors)) if mention.actors else set()
        best, best_score = None, SUPPORT_THRESHOLD
        for n in sorted(candidates):
            score = max(cosine(vectors[i], vectors[j]) for j in clusters[n].members)
            if score > best_score:
                best, best_score = n, score
        if best is not None:
            attached[best].append(i)
    return attached


# --- events ------------------------------------------------------------------------------


def _event(
    mentions: Sequence[Mention], vectors: list[dict[str, float]], cluster: _Cluster, support: list[int], latest: date | None
) -> Event:
    members = sorted(cluster.members, key=lambda i: (mentions[i].article_id, mentions[i].sentence_index, i))
    # The event's date: the most precise mention whose interval is the agreed one.
    precise = [
        mentions[i].time
        for i in members
        if (mentions[i].time.interval_start, mentions[i].time.interval_end) == (cluster.start, cluster.end)
    ]  # type: ignore[union-attr]
    time = precise[0]
    assert time is not None
    ranged = [t for t in precise if t and t.end_value]
    end_value = ranged[0].end_value if ranged else None
    everything = members + sorted(support, key=lambda i: (mentions[i].article_id, mentions[i].sentence_index))
    sources = list(dict.fromkeys(mentions[i].article_id for i in everything))
    actors = list(dict.fromkeys(a for i in members for a in mentions[i].actors))
    return Event(
        id="",
        headline=_headline(mentions, vectors, members, support),
        value=time.value,
        granularity=time.granularity or "day",
        start=cluster.start,
        end=cluster.end,
        end_value=end_value,
        mentions=tuple(mentions[i] for i in everything),
        sources=tuple(sources),
        actors=tuple(actors[:8]),
        future=latest is not None and cluster.start > latest,
        salience=len(sources) + 0.1 * len(members),
    )


def _with_id(event: Event, number: int) -> Event:
    from dataclasses import replace

    digest = hashlib.sha1(f"{event.value}|{event.headline}".encode()).hexdigest()[:6]
    return replace(event, id=f"e{number:03d}-{digest}")


_LEADING_JUNK = re.compile(r"^(?:and|but|while|when|as|after|before|so|then|also|however|which)\b[\s,]*", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:\b(?:in|on|at|since|during|from|by|of|until|for)\s+)?$", re.IGNORECASE)


def headline_text(mention: Mention) -> str:
    """A mention's clause as a headline: without its date phrase, quotes or loose ends."""
    clause = mention.clause
    for start, end in sorted(mention.time_spans, reverse=True):
        if 0 <= start < end <= len(clause):
            before = _PREPOSITION.sub("", clause[:start]).rstrip(" ,")
            after = clause[end:].lstrip(" ,")
            clause = f"{before} {after}".strip()
    clause = _LEADING_JUNK.sub("", clause.strip(" ,;:-–—\"“”'")).strip()
    clause = re.sub(r"\s+", " ", clause).rstrip(" ,;:.")
    if len(clause) > HEADLINE_LENGTH:
        cut = clause[:HEADLINE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:")
        clause = cut + "…"
    return clause[:1].upper() + clause[1:]


def _headline(mentions: Sequence[Mention], vectors: list[dict[str, float]], members: list[int], support: list[int]) -> str:
    """The most central mention of the event, as a short clause; an attached article title
    reads best when it fits."""
    candidates = members + [i for i in support if mentions[i].sentence_index == -1]
    pool = members + support

    def score(i: int) -> tuple[float, int]:
        centrality = sum(cosine(vectors[i], vectors[j]) for j in pool if j != i) / max(1, len(pool) - 1)
        text = headline_text(mentions[i])
        fits = 20 <= len(text) <= HEADLINE_LENGTH and not text.endswith("…")
        bonus = (0.15 if mentions[i].sentence_index == -1 else 0.0) + (0.1 if fits else 0.0) - 0.001 * len(text)
        return centrality + bonus, -i

    best = max(candidates, key=score)
    return headline_text(mentions[best])

"""Deduplication: merge the mentions of one real event into one Event, keeping every source.

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
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import repeat
from operator import mul

from timeline import salience
from timeline.mentions import WORDS, actors_of, stem
from timeline.records import Article, Event, Mention

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
HEADLINE_LENGTH = 100
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
class _Cluster:
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


def deduplicate(mentions: Sequence[Mention], articles: Iterable[Article] = ()) -> list[Event]:
    """Events, in date order, from dated and undated mentions."""
    published = {a.id: a.published for a in articles}
    latest = max(published.values(), default=None)
    vectors = _vectors(mentions)
    clusters = _merge_close_events(_cluster(mentions, vectors))
    supporting = _attach_supporting(mentions, vectors, clusters, published)
    events = [_event(mentions, vectors, cluster, supporting.get(n, []), latest) for n, cluster in enumerate(clusters)]
    events = salience.score(events, published)
    events.sort(key=lambda e: (e.start, e.end, -len(e.sources), e.headline))
    return [_with_id(event, number) for number, event in enumerate(events, 1)]


# --- similarity --------------------------------------------------------------------------


def _features(mention: Mention) -> set[str]:
    # Actors count word by word, so "Donald Trump" and "the Trump administration" meet; a name
    # counts once, as an actor, not again as a word.
    names = {word.lower() for actor in mention.actors for word in actor.split()}
    stems = {stem(name) for name in names}
    return {t for t in mention.terms if t not in stems} | {"@" + name for name in names}


def _place_features(mention: Mention) -> set[str]:
    return {"@" + word.lower() for place in mention.places for word in place.split()}


def _vectors(mentions: Sequence[Mention]) -> list[Vector]:
    # Sorted: a set's order changes with Python's hash seed, and float sums and ties with it.
    feature_sets = [sorted(_features(m)) for m in mentions]
    frequency: Counter[str] = Counter()
    for features in feature_sets:
        frequency.update(features)
    total = len(mentions) + 1
    # Actors weigh more than words: sharing a name says more than sharing a word.
    weight = {f: math.log(total / n) + (ACTOR_BONUS if f[0] == "@" else 0.0) for f, n in frequency.items()}
    # A word no other mention has cannot show two mentions alike; at full weight it would only
    # dilute what they share (in a small corpus every word is rare).
    for feature, count in frequency.items():
        if count == 1:
            weight[feature] *= UNSHARED_WEIGHT
    vectors = []
    for mention, features in zip(mentions, feature_sets, strict=True):
        places = _place_features(mention) if mention.places else set()
        # Where it happened ("in Moscow") weighs less than who acted: a city hosts many events a day.
        weights = [weight[f] * PLACE_WEIGHT if f in places else weight[f] for f in features]
        norm = math.sqrt(sum(w * w for w in weights)) or 1.0
        vectors.append({f: w / norm for f, w in zip(features, weights, strict=True)})
    return vectors


def _lookup_features(vector: Vector) -> list[str]:
    """The features worth looking events up by: every actor, and the heaviest (rarest) words."""
    if len(vector) <= LOOKUP_FEATURES:
        return list(vector)
    words = sorted((f for f in vector if f[0] != "@"), key=vector.__getitem__, reverse=True)[:LOOKUP_FEATURES]
    return [f for f in vector if f[0] == "@"] + words


# --- clustering of dated mentions --------------------------------------------------------


def _nests(a: Interval, b: Interval) -> bool:
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def _years(interval: Interval) -> range:
    start, end = interval
    last = (end - timedelta(days=1)).year
    return range(start.year, min(last, start.year + 10) + 1)


Bucket = tuple[int, ...]


def _bucket(interval: Interval) -> Bucket:
    """Where an event is filed: its month if it lies within one, else its year, else its decade."""
    start, end = interval
    last = end - timedelta(days=1)
    if (start.year, start.month) == (last.year, last.month):
        return (start.year, start.month)
    if start.year == last.year:
        return (start.year,)
    return (start.year // 10, 0, 0)


def _buckets_to_search(interval: Interval) -> list[Bucket]:
    """The buckets that may hold an interval nesting with this one: those that may contain it
    (its own, its year's, its decade's) and those it may contain (its months and years)."""
    start, end = interval
    last = end - timedelta(days=1)
    found = [_bucket(interval), (start.year,), (start.year // 10, 0, 0)]
    if (start.year, start.month) != (last.year, last.month):
        year, month = start.year, start.month
        for _ in range(121):  # a decade of months at most
            found.append((year, month))
            if (year, month) == (last.year, last.month):
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        found += [(year,) for year in _years(interval)]
    return list(dict.fromkeys(found))


class _DateIndex:
    """Events filed by feature under their exact interval (the likeliest match: the same date)
    and under a month, year or decade bucket (for dates nested in one another). A lookup walks
    a handful of buckets, however many distinct dates the corpus has."""

    def __init__(self) -> None:
        self.exact: dict[tuple[Interval, str], list[int]] = defaultdict(list)
        self.nested: dict[tuple[Bucket, str], list[int]] = defaultdict(list)

    def file(self, number: int, interval: Interval, features: Iterable[str]) -> None:
        bucket = _bucket(interval)
        for feature in features:
            for posting in (self.exact[(interval, feature)], self.nested[(bucket, feature)]):
                if not posting or posting[-1] != number:
                    posting.append(number)

    def candidates(self, interval: Interval, ranged: bool, features: list[str]) -> list[int]:
        """The events sharing most of `features` under a compatible interval (at most
        CANDIDATES of them, the most recent first among equals)."""
        hits: dict[int, int] = defaultdict(int)
        for feature in features:
            for number in self.exact.get((interval, feature), ())[-POSTING_LIMIT:]:
                hits[number] += 2  # the same date counts double
        if not ranged:  # a range such as 2019-2020 is a span of time, not a vaguer date
            for bucket in _buckets_to_search(interval):
                for feature in features:
                    for number in self.nested.get((bucket, feature), ())[-POSTING_LIMIT:]:
                        hits[number] += 1
        return _best_hits(hits)


def _best_hits(hits: dict[int, int], limit: int = CANDIDATES) -> list[int]:
    if len(hits) <= limit:
        return list(hits)
    return heapq.nlargest(limit, hits, key=lambda n: (hits[n], n))


def _clustering_order(mentions: Sequence[Mention], dated: list[int]) -> list[int]:
    def key(i: int) -> tuple[int, date, date, str, int]:
        time = mentions[i].time
        assert time is not None and time.interval_start and time.interval_end
        rank = 9 if time.end_value else _GRANULARITY_ORDER.get(time.granularity or "", 6)
        return rank, time.interval_start, time.interval_end, mentions[i].article_id, i

    return sorted(dated, key=key)


def _cluster(mentions: Sequence[Mention], vectors: list[Vector]) -> list[_Cluster]:
    dated = [i for i, m in enumerate(mentions) if m.time is not None and m.time.is_anchored]
    clusters: list[_Cluster] = []
    index = _DateIndex()
    placed: dict[tuple[str, int], int] = {}  # (article, sentence) -> the event its dated mention joined
    for i in _clustering_order(mentions, dated):
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
            best = _continued_story(mentions, clusters, placed, i, interval, ranged)
        if best is None:
            cluster = _Cluster([], interval[0], interval[1], ranged)
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


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {f: w / norm for f, w in vector.items()}


def _merge_close_events(clusters: list[_Cluster]) -> list[_Cluster]:
    """A second pass over whole events: two events with compatible dates whose centroids are
    close become one. A mention is read once, against the events that exist at that moment, so
    mentions of one event that each resemble the event's later members more than its first one
    start events of their own; their centroids (the words and actors the members share) meet.
    Blocked like the first pass: each event looks up the few events filed under a compatible
    date by its actors and rarest words."""
    def order(n: int) -> tuple[bool, int, date, int]:
        cluster = clusters[n]
        return cluster.ranged, (cluster.end - cluster.start).days, cluster.start, n

    merged: list[_Cluster] = []
    index = _DateIndex()
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


def _main_predicate(mentions: Sequence[Mention], cluster: _Cluster) -> str | None:
    """What the event's reports most say happened: the commonest past-tense verb of its
    clauses ("signed", "banned", "suspended"), as a stem; None when they have none."""
    counts: Counter[str] = Counter()
    for i in cluster.members[:PREDICATE_MEMBERS]:
        verbs = {stem(w) for w in _PAST_VERB.findall(mentions[i].clause) if w not in _NOT_VERBS}
        counts.update(sorted(verbs & set(mentions[i].terms)))  # sorted: ties go the same way every run
    return counts.most_common(1)[0][0] if counts else None


def _continued_story(
    mentions: Sequence[Mention], clusters: list[_Cluster], placed: dict[tuple[str, int], int], i: int, interval: Interval, ranged: bool
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
    before = {a for j in cluster.members[-CONTINUATION_MEMBERS:] for a in mentions[j].actors if mentions[j].article_id == mention.article_id}
    return number if actors <= before else None


def _attach_supporting(
    mentions: Sequence[Mention], vectors: list[Vector], clusters: list[_Cluster], published: dict[str, date]
) -> dict[int, list[int]]:
    """Undated mentions joined to the event they resemble most, sharing an actor with it,
    among the events of their own article and those dated in the weeks up to its publication."""
    by_article_actor: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_month_actor: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for n, cluster in enumerate(clusters):
        actors = [f for f in cluster.centroid if f[0] == "@"]
        for article in dict.fromkeys(mentions[i].article_id for i in cluster.members):
            for actor in actors:
                by_article_actor[(article, actor)].append(n)
        if (cluster.end - cluster.start).days <= 31:  # only precise events are worth searching by time
            for actor in actors:
                by_month_actor[(cluster.start.year, cluster.start.month, actor)].append(n)
    predicates = [_main_predicate(mentions, cluster) for cluster in clusters]
    attached: dict[int, list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        if mention.time is not None or not mention.actors:
            continue
        vector = vectors[i]
        actors = sorted((f for f in vector if f[0] == "@"), key=vector.__getitem__, reverse=True)[:SUPPORT_ACTORS]
        if not actors:
            continue
        hits: dict[int, int] = defaultdict(int)
        for actor in actors:
            for n in by_article_actor.get((mention.article_id, actor), ()):
                hits[n] += 2  # an event its own article dates comes first
        when = published.get(mention.article_id)
        if when is not None:
            earliest = when - SUPPORT_WINDOW
            for year, month in {(earliest.year, earliest.month), (when.year, when.month)}:
                for actor in actors:
                    for n in by_month_actor.get((year, month, actor), ())[-SUPPORT_POSTING_LIMIT:]:
                        if earliest <= clusters[n].start <= when:
                            hits[n] += 1
        best, best_score = None, SUPPORT_THRESHOLD
        terms = set(mention.terms)
        for n in _best_hits(hits, SUPPORT_CANDIDATES):
            score = clusters[n].similarity(vector)
            # Naming what the event's reports say happened ("Huawei signs deal" and "... signed the
            # agreement") says more than sharing its other words.
            if predicates[n] and predicates[n] in terms:
                score += PREDICATE_BONUS
            # A headline or lead that dates nothing reports the article's news: what just happened.
            if mention.sentence_index <= 1 and when is not None and when - FRESH <= clusters[n].start <= when:
                score += FRESH_BONUS
            if score > best_score or (score == best_score and best is not None and n < best):
                best, best_score = n, score
        if best is not None:
            attached[best].append(i)
    return attached


# --- events ------------------------------------------------------------------------------


def _event(mentions: Sequence[Mention], vectors: list[Vector], cluster: _Cluster, support: list[int], latest: date | None) -> Event:
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
        headline=_headline(mentions, vectors, cluster, members, support),
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


def _is_future(cluster: _Cluster, members: list[Mention], latest: date | None) -> bool:
    """After the latest report, or running well past it and told as a plan ("will launch
    pilot networks in 2019-2020"; not "said this week that it would ...")."""
    if latest is None or cluster.end <= latest + timedelta(days=1):
        return False
    if cluster.start > latest:
        return True
    return cluster.end > latest + PLAN_REACH and any(_FUTURE_MARKERS.search(m.clause) for m in members)


def _with_id(event: Event, number: int) -> Event:
    digest = hashlib.sha1(f"{event.value}|{event.headline}".encode()).hexdigest()[:6]
    return replace(event, id=f"e{number:03d}-{digest}")


_CLOSING_QUOTE = re.compile(r"[\w,.!?…][\"”](?=[\s,.;:]|$)")
_OPENING_QUOTE = re.compile(r"(?:^|\s)[\"“](?=\w)")
_LEADING_JUNK = re.compile(r"^(?:and|but|while|when|as|after|before|so|then|also|however|which)\b[\s,]*", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:\b(?:in|on|at|since|during|from|by|of|until|for)\s+)?$", re.IGNORECASE)


# A clause opening with one of these after "and"/"but" has a subject of its own.
_SUBJECT_OPENERS = frozenset(WORDS["subject_openers"])
# A headline opening with one of these is a verb without its subject ("Was hit by ...").
_VERB_OPENERS = frozenset(WORDS["verb_openers"])
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|or)\s+$")
_RELATIVE = re.compile(r"(?:which|who|whose|where)\b", re.IGNORECASE)
_NAME_FOLLOWS = re.compile(r"\s+and\s+")


def _without_dates(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without its date phrases (and the preposition before each); a possessive date
    ("Wednesday's severe aftershock") becomes "the"."""
    for start, end in sorted(spans, reverse=True):
        if 0 <= start < end <= len(text):
            if not text[:start].strip(" \"“'") and re.match(r"\s+[a-z]", text[end:]):
                continue  # the date is what the clause is about ("Today is broadcast live")
            possessive = re.match(r"['’]s\b", text[end:])
            if possessive:
                text = f"{text[:start]}the{text[end + possessive.end():]}"
                continue
            before = _PREPOSITION.sub("", text[:start]).rstrip(" ,")
            after = text[end:].lstrip(" ,")
            text = f"{before} {after}".strip()
    return text


def _subject_of(before: str) -> str | None:
    """The named subject of the clause a coordinated verb phrase shares ("Huawei and MTS" in
    "During the visit Huawei and MTS signed a deal ... and launch pilot networks"), or None."""
    actors = actors_of(before)
    if not actors:
        return None
    at = before.find(actors[0])
    if at < 0:
        return None
    subject, end = actors[0], at + len(actors[0])
    joined = _NAME_FOLLOWS.match(before, end)
    if joined and len(actors) > 1 and before.startswith(actors[1], joined.end()):
        subject, end = f"{subject} and {actors[1]}", joined.end() + len(actors[1])
    following = re.match(r"\s+([a-z]+)", before[end:])
    return subject if following else None  # a verb follows the name: it is the subject


def _subjectless(mention: Mention) -> tuple[bool, str]:
    """Whether the clause is a verb phrase without its subject ("... and launch pilot networks",
    ", which was hit by ..."), and the sentence text before it."""
    at = mention.sentence.find(mention.clause)
    if at <= 0:
        return False, ""
    before = mention.sentence[:at]
    first = mention.clause.split(maxsplit=1)[0] if mention.clause.strip() else ""
    if (_RELATIVE.match(first) and before.rstrip().endswith(",")) or first.lower() in _VERB_OPENERS:
        return True, before
    if _COORDINATED.search(before) and first[:1].islower() and first.lower() not in _SUBJECT_OPENERS:
        return True, before
    return False, before


def headline_text(mention: Mention) -> str:
    """A mention's clause as a headline: without its date phrase, quotes or loose ends, with its
    subject (a coordinated verb phrase borrows the sentence's named subject; a clause that still
    has none reads as its whole sentence), and cut, when too long, at a word boundary."""
    clause = _without_dates(mention.clause, mention.time_spans)
    subjectless, before = _subjectless(mention)
    if subjectless:
        subject = None if _RELATIVE.match(mention.clause) else _subject_of(_COORDINATED.sub("", before))
        if subject:
            clause = f"{subject} {clause}"
        else:
            at = len(before)
            clause = _without_dates(mention.sentence, [(at + start, at + end) for start, end in mention.time_spans])
    clause = _LEADING_JUNK.sub("", clause.strip(" ,;:-–—\"“”'")).strip()
    clause = re.sub(r"\s+", " ", clause).rstrip(" ,;:.")
    if not re.search(r"[^\W\d]", clause):  # nothing but the date ("1130"): the sentence as written
        clause = re.sub(r"\s+", " ", mention.sentence).strip(" ,;:.")
    if len(clause) > HEADLINE_LENGTH:
        cut = clause[:HEADLINE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:")
        clause = cut + "…"
    clause = clause[:1].upper() + clause[1:]
    # A quotation whose opening mark was trimmed with the clause's edge gets it back.
    closing, opening = _CLOSING_QUOTE.search(clause), _OPENING_QUOTE.search(clause)
    if closing and (opening is None or closing.start() < opening.start()):
        clause = ("“" if closing.group().endswith("”") else '"') + clause
    return clause


def _headline(
    mentions: Sequence[Mention], vectors: list[Vector], cluster: _Cluster, members: list[int], support: list[int]
) -> str:
    """The mention closest to the event's centroid, as a short clause; an attached article
    title reads best when it fits."""
    candidates = members + [i for i in support if mentions[i].sentence_index == -1]
    texts = {i: headline_text(mentions[i]) for i in candidates}

    def score(i: int) -> tuple[float, int]:
        centrality = cluster.similarity(vectors[i])
        text = texts[i]
        fits = 20 <= len(text) <= HEADLINE_LENGTH and not text.endswith("…")
        bonus = (0.15 if mentions[i].sentence_index == -1 else 0.0) + (0.1 if fits else 0.0) - 0.001 * len(text)
        if text[:1].isalpha() and text.split(maxsplit=1)[0].lower() in _VERB_OPENERS:
            bonus -= 0.3  # "Was hit by ...": a verb without its subject reads worst
        return centrality + bonus, -i

    return texts[max(candidates, key=score)]

"""One event per real happening of a day: same-day events that tell one act merge.

Deduplication merges mentions whose words are alike; the same act is often told with other
words ("the singer died aged 50", "he was pronounced dead in hospital"), and then a day's slots
go to copies of it. Two events of one day are one happening when what they name is alike: the
same actors and the same content words, in the dated sentences of either (each word weighed by
how rare it is among the day's events, so the story's own words, in every event, weigh little).
Distinct acts of one day (a president's arrival, the deal signed during his visit) name other
things and stay apart. This runs over Event records after merging, before salience is weighed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timedelta

from timeline.records import Event

# How alike (cosine of rarity-weighed words and names) two events of one day must be to be one.
SAME_HAPPENING = 0.5
# A day with more events than this is not compared pair by pair (an archive's busiest day).
MOST_EVENTS_A_DAY = 400


def _bag(event: Event) -> Counter[str]:
    """The words and names of the event's dated sentences (names lowered, as words)."""
    bag: Counter[str] = Counter()
    for mention in event.mentions:
        if mention.time is None:
            continue
        bag.update(mention.terms)
        bag.update(f"@{actor.lower()}" for actor in mention.actors)
    return bag


def similarity(a: Counter[str], b: Counter[str], weight: dict[str, float]) -> float:
    """Cosine of two bags, each word counted once and weighed by `weight` (its rarity)."""
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    dot = sum(weight[w] ** 2 for w in shared)
    norm_a = math.sqrt(sum(weight[w] ** 2 for w in a))
    norm_b = math.sqrt(sum(weight[w] ** 2 for w in b))
    return dot / (norm_a * norm_b)


def _one_day(event: Event) -> bool:
    return event.end - event.start == timedelta(days=1)


def merge(events: Sequence[Event]) -> list[Event]:
    """`events` with each day's events that tell one happening merged into its best-sourced one
    (its headline and date; every mention and source of the others added). Other events as they are."""
    by_day: dict[object, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        if _one_day(event):
            by_day[event.start].append(index)
    absorbed: dict[int, list[int]] = {}
    gone: set[int] = set()
    for members in by_day.values():
        if len(members) < 2 or len(members) > MOST_EVENTS_A_DAY:
            continue
        bags = {i: _bag(events[i]) for i in members}
        used_by = Counter(w for bag in bags.values() for w in bag)
        weight = {w: math.log((1 + len(members)) / n) for w, n in used_by.items()}
        # Best sourced first: each event joins the first better one it tells the same as.
        order = sorted(members, key=lambda i: (-len(events[i].sources), i))
        heads: list[int] = []
        for i in order:
            head = next((h for h in heads if similarity(bags[h], bags[i], weight) >= SAME_HAPPENING), None)
            if head is None:
                heads.append(i)
            else:
                absorbed.setdefault(head, []).append(i)
                gone.add(i)
    if not absorbed:
        return list(events)
    return [_joined(events[i], [events[j] for j in absorbed.get(i, [])]) for i in range(len(events)) if i not in gone]


def _joined(head: Event, others: list[Event]) -> Event:
    if not others:
        return head
    parts = [head, *others]
    dated = [m for e in parts for m in e.mentions if m.time is not None]
    undated = [m for e in parts for m in e.mentions if m.time is None]
    return Event(
        id=head.id,
        headline=head.headline,
        value=head.value,
        granularity=head.granularity,
        start=head.start,
        end=head.end,
        end_value=head.end_value,
        mentions=tuple(dated + undated),
        sources=tuple(dict.fromkeys(a for e in parts for a in e.sources)),
        actors=tuple(dict.fromkeys(a for e in parts for a in e.actors))[:8],
        future=head.future,
        salience=head.salience,
    )

"""One event per real happening of a day: same-day events that tell one act merge.

Deduplication merges mentions whose words are alike; the same act is often told with other
words ("the singer died aged 50", "he was pronounced dead in hospital"), and then a day's slots
go to copies of it. Two events of one day are one happening when what they name is alike: the
same actors and the same content words, in the dated sentences of either (each word weighed by
how rare it is among the day's events, so the story's own words, in every event, weigh little).
They are also one when both tell the same kind of act (a death, an arrest, a signing: the
word table sameday.toml) of the same subject: the name nearest before the act's word is the
same person or body (by its last word: "Michael Jackson", "Jackson"), or one of them tells it
of "he" or "she" (someone the report named before), which is then the best-sourced event's.
Distinct acts of one day (a president's arrival, the deal signed during his visit; two people
named apart who died that day) stay apart. This runs over Event records after merging, before
salience is weighed.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timedelta
from importlib import resources

from timeline.records import Event, Mention

with resources.files("timeline").joinpath("sameday.toml").open("rb") as _file:
    ACTS: dict[str, list[str]] = tomllib.load(_file)["acts"]
_KIND_OF = {word: kind for kind, words in ACTS.items() for word in words}
# Every act's words in one pattern, over the lowered clause (one search for the many clauses with none).
_ACT_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(_KIND_OF, key=len, reverse=True)) + r")\b")
# A subject told by a personal pronoun: someone the report named before.
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_SOMEONE = "(pronoun)"

# How alike (cosine of rarity-weighed words and names) two events of one day must be to be one.
SAME_HAPPENING = 0.5
# A day with more events than this is not compared pair by pair (an archive's busiest day).
MOST_EVENTS_A_DAY = 400


def _bag(event: Event) -> set[str]:
    """The words and names of the event's dated sentences (names lowered, as words)."""
    bag: set[str] = set()
    for mention in event.mentions:
        if mention.time is None:
            continue
        bag.update(mention.terms)
        bag.update(f"@{actor.lower()}" for actor in mention.actors)
    return bag


def similarity(a: set[str], b: set[str], weight: dict[str, float]) -> float:
    """Cosine of two bags of words, each weighed by `weight` (its rarity)."""
    shared = a & b
    if not shared:
        return 0.0
    # (fsum: exact, so the same whatever order a set gives its words in this process)
    dot = math.fsum(weight[w] ** 2 for w in shared)
    return dot / math.sqrt(math.fsum(weight[w] ** 2 for w in a) * math.fsum(weight[w] ** 2 for w in b))


def acts(mention: Mention) -> set[tuple[str, str]]:
    """The (kind of act, subject) pairs the mention's clause tells: its subject is the last word of
    the name nearest before the act's word, or _SOMEONE for "he"/"she" there, or none (no pair)."""
    found: set[tuple[str, str]] = set()
    clause = mention.clause
    seen: set[str] = set()
    for hit in _ACT_WORD.finditer(clause.lower()):
        kind = _KIND_OF[hit.group()]
        if kind in seen:
            continue
        seen.add(kind)
        before = clause[: hit.start()]
        named = [(before.rfind(actor), actor) for actor in mention.actors if actor in before]
        if named:
            found.add((kind, max(named)[1].split()[-1].lower()))
        elif _PRONOUN.search(before):
            found.add((kind, _SOMEONE))
    return found


def _acts_of(event: Event) -> set[tuple[str, str]]:
    return set().union(*(acts(m) for m in event.mentions if m.time is not None))


def same_act(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> bool:
    """Whether two events' acts include one kind of act of one subject ("he"/"she" is anyone's)."""
    if a & b:
        return True
    return any((kind, _SOMEONE) in b for kind, _ in a) or any((kind, _SOMEONE) in a for kind, _ in b)


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
        told = {i: _acts_of(events[i]) for i in members}
        used_by = Counter(w for bag in bags.values() for w in bag)
        weight = {w: math.log((1 + len(members)) / n) for w, n in used_by.items()}
        # Best sourced first: each event joins the first better one it tells the same as.
        order = sorted(members, key=lambda i: (-len(events[i].sources), i))
        heads: list[int] = []
        for i in order:
            head = next(
                (h for h in heads if same_act(told[h], told[i]) or similarity(bags[h], bags[i], weight) >= SAME_HAPPENING), None
            )
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
    # The head's record (its id, headline, date and any other field) with every part's reports.
    return dataclasses.replace(
        head,
        mentions=tuple(dated + undated),
        sources=tuple(dict.fromkeys(a for e in parts for a in e.sources)),
        actors=tuple(dict.fromkeys(a for e in parts for a in e.actors))[:8],
    )

"""A timeline's default title, made from its story: who it is about and when ("Huawei and MTS,
February-June 2019"), for a build given no --title.

Who: the two names most articles use among the drawn events' actors (a name counts once per
article that reports an event naming it; a title alone, "Dr", is no name). When: the months
from the first to the last of the most salient dates of the drawn events that are not plans (a plan may run
years on; history recalled far back ranks below them), within --from/--until when given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from timeline.mentions import WORDS
from timeline.records import Event, Span

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# How many names the title gives.
NAMES = 2
# The span is that of the best events of this many of the most salient dates among those drawn
# (all of them on a small story).
SPAN_DATES = 12
_TITLES = frozenset(WORDS["abbreviations"])


def main_actors(events: Sequence[Event], count: int = NAMES) -> list[str]:
    """The `count` names used by the most articles among `events` (ties: the name met first).
    A longer name counts for the names it holds ("Huawei Chairman Guo Ping" for "Huawei"), and
    is not given beside one of them."""
    used_by: dict[str, set[str]] = {}
    for event in events:
        for actor in event.actors:
            if not all(word.lower().rstrip(".") in _TITLES for word in actor.split()):
                used_by.setdefault(actor, set()).update(event.sources)
    for name in list(used_by):
        for part in _parts(name):
            if part in used_by:
                used_by[part] |= used_by[name]
    # "Syrian" is Syria's: the title names the place once. (A place and its people's word share
    # their first three letters: only those are compared, not every pair of names.)
    by_start: dict[str, list[str]] = {}
    for name in used_by:
        if " " not in name and len(name) >= 4:
            by_start.setdefault(name[:3], []).append(name)
    for name in list(used_by):
        candidates = (other for other in by_start.get(name[:3], ()) if other in used_by)
        place = next((other for other in candidates if _demonym_of(name, other)), None)
        if place is not None:
            used_by[place] |= used_by.pop(name)
    tally = Counter({actor: len(articles) for actor, articles in used_by.items()})
    chosen: list[str] = []
    for actor, _ in tally.most_common():
        if not any(_holds(actor, c) or _holds(c, actor) for c in chosen):
            chosen.append(actor)
            if len(chosen) == count:
                break
    return chosen


_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


def _demonym_of(word: str, place: str) -> bool:
    """Whether `word` is the people or adjective of `place` as English spells most ("Syrian" of
    "Syria", "Chinese" of "China", "Iraqi" of "Iraq", "Mexicans" of "Mexico"; not "Iran" of "Iraq")."""
    if " " in word or " " in place or len(place) < 4 or len(word) <= len(place):
        return False
    word = word[:-1] if word.endswith(("ns", "is")) else word  # "Syrians", "Iraqis"
    return any(
        word.startswith(stem) and word[len(stem) :] in _DEMONYM_ENDINGS
        for stem in {place, place[:-1] if place[-1] in "aeoy" else place}
    )


def _parts(name: str) -> set[str]:
    """The shorter runs of words in `name` ("Huawei", "Guo Ping" in "Huawei Chairman Guo Ping")."""
    words = name.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {name}


def _holds(longer: str, shorter: str) -> bool:
    """Whether `shorter` is `longer`'s words in part ("Huawei" in "Huawei Chairman Guo Ping")."""
    words, part = longer.split(), shorter.split()
    return len(part) < len(words) and any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _most_salient_days(events: Sequence[Event]) -> list[Event]:
    """The most salient event of each of the SPAN_DATES most salient dates (days or periods)."""
    best: dict[tuple[date, date], Event] = {}
    for event in sorted(events, key=lambda e: (-e.salience, e.start)):
        best.setdefault((event.start, event.end), event)
        if len(best) == SPAN_DATES:
            break
    return list(best.values())


def months(first: date, last: date) -> str:
    """'June 2019', 'February-June 2019', 'November 2018-March 2019' (`last` included)."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{MONTH_NAMES[first.month - 1]}-{MONTH_NAMES[last.month - 1]} {first.year}"
    return f"{MONTH_NAMES[first.month - 1]} {first.year}-{MONTH_NAMES[last.month - 1]} {last.year}"


def default_title(events: Sequence[Event], within: Span | None = None) -> str | None:
    """The title made from `events` (those drawn), or None when they name nobody and no day."""
    reported = [e for e in events if not e.future] or list(events)
    if not reported:
        return None
    reported = _most_salient_days(reported)
    first = min(e.start for e in reported)
    last = max(e.end for e in reported) - timedelta(days=1)
    if within is not None:
        first = max(first, within.first) if within.first is not None else first
        last = min(last, within.last) if within.last is not None else last
    when = months(first, max(first, last))
    names = main_actors(events)
    return f"{' and '.join(names)}, {when}" if names else when

"""An editor's corrections, kept in an edits file and applied to every build of a timeline.

The machine drafts, the editor corrects, and rebuilding with more articles keeps the corrections:
they are keyed by event id (dedup.event_id), which stays the same across builds. The file, in
YAML (docs/editing.md has the whole of it):

    events:
      e1a2b3c4d5e6f:
        headline: Huawei and MTS sign 5G deal in Moscow
        text: The longer text under the headline.
        date: 2019-06-05          # a TIMEX3 value: 2019, 2019-05, 2019-06-05, 2019-W23, 2019-Q2, ...
        hide: true                # never drawn, listed or exported
        pin: true                 # always drawn, whatever --max-events
        merge: [e0f1e2d3c4b5a]    # these events are one, with all their sources
    add:
      - date: 2019-05-15
        headline: Trump signs telecoms security order
        url: https://example.org/order
        text: The longer text.

Reading (`load`) checks everything before any article is read: a bad file is an EditsError
naming the file and the entry. Applying (`apply`) works on the events a build drew and ranked,
whichever way they were merged, so both merging paths give the same edited timeline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, overload

import yaml

from timeline import salience
from timeline.dedup import date_order, mention_id
from timeline.records import Event, Timeline
from timeline.render import date_label, safe_url
from timeline.temporal import values

EVENT_KEYS = ("headline", "text", "date", "hide", "pin", "merge")
ADDED_KEYS = ("date", "headline", "url", "text")
TOP_KEYS = ("events", "add")


class EditsError(ValueError):
    """A bad edits file: which file, which entry, what is wrong with it."""

    def __init__(self, path: str, entry: str, problem: str) -> None:
        super().__init__(f"{path}: {entry}: {problem}")


@dataclass(frozen=True)
class EventEdit:
    """The corrections to one event; None (or False, or empty) leaves it as drafted."""

    headline: str | None = None
    text: str | None = None
    value: str | None = None  # TIMEX3
    hide: bool = False
    pin: bool = False
    merge: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddedEvent:
    """An event the articles missed."""

    value: str
    headline: str
    url: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Edits:
    path: str
    events: dict[str, EventEdit] = field(default_factory=dict)  # by event id, in the file's order
    added: tuple[AddedEvent, ...] = ()


# --- reading and checking -------------------------------------------------------------------


def load(path: Path) -> Edits:
    """The edits in `path`, every entry checked; EditsError names the first bad one."""
    name = str(path)
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EditsError(name, "the file", f"cannot be read ({getattr(error, 'strerror', None) or error})") from None
    return parse(content, name)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, with dates left as written (2019-06-05 is a TIMEX3 value here, and
    2019-13-01 a bad one to report, not a loader's crash)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_repeats(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A mapping whose keys are given once: YAML would keep the last of an id given twice, and
    drop the editor's first correction without a word."""
    mapping = loader.construct_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"{key} is given twice", key_node.start_mark)
        seen.add(key)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def parse(content: str, name: str = "<edits>") -> Edits:
    try:
        data = yaml.load(content, Loader=_Loader)  # (a safe loader)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f"line {where.line + 1}" if where is not None else "the file"
        problem = getattr(error, "problem", None) or str(error)
        raise EditsError(name, at, problem if isinstance(error, yaml.constructor.ConstructorError) else f"not valid YAML ({problem})") from None
    if data is None:
        return Edits(name)
    if not isinstance(data, dict):
        raise EditsError(name, "the file", f"must be a mapping with {' and '.join(TOP_KEYS)}")
    _known_keys(name, "the file", data, TOP_KEYS)
    events_data = data.get("events") or {}
    if not isinstance(events_data, dict):
        raise EditsError(name, "events", "must map event ids to their edits")
    events: dict[str, EventEdit] = {}
    for key, entry in events_data.items():
        event_id = str(key)
        events[event_id] = _event_edit(name, f"events.{event_id}", entry)
    added_data = data.get("add") or []
    if not isinstance(added_data, list):
        raise EditsError(name, "add", "must be a list of events ('- date: ...')")
    added = tuple(_added_event(name, f"add #{n}", entry) for n, entry in enumerate(added_data, 1))
    _check_merges(name, events)
    seen: dict[tuple[str, str], int] = {}
    for n, event in enumerate(added, 1):
        first = seen.setdefault((event.value, event.headline), n)
        if first != n:
            raise EditsError(name, f"add #{n}", f"the same date and headline as add #{first}")
    return Edits(name, events, added)


def _known_keys(name: str, entry: str, data: dict[Any, Any], known: Sequence[str]) -> None:
    for key in data:
        if key not in known:
            raise EditsError(name, entry, f"unknown key {str(key)!r} (known: {', '.join(known)})")


def _event_edit(name: str, entry: str, data: object) -> EventEdit:
    if data is None:  # an id uncommented alone: nothing to change
        return EventEdit()
    if not isinstance(data, dict):
        raise EditsError(name, entry, f"must be a mapping of {', '.join(EVENT_KEYS)}")
    _known_keys(name, entry, data, EVENT_KEYS)
    merge = data.get("merge", [])
    if isinstance(merge, str):
        merge = [merge]
    if not isinstance(merge, list) or not all(isinstance(m, str) and m.strip() for m in merge):
        raise EditsError(name, f"{entry}: merge", "must be a list of event ids")
    if data.get("hide") is True and data.get("pin") is True:
        raise EditsError(name, entry, "hide and pin both: an event is either never drawn or always drawn")
    return EventEdit(
        headline=_text(name, entry, data, "headline", required=False),
        text=_text(name, entry, data, "text", required=False, may_be_empty=True),
        value=_date(name, entry, data, required=False),
        hide=_flag(name, entry, data, "hide"),
        pin=_flag(name, entry, data, "pin"),
        merge=tuple(m.strip() for m in merge),
    )


def _added_event(name: str, entry: str, data: object) -> AddedEvent:
    if not isinstance(data, dict):
        raise EditsError(name, entry, f"must be a mapping of {', '.join(ADDED_KEYS)}")
    _known_keys(name, entry, data, ADDED_KEYS)
    url = data.get("url")
    if url is not None and (not isinstance(url, str) or safe_url(url) is None):
        raise EditsError(name, f"{entry}: url", f"{url!r} is not an http(s) link")
    return AddedEvent(
        value=_date(name, entry, data, required=True) or "",
        headline=_text(name, entry, data, "headline", required=True) or "",
        url=safe_url(url) if url else None,
        text=_text(name, entry, data, "text", required=False, may_be_empty=True) or "",
    )


def _text(name: str, entry: str, data: dict[str, Any], key: str, *, required: bool, may_be_empty: bool = False) -> str | None:
    if key not in data:
        if required:
            raise EditsError(name, entry, f"needs a {key}")
        return None
    value = data[key]
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # YAML reads a headline like 1984 as a number
        value = str(value)
    if value is None and may_be_empty:
        return ""
    if not isinstance(value, str) or (not value.strip() and not may_be_empty):
        raise EditsError(name, f"{entry}: {key}", "must be text")
    return " ".join(value.split()) if key == "headline" else value.strip()


def _flag(name: str, entry: str, data: dict[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise EditsError(name, f"{entry}: {key}", f"must be true or false, not {value!r}")
    return value


def _date(name: str, entry: str, data: dict[str, Any], *, required: bool) -> str | None:
    if "date" not in data:
        if required:
            raise EditsError(name, entry, "needs a date (a TIMEX3 value: 2019, 2019-05, 2019-06-05, 2019-W23, ...)")
        return None
    value = timex_value(data["date"])
    if value is None:
        raise EditsError(name, f"{entry}: date", f"{data['date']!r} is not a date (a TIMEX3 value: 2019, 2019-05, 2019-06-05, 2019-W23, ...)")
    return value


def timex_value(raw: object) -> str | None:
    """`raw` as a TIMEX3 value naming a calendar period, or None. (YAML reads 2019 as a number:
    taken as written.)"""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    return text if values.interval(text) is not None else None


def _check_merges(name: str, events: dict[str, EventEdit]) -> None:
    merged_into: dict[str, str] = {}
    for event_id, edit in events.items():
        for other in edit.merge:
            if other == event_id:
                raise EditsError(name, f"events.{event_id}: merge", "an event cannot be merged into itself")
            if other in merged_into:
                raise EditsError(name, f"events.{event_id}: merge", f"{other} is merged into {merged_into[other]} already")
            merged_into[other] = event_id
    for other, into in merged_into.items():
        if other in events and events[other].merge:
            raise EditsError(name, f"events.{other}: merge", f"it is merged into {into}: give all the ids to {into}'s merge")


# --- applying -------------------------------------------------------------------------------


def added_id(value: str, headline: str) -> str:
    """The id of an event an editor added (or a sheet's row without one): from its date and headline."""
    return "a" + hashlib.sha1(f"{value}\n{headline}".encode()).hexdigest()[:12]


def apply(timeline: Timeline, edits: Edits, max_events: int | None) -> tuple[Timeline, list[str]]:
    """`timeline` with `edits` applied, and a warning for each id no event has any more.

    The drawn events are those drawn before, less the hidden and merged ones, with the pinned and
    added ones forced in; the rest of the --max-events allowance is filled from the events below
    the cut, most salient first (or, when pins and additions pass it, the least salient unpinned
    drawn events go below it). An id no event has is looked up among the ids every mention of
    the events would give (an event that gained an earlier report has another founding mention).
    The events below the cut are read as they are needed, never all held at once (an archive's
    are on disk), and stay below it in their ranked order, the edited ones moved to their places."""
    drawn, below = list(timeline.events), timeline.more_events
    count = len(drawn) + len(below)

    def original(n: int) -> Event:
        return drawn[n] if n < len(drawn) else below[n - len(drawn)]

    latest = max((a.published for a in timeline.articles), default=None)
    wanted = set(edits.events) | {other for edit in edits.events.values() for other in edit.merge}
    place: dict[str, int] = {}
    for n, event in enumerate(itertools.chain(drawn, below)):
        if event.id in wanted:
            place.setdefault(event.id, n)
    if missing := wanted - place.keys():
        for n, event in enumerate(itertools.chain(drawn, below)):
            for mention in event.mentions:
                if mention.time is not None and (key := mention_id(mention)) in missing:
                    place.setdefault(key, n)
    warnings = [
        f"{edits.path}: events.{event_id}: no event has this id any more (the story changed); its edits are left out"
        for event_id in sorted(wanted - place.keys())
    ]
    current: dict[int, Event] = {}  # the events edits changed, by place
    removed: set[int] = set()
    pinned: set[int] = set()
    for event_id, edit in edits.events.items():
        if event_id in place:
            n = place[event_id]
            current[n] = _changed(current.get(n) or original(n), edit, latest)
    for event_id, edit in edits.events.items():
        if event_id not in place:
            continue
        n = place[event_id]
        for other in edit.merge:
            m = place.get(other)
            if m is None or m == n or m in removed:
                continue
            current[n] = _merged(current.get(n) or original(n), current.get(m) or original(m))
            removed.add(m)
            if edits.events.get(other, EventEdit()).pin:
                pinned.add(n)
        if edit.pin:
            pinned.add(n)
    for event_id, edit in edits.events.items():
        if edit.hide and event_id in place:
            removed.add(place[event_id])
    pinned -= removed

    def event(n: int) -> Event:
        return current.get(n) or original(n)

    added = [_added(a, latest) for a in edits.added]
    shown = [n for n in range(len(drawn)) if n not in removed] + sorted(n for n in pinned if n >= len(drawn))
    # Below the cut: the untouched events in their ranked order, the changed ones moved to theirs.
    untouched = _Untouched(below, {n - len(drawn) for n in removed | pinned | current.keys() if n >= len(drawn)})
    moved = [current[n] for n in current if n >= len(drawn) and n not in removed and n not in pinned]
    room = count + len(added) if max_events is None else max_events
    free = room - len(shown) - len(added)
    if free < 0:  # pins and additions past the allowance: the least salient unpinned drawn events go below
        unpinned = salience.ranked([event(n) for n in shown if n not in pinned])
        dropped = unpinned[len(unpinned) + free :]
        moved += dropped
        shown = [n for n in shown if all(event(n) is not e for e in dropped)]
    rest = _RankedBelow(untouched, moved)
    refill = [rest[k] for k in range(min(max(free, 0), len(rest)))]
    shown_events = sorted([*(event(n) for n in shown), *refill, *added], key=date_order)
    # (replace: the timeline's other fields, its title, articles and --from/--until span, stay as they are)
    return dataclasses.replace(timeline, events=tuple(shown_events), more_events=rest[len(refill) :] if refill else rest), warnings


def _rank(event: Event) -> tuple[float, int, date, str]:
    """salience.ranked's order."""
    return (-event.salience, -len(event.sources), event.start, event.id)


class _Untouched:
    """The events of a ranked sequence but those at `skipped` places, read as asked for."""

    def __init__(self, events: Sequence[Event], skipped: set[int]) -> None:
        self.events, self.skipped = events, skipped

    def places(self) -> Iterator[int]:
        return (i for i in range(len(self.events)) if i not in self.skipped)

    def insertion_point(self, event: Event) -> int:
        """Where `event` goes among all of `events` (skipped ones too: they are still in order)."""
        low, high = 0, len(self.events)
        while low < high:
            middle = (low + high) // 2
            if _rank(self.events[middle]) < _rank(event):
                low = middle + 1
            else:
                high = middle
        return low


class _RankedBelow(Sequence[Event]):
    """The events below the cut, most salient first: a ranked sequence's untouched events with
    `moved` ones put in their places, as a sequence read as asked for (an archive's stay on disk).
    Each entry of `_order` is a place in the untouched sequence, or -1 - an index into `moved`."""

    def __init__(self, untouched: _Untouched, moved: list[Event], order: array | None = None) -> None:
        self._events, self._untouched = untouched.events, untouched
        self._moved = moved if order is not None else salience.ranked(moved)  # (a slice's are ranked already)
        if order is None:
            points = [untouched.insertion_point(event) for event in self._moved]
            order = array("q")
            k = 0
            for i in untouched.places():
                while k < len(points) and points[k] <= i:
                    order.append(-1 - k)
                    k += 1
                order.append(i)
            order.extend(-1 - j for j in range(k, len(points)))
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> _RankedBelow: ...

    def __getitem__(self, index: int | slice) -> Event | _RankedBelow:
        if isinstance(index, slice):
            return _RankedBelow(self._untouched, self._moved, self._order[index])
        where = self._order[index]
        return self._events[where] if where >= 0 else self._moved[-1 - where]

    def __iter__(self) -> Iterator[Event]:
        return (self[k] for k in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (like a list: equal to its contents, so not hashable)

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)


def _changed(event: Event, edit: EventEdit, latest: date | None) -> Event:
    changes: dict[str, Any] = {}
    if edit.headline is not None and edit.headline != event.headline:
        changes["headline"] = edit.headline
    if edit.text is not None and edit.text != event.text:
        changes["text"] = edit.text
    if edit.value is not None and (edit.value != event.value or event.end_value):
        changes.update(_dated(edit.value, latest))
    return salience.with_fields(event, **changes, edited=True) if changes else event


def _dated(value: str, latest: date | None) -> dict[str, Any]:
    period = values.interval(value)
    assert period is not None  # checked when read
    granularity, start, end = period
    return {"value": value, "granularity": granularity, "start": start, "end": end, "end_value": None,
            "future": latest is not None and start > latest}  # fmt: skip


def _merged(into: Event, other: Event) -> Event:
    """`into` told also by `other`'s sources: its date and headline, every mention and source of both."""
    return salience.with_fields(
        into,
        mentions=into.mentions + other.mentions,
        sources=tuple(dict.fromkeys(into.sources + other.sources)),
        actors=tuple(dict.fromkeys(into.actors + other.actors))[:8],
        links=tuple(dict.fromkeys(into.links + other.links)),
        salience=max(into.salience, other.salience),
        edited=True,
    )


def _added(added: AddedEvent, latest: date | None) -> Event:
    dated = _dated(added.value, latest)
    return Event(id=added_id(added.value, added.headline), headline=added.headline, mentions=(), sources=(),
                 text=added.text, links=(added.url,) if added.url else (), edited=True, **dated)  # fmt: skip


# --- starting the file ----------------------------------------------------------------------


def template(timeline: Timeline, drawn_from: str) -> str:
    """An edits file for `timeline`: every drawn event's id, date and headline, commented out,
    ready to uncomment and change."""
    lines = [
        f"# The editor's corrections to {json.dumps(timeline.title, ensure_ascii=False)}, drawn from {drawn_from}.",
        "# Uncomment an event's lines and change them; add hide: true, pin: true, text: ... or merge: [other id].",
        "# Rebuild with: timeline build ARTICLES... --edits THIS_FILE (see docs/editing.md).",
        "events:",
    ]
    for event in timeline.events:
        lines += [
            f"  # {event.id}:  # {date_label(event)}",
            f"  #   date: {json.dumps(event.value)}",
            f"  #   headline: {json.dumps(event.headline, ensure_ascii=False)}",
        ]
    lines += [
        "add:  # events the articles missed",
        "  # - date: 2019-05-15",
        '  #   headline: "What happened"',
        "  #   url: https://example.org/report",
    ]
    return "\n".join(lines) + "\n"

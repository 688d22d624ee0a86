"""A timeline read back from its exported timeline.csv or timeline.json, after an editor changed
it in a spreadsheet or by hand, to draw the page again without reading the articles.

CSV: one row per event, the columns of export.CSV_COLUMNS. A row needs only `value` (a TIMEX3
value: the event's date) and `headline`; `end_value` makes it a range. `date`, `start`, `end`
and `granularity` are written for reading and follow from `value` (an edited `date` or `start`
beside an unchanged `value` is an error, not ignored). `drawn` says whether the event is on the
chart (empty: yes), `future` whether it is expected, `sources` its article ids ("; "), `urls`
its links (spaces). Columns the sheet added are ignored; a deleted row is a deleted event.

JSON: the project's own timeline.json ("events" drawn, "more_events" below the cut), each
event needing only `value` and `headline` too.

A bad row or entry is a SheetError naming the file, the row (or entry) and the column.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from timeline import span
from timeline.dedup import date_order
from timeline.edits import added_id
from timeline.export import CSV_COLUMNS
from timeline.records import Article, Event, Mention, Span, TimeExpression, Timeline
from timeline.render import date_label, safe_url
from timeline.temporal import values

REQUIRED = ("value", "headline")
# export._cell puts a ' before text a spreadsheet would run as a formula: taken off when read back.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SheetError(ValueError):
    """A sheet that cannot be drawn: the file, where in it, and what is wrong."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}")


def read(path: Path, title: str | None = None) -> Timeline:
    """The timeline in `path`, a timeline.csv or timeline.json (by its suffix)."""
    name = str(path)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SheetError(name, "the file", f"cannot be read ({getattr(error, 'strerror', None) or error})") from None
    if path.suffix.lower() == ".json":
        return from_json(content, name, title)
    if path.suffix.lower() == ".csv":
        return from_csv(content, name, title)
    raise SheetError(name, "the file", "not a .csv or .json timeline (the files `timeline build` writes)")


# --- CSV ------------------------------------------------------------------------------------


def from_csv(content: str, name: str = "<sheet>", title: str | None = None) -> Timeline:
    rows = csv.DictReader(io.StringIO(content, newline=""))
    header = rows.fieldnames or []
    for column in REQUIRED:
        if column not in header:
            raise SheetError(name, "row 1", f"no {column!r} column (a sheet needs at least {' and '.join(REQUIRED)})")
    drawn: list[Event] = []
    below: list[Event] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, 2):  # row 1 is the header, as a spreadsheet numbers them
        if None in row:
            raise SheetError(name, f"row {number}", f"more cells than the {len(header)} columns")
        cells = {key: _uncell(row.get(key) or "") for key in CSV_COLUMNS}
        if not any(cells.values()):
            continue  # an emptied row
        event, shown = _row_event(name, number, cells)
        first = seen.setdefault(event.id, number)
        if first != number:
            raise SheetError(name, f"row {number}, column id", f"{event.id} is the id of row {first} too")
        (drawn if shown else below).append(event)
    return Timeline(title=title or _title_of(name), articles=(), events=tuple(sorted(drawn, key=date_order)), more_events=tuple(below))


def _uncell(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] and text[1:2] in _FORMULA_STARTS else text


def _row_event(name: str, number: int, cells: dict[str, str]) -> tuple[Event, bool]:
    def fail(column: str, problem: str) -> SheetError:
        return SheetError(name, f"row {number}, column {column}", problem)

    value, headline = cells["value"].strip(), " ".join(cells["headline"].split())
    period = values.interval(value)
    if period is None:
        raise fail("value", f"{value!r} is not a date (a TIMEX3 value: 2019, 2019-05, 2019-06-05, 2019-W23, ...)" if value else "empty")
    if not headline:
        raise fail("headline", "empty")
    granularity, start, end = period
    end_value = cells["end_value"].strip() or None
    if end_value is not None:
        last = values.interval(end_value)
        if last is None:
            raise fail("end_value", f"{end_value!r} is not a date (a TIMEX3 value)")
        if last[2] <= start:
            raise fail("end_value", f"{end_value} ends before {value} starts")
        end = last[2]
    event = Event(id="", headline=headline, value=value, granularity=granularity, start=start, end=end, end_value=end_value,
                  mentions=(), sources=())  # fmt: skip
    _check_date_columns(cells, event, fail)
    future = _yes_no(cells["future"], "future", fail, default=False)
    shown = _yes_no(cells["drawn"], "drawn", fail, default=True)
    links = []
    for link in cells["urls"].split():
        if safe_url(link) is None:
            raise fail("urls", f"{link!r} is not an http(s) link")
        links.append(link)
    sources = tuple(dict.fromkeys(s.strip() for s in cells["sources"].split(";") if s.strip()))
    given_id = cells["id"].strip()
    if given_id and (any(c.isspace() for c in given_id) or len(given_id) > 100):
        raise fail("id", f"{given_id[:40]!r} is not an event id")
    event = Event(id=given_id or added_id(value, headline), headline=headline, value=value, granularity=granularity, start=start,
                  end=end, end_value=end_value, mentions=(), sources=sources, future=future, text=cells["text"].strip(),
                  links=tuple(links), edited=not given_id)  # fmt: skip
    return event, shown


def _check_date_columns(cells: dict[str, str], event: Event, fail: Any) -> None:
    """An edited `date` or `start` beside the `value` it was written from: the date is read from
    `value` alone, so say so rather than drop the change. (When `value` was changed, both are
    stale, and `value` wins.)"""
    label, start = cells["date"].strip(), cells["start"].strip()
    if not label or not start:
        return
    if label != date_label(event) and start == event.start.isoformat():
        raise fail("date", f"{label!r} does not match value {event.value} ({date_label(event)}): the date is read from value; change value, or empty this cell")
    if start != event.start.isoformat() and label == date_label(event):
        raise fail("start", f"{start} does not match value {event.value} (from {event.start}): the date is read from value; change value, or empty this cell")


def _yes_no(cell: str, column: str, fail: Any, *, default: bool) -> bool:
    text = cell.strip().lower()
    if not text:
        return default
    if text in ("yes", "no"):
        return text == "yes"
    raise fail(column, f"{cell!r} is not yes or no")


def _title_of(name: str) -> str:
    return Path(name).stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Timeline"


# --- JSON -----------------------------------------------------------------------------------


def from_json(content: str, name: str = "<timeline.json>", title: str | None = None) -> Timeline:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise SheetError(name, f"line {error.lineno}", f"not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise SheetError(name, "the file", "not a timeline.json (no list of events)")
    articles = tuple(_article(name, n, item) for n, item in enumerate(_list(name, data, "generated_from"), 1))
    seen: dict[str, str] = {}
    lists: dict[str, list[Event]] = {}
    for key in ("events", "more_events"):
        lists[key] = []
        for n, item in enumerate(_list(name, data, key), 1):
            where = f"{key} #{n}"
            event = _json_event(name, where, item)
            first = seen.setdefault(event.id, where)
            if first != where:
                raise SheetError(name, f"{where}, field id", f"{event.id} is the id of {first} too")
            lists[key].append(event)
    heading = title or data.get("title")
    if not isinstance(heading, str) or not heading.strip():
        heading = _title_of(name)
    return Timeline(title=heading, articles=articles, events=tuple(sorted(lists["events"], key=date_order)),
                    more_events=tuple(lists["more_events"]), span=_span(name, data.get("span")))  # fmt: skip


def _span(name: str, given: Any) -> Span | None:
    """The days the timeline was built for (--from, --until: the JSON's "span"), or None."""
    if given is None:
        return None
    if not isinstance(given, dict):
        raise SheetError(name, "span", "not an object of 'from' and 'until' days")
    days: list[date | None] = []
    for key in ("from", "until"):
        text = given.get(key)
        if text is not None and not isinstance(text, str):
            raise SheetError(name, f"span, field {key}", "not a day as YYYY-MM-DD")
        try:
            days.append(span.parse_day(text, key) if text is not None else None)
        except ValueError as error:
            raise SheetError(name, f"span, field {key}", str(error)) from None
    try:
        return span.make(*days)
    except ValueError as error:
        raise SheetError(name, "span", str(error)) from None


def _list(name: str, data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise SheetError(name, key, "must be a list")
    return items


def _article(name: str, n: int, item: Any) -> Article:
    where = f"generated_from #{n}"
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise SheetError(name, where, "an article needs an id")
    try:
        published = date.fromisoformat(str(item.get("published")))
    except ValueError:
        raise SheetError(name, f"{where}, field published", f"{item.get('published')!r} is not a date (YYYY-MM-DD)") from None
    url = item.get("url")
    return Article(id=item["id"], text="", published=published, title=_optional_text(name, where, item, "title"),
                   url=url if isinstance(url, str) and safe_url(url) else None)  # fmt: skip


def _optional_text(name: str, where: str, item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise SheetError(name, f"{where}, field {key}", "must be text")
    return value


def _json_event(name: str, where: str, item: Any) -> Event:
    if not isinstance(item, dict):
        raise SheetError(name, where, "an event must be an object")

    def fail(field: str, problem: str) -> SheetError:
        return SheetError(name, f"{where}, field {field}", problem)

    value = item.get("value")
    period = values.interval(value) if isinstance(value, str) else None
    if period is None:
        raise fail("value", f"{value!r} is not a date (a TIMEX3 value: 2019, 2019-05, 2019-06-05, 2019-W23, ...)")
    headline = item.get("headline")
    if not isinstance(headline, str) or not headline.strip():
        raise fail("headline", "must be text")
    granularity, start, end = period
    end_value = item.get("end_value")
    if end_value is not None:
        last = values.interval(end_value) if isinstance(end_value, str) else None
        if last is None or last[2] <= start:
            raise fail("end_value", f"{end_value!r} is not a date after {value}")
        end = last[2]
    sources = _strings(item.get("sources"), "sources", fail)
    links = _strings(item.get("links"), "links", fail)
    for link in links:
        if safe_url(link) is None:
            raise fail("links", f"{link!r} is not an http(s) link")
    given_id = item.get("id")
    if given_id is not None and (not isinstance(given_id, str) or not given_id.strip()):
        raise fail("id", "must be text")
    flags = {key: item.get(key, False) for key in ("future", "edited")}
    for key, flag in flags.items():
        if not isinstance(flag, bool):
            raise fail(key, "must be true or false")
    score = item.get("salience", 0.0)
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        raise fail("salience", "must be a number")
    text = item.get("text") or ""
    if not isinstance(text, str):
        raise fail("text", "must be text")
    mentions = tuple(_mention(m, k, fail) for k, m in enumerate(item.get("mentions") or []))
    return Event(id=given_id or added_id(value, headline), headline=" ".join(headline.split()), value=value,
                 granularity=granularity, start=start, end=end, end_value=end_value, mentions=mentions, sources=sources,
                 actors=_strings(item.get("actors"), "actors", fail), future=flags["future"], salience=float(score), text=text,
                 links=links, edited=flags["edited"] or not given_id)  # fmt: skip


def _strings(items: Any, field: str, fail: Any) -> tuple[str, ...]:
    if items is None:
        return ()
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise fail(field, "must be a list of text")
    return tuple(items)


def _mention(item: Any, index: int, fail: Any) -> Mention:
    """A mention as the JSON keeps it: its article and sentence, and its time expression's text and value."""
    if not isinstance(item, dict) or not isinstance(item.get("article"), str) or not isinstance(item.get("sentence"), str):
        raise fail(f"mentions #{index + 1}", "a mention needs an article and a sentence")
    expression, value = item.get("expression"), item.get("value")
    time = None
    if isinstance(expression, str) and isinstance(value, str):
        period = values.interval(value)
        granularity, start, end = period if period else (None, None, None)
        time = TimeExpression(0, len(expression), expression, "DATE", value, granularity, start, end,
                              _text_or_none(item.get("mod")), _text_or_none(item.get("end_value")))  # fmt: skip
    return Mention(article_id=item["article"], sentence=item["sentence"], clause=item["sentence"], time=time, sentence_index=index)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


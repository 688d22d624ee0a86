"""Exports: the timeline as JSON (the project's own schema), TimelineJS JSON, CSV and a static
PNG/SVG image."""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import orjson

from timeline.records import Event, Mention, Timeline
from timeline.render import date_label, figure, quote, safe_url, source_link_html
from timeline.screenshot import chromium_path

SCHEMA_VERSION = 1


def timeline_dict(timeline: Timeline) -> dict[str, object]:
    """The documented JSON form of a timeline (see README, "timeline.json")."""
    return {key: list(value) if key in _EVENT_LISTS else value for key, value in _timeline_fields(timeline).items()}


# The fields holding every event with every mention, and every article: encoded an item at a
# time (json_chunks), never whole (an archive has a million events and fifty thousand articles).
_EVENT_LISTS = ("events", "generated_from", "more_events")


def _timeline_fields(timeline: Timeline) -> dict[str, object]:
    # The days asked for (--from, --until), when some were: every event listed touches them.
    asked = {"span": {"from": _day(timeline.span.first), "until": _day(timeline.span.last)}} if timeline.span else {}
    return {
        "schema": SCHEMA_VERSION,
        "title": timeline.title,
        **asked,
        "generated_from": ({"id": a.id, "title": a.title, "published": a.published.isoformat(), "url": a.url} for a in timeline.articles),
        "events": map(_event_dict, timeline.events),
        # Below a --max-events cut: most salient first, for a reader to show on demand.
        "more_events": map(_event_dict, timeline.more_events),
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _event_dict(event: Event) -> dict[str, object]:
    return {
        "id": event.id,
        "headline": event.headline,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "granularity": event.granularity,
        "value": event.value,
        "end_value": event.end_value,
        "future": event.future,
        "salience": round(event.salience, 3),
        "actors": list(event.actors),
        "sources": list(event.sources),
        "mentions": [_mention_dict(m) for m in event.mentions],
        # An editor's: the text under the headline, links of its own, and whether it was edited,
        # added or merged by hand (timeline/edits.py).
        "text": event.text,
        "links": list(event.links),
        "edited": event.edited,
    }


def _mention_dict(mention: Mention) -> dict[str, object]:
    time = mention.time
    return {
        "article": mention.article_id,
        "sentence": mention.sentence,
        "expression": time.text if time else None,
        "value": time.value if time else None,
        "end_value": time.end_value if time else None,
        "mod": time.mod if time else None,
    }


def to_json(timeline: Timeline) -> str:
    return json.dumps(timeline_dict(timeline), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _encode(value: object) -> str:
    """`value` as to_json lays it out (two-space indent, sorted keys, UTF-8 text), through orjson:
    the same text as json's encoder (tested), several times faster, which tells on the JSON of
    an archive."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()


def json_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_json`'s text piece by piece, to write as it is made: an event at a time, so that an
    archive's events (read from disk, each with every mention) are never all in memory at once.
    The same text as the whole encoding: each value is encoded alone and indented to its level
    (a JSON string holds no raw newline, so re-indenting its lines is exact)."""
    fields = _timeline_fields(timeline)
    for n, key in enumerate(sorted(fields)):
        yield ("{" if n == 0 else ",") + "\n  " + _encode(key) + ": "
        value = fields[key]
        if key in _EVENT_LISTS:
            yield from _list_chunks(value, "  ")  # type: ignore[arg-type]
        else:
            yield _encode(value).replace("\n", "\n  ")
    yield "\n}\n"


def _list_chunks(items: Iterable[object], indent: str) -> Iterator[str]:
    """A list at `indent`, encoded item by item as json's indented encoding lays it out."""
    inner = indent + "  "
    empty = True
    for item in items:
        yield ("[" if empty else ",") + "\n" + inner + _encode(item).replace("\n", "\n" + inner)
        empty = False
    yield "[]" if empty else "\n" + indent + "]"


# --- TimelineJS ------------------------------------------------------------------------------
# Knight Lab's TimelineJS reads {"title": slide, "events": [slide]} where a slide has start_date
# (and end_date) as {"year", "month", "day", "display_date"}, "text": {"headline", "text"} and an
# optional "group" and "unique_id". TimelineJS inserts headline and text as HTML, so article
# text is escaped and only http(s) links are kept.

_TIMELINEJS_PRECISION = {"day": 3, "time": 3, "week": 3, "month": 2, "quarter": 2, "half": 2, "season": 2}


def _timelinejs_date(day: date, granularity: str) -> dict[str, int]:
    precision = _TIMELINEJS_PRECISION.get(granularity, 1)  # year, decade, century: the year alone
    parts = {"year": day.year, "month": day.month, "day": day.day}
    return dict(list(parts.items())[:precision])


def timelinejs_dict(timeline: Timeline) -> dict[str, object]:
    """The timeline as a TimelineJS 3 JSON file, dates at their granularity with `display_date`."""
    articles = {a.id: a for a in timeline.articles}
    events = []
    for event in timeline.events:
        lines = []
        for source in event.sources:
            sentence = quote(event, source)
            lines.append(f"<p>{source_link_html(source, articles)}{f': “{html.escape(sentence)}”' if sentence else ''}</p>")
        lines += [f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>' for link in event.links if (url := safe_url(link))]
        if event.text:
            lines.insert(0, f"<p>{html.escape(event.text)}</p>")
        slide: dict[str, object] = {
            "unique_id": event.id,
            "start_date": {**_timelinejs_date(event.start, event.granularity), "display_date": date_label(event)},
            "display_date": date_label(event),
            "text": {"headline": html.escape(event.headline), "text": "".join(lines)},
            "group": "Expected" if event.future else "Reported",
        }
        last_day = event.end - timedelta(days=1)
        if event.granularity not in ("day", "time") and _timelinejs_date(last_day, event.granularity) != _timelinejs_date(
            event.start, event.granularity
        ):
            slide["end_date"] = _timelinejs_date(last_day, event.granularity)
        events.append(slide)
    return {"title": {"text": {"headline": html.escape(timeline.title), "text": ""}}, "events": events}


def to_timelinejs(timeline: Timeline) -> str:
    return json.dumps(timelinejs_dict(timeline), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "granularity",
    "value",
    "end_value",
    "future",
    "headline",
    "source_count",
    "sources",
    "urls",
    "text",  # an editor's text under the headline
    "drawn",  # yes: on the chart; no: below the --max-events cut
)


# Line breaks other than "\n" ("\r", "\r\n", form feed, U+2028 ...): the csv module quotes a cell
# with "\n" in it but writes a bare "\r", on which spreadsheets end the row.
_OTHER_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _cell(value: object) -> str:
    """A spreadsheet-safe cell: every line break a "\\n" (so the cell is quoted and stays one
    cell), and text that a spreadsheet would run as a formula gets a leading '."""
    text = _OTHER_LINE_BREAKS.sub("\n", str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\n") else text


def to_csv(timeline: Timeline) -> str:
    """One row per event (events below a --max-events cut included, after the others)."""
    return "".join(csv_chunks(timeline))


def csv_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_csv`'s text a row at a time (an archive's events are read from disk as they are written)."""
    articles = {a.id: a for a in timeline.articles}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def row_text(row: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield row_text(CSV_COLUMNS)
    drawn = itertools.chain(zip(timeline.events, itertools.repeat("yes")), zip(timeline.more_events, itertools.repeat("no")))
    for event, shown in drawn:
        urls = [u for s in event.sources if s in articles and (u := safe_url(articles[s].url))]
        urls += [u for link in event.links if (u := safe_url(link)) and u not in urls]
        row = (event.id, date_label(event), event.start.isoformat(), event.end.isoformat(), event.granularity, event.value,
               event.end_value or "", "yes" if event.future else "no", event.headline, len(event.sources),
               "; ".join(event.sources), " ".join(urls), event.text, shown)  # fmt: skip
        yield row_text([_cell(v) for v in row])


# --- static image ----------------------------------------------------------------------------

IMAGE_FORMATS = ("png", "svg")


class ImageError(RuntimeError):
    """The chart could not be drawn as an image (no kaleido, no Chromium, or kaleido failed)."""


def image_bytes(timeline: Timeline, fmt: str, theme: str = "light", width: int = 1200) -> bytes:
    """The chart as PNG or SVG, drawn by kaleido in the system's Chromium (no download).

    Raises ImageError with a one-line reason when kaleido or Chromium is missing."""
    if fmt not in IMAGE_FORMATS:
        raise ImageError(f"unsupported image format {fmt!r} (use .png or .svg)")
    try:
        import kaleido  # noqa: F401  (plotly only reports a missing kaleido when it is called)
    except ImportError:
        raise ImageError("--image needs kaleido: pip install -e '.[browser]'") from None
    browser = chromium_path()
    if browser is None:
        raise ImageError("--image needs Chromium (apt-get install chromium, or set $CHROMIUM)")
    # kaleido >= 1 drives an installed Chrome through choreographer, which reads BROWSER_PATH.
    os.environ.setdefault("BROWSER_PATH", browser)
    fig = figure(timeline, theme, with_title=True)
    try:
        return fig.to_image(format=fmt, width=width, height=fig.layout.height, scale=2 if fmt == "png" else 1)
    except Exception as error:  # kaleido reports browser trouble with its own exception types
        raise ImageError(
            f"kaleido could not draw the image: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
        ) from None

"""Rendering: a Plotly timeline of the events, as a full HTML page and as an embeddable fragment.

Each event is drawn at its own granularity: a day as a point, a week, month, quarter, year or
range as a bar over its whole period; expected (future) events are hollow with dashed bars.
All article text is escaped before it reaches Plotly's pseudo-HTML labels; nothing from an
article goes into scripts, ids or config, and the page's only scripts are fixed strings.
The same timeline always gives the same bytes (the plot id is a hash of the figure).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs_version

from timeline import collector, span
from timeline.records import Article, Event, Timeline

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Below this plot-area width (CSS px) the chart labels its markers with their numbers in the
# list instead of headlines; the label lanes are laid out for this width.
LABEL_WIDTH_PX = 740
_LANE_PX = 74
NARROW_WIDTH_PX = 320  # the plot area of a 360 px phone
_NARROW_LANE_PX = 40
_MAX_LANES = 8
_LABEL_LINE_CHARS = 30
_LABEL_LINES = 3  # a headline (at most 80 characters) is shown whole
_CHAR_PX = 6.6  # average width of a character of the 12 px label font
_HOVER_LINE_CHARS = 44  # a hover box fits a 360 px phone
# Period bars are translucent, so the marks they cross show, yet keep 3:1 contrast (WCAG 1.4.11).
BAR_OPACITY = 0.8
_LONG_TIMELINE_DAYS = 4 * 366  # longer timelines can be zoomed by dragging across them (not on phones)


@dataclass(frozen=True)
class Theme:
    """The page's colours. Text colours meet WCAG AA (4.5:1) on `background` (tests check)."""

    name: str
    background: str
    ink: str  # headlines, labels
    muted: str  # axis ticks, sources
    past: str  # reported events; also the link colour
    future: str  # expected events
    grid: str
    axis: str
    hover_background: str
    hover_border: str


THEMES = {
    "light": Theme("light", "#ffffff", "#1a1a1a", "#595959", "#1d4e89", "#a3401c", "#ececec", "#8c8c8c", "#ffffff", "#8c8c8c"),
    "dark": Theme("dark", "#121820", "#eef1f4", "#aeb6bf", "#7db4f5", "#f4a268", "#27313c", "#6b7785", "#1e2731", "#6b7785"),
}


@dataclass(frozen=True)
class RenderOptions:
    """How the page is built: theme and where Plotly.js comes from ("inline" or "cdn"), for the
    page and for the fragment."""

    theme: str = "light"
    plotlyjs: str = "inline"
    fragment_plotlyjs: str = "cdn"  # the fragment's: "cdn", "inline" or "none" (the host page loads it)

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"unknown theme {self.theme!r} (choose from {', '.join(THEMES)})")
        if self.plotlyjs not in ("inline", "cdn"):
            raise ValueError(f"unknown --plotlyjs {self.plotlyjs!r} (inline or cdn)")
        if self.fragment_plotlyjs not in ("inline", "cdn", "none"):
            raise ValueError(f"unknown --fragment-plotlyjs {self.fragment_plotlyjs!r} (inline, cdn or none)")


def date_label(event: Event) -> str:
    """The event's date as a reader would write it, at its granularity ("May 2019")."""
    label = _period_label(event.granularity, event.start)
    if event.end_value:
        return f"{label}–{_period_label(event.granularity, event.end - timedelta(days=1))}"
    return label


_SEASON_OF_MONTH = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
                    6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"}  # fmt: skip


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _period_label(granularity: str, day: date) -> str:
    """The label of the period at `granularity` holding `day` (any day of it: a range's end
    label is made from its last day)."""
    if granularity in ("day", "time"):
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if granularity == "week":
        monday = day - timedelta(days=day.weekday())
        return f"week of {monday.day} {_MONTHS[monday.month - 1]} {monday.year}"
    if granularity == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if granularity == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if granularity == "half":
        return f"{'first' if day.month <= 6 else 'second'} half of {day.year}"
    if granularity == "season":
        # Winter is named by the year it starts in (TIMEX3 2019-WI runs from December 2019).
        return f"{_SEASON_OF_MONTH[day.month]} {day.year - 1 if day.month in (1, 2) else day.year}"
    if granularity == "decade":
        return f"the {day.year // 10 * 10}s"
    if granularity == "century":
        return f"{_ordinal(day.year // 100 + 1)} century"
    return str(day.year)


_HTML_DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")


def html_datetime(event: Event) -> str:
    """A valid HTML `datetime` for the event: its TIMEX3 value where HTML has that form (a year,
    month, day or week), else the first day of its period."""
    return event.value if _HTML_DATETIME.fullmatch(event.value) else event.start.isoformat()


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript:, data: and the like)."""
    if not url:
        return None
    cleaned = url.strip()
    if any(ord(c) < 33 or c in '<>"\\`' for c in cleaned):  # whitespace, controls or markup: not a plain link
        return None
    parsed = urlparse(cleaned)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return cleaned
    return None


def first_url(event: Event, articles: dict[str, Article]) -> str | None:
    """The first source's link that is safe to open (http or https), else the first of the
    event's own links (an event an editor added has no article)."""
    from_sources = (url for s in event.sources if s in articles and (url := safe_url(articles[s].url)))
    return next(from_sources, None) or next((url for link in event.links if (url := safe_url(link))), None)


def source_name(source: str, articles: dict[str, Article]) -> str:
    article = articles.get(source)
    return (article.title if article and article.title else source) or source


def quote(event: Event, source: str) -> str:
    """The sentence of `source` that reports `event` (empty when there is none)."""
    return next((m.sentence for m in event.mentions if m.article_id == source), "")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Words of `text` in lines of at most `width` characters; the last line ends in … when cut."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(line[: width - 1] + "…" if len(line) > width else line)
    if words and lines:
        lines[-1] = _short(lines[-1] + " " + " ".join(words), width)
    return lines


def label_escape(text: str) -> str:
    """Text for Plotly's pseudo-HTML labels: < > & and both quotation marks as entities, so
    article text never becomes markup. Plotly decodes numeric entities but not "&quot;"
    (which it would show as written), so the double quotation mark is "&#34;"."""
    return html.escape(text).replace("&quot;", "&#34;")


def _escaped_lines(text: str, width: int, max_lines: int) -> str:
    """Wrap, then escape each line (escaping first would count entity characters as text)."""
    return "<br>".join(label_escape(line) for line in _wrap(text, width, max_lines))


# --- layout of the chart ---------------------------------------------------------------------


def _midpoint(event: Event) -> date:
    return event.start + (event.end - event.start) // 2 if event.granularity not in ("day", "time") else event.start


def _is_point(event: Event) -> bool:
    return event.granularity in ("day", "time")


def _x_range(events: Sequence[Event]) -> tuple[date, date] | None:
    """The whole span of `events`, padded."""
    if not events:
        return None
    return _padded(min(e.start for e in events), max(e.end for e in events))


def _padded(first: date, last: date) -> tuple[date, date]:
    pad = max(timedelta(days=7), (last - first) / 14)
    # A timeline from "2,000 years ago" to the 35th century pads past the calendar's ends.
    return first - min(pad, first - date.min), last + min(pad, date.max - last)


# An event this long is a backdrop (a year, a two-year plan): its bar may run off the first view.
_BACKDROP_DAYS = 62
# An event further than this many interquartile spans from the middle half of the others is an
# outlier (a date years before the story, quoted as background).
_FENCE = 4
_MIN_SPREAD = timedelta(days=30)


def core_range(events: Sequence[Event]) -> tuple[date, date] | None:
    """The first view of the chart: where the story is, the span of its events shorter than a
    backdrop, without outliers far from the rest, padded; longer bars and outliers run off its
    edges, and zooming out shows them. The whole span when nothing is left out."""
    short = sorted((e for e in events if (e.end - e.start).days <= _BACKDROP_DAYS), key=_midpoint)
    if len(short) < 4:
        return _x_range(events)
    dates = [_midpoint(e) for e in short]
    quarter, three_quarters = dates[len(dates) // 4], dates[(3 * len(dates)) // 4]
    spread = max(three_quarters - quarter, _MIN_SPREAD)
    low, high = quarter - spread * _FENCE, three_quarters + spread * _FENCE
    kept = [e for e, d in zip(short, dates, strict=True) if low <= d <= high]
    return _padded(min(e.start for e in kept), max(e.end for e in kept))


def _anchor(event: Event, axis: tuple[date, date]) -> date:
    """Where an event's mark and label go: its midpoint, or for a bar running off the view, the
    nearest point of it inside the view (a bar's midpoint may lie out of sight)."""
    middle = _midpoint(event)
    if _is_point(event) or axis[0] <= middle <= axis[1]:
        return middle
    inside = (max(event.start, axis[0]), min(event.end, axis[1]))
    return inside[0] + (inside[1] - inside[0]) // 2 if inside[0] < inside[1] else middle


def outside(events: Sequence[Event], axis: tuple[date, date]) -> tuple[list[Event], list[Event]]:
    """The events that start before the first view, and those that end after it."""
    return [e for e in events if e.start < axis[0]], [e for e in events if e.end > axis[1] and e.start >= axis[0]]


def marker_size(event: Event) -> int:
    """Marker diameter in px: larger for events more sources report (capped at six)."""
    return 9 + 3 * min(len(event.sources), 6)


@dataclass(frozen=True)
class Placement:
    lane: int
    label: str  # escaped pseudo-HTML, "" when the event is not labelled
    position: str  # Plotly textposition


def place(
    events: Sequence[Event],
    axis: tuple[date, date] | None = None,
    width_px: int = LABEL_WIDTH_PX,
    numbers: Sequence[int] | None = None,
) -> list[Placement]:
    """A lane (row) and a label for each event so that neither labels nor marks overlap, on an
    axis `width_px` wide; labels are headlines, or the events' `numbers` (for phones).

    Events are placed most salient first, so those are the ones labelled when lanes run out;
    a label that would run off either end of the axis is anchored to its marker's side."""
    axis = axis or _x_range(events)
    if axis is None:
        return []
    days = max((axis[1] - axis[0]).days, 1)

    def px(day: date) -> float:
        return (day - axis[0]).days / days * width_px

    label_rows: list[list[tuple[float, float]]] = [[] for _ in range(_MAX_LANES)]
    mark_rows: list[list[tuple[float, float]]] = [[] for _ in range(_MAX_LANES)]
    placements: dict[int, Placement] = {}
    order = sorted(range(len(events)), key=lambda i: (-events[i].salience, -len(events[i].sources), events[i].start, i))
    for index in order:
        event = events[index]
        centre = px(_anchor(event, axis))
        radius = marker_size(event) / 2 + 3
        mark = (min(centre - radius, px(event.start)), max(centre + radius, px(event.end)))
        lines = [str(numbers[index])] if numbers else _wrap(event.headline, _LABEL_LINE_CHARS, _LABEL_LINES)
        half = max((len(line) for line in lines), default=0) * _CHAR_PX / 2 + 4
        if centre - half < 0:
            label, position = (centre - 4, centre + 2 * half), "top right"
        elif centre + half > width_px:
            label, position = (centre - 2 * half, centre + 4), "top left"
        else:
            label, position = (centre - half, centre + half), "top center"

        def free(row: list[tuple[float, float]], span: tuple[float, float]) -> bool:
            return all(span[1] < a or span[0] > b for a, b in row)

        lane = next((n for n in range(_MAX_LANES) if free(mark_rows[n], mark) and free(label_rows[n], label)), None)
        text = "<br>".join(label_escape(line) for line in lines)
        if lane is None:  # no room for its label: a mark alone, wherever it fits
            text = ""
            lane = next((n for n in range(_MAX_LANES) if free(mark_rows[n], mark)), _MAX_LANES - 1)
        else:
            label_rows[lane].append(label)
        mark_rows[lane].append(mark)
        placements[index] = Placement(lane, text, position)
    return [placements[i] for i in range(len(events))]


# Events below the --max-events cut that the page lists and draws (hidden until asked for): a
# reader will not scroll through thousands, and the page stays small; timeline.json has them all.
MORE_EVENTS_SHOWN = 200


def figure(timeline: Timeline, theme: str | Theme = "light", with_title: bool = False) -> go.Figure:
    """The Plotly figure of `timeline` (`with_title` for static images, which have no page heading).

    Laid out for a wide screen, with headline labels; each trace's `meta` and the layout's `meta`
    also carry a compact layout with numbered labels that the page's script uses on phones."""
    colours = THEMES[theme] if isinstance(theme, str) else theme
    # Events running past --from or --until are drawn cut at the span's ends.
    events = [span.drawn(e, timeline.span) for e in timeline.events]
    more = [span.drawn(e, timeline.span) for e in timeline.more_events[:MORE_EVENTS_SHOWN]]
    articles = {a.id: a for a in timeline.articles}
    # The axis is the drawn events' own: a stray date far off among those below the cut (a
    # Roman history quoted in a review) would squeeze the story into a sliver. Those outside it
    # are still listed under the chart, with their numbers.
    full = _x_range(events) or _x_range(more)
    # The first view frames the story (core_range); longer bars and outliers run off its edges,
    # their dates written there, and double-clicking the chart zooms out to all of them.
    axis = core_range(events) or full
    cropped = axis is not None and full is not None and (axis[0] > full[0] or axis[1] < full[1])
    numbers = list(range(1, len(events) + 1))
    more_numbers = list(range(len(events) + 1, len(events) + len(more) + 1))
    if axis is not None:
        assert full is not None
        in_view = [(n, e) for n, e in zip(more_numbers, more, strict=True) if full[0] <= e.start and e.end <= full[1]]
        more_numbers, more = [n for n, _ in in_view], [e for _, e in in_view]
    wide = place(events, axis) + place(more, axis)
    narrow = place(events, axis, NARROW_WIDTH_PX, numbers) + place(more, axis, NARROW_WIDTH_PX, more_numbers)
    rows = [(n, e, w, c, n > len(events)) for n, e, w, c in zip(numbers + more_numbers, events + more, wide, narrow, strict=True)]
    fig = go.Figure()
    for group in ("reported", "expected", "more"):
        chosen = [(n, e, w, c) for n, e, w, c, extra in rows if _group(e, extra) == group]
        if not chosen:
            continue
        colour = {"reported": colours.past, "expected": colours.future, "more": colours.muted}[group]
        hidden = group == "more"  # events below a --max-events cut: shown from the legend
        _add_bars(fig, [(e, w.lane, c.lane) for _, e, w, c in chosen], colour, group == "expected", hidden)
        fig.add_trace(
            go.Scatter(
                x=[_anchor(e, axis) if axis else _midpoint(e) for _, e, _, _ in chosen],
                y=[-w.lane for _, _, w, _ in chosen],
                mode="markers+text",
                name={"reported": "Reported", "expected": "Expected", "more": _more_events_name(len(chosen))}[group],
                legendgroup=group,
                visible="legendonly" if hidden else True,
                text=[w.label for _, _, w, _ in chosen],
                textposition=[w.position for _, _, w, _ in chosen],
                textfont={"size": 12, "color": colours.ink},
                marker={
                    "size": [marker_size(e) for _, e, _, _ in chosen],
                    "color": colours.background if group == "expected" else colour,
                    "line": {
                        "color": colour if group == "expected" else colours.background,
                        "width": 2.5 if group == "expected" else 1.5,
                    },
                },
                customdata=[[e.id, first_url(e, articles) or "", n] for n, e, _, _ in chosen],
                hovertext=[_hover(e, articles) for _, e, _, _ in chosen],
                hoverinfo="text",
                meta={
                    "numbers": [c.label for _, _, _, c in chosen],
                    "narrow_y": [-c.lane for _, _, _, c in chosen],
                    "narrow_position": [c.position for _, _, _, c in chosen],
                },
                cliponaxis=False,
            )
        )
    _add_latest_report(fig, timeline, colours)
    if cropped:
        assert axis is not None
        _add_edge_notes(fig, events, axis, colours)
    long_timeline = cropped or (axis is not None and (axis[1] - axis[0]).days > _LONG_TIMELINE_DAYS)
    show_legend = bool(more)
    bottom = 36 + (22 if cropped else 0) + (34 if show_legend else 0)
    latest_note = 16 if any(e.future for e in events) else 0  # room for "latest report"
    top = (78 if with_title else 6) + latest_note
    if with_title:  # a static image has no page around it: the key goes under its title
        fig.add_annotation(
            text=label_escape(key_text(timeline)),
            x=0,
            xref="paper",
            xanchor="left",
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=latest_note + 10,
            showarrow=False,
            font={"size": 12, "color": colours.muted},
        )
    wide_lanes = max((p.lane for p in wide), default=0) + 1
    narrow_lanes = max((p.lane for p in narrow), default=0) + 1
    fig.update_layout(
        template=_template(colours),
        title={"text": label_escape(timeline.title), "x": 0.01, "y": 0.985, "yanchor": "top", "font": {"size": 20}}
        if with_title
        else None,
        height=round((wide_lanes + 0.25) * _LANE_PX + top + bottom),
        margin={"l": 12, "r": 12, "t": top, "b": bottom},
        showlegend=show_legend,
        yaxis={"visible": False, "range": [-(wide_lanes - 1) - 0.45, 0.8], "fixedrange": True},
        xaxis={
            "type": "date",
            "range": [axis[0].isoformat(), axis[1].isoformat()] if axis else None,
            "fixedrange": not long_timeline,
        },
        # A range slider would redraw every label in miniature; a drag-to-zoom keeps the chart clean.
        dragmode="zoom" if long_timeline else False,
        hovermode="closest",
        meta={
            "wide": {"height": round((wide_lanes + 0.25) * _LANE_PX + top + bottom), "yrange": [-(wide_lanes - 1) - 0.45, 0.8]},
            "narrow": {
                "height": round((narrow_lanes + 0.25) * _NARROW_LANE_PX + top + bottom),
                "yrange": [-(narrow_lanes - 1) - 0.45, 0.8],
            },
        },
    )
    return fig


def key_text(timeline: Timeline, html_future: bool = False) -> str:
    """How to read the chart, in one line (the page's key and the static image's subtitle)."""
    count = len(timeline.events)
    future = ""
    if any(e.future for e in timeline.events):
        future = ' · <span class="future">hollow: expected</span>' if html_future else " · hollow: expected"
    return f"{count} event{'s' if count != 1 else ''} · a circle marks a day, a bar a longer period · larger circles: more sources{future}"


def _group(event: Event, extra: bool) -> str:
    return "more" if extra else "expected" if event.future else "reported"


def _add_bars(fig: go.Figure, rows: list[tuple[Event, int, int]], colour: str, future: bool, hidden: bool) -> None:
    """The periods of the events longer than a day, as thick lines (dashed when expected)."""
    xs: list[object] = []
    ys: list[object] = []
    narrow_ys: list[object] = []
    for event, lane, narrow_lane in rows:
        if not _is_point(event):
            xs += [event.start, event.end - timedelta(days=1), None]
            ys += [-lane, -lane, None]
            narrow_ys += [-narrow_lane, -narrow_lane, None]
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                legendgroup="more" if hidden else None,
                visible="legendonly" if hidden else True,
                line={"color": colour, "width": 9, "dash": "dash" if future else "solid"},
                opacity=BAR_OPACITY,
                meta={"narrow_y": narrow_ys},
            )
        )


# The dates written at an edge of the first view, for the events beyond it.
_EDGE_DATES = 3


def _add_edge_notes(fig: go.Figure, events: Sequence[Event], axis: tuple[date, date], colours: Theme) -> None:
    """At each edge of the first view, the dates of the events running off it ("◀ 2019 ·
    February 2019"), the most salient first: nothing is drawn out of sight unannounced."""
    for side, beyond in zip(("left", "right"), outside(events, axis), strict=True):
        if not beyond:
            continue
        ranked = sorted(beyond, key=lambda e: (-e.salience, e.start))
        labels = list(dict.fromkeys(date_label(e) for e in ranked))
        text = " · ".join(labels[:_EDGE_DATES]) + (f" and {len(labels) - _EDGE_DATES} more" if len(labels) > _EDGE_DATES else "")
        fig.add_annotation(
            text=label_escape(f"◀ {text}" if side == "left" else f"{text} ▶"),
            x=0 if side == "left" else 1,
            xref="paper",
            xanchor=side,
            y=0,
            yref="paper",
            yanchor="top",
            yshift=-38,
            showarrow=False,
            font={"size": 11, "color": colours.muted},
        )


def _add_latest_report(fig: go.Figure, timeline: Timeline, colours: Theme) -> None:
    """A dotted line at the latest report's date when events lie beyond it: expected, not reported."""
    if not timeline.articles or not any(e.future for e in timeline.events):
        return
    latest = max(a.published for a in timeline.articles)
    fig.add_vline(x=latest.isoformat(), line={"color": colours.axis, "width": 1, "dash": "dot"}, layer="below")
    fig.add_annotation(
        x=latest.isoformat(),
        y=1,
        yref="paper",
        text="latest report",
        showarrow=False,
        xanchor="right",  # (to its left: the line is often at the view's right edge)
        yanchor="bottom",
        xshift=-3,
        font={"size": 11, "color": colours.muted},
    )


def _template(colours: Theme) -> go.layout.Template:
    """The project's own look: quiet grid, readable sans-serif, no mode bar clutter."""
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": 13, "color": colours.ink},
            "paper_bgcolor": colours.background,
            "plot_bgcolor": colours.background,
            "xaxis": {
                "showgrid": True,
                "gridcolor": colours.grid,
                "linecolor": colours.axis,
                "zeroline": False,
                "tickfont": {"color": colours.muted, "size": 12},
                "automargin": True,
            },
            "hoverlabel": {
                "bgcolor": colours.hover_background,
                "bordercolor": colours.hover_border,
                "font": {"family": FONT_FAMILY, "color": colours.ink, "size": 12},
                "align": "left",
            },
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": 0,
                "yanchor": "bottom",
                "yref": "container",
                "font": {"color": colours.muted},
            },
        }
    )


def _hover(event: Event, articles: dict[str, Article]) -> str:
    """Headline, date as written, then each source with a one-line quote (all escaped)."""
    lines = [f"<b>{_escaped_lines(event.headline, _HOVER_LINE_CHARS, 3)}</b>", label_escape(date_label(event))]
    for source in event.sources[:4]:
        lines.append(f"• {label_escape(_short(source_name(source, articles), _HOVER_LINE_CHARS - 2))}")
        sentence = quote(event, source)
        if sentence:
            lines.append(f"   <i>“{label_escape(_short(sentence, _HOVER_LINE_CHARS - 5))}”</i>")
    if len(event.sources) > 4:
        lines.append(f"and {len(event.sources) - 4} more sources")
    return "<br>".join(lines)


# --- HTML ------------------------------------------------------------------------------------


def source_link_html(source: str, articles: dict[str, Article]) -> str:
    """A source's name, escaped, linked to its URL only when that is a plain http(s) link
    (a new tab with no opener)."""
    name = html.escape(source_name(source, articles))
    url = safe_url(articles[source].url if source in articles else None)
    return f'<a href="{html.escape(url)}" rel="noopener" target="_blank">{name}</a>' if url else name


def _event_items(events: Sequence[Event], articles: dict[str, Article], plot_id: str) -> str:
    items = []
    for event in events:
        sources = []
        for source in event.sources:
            sentence = quote(event, source)
            sources.append(f"<li>{source_link_html(source, articles)}{f': <q>{html.escape(sentence)}</q>' if sentence else ''}</li>")
        for link in event.links:  # an editor's (an added event has no article)
            if url := safe_url(link):
                sources.append(f'<li><a href="{html.escape(url)}" rel="noopener" target="_blank">{html.escape(url)}</a></li>')
        state = ' <span class="expected">expected</span>' if event.future else ""
        # The id, quietly, for an editor's corrections (timeline/edits.py); "edited" when they changed it.
        edited = ' <span class="edited">edited</span>' if event.edited else ""
        text = f'<p class="event-text">{html.escape(event.text)}</p>' if event.text else ""
        items.append(
            f'<li id="{plot_id}-{html.escape(event.id)}" data-event="{html.escape(event.id)}" tabindex="0">'
            f'<time datetime="{html.escape(html_datetime(event))}">{html.escape(date_label(event))}</time>{state} '
            f'<span class="headline">{html.escape(event.headline)}</span>{edited} <span class="event-id">{html.escape(event.id)}</span>'
            f'{text}<ul class="sources" aria-label="Sources">{"".join(sources)}</ul></li>'
        )
    return "\n".join(items)


def _more_events_name(count: int) -> str:
    return f"{count} more event{'s' if count != 1 else ''}"


def event_list_html(timeline: Timeline, plot_id: str = "timeline") -> str:
    """The events as a semantic list, for readers without JavaScript, screen readers and keyboards.

    Events below a --max-events cut follow in a collapsed "N more events" list."""
    articles = {a.id: a for a in timeline.articles}
    parts = ['<ol class="timeline-events">', _event_items(timeline.events, articles, plot_id), "</ol>"]
    if timeline.more_events:
        count = len(timeline.more_events)
        summary = _more_events_name(count)
        if count > MORE_EVENTS_SHOWN:
            summary += f" (the {MORE_EVENTS_SHOWN} most salient listed)"
        parts += [
            f'<details class="timeline-more"><summary>{summary}</summary>',
            f'<ol class="timeline-events" start="{len(timeline.events) + 1}">',
            _event_items(timeline.more_events[:MORE_EVENTS_SHOWN], articles, plot_id),
            "</ol></details>",
        ]
    return "\n".join(parts)


_STYLE = """<style>
.timeline {{ font-family: {font}; color: {ink}; background: {background}; max-width: 1100px; margin: 0 auto;
  padding: 12px; box-sizing: border-box; overflow-wrap: anywhere; }}
.timeline * {{ box-sizing: border-box; }}
.timeline-title {{ font-size: 1.35rem; line-height: 1.25; margin: 0 0 .3em; font-weight: 700; }}
.timeline-key {{ color: {muted}; font-size: 13px; margin: 0 0 .4em; }}
.timeline-key .future {{ color: {future}; }}
.timeline-plot {{ width: 100%; }}
.timeline-events {{ font-size: 15px; line-height: 1.45; padding-left: 2em; margin: 1em 0; }}
.timeline-events > li {{ margin: 0 0 .7em; padding: 2px 4px; border-radius: 3px; }}
.timeline-events > li:focus {{ outline: 2px solid {past}; outline-offset: 1px; }}
.timeline-events time {{ font-weight: 700; margin-right: .4em; }}
.timeline-events .expected {{ color: {future}; font-size: 13px; font-weight: 700; text-transform: uppercase; }}
.timeline-events .event-id, .timeline-events .edited {{ color: {muted}; font-size: 12px; }}
.timeline-events .event-id {{ font-family: ui-monospace, monospace; }}
.timeline-events .event-text {{ margin: .15em 0 0; }}
.timeline-events .sources {{ color: {muted}; font-size: 13px; margin: .15em 0 0; padding-left: 1.1em; }}
.timeline-events a {{ color: {past}; }}
.timeline-more summary {{ cursor: pointer; color: {past}; font-size: 15px; }}
</style>"""

# Said in place of the chart when Plotly.js cannot load (a blocked CDN, no JavaScript).
_FALLBACK_NOTE = (
    '<p class="timeline-key timeline-fallback" hidden>The chart could not be drawn here; every event is listed below.</p>'
    '<noscript><p class="timeline-key">The chart needs JavaScript; every event is listed below.</p></noscript>'
)

# The page's only behaviour, a fixed script: the plot id (a hash) is its only parameter. Enter on
# an event of the list opens its first source, as a click on the chart does; without Plotly.js the
# chart's place is given up and a note says so. It
# swaps headline labels for the events' list numbers on narrow screens, opens a clicked event's
# source (http/https only, new tab, no opener; on touch screens the first tap shows the hover and
# a second one, not the click a browser repeats for the same tap, opens it),
# and shows an event's hover when its list item has keyboard focus. The zoom hint is hidden where
# the narrow layout turns zooming off, and speaks of a finger and a double-tap on a touch screen. A layout change drops any
# shown hover, which was placed for the old width.
_SCRIPT = """<script>(function(){
var gd=document.getElementById(%(id)s);var root=gd&&gd.closest('.timeline');if(!root)return;
root.addEventListener('keydown',function(e){if(e.key!=='Enter'||!e.target.matches||!e.target.matches('li[data-event]'))return;
var a=e.target.querySelector('.sources a[href]');if(a){e.preventDefault();a.click();}});
if(!window.Plotly||!gd.on){var note=root.querySelector('.timeline-fallback');if(note)note.hidden=false;gd.parentNode.style.display='none';return;}
var wide=null,saved={},lastTap=null,tapped=0,touch=!!(window.matchMedia&&window.matchMedia('(hover: none)').matches);
function fit(){var size=gd._fullLayout&&gd._fullLayout._size;var now=(size?size.w:gd.clientWidth)>=%(min)d;
if(now===wide)return;wide=now;Plotly.Fx.unhover(gd);var all=[],ys=[],marks=[],text=[],pos=[];
gd.data.forEach(function(t,c){if(!t.meta||!t.meta.narrow_y)return;
if(!saved[c])saved[c]={y:t.y,text:t.text,pos:t.textposition};all.push(c);ys.push(now?saved[c].y:t.meta.narrow_y);
if(t.meta.numbers){marks.push(c);text.push(now?saved[c].text:t.meta.numbers);pos.push(now?saved[c].pos:t.meta.narrow_position);}});
var m=gd.layout.meta||{},mode=now?m.wide:m.narrow;if(!mode)return;
if(all.length)Plotly.restyle(gd,{y:ys},all);if(marks.length)Plotly.restyle(gd,{text:text,textposition:pos},marks);
gd.style.height=mode.height+'px';if(gd.parentNode.style.height)gd.parentNode.style.height=mode.height+'px';
if(saved.dragmode===undefined)saved.dragmode=gd.layout.dragmode;
var hint=root.querySelector('.timeline-zoom');if(hint){hint.hidden=!now;if(touch)hint.textContent=' · drag a finger across the chart to zoom in, double-tap to zoom out';}
Plotly.relayout(gd,{'yaxis.range':mode.yrange,dragmode:now?saved.dragmode:false}).then(function(){return Plotly.Plots.resize(gd);});}
gd.on('plotly_afterplot',fit);fit();
gd.on('plotly_click',function(d){var pt=d&&d.points&&d.points[0];if(!pt||!pt.customdata)return;
var u=pt.customdata[1],key=pt.customdata[0],ok=false;
try{ok=typeof u==='string'&&/^https?:$/.test(new URL(u).protocol);}catch(e){ok=false;}
if(!ok)return;if(touch){var t=Date.now();if(lastTap!==key){lastTap=key;tapped=t;return;}if(t-tapped<600)return;}lastTap=null;
var a=document.createElement('a');a.href=u;a.target='_blank';a.rel='noopener';
document.body.appendChild(a);a.click();a.remove();});
function point(id){for(var c=0;c<gd.data.length;c++){var cd=gd.data[c].customdata||[];
if(gd.data[c].visible===true||gd.data[c].visible===undefined){for(var p=0;p<cd.length;p++){if(cd[p]&&cd[p][0]===id)return{curveNumber:c,pointNumber:p};}}}return null;}
root.addEventListener('focusin',function(e){var li=e.target.closest&&e.target.closest('li[data-event]');if(!li)return;
var p=point(li.getAttribute('data-event'));if(p)Plotly.Fx.hover(gd,[p]);});
root.addEventListener('focusout',function(){Plotly.Fx.unhover(gd);});
})();</script>"""

_PLOT_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False, "typesetMath": False, "showTips": False}
_PLOTLY_CONFIG_SCRIPT = "<script>window.PlotlyConfig={MathJaxConfig:'local'};</script>"


@functools.cache
def plotly_cdn_script() -> str:
    """A script tag loading the Plotly.js of the installed plotly package from its CDN, pinned to
    that version, with a Subresource Integrity hash of the bundled copy (so a changed file is refused)."""
    import plotly

    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    digest = base64.b64encode(hashlib.sha384(bundled.read_bytes()).digest()).decode("ascii")
    url = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
    return f'<script src="{url}" integrity="sha384-{digest}" crossorigin="anonymous" charset="utf-8"></script>'


def plot_id(fig: go.Figure, theme: str) -> str:
    """A stable id for the plot's div: a hash of the figure, so two timelines on one page differ
    and the same timeline always gets the same id (Plotly's default is a random UUID)."""
    digest = hashlib.sha256((theme + fig.to_json()).encode("utf-8")).hexdigest()
    return f"timeline-{digest[:12]}"


def fragment_html(timeline: Timeline, options: RenderOptions | None = None, plotlyjs: str | None = None) -> str:
    """A <div> holding title, key, chart and event list, to paste into a CMS page.

    `plotlyjs`: "cdn" (the default for a fragment: a small snippet), "inline" or "none" (the
    host page already loads Plotly.js); by default the options' `fragment_plotlyjs`."""
    options = options or RenderOptions()
    [fragment] = _fragments(timeline, options, [plotlyjs or options.fragment_plotlyjs])
    return fragment


@collector.paused()  # a page of every event: many small objects while the process holds them all
def page_and_fragment(timeline: Timeline, options: RenderOptions | None = None) -> tuple[str, str]:
    """`page_html` and `fragment_html` (Plotly.js from its CDN) of one timeline, the chart drawn once."""
    options = options or RenderOptions()
    page_fragment, fragment = _fragments(timeline, options, [options.plotlyjs, options.fragment_plotlyjs], ["h1", "h2"])
    return _page(timeline, options, page_fragment), fragment


def _fragments(
    timeline: Timeline, options: RenderOptions, plotlyjs_modes: Sequence[str], headings: Sequence[str] | None = None
) -> list[str]:
    """The fragment once for each way of loading Plotly.js in `plotlyjs_modes`, its title under
    each of `headings` (h2 by default: a fragment sits in a story page; a page of its own has h1)."""
    colours = THEMES[options.theme]
    fig = figure(timeline, colours)
    div_id = plot_id(fig, options.theme)
    # The page's script sets the height for the screen's width (wide or narrow layout), so the
    # figure leaves it to its div, which starts at the wide one.
    height = fig.layout.height
    fig.layout.height = None
    plot = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=_PLOT_CONFIG,
        div_id=div_id,
        default_height=f"{height}px",
        validate=True,
    )
    style = _STYLE.format(
        font=FONT_FAMILY,
        ink=colours.ink,
        background=colours.background,
        muted=colours.muted,
        past=colours.past,
        future=colours.future,
    )
    script = _SCRIPT % {"id": json.dumps(div_id), "min": LABEL_WIDTH_PX}
    # (the page's script says "double-tap" on a touch screen, and hides the hint on a narrow one,
    # where the chart does not zoom)
    zoom = (
        '<span class="timeline-zoom"> · drag across the chart to zoom in, double-click to zoom out</span>'
        if fig.layout.dragmode == "zoom"
        else ""
    )
    articles = {a.id: a for a in timeline.articles}
    linked = any(first_url(e, articles) for e in (*timeline.events, *timeline.more_events[:MORE_EVENTS_SHOWN]))
    opens = " · select an event (or press Enter on it in the list) to open its first source" if linked else ""
    key = f'<p class="timeline-key">{key_text(timeline, html_future=True)}{zoom}{opens}</p>'
    events = event_list_html(timeline, div_id)
    # The list is the chart's text alternative: the chart itself is hidden from assistive technology.
    return [
        "\n".join(
            [
                '<div class="timeline">',
                style,
                _plotly_loader(mode),
                f'<{heading} class="timeline-title">{html.escape(timeline.title)}</{heading}>',
                key,
                '<div class="timeline-plot" aria-hidden="true">',
                plot,
                "</div>",
                _FALLBACK_NOTE,
                events,
                script,
                "</div>",
            ]
        )
        for mode, heading in zip(plotlyjs_modes, headings or ["h2"] * len(plotlyjs_modes), strict=True)
    ]


def _plotly_loader(mode: str) -> str:
    if mode == "none":
        return ""
    if mode == "inline":
        return _PLOTLY_CONFIG_SCRIPT + f"<script>{_plotlyjs_inline()}</script>"
    if mode == "cdn":
        return _PLOTLY_CONFIG_SCRIPT + plotly_cdn_script()
    raise ValueError(f"unknown plotlyjs {mode!r} (inline, cdn or none)")


def _plotlyjs_inline() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="{scheme}">
<title>{title}</title>
<style>html, body {{ margin: 0; background: {background}; }}</style>
</head>
<body>
<main>
{fragment}
</main>
<script>(function(){{if(window.parent===window)return;
function send(){{window.parent.postMessage({{timelineHeight:Math.ceil(document.documentElement.scrollHeight)}},'*');}}
window.addEventListener('load',send);window.addEventListener('resize',send);
document.addEventListener('toggle',send,true);}})();</script>
</body>
</html>
"""


def page_html(timeline: Timeline, options: RenderOptions | None = None) -> str:
    """A self-contained page (Plotly inline, works offline) or a small one (Plotly from its CDN).

    Inside an iframe it tells its parent its height, for the `timeline embed` snippet."""
    options = options or RenderOptions()
    [fragment] = _fragments(timeline, options, [options.plotlyjs], ["h1"])
    return _page(timeline, options, fragment)


def _page(timeline: Timeline, options: RenderOptions, fragment: str) -> str:
    return _PAGE.format(
        title=html.escape(timeline.title),
        scheme=options.theme,
        background=THEMES[options.theme].background,
        fragment=fragment,
    )


def embed_snippet(url: str, title: str, height: int = 720) -> str:
    """An iframe snippet for a story page: the page at `url`, resized to its content when the
    page reports its height (only a number is read from the message, and only from that frame)."""
    checked = safe_url(url)
    if checked is None:
        raise ValueError(f"{url!r} is not an http(s) URL")
    frame_id = "timeline-embed-" + hashlib.sha256(checked.encode("utf-8")).hexdigest()[:10]
    return (
        f'<iframe id="{frame_id}" src="{html.escape(checked)}" title="{html.escape(title)}" '
        f'style="width:100%;height:{int(height)}px;border:0" loading="lazy"></iframe>\n'
        "<script>(function(){var f=document.getElementById(" + json.dumps(frame_id) + ");if(!f)return;"
        "window.addEventListener('message',function(e){if(e.source!==f.contentWindow||!e.data)return;"
        "var h=Number(e.data.timelineHeight);if(h>0&&h<50000)f.style.height=Math.ceil(h)+'px';});})();</script>\n"
    )

"""Rendering: a Plotly timeline of the events, as a full HTML page and as an embeddable fragment.

Each event is drawn at its own granularity: a day as a point, a week, month, quarter, year or
range as a bar over its whole period. All article text is escaped before it reaches Plotly's
pseudo-HTML labels; nothing from an article goes into scripts, ids or config.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from urllib.parse import urlparse

import plotly.graph_objects as go
import plotly.io as pio

from timeline.records import Article, Event, Timeline

PLOT_ID = "timeline-plot"
_PAST, _FUTURE, _INK, _MUTED = "#1d4e89", "#b4451f", "#1a1a1a", "#5c5c5c"
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
_PLOT_CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def date_label(event: Event) -> str:
    """The event's date as a reader would write it, at its granularity ("May 2019")."""
    label = _value_label(event.value, event.granularity, event.start)
    if event.end_value:
        return f"{label}–{_value_label(event.end_value, event.granularity, event.end - timedelta(days=1))}"
    return label


def _value_label(value: str, granularity: str, start: date) -> str:
    if granularity in ("day", "time"):
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    if granularity == "week":
        return f"week of {start.day} {_MONTHS[start.month - 1]} {start.year}"
    if granularity == "month":
        return f"{_MONTHS[start.month - 1]} {start.year}"
    if granularity == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if granularity == "half":
        return f"{'first' if start.month == 1 else 'second'} half of {start.year}"
    if granularity == "season":
        return {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}[start.month] + f" {start.year}"
    if granularity == "decade":
        return f"the {start.year}s"
    if granularity == "century":
        return f"{start.year // 100 + 1}th century"
    return str(start.year)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript:, data: and the like)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def _lanes(events: list[Event], label_chars: int = 48, axis_pixels: int = 1000) -> list[int]:
    """A lane per event so that labels of nearby events do not sit on one another.

    Labels are centred on their marker; a label's width is estimated in days of the axis."""
    span = _x_range(events)
    if span is None:
        return []
    days = (date.fromisoformat(span[1]) - date.fromisoformat(span[0])).days or 1
    days_per_char = days / axis_pixels * 7  # about 7 px a character at the label's size
    taken: list[list[tuple[float, float]]] = []
    lanes: list[int] = []
    for event in events:
        centre = (_midpoint(event) - date.fromisoformat(span[0])).days
        half = (min(len(event.headline), label_chars) + 2) * days_per_char / 2
        extent = (centre - half, centre + half)
        for lane, used in enumerate(taken):
            if all(extent[1] < a or extent[0] > b for a, b in used):
                used.append(extent)
                lanes.append(lane)
                break
        else:
            taken.append([extent])
            lanes.append(len(taken) - 1)
    return lanes


def figure(timeline: Timeline) -> go.Figure:
    events = list(timeline.events)
    articles = {a.id: a for a in timeline.articles}
    lanes = _lanes(events)
    fig = go.Figure()
    for future in (False, True):
        chosen = [(e, lane) for e, lane in zip(events, lanes, strict=True) if e.future == future]
        if not chosen:
            continue
        colour = _FUTURE if future else _PAST
        bars_x: list[object] = []
        bars_y: list[object] = []
        for event, lane in chosen:
            if event.granularity not in ("day", "time"):
                bars_x += [event.start, event.end - timedelta(days=1), None]
                bars_y += [-lane, -lane, None]
        if bars_x:
            fig.add_trace(
                go.Scatter(
                    x=bars_x,
                    y=bars_y,
                    mode="lines",
                    hoverinfo="skip",
                    showlegend=False,
                    line={"color": colour, "width": 10, "dash": "dot" if future else "solid"},
                    opacity=0.45,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[_midpoint(e) for e, _ in chosen],
                y=[-lane for _, lane in chosen],
                mode="markers+text",
                name="Expected" if future else "Reported",
                text=[_short(html.escape(e.headline), 48) for e, _ in chosen],
                textposition="top center",
                textfont={"size": 12, "color": _INK},
                marker={
                    "size": [10 + 3 * min(len(e.sources), 6) for e, _ in chosen],
                    "color": "white" if future else colour,
                    "line": {"color": colour, "width": 2},
                    "symbol": "circle",
                },
                customdata=[[e.id, _first_url(e, articles) or ""] for e, _ in chosen],
                hovertext=[_hover(e, articles) for e, _ in chosen],
                hoverinfo="text",
                hoverlabel={"bgcolor": "white", "font": {"color": _INK, "size": 13}, "align": "left"},
            )
        )
    lane_count = max(lanes, default=0) + 1
    fig.update_layout(
        title={"text": html.escape(timeline.title), "x": 0.01, "font": {"size": 20, "color": _INK}},
        font={"family": "Georgia, 'Times New Roman', serif", "color": _INK},
        plot_bgcolor="white",
        paper_bgcolor="white",
        height=max(320, 170 + 70 * lane_count),
        margin={"l": 20, "r": 20, "t": 60, "b": 40},
        showlegend=any(e.future for e in events),
        legend={"orientation": "h", "y": -0.12},
        yaxis={"visible": False, "range": [-lane_count + 0.4, 0.9], "fixedrange": True},
        xaxis={
            "type": "date",
            "showgrid": True,
            "gridcolor": "#eeeeee",
            "linecolor": "#999999",
            "range": _x_range(events),
            "tickfont": {"color": _MUTED},
        },
        hovermode="closest",
    )
    return fig


def _midpoint(event: Event) -> date:
    return event.start + (event.end - event.start) // 2 if event.granularity not in ("day", "time") else event.start


def _x_range(events: list[Event]) -> list[str] | None:
    if not events:
        return None
    first = min(e.start for e in events)
    last = max(e.end for e in events)
    pad = max(timedelta(days=7), (last - first) / 12)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _first_url(event: Event, articles: dict[str, Article]) -> str | None:
    """The first source's link that is safe to open (http or https)."""
    return next((url for s in event.sources if s in articles and (url := safe_url(articles[s].url))), None)


def _hover(event: Event, articles: dict[str, Article]) -> str:
    lines = [f"<b>{html.escape(event.headline)}</b>", html.escape(date_label(event))]
    for source in event.sources[:5]:
        article = articles.get(source)
        name = (article.title if article and article.title else source) or source
        quote = next((m.sentence for m in event.mentions if m.article_id == source), "")
        lines.append(f"• {html.escape(_short(name, 70))}<br>   <i>“{html.escape(_short(quote, 90))}”</i>")
    if len(event.sources) > 5:
        lines.append(f"and {len(event.sources) - 5} more sources")
    return "<br>".join(lines)


def event_list_html(timeline: Timeline) -> str:
    """The events as a semantic list, for readers without JavaScript and for screen readers."""
    articles = {a.id: a for a in timeline.articles}
    items = []
    for event in timeline.events:
        sources = []
        for source in event.sources:
            article = articles.get(source)
            name = html.escape((article.title if article and article.title else source) or source)
            url = safe_url(article.url if article else None)
            sources.append(f'<a href="{html.escape(url)}" rel="noopener" target="_blank">{name}</a>' if url else name)
        items.append(
            f'<li id="{event.id}"><time datetime="{html.escape(event.start.isoformat())}">{html.escape(date_label(event))}</time> '
            f'<span class="headline">{html.escape(event.headline)}</span> '
            f'<span class="sources">({"; ".join(sources)})</span></li>'
        )
    return '<ol class="timeline-events">\n' + "\n".join(items) + "\n</ol>"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: Georgia, 'Times New Roman', serif; color: #1a1a1a; background: #fff; }}
.timeline {{ max-width: 1100px; margin: 0 auto; padding: 12px; box-sizing: border-box; }}
.timeline-events {{ font-size: 15px; line-height: 1.45; padding-left: 1.4em; }}
.timeline-events time {{ font-weight: bold; margin-right: .4em; }}
.timeline-events .sources {{ color: #4a4a4a; font-size: 13px; }}
.timeline-events a {{ color: #1d4e89; }}
</style>
</head>
<body>
{fragment}
</body>
</html>
"""


def fragment_html(timeline: Timeline, include_plotlyjs: bool | str = "cdn") -> str:
    """A <div> holding the chart and the event list, to paste into a CMS page."""
    plot = pio.to_html(
        figure(timeline),
        full_html=False,
        include_plotlyjs=include_plotlyjs,
        include_mathjax=False,
        config=_PLOT_CONFIG,
        div_id=PLOT_ID,
        default_height="auto",
        validate=True,
    )
    click = (
        "<script>(function(){var p=document.getElementById('" + PLOT_ID + "');if(!p||!p.on)return;"
        "p.on('plotly_click',function(d){var pt=d.points&&d.points[0];if(!pt||!pt.customdata)return;"
        "var u=pt.customdata[1];if(/^https?:\\/\\//.test(u)){var w=window.open(u,'_blank','noopener');if(w)w.opener=null;}});})();</script>"
    )
    return f'<div class="timeline">\n{plot}\n{click}\n{event_list_html(timeline)}\n</div>'


def page_html(timeline: Timeline) -> str:
    """A self-contained page (Plotly inline, works offline)."""
    return _PAGE.format(title=html.escape(timeline.title), fragment=fragment_html(timeline, include_plotlyjs=True))

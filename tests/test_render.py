from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import plotly
import pytest
from plotly.offline import get_plotlyjs_version

from timeline.pipeline import build_timeline
from timeline.records import Article, Event, Timeline
from timeline.render import (
    THEMES,
    RenderOptions,
    date_label,
    embed_snippet,
    event_list_html,
    figure,
    fragment_html,
    html_datetime,
    page_html,
    place,
    plotly_cdn_script,
    safe_url,
)


def test_dates_are_written_at_their_granularity() -> None:
    articles = [
        Article(
            "a", "Trump banned Huawei last month. MTS signed the deal on Wednesday. Pilots run in 2019-2020.", date(2019, 6, 6)
        )
    ]
    labels = sorted(date_label(e) for e in build_timeline(articles).events)
    assert labels == ["2019–2020", "5 June 2019", "May 2019"]


def test_range_ends_are_written_as_their_own_period() -> None:
    """A range's end label is made from its last day: a winter ending in February is that winter."""
    texts = {
        "The works will run from autumn 2019 to winter 2020, the council said.": "autumn 2019–winter 2020",
        "Trials ran from the week of March 4 to the week of March 18, the firm said.": "week of 1 March 2021–week of 15 March 2021",
    }
    for text, label in texts.items():
        [event] = build_timeline([Article("a", text, date(2021, 6, 6))]).events
        assert date_label(event) == label


def test_article_text_is_escaped_and_bad_urls_dropped() -> None:
    articles = [
        Article(
            "a",
            "<script>alert(1)</script> Huawei signed <b>a deal</b> on Wednesday with MTS in Moscow.",
            date(2019, 6, 6),
            title="<img src=x onerror=alert(2)>",
            url="javascript:alert(3)",
        )
    ]
    timeline = build_timeline(articles)
    html = fragment_html(timeline)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "javascript:alert" not in html
    assert "&lt;script&gt;" in event_list_html(timeline)
    assert safe_url("https://example.org/x") == "https://example.org/x" and safe_url("javascript:alert(1)") is None


def test_quotation_marks_in_chart_labels_show_as_marks_and_markup_stays_text() -> None:
    headline = 'Ren said "the East will still shine" <b>and</b> it\'s & more'
    timeline = Timeline("t", (), (replace(day(1), headline=headline),))
    fig = figure(timeline)
    texts = [t for trace in fig.data for t in (trace.hovertext or ()) + tuple(trace.text or ()) if t]
    assert texts and all("&quot;" not in t and "<b>and</b>" not in t for t in texts)
    hover = next(t for t in texts if "shine" in t)
    # Entities Plotly decodes: numeric for both quotation marks, named for < > &.
    assert "&#34;the East will still shine&#34;" in hover and "&lt;b&gt;" in hover and "it&#x27;s &amp;" in hover


def test_month_event_is_drawn_over_its_month() -> None:
    timeline = build_timeline([Article("a", "Google suspended Huawei's Android licence last month.", date(2019, 6, 6))])
    html = fragment_html(timeline)
    assert '"2019-05-01"' in html and '"2019-05-31"' in html


# --- look, layout and determinism ------------------------------------------------------------


def event(
    id: str, start: date, end: date, granularity: str = "day", sources: int = 1, salience: float = 1.0, future: bool = False
) -> Event:
    value = start.isoformat() if granularity == "day" else start.isoformat()[:7] if granularity == "month" else str(start.year)
    return Event(
        id=id,
        headline=f"Event {id} happened with a headline long enough to need a label of its own",
        value=value,
        granularity=granularity,
        start=start,
        end=end,
        end_value=None,
        mentions=(),
        sources=tuple(f"s{n}" for n in range(sources)),
        future=future,
        salience=salience,
    )


def day(n: int) -> Event:
    return event(f"d{n}", date(2019, 6, 1 + n), date(2019, 6, 2 + n), salience=float(n))


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_theme_text_colours_meet_wcag_aa(theme: str) -> None:
    colours = THEMES[theme]
    for text in (colours.ink, colours.muted, colours.past, colours.future):  # past doubles as the link colour
        assert contrast(text, colours.background) >= 4.5, (theme, text)
        assert contrast(text, colours.hover_background) >= 4.5, (theme, text)
    assert contrast(colours.axis, colours.background) >= 3  # non-text graphics: 3:1


def test_most_salient_events_keep_their_labels_when_lanes_run_out() -> None:
    crowded = [day(n) for n in range(28)]  # four weeks of daily events: more labels than lanes can hold
    placements = place(crowded)
    labelled = {e.id for e, p in zip(crowded, placements, strict=True) if p.label}
    assert 0 < len(labelled) < len(crowded)
    # each of the first events placed, most salient first, finds a lane of its own at worst
    assert {e.id for e in sorted(crowded, key=lambda e: -e.salience)[:8]} <= labelled


def test_labels_of_events_far_apart_share_a_lane() -> None:
    apart = [day(0), event("late", date(2020, 6, 1), date(2020, 6, 2))]
    assert [p.lane for p in place(apart)] == [0, 0]


def test_future_events_are_hollow_with_dashed_bars_and_size_follows_sources() -> None:
    past = event("p", date(2019, 5, 1), date(2019, 6, 1), "month", sources=4)
    future = event("f", date(2019, 9, 1), date(2019, 10, 1), "month", sources=1, future=True)
    fig = figure(Timeline("t", (), (past, future)))
    markers = {trace.name: trace for trace in fig.data if trace.mode == "markers+text"}
    bars = [trace for trace in fig.data if trace.mode == "lines"]
    assert markers["Expected"].marker.color == THEMES["light"].background  # hollow
    assert markers["Reported"].marker.color == THEMES["light"].past
    assert sorted(bar.line.dash for bar in bars) == ["dash", "solid"]
    assert markers["Reported"].marker.size[0] > markers["Expected"].marker.size[0]


def test_long_timelines_can_be_zoomed() -> None:
    short = Timeline("t", (), (day(0), day(5)))
    long = Timeline("t", (), (day(0), event("x", date(2025, 1, 1), date(2025, 1, 2))))
    assert figure(short).layout.xaxis.fixedrange and figure(short).layout.dragmode is False
    assert not figure(long).layout.xaxis.fixedrange and figure(long).layout.dragmode == "zoom"
    assert "drag across the chart to zoom" in fragment_html(long) and "zoom" not in fragment_html(short).split("<script")[0]
    # the hint sits where the page's script can hide it on a phone (no zoom there) and word it for touch
    page = fragment_html(long)
    assert '<span class="timeline-zoom">' in page and "hint.hidden=!now" in page and "double-tap to zoom out" in page


def test_more_events_are_listed_on_demand_and_hidden_in_the_chart() -> None:
    timeline = Timeline("t", (), (day(0), day(1)), more_events=(day(5), day(6), day(7)))
    page = fragment_html(timeline)
    assert "<details" in page and "3 more events</summary>" in page and '<ol class="timeline-events" start="3">' in page
    hidden = [trace for trace in figure(timeline).data if trace.visible == "legendonly"]
    assert [trace.name for trace in hidden if trace.mode == "markers+text"] == ["3 more events"]
    assert "<details" not in fragment_html(Timeline("t", (), (day(0),)))


def test_a_stray_date_below_the_cut_does_not_stretch_the_axis() -> None:
    roman = event("roman", date(300, 1, 1), date(400, 1, 1), granularity="year")
    timeline = Timeline("t", (), (day(0), day(9)), more_events=(roman, day(3)))
    axis = figure(timeline).layout.xaxis.range
    assert axis[0].startswith("2019-05") and axis[1].startswith("2019-06")
    [hidden] = [trace for trace in figure(timeline).data if trace.visible == "legendonly" and trace.mode == "markers+text"]
    assert len(hidden.x) == 1 and hidden.name == "1 more event"
    assert "2 more events</summary>" in fragment_html(timeline)  # both still listed


def test_a_long_tail_of_more_events_is_cut_to_the_most_salient() -> None:
    from timeline.render import MORE_EVENTS_SHOWN, event_list_html

    tail = tuple(day(n % 28) for n in range(MORE_EVENTS_SHOWN + 50))
    listing = event_list_html(Timeline("t", (), (day(0),), more_events=tail))
    assert f"{len(tail)} more events (the {MORE_EVENTS_SHOWN} most salient listed)</summary>" in listing
    assert listing.count("data-event=") == 1 + MORE_EVENTS_SHOWN


def test_html_datetime_uses_the_value_where_html_allows_it() -> None:
    assert html_datetime(event("m", date(2019, 5, 1), date(2019, 6, 1), "month")) == "2019-05"
    assert html_datetime(event("d", date(2019, 5, 3), date(2019, 5, 4))) == "2019-05-03"
    quarter = Event("q", "h", "2019-Q2", "quarter", date(2019, 4, 1), date(2019, 7, 1), None, (), ())
    assert html_datetime(quarter) == "2019-04-01"


def test_same_timeline_same_bytes_and_different_timelines_different_ids() -> None:
    one = Timeline("t", (), (day(0), day(3)))
    assert page_html(one) == page_html(one)
    ids = {re.search(r'id="(timeline-[0-9a-f]{12})"', fragment_html(t)).group(1) for t in (one, Timeline("t", (), (day(1),)))}
    assert len(ids) == 2


def test_cdn_script_is_pinned_to_the_installed_plotly_with_an_integrity_hash() -> None:
    tag = plotly_cdn_script()
    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert f"plotly-{get_plotlyjs_version()}.min.js" in tag
    assert f'integrity="sha384-{base64.b64encode(hashlib.sha384(bundled).digest()).decode()}"' in tag
    assert 'crossorigin="anonymous"' in tag
    page = page_html(Timeline("t", (), (day(0),)), RenderOptions(plotlyjs="cdn"))
    assert tag in page and len(page) < 50_000


def test_plot_config_keeps_mathjax_and_the_mode_bar_away() -> None:
    page = fragment_html(Timeline("t $x$", (), (day(0),)))
    assert '"typesetMath": false' in page and '"displayModeBar": false' in page
    assert "MathJax.js" not in page and "mathjax" not in page.lower().replace("mathjaxconfig", "")


def test_embed_snippet_escapes_and_checks_the_url() -> None:
    snippet = embed_snippet("https://news.example/graphics/t.html", 'A "quoted" <title>')
    assert 'src="https://news.example/graphics/t.html"' in snippet and 'title="A &quot;quoted&quot; &lt;title&gt;"' in snippet
    with pytest.raises(ValueError):
        embed_snippet("javascript:alert(1)", "t")


def test_static_image_figure_carries_title_and_key() -> None:
    timeline = Timeline("A <title>", (), (day(0), event("f", date(2019, 9, 1), date(2019, 9, 2), future=True)))
    fig = figure(timeline, with_title=True)
    assert fig.layout.title.text == "A &lt;title&gt;"
    notes = [a.text for a in fig.layout.annotations]
    assert any(n.startswith("2 events · a circle marks a day") and "hollow: expected" in n for n in notes)
    assert figure(timeline).layout.title.text is None


def test_an_event_at_the_edge_of_the_calendar_is_drawn() -> None:
    text = "Rome was founded in the 1st century, and the curator opened the vault on Monday."
    timeline = build_timeline([Article("a", text, date(2021, 6, 6))])
    assert "1st century" in fragment_html(timeline)
    assert sorted(date_label(e) for e in timeline.events) == ["1st century", "31 May 2021"]


def test_period_labels_name_the_period_their_last_day_is_in() -> None:
    halves = replace(event("h", date(2019, 1, 1), date(2020, 7, 1), "half"), value="2019-H1", end_value="2020-H1")
    assert date_label(halves) == "first half of 2019–first half of 2020"
    centuries = replace(event("c", date(1900, 1, 1), date(2100, 1, 1), "century"), value="19", end_value="20")
    assert date_label(centuries) == "20th century–21st century"


def test_a_timeline_reaching_back_two_thousand_years_still_draws() -> None:
    ancient = replace(event("old", date(11, 1, 1), date(12, 1, 1), "year"), value="0011")
    future = replace(event("far", date(3410, 1, 1), date(3411, 1, 1), "year"), value="3410")
    fig = figure(Timeline("t", (), (ancient, day(1), future)))
    assert fig.layout.xaxis.range[0] >= "0001-01-01"


def test_a_range_of_seasons_is_labelled_by_its_first_and_last_season() -> None:
    seasons = replace(
        event("s", date(2010, 12, 1), date(2011, 6, 1), "season"), value="2010-WI", end_value="2011-SP"
    )
    assert date_label(seasons) == "winter 2010–spring 2011"


# --- the first view frames the story; accessibility --------------------------------------------


def story_with_a_plan_and_a_far_off_date() -> Timeline:
    """Ten days of June 2019 news, a two-year plan and a date decades back quoted as background."""
    news = tuple(day(n) for n in range(10))
    plan = event("plan", date(2019, 1, 1), date(2021, 1, 1), granularity="year", salience=5.0)
    history = event("history", date(1989, 6, 4), date(1989, 6, 5), salience=4.0)
    return Timeline("t", (), (*news, plan, history))


def test_the_first_view_spans_the_story_and_writes_the_dates_running_off_it() -> None:
    fig = figure(story_with_a_plan_and_a_far_off_date())
    start, end = fig.layout.xaxis.range
    assert start.startswith("2019-05") and end.startswith("2019-06")
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "◀ 2019 · 4 June 1989" in notes
    assert not fig.layout.xaxis.fixedrange  # double-click zooms out to every date


def test_a_story_without_outliers_is_shown_whole() -> None:
    fig = figure(Timeline("t", (), tuple(day(n) for n in range(10))))
    assert fig.layout.xaxis.fixedrange and not fig.layout.annotations


def test_a_label_shows_the_whole_headline() -> None:
    headline = "Regional parliament approves the closure of the last coal mine in the valley"
    [placement] = place([replace(day(0), headline=headline)])
    assert placement.label.replace("<br>", " ") == headline


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_period_bars_keep_three_to_one_contrast(theme: str) -> None:
    from timeline.render import BAR_OPACITY

    colours = THEMES[theme]

    def blended(colour: str) -> str:
        mix = [
            round(BAR_OPACITY * int(colour[i : i + 2], 16) + (1 - BAR_OPACITY) * int(colours.background[i : i + 2], 16))
            for i in (1, 3, 5)
        ]
        return "#" + "".join(f"{c:02x}" for c in mix)

    for colour in (colours.past, colours.future):
        assert contrast(blended(colour), colours.background) >= 3, (theme, colour)


def test_the_page_has_a_main_landmark_and_a_level_one_heading() -> None:
    page = page_html(Timeline("A story", (), (day(0), day(1))), RenderOptions(plotlyjs="cdn"))
    assert "<main>" in page and '<h1 class="timeline-title">A story</h1>' in page
    fragment = fragment_html(Timeline("A story", (), (day(0), day(1))))
    assert "<main>" not in fragment and '<h2 class="timeline-title">A story</h2>' in fragment


def test_the_chart_is_hidden_from_assistive_technology_and_a_note_stands_in_when_it_cannot_load() -> None:
    fragment = fragment_html(Timeline("t", (), (day(0), day(1))))
    assert '<div class="timeline-plot" aria-hidden="true">' in fragment and 'role="img"' not in fragment
    assert 'class="timeline-key timeline-fallback" hidden' in fragment and "<noscript>" in fragment
    # the list comes before the script that hands Enter on an event to its first source
    assert fragment.index('<ol class="timeline-events">') < fragment.index("e.key!=='Enter'")


def test_opening_a_source_is_offered_only_when_an_event_has_a_link() -> None:
    articles = (Article("s0", "text", date(2019, 6, 1), url="https://example.org/a"),)
    linked = fragment_html(Timeline("t", articles, (day(0),)))
    unlinked = fragment_html(Timeline("t", (), (day(0),)))
    assert "press Enter on it in the list) to open its first source" in linked
    assert "open its first source" not in unlinked


def test_the_fragment_inlines_plotly_when_asked() -> None:
    timeline = Timeline("t", (), (day(0),))
    inline = fragment_html(timeline, RenderOptions(fragment_plotlyjs="inline"))
    assert '<script src="https://cdn.plot.ly' not in inline and len(inline) > 1_000_000
    with pytest.raises(ValueError, match="fragment-plotlyjs"):
        RenderOptions(fragment_plotlyjs="somewhere")


def test_an_event_an_editor_added_opens_its_own_link_and_never_an_unsafe_one() -> None:
    added = replace(event("a1", date(2019, 5, 15), date(2019, 5, 16), sources=0), links=("javascript:alert(1)", "https://example.org/order"))
    fig = figure(Timeline(title="t", articles=(), events=(added,)))
    opened = [row[1] for trace in fig.data if trace.customdata is not None for row in trace.customdata]
    assert opened == ["https://example.org/order"]

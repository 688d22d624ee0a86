"""The built demo page in a real browser (Debian's Chromium driven by Playwright).

One browser serves the whole session; every page is opened offline (requests to the web are
answered by the test or refused)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import plotly
import pytest
from typer.testing import CliRunner

from tests.browser import Tab, open_page
from timeline.cli import app
from timeline.pipeline import build_timeline
from timeline.records import Article
from timeline.render import fragment_html, plotly_cdn_script

PHONE = 360


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "timeline.html"
    result = CliRunner().invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def demo_tab(browser: Any, demo: Path) -> Iterator[Tab]:
    """The demo page, loaded once for the tests that only look at it and hover or click."""
    routes = {"https://example.org/": ("<!doctype html><title>source</title>", "text/html")}
    with open_page(browser, demo, routes=routes) as tab:
        yield tab


def events_of(page: Path) -> list[dict[str, Any]]:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["events"]


def articles_of(page: Path) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["generated_from"]}


def words(text: str) -> str:
    return " ".join(text.replace("…", " ").split())


def hover_event(tab: Tab, headline: str) -> str:
    """Hover each marker until the one of `headline` shows; returns its hover text."""
    for x, y in tab.marker_centres():
        tab.page.mouse.move(x, y)
        tab.page.wait_for_timeout(60)
        text = tab.hover_text()
        if words(text).startswith(" ".join(headline.split()[:4])):
            return text
    raise AssertionError(f"no marker shows {headline!r} on hover")


def test_demo_loads_without_errors_and_draws_one_marker_per_event(demo_tab: Tab, demo: Path) -> None:
    tab = demo_tab
    assert tab.errors == []
    assert len(tab.marker_centres()) == len(events_of(demo)) > 0
    assert tab.page.evaluate("() => document.querySelectorAll('.modebar').length") == 0
    assert tab.requests == []  # the default page is self-contained


def test_hover_shows_headline_date_and_each_source_with_a_quote(demo_tab: Tab, demo: Path) -> None:
    event = max(events_of(demo), key=lambda e: len(e["sources"]))
    articles = articles_of(demo)
    demo_tab.resize(1200)
    text = words(hover_event(demo_tab, event["headline"]))
    assert len(event["sources"]) >= 3
    assert words(event["headline"])[:60] in text
    assert "5 June 2019" in text
    for source in event["sources"]:
        assert articles[source]["title"][:30] in text
        quote = next(m["sentence"] for m in event["mentions"] if m["article"] == source)
        assert "“" + quote[:25] in text


def test_click_opens_the_first_source_in_a_new_tab_without_opener(demo_tab: Tab, demo: Path) -> None:
    event = max(events_of(demo), key=lambda e: len(e["sources"]))
    expected = articles_of(demo)[event["sources"][0]]["url"]
    tab = demo_tab
    tab.resize(1200)
    hover_event(tab, event["headline"])
    with tab.page.context.expect_page() as opened:
        tab.page.mouse.down()
        tab.page.mouse.up()
    new = opened.value
    new.wait_for_load_state()
    assert new.url == expected
    assert new.evaluate("() => window.opener") is None
    new.close()
    assert tab.page.evaluate("() => location.protocol") == "file:"  # the story page stays where it was
    assert tab.errors == []


def test_event_list_matches_the_events(demo_tab: Tab, demo: Path) -> None:
    events = events_of(demo)
    items = demo_tab.page.evaluate(
        """() => [...document.querySelectorAll('ol.timeline-events > li')].map(li => ({
            datetime: li.querySelector('time').getAttribute('datetime'),
            headline: li.querySelector('.headline').textContent,
            sources: li.querySelectorAll('.sources > li').length,
            links: [...li.querySelectorAll('a')].map(a => [a.href, a.target, a.rel])}))"""
    )
    assert [i["headline"] for i in items] == [e["headline"] for e in events]
    assert [i["sources"] for i in items] == [len(e["sources"]) for e in events]
    for item, event in zip(items, events, strict=True):
        assert item["datetime"] in (event["value"], event["start"])
        assert all(
            target == "_blank" and "noopener" in rel and href.startswith("https://") for href, target, rel in item["links"]
        )


def test_keyboard_reaches_every_event_and_shows_it_in_the_chart(demo_tab: Tab, demo: Path) -> None:
    events = events_of(demo)
    tab = demo_tab
    tab.resize(1200)
    tab.page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    # A keyboard user's mouse is elsewhere: one resting on the chart hovers whatever scrolls under it.
    tab.page.mouse.move(0, 0)
    focused = []
    for _ in range(60):
        tab.page.keyboard.press("Tab")
        current = tab.page.evaluate("() => document.activeElement.dataset.event || null")
        if current and current not in focused:
            focused.append(current)
            headline = next(e["headline"] for e in events if e["id"] == current)
            # Plotly throttles hovers to one per 50 ms, so a quick Tab shows its hover a moment later.
            for _ in range(20):
                if words(hover_text := tab.hover_text()).startswith(" ".join(headline.split()[:3])):
                    break
                tab.page.wait_for_timeout(50)
            assert words(hover_text), f"no hover for {current}"
            assert words(hover_text).startswith(" ".join(headline.split()[:3]))
    assert focused == [e["id"] for e in events]


def test_labels_do_not_overlap_and_stay_inside_the_page(demo_tab: Tab) -> None:
    tab = demo_tab
    for width in (1200, 800, 500, PHONE):
        tab.resize(width)
        boxes = tab.page.evaluate(
            """() => [...document.querySelectorAll('.scatterlayer text')].filter(t => t.textContent)
               .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; })"""
        )
        assert boxes, width
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[2] <= width, (width, a)
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (width, a, b)


def test_phone_width_has_no_horizontal_overflow_and_numbers_the_markers(demo_tab: Tab, demo: Path) -> None:
    events = events_of(demo)
    tab = demo_tab
    tab.resize(PHONE, 740)
    tab.page.evaluate("() => window.scrollTo(0, 0)")
    assert tab.errors == []
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE
    # Inside the chart's SVG, a bar running off the first view's edge is clipped to the plot area
    # (its box is not): the SVG's own box, and every label shown, must fit.
    wider = tab.page.evaluate(
        f"() => [...document.querySelectorAll('body *')].filter(e => !(e.closest('svg') && e.closest('svg') !== e && !e.matches('.scatterlayer text'))).filter(e => e.getBoundingClientRect().right > {PHONE} + 0.5).map(e => [e.tagName, e.getAttribute('class'), e.getBoundingClientRect().right, e.textContent.slice(0, 40)])"
    )
    assert wider == []
    labels = tab.page.evaluate(
        "() => [...document.querySelectorAll('.scatterlayer text')].map(t => t.textContent).filter(Boolean)"
    )
    assert sorted(labels, key=int) == [str(n) for n in range(1, len(events) + 1)]
    # the chart is no taller than it needs to be: the list starts within the first screen
    assert tab.page.evaluate("() => document.querySelector('ol.timeline-events').getBoundingClientRect().top") < 740


def test_cdn_page_loads_pinned_plotly_and_checks_its_integrity(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "timeline.html"
    result = CliRunner().invoke(app, ["build", "--plotlyjs", "cdn", "--out", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert plotly_cdn_script() in text and 'crossorigin="anonymous"' in text and len(text) < 100_000
    url = re.search(r'src="(https://cdn\.plot\.ly/plotly-[0-9.]+\.min\.js)"', text)
    assert url and url.group(1).endswith(f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js")
    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    with open_page(browser, page, routes={url.group(1): (bundled, "application/javascript")}) as tab:
        assert tab.errors == [] and len(tab.marker_centres()) == len(events_of(page))
    tampered = bundled.replace("Plotly", "Plotlz", 1)
    context = browser.new_context()
    try:
        context.route("http*://**/*", lambda route: route.fulfill(status=200, body=tampered, content_type="application/javascript",
                                                                   headers={"Access-Control-Allow-Origin": "*"}))  # fmt: skip
        tab = Tab(context.new_page())
        tab.page.goto(page.resolve().as_uri())
        tab.page.wait_for_timeout(500)
        assert tab.page.evaluate("() => typeof window.Plotly") == "undefined"  # a changed file is refused
        assert any("integrity" in e for e in tab.errors)
    finally:
        context.close()


TIMELINEJS_VERSION = "3.9.11"


def timelinejs_dist() -> Path:
    """Knight Lab's TimelineJS build: $TIMELINEJS_DIST, or where .ci/run unpacks it (npm pack)."""
    default = Path(__file__).resolve().parents[1] / ".cache" / "timelinejs" / "package" / "dist"
    dist = Path(os.environ.get("TIMELINEJS_DIST") or default)
    if not (dist / "js" / "timeline.js").is_file():
        pytest.skip(
            f"TimelineJS not found at {dist} (npm pack @knight-lab/timelinejs@{TIMELINEJS_VERSION}, or set $TIMELINEJS_DIST)"
        )
    return dist


def test_timelinejs_export_loads_in_timelinejs(browser: Any, demo: Path, tmp_path: Path) -> None:
    dist = timelinejs_dist()
    data = demo.with_name("timeline.timelinejs.json").read_text(encoding="utf-8")
    page = tmp_path / "timelinejs.html"
    page.write_text(
        f'<!doctype html><html><head><link rel="stylesheet" href="{(dist / "css" / "timeline.css").as_uri()}">'
        f'<script src="{(dist / "js" / "timeline.js").as_uri()}"></script></head><body>'
        '<div id="tl" style="width:1000px;height:600px"></div><script>window.loaded=false;'
        f"window.tl=new TL.Timeline('tl',{data});window.tl.on('loaded',function(){{window.loaded=true;}});</script></body></html>",
        encoding="utf-8",
    )
    events = events_of(demo)
    context = browser.new_context(viewport={"width": 1000, "height": 650})
    try:
        context.route("http*://**/*", lambda route: route.abort())  # its web fonts and analytics stay away
        tab = Tab(context.new_page())
        tab.page.goto(page.as_uri())
        tab.page.wait_for_function("() => window.loaded === true", timeout=15000)
        assert tab.page.evaluate("() => window.tl.config.events.length") == len(events)
        signing = next(e for e in events if e["value"] == "2019-06-05")
        tab.page.evaluate(f"() => window.tl.goToId({json.dumps(signing['id'])})")
        tab.page.wait_for_timeout(800)
        slide = tab.page.evaluate(
            f"() => document.getElementById({json.dumps(signing['id'])}).querySelector('.tl-text').innerText"
        )
        assert "5 June 2019" in slide and signing["headline"] in slide
        assert [e for e in tab.errors if "ERR_FAILED" not in e and "net::" not in e] == []
    finally:
        context.close()


def test_two_fragments_on_one_story_page_work_side_by_side(browser: Any, tmp_path: Path) -> None:
    first = build_timeline([Article("a", "Huawei and MTS signed a deal on Wednesday.", date(2019, 6, 6))], "First")
    second = build_timeline(
        [Article("b", "Google suspended Huawei's licence last month. Trump banned Huawei in May.", date(2019, 6, 6))], "Second"
    )
    story = tmp_path / "story.html"
    story.write_text(
        "<!doctype html><html><head><meta charset='utf-8'></head><body><p>Story text.</p>"
        f"{fragment_html(first, plotlyjs='inline')}<p>More story.</p>{fragment_html(second, plotlyjs='none')}</body></html>",
        encoding="utf-8",
    )
    with open_page(browser, story) as tab:
        plots = tab.page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => [p.id, p.querySelectorAll('.points path.point').length])"
        )
        assert tab.errors == []
        assert [count for _, count in plots] == [len(first.events), len(second.events)]
        assert len({plot_id for plot_id, _ in plots}) == 2
        tab.page.focus(f"li[data-event='{second.events[0].id}']")  # each list drives its own chart
        assert "Second" not in tab.hover_text() and words(tab.hover_text()).startswith(
            " ".join(second.events[0].headline.split()[:3])
        )


def test_on_a_touch_screen_the_first_tap_shows_the_event_and_a_second_opens_it(browser: Any, demo: Path) -> None:
    context = browser.new_context(viewport={"width": PHONE, "height": 740}, has_touch=True, is_mobile=True)
    try:
        context.route(
            "http*://**/*", lambda route: route.fulfill(status=200, body="<title>source</title>", content_type="text/html")
        )
        tab = Tab(context.new_page())
        tab.page.goto(demo.resolve().as_uri())
        tab.page.wait_for_selector(".main-svg")
        tab.page.wait_for_timeout(300)
        x, y = tab.marker_centres()[0]
        tab.page.touchscreen.tap(x, y)
        tab.page.wait_for_timeout(700)
        assert len(context.pages) == 1 and tab.hover_text()  # shown, not yet opened
        with context.expect_page() as opened:
            tab.page.touchscreen.tap(x, y)
        assert opened.value.url.startswith("https://example.org/demo/")
        assert tab.errors == []
    finally:
        context.close()


def test_enter_on_an_event_in_the_list_opens_its_first_source(demo_tab: Tab, demo: Path) -> None:
    page = demo_tab.page
    first = events_of(demo)[0]
    url = articles_of(demo)[first["sources"][0]]["url"]
    page.focus(f'li[data-event="{first["id"]}"]')
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    assert opened.value.url == url
    opened.value.close()


def test_a_fragment_whose_plotly_cannot_load_says_so_and_keeps_its_list(browser: Any, tmp_path: Path) -> None:
    articles = [Article("a", "Huawei and MTS signed a deal in Moscow on Wednesday.", date(2019, 6, 6))]
    host = tmp_path / "story.html"
    host.write_text(f"<!doctype html><title>story</title>{fragment_html(build_timeline(articles, 'A story'))}", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("http*://**/*", lambda route: route.abort())  # the CDN is out of reach
    try:
        page = context.new_page()
        page.goto(host.resolve().as_uri())
        page.wait_for_timeout(300)
        assert page.is_visible(".timeline-fallback") and not page.is_visible(".timeline-plot")
        assert page.is_visible("ol.timeline-events li")
    finally:
        context.close()


def test_an_editors_headline_shows_in_the_chart_and_list_and_a_hidden_event_nowhere(browser: Any, demo: Path, tmp_path: Path) -> None:
    """An edits file applied to the demo: the new headline is what the reader sees on the chart's
    hover and in the list (marked "edited", with the id quietly beside it); the hidden event is
    neither drawn nor listed, and a hostile text in the edit runs nothing."""
    events = events_of(demo)
    signing = max(events, key=lambda e: len(e["sources"]))
    hidden = next(e for e in events if e["id"] != signing["id"] and e["value"] == "2019-05")
    edits = tmp_path / "edits.yaml"
    edits.write_text(
        f"events:\n  {signing['id']}:\n    headline: Huawei and MTS sign a 5G deal in Moscow\n"
        f"    text: \"<img src=x onerror=\\\"window.pwned=1\\\">\"\n  {hidden['id']}:\n    hide: true\n",
        encoding="utf-8",
    )
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(app, ["build", "--out", str(out), "--edits", str(edits)])
    assert result.exit_code == 0, result.output
    with open_page(browser, out) as tab:
        assert len(tab.marker_centres()) == len(events) - 1
        assert "Huawei and MTS sign a 5G deal in Moscow" in words(hover_event(tab, "Huawei and MTS sign a 5G deal"))
        item = tab.page.locator(f"li[data-event='{signing['id']}']")
        assert item.locator(".headline").inner_text() == "Huawei and MTS sign a 5G deal in Moscow"
        assert item.locator(".edited").inner_text() == "edited" and item.locator(".event-id").inner_text() == signing["id"]
        # (an article's title can head an event and also name a source of others: the headlines are read)
        shown = tab.page.evaluate("() => [...document.querySelectorAll('.timeline-events .headline')].map(h => h.textContent)")
        assert hidden["headline"] not in shown and tab.page.locator(f"li[data-event='{hidden['id']}']").count() == 0
        assert tab.page.evaluate("() => window.pwned === undefined") and tab.dialogs == [] and tab.errors == []

"""Article text is hostile: markup, event handlers, javascript: links and </script> in the text,
title and URL of an article must reach the reader as text and run nothing, in any output."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from tests.browser import open_page
from timeline.cli import app
from timeline.pipeline import build_timeline
from timeline.records import Article
from timeline.render import page_html

PLOT_ID = re.compile(r"timeline-[0-9a-f]{12}")

# Each payload sets window.pwned (or opens a dialog) if it ever runs.
TITLE = "</script><script>window.pwned='title'</script><img src=x onerror=\"window.pwned='title-img'\"> $x^2$"
TEXT = (
    "<script>window.pwned='text'</script> Huawei and MTS signed a deal in Moscow on Wednesday "
    "<img src=x onerror=\"window.pwned='img'\"> to build 5G, said <a href=\"javascript:window.pwned='link'\">officials</a>.\n\n"
    "Google suspended Huawei's licence last month </script><svg onload=\"alert('svg')\">.\n\n"
    '=HYPERLINK("https://evil.example") Trump banned US companies from selling to Huawei last month.\n'
)
URLS = ["javascript:window.pwned='url'", "https://example.org/a\"><script>window.pwned='attr'</script>"]
# What the project itself writes; article text must add nothing to it.
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "noscript", "script", "div", "h1", "h2", "p", "span", "ol", "ul", "li",
                "time", "a", "q", "details", "summary"}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for number, url in enumerate(URLS, start=1):
        front = json.dumps({"title": TITLE, "published": "2019-06-06", "url": url})  # JSON is valid YAML
        (folder / f"a{number}.md").write_text(f"---\n{front}\n---\n{TEXT}", encoding="utf-8")
    out = folder / "out" / "timeline.html"
    result = CliRunner().invoke(app, ["build", str(folder), "--title", TITLE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def outputs(page: Path) -> dict[str, str]:
    stem = page.with_suffix("")
    names = [page, stem.with_name(stem.name + ".fragment.html"), stem.with_name(stem.name + ".timelinejs.json")]
    return {p.name: p.read_text(encoding="utf-8") for p in names}


class Markup(HTMLParser):
    """Every element, attribute and script body of an HTML document, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_no_payload_becomes_markup_in_any_html_output(hostile_build: Path) -> None:
    texts = outputs(hostile_build)
    timelinejs = json.loads(texts.pop("timeline.timelinejs.json"))
    texts["slides"] = "".join(e["text"]["headline"] + e["text"]["text"] for e in timelinejs["events"])
    texts["title slide"] = timelinejs["title"]["text"]["headline"]
    benign = build_timeline([Article("a", "Huawei signed a deal on Wednesday.", date(2019, 6, 6))], "A title")
    harmless = {PLOT_ID.sub("ID", script) for script in Markup(page_html(benign)).scripts}
    for name, text in texts.items():
        markup = Markup(text)
        assert {tag for tag, _ in markup.tags} <= ALLOWED_TAGS, name
        for tag, attrs in markup.tags:
            assert not any(key.startswith("on") for key in attrs), (name, tag, attrs)
            for key in ("href", "src"):
                if attrs.get(key):
                    assert attrs[key].startswith("https://cdn.plot.ly/") or not attrs[key].startswith("javascript"), (name, attrs)
                    assert "pwned" not in attrs[key], (name, attrs)
        bundle = get_plotlyjs()
        for script in markup.scripts:
            if script == bundle:
                continue
            if "Plotly.newPlot(" in script:  # the figure's data: article text only in JSON strings, < > / escaped
                assert "<" not in script and ">" not in script.replace("=>", ""), name
            else:  # the project's own fixed scripts, the same as for a harmless timeline
                assert PLOT_ID.sub("ID", script) in harmless, (name, script[:200])


def test_csv_cells_cannot_run_as_spreadsheet_formulas(hostile_build: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(hostile_build.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert rows
    headlines = [row["headline"] for row in rows]
    assert any("HYPERLINK" in h for h in headlines)
    assert not any(h.startswith(("=", "+", "-", "@")) for h in headlines)
    assert all(row["urls"] == "" for row in rows)  # neither URL is a plain http(s) link


def test_hostile_page_runs_nothing_in_the_browser_and_shows_the_text(browser: Any, hostile_build: Path) -> None:
    with open_page(browser, hostile_build) as tab:
        page = tab.page
        markers = tab.marker_centres()
        assert markers
        hovers = []
        for x, y in markers:  # hover and click every event
            page.mouse.move(x, y)
            page.wait_for_timeout(50)
            hovers.append(tab.hover_text())
            page.mouse.click(x, y)
        shown = " ".join(hovers)
        assert "<script>window.pwned='text'</script>" in shown and "</script><svg" in shown  # as text
        for link in page.query_selector_all(".timeline a"):
            link.click()
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.pwned === undefined")
        assert tab.dialogs == []
        assert len(page.context.pages) == 1  # no link was opened: none was http(s)
        assert (
            page.evaluate(
                "() => document.querySelectorAll('img, iframe, object, embed, .timeline-events svg, .timeline-title *').length"
            )
            == 0
        )
        assert page.evaluate("() => document.querySelector('.timeline-title').textContent") == TITLE
        assert page.title() == TITLE
        headlines = page.evaluate("() => [...document.querySelectorAll('.timeline-events .headline')].map(h => h.textContent)")
        assert headlines == [
            e["headline"] for e in json.loads(hostile_build.with_suffix(".json").read_text(encoding="utf-8"))["events"]
        ]
        assert any("<script>window.pwned='text'</script>" in h for h in headlines)
        assert tab.errors == []

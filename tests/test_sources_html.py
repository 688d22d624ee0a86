"""Saved web pages and feeds: the team's corpus of pages with realistic markup (navigation, share
buttons, captions, bylines, JSON-LD and meta dates) gives the same timeline as the plain-text
versions of the same stories; dates in text only with a warning."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.sources import InputKind, Notice, ReadOptions, SourceError, load_articles
from timeline.sources.textdate import date_from_text

STORIES = Path(__file__).parent / "data" / "stories"
runner = CliRunner()


def read(*paths: Path, **options: object) -> tuple[list, list[SourceError], list[Notice]]:
    errors: list[SourceError] = []
    notices: list[Notice] = []
    articles = load_articles(paths, options=ReadOptions(**options), on_error=errors.append, on_notice=notices.append)  # type: ignore[arg-type]
    return articles, errors, notices


def test_saved_pages_give_the_same_events_as_the_plain_text(tmp_path: Path) -> None:
    outputs = {}
    for kind in ("html", "text"):
        out = tmp_path / kind / "timeline.html"
        result = runner.invoke(app, ["build", str(STORIES / kind), "--out", str(out), "--title", "Tram"])
        assert result.exit_code == 0, result.output
        outputs[kind] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert outputs["html"]["generated_from"] == outputs["text"]["generated_from"]
    assert outputs["html"]["events"] == outputs["text"]["events"]
    opening = [e for e in outputs["html"]["events"] if e["value"] == "2024-03-13"]
    assert len(opening) == 1 and opening[0]["sources"] == ["tram-fares", "tram-opens"]


def test_page_furniture_stays_out_of_the_text() -> None:
    articles, errors, _ = read(STORIES / "html")
    assert errors == []
    for article in articles:
        for furniture in ("Share", "Subscribe", "cookies", "Related", "Photo", "Most read", "Advertisement", "Priya Nair",
                          "Comments", "See all photos", "Read more", "Copyright", "Engineers at work", "Log in"):  # fmt: skip
            assert furniture not in article.text, (article.id, furniture)
        assert not article.text.startswith(article.title)  # the headline is the title, not a first sentence


@pytest.mark.parametrize(
    ("page", "published"),
    [("tram-opens.html", date(2024, 3, 14)), ("tram-fares.html", date(2024, 3, 15)), ("tram-wires.html", date(2024, 2, 20))],
)
def test_page_dates_from_json_ld_meta_tags_and_time_elements(page: str, published: date) -> None:
    [article], errors, notices = read(STORIES / "html" / page)
    assert errors == [] and article.published == published
    assert not [n for n in notices if n.level == "warning"]


def test_a_page_without_date_markup_is_dated_from_its_dateline_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "ferry.html"
    page.write_text(
        "<html><head><title>Ferry to close</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Ferry to close</h1>"
        "<p>HARBOURTON, 6 June 2024 - The council voted on Tuesday to close the old harbour ferry after 26 years of service.</p>"
        "<p>The last crossing will be at the end of the summer, councillors said.</p></article></body></html>",
        encoding="utf-8",
    )
    [article], errors, notices = read(page)
    assert errors == []
    assert article.published == date(2024, 6, 6)
    assert [n.message for n in notices if n.level == "warning"] == [
        "no publication date in its metadata; using 2024-06-06 from its dateline ('HARBOURTON, 6 June 2024')"
    ]


def test_a_page_with_no_date_anywhere_is_an_error_naming_it(tmp_path: Path) -> None:
    page = tmp_path / "undated.html"
    page.write_text(
        "<html><body><article><h1>Ferry to close</h1><p>The council voted on Tuesday to close the old harbour ferry after "
        "26 years of service, and the last crossing will be at the end of the summer.</p></article></body></html>",
        encoding="utf-8",
    )
    _, [error], _ = read(page)
    assert error.path == str(page) and error.problem.startswith("no publication date")
    [article], errors, _ = read(page, published=date(2024, 6, 6))  # --published dates it
    assert errors == [] and article.published == date(2024, 6, 6)


def test_a_page_in_a_declared_legacy_encoding(tmp_path: Path) -> None:
    html = (STORIES / "html" / "tram-wires.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("300 metres", "300 metres – café côté")
    (tmp_path / "page.html").write_bytes(html.encode("cp1252"))
    [article], errors, notices = read(tmp_path / "page.html")
    assert errors == []
    assert "300 metres – café côté" in article.text and not [n for n in notices if n.level == "warning"]


def test_kind_is_guessed_from_content_and_can_be_overridden(tmp_path: Path) -> None:
    saved = tmp_path / "saved-page.txt"  # a web page saved with the wrong extension
    saved.write_bytes((STORIES / "html" / "tram-opens.html").read_bytes())
    [article], _, _ = read(saved)
    assert article.published == date(2024, 3, 14) and "<p>" not in article.text
    _, [error], _ = read(saved, kind=InputKind.text)  # as text, markup and all: it has no date
    assert "no publication date" in error.problem


def test_feed_file_entries_are_dated_by_the_feed() -> None:
    articles, errors, _ = read(STORIES / "harbour.rss")
    assert errors == []
    assert [(a.published, a.title) for a in articles] == [
        (date(2024, 3, 15), "Harbour tram rides free until May"),
        (date(2024, 3, 14), "Harbour tram line opens to passengers"),
        (date(2024, 2, 20), "Wire faults push back harbour tram opening"),
    ]
    assert articles[2].text == (
        "Safety inspectors found faults in the overhead wires of the harbour tram line on Monday, the council said.\n\n"
        "The opening, first planned for December 2023, is now expected in March."
    )


def test_atom_feed_and_an_undated_entry(tmp_path: Path) -> None:
    feed = tmp_path / "updates.xml"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Council updates</title><id>urn:council</id><updated>2024-06-07T09:00:00Z</updated>
<entry><title>Ferry vote</title><id>urn:council:1</id><link href="https://council.example/ferry"/>
<published>2024-06-06T08:00:00Z</published><content type="html">&lt;p&gt;The council voted on Tuesday to close the ferry.&lt;/p&gt;</content></entry>
<entry><title>Bins</title><id>urn:council:2</id><link href="https://council.example/bins"/>
<summary>Bin collections move to Mondays next month.</summary></entry>
</feed>""",
        encoding="utf-8",
    )
    articles, errors, _ = read(feed)
    assert [(a.id, a.published, a.text) for a in articles] == [
        ("council.example-ferry", date(2024, 6, 6), "The council voted on Tuesday to close the ferry.")
    ]
    assert len(errors) == 1 and "entry 2" in errors[0].path and "no publication date" in errors[0].problem


def test_malformed_feed_is_read_as_far_as_it_goes_with_a_warning(tmp_path: Path) -> None:
    feed = tmp_path / "cut.rss"
    feed.write_text("<?xml version='1.0'?><rss><channel><title>Oops</title><item><title>Cut", encoding="utf-8")
    _, [error], notices = read(feed)
    assert error.path == f"{feed} entry 1" and error.problem.startswith("entry has no text")
    assert any(n.level == "warning" and "not well-formed" in n.message for n in notices)


def test_a_feed_file_that_is_no_feed_is_an_error(tmp_path: Path) -> None:
    feed = tmp_path / "junk.rss"
    feed.write_text("Sorry, this feed has moved.", encoding="utf-8")
    _, [error], _ = read(feed)
    assert error.path == str(feed) and error.problem.startswith("not a readable RSS or Atom feed")


@pytest.mark.parametrize(
    ("text", "url", "published", "cue"),
    [
        ("First published June 6, 2019\nHuawei signed a deal on Wednesday.", None, date(2019, 6, 6), "a 'published' line"),
        ("Updated: Thu 6 June 2019 10:02 BST\nThe deal was signed.", None, date(2019, 6, 6), "a 'published' line"),
        ("MOSCOW, June 5 (Reuters) - Huawei signed a deal.", "https://wire.example/2019/06/huawei", date(2019, 6, 5), "its dateline"),
        ("The deal, signed earlier today, 6 June, follows a ban imposed in May 2019.", None, date(2019, 6, 6), "'today' with a date"),
        ("Officials met today (Wednesday, June 5) in 2019's busiest week.", None, date(2019, 6, 5), "'today' with a date"),
    ],
)
def test_dates_written_in_the_text(text: str, url: str | None, published: date, cue: str) -> None:
    found = date_from_text(text, url)
    assert found is not None and (found.value, found.cue) == (published, cue)


@pytest.mark.parametrize(
    "text",
    [
        "The ban came into force on 16 May 2019, and talks resumed on Wednesday.",  # an event's date, not the report's
        "Officials met today to discuss the deal.",  # no date with 'today'
        "HARBOURTON, 6 June - The ferry will close.",  # no year anywhere
        "Published on 30 February 2019\nText.",  # no such day
    ],
)
def test_text_that_states_no_publication_date(text: str) -> None:
    assert date_from_text(text) is None

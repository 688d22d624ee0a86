"""Pages, feeds and URL lists fetched from a web server on 127.0.0.1 started by the tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.local_server import Site, serve
from timeline.cli import app
from timeline.sources import ReadOptions, SourceError, load_articles

runner = CliRunner()
FAST = {"timeout": 1.0, "retries": 1, "backoff": 0.01}  # a whole request: connect, headers, page; /slow takes 1.5 s


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def options(tmp_path: Path, **changes: object) -> ReadOptions:
    return ReadOptions(**({"cache_dir": tmp_path / "cache"} | FAST | changes))  # type: ignore[arg-type]


def read(urls: list[str], opts: ReadOptions) -> tuple[list, list[SourceError]]:
    errors: list[SourceError] = []
    return load_articles(urls, options=opts, on_error=errors.append), errors


def test_pages_become_articles_with_their_dates_titles_and_canonical_urls(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/news/tram-opens.html"), site.url("/news/tram-wires.html")], options(tmp_path))
    assert errors == []
    assert [(a.published, a.title) for a in articles] == [
        (date(2024, 3, 14), "Harbour tram line opens to passengers"),
        (date(2024, 2, 20), "Wire faults push back harbour tram opening"),
    ]
    assert articles[0].url == "https://harbour-herald.example/news/2024/03/14/harbour-tram-opens"
    assert "Share on Facebook" not in articles[0].text and "See all photos" not in articles[0].text
    assert articles[0].text.startswith("The new harbour tram line carried its first passengers on Wednesday")


def test_a_plain_text_page_keeps_its_url(site: Site, tmp_path: Path) -> None:
    url = site.url("/notes/ferry-timetable.txt")
    [article], errors = read([url], options(tmp_path))
    assert errors == []
    assert (article.url, article.path, article.published) == (url, url, date(2024, 3, 1))
    assert article.id.endswith("ferry-timetable")


def test_bad_urls_give_their_errors_and_the_rest_are_read(site: Site, tmp_path: Path) -> None:
    urls = [site.url(p) for p in ("/news/tram-fares.html", "/missing", "/slow", "/broken.html", "/news/tram-wires.html")]
    articles, errors = read(urls, options(tmp_path))
    assert [a.title for a in articles] == ["Harbour tram rides free until May", "Wire faults push back harbour tram opening"]
    problems = {e.path: e.problem for e in errors}
    assert problems[site.url("/missing")] == "HTTP 404 Not Found"
    assert "timed out" in problems[site.url("/slow")]
    assert "no article text" in problems[site.url("/broken.html")]
    assert len(errors) == 3


def test_strict_stops_at_the_first_failure(site: Site, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="HTTP 404"):
        load_articles([site.url("/missing"), site.url("/news/tram-fares.html")], options=options(tmp_path))


def test_a_redirect_is_followed_and_the_same_page_twice_counts_once(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/old-link"), site.url("/news/tram-opens.html")], options(tmp_path))
    assert errors == [] and len(articles) == 1
    assert articles[0].published == date(2024, 3, 14)


def test_a_server_error_is_retried(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/flaky")], options(tmp_path, retries=2))
    assert errors == [] and [a.published for a in articles] == [date(2024, 2, 20)]
    assert site.hits["/flaky"] == 2


def test_a_rerun_reads_from_the_cache(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/news/tram-opens.html"), site.url("/news/tram-fares.html")]
    first, _ = read(urls, options(tmp_path))
    second, _ = read(urls, options(tmp_path))
    assert first == second
    assert site.hits["/news/tram-opens.html"] == 1 and site.hits["/news/tram-fares.html"] == 1
    read(urls, options(tmp_path, cache_dir=None))
    assert site.hits["/news/tram-opens.html"] == 2


def test_a_page_the_site_s_robots_txt_disallows_is_not_fetched(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/private/draft.html"), site.url("/news/tram-fares.html"), site.url("/news/tram-opens.html")]
    articles, errors = read(urls, options(tmp_path))
    assert [a.title for a in articles] == ["Harbour tram rides free until May", "Harbour tram line opens to passengers"]
    [error] = errors
    assert error.path == site.url("/private/draft.html") and "robots.txt does not allow" in error.problem
    assert site.hits["/private/draft.html"] == 0 and site.hits["/robots.txt"] == 1  # read once for the site
    articles, errors = read(urls[:1], options(tmp_path, obey_robots=False))
    assert errors == [] and site.hits["/private/draft.html"] == 1


def test_a_cached_page_is_fetched_again_once_it_is_older_than_the_max_age(site: Site, tmp_path: Path) -> None:
    url = site.url("/news/tram-opens.html")
    read([url], options(tmp_path))
    read([url], options(tmp_path, cache_max_age=3600))
    assert site.hits["/news/tram-opens.html"] == 1
    read([url], options(tmp_path, cache_max_age=0))
    assert site.hits["/news/tram-opens.html"] == 2


def test_feed_entries_are_articles_dated_by_the_feed(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/feed.xml")], options(tmp_path))
    assert errors == []
    assert [a.published for a in articles] == [date(2024, 3, 15), date(2024, 3, 14), date(2024, 2, 20)]
    assert articles[0].text == "Rides on the harbour tram line will be free until the end of April, the council said on Friday."
    assert not any(k.startswith("/news/") for k in site.hits)  # summaries only: no page fetched


def test_fetch_links_reads_each_entrys_page(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/feed.xml")], options(tmp_path, fetch_links=True))
    assert errors == []
    assert [a.published for a in articles] == [date(2024, 3, 15), date(2024, 3, 14), date(2024, 2, 20)]
    assert "Ticket machines are being installed at every stop this month." in articles[0].text
    assert site.hits["/news/tram-fares.html"] == 1


def test_a_url_list_file_through_the_cli(site: Site, tmp_path: Path) -> None:
    """The must-show run: good pages, a feed, a redirect, a 404, a slow page and a malformed one."""
    links = tmp_path / "links.txt"
    paths = ["/news/tram-opens.html", "/old-link", "/missing", "/slow", "/broken.html", "/news/tram-wires.html", "/news/tram-fares.html"]
    links.write_text("# today's links\n" + "\n".join(site.url(p) for p in paths) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "timeline.html"
    result = runner.invoke(app, ["build", str(links), "--out", str(out), "--timeout", "1", "--cache-dir", str(tmp_path / "c"), "-v"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f"error: {site.url('/missing')}: HTTP 404 Not Found" in lines
    assert any(line.startswith(f"error: {site.url('/slow')}: timed out") for line in lines)
    assert any(line.startswith(f"error: {site.url('/broken.html')}: no article text") for line in lines)
    assert any("counted once" in line and "/old-link" in line for line in lines)
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert sorted(a["published"] for a in data["generated_from"]) == ["2024-02-20", "2024-03-14", "2024-03-15"]
    opening = [e for e in data["events"] if e["value"] == "2024-03-13"]
    assert len(opening) == 1 and len(opening[0]["sources"]) == 2  # the opening day, from two reports


def test_a_feed_url_and_a_page_url_on_the_command_line(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    result = runner.invoke(app, ["build", site.url("/feed.xml"), site.url("/news/tram-opens.html"), "--out", str(out),
                                 "--fetch-links", "--no-cache", "--timeout", "2"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert len(data["generated_from"]) == 3  # the page is the feed's second entry: counted once


def test_an_unreachable_server_is_an_error_line(tmp_path: Path) -> None:
    with serve() as site:
        url = site.url("/news/tram-opens.html")
    articles, errors = read([url], options(tmp_path))  # the server has stopped
    assert articles == [] and len(errors) == 1 and errors[0].path == url and "connect" in errors[0].problem


def test_a_feed_entry_and_the_page_it_links_count_once(site: Site, tmp_path: Path) -> None:
    articles, errors = read([site.url("/news/tram-opens.html"), site.url("/feed.xml")], options(tmp_path))
    assert errors == []
    # the page (full text) first; of the feed, only the two entries whose pages were not read
    assert [(a.title, a.published) for a in articles] == [
        ("Harbour tram line opens to passengers", date(2024, 3, 14)),
        ("Harbour tram rides free until May", date(2024, 3, 15)),
        ("Wire faults push back harbour tram opening", date(2024, 2, 20)),
    ]
    assert "About 4,000 people rode the trams" in articles[0].text


def test_tag_reads_a_url_as_build_does(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = runner.invoke(app, ["tag", site.url("/notes/ferry-timetable.txt")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert ("3 March", "2024-03-03") in [(record["text"], record["value"]) for record in records]


def test_a_server_asking_to_come_back_in_an_hour_is_not_waited_for(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/busy-for-an-hour"), site.url("/news/tram-fares.html")]
    articles, errors = read(urls, options(tmp_path, timeout=2, retries=2))
    assert [a.title for a in articles] == ["Harbour tram rides free until May"]
    assert [(e.path, e.problem) for e in errors] == [
        (urls[0], "HTTP 503 Service Unavailable; asked to retry after 3600 s, past the --timeout of 2 s")
    ]
    assert site.hits["/busy-for-an-hour"] == 1


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/trickled-headers", "timed out (no complete answer within 1 s: the server was silent or too slow)"),
        ("/trickled-page", "timed out (the headers came, but the page was not complete within 1 s)"),
    ],
)
def test_a_server_trickling_bytes_is_cut_off_at_the_request_s_deadline(site: Site, tmp_path: Path, path: str, problem: str) -> None:
    """A byte every tenth of a second never trips a wait for data; one deadline covers the whole request."""
    articles, errors = read([site.url(path)], options(tmp_path, timeout=1, retries=2))
    assert articles == [] and [(e.path, e.problem) for e in errors] == [(site.url(path), problem)]

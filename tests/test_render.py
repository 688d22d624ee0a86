from __future__ import annotations

from datetime import date

from timeline.pipeline import build_timeline
from timeline.records import Article
from timeline.render import date_label, event_list_html, fragment_html, safe_url


def test_dates_are_written_at_their_granularity() -> None:
    articles = [
        Article(
            "a", "Trump banned Huawei last month. MTS signed the deal on Wednesday. Pilots run in 2019-2020.", date(2019, 6, 6)
        )
    ]
    labels = sorted(date_label(e) for e in build_timeline(articles).events)
    assert labels == ["2019–2020", "5 June 2019", "May 2019"]


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


def test_month_event_is_drawn_over_its_month() -> None:
    timeline = build_timeline([Article("a", "Google suspended Huawei's Android licence last month.", date(2019, 6, 6))])
    html = fragment_html(timeline)
    assert '"2019-05-01"' in html and '"2019-05-31"' in html

"""Ranking events and the cuts a reader asks for: --max-events and --about."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app
from timeline.dedup import deduplicate
from timeline.mentions import extract_mentions
from timeline.pipeline import build_timeline
from timeline.records import Article

runner = CliRunner()

STORY = [
    ("a", "Huawei and MTS signed a 5G agreement in Moscow on Wednesday.", date(2019, 6, 5)),
    ("b", "On Wednesday, Huawei and MTS signed the 5G agreement at the Kremlin in Moscow.", date(2019, 6, 6)),
    ("c", "Huawei and MTS signed a 5G agreement in Moscow on Wednesday, officials said.", date(2019, 6, 6)),
    ("d", "Nokia opened a research laboratory in Espoo in March.", date(2019, 6, 6)),
    ("e", "Ericsson cut 200 jobs at its plant in Sweden in April.", date(2019, 6, 6)),
]


def articles() -> list[Article]:
    return [Article(id=i, text=t, published=p) for i, t, p in STORY]


def test_events_reported_by_more_articles_rank_higher() -> None:
    events = deduplicate(extract_mentions(articles()), articles())
    signing = next(e for e in events if e.value == "2019-06-05")
    assert all(signing.salience > e.salience for e in events if e is not signing)


def test_max_events_keeps_the_most_salient_and_ranks_the_rest() -> None:
    timeline = build_timeline(articles(), max_events=1)
    assert [e.value for e in timeline.events] == ["2019-06-05"]
    assert len(timeline.more_events) == 2
    assert timeline.more_events[0].salience >= timeline.more_events[1].salience


def test_about_keeps_only_events_involving_the_actor() -> None:
    timeline = build_timeline(articles(), about="nokia")
    assert [e.value for e in timeline.events] == ["2019-03"]


def write_story(folder: Path) -> Path:
    source = folder / "story.jsonl"
    records = [{"id": i, "published": p.isoformat(), "text": t} for i, t, p in STORY]
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return source


def test_cli_max_events_and_about(tmp_path: Path) -> None:
    source = write_story(tmp_path)
    result = runner.invoke(app, ["build", str(source), "--max-events", "2", "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0, result.output
    assert "2 events (+1 more on demand)" in result.output
    written = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert len(written["events"]) == 2
    # The event below the cut is in the JSON too, in the same form, for a page to show on demand.
    [more] = written["more_events"]
    assert more["value"] not in {e["value"] for e in written["events"]} and more["mentions"] and more["headline"]

    result = runner.invoke(app, ["build", str(source), "--about", "Ericsson", "--out", str(tmp_path / "e.html")])
    assert result.exit_code == 0, result.output
    [event] = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["events"]
    assert event["value"] == "2019-04" and "Ericsson" in event["actors"]


def test_cli_rejects_a_max_events_below_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(write_story(tmp_path)), "--max-events", "0", "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 2 and not (tmp_path / "t.html").exists()


def test_of_two_equally_reported_days_the_one_with_more_news_that_day_ranks_higher() -> None:
    stories = [
        Article("a", "Nokia opened a research laboratory in Espoo on 3 March.", date(2019, 3, 10)),
        Article("b", "Ericsson cut 200 jobs at its plant in Sweden on 5 March.", date(2019, 3, 10)),
        # Three other reports came out on 5 March itself: that day was news.
        *(Article(f"n{n}", f"Markets in Asia fell for the {n}th week in a row.", date(2019, 3, 5)) for n in range(3)),
    ]
    events = {e.value: e for e in deduplicate(extract_mentions(stories), stories)}
    assert events["2019-03-05"].salience > events["2019-03-03"].salience

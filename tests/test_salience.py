"""Ranking events and the cuts a reader asks for: --max-events and --about."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from timeline import salience
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


def ranking(stories: list[Article]) -> list[str]:
    """The dates of the events of `stories`, most salient first."""
    events = deduplicate(extract_mentions(stories), stories)
    return [e.value for e in sorted(events, key=lambda e: -e.salience)]


def test_a_sentence_repeated_word_for_word_across_pages_is_one_report() -> None:
    # A related-stories box carried by three pages against two reports written apart.
    box = "Flood appeal reaches its target on 9 May."
    stories = [
        *(Article(f"box{n}", f"The river rose again. {box}", date(2019, 5, 20)) for n in range(3)),
        Article("r1", "Engineers closed the Karsa bridge on 2 May after cracks appeared.", date(2019, 5, 20)),
        Article("r2", "The Karsa bridge was shut by engineers on 2 May because of cracks.", date(2019, 5, 21)),
    ]
    assert ranking(stories)[0] == "2019-05-02"


def test_a_date_given_only_ahead_of_publication_counts_less_than_one_reported_as_past() -> None:
    stories = [
        Article("p1", "The council voted to close the Karsa bridge on 2 May.", date(2019, 5, 20)),
        Article("p2", "On 2 May the council voted for the bridge to close.", date(2019, 5, 21)),
        # More articles give the vote's date, but only ahead of it: a plan, which may not happen.
        *(Article(f"f{n}", f"The council is due to vote on the new bridge on 30 May ({n}).", date(2019, 5, 20 + n)) for n in range(3)),
    ]
    assert ranking(stories)[0] == "2019-05-02"


def test_a_dated_sentence_about_something_else_counts_less_than_the_story() -> None:
    # A pile about one story (a dam): every page uses its words (in a dated sentence: the story's
    # words are read from the sentences that reach the events). Two pages also carry a line
    # about a choir; the choir's date is better reported than the dam inspection's, but it is
    # not the story.
    pile = [
        Article(f"s{n}", f"The Karsa dam held back the flood water on {10 + n} May, engineers said.", date(2019, 5, 20))
        for n in range(10)
    ]
    stories = [
        *pile,
        Article("i1", "Engineers inspected the Karsa dam on 4 May and found new cracks in the dam wall.", date(2019, 5, 21)),
        *(
            Article(f"c{n}", f"The dam is closed to walkers. The town choir sang at the spring festival on 6 May ({n}).", date(2019, 5, 21))
            for n in range(2)
        ),
    ]
    order = ranking(stories)
    assert order.index("2019-05-04") < order.index("2019-05-06")


def test_max_events_reads_across_the_dates_before_a_second_fact_of_one_day() -> None:
    day_of_the_flood = [
        ("f1", "The river burst its banks in Lowbridge on Tuesday, flooding 300 homes."),
        ("f2", "Rescuers in Lowbridge lifted 40 people from rooftops on Tuesday."),
        ("f3", "On Tuesday the Lowbridge council opened the school hall to families."),
    ]
    after = [
        ("g1", "On Thursday the council of Lowbridge said repairs would cost 2 million pounds."),
        ("g2", "The Lowbridge dam inspector resigned on Friday."),
    ]
    # Every article reports the flood day; the days after are told once each.
    pile = [Article(f"{n}-{i}", text, date(2024, 3, 9)) for n, text in day_of_the_flood for i in range(3)]
    pile += [Article(n, text, date(2024, 3, 9)) for n, text in after]
    everything = build_timeline(pile).events
    assert sum(e.value == "2024-03-05" for e in everything) == 3
    assert all(e.salience > next(x for x in everything if x.value == "2024-03-07").salience for e in everything if e.value == "2024-03-05")
    shown = build_timeline(pile, max_events=3).events
    assert sorted(e.value for e in shown) == ["2024-03-05", "2024-03-07", "2024-03-08"]


def test_a_storys_spread_is_read_from_its_middle_articles() -> None:
    # A stray backgrounder long before and a follow-up long after do not stretch a ten-day story.
    issued = {date(2020, 1, 1): 1, **{date(2020, 3, day): 4 for day in range(1, 11)}, date(2020, 12, 31): 1}
    assert salience.story_spread(issued) == 9
    assert salience.story_spread({date(2020, 3, 1): 5}) == 1
    assert salience.story_spread({}) == 1


def feature_by_date(first: Article, every: int, feature: str) -> dict[str, float]:
    """`feature` of each event of a story of 21 articles, `first` and 20 more about the Karsa
    bridge, one every `every` days after it, by the event's date."""
    stories = [
        first,
        *(Article(f"s{n}", f"Engineers inspected the Karsa bridge again ({n}).", first.published + timedelta(days=every * n)) for n in range(1, 21)),
    ]
    events = deduplicate(extract_mentions(stories), stories)
    published = {a.id: a.published for a in stories}
    reports = salience.Reports(lambda: [(m for e in events for m in e.mentions)], published)
    rows = salience.event_features(events, published, reports)
    return {e.value: row[salience.FEATURES.index(feature)] for e, row in zip(events, rows, strict=True)}


def before_spread_of_history(every: int) -> float:
    """The before_spread feature of a day a month before a story of 21 articles, one every
    `every` days, the first of which recalls that day in passing."""
    first = Article("h", "The plan for the Karsa bridge was agreed on 1 February 2021.", date(2021, 3, 1))
    return feature_by_date(first, every, "before_spread")["2021-02-01"]


def test_a_month_of_history_lies_further_before_a_week_long_story_than_a_year_long_one() -> None:
    week, year = before_spread_of_history(every=0), before_spread_of_history(every=18)
    assert week > year > 0


def test_a_day_recalled_from_before_every_article_lies_further_back_than_one_at_the_storys_start() -> None:
    # A story whose first article came out two days after its opening day (a death, an
    # explosion), and a day of history a decade before any article, both dated by the articles.
    first = Article("a", "The Karsa bridge collapsed on 1 March 2021. A similar bridge fell on 11 September 2011.", date(2021, 3, 3))
    before = feature_by_date(first, 3, "before_articles")
    assert before["2011-09-11"] > 3 * before["2021-03-01"] > 0

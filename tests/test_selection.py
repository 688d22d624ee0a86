"""Which events a timeline keeps and how it is titled: the story's own days above history
recalled in passing, one event per happening of a day, --from/--until, the default title."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.pipeline import build_timeline
from timeline.records import Article, Span
from timeline.render import figure

runner = CliRunner()


def salience_of(articles: list[Article]) -> dict[str, float]:
    """The best salience of each date's events."""
    best: dict[str, float] = {}
    for event in build_timeline(articles).events:
        best[event.value] = max(best.get(event.value, 0.0), event.salience)
    return best


def test_history_recalled_in_passing_ranks_below_the_storys_own_days() -> None:
    # A week of reports on a mill closing; every one recalls, in passing, the day it opened.
    story = [
        ("On Monday the Harlow paper mill told its 300 workers it would close.", date(2021, 3, 1)),
        ("Workers at the Harlow paper mill were told on Monday that it would close.", date(2021, 3, 2)),
        ("The union met the owners of the Harlow paper mill on Wednesday.", date(2021, 3, 3)),
        ("On Wednesday the union and the mill's owners met for three hours.", date(2021, 3, 4)),
    ]
    history = "The Harlow paper mill opened on 14 May 1952."
    articles = [Article(f"a{n}", f"{text} {history}", published) for n, (text, published) in enumerate(story)]
    best = salience_of(articles)
    assert best["2021-03-01"] > best["1952-05-14"] and best["2021-03-03"] > best["1952-05-14"]


def test_history_the_articles_make_news_is_not_held_down() -> None:
    # The same old day, now the story itself: a find about it is reported as it is made.
    articles = [
        Article("n1", "Divers found the wreck of the ferry that sank off Arlow on 14 May 1952.", date(2021, 3, 2)),
        Article("n2", "The ferry that sank off Arlow on 14 May 1952 has been found by divers.", date(2021, 3, 2)),
        Article("n3", "Families of those lost on 14 May 1952 off Arlow welcomed the divers' find.", date(2021, 3, 3)),
        Article("n4", "A reporter visited the Arlow harbour office on 20 February.", date(2021, 3, 3)),
    ]
    best = salience_of(articles)
    assert best["1952-05-14"] > best["2021-02-20"]


DEATH = [
    ("d1", "The singer Alan Reed died at his home in Leeds on Monday, aged 61."),
    ("d2", "Alan Reed died on Monday at the age of 61, his family said."),
    ("d3", "Tributes were paid to Alan Reed, who died on Monday."),
    ("d4", "Reed's manager said he was pronounced dead at Leeds General Infirmary on Monday."),
    ("d5", "On Monday the city council of Leeds named a new concert hall after the Leeds Philharmonic orchestra."),
]


def test_one_happening_of_a_day_told_in_other_words_is_one_event() -> None:
    articles = [Article(i, text, date(2022, 9, 14)) for i, text in DEATH]
    monday = [e for e in build_timeline(articles).events if e.value == "2022-09-12"]
    death = [e for e in monday if "d1" in e.sources]
    assert len(death) == 1
    assert {"d1", "d2", "d3", "d4"} <= set(death[0].sources)
    # The council's act of the same day is another happening: it stays apart.
    [hall] = [e for e in monday if "d5" in e.sources]
    assert hall is not death[0] and "d5" not in death[0].sources


def test_of_one_days_events_the_better_reported_comes_first() -> None:
    articles = [
        *(Article(f"v{n}", f"Voters in Tarnow elected Ewa Lis as mayor on Sunday ({n}).", date(2023, 5, 9)) for n in range(3)),
        Article("w1", "On Sunday a storm in Tarnow blew the roof off the old market hall.", date(2023, 5, 9)),
    ]
    sunday = sorted((e for e in build_timeline(articles).events if e.value == "2023-05-07"), key=lambda e: -e.salience)
    assert len(sunday) == 2 and "v0" in sunday[0].sources and "w1" in sunday[1].sources
    assert sunday[0].salience > sunday[1].salience


def test_two_people_named_apart_who_died_on_one_day_stay_apart() -> None:
    articles = [
        Article("p1", "The painter Ruth Amsel died in Vienna on Tuesday.", date(2022, 9, 16)),
        Article("p2", "Ruth Amsel died on Tuesday, her gallery said.", date(2022, 9, 16)),
        Article("p3", "The footballer Tomas Varga died in Budapest on Tuesday.", date(2022, 9, 16)),
    ]
    tuesday = [e for e in build_timeline(articles).events if e.value == "2022-09-13"]
    assert any({"p1", "p2"} <= set(e.sources) and "p3" not in e.sources for e in tuesday)


STORY = [
    ("a", "Huawei and MTS signed a 5G agreement in Moscow on 5 June 2019.", "2019-06-06"),
    ("b", "On 5 June 2019 Huawei and MTS signed the 5G agreement at the Kremlin.", "2019-06-07"),
    ("c", "Huawei opened a laboratory in Moscow on 12 February 2019.", "2019-06-07"),
    ("d", "MTS began the pilot network trial from 20 May to 10 June 2019, Huawei said.", "2019-06-11"),
    ("e", "MTS cut prices in Kazan on 2 January 2019.", "2019-06-11"),
]


def write_story(folder: Path) -> Path:
    source = folder / "story.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "published": p, "text": t}) for i, t, p in STORY), encoding="utf-8")
    return source


def test_from_and_until_keep_the_events_touching_the_span_and_say_so_in_the_json(tmp_path: Path) -> None:
    source = write_story(tmp_path)
    result = runner.invoke(
        app, ["build", str(source), "--from", "2019-06-01", "--until", "2019-06-30", "--out", str(tmp_path / "t.html")]
    )
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert written["span"] == {"from": "2019-06-01", "until": "2019-06-30"}
    values = {e["value"] for e in written["events"] + written["more_events"]}
    # The signing is inside; the trial began before the span and ran into it: kept, with its own dates.
    assert "2019-06-05" in values and "2019-05-20" in values
    assert not values & {"2019-02-12", "2019-01-02"}
    [trial] = [e for e in written["events"] if e["value"] == "2019-05-20"]
    assert trial["start"] == "2019-05-20"


def test_an_event_running_into_the_span_is_drawn_clipped() -> None:
    articles = [Article(i, t, date.fromisoformat(p)) for i, t, p in STORY]
    timeline = build_timeline(articles, within=Span(date(2019, 6, 1), None))
    trial = next(e for e in timeline.events if e.value == "2019-05-20")
    assert trial.start == date(2019, 5, 20)  # the record keeps its dates
    drawn = [x for trace in figure(timeline).data for x in (trace.x or ()) if x is not None]
    assert min(drawn) >= date(2019, 6, 1)


def test_both_merging_paths_keep_the_same_events_within_a_span() -> None:
    articles = [Article(i, t, date.fromisoformat(p)) for i, t, p in STORY]
    within = Span(date(2019, 6, 1), date(2019, 6, 30))
    on_disk = build_timeline(articles, within=within, max_events=1, on_disk=True)
    in_memory = build_timeline(articles, within=within, max_events=1, on_disk=False)
    assert [e.value for e in on_disk.events] == [e.value for e in in_memory.events] == ["2019-06-05"]
    assert [e.value for e in on_disk.more_events] == [e.value for e in in_memory.more_events] == ["2019-05-20"]


def test_an_editors_pass_keeps_the_span(tmp_path: Path) -> None:
    source = write_story(tmp_path)
    first = runner.invoke(app, ["build", str(source), "--from", "2019-06-01", "--out", str(tmp_path / "a.html")])
    assert first.exit_code == 0, first.output
    signing = next(
        e for e in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["events"] if e["value"] == "2019-06-05"
    )
    edits = tmp_path / "edits.yaml"
    edits.write_text(f"events:\n  {signing['id']}:\n    headline: The Moscow deal\n", encoding="utf-8")
    options = ["--from", "2019-06-01", "--edits", str(edits), "--out", str(tmp_path / "b.html")]
    result = runner.invoke(app, ["build", str(source), *options])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert written["span"] == {"from": "2019-06-01", "until": None}
    assert "The Moscow deal" in {e["headline"] for e in written["events"]}
    # ... and so does drawing it again from the edited JSON, without the articles
    again = runner.invoke(app, ["render", str(tmp_path / "b.json"), "--out", str(tmp_path / "c.html")])
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["span"] == {"from": "2019-06-01", "until": None}


def test_until_alone_keeps_what_came_before(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(write_story(tmp_path)), "--until", "2019-03-01", "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert written["span"] == {"from": None, "until": "2019-03-01"}
    assert {e["value"] for e in written["events"]} == {"2019-02-12", "2019-01-02"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2019-13-01"], "--from '2019-13-01'"),
        (["--until", "June"], "--until 'June'"),
        (["--from", "2019-06-30", "--until", "2019-06-01"], "before --from"),
    ],
)
def test_a_bad_span_is_refused_and_nothing_is_written(tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["build", str(write_story(tmp_path)), *options, "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "t.html").exists() and not (tmp_path / "t.json").exists()


def test_without_a_title_the_story_names_its_actors_and_months() -> None:
    articles = [Article(i, t, date.fromisoformat(p)) for i, t, p in STORY]
    title = build_timeline(articles).title
    assert title in ("Huawei and MTS, January-June 2019", "MTS and Huawei, January-June 2019")
    assert build_timeline(articles, "My own title").title == "My own title"


def test_a_place_and_its_people_are_named_once_in_the_title() -> None:
    story = [
        ("s1", "Syrian troops shelled the town of Karsa on Monday, Syrian activists said.", "2021-05-04"),
        ("s2", "Syria closed its border with Jordan on Monday, Syrian state media said.", "2021-05-04"),
        ("s3", "Syrian forces entered Karsa on Tuesday as Assad visited the coast.", "2021-05-05"),
        ("s4", "Assad met his generals in Damascus on Tuesday, Syria's state media said.", "2021-05-05"),
    ]
    title = build_timeline([Article(i, t, date.fromisoformat(p)) for i, t, p in story]).title
    assert title.startswith(("Syria and ", "Assad and Syria")), title
    assert "Syrian" not in title


def test_the_mission_corpus_gets_a_title_of_its_story(huawei_corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(huawei_corpus), "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0, result.output
    title = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["title"]
    assert "Huawei" in title and "MTS" in title and title.endswith("2019")


def test_the_demo_keeps_its_own_title(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "t.html")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["title"].endswith("(demo)")

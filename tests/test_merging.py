"""Merging by calendar year: years merge apart (on any engine, with their steps in memory or on
disk) and join at their edges."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from timeline import engines
from timeline.dedup import clusters, date_order, deduplicate, feature_counts, worth_merging, years
from timeline.dedup.store import Held, pack, unpack
from timeline.engines import InProcess, LocalPool
from timeline.export import to_json
from timeline.mentions import extract_mentions
from timeline.pipeline import StageTimes, build_timeline
from timeline.records import Article
from timeline.settings import Limits

# Limits that take the paths of a large archive on a small story: an article per chunk, the
# join's caches holding almost nothing, one spanning event built and one support attached at a time.
SMALL = Limits(chunk_characters=1, support_batch=1, report_chunks=1, spanning_built=1, read_kept=0, cut_years_kept=1)

# One event on the last days of 2009, told again by a season that runs into 2010 (its mention
# belongs to no single year's partition), beside events of 2009 and 2010 of their own.
STORY = [
    Article("storm-1", "A severe ice storm hit Montreal and Quebec City on 30 December 2009, cutting power to thousands of homes.", date(2009, 12, 31)),
    Article("storm-2", "In winter 2009, a severe ice storm hit Montreal and Quebec City, cutting power to thousands of homes.", date(2010, 1, 15)),
    Article("mayor", "Gerald Tremblay was re-elected mayor of Montreal on 1 November 2009 after a bitter campaign.", date(2009, 11, 2)),
    Article("games", "The Olympic Games closed in Vancouver on 28 February 2010 with a hockey final.", date(2010, 3, 1)),
]  # fmt: skip


# A plan for a span of two years (an event of no single year's partition) and an undated
# sentence of another article that supports it.
PILOTS = [
    Article("pilot-1", "Huawei and MTS signed a deal in Moscow on 5 June 2019. Huawei and MTS will launch pilot networks in 2019-2020.", date(2019, 6, 6)),
    Article("pilot-2", "MTS and Huawei plan pilot networks in 2019-2020 across Moscow. MTS chief Alexei Kornya said the Huawei pilot networks would reach millions.", date(2019, 6, 10)),
]  # fmt: skip


def event_of(events, value: str):
    [event] = [e for e in events if any(m.time is not None and m.time.value == value for m in e.mentions)]
    return event


def test_a_season_across_the_new_year_joins_the_event_of_its_last_days() -> None:
    events = build_timeline(STORY).events
    storm = event_of(events, "2009-12-30")
    assert event_of(events, "2009-WI") is storm  # joined across the partitions' edge
    assert storm.start == date(2009, 12, 30) and set(storm.sources) == {"storm-1", "storm-2"}
    assert event_of(events, "2009-11-01") is not storm and event_of(events, "2010-02-28") is not storm


def test_partitions_merged_by_worker_processes_give_the_one_process_timeline() -> None:
    mentions = extract_mentions(STORY)
    counts = feature_counts(mentions)
    kept = worth_merging(mentions)
    alone = deduplicate(kept, STORY, counts=counts, run=InProcess().run_tasks)
    pooled = deduplicate(kept, STORY, counts=counts, run=LocalPool(2).run_tasks)
    assert pooled == alone
    assert deduplicate(mentions, STORY) == alone  # cut down as they stream or all at once: the same


def test_only_sentences_that_may_support_an_event_are_kept() -> None:
    article = Article(
        "a",
        "Huawei signs a deal in Moscow. It is the firm's largest. Huawei signed the deal on 5 June 2019. "
        "Analysts at Huawei said it would help. Ana Ruiz visited a plant near Leeds. The weather was mild and the streets were quiet.",
        date(2019, 6, 6),
    )
    mentions = extract_mentions([article])
    kept = {m.sentence for m in worth_merging(mentions)}
    assert any("signs a deal in Moscow" in s for s in kept)  # the lead reports the news
    assert any("signed the deal" in s for s in kept)  # dated
    assert any("Analysts at Huawei" in s for s in kept)  # names an actor the dated sentence names
    assert not any("Ana Ruiz" in s for s in kept)  # names only actors no date is given for
    assert not any("weather was mild" in s for s in kept)  # names no one


# A pile about one story (a dam), and two pages of town listings, one line of which is about the
# dam: that line uses the story's words, but its pages are off the story and count for less.
LISTINGS = "A market opened in Tarn on 1 May. A bakery closed in Tarn on 2 May. The library shut in Tarn on 3 May. The pool reopened in Tarn on 7 May. A fair came to Tarn on 8 May."
DAM = [
    *(Article(f"s{n}", f"The Karsa dam held back the flood water on {10 + n} May, engineers said.", date(2019, 5, 20)) for n in range(10)),
    Article("i1", "Engineers inspected the Karsa dam on 4 May and found new cracks in the dam wall.", date(2019, 5, 21)),
    *(Article(f"t{n}", f"{LISTINGS} The choir sang at the Karsa dam on 6 May.", date(2019, 5, 21)) for n in range(2)),
]  # fmt: skip


@pytest.mark.parametrize("on_disk", [True, False], ids=["on disk", "in memory"])
@pytest.mark.parametrize("engine", [InProcess(), LocalPool(2)], ids=["1 process", "2 processes"])
def test_the_timeline_is_the_same_whatever_the_store_the_engine_and_the_limits(
    engine: engines.Engine, on_disk: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An article per chunk, the join's caches holding almost nothing, the steps in files or in
    memory, one process or two: the timeline of the whole story merged in one piece."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for story in (STORY + PILOTS, DAM, DECEMBER + STORY + PILOTS + AFTERSHOCK):
        stages = StageTimes()
        merged = build_timeline(iter(story), "T", engine=engine, stages=stages, on_disk=on_disk, limits=SMALL)
        assert stages.on_disk == on_disk
        assert to_json(merged) == to_json(build_timeline(story, "T", on_disk=False))
        assert list(tmp_path.iterdir()) == []  # no file left behind
    plan = event_of(build_timeline(STORY + PILOTS, "T", on_disk=on_disk, limits=SMALL).events, "2019")  # 2019-2020: no single year
    assert any(m.time is None and m.article_id == "pilot-2" for m in plan.mentions)  # supported across the years
    dam = build_timeline(DAM, "T", engine=engine, on_disk=on_disk, limits=SMALL)
    inspection, choir = event_of(dam.events, "2019-05-04"), event_of(dam.events, "2019-05-06")
    assert inspection.salience > choir.salience  # told by one page of the story against two listings


def _shifted(article: Article, days: int) -> Article:
    day = article.published + timedelta(days=days)
    text = article.text
    for old in sorted({m.group(0) for m in _DAY_MONTH_YEAR.finditer(text)}, key=len, reverse=True):
        moved = datetime.strptime(old, "%d %B %Y").date() + timedelta(days=days)
        text = text.replace(old, f"{moved.day} {moved:%B %Y}")
    return replace(article, published=day, text=text)


_DAY_MONTH_YEAR = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b")

# A flood told day by day over the turn of a year: how a day's reports stand out from those of
# the weeks around it counts in its salience, whichever year those weeks fall in.
FLOOD = [
    Article(f"flood-{n}", f"Rescuers in Tarn said the river flooded {n} villages on {day} after days of rain.", published)
    for n, (day, published) in enumerate(
        [("28 December 2009", date(2009, 12, 29)), ("28 December 2009", date(2009, 12, 29)), ("28 December 2009", date(2009, 12, 30)),
         ("30 December 2009", date(2009, 12, 31)), ("2 January 2010", date(2010, 1, 3)), ("2 January 2010", date(2010, 1, 3)),
         ("5 January 2010", date(2010, 1, 6)), ("9 January 2010", date(2010, 1, 10))],
        start=2,
    )
]  # fmt: skip


def test_a_days_salience_does_not_depend_on_which_year_the_days_around_it_fall_in() -> None:
    across = build_timeline(FLOOD, "T").events
    within = build_timeline([_shifted(a, -20) for a in FLOOD], "T").events  # the same days, all in December
    assert [e.start - timedelta(days=-20) for e in within] == [e.start for e in across]
    assert [e.salience for e in within] == [e.salience for e in across]


def test_no_room_for_the_merging_files_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from timeline.cli import app

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    result = CliRunner().invoke(app, ["build", "--jobs", "1", "--on-disk", "--out", str(tmp_path / "out" / "t.html")])
    assert result.exit_code == 2
    assert f"cannot write the merging's files in {tmp_path / 'missing'}" in result.output and "TMPDIR" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


# A sentence dated by a season across the new year that goes on about the sentence before it
# (the same person named, other words): it joins that sentence's event as the story goes on.
AFTERSHOCK = [
    Article("sarah", "Sarah Jones was in Haiti on 20 January 2010 when an aftershock hit. Sarah Jones said winter 2009 brought bitterly cold nights, long queues for water and little sleep.", date(2010, 1, 21)),
    Article("other", "A strong aftershock hit Haiti on 20 January 2010, toppling buildings in Port-au-Prince.", date(2010, 1, 22)),
    Article("third", "The aftershock that hit Haiti on 20 January 2010 toppled more buildings in Port-au-Prince.", date(2010, 1, 23)),
    Article("mayor", "Gerald Tremblay was re-elected mayor of Montreal on 1 November 2009 after a bitter campaign.", date(2009, 11, 2)),
]  # fmt: skip


def test_a_spanning_sentence_going_on_about_the_one_before_joins_its_event(monkeypatch: pytest.MonkeyPatch) -> None:
    continued: list[int | None] = []
    original = clusters.continued_story

    def spy(*args: object, **kwargs: object) -> int | None:
        continued.append(found := original(*args, **kwargs))
        return found

    monkeypatch.setattr(clusters, "continued_story", spy)
    spilled = build_timeline(AFTERSHOCK, "T")
    assert any(n is not None for n in continued)  # joined as the sentence before's story, not by its words
    quake = event_of(spilled.events, "2010-01-20")
    assert event_of(spilled.events, "2009-WI") is quake and set(quake.sources) == {"sarah", "other", "third"}


def test_a_spanning_sentence_going_on_about_one_that_joined_an_event_by_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The event the sentence before joined (by its words, while the years were joined) holds
    members of other articles, which the main process loads back from the store."""
    story = [
        Article("sarah", "Sarah Jones said an aftershock hit Haiti and toppled buildings in Port-au-Prince in winter 2009. Sarah Jones said winter 2009 brought bitterly cold nights, long queues for water and little sleep.", date(2010, 1, 21)),
        *AFTERSHOCK[1:],
    ]  # fmt: skip
    spilled = build_timeline(story, "T", limits=SMALL)
    quake = event_of(spilled.events, "2010-01-20")
    assert sum(m.article_id == "sarah" for m in quake.mentions) == 2  # both of Sarah Jones's sentences


# A busy December: twenty openings by the mayor of Montreal, a day apart, then a season across
# the new year that tells the last of them again. A lookup reads only the last POSTING_LIMIT
# events filed under a feature, so the main process is sent only those (and loads them back
# from the store as the join meets them).
OPENINGS = ["library", "bridge", "museum", "stadium", "hospital", "market", "school", "theatre", "park", "station", "gallery", "clinic", "arena", "harbour", "garden", "observatory", "aquarium", "planetarium", "conservatory", "velodrome"]  # fmt: skip
DECEMBER = [
    Article(f"open-{day}", f"Mayor Gerald Tremblay opened the new {place} of Montreal on {day} December 2009 before a crowd.", date(2009, 12, day))
    for day, place in zip(range(12, 32), OPENINGS, strict=True)
] + [Article("season", "In winter 2009, Mayor Gerald Tremblay opened the new velodrome of Montreal before a crowd.", date(2010, 1, 20))]


def test_a_spanning_sentence_meets_the_latest_events_of_a_busy_month() -> None:
    assert len(DECEMBER) - 1 > clusters.POSTING_LIMIT  # more events under the mayor's name than a lookup reads
    spilled = build_timeline(DECEMBER, "T")
    last = event_of(spilled.events, "2009-12-31")
    assert event_of(spilled.events, "2009-WI") is last and set(last.sources) == {"open-31", "season"}


@pytest.mark.parametrize("limits", [SMALL, Limits()], ids=["one a batch", "one batch"])
def test_events_spanning_years_are_in_date_order(limits: Limits) -> None:
    """Events spanning years, built one at a time or all in one batch: two of the same season
    and sources are ordered by headline (the first made reads last)."""
    story = [
        Article("a-zoo", "In winter 2009, Zoo keepers in Calgary moved the elephants indoors for the cold.", date(2010, 1, 20)),
        Article("b-art", "In winter 2009, Artists in Toronto painted murals on the frozen lake.", date(2010, 1, 21)),
        *STORY,
    ]
    seasons = [e for e in build_timeline(story, "T", limits=limits).events if e.sources in (("a-zoo",), ("b-art",))]
    assert [e.sources for e in seasons] == [("b-art",), ("a-zoo",)]
    mentions = extract_mentions(story)
    events = deduplicate(mentions, story, limits=limits)
    assert [e.headline for e in events] == [e.headline for e in sorted(events, key=date_order)]


def test_years_cut_indexes_loaded_again_after_they_are_let_go_give_the_same_join(monkeypatch: pytest.MonkeyPatch) -> None:
    """The main process holds the cut index of at most Limits.cut_years_kept years: with one, the
    seasons across the new year look in 2009 and 2010 by turns, and each year is loaded again
    when looked in again; the buckets the join filed into are kept as it left them."""
    reads: list[tuple[int, ...]] = []
    read_year = years._YearCuts._read

    def counting(self: years._YearCuts, bucket: tuple[int, ...]) -> None:
        before = len(self)
        read_year(self, bucket)
        if len(self) > before:
            reads.append(bucket[:1])

    monkeypatch.setattr(years._YearCuts, "_read", counting)
    story = DECEMBER + STORY + PILOTS + AFTERSHOCK
    spilled = build_timeline(story, "T", limits=SMALL)
    assert to_json(spilled) == to_json(build_timeline(story, "T"))
    assert len(reads) > len(set(reads))  # a year let go, then loaded again
    assert "season" in event_of(spilled.events, "2009-12-31").sources  # joined by its words, in a year loaded again


def test_a_year_let_go_keeps_the_buckets_the_join_filed_into() -> None:
    cuts = {
        year: (Held(cut), 10 * (year - 2009))
        for year, cut in {2009: {(2009, 12): {"storm": [0]}, (2009,): {"mayor": [1]}}, 2010: {(2010, 1): {"games": [0]}}}.items()
    }
    index = years._CutIndex(cuts, kept=1)
    december = (date(2009, 12, 30), date(2009, 12, 31))
    index.file(7, december, ["crews"])  # the join files an event of 30 December 2009
    assert index.candidates((date(2010, 1, 1), date(2010, 2, 1)), False, ["games"]) == [10]  # 2010 read, 2009 let go
    assert (2009,) not in index.nested  # a bucket the join did not file into is let go
    month = (date(2009, 12, 1), date(2010, 1, 1))  # (not the interval filed: found in the nested buckets, not as the same date)
    assert sorted(index.candidates(month, False, ["crews", "storm", "mayor"])) == [0, 1, 7]  # read again, the filing kept


def test_a_mention_with_every_field_set_comes_back_whole_from_a_worker_and_from_a_file() -> None:
    # (Mention and TimeExpression pickle as their fields in order, and the store's files pack
    # them as tuples: a field out of place would come back in another's.)
    import pickle

    from timeline.records import Mention, TimeExpression

    part = TimeExpression(40, 44, "2019", "DATE", "2019", "year", date(2019, 1, 1), date(2020, 1, 1), rule="year")
    time = TimeExpression(
        40, 49, "2019-2020", "DATE", "2019", "year", date(2019, 1, 1), date(2021, 1, 1), "START", "2020", (part,), "year range"
    )
    mention = Mention("pilot-1", "Huawei and MTS will launch pilot networks in 2019-2020.", "launch pilot networks in 2019-2020",
                      time, 2, ("Huawei", "MTS"), ("launch", "pilot", "network"), ((25, 34),), ("Moscow",))  # fmt: skip
    assert pickle.loads(pickle.dumps(mention, protocol=pickle.HIGHEST_PROTOCOL)) == mention
    assert unpack(pack(mention)) == mention
    assert unpack(pack(replace(mention, time=None))) == replace(mention, time=None)


@pytest.mark.parametrize("day", [date(1, 1, 3), date(9999, 12, 30)], ids=["year 1", "year 9999"])
def test_a_day_at_the_ends_of_the_calendar_is_weighed_against_the_days_there_are(day: date) -> None:
    """The weeks around a day, and the other years around a year, stop at the calendar's ends."""
    from timeline.dedup.years import _around_year
    from timeline.salience import _around

    assert _around({day: 1.0}, day) == 0.0
    assert _around({day: 1.0, day.replace(day=day.day - 1): 2.0}, day) > 0.0
    assert _around_year({day: 1.0}, day.year) == {}  # (only other years' days)

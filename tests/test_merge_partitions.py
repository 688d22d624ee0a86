"""Merging by calendar year: partitions merge apart (on any engine) and join at their edges."""

from __future__ import annotations

from datetime import date

from timeline.dedup import deduplicate, feature_counts, worth_merging
from timeline.engines import InProcess, LocalPool
from timeline.mentions import extract_mentions
from timeline.pipeline import build_timeline
from timeline.records import Article

# One event on the last days of 2009, told again by a season that runs into 2010 (its mention
# belongs to no single year's partition), beside events of 2009 and 2010 of their own.
STORY = [
    Article("storm-1", "A severe ice storm hit Montreal and Quebec City on 30 December 2009, cutting power to thousands of homes.", date(2009, 12, 31)),
    Article("storm-2", "In winter 2009, a severe ice storm hit Montreal and Quebec City, cutting power to thousands of homes.", date(2010, 1, 15)),
    Article("mayor", "Gerald Tremblay was re-elected mayor of Montreal on 1 November 2009 after a bitter campaign.", date(2009, 11, 2)),
    Article("games", "The Olympic Games closed in Vancouver on 28 February 2010 with a hockey final.", date(2010, 3, 1)),
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

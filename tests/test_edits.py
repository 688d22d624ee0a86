"""The editor's pass: stable event ids, and an editor's corrections applied on every rebuild."""

from __future__ import annotations

from datetime import date

from timeline.pipeline import build_timeline
from timeline.records import Article

# A small story in our own words: two events a week apart, each reported twice.
STORY = [
    Article("deal-1", "Northwind and Acme signed a supply deal in Oslo on 5 June 2019, the companies said.", date(2019, 6, 6)),
    Article("deal-2", "Acme and Northwind signed their Oslo supply deal on 5 June 2019 after months of talks.", date(2019, 6, 7)),
    Article("strike-1", "Dock workers in Bergen went on strike on 12 June 2019 over pay.", date(2019, 6, 13)),
    Article("strike-2", "The Bergen dock strike began on 12 June 2019, the union said.", date(2019, 6, 14)),
]
# An article about an earlier, unrelated date: it comes first in date order.
EARLIER = Article("flood", "Heavy rain flooded the old town of Trondheim on 3 March 2018.", date(2018, 3, 4))
# A later report of the deal: the deal event gains a source.
LATER = Article("deal-3", "Northwind and Acme signed the Oslo supply deal on 5 June 2019; shipments start in autumn.", date(2019, 6, 20))


def ids_by_source(articles: list[Article], partition_files: bool = False) -> dict[str, str]:
    timeline = build_timeline(articles, "T", partition_files=partition_files)
    return {source: event.id for event in timeline.events for source in event.sources}


def test_ids_do_not_change_when_an_article_about_an_earlier_date_is_added() -> None:
    before = ids_by_source(STORY)
    after = ids_by_source([EARLIER, *STORY])
    assert set(before.values()) == {before["deal-1"], before["strike-1"]} and before["deal-1"] != before["strike-1"]
    assert {k: after[k] for k in before} == before
    assert after["flood"] not in before.values()


def test_ids_do_not_change_when_an_event_gains_a_later_source_or_an_article_is_removed() -> None:
    before = ids_by_source(STORY)
    grown = ids_by_source([*STORY, LATER])
    assert grown["deal-3"] == grown["deal-1"] == before["deal-1"] and grown["strike-1"] == before["strike-1"]
    assert ids_by_source(STORY[2:])["strike-1"] == before["strike-1"]


def test_both_merging_paths_give_the_same_ids() -> None:
    assert ids_by_source([EARLIER, *STORY, LATER], partition_files=True) == ids_by_source([EARLIER, *STORY, LATER])

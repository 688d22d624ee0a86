"""The mission corpus's events as a reader must see them (../shared/corpus/huawei-mts)."""

from __future__ import annotations

from pathlib import Path

from timeline.pipeline import build_timeline
from timeline.records import Event
from timeline.sources import load_articles


def events_of(corpus: Path) -> list[Event]:
    return list(build_timeline(load_articles([corpus])).events)


def test_ren_zhengfei_remark_is_dated_february(huawei_corpus: Path) -> None:
    [remark] = [e for e in events_of(huawei_corpus) if any("Ren Zhengfei" in m.sentence for m in e.mentions if m.time)]
    assert (remark.value, remark.granularity, remark.future) == ("2019-02", "month", False)


def test_pilot_networks_are_one_future_range(huawei_corpus: Path) -> None:
    [pilot] = [e for e in events_of(huawei_corpus) if e.end_value]
    assert (pilot.value, pilot.end_value, pilot.start.isoformat(), pilot.end.isoformat()) == ("2019", "2020", "2019-01-01", "2021-01-01")
    assert pilot.future and len(pilot.sources) >= 4


def test_signing_ban_and_suspension_are_separate_and_the_signing_is_widely_sourced(huawei_corpus: Path) -> None:
    events = events_of(huawei_corpus)
    signing = [e for e in events if e.value == "2019-06-05"]
    may = [e for e in events if e.value == "2019-05"]
    ban = [e for e in may if any("banned" in m.clause or "banning" in m.clause for m in e.mentions)]
    google = [e for e in may if any("Google suspended" in m.clause for m in e.mentions)]
    assert len(signing) == 1 and len(signing[0].sources) >= 4
    assert len(ban) == 1 and len(google) == 1 and ban[0] is not google[0]
    assert not any(m.time for m in google[0].mentions if "banned" in m.clause)


def test_a_title_case_headline_joins_the_signing_by_the_names_its_article_writes(huawei_corpus: Path) -> None:
    # article-004's headline is in Title Case ("... Has Now Signed A Deal To Develop 5G Network In
    # Russia"): its capitals are style, but the names its article writes (Huawei, Russia) are actors.
    [signing] = [e for e in events_of(huawei_corpus) if e.value == "2019-06-05"]
    [headline] = [m for m in signing.mentions if m.article_id == "article-004" and m.sentence_index == -1]
    assert {"Huawei", "Russia"} <= set(headline.actors) and not {"Signed", "Deal", "Develop"} & set(headline.actors)

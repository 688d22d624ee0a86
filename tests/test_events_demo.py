"""The bundled demo's events as a reader sees them (timeline/demo, written by the team)."""

from __future__ import annotations

import re

import pytest

from timeline.pipeline import build_timeline
from timeline.records import Event
from timeline.sources import demo_folder, load_articles


@pytest.fixture(scope="module")
def demo_events() -> list[Event]:
    return list(build_timeline(load_articles([demo_folder()])).events)


def test_the_moscow_signing_is_one_event_apart_from_xis_arrival(demo_events: list[Event]) -> None:
    on_the_day = [e for e in demo_events if e.value == "2019-06-05"]
    [signing] = [e for e in on_the_day if any("signed" in m.clause for m in e.mentions if m.time)]
    [arrival] = [e for e in on_the_day if "arrived" in e.headline]
    assert "Huawei" in signing.headline and "MTS" in signing.headline
    dated = {m.article_id for m in signing.mentions if m.time}
    assert dated == {"01-moscow-signing", "02-us-ban", "04-roundup"}
    assert any(m.sentence.startswith("Huawei and MTS, Russia's biggest mobile operator, signed") for m in signing.mentions)
    assert not any("signed" in m.clause for m in arrival.mentions if m.time)


def test_every_headline_is_a_clause_with_its_subject_and_whole_words(demo_events: list[Event]) -> None:
    for event in demo_events:
        headline = event.headline
        first = headline.split()[0]
        assert headline[0].isupper() and first.lower() not in {"launch", "was", "is", "and", "which"}, headline
        words = re.findall(r"[\w'’-]+", headline.rstrip("…"))
        text = " ".join(m.sentence for m in event.mentions)
        assert all(re.search(rf"(?<![\w'’-]){re.escape(w)}(?![\w'’-])", text) for w in words[1:]), headline


def test_the_pilot_networks_range_is_headlined_with_who_will_launch_them(demo_events: list[Event]) -> None:
    [pilot] = [e for e in demo_events if e.end_value]
    assert (pilot.value, pilot.end_value, pilot.future) == ("2019", "2020", True)
    assert "MTS" in pilot.headline and "pilot networks" in pilot.headline

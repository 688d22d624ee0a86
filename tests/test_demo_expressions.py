"""The expressions of the demo story, each in a sentence like the one it came from."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.temporal import tag

THURSDAY = date(2019, 6, 6)
WEDNESDAY = date(2019, 6, 5)

CASES = [
    ("Trump signed an order banning Huawei last month.", THURSDAY, "last month", "DATE", "2019-05", None),
    ("Huawei has been under growing pressure since May, when Trump banned it.", THURSDAY, "May", "DATE", "2019-05", None),
    (
        '"America only represents a portion of the world," Ren Zhengfei said in February.',
        WEDNESDAY,
        "February",
        "DATE",
        "2019-02",
        None,
    ),
    ("Guo and Kornya signed the agreement in the Kremlin on Wednesday.", WEDNESDAY, "Wednesday", "DATE", "2019-06-05", None),
    ("On Wednesday, Xi and Putin met at the Grand Kremlin Palace.", THURSDAY, "Wednesday", "DATE", "2019-06-05", None),
    ("Kornya said in a statement Thursday.", THURSDAY, "Thursday", "DATE", "2019-06-06", None),
    (
        "MTS will launch 5G pilot networks in Russia this year and in 2020.",
        THURSDAY,
        "this year and in 2020",
        "DATE",
        "2019",
        "2020",
    ),
    ("The two companies will launch a pilot of 5G networks in 2019-2020.", THURSDAY, "2019-2020", "DATE", "2019", "2020"),
    ("The Trump administration banned Huawei a few weeks ago.", THURSDAY, "a few weeks ago", "DATE", "PAST_REF", None),
    ("Xi said so, as reported earlier today, 6 June.", THURSDAY, "6 June", "DATE", "2019-06-06", None),
    ("The trip is Xi's eighth to Russia since 2012.", THURSDAY, "2012", "DATE", "2012", None),
    ("Its chairman said this week the company is willing to sign.", WEDNESDAY, "this week", "DATE", "2019-W23", None),
    ("The ban is to come into force within three months.", THURSDAY, "three months", "DURATION", "P3M", None),
]


@pytest.mark.parametrize(("sentence", "published", "text", "type_", "value", "end_value"), CASES, ids=[c[2] for c in CASES])
def test_demo_story_expression(sentence: str, published: date, text: str, type_: str, value: str, end_value: str | None) -> None:
    found = {t.text: t for t in tag(sentence, published)}
    assert text in found, f"{text!r} not found; got {list(found)}"
    assert (found[text].type, found[text].value, found[text].end_value) == (type_, value, end_value)


def test_granularity_is_kept_not_invented() -> None:
    [month] = tag("It happened last month.", THURSDAY)
    assert (month.granularity, month.interval_start, month.interval_end) == ("month", date(2019, 5, 1), date(2019, 6, 1))
    [duration] = tag("It lasted three months.", THURSDAY)
    assert duration.interval_start is None and duration.granularity is None


def test_since_sets_the_mod_outside_the_span() -> None:
    [may] = tag("Huawei has been under pressure since May.", THURSDAY)
    assert (may.text, may.mod) == ("May", "ON_OR_AFTER")


def test_range_keeps_its_parts() -> None:
    [pilot] = tag("Networks will launch in 2019-2020.", THURSDAY)
    assert [p.value for p in pilot.parts] == ["2019", "2020"]
    assert (pilot.interval_start, pilot.interval_end) == (date(2019, 1, 1), date(2021, 1, 1))

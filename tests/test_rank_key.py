"""The compact ranking key of an archive's events orders them as salience.ranked does."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from timeline import salience
from timeline.dedup import event_id

events = st.lists(
    st.tuples(
        st.sampled_from([0.0, 0.5, 1.0, 2.25, 7.125, 1e-9, 123.456]),  # few values: many ties
        st.integers(0, 3),  # sources
        st.integers(0, 40),  # days after a start
        st.sampled_from(["A storm hit", "Talks ended", "Zoo closed"]),
    ),
    max_size=1200,  # numbers past 999 and 1000: ids of four digits against three
)


@given(events)
def test_the_rank_key_orders_events_as_ranked_does(found: list[tuple[float, int, int, str]]) -> None:
    first = date(2009, 1, 1)
    rows = [(s, n, first + timedelta(days=d), event_id("2009", h, number)) for number, (s, n, d, h) in enumerate(found, 1)]
    by_ranked = sorted(range(len(rows)), key=lambda k: (-rows[k][0], -rows[k][1], rows[k][2], rows[k][3]))
    by_key = sorted(range(len(rows)), key=lambda k: salience.rank_key(rows[k][0], rows[k][1], rows[k][2], k + 1))
    assert by_key == by_ranked


def test_events_tied_but_for_their_ids_are_ranked_by_id_across_digit_counts() -> None:
    """Ids order ties as strings: e100-… before e1000-… before e101-…."""
    day = date(2009, 6, 25)
    numbers = range(1, 1201)
    by_id = sorted(numbers, key=lambda n: event_id("2009-06-25", "A storm hit", n))
    assert sorted(numbers, key=lambda n: salience.rank_key(1.5, 2, day, n)) == by_id
    assert by_id.index(100) < by_id.index(1000) < by_id.index(101)

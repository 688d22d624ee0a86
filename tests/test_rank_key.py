"""The compact ranking key of an archive's events orders them as salience.ranked does."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from timeline import salience

events = st.lists(
    st.tuples(
        st.sampled_from([0.0, 0.5, 1.0, 2.25, 7.125, 1e-9, 123.456]),  # few values: many ties
        st.integers(0, 3),  # sources
        st.integers(0, 40),  # days after a start
        st.text("0123456789abcdef", min_size=12, max_size=12),  # an id's digest
    ),
    max_size=1200,
)


@given(events)
def test_the_rank_key_orders_events_as_ranked_does(found: list[tuple[float, int, int, str]]) -> None:
    first = date(2009, 1, 1)
    rows = [(s, n, first + timedelta(days=d), "e" + digest) for s, n, d, digest in found]
    by_ranked = sorted(range(len(rows)), key=lambda k: (-rows[k][0], -rows[k][1], rows[k][2], rows[k][3], k))
    by_key = sorted(range(len(rows)), key=lambda k: (salience.rank_key(*rows[k]), k))
    assert by_key == by_ranked

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.lib.dates import (
    add_months,
    merged_ranges,
    months_in_range,
    trailing_twelve_months,
)
from firstchoice.lib.money import percent


def test_it_clamps_to_the_end_of_the_month() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)


def test_it_gives_a_trailing_window_of_exactly_a_year() -> None:
    assert trailing_twelve_months(dt.date(2026, 11, 28)) == (
        dt.date(2025, 11, 29),
        dt.date(2026, 11, 28),
    )


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_it_never_overlaps_consecutive_windows(day: dt.date) -> None:
    start, end = trailing_twelve_months(day)
    assert start <= end
    assert (end - start).days in (364, 365)


def test_it_lists_every_month_in_a_range() -> None:
    months = months_in_range(dt.date(2025, 11, 20), dt.date(2026, 2, 3))
    assert months == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_it_computes_percentages_and_unknowns() -> None:
    assert percent(Decimal("25"), Decimal("200")) == Decimal("12.5")
    assert percent(Decimal("1"), Decimal("0")) is None


def test_it_splits_a_trailing_window_into_whole_months_and_edges() -> None:
    from firstchoice.lib.dates import split_by_whole_months

    months, edges = split_by_whole_months(dt.date(2025, 11, 29), dt.date(2026, 11, 28))
    assert months[0] == dt.date(2025, 12, 1) and months[-1] == dt.date(2026, 10, 1)
    assert len(months) == 11
    assert edges == [
        (dt.date(2025, 11, 29), dt.date(2025, 11, 30)),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 28)),
    ]


def test_it_needs_no_edges_for_whole_months() -> None:
    from firstchoice.lib.dates import split_by_whole_months

    months, edges = split_by_whole_months(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert len(months) == 12 and edges == []
    assert split_by_whole_months(dt.date(2026, 3, 5), dt.date(2026, 3, 9)) == (
        [],
        [(dt.date(2026, 3, 5), dt.date(2026, 3, 9))],
    )


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.integers(0, 800),
)
def test_it_covers_every_day_exactly_once(first: dt.date, length: int) -> None:
    from firstchoice.lib.dates import add_months, split_by_whole_months

    last = first + dt.timedelta(days=length)
    months, edges = split_by_whole_months(first, last)
    days = set()
    for month in months:
        end = add_months(month, 1)
        days |= {month + dt.timedelta(days=i) for i in range((end - month).days)}
    for start, stop in edges:
        days |= {start + dt.timedelta(days=i) for i in range((stop - start).days + 1)}
    assert days == {first + dt.timedelta(days=i) for i in range(length + 1)}
    assert len(edges) <= 2


def test_it_joins_ranges_that_touch_or_overlap() -> None:
    d = dt.date
    ranges = [
        (d(1997, 8, 1), d(1997, 8, 2)),
        (d(1996, 8, 3), d(1996, 8, 31)),
        (d(1995, 8, 3), d(1995, 8, 31)),
        (d(1996, 8, 1), d(1996, 8, 2)),
    ]
    assert merged_ranges(ranges) == [
        (d(1995, 8, 3), d(1995, 8, 31)),
        (d(1996, 8, 1), d(1996, 8, 31)),
        (d(1997, 8, 1), d(1997, 8, 2)),
    ]
    assert merged_ranges([]) == []


spans = st.tuples(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 3, 1)),
    st.integers(0, 20),
).map(lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1])))


@given(st.lists(spans, max_size=6))
def test_merged_ranges_hold_the_same_days_apart_and_in_order(ranges: list) -> None:
    def days(of: list) -> set[dt.date]:
        return {a + dt.timedelta(days=i) for a, b in of for i in range((b - a).days + 1)}

    joined = merged_ranges(ranges)
    assert days(joined) == days(ranges)
    for (_a, b), (c, _d) in pairwise(joined):
        assert c > b + dt.timedelta(days=1)  # apart: not even touching

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.lib.dates import add_months, months_in_range, trailing_twelve_months
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

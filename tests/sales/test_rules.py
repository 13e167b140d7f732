from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.sales.rules import (
    Distribution,
    Figures,
    median,
    rank_percentile,
    top_threshold,
    year_grid,
    yoy_growth,
)


def test_it_computes_margin_percent_and_unknown() -> None:
    assert Figures(Decimal("200.00"), Decimal("50.00"), 2).margin_pct == Decimal("25.0")
    assert Figures().margin_pct is None
    assert not Figures().has_business
    assert not Figures(Decimal("-10.00"), Decimal("0.00"), 1).has_business


def test_it_pivots_months_by_year_and_keeps_gaps_unknown() -> None:
    f = Figures(Decimal("10.00"), Decimal("2.00"), 1)
    g = Figures(Decimal("5.50"), Decimal("1.00"), 2)
    grid = year_grid(
        [(dt.date(2025, 11, 1), f), (dt.date(2025, 12, 1), g), (dt.date(2026, 1, 1), f)]
    )
    assert grid.years == [2025, 2026]
    assert grid.rows[0] == (1, [None, f])
    assert grid.rows[10] == (11, [f, None])
    assert grid.totals[0] == Figures(Decimal("15.50"), Decimal("3.00"), 3)
    assert grid.totals[1] == f


# --- growth, rank, percentile, top 10% ------------------------------------------------------

D = Decimal


def test_it_computes_year_over_year_growth_to_one_decimal() -> None:
    assert yoy_growth(D("112.50"), D("100.00")) == D("12.5")
    assert yoy_growth(D("90.00"), D("120.00")) == D("-25.0")
    assert yoy_growth(D("0.00"), D("50.00")) == D("-100.0")
    assert yoy_growth(D("100.00"), D("300.00")) == D("-66.7")  # rounded half up
    assert yoy_growth(D("1.00"), D("3.00")) == D("-66.7")


def test_it_has_no_growth_without_a_base() -> None:
    assert yoy_growth(D("100.00"), D("0.00")) is None
    assert yoy_growth(D("100.00"), D("-5.00")) is None  # credit notes only: no base


def test_it_ranks_the_largest_first_and_ties_share_a_rank() -> None:
    values = {"a": D("50"), "b": D("100"), "c": D("50"), "d": D("10")}
    assert rank_percentile(values) == {
        "b": (1, D("100.0")),
        "a": (2, D("75.0")),
        "c": (2, D("75.0")),
        "d": (4, D("25.0")),
    }


def test_it_ranks_nobody_in_an_empty_population() -> None:
    assert rank_percentile({}) == {}
    assert top_threshold([]) is None
    assert Distribution([]).top_share(D("5")) is None


def test_it_finds_the_top_ten_percent_threshold() -> None:
    values = [D(v) for v in range(1, 26)]  # 25 customers: the best 3 (2.5 rounded up)
    assert top_threshold(values) == D("23")
    assert top_threshold([D("7")]) == D("7")  # one customer is its own top 10%
    assert top_threshold([D("0"), D("-5")]) is None  # no customer with sales
    assert top_threshold([D("0"), D("0"), D("9")]) == D("9")  # zeros do not count
    assert top_threshold(values, share=D("0.20")) == D("21")


def test_it_says_top_x_percent_rounded_up() -> None:
    dist = Distribution([D(v) for v in range(1, 151)])
    assert dist.top_share(D("150")) == D("0.7")  # rank 1 of 150 = 0.67%
    assert dist.top_share(D("150")) > 0
    assert Distribution([D(v) for v in range(1, 101)]).top_share(D("98")) == D("3.0")


def test_it_finds_the_median_to_the_cent() -> None:
    assert median([]) is None
    assert median([D("3.00"), D("1.00"), D("2.00")]) == D("2.00")
    assert median([D("1.00"), D("2.01")]) == D("1.51")  # 1.505 rounded half up


money_values = st.decimals(
    min_value=D("-1000"), max_value=D("1000000"), places=2, allow_nan=False, allow_infinity=False
)


@given(st.lists(money_values, max_size=60))
def test_it_ranks_consistently(values: list[Decimal]) -> None:
    ranked = rank_percentile(dict(enumerate(values)))
    for i, (rank, pct) in ranked.items():
        assert rank == 1 + sum(v > values[i] for v in values)
        assert D("0") < pct <= D("100")
        for j, (other_rank, other_pct) in ranked.items():
            if values[i] > values[j]:
                assert rank < other_rank and pct >= other_pct


@given(st.lists(money_values, max_size=60), st.sampled_from([D("0.10"), D("0.25"), D("0.5")]))
def test_it_puts_at_least_the_top_share_at_or_above_the_threshold(
    values: list[Decimal], share: Decimal
) -> None:
    selling = [v for v in values if v > 0]
    threshold = top_threshold(values, share)
    if not selling:
        assert threshold is None
        return
    assert threshold is not None
    wanted = math.ceil(len(selling) * share)
    assert sum(v >= threshold for v in selling) >= wanted  # ties may add more
    assert sum(v > threshold for v in selling) < wanted


@given(money_values, money_values.filter(lambda v: v > 0))
def test_it_keeps_growth_consistent_with_the_amounts(current: Decimal, previous: Decimal) -> None:
    growth = yoy_growth(current, previous)
    assert growth is not None
    assert (growth > 0) == (current > previous) or abs(growth) < D("0.1")

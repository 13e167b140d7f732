from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.sales.rules import Figures, year_grid


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

"""Pure sales math (M9). No Django imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from firstchoice.lib.money import ZERO, percent


@dataclass(frozen=True)
class Figures:
    """Sales and margin over a window; lines = how many invoice lines they sum."""

    amount: Decimal = ZERO
    margin: Decimal = ZERO
    lines: int = 0

    @property
    def margin_pct(self) -> Decimal | None:
        return percent(self.margin, self.amount)

    @property
    def has_business(self) -> bool:
        return self.lines > 0 and self.amount > 0


@dataclass(frozen=True)
class YearGrid:
    """Monthly figures laid out month (rows) × year (columns), for year-over-year reading."""

    years: list[int]
    rows: list[tuple[int, list[Figures | None]]]  # (month 1–12, one cell per year)
    totals: list[Figures]


def year_grid(months: list[tuple[date, Figures]]) -> YearGrid:
    """Pivot (first-of-month, figures) pairs; months outside the data are None (not zero)."""
    by_key = {(day.year, day.month): figures for day, figures in months}
    years = sorted({day.year for day, _f in months})
    rows = [(m, [by_key.get((y, m)) for y in years]) for m in range(1, 13)]
    totals = [
        Figures(
            sum((f.amount for (yy, _m), f in by_key.items() if yy == y), ZERO),
            sum((f.margin for (yy, _m), f in by_key.items() if yy == y), ZERO),
            sum(f.lines for (yy, _m), f in by_key.items() if yy == y),
        )
        for y in years
    ]
    return YearGrid(years, rows, totals)

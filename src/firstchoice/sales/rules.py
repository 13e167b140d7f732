"""Pure sales math (M9). No Django imports."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from firstchoice.lib.money import CENT, ZERO, percent

K = TypeVar("K", bound=Hashable)


def add_margins(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """Sum of two margins where None is unknown: unknown only when both are."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


@dataclass(frozen=True)
class Figures:
    """Sales and margin over a window; lines = how many invoice lines they sum.

    `margin` is None when no line of the window has a known margin (ERP exports without a
    margin column): unknown, never 0. `margin_base` is the amount of the lines whose margin
    is known (None: all of them), the base of the margin %.
    """

    amount: Decimal = ZERO
    margin: Decimal | None = ZERO
    lines: int = 0
    margin_base: Decimal | None = None

    @property
    def margin_known(self) -> bool:
        return self.margin is not None or not self.lines

    @property
    def margin_pct(self) -> Decimal | None:
        if self.margin is None:
            return None
        base = self.amount if self.margin_base is None else self.margin_base
        return percent(self.margin, base)

    def __add__(self, other: Figures) -> Figures:
        # No lines is nothing: it neither makes an unknown margin known nor adds a base.
        if not other.lines and not other.amount:
            return self
        if not self.lines and not self.amount:
            return other
        base = None
        if self.margin_base is not None or other.margin_base is not None:
            base = (self.amount if self.margin_base is None else self.margin_base) + (
                other.amount if other.margin_base is None else other.margin_base
            )
        return Figures(
            self.amount + other.amount,
            add_margins(self.margin, other.margin),
            self.lines + other.lines,
            base,
        )

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
    totals = [sum((f for (yy, _m), f in by_key.items() if yy == y), Figures()) for y in years]
    return YearGrid(years, rows, totals)


# --- Ranking and growth (M8) --------------------------------------------------------------

TOP_SHARE = Decimal("0.10")  # the article's top customer: top 10% of all customers
_ONE_DECIMAL = Decimal("0.1")


def yoy_growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Year-over-year growth in percent, one decimal; None when there is no base to grow from."""
    if previous <= 0:
        return None
    return ((current - previous) * 100 / previous).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


Amount = TypeVar("Amount", int, Decimal)  # money, or integer cents


class Distribution(Generic[Amount]):
    """Sorted amounts of a population, answering rank and percentile for any amount.

    rank 1 = the largest; equal amounts share a rank (1, 2, 2, 4). percentile = share of
    the population at or below the amount, 0–100 with one decimal. The amounts may be
    integer cents (a whole company's, without a Decimal each): ranks and percentiles do
    not depend on the unit.
    """

    def __init__(self, amounts: Iterable[Amount]) -> None:
        self.ascending: list[Amount] = sorted(amounts)

    def __len__(self) -> int:
        return len(self.ascending)

    def rank(self, amount: Amount) -> int:
        return len(self.ascending) - bisect_right(self.ascending, amount) + 1

    def percentile(self, amount: Amount) -> Decimal:
        if not self.ascending:
            return Decimal("0.0")
        at_or_below = bisect_right(self.ascending, amount)
        return (Decimal(at_or_below) * 100 / len(self.ascending)).quantize(
            _ONE_DECIMAL, rounding=ROUND_HALF_UP
        )

    def top_share(self, amount: Amount) -> Decimal | None:
        """'Top x%': rank / population in percent, rounded up so rank 1 is never 'top 0%'."""
        if not self.ascending:
            return None
        share = Decimal(self.rank(amount)) * 100 / len(self.ascending)
        return share.quantize(_ONE_DECIMAL, rounding=ROUND_CEILING)

    def threshold(self, share: Decimal = TOP_SHARE) -> Amount | None:
        """The smallest amount still in the top `share` (at least one member counts as top)."""
        if not self.ascending:
            return None
        count = max(1, math.ceil(len(self.ascending) * share))
        return self.ascending[-min(count, len(self.ascending))]


def rank_percentile(values: Mapping[K, Decimal]) -> dict[K, tuple[int, Decimal]]:
    """(rank, percentile) of every key among all the values: see `Distribution`."""
    dist = Distribution(values.values())
    return {key: (dist.rank(amount), dist.percentile(amount)) for key, amount in values.items()}


def top_threshold(values: Iterable[Decimal], share: Decimal = TOP_SHARE) -> Decimal | None:
    """The smallest T12M amount still in the top `share` of the customers with sales (> 0).

    None when nobody has sales. The top 10% of 25 customers is the best 3 (rounded up).
    """
    return Distribution(v for v in values if v > 0).threshold(share)


def median(values: Iterable[Decimal]) -> Decimal | None:
    """The median amount to the cent; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(CENT, rounding=ROUND_HALF_UP)

"""The review math of the 15-account chart (M7): pure functions, no Django.

Unknown is not zero: an account without a monthly expectation has an unknown expected
figure and an unknown variance, and it is left out of the expected totals (the totals say
how many accounts they cover) rather than counted as expecting nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from firstchoice.lib.money import ZERO
from firstchoice.portfolio.rules import TIERS, UNTIERED


@dataclass(frozen=True)
class Variance:
    amount: Decimal | None  # actual - expected; None when expected is unknown
    percent: Decimal | None  # of expected, one decimal; None when expected is unknown or 0


def variance(expected: Decimal | None, actual: Decimal) -> Variance:
    """Actual against expected. A percentage of nothing (or of a negative) means nothing."""
    if expected is None:
        return Variance(None, None)
    amount = actual - expected
    if expected <= 0:
        return Variance(amount, None)
    percent = (amount * 100 / expected).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Variance(amount, percent)


def month_value(values: Sequence[Decimal | None] | None, month: int) -> Decimal | None:
    """The value for `month` (1–12) of a year's list; None when the list or month is unknown."""
    if values is None or not 1 <= month <= len(values):
        return None
    return values[month - 1]


def year_to_date(values: Sequence[Decimal | None] | None, month: int) -> Decimal | None:
    """Sum of January through `month`; None when none of those months is known."""
    if values is None:
        return None
    known = [v for v in values[: max(month, 0)] if v is not None]
    if not known:
        return None
    return sum(known, ZERO)


@dataclass(frozen=True)
class AccountFigures:
    """One account's figures for the review month."""

    tier: str
    expected_month: Decimal | None
    actual_month: Decimal
    expected_ytd: Decimal | None
    actual_ytd: Decimal

    @property
    def month_variance(self) -> Variance:
        return variance(self.expected_month, self.actual_month)

    @property
    def ytd_variance(self) -> Variance:
        return variance(self.expected_ytd, self.actual_ytd)


def account_figures(
    tier: str,
    expected_by_month: Sequence[Decimal | None] | None,
    actual_by_month: Sequence[Decimal],
    month: int,
) -> AccountFigures:
    """An account's month and year-to-date figures from its two 12-month lists."""
    return AccountFigures(
        tier=tier,
        expected_month=month_value(expected_by_month, month),
        actual_month=actual_by_month[month - 1],
        expected_ytd=year_to_date(expected_by_month, month),
        actual_ytd=sum(actual_by_month[:month], ZERO),
    )


@dataclass(frozen=True)
class Total:
    """Accounts summed. Actual counts every account; the variance compares expected with
    the actual of only the accounts that have an expectation, so it is the sum of the rows'
    variances and an account without a plan neither flatters nor hurts it."""

    accounts: int
    with_expected: int  # accounts whose expected figure (year to date) is known
    expected_month: Decimal | None
    actual_month: Decimal
    expected_ytd: Decimal | None
    actual_ytd: Decimal
    covered_month: Decimal = ZERO  # actual of the accounts with a known expected month
    covered_ytd: Decimal = ZERO

    @property
    def expected_complete(self) -> bool:
        return self.with_expected == self.accounts

    @property
    def month_variance(self) -> Variance:
        return variance(self.expected_month, self.covered_month)

    @property
    def ytd_variance(self) -> Variance:
        return variance(self.expected_ytd, self.covered_ytd)


def _known_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def total(rows: Sequence[AccountFigures]) -> Total:
    """The sum of some accounts; expected sums only the accounts where it is known."""
    return Total(
        accounts=len(rows),
        with_expected=sum(1 for r in rows if r.expected_ytd is not None),
        expected_month=_known_sum(r.expected_month for r in rows),
        actual_month=sum((r.actual_month for r in rows), ZERO),
        expected_ytd=_known_sum(r.expected_ytd for r in rows),
        actual_ytd=sum((r.actual_ytd for r in rows), ZERO),
        covered_month=sum((r.actual_month for r in rows if r.expected_month is not None), ZERO),
        covered_ytd=sum((r.actual_ytd for r in rows if r.expected_ytd is not None), ZERO),
    )


def tier_totals(rows: Sequence[AccountFigures]) -> dict[str, Total]:
    """A total per tier present, in tier order, the entries not tiered yet last."""
    return {
        tier: total([r for r in rows if r.tier == tier])
        for tier in (*TIERS, UNTIERED)
        if any(r.tier == tier for r in rows)
    }


def monthly_series(
    expected: Iterable[Sequence[Decimal | None] | None],
    actual: Iterable[Sequence[Decimal]],
    through: int,
) -> tuple[list[Decimal | None], list[Decimal | None]]:
    """Month-by-month expected (all 12) and actual (through the review month) of many accounts.

    A month's expected is None when no account has it; actual after the review month is
    None (not yet known), not zero.
    """
    known = [e for e in expected if e is not None]
    actual = list(actual)
    exp_series = [_known_sum(e[m] for e in known) for m in range(12)]
    act_series: list[Decimal | None] = [
        sum((a[m] for a in actual), ZERO) if m < through else None for m in range(12)
    ]
    return exp_series, act_series

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
class Reconciled:
    """One period (month or year to date) of some accounts, so that what is shown adds up.

    `variance` is `actual - expected` on exactly these two figures: `actual` is the actual
    of the `compared` accounts that have an expected figure (None when none has one), and
    `actual_all` is the actual of all `accounts`, shown separately labelled. An account
    without an expected figure neither flatters nor hurts the variance.
    """

    expected: Decimal | None
    actual: Decimal | None
    variance: Variance
    actual_all: Decimal
    accounts: int
    compared: int

    @property
    def complete(self) -> bool:
        return self.compared == self.accounts


def reconcile(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Reconciled:
    """(expected, actual) of each account -> the figures every output shows (page, team
    total, presenter view, PDF, XLSX, API). The one place the review's totals are made."""
    pairs = list(pairs)
    compared = [(e, a) for e, a in pairs if e is not None]
    expected = sum((e for e, _a in compared), ZERO) if compared else None
    actual = sum((a for _e, a in compared), ZERO) if compared else None
    return Reconciled(
        expected=expected,
        actual=actual,
        variance=variance(expected, actual) if actual is not None else Variance(None, None),
        actual_all=sum((a for _e, a in pairs), ZERO),
        accounts=len(pairs),
        compared=len(compared),
    )


class _Periods:
    """The names the outputs read, the same on a row and on a total."""

    month: Reconciled
    ytd: Reconciled

    @property
    def expected_month(self) -> Decimal | None:
        return self.month.expected

    @property
    def actual_month_all(self) -> Decimal:
        return self.month.actual_all

    @property
    def month_variance(self) -> Variance:
        return self.month.variance

    @property
    def expected_ytd(self) -> Decimal | None:
        return self.ytd.expected

    @property
    def actual_ytd_all(self) -> Decimal:
        return self.ytd.actual_all

    @property
    def ytd_variance(self) -> Variance:
        return self.ytd.variance


@dataclass(frozen=True)
class AccountFigures(_Periods):
    """One account's figures for the review month. Its actual is shown whether or not it
    has an expected figure; without one its variance is unknown."""

    tier: str
    month: Reconciled
    ytd: Reconciled

    @property
    def actual_month(self) -> Decimal:
        return self.month.actual_all

    @property
    def actual_ytd(self) -> Decimal:
        return self.ytd.actual_all


def account_figures(
    tier: str,
    expected_by_month: Sequence[Decimal | None] | None,
    actual_by_month: Sequence[Decimal],
    month: int,
) -> AccountFigures:
    """An account's month and year-to-date figures from its two 12-month lists."""
    return AccountFigures(
        tier=tier,
        month=reconcile([(month_value(expected_by_month, month), actual_by_month[month - 1])]),
        ytd=reconcile(
            [(year_to_date(expected_by_month, month), sum(actual_by_month[:month], ZERO))]
        ),
    )


@dataclass(frozen=True)
class Total(_Periods):
    """Accounts summed: `actual_*` is the actual of the accounts compared with an expected
    figure (so variance = actual - expected on the figures shown), `actual_*_all` that of
    every account."""

    month: Reconciled
    ytd: Reconciled

    @property
    def accounts(self) -> int:
        return self.ytd.accounts

    @property
    def with_expected(self) -> int:
        return self.ytd.compared

    @property
    def expected_complete(self) -> bool:
        return self.month.complete and self.ytd.complete

    @property
    def actual_month(self) -> Decimal | None:
        return self.month.actual

    @property
    def actual_ytd(self) -> Decimal | None:
        return self.ytd.actual


def total(rows: Sequence[AccountFigures]) -> Total:
    """The sum of some accounts, reconciled per period."""
    return Total(
        month=reconcile((r.month.expected, r.month.actual_all) for r in rows),
        ytd=reconcile((r.ytd.expected, r.ytd.actual_all) for r in rows),
    )


def _known_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


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
) -> tuple[list[Decimal | None], list[Decimal | None], list[Reconciled]]:
    """Month-by-month figures of many accounts: expected (all 12 months; None when no
    account has it), actual of all accounts (through the review month, None after: not yet
    known), and each month through the review month reconciled (variance on the accounts
    that have an expected figure that month)."""
    unknown: list[Decimal | None] = [None] * 12
    expected_lists = [e if e is not None else unknown for e in expected]
    actual = list(actual)
    exp_series = [_known_sum(e[m] for e in expected_lists) for m in range(12)]
    act_series: list[Decimal | None] = [
        sum((a[m] for a in actual), ZERO) if m < through else None for m in range(12)
    ]
    months = [
        reconcile((e[m], a[m]) for e, a in zip(expected_lists, actual, strict=True))
        for m in range(through)
    ]
    return exp_series, act_series, months

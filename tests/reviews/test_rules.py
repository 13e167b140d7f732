"""The review math (M7) without a database."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firstchoice.reviews import rules

TWELVE = [D(100)] * 12


def test_it_computes_variance_amount_and_percent() -> None:
    v = rules.variance(D(200), D(150))
    assert v.amount == D(-50)
    assert v.percent == D("-25.0")


def test_it_rounds_the_percent_to_one_decimal() -> None:
    assert rules.variance(D(3), D(4)).percent == D("33.3")


def test_it_has_no_variance_when_expected_is_unknown() -> None:
    assert rules.variance(None, D(150)) == rules.Variance(None, None)


def test_it_has_an_amount_but_no_percent_when_nothing_was_expected() -> None:
    v = rules.variance(D(0), D(150))
    assert v.amount == D(150)
    assert v.percent is None


def test_it_keeps_negative_months_from_credit_notes() -> None:
    v = rules.variance(D(100), D(-40))
    assert v.amount == D(-140)
    assert v.percent == D("-140.0")


def test_it_sums_the_year_to_date() -> None:
    assert rules.year_to_date(TWELVE, 3) == D(300)
    assert rules.year_to_date(TWELVE, 12) == D(1200)


def test_it_has_no_year_to_date_without_an_expectation() -> None:
    assert rules.year_to_date(None, 5) is None
    assert rules.year_to_date([None] * 12, 5) is None


def test_it_sums_only_the_known_months() -> None:
    values = [D(10), None, D(5)] + [None] * 9
    assert rules.year_to_date(values, 3) == D(15)
    assert rules.month_value(values, 2) is None


def test_it_reads_an_account_with_no_sales() -> None:
    f = rules.account_figures("A", TWELVE, [D(0)] * 12, 6)
    assert (f.expected_month, f.actual_month) == (D(100), D(0))
    assert (f.expected_ytd, f.actual_ytd) == (D(600), D(0))
    assert f.ytd_variance == rules.Variance(D(-600), D("-100.0"))


def test_it_reads_an_account_with_a_negative_month() -> None:
    actual = [D(50), D(-80)] + [D(0)] * 10
    f = rules.account_figures("B", None, actual, 2)
    assert f.actual_month == D(-80)
    assert f.actual_ytd == D(-30)
    assert f.expected_ytd is None
    assert f.month_variance == rules.Variance(None, None)


def test_it_totals_per_tier_and_overall_leaving_unknown_expected_out() -> None:
    rows = [
        rules.account_figures("A", TWELVE, [D(120)] * 12, 2),
        rules.account_figures("A", None, [D(30)] * 12, 2),  # no plan: unknown expected
        rules.account_figures("C", TWELVE, [D(0)] * 12, 2),  # a new account, nothing yet
    ]
    tiers = rules.tier_totals(rows)
    assert list(tiers) == ["A", "C"]
    a = tiers["A"]
    assert (a.accounts, a.with_expected, a.expected_complete) == (2, 1, False)
    # Actual beside expected is that of the account compared; all accounts apart.
    assert (a.expected_ytd, a.actual_ytd, a.actual_ytd_all) == (D(200), D(240), D(300))
    # The account without a plan counts in actual (all) but not in the variance.
    assert a.ytd_variance == rules.Variance(D(40), D("20.0"))
    total = rules.total(rows)
    assert total.expected_ytd == D(400)
    assert (total.actual_ytd, total.actual_ytd_all) == (D(240), D(300))
    assert total.ytd_variance == rules.Variance(D(-160), D("-40.0"))
    assert total.ytd_variance.amount == sum(
        (r.ytd_variance.amount for r in rows if r.ytd_variance.amount is not None), D(0)
    )


def test_it_totals_nothing_as_unknown_expected_and_zero_actual() -> None:
    t = rules.total([])
    assert (t.accounts, t.expected_ytd, t.actual_ytd, t.actual_ytd_all) == (0, None, None, D(0))
    assert t.ytd_variance.amount is None


def test_it_builds_the_monthly_series_through_the_review_month() -> None:
    expected, actual, months = rules.monthly_series(
        [TWELVE, None], [[D(1)] * 12, [D(2)] * 12], through=3
    )
    assert expected == [D(100)] * 12
    assert actual[:3] == [D(3)] * 3
    assert actual[3:] == [None] * 9
    # Each month's variance compares the planned account only: 1 - 100.
    assert [(m.expected, m.actual, m.variance.amount, m.actual_all) for m in months] == [
        (D(100), D(1), D(-99), D(3))
    ] * 3


def test_it_has_no_expected_series_without_plans() -> None:
    expected, _actual, _months = rules.monthly_series([None], [[D(0)] * 12], through=1)
    assert expected == [None] * 12


# The machine is shared: no timing health checks, a bounded number of examples.
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.decimals(min_value=-(10**7), max_value=10**7, places=2)


@QUICK
@given(
    st.lists(money, min_size=12, max_size=12),
    st.lists(money, min_size=12, max_size=12),
    st.integers(min_value=1, max_value=12),
)
def test_it_keeps_the_ytd_variance_equal_to_the_sum_of_monthly_variances(
    expected: list[D], actual: list[D], month: int
) -> None:
    f = rules.account_figures("A", expected, actual, month)
    monthly = sum((actual[m] - expected[m] for m in range(month)), D(0))
    assert f.ytd_variance.amount == monthly


maybe_money = st.one_of(st.none(), money)
account = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.one_of(st.none(), st.lists(maybe_money, min_size=12, max_size=12)),
    st.lists(money, min_size=12, max_size=12),
)


def _identity(r: rules.Reconciled) -> None:
    if r.expected is None:
        assert r.variance == rules.Variance(None, None)
        assert r.compared == 0 or r.actual is None
    else:
        assert r.actual is not None
        assert r.variance.amount == r.actual - r.expected
    assert r.compared <= r.accounts


@QUICK
@given(st.lists(account, max_size=20), st.integers(min_value=1, max_value=12))
def test_it_keeps_variance_equal_to_actual_minus_expected_on_every_row_and_total(
    accounts: list[tuple[str, list[D | None] | None, list[D]]], month: int
) -> None:
    """Issue 12: every figure shown beside a variance reconciles, row, tier and total."""
    rows = [rules.account_figures(t, e, a, month) for t, e, a in accounts]
    totals = [*rules.tier_totals(rows).values(), rules.total(rows)]
    for f in [*rows, *totals]:
        _identity(f.month)
        _identity(f.ytd)
    grand = rules.total(rows)
    assert grand.ytd.actual_all == sum((r.actual_ytd for r in rows), D(0))
    assert grand.month.actual_all == sum((r.actual_month for r in rows), D(0))
    compared = [r for r in rows if r.expected_ytd is not None]
    assert grand.ytd.compared == len(compared)
    if compared:
        assert grand.actual_ytd == sum((r.actual_ytd for r in compared), D(0))
        assert grand.ytd_variance.amount == sum(
            (r.ytd_variance.amount for r in compared if r.ytd_variance.amount is not None), D(0)
        )
    # Tier totals add up to the grand total.
    tiers = rules.tier_totals(rows).values()
    assert sum((t.ytd.actual_all for t in tiers), D(0)) == grand.ytd.actual_all


@QUICK
@given(st.lists(account, max_size=20), st.integers(min_value=1, max_value=12))
def test_it_keeps_each_month_of_the_trend_reconciled(
    accounts: list[tuple[str, list[D | None] | None, list[D]]], month: int
) -> None:
    _e, _a, months = rules.monthly_series(
        [e for _t, e, _x in accounts], [a for _t, _e, a in accounts], month
    )
    assert len(months) == month
    for r in months:
        _identity(r)

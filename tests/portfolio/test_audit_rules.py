"""Pure rules of the top-customer audit (M8): threshold, criteria, shares, shape."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.portfolio import rules
from firstchoice.portfolio.rules import AuditFacts, AuditThresholds, Tally

D = Decimal
THRESHOLDS = AuditThresholds(
    top_revenue=D(100_000), min_margin_percent=D(10), min_potential=D(50_000)
)


def facts(**kw: object) -> AuditFacts:
    base: dict[str, object] = {
        "tier": "A",
        "revenue": D(150_000),
        "margin": D(30_000),
        "potential": D(400_000),
        "cod": False,
    }
    base.update(kw)
    return AuditFacts(**base)  # type: ignore[arg-type]


def test_it_takes_the_threshold_at_the_top_ten_percent_of_buying_customers() -> None:
    revenues = [D(n) for n in range(1, 21)] + [D(0), D(-5)] * 10  # 20 buyers, 20 dormant
    assert rules.top_revenue_threshold(revenues, 10) == D(19)  # top 2 of 20 buyers


def test_it_rounds_the_top_group_up_so_one_customer_is_always_top() -> None:
    assert rules.top_revenue_threshold([D(5), D(3), D(1)], 10) == D(5)
    assert rules.top_revenue_threshold([D(5), D(3), D(1)], 50) == D(3)  # ceil(1.5) = 2


def test_it_has_no_threshold_when_nobody_bought() -> None:
    assert rules.top_revenue_threshold([D(0), D(-1)], 10) is None
    assert rules.top_revenue_threshold([], 10) is None


@given(st.lists(st.integers(min_value=-1000, max_value=10**9), min_size=1), st.integers(1, 100))
def test_it_always_counts_at_least_percent_of_buyers_as_top(
    values: list[int], percent: int
) -> None:
    revenues = [D(v) for v in values]
    threshold = rules.top_revenue_threshold(revenues, percent)
    buyers = [r for r in revenues if r > 0]
    if not buyers:
        assert threshold is None
        return
    assert threshold is not None
    top = [r for r in buyers if r >= threshold]
    assert len(top) * 100 >= len(buyers) * percent


def test_it_passes_a_real_top_customer() -> None:
    assert rules.failing_criteria(facts(), THRESHOLDS) == frozenset()


def test_it_names_each_failed_criterion() -> None:
    assert rules.failing_criteria(facts(revenue=D(99_999.99)), THRESHOLDS) == {"revenue"}
    assert rules.failing_criteria(facts(margin=D(14_999)), THRESHOLDS) == {"margin"}
    assert rules.failing_criteria(facts(potential=D(49_999)), THRESHOLDS) == {"potential"}
    everything = facts(revenue=D(10), margin=D(0), potential=None)
    assert rules.failing_criteria(everything, THRESHOLDS) == {"revenue", "margin", "potential"}


def test_it_accepts_the_threshold_itself() -> None:
    exact = facts(revenue=D(100_000), margin=D(10_000), potential=D(50_000))
    assert rules.failing_criteria(exact, THRESHOLDS) == frozenset()


def test_it_fails_an_unknown_or_zero_potential_even_with_no_company_minimum() -> None:
    no_minimum = AuditThresholds(D(100_000), D(10), D(0))
    assert rules.failing_criteria(facts(potential=None), no_minimum) == {"potential"}
    assert rules.failing_criteria(facts(potential=D(0)), no_minimum) == {"potential"}


def test_it_fails_revenue_and_margin_when_credit_notes_outweigh_invoices() -> None:
    refunded = facts(revenue=D(-2_000), margin=D(-300))
    assert rules.failing_criteria(refunded, THRESHOLDS) == {"revenue", "margin"}


def test_it_fails_revenue_and_margin_with_no_sales_at_all() -> None:
    assert rules.failing_criteria(facts(revenue=D(0), margin=D(0)), THRESHOLDS) == {
        "revenue",
        "margin",
    }


def test_it_judges_tier_c_on_potential_alone() -> None:
    prospect = facts(tier="C", revenue=D(0), margin=D(0))
    assert rules.failing_criteria(prospect, THRESHOLDS) == frozenset()
    assert rules.failing_criteria(facts(tier="C", potential=None), THRESHOLDS) == {"potential"}


def test_it_judges_untiered_imported_entries_on_everything() -> None:
    legacy = facts(tier=rules.UNTIERED, revenue=D(0), margin=D(0))
    assert rules.failing_criteria(legacy, THRESHOLDS) == {"revenue", "margin"}


def test_it_fails_revenue_for_everyone_when_nobody_bought() -> None:
    nobody = AuditThresholds(None, D(10), D(0))
    assert "revenue" in rules.failing_criteria(facts(), nobody)


def test_it_counts_shares_and_each_reason_separately() -> None:
    tally = Tally()
    tally.add(True, frozenset({"revenue", "margin"}))
    tally.add(False, frozenset({"potential"}))
    tally.add(True, frozenset())
    assert (tally.listed, tally.cod, tally.failing) == (3, 2, 2)
    assert tally.by_reason == {"revenue": 1, "margin": 1, "potential": 1}
    assert tally.cod_share == D("0.6667")
    assert tally.failing_share == D("0.6667")


def test_it_adds_tallies_up() -> None:
    one, two = Tally(), Tally()
    one.add(True, frozenset({"revenue"}))
    two.add(False, frozenset({"revenue", "potential"}))
    one.merge(two)
    assert (one.listed, one.cod, one.failing) == (2, 1, 2)
    assert one.by_reason == {"revenue": 2, "margin": 0, "potential": 1}


def test_it_has_no_share_of_an_empty_list() -> None:
    assert Tally().cod_share is None
    assert rules.share(0, 0) is None


def test_it_reports_a_broken_shape_with_its_counts() -> None:
    caps = {"A": 5, "B": 5, "C": 5}
    assert rules.list_shape("AAAAABBBBBCCCCC", caps) is None
    assert rules.list_shape("AAAAABBBBCCCCC", caps) == {"A": 5, "B": 4, "C": 5, "U": 0}
    assert rules.list_shape("U" * 20, caps) == {"A": 0, "B": 0, "C": 0, "U": 20}

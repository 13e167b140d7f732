"""Pure rules of the account research: potential, wallet share, headroom, completeness,
staleness, worth the resources (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.customers import rules

D = Decimal
TODAY = dt.date(2026, 6, 30)


def test_it_subtracts_other_channels_from_the_total() -> None:
    assert rules.target_potential(D("1000.00"), D("250.00")) == D("750.00")
    assert rules.target_potential(D("1000.00"), D(0)) == D("1000.00")


def test_it_never_gives_a_negative_potential() -> None:
    assert rules.target_potential(D(10), D(20)) == D(0)


def test_it_computes_wallet_share_and_headroom() -> None:
    assert rules.wallet_share(D(250), D(1000)) == D("25.0")
    assert rules.headroom(D(250), D(1000)) == D(750)
    assert rules.headroom(D(1200), D(1000)) == D(-200)  # selling beyond the estimate
    assert rules.wallet_share(D("250.00"), D("1000.00")) == D("25.0")
    assert rules.headroom(D("250.00"), D("1000.00")) == D("750.00")


def test_it_treats_an_unknown_or_zero_potential_as_unknown() -> None:
    assert rules.wallet_share(D(250), None) is None
    assert rules.headroom(D(250), None) is None
    assert rules.wallet_share(D(250), D(0)) is None
    assert rules.headroom(D("250.00"), D("0.00")) is None


def test_it_judges_worth_the_resources_on_both_thresholds() -> None:
    assert rules.worth_resources(D(500), 60, D(400), 50) is True
    assert rules.worth_resources(D(300), 90, D(400), 50) is False
    assert rules.worth_resources(D(500), 40, D(400), 50) is False
    assert rules.worth_resources(D(400), 50, D(400), 50) is True  # at the threshold
    assert rules.worth_resources(None, 90, D(400), 50) is None
    assert rules.worth_resources(D(500), None, D(400), 50) is None


def test_it_names_impossible_estimates() -> None:
    assert rules.estimate_errors(D(-1), D(0), 50) == {"total": "negative"}
    assert rules.estimate_errors(D(10), D(11), 50) == {"other_channels": "above_total"}
    assert rules.estimate_errors(D(10), D(-1), 101) == {
        "other_channels": "negative",
        "confidence": "range",
    }
    assert rules.estimate_errors(D(10), D(10), 0) == {}


def test_it_weighs_every_section_the_same_for_completeness() -> None:
    assert rules.completeness([(1, 1), (0, 10)]) == 50
    assert rules.completeness([(2, 4), (2, 4)]) == 50
    assert rules.completeness([(3, 3)] * 11) == 100
    assert rules.completeness([]) == 0
    assert rules.completeness([(1, 3), (0, 0)]) == 33  # a section with nothing to ask is skipped


def test_it_counts_only_real_answers() -> None:
    assert rules.section_score(["x", "", None, "unknown", [], [{"name": ""}], 0, ["a"]]) == (3, 8)


def test_it_marks_a_section_stale_after_the_configured_age() -> None:
    assert not rules.is_stale(TODAY - dt.timedelta(days=180), TODAY, 180)
    assert rules.is_stale(TODAY - dt.timedelta(days=181), TODAY, 180)
    assert not rules.is_stale(None, TODAY, 180)  # empty, not stale
    moment = dt.datetime(2025, 1, 1, 23, 59, tzinfo=dt.UTC)
    assert rules.is_stale(moment, TODAY, 30)


def test_it_flags_rules_we_cannot_fully_execute() -> None:
    assert rules.is_risk("no") and rules.is_risk("partly")
    assert not rules.is_risk("yes") and not rules.is_risk("unknown")


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2),
    other=st.decimals(min_value=0, max_value=10**9, places=2),
    current=st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_it_keeps_headroom_and_potential_consistent(
    total: Decimal, other: Decimal, current: Decimal
) -> None:
    potential = rules.target_potential(total, other)
    assert 0 <= potential <= total
    room = rules.headroom(current, potential)
    if potential > 0:
        assert room == potential - current
    else:
        assert room is None


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 20)), max_size=15))
def test_it_keeps_completeness_between_0_and_100(scores: list[tuple[int, int]]) -> None:
    sane = [(min(a, b), b) for a, b in scores]
    assert 0 <= rules.completeness(sane) <= 100

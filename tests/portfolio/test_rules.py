"""Pure rules of the portfolio: no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.portfolio import rules

CAP = {"A": 5, "B": 5, "C": 5}
DAY1 = dt.date(2026, 1, 6)
LATER = dt.date(2026, 6, 1)


def test_it_accepts_the_full_shape() -> None:
    assert rules.shape_warnings({"A": 5, "B": 5, "C": 5}, CAP) == []


def test_it_flags_short_and_over_tiers() -> None:
    warnings = rules.shape_warnings({"A": 5, "B": 4, "C": 6}, CAP)
    assert [(w.tier, w.count, w.kind) for w in warnings] == [("B", 4, "short"), ("C", 6, "over")]


def test_it_treats_missing_tiers_as_empty() -> None:
    warnings = rules.shape_warnings({}, {"A": 3, "B": 5, "C": 5})
    assert [(w.tier, w.count, w.capacity) for w in warnings] == [
        ("A", 0, 3),
        ("B", 0, 5),
        ("C", 0, 5),
    ]


@given(st.dictionaries(st.sampled_from("ABC"), st.integers(0, 20)), st.integers(1, 10))
def test_it_warns_exactly_when_count_differs(counts: dict[str, int], cap: int) -> None:
    capacities = {"A": cap, "B": cap, "C": cap}
    flagged = {w.tier for w in rules.shape_warnings(counts, capacities)}
    assert flagged == {t for t in "ABC" if counts.get(t, 0) != cap}


def test_it_has_room_below_capacity_only() -> None:
    assert rules.has_room(4, 5)
    assert not rules.has_room(5, 5)
    assert not rules.has_room(6, 5)


def test_it_finds_customers_listed_more_than_once() -> None:
    listings = [("rep1", "C1"), ("rep2", "C1"), ("rep1", "C2"), ("rep3", "C3"), ("rep3", "C3")]
    assert rules.listed_more_than_once(listings) == {"C1": ["rep1", "rep2"]}


def test_it_requires_a_meaningful_reason() -> None:
    assert rules.clean_reason("  won the trial  ") == "won the trial"
    assert rules.clean_reason("ok") is None
    assert rules.clean_reason("   ") is None
    assert rules.clean_reason(None) is None


def test_it_summarises_tier_c_rotation() -> None:
    changes = [
        *[("added", "", "C", DAY1)] * 5,
        ("moved", "C", "B", LATER),  # won
        ("added", "", "C", LATER),  # new prospect
        ("removed", "C", "", LATER),  # dropped
        ("moved", "A", "B", LATER),  # not about tier C
    ]
    summary = rules.rotation(changes)
    assert (summary.planned, summary.added, summary.promoted, summary.dropped) == (5, 1, 1, 1)
    assert summary.turnover == 3


def test_it_counts_moving_down_as_dropped() -> None:
    summary = rules.rotation([("added", "", "B", DAY1), ("moved", "B", "C", LATER)], tier="B")
    assert (summary.promoted, summary.dropped) == (0, 1)


def test_it_has_no_rotation_without_changes() -> None:
    assert rules.rotation([]) == rules.Rotation()

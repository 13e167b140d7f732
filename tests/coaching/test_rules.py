"""Pure coaching rules: gaps, trait scores, periods, roles, heat bands (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from firstchoice.coaching import rules


def test_it_computes_the_gap_as_coach_minus_self() -> None:
    assert rules.gap(3, 4) == 1
    assert rules.gap(5, 2) == -3
    assert rules.gap(4, 4) == 0


def test_it_has_no_gap_without_both_ratings() -> None:
    assert rules.gap(None, 4) is None
    assert rules.gap(3, None) is None


def test_it_averages_rated_behaviours_to_one_decimal() -> None:
    assert rules.average([3, 4, None, 4]) == Decimal("3.7")
    assert rules.average([2, 3]) == Decimal("2.5")
    assert rules.average([None, None]) is None
    assert rules.average([]) is None


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=10))
def test_it_keeps_trait_averages_on_the_scale(scores: list[int | None]) -> None:
    mean = rules.average(scores)
    if all(s is None for s in scores):
        assert mean is None
    else:
        assert mean is not None and Decimal(1) <= mean <= Decimal(5)


def test_it_scores_each_trait_and_its_gap() -> None:
    scores = rules.trait_scores([(1, 3, 4), (1, 3, 5), (2, 4, None), (2, None, None), (1, None, 3)])
    one, two = scores[1], scores[2]
    assert (one.self_score, one.coach_score) == (Decimal(3), Decimal(4))
    # The gap pairs each behaviour's ratings: (4 − 3) and (5 − 3); the third has no self rating.
    assert one.gap == Decimal("1.5")
    assert (one.rated_by_self, one.rated_by_coach, one.behaviours) == (2, 3, 3)
    assert one.notable_gap
    assert (two.self_score, two.coach_score, two.gap) == (Decimal(4), None, None)
    assert two.best == Decimal(4)  # the self rating until the coach has rated
    assert not two.notable_gap


def test_it_averages_gaps_over_behaviours_both_sides_rated() -> None:
    scores = rules.trait_scores([(1, 5, 3), (1, 4, None), (1, 4, None)])
    assert scores[1].self_score == Decimal("4.3")
    assert scores[1].coach_score == Decimal(3)
    assert scores[1].gap == Decimal(-2)  # not 3 − 4.3: only the first behaviour has both


def test_it_counts_missing_ratings() -> None:
    assert rules.missing_ratings([1, None, 3, None]) == 2


def test_it_validates_scores() -> None:
    assert all(rules.is_score(s) for s in (1, 2, 3, 4, 5))
    assert not any(rules.is_score(s) for s in (0, 6, -1, "3", 3.0, True, None))


def test_it_gives_each_user_one_side() -> None:
    assert rules.role(is_salesperson=True, is_coach=False) == rules.SELF
    assert rules.role(is_salesperson=False, is_coach=True) == rules.COACH
    # A manager assessed in their own team writes only their own side.
    assert rules.role(is_salesperson=True, is_coach=True) == rules.SELF
    assert rules.role(is_salesperson=False, is_coach=False) is None


def test_it_finds_the_quarter_of_a_day() -> None:
    q = rules.quarter_of(dt.date(2026, 8, 15))
    assert (q.start, q.end, q.label) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026 Q3")
    q4 = rules.quarter_of(dt.date(2026, 12, 31))
    assert (q4.start, q4.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert rules.previous_quarter(rules.quarter_of(dt.date(2026, 2, 1))).label == "2025 Q4"


def test_it_labels_months_and_other_periods() -> None:
    assert rules.period_label(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == "2026-02"
    assert (
        rules.period_label(dt.date(2026, 1, 15), dt.date(2026, 6, 30)) == "2026-01-15 – 2026-06-30"
    )


def test_it_bands_scores_for_the_heatmap() -> None:
    assert rules.heat(None) == "none"
    assert rules.heat(Decimal("2.4")) == "low"
    assert rules.heat(Decimal("2.5")) == "mid"
    assert rules.heat(Decimal("3.5")) == "high"


def test_it_names_the_weakest_traits_first() -> None:
    scores = rules.trait_scores([(1, 4, 4), (2, 2, None), (3, 5, 2), (4, None, None)])
    assert rules.weakest_traits(scores) == [2, 3]

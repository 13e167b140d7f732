"""The radar and trend charts render as inline SVG, with gaps where nothing is rated."""

from __future__ import annotations

from decimal import Decimal

from firstchoice.coaching import charts

LABELS = [f"{n}. Trait {n}" for n in range(1, 7)]


def test_it_draws_self_against_coach() -> None:
    svg = charts.radar(
        LABELS,
        [Decimal("4.2")] * 6,
        [Decimal(3), None, Decimal(2), None, None, Decimal(5)],
        self_label="Self",
        coach_label="Coach",
    )
    assert svg.startswith("<svg")
    assert "Self" in svg and "Coach" in svg and "1. Trait 1" in svg


def test_it_keeps_the_legend_of_a_side_not_rated_yet() -> None:
    svg = charts.radar(LABELS, [Decimal(4)] * 6, [None] * 6, self_label="Self", coach_label="教练")
    assert "教练" in svg


def test_it_draws_a_line_per_trait_across_periods() -> None:
    svg = charts.trend(["2026 Q3", "2026 Q4"], {"1. Trait": [Decimal("3.5"), None]})
    assert "2026 Q3" in svg and "1. Trait" in svg

"""Every chart is self-contained SVG: pygal links its tooltip script from a public host
unless told not to, and our users run the app where that host is unreachable (or must not
be told who looks at which page)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from firstchoice.coaching import charts as coaching_charts
from firstchoice.customers.charts import potential_trend
from firstchoice.customers.models import TargetPotential
from firstchoice.lib.charts import monthly_bars, share_bars

D = Decimal


def estimate(day: int, total: int) -> TargetPotential:
    return TargetPotential(
        pk=day, estimated_on=dt.date(2026, 1, day), total=D(total), other_channels=D(0)
    )


@pytest.mark.parametrize(
    "svg",
    [
        pytest.param(lambda: monthly_bars(["2026-01"], {"Sales": [D(1)]}), id="monthly_bars"),
        pytest.param(lambda: share_bars(["rep1"], {"COD": [D("0.2")]}), id="share_bars"),
        pytest.param(
            lambda: coaching_charts.radar(
                ["a", "b", "c"], [D(3)] * 3, [D(4)] * 3, self_label="self", coach_label="coach"
            ),
            id="radar",
        ),
        pytest.param(lambda: coaching_charts.trend(["Q1", "Q2"], {"1": [D(2), D(3)]}), id="trend"),
        pytest.param(
            lambda: potential_trend([estimate(1, 100), estimate(2, 200)]), id="potential_trend"
        ),
    ],
)
def test_it_draws_without_external_scripts(svg) -> None:  # type: ignore[no-untyped-def]
    drawing = svg()
    assert drawing.lstrip().startswith("<svg")
    # pygal's inline config script is harmless; a script loaded from anywhere is not.
    assert not re.search(r"<script[^>]*(href|src)=", drawing)
    assert "kozea" not in drawing

"""The target potential's trend (M3): one small server-side SVG line chart."""

from __future__ import annotations

from collections.abc import Sequence

import pygal
from django.utils.translation import gettext as _

from firstchoice.customers.models import TargetPotential
from firstchoice.lib.charts import COMMON, svg


def potential_trend(estimates: Sequence[TargetPotential]) -> str:
    """Target potential and total volume per estimate, oldest first; '' for fewer than two."""
    if len(estimates) < 2:
        return ""
    ordered = sorted(estimates, key=lambda e: (e.estimated_on, e.pk))
    chart = pygal.Line(
        **COMMON,
        height=220,
        width=640,
        show_legend=True,
        legend_at_bottom=True,
        value_formatter=lambda v: f"{v:,.0f}",
    )
    chart.x_labels = [e.estimated_on.isoformat() for e in ordered]
    chart.add(_("Target potential"), [float(e.target) for e in ordered])
    chart.add(_("Total market volume"), [float(e.total) for e in ordered])
    return svg(chart)

"""The coaching charts as server-side SVG (pygal): the same drawing in pages and PDFs."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pygal

from firstchoice.coaching import rules
from firstchoice.lib.charts import COMMON, PALETTE, svg

# Six traits need six colours; the house palette has four.
SIX = copy.copy(PALETTE)
SIX.colors = ("#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2")
# The radar is drawn small beside a table: its trait names need a larger type to stay legible.
RADAR = copy.copy(PALETTE)
RADAR.label_font_size = 18
RADAR.major_label_font_size = 18
RADAR.legend_font_size = 15


def _floats(values: Sequence[Decimal | None]) -> list[float | None]:
    return [float(v) if v is not None else None for v in values]


def radar(
    labels: Sequence[str],
    self_scores: Sequence[Decimal | None],
    coach_scores: Sequence[Decimal | None],
    *,
    self_label: str,
    coach_label: str,
) -> str:
    """The six traits on a 1–5 radar: the salesperson's view against the coach's."""
    chart = pygal.Radar(
        **{**COMMON, "style": RADAR, "margin": 12},
        width=560,
        height=460,
        fill=True,
        range=(0, rules.SCORE_MAX),
        y_labels=list(rules.SCORES),
        show_legend=True,
        legend_at_bottom=True,
        # pygal turns each spoke's label along its angle unless given a rotation (0 counts as
        # none, 360 is taken modulo 360): a thousandth of a degree keeps the numbers upright.
        x_label_rotation=0.001,
        dots_size=4,
        value_formatter=lambda v: f"{v:.1f}",
    )
    chart.x_labels = list(labels)
    for label, scores in ((self_label, self_scores), (coach_label, coach_scores)):
        # A side nobody has rated yet keeps its legend entry but draws nothing (pygal would
        # draw a filled dot at the centre for a series of gaps).
        values = _floats(scores)
        chart.add(label, values if any(v is not None for v in values) else [])
    return svg(chart)


def trend(period_labels: Sequence[str], series: Mapping[str, Sequence[Decimal | None]]) -> str:
    """One line per trait across periods (the coach's score, else the self rating)."""
    chart = pygal.Line(
        **{**COMMON, "style": SIX},
        width=760,
        height=300,
        range=(rules.SCORE_MIN, rules.SCORE_MAX),
        y_labels=list(rules.SCORES),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_legend=-1,
        allow_interruptions=True,
        value_formatter=lambda v: f"{v:.1f}",
    )
    chart.x_labels = list(period_labels)
    for name, values in series.items():
        chart.add(name, _floats(values))
    return svg(chart)

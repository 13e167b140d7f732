"""The review's drawings (server-side SVG): the same strings go into the page and the PDF."""

from __future__ import annotations

import copy
import unicodedata
from decimal import Decimal
from typing import Any

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from firstchoice.lib.charts import COMMON, PALETTE, svg
from firstchoice.reviews.queries import ReviewChart
from firstchoice.reviews.rules import Reconciled

LABEL_CHARS = 26
# Light solid guides: pygal's default black dashes are toned down by its own CSS opacity in
# a browser, which WeasyPrint does not apply, so the PDF would show heavy black grids.
STYLE = copy.copy(PALETTE)
STYLE.guide_stroke_color = "#e2e8f0"
STYLE.major_guide_stroke_color = "#cbd5e1"
STYLE.guide_stroke_dasharray = "0"
STYLE.major_guide_stroke_dasharray = "0"
# Bars start at zero: a bar's length is its value (pygal otherwise starts the axis near the
# smallest value and a small difference looks huge).
OPTIONS: dict[str, Any] = {
    **COMMON,
    "style": STYLE,
    "include_x_axis": True,
    "truncate_legend": -1,  # whole legend entries
}
# Vertical charts: only the round values on the axis, readable at the larger label size.
VERTICAL: dict[str, Any] = {**OPTIONS, "show_minor_y_labels": False}


def _render(drawing: Any) -> str:
    # pygal gives every legend the same ids; several charts share a page (and a PDF), and
    # the ids only serve pygal's tooltip script, which we never load (`svg` drops its config).
    return svg(drawing).replace('id="activate-serie-', 'data-serie="')


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _wide_chars(text: str) -> int:
    return sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _label_margin(labels: list[str]) -> int:
    """Extra left margin for labels with Chinese characters: pygal sizes the label column as
    if every character were a narrow Latin one, and a CJK glyph is about twice as wide."""
    widest = max((_wide_chars(label) for label in labels), default=0)
    return int(widest * PALETTE.label_font_size * 0.5)


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def ytd_bars(chart: ReviewChart) -> str:
    """Expected vs actual year to date: a pair of bars per account, then the total."""
    # Horizontal bars draw the first label at the bottom: reversed, the chart reads like
    # the table, top down.
    rows = list(reversed(chart.rows))
    total = chart.total
    labels = [f"{r.tier} · {_label(r.customer.name)}" for r in rows]
    drawing = pygal.HorizontalBar(
        **{**OPTIONS, "margin_left": int(OPTIONS["margin"]) + _label_margin(labels)},
        width=900,
        height=90 + 30 * len(rows),
        title=_("Year to date through %(month)s: expected vs actual (total %(e)s / %(a)s)")
        % {
            "month": date_format(chart.month, "YEAR_MONTH_FORMAT"),
            "e": _money(total.expected_ytd),
            "a": _money(total.actual_ytd),
        },
        legend_at_bottom=True,
        value_formatter=lambda v: f"{v:,.0f}",
    )
    drawing.x_labels = labels
    drawing.add(_("Expected"), [_float(r.figures.expected_ytd) for r in rows])
    drawing.add(_("Actual"), [_float(r.figures.actual_ytd) for r in rows])
    return _render(drawing)


def _period_bars(title: str, figures: Reconciled) -> str:
    """One period of all accounts: expected, the actual compared with it and, when some
    accounts have no expected figure, the actual of all accounts. A month and the year to
    date differ by an order of magnitude: each gets its own drawing and axis."""
    drawing = pygal.Bar(
        **VERTICAL,
        width=440,
        height=320,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        value_formatter=lambda v: f"{v:,.0f}",
    )
    drawing.show_x_labels = False  # the title names the period
    drawing.x_labels = [title]
    drawing.add(_("Expected"), [_float(figures.expected)])
    drawing.add(_("Actual"), [_float(figures.actual)])
    if not figures.complete:
        drawing.add(_("Actual, all accounts"), [_float(figures.actual_all)])
    return _render(drawing)


def month_bars(chart: ReviewChart) -> str:
    return _period_bars(_("This month, all accounts"), chart.total.month)


def year_bars(chart: ReviewChart) -> str:
    return _period_bars(_("Year to date, all accounts"), chart.total.ytd)


def monthly_line(chart: ReviewChart) -> str:
    """Expected and actual month by month over the year (all accounts of the chart)."""
    drawing = pygal.Line(
        **VERTICAL,
        width=600,
        height=320,
        title=_("Month by month, all accounts"),
        legend_at_bottom=True,
        value_formatter=lambda v: f"{v:,.0f}",
        dots_size=3,
        allow_interruptions=True,
    )
    drawing.x_labels = [date_format(m, "M") for m in chart.months]
    drawing.add(_("Expected"), [_float(v) for v in chart.expected_series])
    drawing.add(_("Actual"), [_float(v) for v in chart.actual_series])
    return _render(drawing)


def drawings(chart: ReviewChart) -> dict[str, str]:
    if not chart.rows:
        return {}
    return {
        "ytd": ytd_bars(chart),
        "total": month_bars(chart),
        "total_ytd": year_bars(chart),
        "monthly": monthly_line(chart),
    }

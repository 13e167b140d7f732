"""Server-side SVG charts (pygal): the same drawing in pages and, later, in PDFs.

Drawing is the costly part of a page (a pygal render is tens of milliseconds), so `svg`
keeps each drawing in Django's cache under a digest of everything the drawing is made
from: its type, every option and style, the labels and the values (see
`firstchoice.lib.caching.chart_key`). Changed data is a different key, so a drawing can
never be stale, and the key means the same in every process (local memory or Redis).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pygal
from pygal.style import Style

from firstchoice.lib import caching

PALETTE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#334155",
    foreground_strong="#0f172a",
    foreground_subtle="#e2e8f0",
    colors=("#2563eb", "#16a34a", "#f59e0b", "#dc2626"),
    font_family="'Noto Sans CJK SC', 'Noto Sans', system-ui, sans-serif",
    # Drawings are 900 units wide and shown scaled down to their box: 11-unit labels came
    # out at 7–8 px, unreadable at 100 % zoom (issue 12).
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
    title_font_size=17,
    value_font_size=14,
    tooltip_font_size=14,
)


# Options every chart shares. `js=[]`: pygal otherwise links its tooltip script from a public
# CDN, which a self-hosted install (and a PDF) must never fetch; the SVG stays static.
COMMON: dict[str, object] = {
    "style": PALETTE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "truncate_label": -1,
    "margin": 8,
}


# pygal always writes an inline <script> with its tooltip configuration into the SVG. We
# load no tooltip script, and the pages' Content-Security-Policy refuses inline scripts
# (each one a console error): the SVG goes out without it.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def svg(chart: Any) -> str:
    """The chart as self-contained, script-free SVG markup for pages and PDFs, drawn once
    per distinct content (cached by a digest of its inputs, never by who asks or when)."""
    return caching.remember(
        caching.chart_key(chart),
        lambda: _SCRIPT.sub("", str(chart.render(is_unicode=True))),
    )


def monthly_bars(
    labels: Sequence[str],
    series: dict[str, Sequence[Decimal | None]],
    *,
    title: str = "",
    height: int = 280,
) -> str:
    """A bar chart per month as an inline SVG string (safe: pygal escapes its labels)."""
    chart = pygal.Bar(
        **COMMON,
        height=height,
        width=900,
        title=title or None,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        x_label_rotation=-45 if len(labels) > 18 else 0,
        show_minor_x_labels=len(labels) <= 18,
        x_labels_major_every=3 if len(labels) > 18 else None,
        value_formatter=lambda v: f"{v:,.0f}",
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, [float(v) if v is not None else None for v in values])
    return svg(chart)


def share_bars(
    labels: Sequence[str],
    series: dict[str, Sequence[Decimal | None]],
    *,
    title: str = "",
) -> str:
    """Horizontal bars of shares (fractions 0..1) per label, shown as percentages."""
    chart = pygal.HorizontalBar(
        **COMMON,
        height=max(160, 80 + 18 * len(labels) * max(1, len(series))),
        width=900,
        title=title or None,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        range=(0, 100),
        value_formatter=lambda v: f"{v:.0f}%",
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, [float(v) * 100 if v is not None else None for v in values])
    return svg(chart)

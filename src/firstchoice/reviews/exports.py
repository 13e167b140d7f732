"""The meeting pack (M7, M12): PDF from the same templates and SVG drawings as the pages,
and XLSX with one sheet per salesperson plus a summary (numbers stored as numbers)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from firstchoice.lib.exports import xlsx_row
from firstchoice.lib.pdf import html_to_pdf
from firstchoice.reviews import queries, rules
from firstchoice.reviews.charts import drawings
from firstchoice.teams.models import Team

LANGUAGES = ("en", "zh-hans")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00;[Red]-#,##0.00"
PERCENT_FORMAT = "0.0%;[Red]-0.0%"


def filename(team: Team, month: dt.date, ext: str) -> str:
    return f"meeting-{team.slug}-{month:%Y-%m}.{ext}"


def meeting_html(team: Team, month: dt.date, *, language: str = "en") -> str:
    """The meeting pack's HTML, from which its PDF is made (and named: lib.builds)."""
    with translation.override(language):
        view = queries.meeting_view(team, month)
        sections = [
            {"chart": c, "drawings": drawings(c), "note": view.note_for(c.salesperson)}
            for c in view.charts
        ]
        context = {"view": view, "team": team, "month": month, "sections": sections}
        return render_to_string("reviews/pack_pdf.html", context)


def meeting_pdf(team: Team, month: dt.date, *, language: str = "en") -> bytes:
    """The meeting pack as PDF: team summary, then each salesperson's chart and statement."""
    return html_to_pdf(meeting_html(team, month, language=language))


# --- XLSX ------------------------------------------------------------------------------------


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", name).strip()[:28] or "sheet"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base[:26]} {n}", n + 1
    taken.add(title.lower())
    return title


def _percent(variance: rules.Variance) -> Decimal | None:
    # Stored as a fraction so the cell's percent format shows it (12.5% is 0.125).
    return variance.percent / 100 if variance.percent is not None else None


FIGURE_CELLS = 10


def _figure_cells(f: rules.AccountFigures | rules.Total) -> list[Any]:
    """Variance = Actual - Expected on the cells of the same row; "Actual, all accounts"
    also counts the accounts without an expected figure (an account: its actual)."""
    return [
        f.expected_month,
        f.actual_month,
        f.month_variance.amount,
        _percent(f.month_variance),
        f.actual_month_all,
        f.expected_ytd,
        f.actual_ytd,
        f.ytd_variance.amount,
        _percent(f.ytd_variance),
        f.actual_ytd_all,
    ]


def _figure_headers() -> list[str]:
    return [
        _("Expected (month)"),
        _("Actual (month)"),
        _("Variance (month)"),
        _("Variance % (month)"),
        _("Actual, all accounts (month)"),
        _("Expected (YTD)"),
        _("Actual (YTD)"),
        _("Variance (YTD)"),
        _("Variance % (YTD)"),
        _("Actual, all accounts (YTD)"),
    ]


def _formats(ws: Any, row: int, first_col: int) -> None:
    """Money and percent formats for the figure cells starting at `first_col`."""
    for offset in range(FIGURE_CELLS):
        cell = ws.cell(row=row, column=first_col + offset)
        cell.number_format = PERCENT_FORMAT if offset in (3, 8) else MONEY_FORMAT


def _append(ws: Any, values: list[Any]) -> None:
    """A row whose texts (customer names, statements, meeting notes) stay text."""
    ws.append(xlsx_row(ws, values))


def _bold_row(ws: Any, row: int) -> None:
    from openpyxl.styles import Font

    for cell in ws[row]:
        cell.font = Font(bold=True)


def _write_chart_sheet(ws: Any, chart: queries.ReviewChart, note: Any) -> None:
    from openpyxl.styles import Alignment

    sp = chart.salesperson
    _append(ws, [sp.name, sp.handle, f"{chart.month:%Y-%m}"])
    _bold_row(ws, 1)
    _append(ws, [])
    headers = [
        _("Tier"),
        _("Code"),
        _("Customer"),
        *_figure_headers(),
        _("Objectives on track"),
        _("Objectives off track"),
        _("Actions done"),
        _("Actions open"),
        _("Actions overdue"),
        _("Flags"),
    ]
    _append(ws, headers)
    _bold_row(ws, ws.max_row)
    for r in chart.rows:
        s = r.status
        _append(
            ws,
            [
                r.tier,
                r.customer.code,
                r.customer.name,
                *_figure_cells(r.figures),
                s.objectives_on_track if s else None,
                s.objectives_off_track if s else None,
                s.actions_done if s else None,
                s.actions_open if s else None,
                s.actions_overdue if s else None,
                ", ".join(label for _key, label in r.flags),
            ],
        )
        _formats(ws, ws.max_row, 4)
    for tier, t in chart.tier_totals.items():
        _append(ws, [tier, "", _("Tier %(tier)s total") % {"tier": tier}, *_figure_cells(t)])
        _formats(ws, ws.max_row, 4)
    _append(ws, ["", "", _("Total"), *_figure_cells(chart.total)])
    _formats(ws, ws.max_row, 4)
    _bold_row(ws, ws.max_row)
    _append(ws, [])
    texts: list[tuple[str, str]] = []
    if chart.statement:
        st = chart.statement
        texts += [
            (_("Progress"), st.progress),
            (_("Difficulties"), st.difficulties),
            (_("Help needed"), st.help_needed),
        ]
    if note:
        texts += [
            (_("Meeting: difficulties"), note.difficulties),
            (_("Meeting: ideas shared"), note.ideas),
            (_("Meeting: decisions"), note.decisions),
            (_("Meeting: kudos"), note.kudos),
        ]
    for label, text in texts:
        _append(ws, [label, "", text])
        ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["C"].width = 40
    for col in "DEFGHIJKLM":
        ws.column_dimensions[col].width = 15
    ws.freeze_panes = "D4"


def meeting_xlsx(team: Team, month: dt.date, *, language: str = "en") -> bytes:
    """The meeting pack as a workbook: a summary sheet and one sheet per salesperson."""
    from openpyxl import Workbook

    with translation.override(language):
        view = queries.meeting_view(team, month)
        wb = Workbook()
        summary = wb.active
        taken: set[str] = set()
        summary.title = _sheet_title(_("Summary"), taken)
        _append(summary, [team.name, f"{month:%Y-%m}"])
        _bold_row(summary, 1)
        _append(summary, [])
        _append(
            summary,
            [_("Salesperson"), _("Handle"), _("Accounts"), *_figure_headers(), _("Statement")],
        )
        _bold_row(summary, 3)
        for c in view.charts:
            _append(
                summary,
                [
                    c.salesperson.name,
                    c.salesperson.handle,
                    len(c.rows),
                    *_figure_cells(c.total),
                    _("written") if c.statement and not c.statement.is_empty else _("missing"),
                ],
            )
            _formats(summary, summary.max_row, 4)
        team_total = view.total
        _append(
            summary,
            [
                _("Team total"),
                "",
                sum(len(c.rows) for c in view.charts),
                *_figure_cells(team_total),
            ],
        )
        _formats(summary, summary.max_row, 4)
        _bold_row(summary, summary.max_row)
        summary.column_dimensions["A"].width = 28
        for col in "DEFGHIJKLM":
            summary.column_dimensions[col].width = 15
        for c in view.charts:
            ws = wb.create_sheet(_sheet_title(c.salesperson.name, taken))
            _write_chart_sheet(ws, c, view.note_for(c.salesperson))
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

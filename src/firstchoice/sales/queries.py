"""Reads of sales figures. Callers pass customers they obtained through a scoped lookup.

Whole months come from the monthly roll-ups; only the partial months at the edges of a
window are summed from the raw lines (both edges in one query), so a trailing-12-month
figure for every customer costs one or two grouped queries whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Aggregate, Case, Count, Q, QuerySet, Sum, When

from firstchoice.lib.dates import (
    add_months,
    month_start,
    months_in_range,
    split_by_whole_months,
    trailing_twelve_months,
)
from firstchoice.lib.functions import MonthStart
from firstchoice.lib.money import ZERO
from firstchoice.sales.models import MonthlySales, SalesLine
from firstchoice.sales.rules import Figures

Key = int | None


def figures_between(
    first: dt.date,
    last: dt.date,
    *,
    by: str = "customer_id",
    customer_ids: Iterable[int] | None = None,
    salesperson_ids: Iterable[int] | None = None,
) -> dict[Key, Figures]:
    """Sales, margin and lines per `by` ("customer_id" or "salesperson_id") in [first, last]."""
    months, edges = split_by_whole_months(first, last)
    scope = Q()
    if customer_ids is not None:
        scope &= Q(customer_id__in=list(customer_ids))
    if salesperson_ids is not None:
        scope &= Q(salesperson_id__in=list(salesperson_ids))
    totals: dict[Key, Figures] = defaultdict(Figures)
    if months:
        rows = _grouped(
            MonthlySales.objects.filter(scope, month__gte=months[0], month__lte=months[-1]),
            by,
            s_lines=Sum("lines"),
            s_base=Sum("margin_base"),
        )
        _accumulate(totals, rows, by)
    if edges:
        in_edges = Q()
        for edge_first, edge_last in edges:
            in_edges |= Q(invoice_date__range=(edge_first, edge_last))
        rows = _grouped(
            SalesLine.objects.filter(scope, in_edges), by, s_lines=Count("id"), s_base=known_base()
        )
        _accumulate(totals, rows, by)
    return dict(totals)


def known_base() -> Sum:
    """The amount of the lines whose margin is known: the base of a margin %."""
    return Sum(
        Case(
            When(margin__isnull=False, then="amount"),
            default=0,
            output_field=SalesLine._meta.get_field("amount"),
        )
    )


def _grouped(qs: QuerySet[Any], by: str, **count: Aggregate) -> QuerySet[Any]:
    # Annotations named apart from the columns: `base` still reads the lines' own amount.
    return (
        qs.order_by().values(by).annotate(s_amount=Sum("amount"), s_margin=Sum("margin"), **count)
    )


def _figures(row: dict[str, Any]) -> Figures:
    """A grouped row (amount, margin, lines, base) as Figures; a null margin is unknown."""
    return Figures(
        row["s_amount"] or ZERO,
        row["s_margin"],
        row["s_lines"] or 0,
        row["s_base"] or ZERO,
    )


def _accumulate(totals: dict[Key, Figures], rows: QuerySet[Any], by: str) -> None:
    for row in rows:
        totals[row[by]] = totals[row[by]] + _figures(row)


def lines_in_months(months: Iterable[dt.date], *, exclude_batch: int | None = None) -> list[Any]:
    """The live lines of each month in `months`, per import batch: what an import with
    --replace-period takes out. [{"month": "2026-10", "batch": 17, "lines": 12345}, …]."""
    scope = in_months(months)
    if scope is None:
        return []
    lines = SalesLine.objects.filter(scope)
    if exclude_batch is not None:
        lines = lines.exclude(batch_id=exclude_batch)
    rows = (
        lines.order_by()
        .annotate(in_month=MonthStart("invoice_date"))
        .values("in_month", "batch_id")
        .annotate(n=Count("id"))
        .order_by("in_month", "batch_id")
    )
    return [
        {"month": f"{row['in_month']:%Y-%m}", "batch": row["batch_id"], "lines": row["n"]}
        for row in rows
    ]


def in_months(months: Iterable[dt.date]) -> Q | None:
    """Lines dated in any of `months` (None when there are none)."""
    scope: Q | None = None
    for month in sorted({month_start(m) for m in months}):
        one = Q(invoice_date__gte=month, invoice_date__lt=add_months(month, 1))
        scope = one if scope is None else scope | one
    return scope


def trailing_figures(customer_ids: Iterable[int], as_of: dt.date) -> dict[int, Figures]:
    """Trailing-12-month sales and margin per customer."""
    ids = list(customer_ids)
    if not ids:
        return {}
    start, end = trailing_twelve_months(as_of)
    return figures_between(start, end, customer_ids=ids)  # type: ignore[return-value]


def monthly_figures(
    customer_id: int, first: dt.date, last: dt.date
) -> list[tuple[dt.date, Figures]]:
    """One row per month from `first`'s month to `last`'s month, months without sales as zero."""
    rows = (
        MonthlySales.objects.filter(customer_id=customer_id, month__gte=first, month__lte=last)
        .order_by()
        .values("month")
        .annotate(
            s_amount=Sum("amount"),
            s_margin=Sum("margin"),
            s_lines=Sum("lines"),
            s_base=Sum("margin_base"),
        )
    )
    by_month = {row["month"]: _figures(row) for row in rows}
    return [(month, by_month.get(month, Figures())) for month in months_in_range(first, last)]


def monthly_breakdown(
    first_month: dt.date,
    last_month: dt.date,
    *,
    customer_id: int | None = None,
    salesperson_id: int | None = None,
    by_salesperson: bool = False,
) -> dict[tuple[dt.date, Key], Figures]:
    """Figures per (month, salesperson id) from the roll-ups, in one query.

    The salesperson id is None unless `by_salesperson`; months without sales are absent.
    """
    qs = MonthlySales.objects.filter(month__gte=first_month, month__lte=last_month)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if salesperson_id is not None:
        qs = qs.filter(salesperson_id=salesperson_id)
    keys = ("month", "salesperson_id") if by_salesperson else ("month",)
    rows = (
        qs.order_by()
        .values(*keys)
        .annotate(
            s_amount=Sum("amount"),
            s_margin=Sum("margin"),
            s_lines=Sum("lines"),
            s_base=Sum("margin_base"),
        )
    )
    return {(row["month"], row.get("salesperson_id")): _figures(row) for row in rows}

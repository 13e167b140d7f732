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

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from firstchoice.lib.dates import months_in_range, split_by_whole_months, trailing_twelve_months
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
    totals: dict[Key, list[Any]] = defaultdict(lambda: [ZERO, ZERO, 0])
    if months:
        rows = _grouped(
            MonthlySales.objects.filter(scope, month__gte=months[0], month__lte=months[-1]),
            by,
            lines=Sum("lines"),
        )
        _accumulate(totals, rows, by)
    if edges:
        in_edges = Q()
        for edge_first, edge_last in edges:
            in_edges |= Q(invoice_date__range=(edge_first, edge_last))
        rows = _grouped(SalesLine.objects.filter(scope, in_edges), by, lines=Count("id"))
        _accumulate(totals, rows, by)
    return {key: Figures(a, m, n) for key, (a, m, n) in totals.items()}


def _grouped(qs: QuerySet[Any], by: str, **count: Aggregate) -> QuerySet[Any]:
    return qs.order_by().values(by).annotate(amount=Sum("amount"), margin=Sum("margin"), **count)


def _accumulate(totals: dict[Key, list[Any]], rows: QuerySet[Any], by: str) -> None:
    for row in rows:
        slot = totals[row[by]]
        slot[0] += row["amount"] or ZERO
        slot[1] += row["margin"] or ZERO
        slot[2] += row["lines"] or 0


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
        .annotate(amount=Sum("amount"), margin=Sum("margin"), lines=Sum("lines"))
    )
    by_month = {row["month"]: Figures(row["amount"], row["margin"], row["lines"]) for row in rows}
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
        .annotate(sum_amount=Sum("amount"), sum_margin=Sum("margin"), sum_lines=Sum("lines"))
    )
    return {
        (row["month"], row.get("salesperson_id")): Figures(
            row["sum_amount"] or ZERO, row["sum_margin"] or ZERO, row["sum_lines"] or 0
        )
        for row in rows
    }

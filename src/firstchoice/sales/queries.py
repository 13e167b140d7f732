"""Reads of sales lines. Callers pass customers they already obtained through a scoped lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from firstchoice.lib.dates import months_in_range, trailing_twelve_months
from firstchoice.lib.money import ZERO
from firstchoice.sales.models import SalesLine
from firstchoice.sales.rules import Figures


def trailing_figures(customer_ids: Iterable[int], as_of: dt.date) -> dict[int, Figures]:
    """Trailing-12-month sales and margin per customer, in one query."""
    ids = list(customer_ids)
    if not ids:
        return {}
    start, end = trailing_twelve_months(as_of)
    rows = (
        SalesLine.objects.filter(customer_id__in=ids, invoice_date__range=(start, end))
        .values("customer_id")
        .annotate(amount=Sum("amount"), margin=Sum("margin"), lines=Count("id"))
        .order_by()
    )
    return {
        row["customer_id"]: Figures(row["amount"] or ZERO, row["margin"] or ZERO, row["lines"])
        for row in rows
    }


def monthly_figures(
    customer_id: int, first: dt.date, last: dt.date
) -> list[tuple[dt.date, Figures]]:
    """One row per month from `first` to `last`, months without sales included as zero."""
    rows = (
        SalesLine.objects.filter(customer_id=customer_id, invoice_date__range=(first, last))
        .annotate(month=TruncMonth("invoice_date"))
        .values("month")
        .annotate(amount=Sum("amount"), margin=Sum("margin"), lines=Count("id"))
        .order_by("month")
    )
    by_month = {
        _as_date(row["month"]): Figures(row["amount"], row["margin"], row["lines"]) for row in rows
    }
    return [(month, by_month.get(month, Figures())) for month in months_in_range(first, last)]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value

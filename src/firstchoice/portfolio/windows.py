"""Sales summed by window in SQL for the tier suggestions: the trailing twelve months and
the two years before, per customer, in one pass over the monthly roll-ups (or the sales
lines where a month is cut), as integer cents."""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Lower, Trim
from django.db.models.lookups import In

from firstchoice.customers.rules import COD_SPELLINGS
from firstchoice.lib.dates import merged_ranges, split_by_whole_months, trailing_twelve_months
from firstchoice.lib.money import CENT
from firstchoice.sales.models import MonthlySales, SalesLine
from firstchoice.sales.rules import Figures

# Prospects nobody owns are offered for tier C when they fit the salesperson's segments;
# bounded so a company with a huge unassigned prospect list still answers quickly.


Sums = tuple[int, ...]  # a customer's `window_sums` row


def windows(as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The trailing 12 months to `as_of`, the 12 before, and the 12 before those."""
    windows = []
    last = as_of
    for _year in range(3):
        first, last = trailing_twelve_months(last)
        windows.append((first, last))
        last = first - dt.timedelta(days=1)
    return windows


def _sum_if(condition: Q, value: Any) -> Sum:
    """SUM(CASE WHEN condition THEN value ELSE 0 END), as integer cents (or a count)."""
    return Sum(Case(When(condition, then=value), default=Value(0), output_field=BigIntegerField()))


def window_sums(
    windows: list[tuple[dt.date, dt.date]],
    *,
    customer_ids: list[int] | None = None,
    cod: bool = False,
) -> dict[int, Sums]:
    """Per customer: amount, margin (cents) and lines of each window, in one query (two
    grouped parts, added up by the database).

    Slots 3i, 3i+1, 3i+2 hold window i; with `cod`, one more slot holds the amount sold on
    cash-on-delivery terms in the first window; then one slot per window holds the amount
    of the lines whose margin is known (the base of a margin %; 0: margin unknown). The
    same sums as `figures_between` (roll-ups for whole months, lines for the edges), read
    through a plain cursor as integers: for 150,000 customers the ORM's per-row Decimal
    conversion would cost more than the grouping.
    Customers without a row in any window are absent.
    """
    if customer_ids is not None and not customer_ids:
        return {}
    width = 4 * len(windows) + int(cod)
    base_at = 3 * len(windows) + int(cod)  # the known-margin amounts, one per window
    splits = [split_by_whole_months(first, last) for first, last in windows]
    scope = Q() if customer_ids is None else Q(customer_id__in=customer_ids)
    cod_terms: In = In(Lower(Trim("payment_terms")), sorted(COD_SPELLINGS))
    grouped: list[QuerySet[Any, Any]] = []

    months_in = [
        Q(month__gte=months[0], month__lte=months[-1]) if months else None
        for months, _edges in splits
    ]
    columns: dict[int, Sum] = {}  # by slot
    for i, condition in enumerate(months_in):
        if condition is None:
            continue
        columns |= {
            3 * i: _sum_if(condition, F("amount")),
            3 * i + 1: _sum_if(condition, F("margin")),
            3 * i + 2: _sum_if(condition, F("lines")),
            base_at + i: _sum_if(condition, F("margin_base")),
        }
        if cod and i == 0:
            columns[base_at - 1] = _sum_if(condition, F("cod_amount"))
    if columns:
        rows = MonthlySales.objects.filter(
            scope, reduce(operator.or_, (c for c in months_in if c is not None))
        )
        grouped.append(_grouped_by_customer(rows, columns, width))

    edges_in = [
        reduce(operator.or_, (Q(invoice_date__range=edge) for edge in edges)) if edges else None
        for _months, edges in splits
    ]
    columns = {}
    for i, condition in enumerate(edges_in):
        if condition is None:
            continue
        columns |= {
            3 * i: _sum_if(condition, F("amount")),
            3 * i + 1: _sum_if(condition, F("margin")),
            3 * i + 2: _sum_if(condition, Value(1)),
            base_at + i: _sum_if(condition & Q(margin__isnull=False), F("amount")),
        }
        if cod and i == 0:
            columns[base_at - 1] = _sum_if(condition & Q(cod_terms), F("amount"))
    if columns:
        # The days of every edge in as few ranges as they make (the windows' edges touch).
        days = merged_ranges(edge for _months, edges in splits for edge in edges)
        lines = SalesLine.objects.filter(
            scope, reduce(operator.or_, (Q(invoice_date__range=span) for span in days))
        )
        grouped.append(_grouped_by_customer(lines, columns, width))
    if not grouped:
        return {}

    # The database adds the roll-ups' and the lines' sums up and hands back integers (a
    # SUM of bigint is a numeric on PostgreSQL): one tuple per customer, nothing to convert.
    quote = connection.ops.quote_name
    parts: list[str] = []
    params: list[Any] = []
    for qs in grouped:
        sql, part_params = qs.query.sql_with_params()
        parts.append(sql)
        params += part_params
    slots = ", ".join(
        f"CAST(COALESCE(SUM({quote(f's{slot}')}), 0) AS BIGINT)" for slot in range(width)
    )
    # Compiled querysets and constant names; every value is a parameter.
    sql = (
        f"SELECT {quote('customer_id')}, {slots} FROM ({' UNION ALL '.join(parts)}) "  # noqa: S608
        f"{quote('parts')} GROUP BY {quote('customer_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Tuples of ints: the garbage collector soon stops tracking them.
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _grouped_by_customer(
    qs: QuerySet[Any, Any], columns: dict[int, Sum], width: int
) -> QuerySet[Any, Any]:
    """Sums by customer in slots s0…s{width-1}; a slot this source does not fill is 0."""
    zero = Sum(Value(0), output_field=BigIntegerField())
    named = {f"s{slot}": columns.get(slot, zero) for slot in range(width)}
    return qs.order_by().values("customer_id").annotate(**named).values_list("customer_id", *named)


def cents(value: int) -> Decimal:
    return Decimal(value) * CENT  # exact, and the same as .scaleb(-2) ("1.00", "0.00")


_NO_FIGURES = Figures()  # frozen: one shared for every empty window


def window_figures(sums: Sums | None, window: int) -> Figures:
    """Window `window` of a `window_sums` row; no lines in it is no figures (Figures())."""
    if sums is None or not sums[3 * window + 2]:
        return _NO_FIGURES
    count, has_cod = divmod(len(sums), 4)  # 4 slots per window, then maybe the COD slot
    base = sums[3 * count + has_cod + window]
    return Figures(
        cents(sums[3 * window]),
        cents(sums[3 * window + 1]) if base else None,  # no line gives a margin: unknown
        sums[3 * window + 2],
        cents(base),
    )


def mostly_cod(sums: Sums | None) -> bool:
    """More than half of the first window's sales on cash-on-delivery terms (`cod` sums)."""
    return sums is not None and sums[3 * (len(sums) // 4)] * 2 > sums[0]


def amounts_by_customer(first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """T12M-style sales of every customer of the company with sales lines in [first, last]."""
    return {key: cents(sums[0]) for key, sums in window_sums([(first, last)]).items() if sums[2]}

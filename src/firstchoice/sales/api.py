"""API for sales figures per month (M9, M12): a customer's and a salesperson's.

Amounts are decimal strings to the cent. Months come from the monthly roll-ups, so a
month's figures are exactly the sum of its invoice lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from firstchoice.lib.api import Code, Text
from firstchoice.lib.dates import add_months, month_start, months_in_range
from firstchoice.lib.http import InvalidParameter, parse_month, today
from firstchoice.lib.money import ZERO
from firstchoice.sales.queries import Key, monthly_breakdown
from firstchoice.sales.rules import Figures
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.queries import salesperson_for_user, visible_salespeople

router = Router(tags=["sales"])

# Twenty years of months is plenty for one answer; longer spans are a typing mistake.
MAX_MONTHS = 240

FromMonth = Annotated[
    Text,
    Query(
        "",
        alias="from",
        max_length=40,
        description="First month, YYYY-MM (default: eleven months before `to`)",
    ),
]
ToMonth = Annotated[
    Text,
    Query("", alias="to", max_length=40, description="Last month, YYYY-MM (default: this month)"),
]


class FiguresOut(Schema):
    amount: str
    margin: str | None = Field(
        description="Sum of the known margins; null when no line gives one (unknown, not 0)"
    )
    lines: int


class SalespersonMonthOut(FiguresOut):
    salesperson: str | None  # None: no salesperson on the lines, or one outside your scope


class MonthOut(FiguresOut):
    month: str
    salespeople: list[SalespersonMonthOut] | None = None


class SalesOut(Schema):
    first_month: str
    last_month: str
    months: list[MonthOut]
    total: FiguresOut


class CustomerSalesOut(SalesOut):
    customer: str


class SalespersonSalesOut(SalesOut):
    salesperson: str


def month_range(first: str, last: str) -> tuple[dt.date, dt.date]:
    """The months named by ?from=&to= (YYYY-MM): by default the twelve to this month."""
    last_month = parse_month("to", last) if last else month_start(today())
    first_month = parse_month("from", first) if first else add_months(last_month, -11)
    if first_month > last_month:
        raise InvalidParameter("from", _("The first month is after the last month."))
    if len(months_in_range(first_month, last_month)) > MAX_MONTHS:
        raise InvalidParameter(
            "from", _("Ask for at most %(n)d months at a time.") % {"n": MAX_MONTHS}
        )
    return first_month, last_month


def _fields(figures: Figures) -> dict[str, Any]:
    margin = None if figures.margin is None else str(figures.margin)
    return {"amount": str(figures.amount), "margin": margin, "lines": figures.lines}


def _figures_out(figures: Figures) -> FiguresOut:
    return FiguresOut(**_fields(figures))


EMPTY = Figures(ZERO, ZERO, 0)


def _add(a: Figures, b: Figures) -> Figures:
    return a + b


def sales_out(
    first: dt.date,
    last: dt.date,
    cells: Mapping[tuple[dt.date, Key], Figures],
    *,
    handles: Mapping[int, str] | None = None,
) -> tuple[list[MonthOut], FiguresOut]:
    """Every month from `first` to `last` (months without sales as zero), and the total.

    With `handles` (salesperson id → handle), each month also lists its salespeople; ids
    without a handle (no salesperson, or one the user may not see) are merged as None.
    """
    by_month: dict[dt.date, dict[str | None, Figures]] = defaultdict(dict)
    for (month, salesperson_id), cell in cells.items():
        handle = None
        if handles is not None and salesperson_id is not None:
            handle = handles.get(salesperson_id)
        split = by_month[month]
        split[handle] = _add(split.get(handle, EMPTY), cell)
    months = []
    total = EMPTY
    for month in months_in_range(first, last):
        split = by_month.get(month, {})
        figures = EMPTY
        for cell in split.values():
            figures = _add(figures, cell)
        total = _add(total, figures)
        months.append(
            MonthOut(
                month=month.strftime("%Y-%m"),
                **_fields(figures),
                salespeople=None
                if handles is None
                else [
                    SalespersonMonthOut(salesperson=handle, **_fields(f))
                    for handle, f in sorted(split.items(), key=lambda kv: -kv[1].amount)
                ],
            )
        )
    return months, _figures_out(total)


def visible_handles(user: User, ids: set[Key]) -> dict[int, str]:
    """Handles of the salespeople among `ids` that `user` may see (one query)."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {s.pk: s.handle for s in visible_salespeople(user).filter(pk__in=wanted)}


@router.get(
    "/{handle}/sales",
    response=SalespersonSalesOut,
    summary="A salesperson's sales, margin and invoice lines per month",
)
def salesperson_sales(
    request: HttpRequest,
    handle: Code,
    first: FromMonth = "",
    last: ToMonth = "",
) -> SalespersonSalesOut:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle)
    first_month, last_month = month_range(first, last)
    cells = monthly_breakdown(first_month, last_month, salesperson_id=salesperson.pk)
    months, total = sales_out(first_month, last_month, cells)
    return SalespersonSalesOut(
        salesperson=salesperson.handle,
        first_month=first_month.strftime("%Y-%m"),
        last_month=last_month.strftime("%Y-%m"),
        months=months,
        total=total,
    )


def customer_sales(
    user: User,
    customer_id: int,
    code: str,
    first: str,
    last: str,
    by: Literal["salesperson"] | None,
) -> CustomerSalesOut:
    """Shared by GET /customers/{code}/sales (pages/customers/api.py)."""
    first_month, last_month = month_range(first, last)
    split = by == "salesperson"
    cells = monthly_breakdown(
        first_month, last_month, customer_id=customer_id, by_salesperson=split
    )
    handles = visible_handles(user, {key for _month, key in cells}) if split else None
    months, total = sales_out(first_month, last_month, cells, handles=handles)
    return CustomerSalesOut(
        customer=code,
        first_month=first_month.strftime("%Y-%m"),
        last_month=last_month.strftime("%Y-%m"),
        months=months,
        total=total,
    )

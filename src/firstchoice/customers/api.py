from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from firstchoice.customers.models import Customer
from firstchoice.customers.queries import customer_for_user, search_customers
from firstchoice.lib.http import parse_as_of
from firstchoice.sales.api import CustomerSalesOut, FromMonth, ToMonth, customer_sales
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Figures
from firstchoice.teams.models import User

router = Router(tags=["customers"])
MAX_LIMIT = 200
# Read by parse_as_of from the query string; declared here for the OpenAPI document.
AsOf = Annotated[str, Query(description="Figures as of this date, YYYY-MM-DD (default: today)")]


class CustomerOut(Schema):
    code: str
    name: str
    owner: str | None
    segment: str
    payment_terms: str
    cod: bool
    status: str
    t12m_sales: str
    t12m_margin: str


class CustomerPage(Schema):
    count: int
    offset: int
    limit: int
    results: list[CustomerOut]


def _out(customer: Customer, figures: Figures | None) -> CustomerOut:
    figures = figures or Figures()
    return CustomerOut(
        code=customer.code,
        name=customer.name,
        owner=customer.owner.handle if customer.owner else None,
        segment=customer.segment,
        payment_terms=customer.payment_terms,
        cod=customer.is_cod,
        status=customer.status,
        t12m_sales=str(figures.amount),
        t12m_margin=str(figures.margin),
    )


@router.get("", response=CustomerPage, summary="Search customers (code or name)")
def list_customers(
    request: HttpRequest,
    search: str = "",
    owner: str = "",
    segment: str = "",
    payment_terms: str = "",
    status: str = "",
    offset: int = 0,
    limit: int = 50,
    as_of: AsOf = "",
) -> CustomerPage:
    user: User = request.user  # type: ignore[assignment]
    day = parse_as_of(request)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    qs = search_customers(
        user, q=search, owner=owner, segment=segment, payment_terms=payment_terms, status=status
    )
    rows = list(qs[offset : offset + limit])
    figures = trailing_figures((c.pk for c in rows), day)
    return CustomerPage(
        count=qs.count(),
        offset=offset,
        limit=limit,
        results=[_out(c, figures.get(c.pk)) for c in rows],
    )


@router.get("/{code}", response=CustomerOut, summary="One customer")
def get_customer(request: HttpRequest, code: str, as_of: AsOf = "") -> CustomerOut:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code)
    day = parse_as_of(request)
    return _out(customer, trailing_figures([customer.pk], day).get(customer.pk))


@router.get(
    "/{code}/sales",
    response=CustomerSalesOut,
    summary="A customer's sales, margin and invoice lines per month (optionally per salesperson)",
)
def get_customer_sales(
    request: HttpRequest,
    code: str,
    first: FromMonth = "",
    last: ToMonth = "",
    by: Literal["salesperson"] | None = None,
) -> CustomerSalesOut:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code)
    return customer_sales(user, customer.pk, customer.code, first, last, by)

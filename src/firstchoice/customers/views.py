"""Browse and search customers; a customer's page with sales by month (M9)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from firstchoice.customers.models import Customer
from firstchoice.customers.queries import customer_for_user, filter_choices, search_customers
from firstchoice.lib.charts import monthly_bars
from firstchoice.lib.dates import add_months, month_start
from firstchoice.lib.http import answers_bad_parameters, is_htmx, parse_as_of, today
from firstchoice.portfolio import queries as portfolio_queries
from firstchoice.sales.queries import monthly_figures, trailing_figures
from firstchoice.sales.rules import Figures, year_grid
from firstchoice.teams.models import User
from firstchoice.teams.queries import visible_salespeople

PAGE_SIZE = 25
FILTERS = ("q", "owner", "segment", "payment_terms", "status")


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    params = {name: request.GET.get(name, "").strip()[:100] for name in FILTERS}
    page = Paginator(search_customers(user, **params), PAGE_SIZE).get_page(request.GET.get("page"))
    figures = trailing_figures((c.pk for c in page.object_list), today())
    rows = [(customer, figures.get(customer.pk, Figures())) for customer in page.object_list]
    query = urlencode({k: v for k, v in params.items() if v})
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "params": params,
        "query": query,
        "hx_target": "#customer-table",
    }
    if is_htmx(request):
        return render(request, "customers/_table.html", context)
    context.update(
        {
            "choices": filter_choices(user),
            "owners": visible_salespeople(user).order_by("name"),
            "statuses": Customer.Status.choices,
        }
    )
    return render(request, "customers/list.html", context)


@login_required
@require_GET
def customer_suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for the add-to-portfolio datalist."""
    user: User = request.user  # type: ignore[assignment]
    q = request.GET.get("customer", "").strip()[:100]
    customers = search_customers(user, q=q)[:20] if len(q) >= 1 else Customer.objects.none()
    return render(request, "customers/_suggest.html", {"customers": customers})


@login_required
@require_GET
@answers_bad_parameters
def customer_detail(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code)
    as_of = parse_as_of(request)
    first = month_start(add_months(as_of, -35))
    months = monthly_figures(customer.pk, first, as_of)
    chart = monthly_bars(
        [m.strftime("%Y-%m") for m, _f in months],
        {_("Sales"): [f.amount for _m, f in months], _("Margin"): [f.margin for _m, f in months]},
    )
    listings = portfolio_queries.listings(user, customer)
    return render(
        request,
        "customers/detail.html",
        {
            "customer": customer,
            "t12m": trailing_figures([customer.pk], as_of).get(customer.pk, Figures()),
            "grid": year_grid(months),
            "has_sales": any(f.lines for _m, f in months),
            "chart": mark_safe(chart),  # noqa: S308 — pygal output; labels are escaped by pygal
            "listings": listings,
            "as_of": as_of,
        },
    )

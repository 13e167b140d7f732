"""/api/v1/customers…: search, one customer with its research and sales, and the research
writes (dossier sections, target potential, rules of engagement), as on the customer page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from firstchoice.customers import actions, dossier, research
from firstchoice.customers.models import Customer, EngagementRule
from firstchoice.lib.api import CONFLICT, Code, Text
from firstchoice.lib.http import parse_as_of, today
from firstchoice.pages.customers import research as page_research
from firstchoice.pages.customers.schemas import (
    CustomerDetailOut,
    CustomerPage,
    DossierOut,
    EstimateIn,
    EstimateOut,
    PotentialOut,
    RuleIn,
    RuleOut,
    SectionIn,
    SectionOut,
    customer_out,
    estimate_out,
    money_out,
    rule_out,
    section_out,
)
from firstchoice.portfolio.scoping import customer_for_user, search_customers
from firstchoice.sales.api import CustomerSalesOut, FromMonth, ToMonth, customer_sales
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Figures
from firstchoice.teams.http import user_of
from firstchoice.teams.queries import salesperson_for_user

router = Router(tags=["customers"])


def _operation_id(name: str) -> str:
    """The operation ids these endpoints had before they moved up from `customers/api.py`
    (django-ninja derives them from the module), so generated clients keep their names."""
    return f"firstchoice_customers_api_{name}"


MAX_LIMIT = 500
# Past any real customer list; bounded so the database never sees an offset it cannot hold.
MAX_OFFSET = 10_000_000
# Read by parse_as_of from the query string; declared here for the OpenAPI document.
AsOf = Annotated[
    Text,
    Query("", max_length=40, description="Figures as of this date, YYYY-MM-DD (default: today)"),
]


@router.get(
    "",
    response=CustomerPage,
    summary="Search customers (code or name)",
    operation_id=_operation_id("list_customers"),
)
def list_customers(
    request: HttpRequest,
    search: Annotated[Text, Query("", max_length=300)] = "",
    owner: Code = "",
    segment: Annotated[Text, Query("", max_length=100)] = "",
    payment_terms: Annotated[Text, Query("", max_length=50)] = "",
    status: Annotated[Text, Query("", max_length=20)] = "",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    as_of: AsOf = "",
) -> CustomerPage:
    user = user_of(request)
    day = parse_as_of(request)
    qs = search_customers(
        user, q=search, owner=owner, segment=segment, payment_terms=payment_terms, status=status
    )
    rows = list(qs[offset : offset + limit])
    figures = trailing_figures((c.pk for c in rows), day)
    return CustomerPage(
        count=qs.count(),
        offset=offset,
        limit=limit,
        results=[customer_out(c, figures.get(c.pk)) for c in rows],
    )


# --- One customer with its research (M2, M3, M4) ------------------------------------------


def _detail_out(customer: Customer, day: dt.date) -> CustomerDetailOut:
    figures = trailing_figures([customer.pk], day).get(customer.pk)
    now = timezone.localdate()
    current = figures if day == now else trailing_figures([customer.pk], now).get(customer.pk)
    found = page_research.research(customer, today=now, current=(current or Figures()).amount)
    p = found.potential
    return CustomerDetailOut(
        **customer_out(customer, figures).model_dump(),
        dossier=DossierOut(
            completeness=found.completeness,
            stale_sections=found.stale_sections,
            sections=[section_out(s) for s in found.sections],
        ),
        potential=PotentialOut(
            latest=estimate_out(p.latest) if p.latest else None,
            current_sales=str(p.current),
            wallet_share=money_out(p.wallet_share),
            headroom=money_out(p.headroom),
            worth_resources=p.worth_resources,
            history=[estimate_out(e) for e in p.history],
        ),
        rules=[rule_out(r) for r in found.rules],
        rule_risks=len(found.risks),
    )


@router.get(
    "/{code}",
    response=CustomerDetailOut,
    summary="One customer, with its dossier, target potential and rules of engagement",
    operation_id=_operation_id("get_customer"),
)
def get_customer(request: HttpRequest, code: Code, as_of: AsOf = "") -> CustomerDetailOut:
    user = user_of(request)
    customer = customer_for_user(user, code)
    return _detail_out(customer, parse_as_of(request))


@router.patch(
    "/{code}/dossier/{key}",
    response={200: SectionOut, **CONFLICT},
    summary="Change answers of one dossier section (only the fields given)",
    operation_id=_operation_id("patch_section"),
)
def patch_section(request: HttpRequest, code: Code, key: Code, payload: SectionIn) -> SectionOut:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    values = dict(payload.values)
    if payload.notes is not None:
        values["notes"] = payload.notes
    if key not in dossier.BY_KEY:
        raise Http404("No such section")
    actions.update_section(
        actor=user,
        customer=customer,
        key=key,
        values=values,
        partial=True,
        version=payload.version,
    )
    return section_out(research.one_section(customer, key, today=today()))


@router.post(
    "/{code}/potentials",
    response={201: EstimateOut},
    summary="Record a new target potential estimate (earlier ones stay as history)",
    operation_id=_operation_id("add_potential"),
)
def add_potential(request: HttpRequest, code: Code, payload: EstimateIn) -> Status[EstimateOut]:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    estimate = actions.add_potential(
        actor=user,
        customer=customer,
        estimated_on=payload.estimated_on or today(),
        total=payload.total,
        other_channels=payload.other_channels,
        confidence=payload.confidence,
        source=payload.source,
    )
    return Status(201, estimate_out(estimate))


def _save_rule(
    request: HttpRequest,
    customer: Customer,
    kind: str,
    rule: EngagementRule | None,
    payload: RuleIn,
) -> RuleOut:
    user = user_of(request)
    owner = None
    if payload.owner:
        try:
            owner = salesperson_for_user(user, payload.owner)
        except Http404:
            raise ValidationError({"owner": "No such salesperson."}) from None
    saved = actions.save_rule(
        actor=user,
        customer=customer,
        kind=kind,
        rule=rule,
        title=payload.title,
        requirement=payload.requirement,
        can_execute=payload.can_execute,
        how=payload.how,
        owner=owner,
        owner_text=payload.owner_text,
    )
    label = saved.name
    return rule_out(research.RuleView(saved.kind, label, saved))


@router.put(
    "/{code}/rules/{slot}",
    response=RuleOut,
    summary="Record a standard rule (slot = its kind) or change a custom one (slot = its id)",
    operation_id=_operation_id("put_rule"),
)
def put_rule(request: HttpRequest, code: Code, slot: Code, payload: RuleIn) -> RuleOut:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    if slot in actions.STANDARD_RULES:
        return _save_rule(request, customer, slot, None, payload)
    return _save_rule(
        request, customer, EngagementRule.Kind.CUSTOM, research.custom_rule(customer, slot), payload
    )


@router.post(
    "/{code}/rules",
    response={201: RuleOut},
    summary="Add a custom rule",
    operation_id=_operation_id("add_rule"),
)
def add_rule(request: HttpRequest, code: Code, payload: RuleIn) -> Status[RuleOut]:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    return Status(201, _save_rule(request, customer, EngagementRule.Kind.CUSTOM, None, payload))


@router.delete(
    "/{code}/rules/{slot}",
    response={204: None},
    summary="Remove a custom rule",
    operation_id=_operation_id("delete_rule"),
)
def delete_rule(request: HttpRequest, code: Code, slot: Code) -> Status[None]:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    actions.delete_rule(actor=user, rule=research.custom_rule(customer, slot))
    return Status(204, None)


@router.get(
    "/{code}/sales",
    response=CustomerSalesOut,
    summary="A customer's sales, margin and invoice lines per month (optionally per salesperson)",
    operation_id=_operation_id("get_customer_sales"),
)
def get_customer_sales(
    request: HttpRequest,
    code: Code,
    first: FromMonth = "",
    last: ToMonth = "",
    by: Literal["salesperson"] | None = None,
) -> CustomerSalesOut:
    user = user_of(request)
    customer = customer_for_user(user, code)
    return customer_sales(user, customer.pk, customer.code, first, last, by)

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from firstchoice.customers import actions
from firstchoice.customers import queries as research_queries
from firstchoice.customers.models import Customer, EngagementRule, TargetPotential
from firstchoice.customers.queries import customer_for_user, search_customers
from firstchoice.lib.http import parse_as_of, today
from firstchoice.sales.api import CustomerSalesOut, FromMonth, ToMonth, customer_sales
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Figures
from firstchoice.teams.models import User
from firstchoice.teams.queries import salesperson_for_user

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


# --- One customer with its research (M2, M3, M4) ------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class SectionOut(Schema):
    key: str
    number: int
    title: str
    completeness: int
    updated_at: dt.datetime | None
    updated_by: str | None
    stale: bool
    values: dict[str, Any]
    notes: str
    version: str = Field(description="send it back with a PATCH to refuse overwriting a newer save")


class SectionConflictOut(Schema):
    detail: str
    changed_by: str | None
    changed_at: dt.datetime | None
    current_version: str


class DossierOut(Schema):
    completeness: int
    stale_sections: int
    sections: list[SectionOut]


class EstimateOut(Schema):
    estimated_on: dt.date
    total: str
    other_channels: str
    target_potential: str
    confidence: int
    source: str


class PotentialOut(Schema):
    latest: EstimateOut | None
    current_sales: str = Field(description="trailing 12 months to today")
    wallet_share: str | None = Field(description="percent; null while the potential is unknown")
    headroom: str | None
    worth_resources: bool | None
    history: list[EstimateOut]


class RuleOut(Schema):
    kind: str
    slot: str = Field(description="what PUT /rules/{slot} takes: the kind, or a custom rule's id")
    name: str
    recorded: bool
    requirement: str
    can_execute: str
    how: str
    owner: str | None
    owner_text: str
    risk: bool


class CustomerDetailOut(CustomerOut):
    dossier: DossierOut
    potential: PotentialOut
    rules: list[RuleOut]
    rule_risks: int


def _section_out(section: research_queries.SectionView) -> SectionOut:
    values = {view.field.key: view.value for view in section.all_fields}
    return SectionOut(
        key=section.key,
        number=section.spec.number,
        title=str(section.spec.title),
        completeness=section.percent,
        updated_at=section.updated_at,
        updated_by=section.updated_by.username if section.updated_by else None,
        stale=section.is_stale,
        values=values,
        notes=section.notes,
        version=section.updated_at.isoformat() if section.updated_at else "",
    )


def _cents(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _estimate_out(e: TargetPotential) -> EstimateOut:
    return EstimateOut(
        estimated_on=e.estimated_on,
        total=_cents(e.total),
        other_channels=_cents(e.other_channels),
        target_potential=_cents(e.target),
        confidence=e.confidence,
        source=e.source,
    )


def _rule_out(view: research_queries.RuleView) -> RuleOut:
    rule = view.rule
    return RuleOut(
        kind=view.kind,
        slot=view.slot,
        name=view.label,
        recorded=rule is not None,
        requirement=rule.requirement if rule else "",
        can_execute=rule.can_execute if rule else EngagementRule.CanExecute.UNKNOWN,
        how=rule.how if rule else "",
        owner=rule.owner.handle if rule and rule.owner else None,
        owner_text=rule.owner_text if rule else "",
        risk=view.is_risk,
    )


def _detail_out(customer: Customer, day: dt.date) -> CustomerDetailOut:
    figures = trailing_figures([customer.pk], day).get(customer.pk)
    now = timezone.localdate()
    current = figures if day == now else trailing_figures([customer.pk], now).get(customer.pk)
    found = research_queries.research(customer, today=now, current=(current or Figures()).amount)
    p = found.potential
    return CustomerDetailOut(
        **_out(customer, figures).model_dump(),
        dossier=DossierOut(
            completeness=found.completeness,
            stale_sections=found.stale_sections,
            sections=[_section_out(s) for s in found.sections],
        ),
        potential=PotentialOut(
            latest=_estimate_out(p.latest) if p.latest else None,
            current_sales=str(p.current),
            wallet_share=_money(p.wallet_share),
            headroom=_money(p.headroom),
            worth_resources=p.worth_resources,
            history=[_estimate_out(e) for e in p.history],
        ),
        rules=[_rule_out(r) for r in found.rules],
        rule_risks=len(found.risks),
    )


@router.get(
    "/{code}",
    response=CustomerDetailOut,
    summary="One customer, with its dossier, target potential and rules of engagement",
)
def get_customer(request: HttpRequest, code: str, as_of: AsOf = "") -> CustomerDetailOut:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code)
    return _detail_out(customer, parse_as_of(request))


class SectionIn(Schema):
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="field key → value; keys left out keep their answer (lists replace whole)",
    )
    notes: str | None = None
    version: str | None = Field(
        None,
        description="the section's `version` when you read it; if someone saved the section "
        "since, the answer is 409 and nothing is saved (left out: last write wins)",
    )


@router.patch(
    "/{code}/dossier/{key}",
    response={200: SectionOut, 409: SectionConflictOut},
    summary="Change answers of one dossier section (only the fields given)",
)
def patch_section(
    request: HttpRequest, code: str, key: str, payload: SectionIn
) -> SectionOut | Status[SectionConflictOut]:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code, write=True)
    values = dict(payload.values)
    if payload.notes is not None:
        values["notes"] = payload.notes
    if key not in research_queries.dossier.BY_KEY:
        raise Http404("No such section")
    try:
        actions.update_section(
            actor=user,
            customer=customer,
            key=key,
            values=values,
            partial=True,
            version=payload.version,
        )
    except ValidationError as exc:
        if "version" not in getattr(exc, "error_dict", {}):
            raise
        current = research_queries.one_section(customer, key, today=today())
        return Status(
            409,
            SectionConflictOut(
                detail=_("Changed by someone else since your version: nothing was saved."),
                changed_by=current.updated_by.username if current.updated_by else None,
                changed_at=current.updated_at,
                current_version=_section_out(current).version,
            ),
        )
    return _section_out(research_queries.one_section(customer, key, today=today()))


class EstimateIn(Schema):
    estimated_on: dt.date | None = Field(None, description="default: today")
    total: Decimal
    other_channels: Decimal = Decimal(0)
    confidence: int
    source: str = ""


@router.post(
    "/{code}/potentials",
    response={201: EstimateOut},
    summary="Record a new target potential estimate (earlier ones stay as history)",
)
def add_potential(request: HttpRequest, code: str, payload: EstimateIn) -> Status[EstimateOut]:
    user: User = request.user  # type: ignore[assignment]
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
    return Status(201, _estimate_out(estimate))


class RuleIn(Schema):
    title: str = Field("", description="required for a custom rule")
    requirement: str = ""
    can_execute: Literal["yes", "partly", "no", "unknown"] = "unknown"
    how: str = ""
    owner: str | None = Field(None, description="a salesperson's handle")
    owner_text: str = ""


def _save_rule(
    request: HttpRequest,
    customer: Customer,
    kind: str,
    rule: EngagementRule | None,
    payload: RuleIn,
) -> RuleOut:
    user: User = request.user  # type: ignore[assignment]
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
    return _rule_out(research_queries.RuleView(saved.kind, label, saved))


def _custom_rule(customer: Customer, slot: str) -> EngagementRule:
    rule = (
        EngagementRule.objects.filter(
            customer=customer, kind=EngagementRule.Kind.CUSTOM, pk=int(slot)
        ).first()
        if slot.isdigit()
        else None
    )
    if rule is None:
        raise Http404("No such rule")
    return rule


@router.put(
    "/{code}/rules/{slot}",
    response=RuleOut,
    summary="Record a standard rule (slot = its kind) or change a custom one (slot = its id)",
)
def put_rule(request: HttpRequest, code: str, slot: str, payload: RuleIn) -> RuleOut:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code, write=True)
    if slot in actions.STANDARD_RULES:
        return _save_rule(request, customer, slot, None, payload)
    return _save_rule(
        request, customer, EngagementRule.Kind.CUSTOM, _custom_rule(customer, slot), payload
    )


@router.post("/{code}/rules", response={201: RuleOut}, summary="Add a custom rule")
def add_rule(request: HttpRequest, code: str, payload: RuleIn) -> Status[RuleOut]:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code, write=True)
    return Status(201, _save_rule(request, customer, EngagementRule.Kind.CUSTOM, None, payload))


@router.delete("/{code}/rules/{slot}", response={204: None}, summary="Remove a custom rule")
def delete_rule(request: HttpRequest, code: str, slot: str) -> Status[None]:
    user: User = request.user  # type: ignore[assignment]
    customer = customer_for_user(user, code, write=True)
    actions.delete_rule(actor=user, rule=_custom_rule(customer, slot))
    return Status(204, None)


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

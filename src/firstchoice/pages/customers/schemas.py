"""The shapes of /api/v1/customers… (django-ninja schemas) and the conversions into them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from firstchoice.customers import research
from firstchoice.customers.models import Customer, EngagementRule, TargetPotential
from firstchoice.lib.api import Amount, Answer, Code, LongText, Text, WholePercent
from firstchoice.sales.rules import Figures


class CustomerOut(Schema):
    code: str
    name: str
    owner: str | None
    segment: str
    payment_terms: str
    cod: bool | None = Field(description="null: payment terms unknown")
    status: str
    t12m_sales: str
    t12m_margin: str | None = Field(description="null: no invoice line gives a margin")


class CustomerPage(Schema):
    count: int
    offset: int
    limit: int
    results: list[CustomerOut]


def customer_out(customer: Customer, figures: Figures | None) -> CustomerOut:
    figures = figures or Figures()
    return CustomerOut(
        code=customer.code,
        name=customer.name,
        owner=customer.owner.handle if customer.owner else None,
        segment=customer.segment,
        payment_terms=customer.payment_terms,
        cod=customer.is_cod if customer.payment_terms else None,
        status=customer.status,
        t12m_sales=str(figures.amount),
        t12m_margin=None if figures.margin is None else str(figures.margin),
    )


def money_out(value: Decimal | None) -> str | None:
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
    version: int = Field(description="send it back with a PATCH to refuse overwriting a newer save")


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


def section_out(section: research.SectionView) -> SectionOut:
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
        version=section.version,
    )


def cents_out(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def estimate_out(e: TargetPotential) -> EstimateOut:
    return EstimateOut(
        estimated_on=e.estimated_on,
        total=cents_out(e.total),
        other_channels=cents_out(e.other_channels),
        target_potential=cents_out(e.target),
        confidence=e.confidence,
        source=e.source,
    )


def rule_out(view: research.RuleView) -> RuleOut:
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


class SectionIn(Schema):
    values: dict[Code, Answer] = Field(
        default_factory=dict,
        description="field key → value; keys left out keep their answer (lists replace whole)",
    )
    notes: LongText | None = None
    version: int | None = Field(
        None,
        ge=0,
        description="the section's `version` when you read it; if someone saved the section "
        "since, the answer is 409 and nothing is saved (left out: last write wins)",
    )


class EstimateIn(Schema):
    estimated_on: dt.date | None = Field(None, description="default: today")
    total: Amount
    other_channels: Amount = Decimal(0)
    confidence: WholePercent
    source: Text = Field("", max_length=300)


class RuleIn(Schema):
    title: Text = Field("", max_length=200, description="required for a custom rule")
    requirement: LongText = ""
    can_execute: Literal["yes", "partly", "no", "unknown"] = "unknown"
    how: LongText = ""
    owner: Code | None = Field(None, description="a salesperson's handle")
    owner_text: Text = Field("", max_length=200)

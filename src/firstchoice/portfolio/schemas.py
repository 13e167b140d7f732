"""The API's shapes of portfolios, tier suggestions and the audit: what goes in, what comes
out. `suggestions_out` is also the CLI's JSON (`suggest_tiers --format json`)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from firstchoice.customers.rules import wallet_share
from firstchoice.lib.api import Code, Text
from firstchoice.portfolio import suggestions

TierCode = Literal["A", "B", "C"]


class EntryOut(Schema):
    customer_code: str
    customer_name: str
    owner: str | None
    since: str
    t12m_sales: str = Field(description="Trailing-12-month sales, decimal string")
    t12m_margin: str | None = Field(description="null: no invoice line gives a margin")
    margin_pct: str | None
    payment_terms: str
    cod: bool | None = Field(description="null: payment terms unknown")
    also_listed_by: list[str]


class WarningOut(Schema):
    tier: TierCode
    count: int
    capacity: int
    kind: Literal["short", "over"]


class PortfolioOut(Schema):
    user: str
    name: str
    team: str | None
    year: int
    as_of: str
    capacities: dict[str, int]
    tiers: dict[str, list[EntryOut]]
    warnings: list[WarningOut]


class TeamOut(Schema):
    team: str
    name: str
    year: int
    portfolios: list[PortfolioOut]


class AddIn(Schema):
    customer_code: Text = Field(min_length=1, max_length=64)
    tier: TierCode
    reason: Text = Field(min_length=1, max_length=500)


class MoveIn(Schema):
    tier: TierCode
    reason: Text = Field(min_length=1, max_length=500)


class ChangeOut(Schema):
    customer_code: Code
    customer_name: str
    kind: str
    from_tier: str | None
    to_tier: str | None
    reason: str
    changed_by: str | None
    changed_at: str


class ReasonOut(Schema):
    kind: str
    text: str


class SuggestionOut(Schema):
    customer_code: Code
    customer_name: str
    owner: str | None
    segment: str
    payment_terms: str
    tier: TierCode
    score: str = Field(description="Orders suggestions within a tier (decimal string)")
    t12m_sales: str
    t12m_margin: str | None
    margin_pct: str | None
    t12m_lines: int
    previous_12m_sales: str
    yoy_growth_pct: str | None = Field(description="None when there were no sales before")
    percentile: str | None = Field(description="Share of customers with sales at or below")
    top_pct: str | None = Field(description="'Top x%' of customers with sales by T12M")
    potential: str | None = Field(description="Target potential (M3); None = unknown")
    wallet_share_pct: str | None
    headroom: str | None
    explanation: str
    reasons: list[ReasonOut]


class SuggestionsOut(Schema):
    user: str
    year: int
    as_of: str
    customers_with_sales: int
    top_threshold: str | None = Field(description="Smallest T12M in the top 10% of customers")
    own_median: str | None = Field(description="Median T12M of the salesperson's customers")
    top_segments: list[str]
    room: dict[str, int]
    tiers: dict[str, list[SuggestionOut]]


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def suggestions_out(found: suggestions.Suggestions) -> SuggestionsOut:
    """The API's (and the CLI's --format json) shape of the tier suggestions."""

    def one(view: suggestions.SuggestionView) -> SuggestionOut:
        c = view.candidate
        return SuggestionOut(
            customer_code=view.customer.code,
            customer_name=view.customer.name,
            # Candidates are the salesperson's own customers or customers nobody owns.
            owner=found.salesperson.handle if view.customer.owner_id else None,
            segment=view.customer.segment,
            payment_terms=view.customer.payment_terms,
            tier=view.tier,  # type: ignore[arg-type]
            score=str(view.score),
            t12m_sales=str(c.current.amount),
            t12m_margin=_text(c.current.margin),
            margin_pct=_text(c.current.margin_pct),
            t12m_lines=c.current.lines,
            previous_12m_sales=str(c.previous.amount),
            yoy_growth_pct=_text(c.growth),
            percentile=_text(c.percentile),
            top_pct=_text(c.top_share),
            potential=_text(c.potential),
            wallet_share_pct=_text(wallet_share(c.current.amount, c.potential)),
            headroom=_text(c.headroom),
            explanation=view.explanation,
            reasons=[ReasonOut(kind=f.kind, text=suggestions.describe(f)) for f in view.facts],
        )

    context = found.context
    return SuggestionsOut(
        user=found.salesperson.handle,
        year=found.year,
        as_of=found.as_of.isoformat(),
        customers_with_sales=found.customers_with_sales,
        top_threshold=_text(context.threshold),
        own_median=_text(context.own_median),
        top_segments=list(context.top_segments),
        room=found.room,
        tiers={tier: [one(v) for v in views] for tier, views in found.tiers.items()},
    )


class AuditCounts(Schema):
    listed: int
    cod: int = Field(description="Listed customers on cash-on-delivery terms")
    cod_share: str | None = Field(
        description="cod / listed, 0..1 with four places; null for an empty list"
    )
    failing_count: int = Field(description="Listed customers failing at least one criterion")
    failing_share: str | None = Field(description="failing / listed, like cod_share")
    failing: dict[str, int] = Field(
        description="Failures per criterion: revenue, margin, potential"
    )
    margin_unknown: int = Field(
        0,
        description="Listed customers whose margin criterion cannot be judged: "
        "their invoice lines give no margin (not counted as failing)",
    )
    terms_unknown: int = Field(
        0,
        description="Listed customers whose payment terms neither the lines nor the master "
        "give (not counted as COD)",
    )


class AuditRowOut(AuditCounts):
    salesperson: str
    name: str
    team: str | None
    shape_ok: bool


class AuditDuplicateOut(Schema):
    customer: str
    name: str
    salespeople: list[str]


class AuditShapeOut(Schema):
    salesperson: str
    counts: dict[str, int] = Field(description="Entries per tier; U = not tiered yet")


class AuditOut(AuditCounts):
    year: int
    as_of: str
    thresholds: dict[str, str | int | None] = Field(
        description="top_customer_percent (whole percent), top_revenue, min_margin_percent and "
        "min_potential (decimal strings; top_revenue null while nobody bought)"
    )
    salespeople: int
    duplicates: list[AuditDuplicateOut]
    shape_breaks: list[AuditShapeOut]
    without_list: list[str]
    by_salesperson: list[AuditRowOut]

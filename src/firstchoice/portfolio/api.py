"""API for portfolios: the same lookups and actions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from firstchoice.customers.models import Customer
from firstchoice.customers.rules import wallet_share
from firstchoice.lib.api import Code, LongText, Text
from firstchoice.lib.http import as_of_for_year, parse_as_of, today
from firstchoice.portfolio import actions, queries, suggestions
from firstchoice.portfolio.audit import audit_scope, run_audit
from firstchoice.portfolio.models import Portfolio, TierChange
from firstchoice.portfolio.scoping import customer_for_user
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.queries import salesperson_for_user, team_for_user

router = Router(tags=["portfolios"])
teams_router = Router(tags=["teams"])

TierCode = Literal["A", "B", "C"]
# Bounded so an odd year is a 422, not a crash in the date math (year 0) or the database.
Year = Annotated[int, Path(ge=1900, le=2999)]
# Read by parse_as_of from the query string; declared here for the OpenAPI document.
AsOf = Annotated[
    Text,
    Query(
        "",
        max_length=40,
        description="Figures as of YYYY-MM-DD (default: today; 31 December for a past year)",
    ),
]


class EntryOut(Schema):
    customer_code: Code
    customer_name: str
    owner: str | None
    since: str
    t12m_sales: str = Field(description="Trailing-12-month sales, decimal string")
    t12m_margin: str
    margin_pct: str | None
    payment_terms: str
    cod: bool
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


def _portfolio_out(
    handle: Code, year: int, user: User, as_of: dt.date | None = None
) -> PortfolioOut:
    salesperson = salesperson_for_user(user, handle)
    day = as_of or as_of_for_year(year)
    return _board_out(queries.board(salesperson, year, day, history=0))


def _board_out(board: queries.Board) -> PortfolioOut:
    salesperson = board.salesperson
    return PortfolioOut(
        user=salesperson.handle,
        name=str(salesperson),
        team=salesperson.team.slug if salesperson.team else None,
        year=board.year,
        as_of=board.as_of.isoformat(),
        capacities={col.tier: col.capacity for col in board.columns},
        tiers={
            col.tier: [
                EntryOut(
                    customer_code=card.customer.code,
                    customer_name=card.customer.name,
                    owner=card.customer.owner.handle if card.customer.owner else None,
                    since=card.entry.since.isoformat(),
                    t12m_sales=str(card.figures.amount),
                    t12m_margin=str(card.figures.margin),
                    margin_pct=None
                    if card.figures.margin_pct is None
                    else str(card.figures.margin_pct),
                    payment_terms=card.customer.payment_terms,
                    cod=card.customer.is_cod,
                    also_listed_by=[s.handle for s in card.also_listed_by],
                )
                for card in col.cards
            ]
            for col in board.columns
        },
        warnings=[
            WarningOut(tier=w.tier, count=w.count, capacity=w.capacity, kind=w.kind)  # type: ignore[arg-type]
            for w in board.warnings
        ],
    )


def _change_out(change: TierChange) -> ChangeOut:
    return ChangeOut(
        customer_code=change.customer.code,
        customer_name=change.customer.name,
        kind=change.kind,
        from_tier=change.from_tier or None,
        to_tier=change.to_tier or None,
        reason=change.reason,
        changed_by=change.changed_by.username if change.changed_by else None,
        changed_at=change.changed_at.isoformat(),
    )


@router.get("/{handle}/{year}", response=PortfolioOut, summary="A salesperson's 5+5+5 portfolio")
def get_portfolio(request: HttpRequest, handle: Code, year: Year, as_of: AsOf = "") -> PortfolioOut:
    return _portfolio_out(
        handle, year, user_of(request), parse_as_of(request, as_of_for_year(year))
    )


@router.get(
    "/{handle}/{year}/history", response=list[ChangeOut], summary="Tier changes, newest first"
)
def get_history(request: HttpRequest, handle: Code, year: Year) -> list[ChangeOut]:
    salesperson = salesperson_for_user(user_of(request), handle)
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    return [_change_out(c) for c in queries.history(portfolio)] if portfolio else []


@router.post(
    "/{handle}/{year}/entries",
    response={201: PortfolioOut},
    summary="Add a customer to a tier",
)
def add_entry(
    request: HttpRequest, handle: Code, year: Year, payload: AddIn
) -> Status[PortfolioOut]:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    customer = _customer(user, payload.customer_code)
    actions.add_entry(
        actor=user,
        salesperson=salesperson,
        year=year,
        customer=customer,
        tier=payload.tier,
        reason=payload.reason,
    )
    return Status(201, _portfolio_out(handle, year, user))


@router.patch(
    "/{handle}/{year}/entries/{customer_code}",
    response=PortfolioOut,
    summary="Move a customer to another tier",
)
def move_entry(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, payload: MoveIn
) -> PortfolioOut:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    customer = customer_for_user(user, customer_code)
    actions.move_entry(
        actor=user,
        salesperson=salesperson,
        year=year,
        customer=customer,
        to_tier=payload.tier,
        reason=payload.reason,
    )
    return _portfolio_out(handle, year, user)


@router.delete(
    "/{handle}/{year}/entries/{customer_code}",
    response=PortfolioOut,
    summary="Remove a customer from the portfolio (reason required)",
)
def remove_entry(
    request: HttpRequest, handle: Code, year: Year, customer_code: Code, reason: LongText = ""
) -> PortfolioOut:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    customer = customer_for_user(user, customer_code)
    actions.remove_entry(
        actor=user, salesperson=salesperson, year=year, customer=customer, reason=reason
    )
    return _portfolio_out(handle, year, user)


def _customer(user: User, code: str) -> Customer:
    """A customer named in a request body: unknown or out of scope is a field error (422)."""
    try:
        return customer_for_user(user, code)
    except Http404 as exc:
        raise ValidationError(
            {"customer_code": _("No customer with code %(code)s.") % {"code": code}}
        ) from exc


@router.post(
    "/{handle}/{year}/carry-over",
    response={201: PortfolioOut},
    summary="Start an empty portfolio from last year's accounts, in the same tiers",
)
def carry_over(request: HttpRequest, handle: Code, year: Year) -> Status[PortfolioOut]:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    actions.carry_over(actor=user, salesperson=salesperson, from_year=year - 1, to_year=year)
    return Status(201, _portfolio_out(handle, year, user))


@teams_router.get(
    "/{slug}/{year}",
    response=TeamOut,
    summary="Every salesperson's portfolio in a team, with shape warnings",
)
def get_team(request: HttpRequest, slug: Code, year: Year, as_of: AsOf = "") -> TeamOut:
    team = team_for_user(user_of(request), slug)
    boards = queries.team_boards(team, year, parse_as_of(request, as_of_for_year(year)))
    return TeamOut(
        team=team.slug, name=team.name, year=year, portfolios=[_board_out(b) for b in boards]
    )


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
    t12m_margin: str
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
            t12m_margin=str(c.current.margin),
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


@router.get(
    "/{handle}/{year}/suggestions",
    response=SuggestionsOut,
    summary="Which customers fit tiers A, B and C, from the sales data (accept or ignore)",
)
def get_suggestions(
    request: HttpRequest, handle: Code, year: Year, as_of: AsOf = ""
) -> SuggestionsOut:
    salesperson = salesperson_for_user(user_of(request), handle)
    day = parse_as_of(request, as_of_for_year(year))
    return suggestions_out(suggestions.suggestions(salesperson, year, day))


audit_router = Router(tags=["audit"])


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


@audit_router.get(
    "",
    response=AuditOut,
    summary="Top-customer audit of the focus lists you may see (M8)",
    description="COD share, top-customer criteria failures (each counted), customers on "
    "several lists and lists breaking the 5+5+5 shape; for everyone you may see, a team "
    "(`team` slug) or one salesperson (`salesperson` login or code).",
)
def get_audit(
    request: HttpRequest,
    year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
    team: Code = "",
    salesperson: Code = "",
    as_of: AsOf = "",
) -> dict[str, object]:
    year = year or today().year
    scope = audit_scope(user_of(request), team=team or None, salesperson=salesperson or None)
    return run_audit(scope, year, as_of=parse_as_of(request, as_of_for_year(year))).as_json()

"""API for portfolios, teams and the audit: the same lookups and actions as the pages; the
shapes in and out are `portfolio.schemas`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.responses import Status

from firstchoice.customers.models import Customer
from firstchoice.lib.api import Code, LongText, Text
from firstchoice.lib.http import as_of_for_year, parse_as_of, today
from firstchoice.portfolio import actions, queries, reasons, suggestions
from firstchoice.portfolio.audit import audit_scope, run_audit
from firstchoice.portfolio.models import Portfolio, TierChange
from firstchoice.portfolio.schemas import (
    AddIn,
    AuditOut,
    ChangeOut,
    EntryOut,
    MoveIn,
    PortfolioOut,
    SuggestionsOut,
    TeamOut,
    WarningOut,
    suggestions_out,
)
from firstchoice.portfolio.scoping import customer_for_user
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.queries import salesperson_for_user, team_for_user

router = Router(tags=["portfolios"])
teams_router = Router(tags=["teams"])

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
                    t12m_margin=None if card.figures.margin is None else str(card.figures.margin),
                    margin_pct=None
                    if card.figures.margin_pct is None
                    else str(card.figures.margin_pct),
                    payment_terms=card.customer.payment_terms,
                    cod=card.customer.is_cod if card.customer.payment_terms else None,
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
        reason=reasons.reason_of(change),
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

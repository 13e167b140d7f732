"""Reads behind the board, the team overview and the history.

Callers pass a salesperson or team obtained through `teams.queries`; the number of
queries here does not grow with the number of entries (tests assert it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.customers.research import (
    ResearchSummary,
    latest_potentials,
    research_summaries,
)
from firstchoice.customers.rules import wallet_share
from firstchoice.lib.money import ZERO
from firstchoice.portfolio import rules
from firstchoice.portfolio.models import Portfolio, PortfolioEntry, TierChange
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Figures
from firstchoice.teams.models import CompanySettings, Salesperson, Team, User
from firstchoice.teams.queries import visible_salespeople


def _sum_figures(items: Iterable[Figures]) -> Figures:
    return sum(items, Figures())


@dataclass
class Card:
    entry: PortfolioEntry
    figures: Figures
    also_listed_by: list[Salesperson] = field(default_factory=list)
    # The account research (M2–M4): completeness, staleness, rule risks, latest potential.
    research: ResearchSummary = field(default_factory=ResearchSummary)

    @property
    def customer(self) -> Customer:
        return self.entry.customer

    @property
    def wallet_share(self) -> Decimal | None:
        return card_wallet_share(self.figures, self.research.target_potential)


def card_wallet_share(figures: Figures | None, potential: Decimal | None) -> Decimal | None:
    """The wallet share a board card shows: trailing-12-month sales as a share of the
    latest target potential (M3). A plan's "share of target potential" starts from it."""
    return wallet_share(figures.amount if figures else ZERO, potential)


def wallet_shares(customer_ids: Iterable[int], as_of: dt.date) -> dict[int, Decimal | None]:
    """`card_wallet_share` of each customer on `as_of` (the board's date), in two queries."""
    ids = sorted(set(customer_ids))
    figures = trailing_figures(ids, as_of)
    potentials = latest_potentials(ids)
    return {pk: card_wallet_share(figures.get(pk), potentials.get(pk)) for pk in ids}


@dataclass
class TierColumn:
    tier: str
    capacity: int
    cards: list[Card]
    warning: rules.ShapeWarning | None = None

    @property
    def empty_slots(self) -> range:
        return range(max(self.capacity - len(self.cards), 0))

    @property
    def total(self) -> Figures:
        return _sum_figures(card.figures for card in self.cards)


@dataclass
class Board:
    salesperson: Salesperson
    year: int
    as_of: dt.date
    portfolio: Portfolio | None
    columns: list[TierColumn]
    rotation: rules.Rotation
    recent_changes: list[TierChange]
    # Accounts in last year's portfolio, offered for carry-over while this one is empty.
    carry_over_from: int = 0

    @property
    def warnings(self) -> list[rules.ShapeWarning]:
        return [c.warning for c in self.columns if c.warning]

    @property
    def duplicates(self) -> list[Card]:
        return [card for col in self.columns for card in col.cards if card.also_listed_by]

    @property
    def cod_cards(self) -> list[Card]:
        return [card for col in self.columns for card in col.cards if card.customer.is_cod]

    @property
    def total(self) -> Figures:
        return _sum_figures(col.total for col in self.columns)

    @property
    def customer_ids(self) -> list[int]:
        return [card.entry.customer_id for col in self.columns for card in col.cards]


def _entries(portfolio_ids: list[int]) -> QuerySet[PortfolioEntry]:
    return (
        PortfolioEntry.objects.filter(portfolio_id__in=portfolio_ids)
        .select_related("customer", "customer__owner", "customer__owner__user")
        .order_by("tier", "since", "id")
    )


def _other_listings(
    year: int, entries: list[PortfolioEntry]
) -> dict[tuple[int, int], list[Salesperson]]:
    """For each (portfolio, customer), the other salespeople listing that customer in `year`."""
    customer_ids = {e.customer_id for e in entries}
    if not customer_ids:
        return {}
    rows = PortfolioEntry.objects.filter(
        portfolio__year=year, customer_id__in=customer_ids
    ).select_related("portfolio__salesperson__user", "portfolio__salesperson__team")
    by_customer: dict[int, list[PortfolioEntry]] = defaultdict(list)
    for row in rows:
        by_customer[row.customer_id].append(row)
    result = {}
    for entry in entries:
        others = [
            row.portfolio.salesperson
            for row in by_customer[entry.customer_id]
            if row.portfolio_id != entry.portfolio_id
        ]
        if others:
            result[(entry.portfolio_id, entry.customer_id)] = others
    return result


def _columns(
    entries: list[PortfolioEntry],
    figures: dict[int, Figures],
    others: dict[tuple[int, int], list[Salesperson]],
    capacities: dict[str, int],
    research: dict[int, ResearchSummary] | None = None,
) -> list[TierColumn]:
    by_tier: dict[str, list[Card]] = {tier: [] for tier in (*rules.TIERS, rules.UNTIERED)}
    research = research or {}
    for entry in entries:
        by_tier[entry.tier].append(
            Card(
                entry,
                figures.get(entry.customer_id, Figures()),
                others.get((entry.portfolio_id, entry.customer_id), []),
                research.get(entry.customer_id, ResearchSummary()),
            )
        )
    counts = {tier: len(cards) for tier, cards in by_tier.items()}
    warnings = {w.tier: w for w in rules.shape_warnings(counts, capacities)}
    columns = [
        TierColumn(tier, capacities[tier], by_tier[tier], warnings.get(tier))
        for tier in rules.TIERS
    ]
    if by_tier[rules.UNTIERED]:  # an imported list not yet sorted into tiers
        columns.append(TierColumn(rules.UNTIERED, 0, by_tier[rules.UNTIERED]))
    return columns


def board(
    salesperson: Salesperson,
    year: int,
    as_of: dt.date,
    *,
    history: int = 8,
    company: CompanySettings | None = None,
) -> Board:
    """The board of one salesperson: figures, other listings and research on each card. The
    board page adds key-people flags and plan status (`pages.board`); the API shows neither.
    One query fewer when the caller passes the `CompanySettings` it has already loaded."""
    company = company or CompanySettings.load()
    capacities = company.capacities()
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    entries = list(_entries([portfolio.pk])) if portfolio else []
    figures = trailing_figures((e.customer_id for e in entries), as_of)
    others = _other_listings(year, entries)
    customer_ids = [e.customer_id for e in entries]
    research = research_summaries(customer_ids, today=timezone.localdate(), company=company)
    changes: list[TierChange] = []
    if portfolio:
        changes = list(
            TierChange.objects.filter(portfolio=portfolio).select_related("customer", "changed_by")
        )
    carry_over_from = 0
    if not entries:
        carry_over_from = PortfolioEntry.objects.filter(
            portfolio__salesperson=salesperson, portfolio__year=year - 1
        ).count()
    return Board(
        salesperson=salesperson,
        year=year,
        as_of=as_of,
        portfolio=portfolio,
        columns=_columns(entries, figures, others, capacities, research),
        rotation=rules.rotation(_rotation_rows(changes)),
        recent_changes=changes[:history],
        carry_over_from=carry_over_from,
    )


def team_boards(team: Team, year: int, as_of: dt.date) -> list[Board]:
    """Every active salesperson's board in `team`, with a fixed number of queries."""
    company = CompanySettings.load()
    capacities = company.capacities()
    salespeople = list(team.salespeople.filter(is_active=True).select_related("user", "team"))
    portfolios = {
        p.salesperson_id: p
        for p in Portfolio.objects.filter(salesperson__in=salespeople, year=year)
    }
    entries = list(_entries([p.pk for p in portfolios.values()]))
    figures = trailing_figures({e.customer_id for e in entries}, as_of)
    others = _other_listings(year, entries)
    research = research_summaries(
        (e.customer_id for e in entries), today=timezone.localdate(), company=company
    )
    changes_by_portfolio: dict[int, list[TierChange]] = defaultdict(list)
    for change in TierChange.objects.filter(portfolio__in=portfolios.values()).only(
        "portfolio_id", "kind", "from_tier", "to_tier", "changed_at"
    ):
        changes_by_portfolio[change.portfolio_id].append(change)
    entries_by_portfolio: dict[int, list[PortfolioEntry]] = defaultdict(list)
    for entry in entries:
        entries_by_portfolio[entry.portfolio_id].append(entry)

    boards = []
    for person in salespeople:
        portfolio = portfolios.get(person.pk)
        mine = entries_by_portfolio[portfolio.pk] if portfolio else []
        changes = changes_by_portfolio[portfolio.pk] if portfolio else []
        boards.append(
            Board(
                salesperson=person,
                year=year,
                as_of=as_of,
                portfolio=portfolio,
                columns=_columns(mine, figures, others, capacities, research),
                rotation=rules.rotation(_rotation_rows(changes)),
                recent_changes=[],
            )
        )
    return boards


def _rotation_rows(changes: list[TierChange]) -> list[tuple[str, str, str, dt.date]]:
    return [(c.kind, c.from_tier, c.to_tier, timezone.localdate(c.changed_at)) for c in changes]


def listings(user: User, customer: Customer) -> QuerySet[PortfolioEntry]:
    """The focus lists, among those `user` may see, that hold `customer` (newest year first)."""
    return (
        PortfolioEntry.objects.filter(
            customer=customer, portfolio__salesperson__in=visible_salespeople(user).values("pk")
        )
        .select_related("portfolio__salesperson__user")
        .order_by("-portfolio__year")
    )


def history(portfolio: Portfolio) -> QuerySet[TierChange]:
    return TierChange.objects.filter(portfolio=portfolio).select_related("customer", "changed_by")

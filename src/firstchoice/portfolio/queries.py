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
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Lower, Trim
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from firstchoice.customers.models import Customer
from firstchoice.customers.rules import COD_SPELLINGS
from firstchoice.lib.dates import month_start, split_by_whole_months, trailing_twelve_months
from firstchoice.lib.money import ZERO
from firstchoice.lib.templatetags.fc import money
from firstchoice.portfolio import rules
from firstchoice.portfolio.models import Portfolio, PortfolioEntry, TierChange
from firstchoice.sales.models import MonthlySales, SalesLine
from firstchoice.sales.queries import figures_between, trailing_figures
from firstchoice.sales.rules import Distribution, Figures, median
from firstchoice.teams.models import CompanySettings, Salesperson, Team


def _sum_figures(items: Iterable[Figures]) -> Figures:
    rows = list(items)
    return Figures(
        sum((f.amount for f in rows), ZERO),
        sum((f.margin for f in rows), ZERO),
        sum(f.lines for f in rows),
    )


@dataclass
class Card:
    entry: PortfolioEntry
    figures: Figures
    also_listed_by: list[Salesperson] = field(default_factory=list)

    @property
    def customer(self) -> Customer:
        return self.entry.customer


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
) -> list[TierColumn]:
    by_tier: dict[str, list[Card]] = {tier: [] for tier in rules.TIERS}
    for entry in entries:
        by_tier[entry.tier].append(
            Card(
                entry,
                figures.get(entry.customer_id, Figures()),
                others.get((entry.portfolio_id, entry.customer_id), []),
            )
        )
    counts = {tier: len(cards) for tier, cards in by_tier.items()}
    warnings = {w.tier: w for w in rules.shape_warnings(counts, capacities)}
    return [
        TierColumn(tier, capacities[tier], by_tier[tier], warnings.get(tier))
        for tier in rules.TIERS
    ]


def board(salesperson: Salesperson, year: int, as_of: dt.date, *, history: int = 8) -> Board:
    capacities = CompanySettings.load().capacities()
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    entries = list(_entries([portfolio.pk])) if portfolio else []
    figures = trailing_figures((e.customer_id for e in entries), as_of)
    others = _other_listings(year, entries)
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
        columns=_columns(entries, figures, others, capacities),
        rotation=rules.rotation(_rotation_rows(changes)),
        recent_changes=changes[:history],
        carry_over_from=carry_over_from,
    )


def team_boards(team: Team, year: int, as_of: dt.date) -> list[Board]:
    """Every active salesperson's board in `team`, with a fixed number of queries."""
    capacities = CompanySettings.load().capacities()
    salespeople = list(team.salespeople.filter(is_active=True).select_related("user", "team"))
    portfolios = {
        p.salesperson_id: p
        for p in Portfolio.objects.filter(salesperson__in=salespeople, year=year)
    }
    entries = list(_entries([p.pk for p in portfolios.values()]))
    figures = trailing_figures({e.customer_id for e in entries}, as_of)
    others = _other_listings(year, entries)
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
                columns=_columns(mine, figures, others, capacities),
                rotation=rules.rotation(_rotation_rows(changes)),
                recent_changes=[],
            )
        )
    return boards


def _rotation_rows(changes: list[TierChange]) -> list[tuple[str, str, str, dt.date]]:
    return [(c.kind, c.from_tier, c.to_tier, timezone.localdate(c.changed_at)) for c in changes]


def history(portfolio: Portfolio) -> QuerySet[TierChange]:
    return TierChange.objects.filter(portfolio=portfolio).select_related("customer", "changed_by")


# --- Tier suggestions from sales data ----------------------------------------------------

# Prospects nobody owns are offered for tier C when they fit the salesperson's segments;
# bounded so a company with a huge unassigned prospect list still answers quickly.
MAX_UNOWNED_PROSPECTS = 500


@dataclass
class SuggestionView:
    customer: Customer
    tier: str
    score: Decimal
    facts: list[rules.Fact]
    explanation: str
    candidate: rules.Candidate[int]

    @property
    def figures(self) -> Figures:
        return self.candidate.current

    @property
    def previous(self) -> Figures:
        return self.candidate.previous


@dataclass
class Suggestions:
    salesperson: Salesperson
    year: int
    as_of: dt.date
    context: rules.SuggestionContext
    customers_with_sales: int  # the population behind ranks and percentiles
    tiers: dict[str, list[SuggestionView]]
    room: dict[str, int]  # free slots per tier of this year's portfolio

    @property
    def columns(self) -> list[tuple[str, list[SuggestionView], int]]:
        """(tier, suggestions, free slots) per tier, for the board's panel."""
        return [(tier, self.tiers[tier], self.room[tier]) for tier in rules.TIERS]

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.tiers.values())


def _windows(as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The trailing 12 months to `as_of`, the 12 before, and the 12 before those."""
    windows = []
    last = as_of
    for _year in range(3):
        first, last = trailing_twelve_months(last)
        windows.append((first, last))
        last = first - dt.timedelta(days=1)
    return windows


def _amounts_by_customer(first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """T12M-style sales of every customer of the company in [first, last].

    Same sums as `figures_between` (roll-ups for whole months, lines for the edges), but
    read through a plain cursor: for 150,000 customers the ORM's per-row conversion would
    cost more than the grouping itself.
    """
    months, edges = split_by_whole_months(first, last)
    grouped: list[QuerySet[Any, Any]] = []
    if months:
        grouped.append(
            MonthlySales.objects.filter(month__gte=months[0], month__lte=months[-1])
            .order_by()
            .values_list("customer_id")
            .annotate(total=Sum("amount"))
        )
    for edge_first, edge_last in edges:
        grouped.append(
            SalesLine.objects.filter(invoice_date__range=(edge_first, edge_last))
            .order_by()
            .values_list("customer_id")
            .annotate(total=Sum("amount"))
        )
    cents: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        for qs in grouped:
            sql, params = qs.query.sql_with_params()
            cursor.execute(sql, params)
            for customer_id, total in cursor.fetchall():
                cents[customer_id] += int(total or 0)  # MoneyField columns hold cents
    return {key: Decimal(value).scaleb(-2) for key, value in cents.items()}


def _cod_amounts(ids: list[int], first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """Sales on cash-on-delivery terms per customer in [first, last] (roll-ups + edge lines)."""
    if not ids:
        return {}
    months, edges = split_by_whole_months(first, last)
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if months:
        rows = (
            MonthlySales.objects.filter(
                customer_id__in=ids, month__gte=months[0], month__lte=months[-1]
            )
            .order_by()
            .values("customer_id")
            .annotate(cod=Sum("cod_amount"))
        )
        for row in rows:
            totals[row["customer_id"]] += row["cod"] or ZERO
    cod_amount = Sum(
        Case(
            When(In(Lower(Trim("payment_terms")), sorted(COD_SPELLINGS)), then="amount"),
            default=Value(0),
            output_field=SalesLine._meta.get_field("amount"),
        )
    )
    for edge_first, edge_last in edges:
        lines = SalesLine.objects.filter(
            customer_id__in=ids, invoice_date__range=(edge_first, edge_last)
        )
        for row in lines.order_by().values("customer_id").annotate(cod=cod_amount):
            totals[row["customer_id"]] += row["cod"] or ZERO
    return totals


def suggestions(
    salesperson: Salesperson, year: int, as_of: dt.date, *, limit: int = 0
) -> Suggestions:
    """Which customers fit tiers A, B and C for `salesperson`'s `year` portfolio, as of a date.

    The T12M of every customer of the company ranks the candidates (top 10%, percentile);
    candidates are the salesperson's customers: those they own, those nobody owns that they
    invoiced in the last 36 months, and prospects nobody owns in their top-3 segments. All
    sums are grouped in SQL; the number of queries does not grow with the data.
    """
    current, previous, earlier = _windows(as_of)
    everyone = _amounts_by_customer(*current)
    distribution = Distribution(a for a in everyone.values() if a > 0)
    threshold = distribution.threshold()

    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    listed = PortfolioEntry.objects.filter(
        portfolio__salesperson=salesperson, portfolio__year=year, customer=OuterRef("pk")
    )
    invoiced = MonthlySales.objects.filter(
        salesperson=salesperson, month__gte=month_start(earlier[0]), month__lte=current[1]
    ).values("customer_id")
    fields = ("id", "code", "name", "owner_id", "segment", "payment_terms", "status")
    own = list(
        Customer.objects.filter(Q(owner=salesperson) | Q(owner__isnull=True, pk__in=invoiced))
        .only(*fields)
        .annotate(in_portfolio=Exists(listed))
        .order_by("code")
    )
    own_amounts = [(c.segment, everyone[c.pk]) for c in own if c.pk in everyone]
    context = rules.SuggestionContext(
        threshold=threshold,
        own_median=median(a for _s, a in own_amounts if a > 0),
        top_segments=rules.top_segments(own_amounts),
    )
    prospects = []
    if context.top_segments:
        prospects = list(
            Customer.objects.filter(
                owner__isnull=True,
                status=Customer.Status.PROSPECT,
                segment__in=context.top_segments,
            )
            .exclude(pk__in=invoiced)
            .only(*fields)
            .annotate(in_portfolio=Exists(listed))
            .order_by("code")[:MAX_UNOWNED_PROSPECTS]
        )
    customers = [*own, *prospects]
    ids = [c.pk for c in customers]
    now = figures_between(*current, customer_ids=ids) if ids else {}
    before = figures_between(*previous, customer_ids=ids) if ids else {}
    older = figures_between(*earlier, customer_ids=ids) if ids else {}
    cod = _cod_amounts(ids, *current)

    candidates = []
    for customer in customers:
        figures = now.get(customer.pk, Figures())
        selling = figures.amount > 0
        on_cod_terms = cod.get(customer.pk, ZERO)
        candidates.append(
            rules.Candidate(
                key=customer.pk,
                current=figures,
                previous=before.get(customer.pk, Figures()),
                earlier=older.get(customer.pk, Figures()),
                percentile=distribution.percentile(figures.amount) if selling else None,
                top_share=distribution.top_share(figures.amount) if selling else None,
                # Cash on delivery by the master's terms, or for most of the T12M sales.
                cod=customer.is_cod or (selling and on_cod_terms * 2 > figures.amount),
                segment=customer.segment,
                payment_terms=customer.payment_terms,
                in_portfolio=customer.in_portfolio,  # type: ignore[attr-defined]
                active=customer.status not in (Customer.Status.INACTIVE, Customer.Status.BLOCKED),
                owned=customer.owner_id is not None,
            )
        )
    by_id = {c.pk: c for c in customers}
    by_key = {c.key: c for c in candidates}
    found = rules.suggest_tiers(candidates, context, limit=limit or rules.SUGGESTIONS_PER_TIER)
    capacities = CompanySettings.load().capacities()
    counts = (
        dict(portfolio.entries.order_by().values_list("tier").annotate(n=Count("id")))
        if portfolio
        else {}
    )
    return Suggestions(
        salesperson=salesperson,
        year=year,
        as_of=as_of,
        context=context,
        customers_with_sales=len(distribution),
        tiers={
            tier: [
                SuggestionView(
                    customer=by_id[s.key],
                    tier=tier,
                    score=s.score,
                    facts=s.reasons,
                    explanation=explain(s.reasons),
                    candidate=by_key[s.key],
                )
                for s in items
            ]
            for tier, items in found.items()
        },
        room={t: max(capacities[t] - counts.get(t, 0), 0) for t in rules.TIERS},
    )


def _amount(value: Decimal | None) -> str:
    return money(value)


def _share(value: Decimal | None) -> str:
    """A percentage without a useless '.0' (3%, 12.5%)."""
    if value is None:
        return "—"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def describe(fact: rules.Fact) -> str:
    """One fact in the user's language."""
    kind = fact.kind
    if kind == "sales":
        if fact.share is None:
            return _("T12M %(amount)s") % {"amount": _amount(fact.amount)}
        return _("T12M %(amount)s (top %(share)s%% of customers)") % {
            "amount": _amount(fact.amount),
            "share": _share(fact.share),
        }
    if kind == "growth":
        sign = "+" if fact.share is not None and fact.share > 0 else ""
        return _("%(growth)s%% year on year") % {"growth": sign + _share(fact.share)}
    if kind == "new":
        return _("no sales in the 12 months before")
    if kind == "margin":
        return _("margin %(share)s%%") % {"share": _share(fact.share)}
    if kind == "potential_unknown":
        return _("potential unknown")
    if kind == "headroom":
        return _("headroom %(amount)s (wallet share %(share)s%%)") % {
            "amount": _amount(fact.amount),
            "share": _share(fact.share),
        }
    if kind == "above_median":
        return _("above your median %(amount)s") % {"amount": _amount(fact.amount)}
    if kind == "lapsed":
        return _("no sales in the last 12 months, %(amount)s in the 24 months before") % {
            "amount": _amount(fact.amount)
        }
    if kind == "no_sales":
        return _("no sales in the last 36 months")
    if kind == "segment":
        return _("segment %(segment)s is one of your top 3") % {"segment": fact.text}
    if kind == "unowned":
        return _("nobody owns this customer yet")
    return fact.text  # "terms": the ERP's own words (NET30, 月结30天)


def explain(facts: Iterable[rules.Fact]) -> str:
    """The one-line explanation of a suggestion, e.g. 'T12M 1,234,567 (top 3% …), NET30'."""
    line = pgettext("separator between facts", ", ").join(describe(f) for f in facts)
    return line[:1].upper() + line[1:]

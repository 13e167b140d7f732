"""Reads behind the board, the team overview and the history.

Callers pass a salesperson or team obtained through `teams.queries`; the number of
queries here does not grow with the number of entries (tests assert it).
"""

from __future__ import annotations

import datetime as dt
import heapq
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from itertools import islice
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Lower, RowNumber, Trim
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from firstchoice.customers.models import Customer
from firstchoice.customers.queries import ResearchSummary, latest_potentials, research_summaries
from firstchoice.customers.rules import COD_SPELLINGS, is_cod
from firstchoice.customers.rules import wallet_share as research_wallet_share
from firstchoice.lib.dates import month_start, split_by_whole_months, trailing_twelve_months
from firstchoice.lib.money import ZERO
from firstchoice.lib.templatetags.fc import money
from firstchoice.people.queries import people_flags
from firstchoice.people.rules import PeopleFlags
from firstchoice.plans.queries import PlanStatus, addressed_people, plan_status
from firstchoice.portfolio import rules
from firstchoice.portfolio.models import Portfolio, PortfolioEntry, TierChange
from firstchoice.sales.models import MonthlySales, SalesLine
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Distribution, Figures, median
from firstchoice.teams.models import CompanySettings, Salesperson, Team, User
from firstchoice.teams.queries import visible_salespeople


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
    # The account research (M2–M4): completeness, staleness, rule risks, latest potential.
    research: ResearchSummary = field(default_factory=ResearchSummary)
    # Key people (M5) and the year's plan (M6); the board fills them, the team overview not.
    people: PeopleFlags | None = None
    plan: PlanStatus | None = None

    @property
    def customer(self) -> Customer:
        return self.entry.customer

    @property
    def wallet_share(self) -> Decimal | None:
        return research_wallet_share(self.figures.amount, self.research.target_potential)


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
    people: dict[int, PeopleFlags] | None = None,
    plans: dict[int, PlanStatus] | None = None,
) -> list[TierColumn]:
    by_tier: dict[str, list[Card]] = {tier: [] for tier in (*rules.TIERS, rules.UNTIERED)}
    research, people, plans = research or {}, people or {}, plans or {}
    for entry in entries:
        by_tier[entry.tier].append(
            Card(
                entry,
                figures.get(entry.customer_id, Figures()),
                others.get((entry.portfolio_id, entry.customer_id), []),
                research.get(entry.customer_id, ResearchSummary()),
                people.get(entry.customer_id),
                plans.get(entry.customer_id),
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
    people_and_plans: bool = True,
) -> Board:
    """The board of one salesperson. `people_and_plans=False` leaves out the key-people flags
    and plan status (eight queries) for callers that show neither, such as the API."""
    company = CompanySettings.load()
    capacities = company.capacities()
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    entries = list(_entries([portfolio.pk])) if portfolio else []
    figures = trailing_figures((e.customer_id for e in entries), as_of)
    others = _other_listings(year, entries)
    customer_ids = [e.customer_id for e in entries]
    today = timezone.localdate()
    research = research_summaries(customer_ids, today=today, company=company)
    people, plans = {}, {}
    if people_and_plans and entries:
        people = people_flags(
            customer_ids,
            today=today,
            addressed=addressed_people(customer_ids, year),
            stale_days=company.org_chart_stale_days,
        )
        plans = plan_status(salesperson, year, as_of=as_of)
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
        columns=_columns(entries, figures, others, capacities, research, people, plans),
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


# --- Tier suggestions from sales data ----------------------------------------------------

# Prospects nobody owns are offered for tier C when they fit the salesperson's segments;
# bounded so a company with a huge unassigned prospect list still answers quickly.
MAX_UNOWNED_PROSPECTS = 500
# Up to this many candidates, the 24 months before the T12M are summed for the candidates
# alone (one salesperson's panel); above it, for the whole company (a batch of everyone).
CANDIDATE_FILTER_LIMIT = 5_000


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


def _sum_if(condition: Q, value: Any) -> Sum:
    """SUM(CASE WHEN condition THEN value ELSE 0 END), as integer cents (or a count)."""
    return Sum(Case(When(condition, then=value), default=Value(0), output_field=BigIntegerField()))


def _window_sums(
    windows: list[tuple[dt.date, dt.date]],
    *,
    customer_ids: list[int] | None = None,
    cod: bool = False,
) -> dict[int, list[int]]:
    """Per customer: amount, margin (cents) and lines of each window, in two grouped queries.

    Slots 3i, 3i+1, 3i+2 hold window i; with `cod`, one more slot holds the amount sold on
    cash-on-delivery terms in the first window. The same sums as `figures_between` (roll-ups
    for whole months, lines for the edges), read through a plain cursor as integers: for
    150,000 customers the ORM's per-row Decimal conversion would cost more than the grouping.
    Customers without a row in any window are absent.
    """
    if customer_ids is not None and not customer_ids:
        return {}
    width = 3 * len(windows) + int(cod)
    splits = [split_by_whole_months(first, last) for first, last in windows]
    scope = Q() if customer_ids is None else Q(customer_id__in=customer_ids)
    cod_terms: In = In(Lower(Trim("payment_terms")), sorted(COD_SPELLINGS))
    grouped: list[tuple[QuerySet[Any, Any], list[int]]] = []

    months_in = [
        Q(month__gte=months[0], month__lte=months[-1]) if months else None
        for months, _edges in splits
    ]
    columns: dict[str, Sum] = {}
    slots: list[int] = []
    for i, condition in enumerate(months_in):
        if condition is None:
            continue
        columns |= {
            f"a{i}": _sum_if(condition, F("amount")),
            f"m{i}": _sum_if(condition, F("margin")),
            f"n{i}": _sum_if(condition, F("lines")),
        }
        slots += [3 * i, 3 * i + 1, 3 * i + 2]
        if cod and i == 0:
            columns["cod"] = _sum_if(condition, F("cod_amount"))
            slots.append(width - 1)
    if columns:
        rows = MonthlySales.objects.filter(
            scope, reduce(operator.or_, (c for c in months_in if c is not None))
        )
        grouped.append((_grouped_by_customer(rows, columns), slots))

    edges_in = [
        reduce(operator.or_, (Q(invoice_date__range=edge) for edge in edges)) if edges else None
        for _months, edges in splits
    ]
    columns, slots = {}, []
    for i, condition in enumerate(edges_in):
        if condition is None:
            continue
        columns |= {
            f"a{i}": _sum_if(condition, F("amount")),
            f"m{i}": _sum_if(condition, F("margin")),
            f"n{i}": _sum_if(condition, Value(1)),
        }
        slots += [3 * i, 3 * i + 1, 3 * i + 2]
        if cod and i == 0:
            columns["cod"] = _sum_if(condition & Q(cod_terms), F("amount"))
            slots.append(width - 1)
    if columns:
        lines = SalesLine.objects.filter(
            scope, reduce(operator.or_, (c for c in edges_in if c is not None))
        )
        grouped.append((_grouped_by_customer(lines, columns), slots))

    totals: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        for qs, positions in grouped:
            sql, params = qs.query.sql_with_params()
            cursor.execute(sql, params)
            for customer_id, *values in cursor.fetchall():
                slot = totals.get(customer_id)
                if slot is None:
                    slot = totals[customer_id] = [0] * width
                for position, value in zip(positions, values, strict=True):
                    if value:
                        slot[position] += int(value)  # MoneyField columns hold cents
    return totals


def _grouped_by_customer(qs: QuerySet[Any, Any], columns: dict[str, Sum]) -> QuerySet[Any, Any]:
    return (
        qs.order_by().values("customer_id").annotate(**columns).values_list("customer_id", *columns)
    )


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _figures(sums: list[int] | None, window: int) -> Figures:
    """Window `window` of a `_window_sums` row; no lines in it is no figures (Figures())."""
    if sums is None or not sums[3 * window + 2]:
        return Figures()
    return Figures(_cents(sums[3 * window]), _cents(sums[3 * window + 1]), sums[3 * window + 2])


def _mostly_cod(sums: list[int] | None) -> bool:
    """More than half of the first window's sales on cash-on-delivery terms (`cod` sums)."""
    return sums is not None and sums[-1] * 2 > sums[0]


def _amounts_by_customer(first: dt.date, last: dt.date) -> dict[int, Decimal]:
    """T12M-style sales of every customer of the company with sales lines in [first, last]."""
    return {key: _cents(sums[0]) for key, sums in _window_sums([(first, last)]).items() if sums[2]}


class _Row(NamedTuple):
    """A customer as the suggestions read it: the fields of `Customer` up to `status`, in
    the model's order (`Customer.from_db` takes them so for the few that are suggested)."""

    id: int
    code: str
    name: str
    owner_id: int | None
    segment: str
    payment_terms: str
    status: str


_CUSTOMER_FIELDS = _Row._fields
_INACTIVE = (Customer.Status.INACTIVE, Customer.Status.BLOCKED)


def suggestions(
    salesperson: Salesperson, year: int, as_of: dt.date, *, limit: int = 0
) -> Suggestions:
    """Which customers fit tiers A, B and C for `salesperson`'s `year` portfolio, as of a date.

    One salesperson's batch: see `suggestions_for`.
    """
    return suggestions_for([salesperson], year, as_of, limit=limit)[salesperson.pk]


def suggestions_for(
    salespeople: Iterable[Salesperson], year: int, as_of: dt.date, *, limit: int = 0
) -> dict[int, Suggestions]:
    """Tier suggestions for many salespeople at once, by salesperson id.

    The T12M of every customer of the company ranks the candidates (top 10%, percentile);
    a salesperson's candidates are their customers: those they own, those nobody owns that
    they invoiced in the last 36 months, and prospects nobody owns in their top-3 segments.
    The ranking is computed once for the whole batch and every sum is grouped in SQL: the
    number of queries grows neither with the data nor with the number of salespeople. The
    pure rules (`rules.suggest_tiers`) then run per salesperson. Callers pass salespeople
    they may see.
    """
    people = list(salespeople)
    if not people:
        return {}
    ids = [p.pk for p in people]
    current, previous, earlier = _windows(as_of)
    capacities = CompanySettings.load().capacities()

    # The company: T12M, margin, lines and COD sales of every customer (the ranking).
    now = _window_sums([current], cod=True)
    everyone = {key: _cents(sums[0]) for key, sums in now.items() if sums[2]}
    distribution = Distribution(a for a in everyone.values() if a > 0)
    threshold = distribution.threshold()

    # Who invoiced which customer nobody owns in the last 36 months.
    invoiced = MonthlySales.objects.filter(
        salesperson_id__in=ids,
        customer__owner__isnull=True,
        month__gte=month_start(earlier[0]),
        month__lte=current[1],
    )
    invoiced_by: dict[int, list[int]] = defaultdict(list)
    for person_id, customer_id in (
        invoiced.order_by().values_list("salesperson_id", "customer_id").distinct()
    ):
        invoiced_by[customer_id].append(person_id)
    # Their ids inline while few (a correlated subquery here is slow on PostgreSQL); when
    # many, every customer nobody owns, the ones nobody in the batch invoiced skipped below.
    unowned = (
        Q(owner__isnull=True, pk__in=list(invoiced_by))
        if len(invoiced_by) <= CANDIDATE_FILTER_LIMIT
        else Q(owner__isnull=True)
    )
    own: dict[int, list[_Row]] = {pk: [] for pk in ids}
    unowned_prospects = 0
    for row in map(
        _Row._make,
        Customer.objects.filter(Q(owner_id__in=ids) | unowned)
        .order_by("code")
        .values_list(*_CUSTOMER_FIELDS),
    ):
        if row.owner_id is not None:
            own[row.owner_id].append(row)
            continue
        sellers = invoiced_by.get(row.id, ())
        unowned_prospects += bool(sellers) and row.status == Customer.Status.PROSPECT
        for person_id in sellers:
            own[person_id].append(row)

    listed: set[tuple[int, int]] = set()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for person_id, customer_id, tier in PortfolioEntry.objects.filter(
        portfolio__year=year, portfolio__salesperson_id__in=ids
    ).values_list("portfolio__salesperson_id", "customer_id", "tier"):
        listed.add((person_id, customer_id))
        counts[person_id][tier] += 1

    contexts = {}
    for pk in ids:
        own_amounts = [(r.segment, everyone[r.id]) for r in own[pk] if r.id in everyone]
        contexts[pk] = rules.SuggestionContext(
            threshold=threshold,
            own_median=median(a for _s, a in own_amounts if a > 0),
            top_segments=rules.top_segments(own_amounts),
        )
    prospects = _unowned_prospects(
        {s for c in contexts.values() for s in c.top_segments},
        # A salesperson skips the prospects they invoiced (they are among their own).
        MAX_UNOWNED_PROSPECTS + unowned_prospects,
    )

    candidates: dict[int, list[_Row]] = {}
    for pk in ids:
        mine = _merged(prospects, contexts[pk].top_segments)
        skip = {r.id for r in own[pk]}
        candidates[pk] = [
            *own[pk],
            *islice((r for r in mine if r.id not in skip), MAX_UNOWNED_PROSPECTS),
        ]
    wanted = {r.id for rows in candidates.values() for r in rows}
    before = _window_sums(
        [previous, earlier],
        customer_ids=sorted(wanted) if len(wanted) <= CANDIDATE_FILTER_LIMIT else None,
    )
    potentials = latest_potentials(wanted, as_of)

    found: dict[int, Suggestions] = {}
    for person in people:
        pk = person.pk
        context = contexts[pk]
        by_key: dict[int, rules.Candidate[int]] = {}
        rows = {}
        for row in candidates[pk]:
            key = row.id
            sums = now.get(key)
            figures = _figures(sums, 0)
            selling = figures.amount > 0
            older = before.get(key)
            rows[key] = row
            by_key[key] = rules.Candidate(
                key=key,
                current=figures,
                previous=_figures(older, 0),
                earlier=_figures(older, 1),
                percentile=distribution.percentile(figures.amount) if selling else None,
                top_share=distribution.top_share(figures.amount) if selling else None,
                # Cash on delivery by the master's terms, or for most of the T12M sales.
                cod=is_cod(row.payment_terms)
                or (selling and sums is not None and sums[3] * 2 > sums[0]),
                segment=row.segment,
                payment_terms=row.payment_terms,
                in_portfolio=(pk, key) in listed,
                active=row.status not in _INACTIVE,
                owned=row.owner_id is not None,
                potential=potentials.get(key),
            )
        chosen = rules.suggest_tiers(
            by_key.values(), context, limit=limit or rules.SUGGESTIONS_PER_TIER
        )
        found[pk] = Suggestions(
            salesperson=person,
            year=year,
            as_of=as_of,
            context=context,
            customers_with_sales=len(distribution),
            tiers={
                tier: [
                    SuggestionView(
                        customer=Customer.from_db(connection.alias, _CUSTOMER_FIELDS, rows[s.key]),
                        tier=tier,
                        score=s.score,
                        facts=s.reasons,
                        explanation=explain(s.reasons),
                        candidate=by_key[s.key],
                    )
                    for s in items
                ]
                for tier, items in chosen.items()
            },
            room={t: max(capacities[t] - counts[pk][t], 0) for t in rules.TIERS},
        )
    return found


def _unowned_prospects(segments: set[str], per_segment: int) -> dict[str, list[tuple[int, _Row]]]:
    """The first `per_segment` prospects nobody owns in each segment, by code.

    Each row comes with its place in the code order of the database (its collation, not
    Python's), so lists of several segments merge in the same order as one query would give.
    """
    if not segments:
        return {}
    ranked = (
        Customer.objects.filter(
            owner__isnull=True, status=Customer.Status.PROSPECT, segment__in=sorted(segments)
        )
        .annotate(
            place=Window(RowNumber(), partition_by=[F("segment")], order_by=[F("code").asc()])
        )
        .filter(place__lte=per_segment)
        .order_by("code")
        .values_list(*_CUSTOMER_FIELDS)
    )
    by_segment: dict[str, list[tuple[int, _Row]]] = defaultdict(list)
    for place, row in enumerate(map(_Row._make, ranked)):
        by_segment[row.segment].append((place, row))
    return by_segment


def _merged(
    by_segment: dict[str, list[tuple[int, _Row]]], segments: Iterable[str]
) -> Iterable[_Row]:
    """The prospects of `segments`, in code order."""
    return (row for _place, row in heapq.merge(*(by_segment.get(s, []) for s in segments)))


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

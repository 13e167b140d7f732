"""Tier suggestions from sales data (M1): which customers could fill each tier of a
salesperson's 5+5+5, judged on the trailing twelve months against the two years before,
with the facts behind each suggestion in words."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from firstchoice.customers.models import Customer
from firstchoice.customers.research import latest_potentials
from firstchoice.customers.rules import is_cod
from firstchoice.lib.batches import gc_paused
from firstchoice.lib.dates import month_start
from firstchoice.lib.templatetags.fc import money
from firstchoice.portfolio import rules, suggestion_rules
from firstchoice.portfolio.models import (
    IgnoredSuggestion,
    PortfolioEntry,
    RemovalReason,
    TierChange,
)
from firstchoice.portfolio.windows import (
    Sums,
    cents,
    mostly_cod,
    window_figures,
    window_sums,
    windows,
)
from firstchoice.sales.models import MonthlySales
from firstchoice.sales.rules import Distribution, Figures, median
from firstchoice.teams.models import CompanySettings, Salesperson

# Prospects nobody owns are offered for tier C when they fit the salesperson's segments;
# bounded so a company with a huge unassigned prospect list still answers quickly.
MAX_UNOWNED_PROSPECTS = 500
# Up to this many candidates, the 24 months before the T12M are summed for the candidates
# alone (one salesperson's panel); above it, for the whole company (a batch of everyone).
CANDIDATE_FILTER_LIMIT = 5_000


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


def _customer(row: _Row) -> Customer:
    return Customer.from_db(connection.alias, _CUSTOMER_FIELDS, row)


def _worded(language: str | None, words: Callable[[], str]) -> str:
    """`words()` in `language`: a view words its text when read, as it was asked for."""
    if translation.get_language() == language:
        return words()
    with translation.override(language):
        return words()


@dataclass
class SuggestionView:
    """One suggestion; its customer and explanation are made when first read (a batch of
    the whole company makes 27,000, and a page shows a few), in the language that was
    active when the suggestions were asked for."""

    row: _Row
    tier: str
    suggestion: suggestion_rules.Suggestion[int]
    candidate: suggestion_rules.Candidate[int]
    language: str | None

    @cached_property
    def customer(self) -> Customer:
        return _customer(self.row)

    @property
    def score(self) -> Decimal:
        return self.suggestion.score

    @property
    def facts(self) -> list[suggestion_rules.Fact]:
        return self.suggestion.reasons

    @cached_property
    def explanation(self) -> str:
        return _worded(self.language, lambda: explain(self.facts))

    @property
    def figures(self) -> Figures:
        return self.candidate.current

    @property
    def previous(self) -> Figures:
        return self.candidate.previous


@dataclass
class HeldBackView:
    """An account that fits a tier but is not proposed: ignored (with undo) or taken off
    the list recently; `why` says which, worded when first read in the language that was
    active when the suggestions were asked for."""

    row: _Row
    held: suggestion_rules.HeldBack[int]
    language: str | None

    @cached_property
    def customer(self) -> Customer:
        return _customer(self.row)

    @property
    def tier(self) -> str:
        return self.held.tier

    @property
    def kind(self) -> str:
        return self.held.kind  # "ignored" or "removed"

    @cached_property
    def why(self) -> str:
        return _worded(self.language, lambda: held_back_reason(self.held))


@dataclass
class Suggestions:
    salesperson: Salesperson
    year: int
    as_of: dt.date
    context: suggestion_rules.SuggestionContext
    customers_with_sales: int  # the population behind ranks and percentiles
    tiers: dict[str, list[SuggestionView]]
    room: dict[str, int]  # free slots per tier of this year's portfolio
    held_back: list[HeldBackView] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, list[SuggestionView], int]]:
        """(tier, suggestions, free slots) per tier, for the board's panel."""
        return [(tier, self.tiers[tier], self.room[tier]) for tier in rules.TIERS]

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.tiers.values())


def suggestions(
    salesperson: Salesperson, year: int, as_of: dt.date, *, limit: int = 0
) -> Suggestions:
    """Which customers fit tiers A, B and C for `salesperson`'s `year` portfolio, as of a date.

    One salesperson's batch: see `suggestions_for`.
    """
    return suggestions_for([salesperson], year, as_of, limit=limit)[salesperson.pk]


@gc_paused()
def suggestions_for(
    salespeople: Iterable[Salesperson], year: int, as_of: dt.date, *, limit: int = 0
) -> dict[int, Suggestions]:
    """Tier suggestions for many salespeople at once, by salesperson id.

    The T12M of every customer of the company ranks the candidates (top 10%, percentile);
    a salesperson's candidates are their customers: those they own, those nobody owns that
    they invoiced in the last 36 months, and prospects nobody owns in their top-3 segments.
    The ranking is computed once for the whole batch and every sum is grouped in SQL: the
    number of queries grows neither with the data nor with the number of salespeople. The
    pure rules (`suggestion_rules.suggest_tiers`) then run per salesperson. Callers pass salespeople
    they may see.
    """
    people = list(salespeople)
    if not people:
        return {}
    ids = [p.pk for p in people]
    current, previous, earlier = windows(as_of)
    capacities = CompanySettings.load().capacities()

    # The company: T12M, margin, lines and COD sales of every customer (the ranking).
    # Kept in cents: only the accounts a salesperson may be shown become Decimal figures.
    now = window_sums([current], cod=True)
    everyone = {key: sums[0] for key, sums in now.items() if sums[2]}
    distribution = Distribution(a for a in everyone.values() if a > 0)
    top_cents = distribution.threshold()
    threshold = None if top_cents is None else cents(top_cents)

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

    ignored, removals = _ignored_and_removed(ids)
    today = timezone.localdate()

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
        contexts[pk] = suggestion_rules.SuggestionContext(
            threshold=threshold,
            own_median=_median([a for _s, a in own_amounts if a > 0]),
            top_segments=suggestion_rules.top_segments(own_amounts),
            today=today,
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
    before = window_sums(
        [previous, earlier],
        customer_ids=sorted(wanted) if len(wanted) <= CANDIDATE_FILTER_LIMIT else None,
    )
    potentials = latest_potentials(wanted, as_of)

    language = translation.get_language()
    limit = limit or suggestion_rules.SUGGESTIONS_PER_TIER
    nothing = (0, 0)
    found: dict[int, Suggestions] = {}
    for person in people:
        pk = person.pk
        context = contexts[pk]
        own_median = None if context.own_median is None else int(context.own_median.scaleb(2))
        # Which tier each account's sales fit, in cents; the rules see the shortlist only.
        fitting = []
        for row in candidates[pk]:
            key = row.id
            sums = now.get(key)
            older = before.get(key)
            fit = suggestion_rules.fitting_tier(
                (sums[0], sums[2]) if sums else nothing,
                (older[0], older[2]) if older else nothing,
                (older[3], older[5]) if older else nothing,
                row.segment,
                top_cents,
                own_median,
                context.top_segments,
            )
            pair = (pk, key)
            if fit is None or pair in listed or row.status in _INACTIVE or _cod(row, sums):
                continue
            settled = potentials.get(key) is None and pair not in ignored and pair not in removals
            fitting.append((row, fit[0], fit[1], settled))
        rows = {}
        by_key: dict[int, suggestion_rules.Candidate[int]] = {}
        for row in suggestion_rules.shortlist(fitting, limit):
            key = row.id
            sums = now.get(key)
            figures = window_figures(sums, 0)
            selling = figures.amount > 0
            older = before.get(key)
            rows[key] = row
            by_key[key] = suggestion_rules.Candidate(
                key=key,
                current=figures,
                previous=window_figures(older, 0),
                earlier=window_figures(older, 1),
                percentile=distribution.percentile(sums[0]) if selling and sums else None,
                top_share=distribution.top_share(sums[0]) if selling and sums else None,
                cod=_cod(row, sums),
                segment=row.segment,
                payment_terms=row.payment_terms,
                in_portfolio=(pk, key) in listed,
                active=row.status not in _INACTIVE,
                owned=row.owner_id is not None,
                potential=potentials.get(key),
                ignored=(pk, key) in ignored,
                removal=removals.get((pk, key)),
            )
        chosen, held = suggestion_rules.suggest_and_hold_back(by_key.values(), context, limit=limit)
        found[pk] = Suggestions(
            salesperson=person,
            year=year,
            as_of=as_of,
            context=context,
            customers_with_sales=len(distribution),
            tiers={
                tier: [SuggestionView(rows[s.key], tier, s, by_key[s.key], language) for s in items]
                for tier, items in chosen.items()
            },
            room={t: max(capacities[t] - counts[pk][t], 0) for t in rules.TIERS},
            held_back=[HeldBackView(rows[h.key], h, language) for h in held],
        )
    return found


# A company has a few spellings of its payment terms and 100,000 accounts to check.
_cod_terms = functools.lru_cache(maxsize=1024)(is_cod)


def _cod(row: _Row, sums: Sums | None) -> bool:
    """Cash on delivery by the master's terms, or for most of the T12M sales."""
    return _cod_terms(row.payment_terms) or (
        sums is not None and sums[2] > 0 and sums[0] > 0 and mostly_cod(sums)
    )


def _median(amounts: list[int]) -> Decimal | None:
    """`median` of amounts in cents, only the middle one or two made Decimal."""
    ordered = sorted(amounts)
    middle = ordered[(len(ordered) - 1) // 2 : len(ordered) // 2 + 1]
    return median(cents(a) for a in middle)


def _ignored_and_removed(
    ids: list[int],
) -> tuple[set[tuple[int, int]], dict[tuple[int, int], suggestion_rules.Removal]]:
    """(salesperson, customer) pairs ignored, and each pair's latest removal from a list in
    the last 90 days (two queries for the whole batch)."""
    ignored = set(
        IgnoredSuggestion.objects.filter(salesperson_id__in=ids).values_list(
            "salesperson_id", "customer_id"
        )
    )
    since = timezone.now() - dt.timedelta(days=suggestion_rules.RECENT_REMOVAL_DAYS + 1)
    removals: dict[tuple[int, int], suggestion_rules.Removal] = {}
    for person_id, customer_id, at, reason in (
        TierChange.objects.filter(
            kind=TierChange.Kind.REMOVED,
            portfolio__salesperson_id__in=ids,
            changed_at__gte=since,
        )
        .order_by("changed_at", "id")
        .values_list("portfolio__salesperson_id", "customer_id", "changed_at", "removal_reason")
    ):
        on = timezone.localdate(at)
        removals[(person_id, customer_id)] = suggestion_rules.Removal(on=on, reason=reason)
    return ignored, removals


def _removal_words(removal: suggestion_rules.Removal | None) -> str:
    if removal is None or not removal.reason:
        return _("no reason chosen")
    return str(RemovalReason(removal.reason).label)


def held_back_reason(held: suggestion_rules.HeldBack[int]) -> str:
    """Why an account that fits a tier is not proposed, in the reader's language."""
    if held.kind == "ignored":
        return _("You chose to ignore it.")
    removal = held.removal
    return _(
        "Taken off your list on %(date)s (%(reason)s); proposed again from %(until)s, "
        "unless it was to make room for another account."
    ) % {
        "date": removal.on.isoformat() if removal else "?",
        "reason": _removal_words(removal),
        "until": held.until.isoformat() if held.until else "?",
    }


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


def describe(fact: suggestion_rules.Fact) -> str:
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
    if kind == "removed_may_return":
        return _(
            "taken off your list on %(date)s to make room for another account, so it may come back"
        ) % {"date": fact.on.isoformat() if fact.on else "?"}
    return fact.text  # "terms": the ERP's own words (NET30, 月结30天)


def explain(facts: Iterable[suggestion_rules.Fact]) -> str:
    """The one-line explanation of a suggestion, e.g. 'T12M 1,234,567 (top 3% …), NET30'."""
    line = pgettext("separator between facts", ", ").join(describe(f) for f in facts)
    return line[:1].upper() + line[1:]

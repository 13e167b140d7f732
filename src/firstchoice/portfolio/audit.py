"""The top-customer audit (M8): how good are the focus lists of a sales force?

Reads only. The caller passes salespeople it obtained through a permission-scoped lookup
(`audit_scope`); the audit never looks at lists outside them. The revenue threshold is the
one company-wide number it reads beyond the scope: "top" means top of *all* customers.

Cost: a fixed number of queries whatever the number of salespeople — the entries, the
company's trailing-12-month figures (roll-ups plus the partial edge months), the latest
potentials — then the method's arithmetic in `rules`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from firstchoice.customers.models import Customer
from firstchoice.customers.research import latest_potentials
from firstchoice.lib.dates import trailing_twelve_months
from firstchoice.lib.money import ZERO, percent
from firstchoice.portfolio import rules
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.sales.queries import figures_between
from firstchoice.teams.models import CompanySettings, Salesperson, User
from firstchoice.teams.queries import (
    can_audit,
    salesperson_for_user,
    team_for_user,
    visible_salespeople,
)

# What a drill-down can show: the customers behind one number of the audit.
DRILLS = (
    "listed",
    "cod",
    "failing",
    *rules.CRITERIA,
    rules.MARGIN_UNKNOWN,
    rules.TERMS_UNKNOWN,
)


@dataclass(frozen=True)
class AuditedEntry:
    salesperson: Salesperson
    customer: Customer
    facts: rules.AuditFacts
    reasons: frozenset[str]

    @property
    def margin_percent(self) -> Decimal | None:
        facts = self.facts
        if facts.margin is None or facts.revenue <= 0:
            return None
        return percent(
            facts.margin, facts.revenue if facts.margin_base is None else facts.margin_base
        )

    def matches(self, drill: str) -> bool:
        if drill == "listed":
            return True
        if drill == "cod":
            return self.facts.cod
        if drill == "failing":
            return bool(self.reasons)
        if drill == rules.MARGIN_UNKNOWN:
            return rules.margin_unknown(self.facts)
        if drill == rules.TERMS_UNKNOWN:
            return not self.customer.payment_terms.strip()
        return drill in self.reasons


@dataclass
class SalespersonAudit:
    salesperson: Salesperson
    entries: list[AuditedEntry] = field(default_factory=list)
    tally: rules.Tally = field(default_factory=rules.Tally)
    shape: dict[str, int] | None = None  # counts per tier when the list breaks the shape


@dataclass
class Audit:
    year: int
    as_of: dt.date
    thresholds: rules.AuditThresholds
    capacities: dict[str, int]
    rows: list[SalespersonAudit]
    without_list: list[Salesperson]
    total: rules.Tally
    duplicates: list[tuple[Customer, list[Salesperson]]]

    @property
    def shape_breaks(self) -> list[SalespersonAudit]:
        return [row for row in self.rows if row.shape is not None]

    def row_for(self, handle: str) -> SalespersonAudit | None:
        return next((row for row in self.rows if row.salesperson.handle == handle), None)

    def drill(self, what: str, handle: str | None = None) -> list[AuditedEntry]:
        """The listed customers behind one number: of one salesperson, or of everyone."""
        rows = (
            self.rows
            if handle is None
            else [r for r in self.rows if r.salesperson.handle == handle]
        )
        return [entry for row in rows for entry in row.entries if entry.matches(what)]

    def as_json(self) -> dict[str, Any]:
        """The audit as `firstchoice audit --format json` and `GET /api/v1/audit` give it."""
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "thresholds": {
                "top_customer_percent": CompanySettings.load().top_customer_percent,
                "top_revenue": _decimal(self.thresholds.top_revenue),
                "min_margin_percent": _decimal(self.thresholds.min_margin_percent),
                "min_potential": _decimal(self.thresholds.min_potential),
            },
            "salespeople": len(self.rows),
            **_tally_json(self.total),
            "duplicates": [
                {
                    "customer": customer.code,
                    "name": customer.name,
                    "salespeople": [person.handle for person in people],
                }
                for customer, people in self.duplicates
            ],
            "shape_breaks": [
                {"salesperson": row.salesperson.handle, "counts": row.shape}
                for row in self.shape_breaks
            ],
            "without_list": [person.handle for person in self.without_list],
            "by_salesperson": [
                {
                    "salesperson": row.salesperson.handle,
                    "name": row.salesperson.name,
                    "team": row.salesperson.team.slug if row.salesperson.team else None,
                    **_tally_json(row.tally),
                    "shape_ok": row.shape is None,
                }
                for row in self.rows
            ],
        }


def _decimal(value: Decimal | None) -> str | None:
    """A decimal string, as every API sends money and shares (never a float)."""
    return None if value is None else str(value)


def _tally_json(tally: rules.Tally) -> dict[str, Any]:
    return {
        "listed": tally.listed,
        "cod": tally.cod,
        "cod_share": _decimal(tally.cod_share),
        "failing_count": tally.failing,
        "failing_share": _decimal(tally.failing_share),
        "failing": dict(tally.by_reason),
        "margin_unknown": tally.margin_unknown,
        "terms_unknown": tally.terms_unknown,
    }


def audit_scope(
    user: User, *, team: str | None = None, salesperson: str | None = None
) -> QuerySet[Salesperson]:
    """The salespeople whose lists `user` may audit, narrowed to a team or one person.

    The audit is the managers' and administrators' tool (M8): a salesperson gets
    PermissionDenied (403), in the page and the API alike."""
    if not can_audit(user):
        raise PermissionDenied("The audit is for managers and administrators")
    scope = visible_salespeople(user)
    if salesperson:
        return scope.filter(pk=salesperson_for_user(user, salesperson).pk)
    if team:
        return scope.filter(team=team_for_user(user, team))
    return scope


def run_audit(salespeople: QuerySet[Salesperson], year: int, *, as_of: dt.date) -> Audit:
    company = CompanySettings.load()
    capacities = company.capacities()
    people = {person.pk: person for person in salespeople.select_related("user", "team")}
    listed = list(
        PortfolioEntry.objects.filter(
            portfolio__year=year, portfolio__salesperson_id__in=list(people)
        )
        .order_by("portfolio__salesperson__code", "tier", "customer__code")
        .values_list("portfolio__salesperson_id", "tier", "customer")
    )
    customers = Customer.objects.in_bulk({customer_id for _p, _t, customer_id in listed})

    first, last = trailing_twelve_months(as_of)
    figures = figures_between(first, last)
    thresholds = rules.AuditThresholds(
        top_revenue=rules.top_revenue_threshold(
            (f.amount for f in figures.values()), company.top_customer_percent
        ),
        min_margin_percent=company.min_margin_percent,
        min_potential=company.min_target_potential,
    )
    potentials = latest_potentials(customers, as_of)

    rows: dict[int, SalespersonAudit] = {}
    listings: list[tuple[int, int]] = []
    for person_id, tier, customer_id in listed:
        customer = customers[customer_id]
        sold = figures.get(customer_id)
        facts = rules.AuditFacts(
            tier=tier,
            revenue=sold.amount if sold else ZERO,
            margin=sold.margin if sold else ZERO,
            potential=potentials.get(customer_id),
            cod=customer.is_cod,
            margin_base=sold.margin_base if sold else None,
        )
        reasons = rules.failing_criteria(facts, thresholds)
        row = rows.setdefault(person_id, SalespersonAudit(people[person_id]))
        row.entries.append(AuditedEntry(people[person_id], customer, facts, reasons))
        row.tally.add(
            facts.cod,
            reasons,
            margin_unknown=rules.margin_unknown(facts),
            terms_unknown=not customer.payment_terms.strip(),
        )
        listings.append((person_id, customer_id))

    total = rules.Tally()
    for row in rows.values():
        row.shape = rules.list_shape((e.facts.tier for e in row.entries), capacities)
        total.merge(row.tally)

    duplicates = rules.listed_more_than_once(listings)
    ordered = sorted(rows.values(), key=lambda r: r.salesperson.code)
    return Audit(
        year=year,
        as_of=as_of,
        thresholds=thresholds,
        capacities=capacities,
        rows=ordered,
        without_list=sorted(
            (p for pk, p in people.items() if pk not in rows and p.is_active),
            key=lambda p: p.code,
        ),
        total=total,
        duplicates=[
            (customers[customer_id], [people[pk] for pk in owners])
            for customer_id, owners in sorted(
                duplicates.items(), key=lambda item: customers[item[0]].code
            )
        ],
    )

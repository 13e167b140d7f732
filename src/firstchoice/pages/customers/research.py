"""The research of one account as its page and the API show it: the dossier sections and
rules of engagement (`customers.research`) and the target potential judged against the
account's current sales (M3: wallet share, headroom)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from firstchoice.customers import rules
from firstchoice.customers.models import Customer, TargetPotential
from firstchoice.customers.research import RuleView, SectionView, rule_views, section_views
from firstchoice.teams.models import CompanySettings, Salesperson


@dataclass
class PotentialView:
    latest: TargetPotential | None
    history: list[TargetPotential]
    current: Decimal  # T12M sales
    min_potential: Decimal
    min_confidence: int

    @property
    def target(self) -> Decimal | None:
        return self.latest.target if self.latest else None

    @property
    def wallet_share(self) -> Decimal | None:
        return rules.wallet_share(self.current, self.target)

    @property
    def headroom(self) -> Decimal | None:
        return rules.headroom(self.current, self.target)

    @property
    def worth_resources(self) -> bool | None:
        return rules.worth_resources(
            self.target,
            self.latest.confidence if self.latest else None,
            self.min_potential,
            self.min_confidence,
        )


@dataclass
class Research:
    customer: Customer
    sections: list[SectionView]
    potential: PotentialView
    rules: list[RuleView]
    owners: list[Salesperson] = field(default_factory=list)

    @property
    def completeness(self) -> int:
        return rules.completeness(s.score for s in self.sections)

    @property
    def stale_sections(self) -> int:
        return sum(s.is_stale for s in self.sections)

    @property
    def risks(self) -> list[RuleView]:
        return [r for r in self.rules if r.is_risk]


def potential_view(customer: Customer, current: Decimal) -> PotentialView:
    company = CompanySettings.load()
    history = list(TargetPotential.objects.filter(customer=customer).select_related("created_by"))
    return PotentialView(
        latest=history[0] if history else None,
        history=history,
        current=current,
        min_potential=company.min_target_potential,
        min_confidence=company.min_confidence,
    )


def research(customer: Customer, *, today: dt.date, current: Decimal) -> Research:
    """Everything the customer page shows of the research, in a fixed number of queries."""
    return Research(
        customer=customer,
        sections=section_views(customer, today=today),
        potential=potential_view(customer, current),
        rules=rule_views(customer),
    )

"""Helpers for the research tests: a filled section, an estimate, a rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from firstchoice.customers import actions
from firstchoice.customers.models import Customer, EngagementRule, TargetPotential
from firstchoice.teams.models import User


def fill_section(actor: User, customer: Customer, key: str = "profile", **values: object) -> None:
    actions.update_section(
        actor=actor,
        customer=customer,
        key=key,
        values=values or {"company_type": "OEM", "ownership": "Private", "history": "1998"},
    )


def estimate(
    actor: User,
    customer: Customer,
    total: str = "1000.00",
    other: str = "200.00",
    confidence: int = 60,
    days_ago: int = 0,
) -> TargetPotential:
    return actions.add_potential(
        actor=actor,
        customer=customer,
        estimated_on=timezone.localdate() - dt.timedelta(days=days_ago),
        total=Decimal(total),
        other_channels=Decimal(other),
        confidence=confidence,
        source="interview",
    )


def rule(
    actor: User, customer: Customer, kind: str = "inventory", can: str = "no"
) -> EngagementRule:
    return actions.save_rule(
        actor=actor,
        customer=customer,
        kind=kind,
        title="our own rule" if kind == "custom" else "",
        requirement="consignment",
        can_execute=can,
    )

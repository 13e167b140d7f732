"""Writes to a plan's objectives (M6): add, change, and record the current value of a
hand-kept one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.lib.edits import guarded
from firstchoice.plans.actions.checks import (
    check_addresses,
    check_due,
    check_in_year,
    check_owner,
    clean_text,
    save_as,
)
from firstchoice.plans.models import AUTOMATIC_METRICS, Metric, Objective, Plan
from firstchoice.teams.models import User

OBJECTIVE_FIELDS = ("title", "metric", "baseline", "target", "unit", "due", "owner")


def _validate_objective(
    plan: Plan, values: dict[str, Any], *, next_year: bool, stored_due: dt.date | None = None
) -> None:
    values["title"] = clean_text(values.get("title", ""), "title")
    if values.get("metric") not in Metric.values:
        raise ValidationError({"metric": _("Choose a metric.")})
    check_due(plan, values.get("due"), next_year=next_year, unchanged=stored_due)
    check_owner(plan, values.get("owner"))


@transaction.atomic
def add_objective(
    *,
    actor: User,
    plan: Plan,
    title: str,
    metric: str,
    target: Decimal | None,
    due: dt.date | None,
    owner: User | None,
    baseline: Decimal | None = None,
    unit: str = "",
    addresses: Iterable[Any] = (),
    next_year: bool = False,
) -> Objective:
    """`next_year`: a due date in the year after the plan's is meant (else refused)."""
    values: dict[str, Any] = {"title": title, "metric": metric, "due": due, "owner": owner}
    _validate_objective(plan, values, next_year=next_year)
    people = check_addresses(plan, addresses)
    objective = Objective(
        plan=plan,
        title=values["title"],
        metric=metric,
        baseline=baseline,
        target=target,
        unit=unit.strip(),
        due=due,
        owner=owner,
    )
    save_as(objective, actor)
    objective.addresses.set(people)
    return objective


@transaction.atomic
def update_objective(
    *,
    actor: User,
    objective: Objective,
    version: int,
    addresses: Iterable[Any] | None = None,
    next_year: bool = False,
    **changes: Any,
) -> Objective:
    """Change any of OBJECTIVE_FIELDS; refused (StaleEdit) if someone saved since `version`."""
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    values = {f: changes.get(f, getattr(objective, f)) for f in OBJECTIVE_FIELDS}
    _validate_objective(objective.plan, values, next_year=next_year, stored_due=objective.due)
    people = check_addresses(objective.plan, addresses) if addresses is not None else None
    locked = guarded(Objective, objective, version)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.unit = (locked.unit or "").strip()
    save_as(locked, actor)
    if people is not None:
        locked.addresses.set(people)
    return locked


@transaction.atomic
def record_value(
    *, actor: User, objective: Objective, version: int, value: Decimal, on: dt.date
) -> Objective:
    """The current value of a hand-kept objective (volume, share, custom) on a date."""
    if objective.metric in AUTOMATIC_METRICS:
        raise ValidationError(
            {"value": _("Sales and margin come from the sales lines; they are not typed in.")}
        )
    check_in_year(objective.plan, on, "on")
    locked = guarded(Objective, objective, version)
    locked.current_value = value
    locked.current_on = on
    save_as(locked, actor)
    return locked

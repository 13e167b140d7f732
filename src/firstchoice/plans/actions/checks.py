"""What every write to a plan checks: who may own its parts (the salesperson's team), that
people, objectives and dates belong to the plan, required text; and how a write is saved
(history names the person, even without a request) and which status a new action starts in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.teams.models import Salesperson, User


def save_as(obj: models.Model, actor: User | None, **kwargs: Any) -> None:
    # History names the person even when there is no request (API tokens, CLI, demo).
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(**kwargs)


def eligible_owners(salesperson: Salesperson) -> QuerySet[User]:
    """People on our side who can own a plan's objectives and actions: the salesperson,
    their teammates and their team's managers."""
    scope = Q(salesperson=salesperson)
    if salesperson.team_id:
        scope |= Q(salesperson__team_id=salesperson.team_id) | Q(managed_teams=salesperson.team_id)
    return User.objects.filter(scope, is_active=True).distinct().order_by("first_name", "username")


def check_owner(plan: Plan, owner: User | None, field: str = "owner") -> None:
    if owner is not None and not eligible_owners(plan.salesperson).filter(pk=owner.pk).exists():
        raise ValidationError(
            {field: _("%(name)s is not in this salesperson's team.") % {"name": owner}}
        )


def check_addresses(plan: Plan, people: Iterable[Any]) -> list[Any]:
    people = list(people)
    if any(p.customer_id != plan.customer_id for p in people):
        raise ValidationError({"addresses": _("Choose key people of this customer.")})
    return people


def check_objective(plan: Plan, objective: Objective | None, field: str = "objective") -> None:
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({field: _("Choose an objective of this plan.")})


def check_in_year(plan: Plan, day: dt.date | None, field: str) -> None:
    # A plan spans one year; a date a year off is almost always a typing mistake.
    if day is not None and not plan.year - 1 <= day.year <= plan.year + 1:
        raise ValidationError(
            {field: _("Enter a date in or next to %(year)d.") % {"year": plan.year}}
        )


def check_due(
    plan: Plan,
    day: dt.date | None,
    field: str = "due",
    *,
    next_year: bool = False,
    unchanged: dt.date | None = None,
) -> None:
    """An objective or action is due within the plan's year; into the next year only when
    asked explicitly (`next_year`: "due next year" ticked). A date already stored
    (`unchanged`) is kept as it is when the rest of the row is edited."""
    if day is None or day == unchanged or day.year == plan.year:
        return
    if next_year and day.year == plan.year + 1:
        return
    if day.year == plan.year + 1:
        message = _("Enter a date in %(year)d, or tick “Due next year” for a date in %(next)d.") % {
            "year": plan.year,
            "next": plan.year + 1,
        }
    else:
        message = _("Enter a date in %(year)d, the plan's year.") % {"year": plan.year}
    raise ValidationError({field: message})


def clean_text(value: str, field: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    return text


def initial_status(actor: User, owner: User | None) -> str:
    # Whoever assigns an action to themselves accepts it by doing so; anyone else is asked.
    return (
        Action.Status.ACCEPTED
        if owner is not None and owner.pk == actor.pk
        else Action.Status.PROPOSED
    )

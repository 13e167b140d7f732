"""Writes to a plan's per-contact objectives (M6): what to achieve with one key person, by when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.lib.edits import guarded
from firstchoice.plans.actions.checks import (
    check_in_year,
    check_objective,
    check_owner,
    clean_text,
    save_as,
)
from firstchoice.plans.models import ContactObjective, Objective, Plan
from firstchoice.teams.models import User

CONTACT_FIELDS = ("key_person", "goal", "date", "owner", "objective", "outcome")


def _validate_contact(plan: Plan, values: dict[str, Any]) -> None:
    person = values.get("key_person")
    if person is None or person.customer_id != plan.customer_id:
        raise ValidationError({"key_person": _("Choose a key person of this customer.")})
    values["goal"] = clean_text(values.get("goal", ""), "goal")
    values["outcome"] = (values.get("outcome") or "").strip()
    check_in_year(plan, values.get("date"), "date")
    check_owner(plan, values.get("owner"))
    check_objective(plan, values.get("objective"))


@transaction.atomic
def add_contact(
    *,
    actor: User,
    plan: Plan,
    key_person: Any,
    goal: str,
    date: dt.date | None,
    owner: User | None,
    objective: Objective | None = None,
) -> ContactObjective:
    values = {
        "key_person": key_person,
        "goal": goal,
        "date": date,
        "owner": owner,
        "objective": objective,
    }
    _validate_contact(plan, values)
    contact = ContactObjective(plan=plan, **values)
    save_as(contact, actor)
    return contact


@transaction.atomic
def update_contact(
    *, actor: User, contact: ContactObjective, version: int, **changes: Any
) -> ContactObjective:
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    values = {f: changes.get(f, getattr(contact, f)) for f in CONTACT_FIELDS}
    _validate_contact(contact.plan, values)
    locked = guarded(ContactObjective, contact, version)
    for name, value in values.items():
        setattr(locked, name, value)
    save_as(locked, actor)
    return locked

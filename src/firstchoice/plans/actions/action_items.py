"""Writes to a plan's actions (M6): the plan's editor adds and changes them; only the person
asked accepts or declines, and only the owner reports progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.lib.edits import guarded
from firstchoice.plans import rules
from firstchoice.plans.actions import notices
from firstchoice.plans.actions.checks import (
    check_addresses,
    check_due,
    check_objective,
    check_owner,
    clean_text,
    initial_status,
    save_as,
)
from firstchoice.plans.models import Action, Objective, Plan
from firstchoice.teams.models import User

ACTION_FIELDS = ("what", "objective", "purpose", "how", "owner", "due", "resources")


def _validate_action(
    plan: Plan, values: dict[str, Any], *, next_year: bool, stored_due: dt.date | None = None
) -> None:
    values["what"] = clean_text(values.get("what", ""), "what")
    values["purpose"] = (values.get("purpose") or "").strip()
    check_objective(plan, values.get("objective"))
    check_owner(plan, values.get("owner"))
    check_due(plan, values.get("due"), next_year=next_year, unchanged=stored_due)


@transaction.atomic
def add_action(
    *,
    actor: User,
    plan: Plan,
    what: str,
    objective: Objective | None,
    owner: User | None,
    due: dt.date | None,
    how: str = "",
    purpose: str = "",
    resources: str = "",
    addresses: Iterable[Any] = (),
    next_year: bool = False,
) -> Action:
    """`next_year`: a due date in the year after the plan's is meant (else refused)."""
    values: dict[str, Any] = {
        "what": what,
        "objective": objective,
        "purpose": purpose,
        "owner": owner,
        "due": due,
    }
    _validate_action(plan, values, next_year=next_year)
    people = check_addresses(plan, addresses)
    action = Action(
        plan=plan,
        what=values["what"],
        objective=objective,
        purpose=values["purpose"],
        how=how.strip(),
        owner=owner,
        due=due,
        resources=resources.strip(),
        status=initial_status(actor, owner),
    )
    save_as(action, actor)
    action.addresses.set(people)
    notices.action_assigned(actor=actor, action=action)
    return action


@transaction.atomic
def update_action(
    *,
    actor: User,
    action: Action,
    version: int,
    status: str | None = None,
    reason: str | None = None,
    addresses: Iterable[Any] | None = None,
    next_year: bool = False,
    **changes: Any,
) -> Action:
    """Edit an action as the plan's editor. A new owner is asked again (proposed)."""
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    values = {f: changes.get(f, getattr(action, f)) for f in ACTION_FIELDS}
    _validate_action(action.plan, values, next_year=next_year, stored_due=action.due)
    people = check_addresses(action.plan, addresses) if addresses is not None else None
    if status is not None and status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == Action.Status.DECLINED:
        raise ValidationError({"status": _("Only the person asked can decline an action.")})
    if status == Action.Status.DROPPED and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the action is dropped.")})
    locked = guarded(Action, action, version)
    owner_changed = locked.owner_id != (values["owner"].pk if values["owner"] else None)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.how = (locked.how or "").strip()
    locked.resources = (locked.resources or "").strip()
    if status is not None and status != locked.status:
        locked.status = status
        locked.reason = (reason or "").strip()
    elif owner_changed:
        locked.status = initial_status(actor, locked.owner)
        locked.reason = ""
    save_as(locked, actor)
    if people is not None:
        locked.addresses.set(people)
    if owner_changed:
        notices.action_assigned(actor=actor, action=locked)
    return locked


@transaction.atomic
def respond(*, actor: User, action: Action, version: int, accept: bool, reason: str = "") -> Action:
    """The owner accepts the action asked of them, or declines it with a reason."""
    if action.owner_id != actor.pk:
        raise PermissionDenied("Only the person asked can accept or decline this action")
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why you decline, so the plan can be changed.")})
    locked = guarded(Action, action, version)
    if locked.status in rules.CLOSED_STATUSES:
        raise ValidationError({"status": _("This action is already closed.")})
    locked.status = Action.Status.ACCEPTED if accept else Action.Status.DECLINED
    locked.reason = "" if accept else reason.strip()
    save_as(locked, actor)
    notices.action_answered(actor=actor, action=locked)
    return locked


@transaction.atomic
def report_progress(*, actor: User, action: Action, version: int, status: str) -> Action:
    """The owner reports an accepted action as in progress or done."""
    if action.owner_id != actor.pk:
        raise PermissionDenied("Only the action's owner reports its progress")
    if status not in (Action.Status.IN_PROGRESS, Action.Status.DONE):
        raise ValidationError({"status": _("Choose in progress or done.")})
    locked = guarded(Action, action, version)
    if locked.status not in (Action.Status.ACCEPTED, Action.Status.IN_PROGRESS):
        raise ValidationError({"status": _("Accept the action first.")})
    locked.status = status
    save_as(locked, actor)
    return locked

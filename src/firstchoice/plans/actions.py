"""Every write to a plan (M6). Views, the API, the CLI and the demo all call these.

Callers obtain the salesperson with `salesperson_for_user(user, handle, write=True)` and
the plan through `queries.plan_for`; these functions check the method's rules (a reason to
drop or decline, owners on our side, one plan per account and year) and who may do what
inside a plan (only an action's owner accepts it; only managers and the plan's owner
comment). Edits of an existing row name the version they started from (`lib.edits`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.lib.edits import guarded
from firstchoice.lib.money import CENT, ZERO
from firstchoice.plans import rules, starters
from firstchoice.plans.models import (
    AUTOMATIC_METRICS,
    Action,
    CalendarToken,
    Comment,
    ContactObjective,
    Metric,
    Objective,
    Plan,
    new_calendar_token,
)
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.sales.queries import figures_between, monthly_figures
from firstchoice.teams.models import Salesperson, User


def _save(obj: models.Model, actor: User | None, **kwargs: Any) -> None:
    # History names the person even when there is no request (API tokens, CLI, demo).
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(**kwargs)


# --- who may own what ----------------------------------------------------------------


def eligible_owners(salesperson: Salesperson) -> QuerySet[User]:
    """People on our side who can own a plan's objectives and actions: the salesperson,
    their teammates and their team's managers."""
    scope = Q(salesperson=salesperson)
    if salesperson.team_id:
        scope |= Q(salesperson__team_id=salesperson.team_id) | Q(managed_teams=salesperson.team_id)
    return User.objects.filter(scope, is_active=True).distinct().order_by("first_name", "username")


def _check_owner(plan: Plan, owner: User | None, field: str = "owner") -> None:
    if owner is not None and not eligible_owners(plan.salesperson).filter(pk=owner.pk).exists():
        raise ValidationError(
            {field: _("%(name)s is not in this salesperson's team.") % {"name": owner}}
        )


def _check_addresses(plan: Plan, people: Iterable[Any]) -> list[Any]:
    people = list(people)
    if any(p.customer_id != plan.customer_id for p in people):
        raise ValidationError({"addresses": _("Choose key people of this customer.")})
    return people


def _check_objective(plan: Plan, objective: Objective | None, field: str = "objective") -> None:
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError({field: _("Choose an objective of this plan.")})


def _check_in_year(plan: Plan, day: dt.date | None, field: str) -> None:
    # A plan spans one year; a date a year off is almost always a typing mistake.
    if day is not None and not plan.year - 1 <= day.year <= plan.year + 1:
        raise ValidationError(
            {field: _("Enter a date in or next to %(year)d.") % {"year": plan.year}}
        )


def _text(value: str, field: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    return text


# --- plans -----------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    *,
    actor: User,
    salesperson: Salesperson,
    customer: Customer,
    year: int,
    start: str,
    today: dt.date | None = None,
) -> Plan:
    """Start the year's plan of a portfolio account from its tier's starter, last year's
    plan, or blank. `start` is "A", "B", "C", "copy" or "blank". `today` (default: the
    local date) places starter steps that would already be due."""
    entry = (
        PortfolioEntry.objects.filter(
            portfolio__salesperson=salesperson, portfolio__year=year, customer=customer
        )
        .select_for_update()
        .first()
    )
    if entry is None:
        raise ValidationError(
            {
                "customer": _("%(customer)s is not in the %(year)d portfolio.")
                % {"customer": customer.name, "year": year}
            }
        )
    if Plan.objects.filter(salesperson=salesperson, customer=customer, year=year).exists():
        raise ValidationError({"start": _("This account already has a plan for this year.")})
    if start not in Plan.Start.values:
        raise ValidationError({"start": _("Choose a template or last year's plan.")})
    previous = None
    if start == Plan.Start.COPY:
        previous = Plan.objects.filter(
            salesperson=salesperson, customer=customer, year=year - 1
        ).first()
        if previous is None:
            raise ValidationError(
                {"start": _("There is no %(year)d plan to copy.") % {"year": year - 1}}
            )
    plan = Plan(
        salesperson=salesperson,
        customer=customer,
        year=year,
        tier=entry.tier,
        started_from=start,
        created_by=actor,
    )
    _save(plan, actor)
    if previous is not None:
        _copy_plan(actor, previous, plan)
    elif start in starters.STARTERS:
        _apply_starter(actor, plan, start, today or timezone.localdate())
    return plan


def _apply_starter(actor: User, plan: Plan, tier: str, today: dt.date) -> None:
    objective_starters, action_starters = starters.STARTERS[tier]
    last_year = figures_between(
        dt.date(plan.year - 1, 1, 1),
        dt.date(plan.year - 1, 12, 31),
        customer_ids=[plan.customer_id],
    ).get(plan.customer_id)
    owner = plan.salesperson.user
    made: dict[str, Objective] = {}
    for s in objective_starters:
        baseline: Decimal | None = None
        if s.metric == Metric.SALES:
            baseline = last_year.amount if last_year else ZERO
        elif s.metric == Metric.MARGIN:
            baseline = last_year.margin if last_year else ZERO
        elif s.fixed_target is not None:
            baseline = ZERO
        objective = Objective(
            plan=plan,
            title=_(s.title),
            metric=s.metric,
            baseline=baseline,
            target=starters.target_for(s, baseline),
            unit=_(s.unit) if s.unit else "",
            due=_month_end(plan.year, s.due_month),
            owner=owner,
        )
        _save(objective, actor)
        made[s.key] = objective
    year_end = dt.date(plan.year, 12, 31)
    for index, a in enumerate(action_starters, start=1):
        due = _month_end(plan.year, a.due_month)
        if due < today <= year_end:
            # A plan started late in the year: steps already "due" are spread over the weeks
            # left rather than born overdue.
            due = min(today + dt.timedelta(weeks=2 * index), year_end)
        action = Action(
            plan=plan,
            what=_(a.what),
            how=_(a.how),
            objective=made[a.objective],
            owner=owner,
            due=due,
            resources=_(a.resources) if a.resources else "",
            status=_initial_status(actor, owner),
        )
        _save(action, actor)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _copy_plan(actor: User, previous: Plan, plan: Plan) -> None:
    """Last year's objectives and open actions, a year later. Done and dropped actions
    stay behind: they were last year's work. Statuses start again (owners re-accept)."""
    copies: dict[int, Objective] = {}
    for o in previous.objectives.all():
        copy = Objective(
            plan=plan,
            title=o.title,
            metric=o.metric,
            baseline=o.target if o.metric in AUTOMATIC_METRICS else o.current_value,
            target=None,  # last year's target is this year's baseline; a new one is a decision
            unit=o.unit,
            due=rules.shift_year(o.due, 1),
            owner=o.owner,
        )
        _save(copy, actor)
        copies[o.pk] = copy
    for a in previous.actions.exclude(status__in=["done", "dropped"]):
        action = Action(
            plan=plan,
            what=a.what,
            objective=copies.get(a.objective_id) if a.objective_id else None,
            purpose=a.purpose,
            how=a.how,
            owner=a.owner,
            due=rules.shift_year(a.due, 1),
            resources=a.resources,
            status=_initial_status(actor, a.owner),
        )
        _save(action, actor)
    plan.set_expected_by_month(None)
    _save(plan, actor)


def _initial_status(actor: User, owner: User | None) -> str:
    # Whoever assigns an action to themselves accepts it by doing so; anyone else is asked.
    return (
        Action.Status.ACCEPTED
        if owner is not None and owner.pk == actor.pk
        else Action.Status.PROPOSED
    )


_EXPECTED_LIMIT = Decimal(10) ** 16  # 18 digits with two places, as amounts are kept


@transaction.atomic
def set_expected(
    *,
    actor: User,
    plan: Plan,
    version: int,
    months: Sequence[Decimal] | None = None,
    phase_from: Objective | None = None,
    seasonal: bool = False,
) -> Plan:
    """Expected sales by month: entered month by month, or phased from a sales objective
    (evenly, or like last year's months when `seasonal`)."""
    if months is None and phase_from is None:
        raise ValidationError({"months": _("Enter the months or choose an objective to phase.")})
    if phase_from is not None:
        _check_objective(plan, phase_from, "phase_from")
        if phase_from.metric != Metric.SALES or phase_from.target is None:
            raise ValidationError({"phase_from": _("Choose a sales objective that has a target.")})
        weights = None
        if seasonal:
            weights = [
                f.amount
                for _m, f in monthly_figures(
                    plan.customer_id, dt.date(plan.year - 1, 1, 1), dt.date(plan.year - 1, 12, 1)
                )
            ]
        values = rules.phase(phase_from.target, weights)
    else:
        values = list(months or [])
        if len(values) != rules.MONTHS:
            raise ValidationError({"months": _("Enter an amount for each of the 12 months.")})
        for index, value in enumerate(values, start=1):
            if value < 0:
                raise ValidationError({f"month_{index}": _("Expected sales cannot be negative.")})
            if value >= _EXPECTED_LIMIT:
                raise ValidationError(
                    {
                        f"month_{index}": _(
                            "Enter an amount with at most 16 digits before the point."
                        )
                    }
                )
    locked = guarded(Plan, plan, version)
    locked.set_expected_by_month([v.quantize(CENT) for v in values])
    _save(locked, actor)
    return locked


# --- objectives ------------------------------------------------------------------------

OBJECTIVE_FIELDS = ("title", "metric", "baseline", "target", "unit", "due", "owner")


def _validate_objective(plan: Plan, values: dict[str, Any]) -> None:
    values["title"] = _text(values.get("title", ""), "title")
    if values.get("metric") not in Metric.values:
        raise ValidationError({"metric": _("Choose a metric.")})
    _check_in_year(plan, values.get("due"), "due")
    _check_owner(plan, values.get("owner"))


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
) -> Objective:
    values: dict[str, Any] = {"title": title, "metric": metric, "due": due, "owner": owner}
    _validate_objective(plan, values)
    people = _check_addresses(plan, addresses)
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
    _save(objective, actor)
    objective.addresses.set(people)
    return objective


@transaction.atomic
def update_objective(
    *,
    actor: User,
    objective: Objective,
    version: int,
    addresses: Iterable[Any] | None = None,
    **changes: Any,
) -> Objective:
    """Change any of OBJECTIVE_FIELDS; refused (StaleEdit) if someone saved since `version`."""
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    values = {f: changes.get(f, getattr(objective, f)) for f in OBJECTIVE_FIELDS}
    _validate_objective(objective.plan, values)
    people = _check_addresses(objective.plan, addresses) if addresses is not None else None
    locked = guarded(Objective, objective, version)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.unit = (locked.unit or "").strip()
    _save(locked, actor)
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
    _check_in_year(objective.plan, on, "on")
    locked = guarded(Objective, objective, version)
    locked.current_value = value
    locked.current_on = on
    _save(locked, actor)
    return locked


# --- actions ---------------------------------------------------------------------------

ACTION_FIELDS = ("what", "objective", "purpose", "how", "owner", "due", "resources")


def _validate_action(plan: Plan, values: dict[str, Any]) -> None:
    values["what"] = _text(values.get("what", ""), "what")
    values["purpose"] = (values.get("purpose") or "").strip()
    _check_objective(plan, values.get("objective"))
    _check_owner(plan, values.get("owner"))
    _check_in_year(plan, values.get("due"), "due")


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
) -> Action:
    values: dict[str, Any] = {
        "what": what,
        "objective": objective,
        "purpose": purpose,
        "owner": owner,
        "due": due,
    }
    _validate_action(plan, values)
    people = _check_addresses(plan, addresses)
    action = Action(
        plan=plan,
        what=values["what"],
        objective=objective,
        purpose=values["purpose"],
        how=how.strip(),
        owner=owner,
        due=due,
        resources=resources.strip(),
        status=_initial_status(actor, owner),
    )
    _save(action, actor)
    action.addresses.set(people)
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
    **changes: Any,
) -> Action:
    """Edit an action as the plan's editor. A new owner is asked again (proposed)."""
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    values = {f: changes.get(f, getattr(action, f)) for f in ACTION_FIELDS}
    _validate_action(action.plan, values)
    people = _check_addresses(action.plan, addresses) if addresses is not None else None
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
        locked.status = _initial_status(actor, locked.owner)
        locked.reason = ""
    _save(locked, actor)
    if people is not None:
        locked.addresses.set(people)
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
    _save(locked, actor)
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
    _save(locked, actor)
    return locked


# --- per-contact objectives ------------------------------------------------------------

CONTACT_FIELDS = ("key_person", "goal", "date", "owner", "objective", "outcome")


def _validate_contact(plan: Plan, values: dict[str, Any]) -> None:
    person = values.get("key_person")
    if person is None or person.customer_id != plan.customer_id:
        raise ValidationError({"key_person": _("Choose a key person of this customer.")})
    values["goal"] = _text(values.get("goal", ""), "goal")
    values["outcome"] = (values.get("outcome") or "").strip()
    _check_in_year(plan, values.get("date"), "date")
    _check_owner(plan, values.get("owner"))
    _check_objective(plan, values.get("objective"))


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
    _save(contact, actor)
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
    _save(locked, actor)
    return locked


# --- comments and calendar -------------------------------------------------------------


def may_comment(user: User, plan: Plan) -> bool:
    if user.is_administrator or plan.salesperson.user_id == user.pk:
        return True
    team_id = plan.salesperson.team_id
    return team_id is not None and user.managed_teams.filter(pk=team_id).exists()


@transaction.atomic
def add_comment(
    *, actor: User, plan: Plan, text: str, on: str = "plan", ref: int | None = None
) -> Comment:
    """A manager's comment on the plan or one part of it (the plan's owner may answer)."""
    if not may_comment(actor, plan):
        raise PermissionDenied("Only the team's managers and the plan's owner comment")
    text = _text(text, "text")
    if on not in Comment.On.values:
        raise ValidationError({"on": _("Choose what the comment is about.")})
    parts: dict[str, Any] = {
        "objective": plan.objectives,
        "action": plan.actions,
        "contact": plan.contacts,
    }
    if on != "plan" and (ref is None or not parts[on].filter(pk=ref).exists()):
        raise ValidationError({"ref": _("Choose a part of this plan.")})
    return Comment.objects.create(
        plan=plan, on=on, ref=ref if on != "plan" else None, text=text, author=actor
    )


def calendar_token(user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def renew_calendar_token(*, actor: User) -> CalendarToken:
    """A new secret for the feed URL: every calendar holding the old URL loses access."""
    token = calendar_token(actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token"])
    return token

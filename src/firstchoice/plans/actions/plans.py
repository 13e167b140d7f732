"""Writes to a plan as a whole (M6): starting the year's plan of a portfolio account (from its
tier's starter, last year's plan or blank) and its expected sales by month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.lib.edits import guarded
from firstchoice.lib.money import CENT, ZERO
from firstchoice.plans import rules, starters
from firstchoice.plans.actions.checks import check_objective, initial_status, save_as
from firstchoice.plans.models import AUTOMATIC_METRICS, Action, Metric, Objective, Plan
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.portfolio.queries import wallet_shares
from firstchoice.sales.queries import figures_between, monthly_figures
from firstchoice.teams.models import Salesperson, User


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
    save_as(plan, actor)
    if previous is not None:
        _copy_plan(actor, previous, plan)
    elif start in starters.STARTERS:
        _apply_starter(actor, plan, start, today or timezone.localdate())
    return plan


def _apply_starter(actor: User, plan: Plan, tier: str, today: dt.date) -> None:
    objective_starters, action_starters = starters.STARTERS[tier]
    # A full twelve months (last year, or the twelve months to today for a plan of next
    # year started before year end), never January to today.
    first, last = rules.baseline_window(plan.year, today)
    last_year = figures_between(first, last, customer_ids=[plan.customer_id]).get(plan.customer_id)
    # The wallet share the board card of this year shows (its date: today, or the last day
    # of a past year).
    card_date = dt.date(plan.year, 12, 31) if plan.year < today.year else today
    share = wallet_shares([plan.customer_id], card_date).get(plan.customer_id)
    owner = plan.salesperson.user
    made: dict[str, Objective] = {}
    year_end = dt.date(plan.year, 12, 31)
    for s in objective_starters:
        baseline: Decimal | None = None
        if s.metric == Metric.SALES:
            baseline = last_year.amount if last_year else ZERO
        elif s.metric == Metric.MARGIN:
            baseline = last_year.margin if last_year else ZERO
        elif s.metric == Metric.SHARE:
            baseline = share.quantize(CENT) if share is not None else None
        elif s.fixed_target is not None:
            baseline = ZERO
        due = _month_end(plan.year, s.due_month)
        if due < today <= year_end:
            # Started late: the objective gets the rest of the year, not a date already past.
            due = year_end
        objective = Objective(
            plan=plan,
            title=_(s.title),
            metric=s.metric,
            baseline=baseline,
            target=starters.target_for(s, baseline),
            unit=_(s.unit) if s.unit else "",
            due=due,
            owner=owner,
        )
        if s.metric == Metric.SHARE and baseline is not None:
            objective.current_value, objective.current_on = baseline, card_date
        save_as(objective, actor)
        made[s.key] = objective
    for index, a in enumerate(action_starters, start=1):
        due = _month_end(plan.year, a.due_month)
        if due < today <= year_end:
            # A plan started late in the year: steps already "due" are spread over the weeks
            # left rather than born overdue.
            due = min(
                today + dt.timedelta(weeks=2 * index), year_end, made[a.objective].due or year_end
            )
        action = Action(
            plan=plan,
            what=_(a.what),
            how=_(a.how),
            objective=made[a.objective],
            owner=owner,
            due=due,
            resources=_(a.resources) if a.resources else "",
            status=initial_status(actor, owner),
        )
        save_as(action, actor)


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
        save_as(copy, actor)
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
            status=initial_status(actor, a.owner),
        )
        save_as(action, actor)
    plan.set_expected_by_month(None)
    save_as(plan, actor)


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
        check_objective(plan, phase_from, "phase_from")
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
    save_as(locked, actor)
    return locked

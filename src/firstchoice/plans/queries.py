"""Permission-scoped reads of plans (M6) and what other parts of the method read from them.

A plan is seen by whoever sees its salesperson (teammates read-only, as for boards) and
changed by whoever may change the salesperson's board. An action's owner also sees and
answers their own actions on a colleague's plan: "My actions" lists them across accounts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.lib import history
from firstchoice.lib.money import ZERO
from firstchoice.people.models import KeyPerson
from firstchoice.plans import progress, rules
from firstchoice.plans.actions.checks import eligible_owners
from firstchoice.plans.models import (
    Action,
    CalendarToken,
    Comment,
    ContactObjective,
    Objective,
    Plan,
)
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.sales.queries import figures_between
from firstchoice.teams.models import Salesperson, User
from firstchoice.teams.queries import (
    can_edit_salesperson,
    editable_salespeople,
    salesperson_for_user,
)

# --- lookups ---------------------------------------------------------------------------


@dataclass
class PlanRef:
    """What the URL names: the salesperson, the year and the portfolio account."""

    salesperson: Salesperson
    year: int
    customer: Customer
    tier: str
    plan: Plan | None
    can_edit: bool


def plan_ref(user: User, handle: str, year: int, code: str, *, write: bool = False) -> PlanRef:
    """The account `code` of `handle`'s `year` portfolio and its plan (None if not started).

    Http404 outside the user's scope or off the portfolio; PermissionDenied for a
    read-only teammate when `write`.
    """
    salesperson = salesperson_for_user(user, handle, write=write)
    entry = (
        PortfolioEntry.objects.select_related("customer")
        .filter(portfolio__salesperson=salesperson, portfolio__year=year, customer__code=code)
        .first()
    )
    plan = (
        Plan.objects.select_related("customer", "salesperson__user", "salesperson__team")
        .filter(salesperson=salesperson, year=year, customer__code=code)
        .first()
    )
    if entry is None and plan is None:
        raise Http404("Not on this portfolio")
    customer = entry.customer if entry else plan.customer  # type: ignore[union-attr]
    return PlanRef(
        salesperson=salesperson,
        year=year,
        customer=customer,
        tier=entry.tier if entry else (plan.tier if plan else ""),
        plan=plan,
        can_edit=can_edit_salesperson(user, salesperson),
    )


def existing_plan(ref: PlanRef) -> Plan:
    if ref.plan is None:
        raise Http404("No plan yet")
    return ref.plan


def part_of(plan: Plan, model: type[Any], pk: int) -> Any:
    """An objective/action/contact of `plan` (ids from the client resolve here only)."""
    found = model.objects.filter(plan=plan, pk=pk).select_related("plan").first()
    if found is None:
        raise Http404("Not part of this plan")
    found.plan = plan  # the scoped plan, with its salesperson already loaded
    return found


def my_action(user: User, pk: int) -> Action:
    """An action owned by `user` (for accepting, declining, progress and its .ics)."""
    found = (
        Action.objects.select_related("plan__customer", "plan__salesperson__user", "objective")
        .filter(pk=pk)
        .filter(Q(owner=user) | Q(plan__salesperson__in=_editable_ids(user)))
        .first()
    )
    if found is None:
        raise Http404("No such action")
    return found


def _editable_ids(user: User) -> QuerySet[Any]:
    return editable_salespeople(user).values("pk")


def key_people(customer: Customer) -> list[Any]:
    return list(KeyPerson.objects.filter(customer=customer).order_by("name", "id"))


# --- the plan page ---------------------------------------------------------------------


@dataclass
class PlanView:
    plan: Plan
    as_of: dt.date
    objectives: list[progress.ObjectiveRow]
    actions: list[Action]
    contacts: list[ContactObjective]
    comments: dict[tuple[str, int | None], list[Comment]]
    problems: list[dict[str, Any]]
    expected: list[tuple[dt.date, Decimal]] | None
    expected_total: Decimal | None
    owners: list[User]
    people: list[Any] = field(default_factory=list)

    def comments_on(self, on: str, ref: int | None = None) -> list[Comment]:
        return self.comments.get((on, ref), [])


def plan_view(plan: Plan, as_of: dt.date) -> PlanView:
    """Everything the plan page shows, in a fixed number of queries."""
    objectives = list(plan.objectives.select_related("owner").prefetch_related("addresses"))
    actions = list(plan.actions.select_related("owner", "objective").prefetch_related("addresses"))
    contacts = list(plan.contacts.select_related("key_person", "owner", "objective"))
    comments: dict[tuple[str, int | None], list[Comment]] = defaultdict(list)
    for c in plan.comments.select_related("author"):
        comments[(c.on, c.ref)].append(c)
    first, last = progress.year_to_date(plan.year, as_of)
    figures = (
        figures_between(first, last, customer_ids=[plan.customer_id]).get(plan.customer_id)
        if first <= last
        else None
    )
    load = progress.owner_load((a.owner_id for a in actions if a.owner_id), plan.year)
    for a in actions:
        a.overdue = rules.is_overdue(a.due, a.status, as_of)  # type: ignore[attr-defined]
    expected = plan.expected_by_month
    rows = [progress.objective_row(o, figures, plan.year, as_of) for o in objectives]
    return PlanView(
        plan=plan,
        as_of=as_of,
        objectives=rows,
        actions=sorted(actions, key=_action_order(as_of)),
        contacts=contacts,
        comments=dict(comments),
        problems=progress.describe(progress.plan_problems(rows, actions, plan.year, as_of, load)),
        expected=[(dt.date(plan.year, m + 1, 1), v) for m, v in enumerate(expected)]
        if expected
        else None,
        expected_total=sum(expected, ZERO) if expected else None,
        owners=list(eligible_owners(plan.salesperson)),
        people=key_people(plan.customer),
    )


def _action_order(as_of: dt.date) -> Any:
    def key(a: Action) -> tuple[int, dt.date, int]:
        closed = a.status in rules.CLOSED_STATUSES
        return (1 if closed else 0, a.due or dt.date.max, a.pk)

    return key


def plan_history(plan: Plan, limit: int = 300) -> list[history.Entry]:
    """Every recorded change of the plan and its parts, newest first, field by field."""
    return history.entries(
        [
            history.Source(Plan.history.filter(id=plan.pk), lambda _row: _("the plan")),
            history.Source(Objective.history.filter(plan_id=plan.pk), lambda row: row.title),
            history.Source(Action.history.filter(plan_id=plan.pk), lambda row: row.what),
            history.Source(ContactObjective.history.filter(plan_id=plan.pk), lambda row: row.goal),
        ],
        limit=limit,
    )


# --- my actions and calendars ----------------------------------------------------------


def my_actions(user: User, as_of: dt.date) -> list[Action]:
    """Every action assigned to `user`, across accounts: overdue first, then by due date;
    closed ones last."""
    actions = list(
        Action.objects.filter(owner=user)
        .exclude(status=Action.Status.DECLINED)
        .select_related("plan__customer", "plan__salesperson__user", "objective")
    )

    def key(a: Action) -> tuple[int, dt.date, int]:
        if a.status in rules.CLOSED_STATUSES:
            rank = 2
        elif rules.is_overdue(a.due, a.status, as_of):
            rank = 0
        else:
            rank = 1
        return (rank, a.due or dt.date.max, a.pk)

    for a in actions:
        a.overdue = rules.is_overdue(a.due, a.status, as_of)  # type: ignore[attr-defined]
    return sorted(actions, key=key)


def calendar_user(token: str) -> User | None:
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    return found.user if found and found.user.is_active else None


def calendar_items(user: User) -> tuple[list[Action], list[ContactObjective]]:
    actions = list(
        Action.objects.filter(owner=user, due__isnull=False)
        .exclude(status__in=[Action.Status.DECLINED, Action.Status.DROPPED])
        .select_related("plan__customer", "objective")
    )
    contacts = list(
        ContactObjective.objects.filter(owner=user, date__isnull=False).select_related(
            "plan__customer", "key_person"
        )
    )
    return actions, contacts


# --- for the monthly review and the key-people flags -----------------------------------


@dataclass
class PlanStatus:
    plan: Plan
    expected_by_month: list[Decimal] | None  # None: no monthly expectation set
    objectives_on_track: int
    objectives_off_track: int
    actions_done: int
    actions_open: int
    actions_overdue: int
    problems: list[dict[str, Any]]


def plan_status(salesperson: Salesperson, year: int, *, as_of: dt.date) -> dict[int, PlanStatus]:
    """Each plan of `salesperson` for `year`, by customer id, as the monthly review reads it.

    The caller has checked that the user may see `salesperson`. Fixed number of queries.
    """
    return plan_statuses([salesperson.pk], year, as_of=as_of).get(salesperson.pk, {})


def plan_statuses(
    salesperson_ids: Iterable[int], year: int, *, as_of: dt.date
) -> dict[int, dict[int, PlanStatus]]:
    """`plan_status` of many salespeople at once (a team's meeting): salesperson id →
    customer id → status, in the same fixed number of queries whatever the team's size.

    Every figure of one salesperson's plans is the same as when they are read alone: the
    sales figures are per customer and the owners' load counts their open actions on every
    plan, whoever else's plans are read with them.
    """
    ids = list(dict.fromkeys(salesperson_ids))
    if not ids:
        return {}
    plans = list(
        Plan.objects.filter(salesperson_id__in=ids, year=year)
        .select_related("customer")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.all()),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
    )
    if not plans:
        return {}
    first, last = progress.year_to_date(year, as_of)
    figures = (
        figures_between(first, last, customer_ids=sorted({p.customer_id for p in plans}))
        if first <= last
        else {}
    )
    all_actions = [a for p in plans for a in p.actions.all()]
    load = progress.owner_load((a.owner_id for a in all_actions if a.owner_id), year)
    out: dict[int, dict[int, PlanStatus]] = defaultdict(dict)
    for plan in plans:
        objectives = list(plan.objectives.all())
        actions = list(plan.actions.all())
        rows = [
            progress.objective_row(o, figures.get(plan.customer_id), year, as_of)
            for o in objectives
        ]
        out[plan.salesperson_id][plan.customer_id] = PlanStatus(
            plan=plan,
            expected_by_month=plan.expected_by_month,
            objectives_on_track=sum(1 for r in rows if r.on_track is True),
            objectives_off_track=sum(1 for r in rows if r.on_track is False),
            actions_done=sum(1 for a in actions if a.status == Action.Status.DONE),
            actions_open=sum(1 for a in actions if a.status in rules.OPEN_STATUSES),
            actions_overdue=sum(1 for a in actions if rules.is_overdue(a.due, a.status, as_of)),
            problems=progress.describe(progress.plan_problems(rows, actions, year, as_of, load)),
        )
    return dict(out)


def addressed_people(customer_ids: Iterable[int], year: int) -> dict[int, set[int]]:
    """Customer id → ids of key people whose pains an objective or action of a `year`
    plan addresses (dropped actions do not count). Two queries."""
    ids = list(customer_ids)
    out: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return {}
    through_objectives = Objective.addresses.through.objects.filter(
        objective__plan__year=year, objective__plan__customer_id__in=ids
    ).values_list("objective__plan__customer_id", "keyperson_id")
    through_actions = (
        Action.addresses.through.objects.filter(
            action__plan__year=year, action__plan__customer_id__in=ids
        )
        .exclude(action__status__in=[Action.Status.DROPPED, Action.Status.DECLINED])
        .values_list("action__plan__customer_id", "keyperson_id")
    )
    for customer_id, person_id in [*through_objectives, *through_actions]:
        out[customer_id].add(person_id)
    return dict(out)

"""Demo action plans (M6): most portfolio accounts have one, written through the plan actions.

Plans were made at the January planning meeting from the tier's starter; by `today` most
past steps are done, some are overdue. Defects for the checks to find: a "brief management"
objective with no target or date and a "visit monthly" action with no owner, date or purpose
(rep1), a colleague overloaded in one month and one action declined (rep2 → rep3), an action
waiting for a colleague's acceptance (rep6 → rep7), a few accounts with no plan at all.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from firstchoice.people.models import KeyPerson
from firstchoice.plans.actions import action_items, comments, contacts, objectives, plans
from firstchoice.plans.models import Metric, Plan
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.teams.models import Salesperson, User

SEED = 6006


def load(*, today: dt.date) -> int:
    """Create the plans of `today`'s year; returns how many."""
    rng = random.Random(SEED)
    year = today.year
    planning = dt.date(year, 1, 6)
    made: dict[str, list[Plan]] = {}
    people = Salesperson.objects.filter(user__isnull=False).select_related("user", "team")
    for person in people.order_by("code"):
        user = person.user
        assert user is not None
        entries = (
            PortfolioEntry.objects.filter(portfolio__salesperson=person, portfolio__year=year)
            .select_related("customer")
            .order_by("tier", "since", "id")
        )
        started = made.setdefault(person.code, [])
        for index, entry in enumerate(entries):
            if index % 6 == 5:
                continue  # most accounts, not all: a missing plan is a finding too
            plan = plans.start_plan(
                actor=user,
                salesperson=person,
                customer=entry.customer,
                year=year,
                start=entry.tier,
                today=planning,
            )
            _work_the_plan(rng, user, plan, today)
            started.append(plan)
    _defects(made, today)
    return sum(len(p) for p in made.values())


def _work_the_plan(rng: random.Random, user: User, plan: Plan, today: dt.date) -> None:
    sales = plan.objectives.filter(metric=Metric.SALES, target__isnull=False).first()
    if sales is not None:
        plans.set_expected(
            actor=user, plan=plan, version=plan.version, phase_from=sales, seasonal=True
        )
    for objective in plan.objectives.exclude(metric__in=[Metric.SALES, Metric.MARGIN]):
        if objective.target is not None:
            value = (objective.target * Decimal(rng.randint(30, 110)) / 100).quantize(
                Decimal("0.1")
            )
            objectives.record_value(
                actor=user,
                objective=objective,
                version=objective.version,
                value=value,
                on=today - dt.timedelta(days=rng.randint(5, 40)),
            )
    for action in plan.actions.order_by("due"):
        if action.due is None or action.owner_id != user.pk:
            continue
        if action.due < today:
            if rng.random() < 0.8:  # the rest stay open: overdue, as the checks show
                action_items.report_progress(
                    actor=user, action=action, version=action.version, status="done"
                )
        elif action.due < today + dt.timedelta(days=60):
            action_items.report_progress(
                actor=user, action=action, version=action.version, status="in_progress"
            )
    if rng.random() < 0.4:  # few enough not to overload anyone's month
        # The template's steps fall in the first half of the year; late in the year a real
        # plan also has what comes next.
        action_items.add_action(
            actor=user,
            plan=plan,
            what="Year-end review with the buyer: agree next year's volumes and prices",
            objective=plan.objectives.order_by("id").first(),
            owner=user,
            # Within the plan's year: a later date is refused unless meant for next year.
            due=min(today + dt.timedelta(days=rng.randint(5, 45)), dt.date(plan.year, 12, 31)),
            how="Bring this year's figures against the plan and three proposals for next year.",
            purpose="Start next year's plan from what the customer commits to.",
        )
    person = (
        KeyPerson.objects.filter(customer=plan.customer).exclude(pains="").order_by("id").first()
    )
    if person is not None and rng.random() < 0.7:
        first = plan.objectives.order_by("id").first()
        contacts.add_contact(
            actor=user,
            plan=plan,
            key_person=person,
            goal=f"Agree how we remove their pain: {person.pains[:200]}",
            date=today + dt.timedelta(days=rng.randint(7, 30)),
            owner=user,
            objective=first,
        )
        if first is not None:
            first.refresh_from_db()
            objectives.update_objective(
                actor=user, objective=first, version=first.version, addresses=[person]
            )


def _user(code: str) -> User | None:
    return User.objects.filter(username=code).first()


def _defects(made: dict[str, list[Plan]], today: dt.date) -> None:
    rep1, rep2, rep3, rep6, rep7 = (_user(c) for c in ("rep1", "rep2", "rep3", "rep6", "rep7"))
    manager1, manager2 = _user("manager1"), _user("manager2")
    if rep1 and made.get("rep1"):
        plan = made["rep1"][0]
        objectives.add_objective(
            actor=rep1,
            plan=plan,
            title="Brief management",
            metric=Metric.CUSTOM,
            target=None,
            due=None,
            owner=rep1,
        )
        action_items.add_action(
            actor=rep1, plan=plan, what="Visit monthly", objective=None, owner=None, due=None
        )
        if manager1:
            action = plan.actions.order_by("due").last()
            comments.add_comment(
                actor=manager1,
                plan=plan,
                text="“Brief management” is not an objective: what, by when?",
            )
            if action is not None:
                comments.add_comment(
                    actor=manager1,
                    plan=plan,
                    on="action",
                    ref=action.pk,
                    text="Take our sales director along; I can join the review.",
                )
    if rep2 and rep3 and made.get("rep2"):
        # rep2 leans on rep3's technical skills: eight joint visits in one month is too many.
        month = dt.date(today.year, min(today.month + 1, 12), 1)
        asked = []
        for index in range(8):
            plan = made["rep2"][index % len(made["rep2"])]
            objective = plan.objectives.order_by("id").first()
            asked.append(
                action_items.add_action(
                    actor=rep2,
                    plan=plan,
                    what="Joint technical visit: line audit",
                    objective=objective,
                    how="rep3 audits the production line; we propose savings in writing",
                    owner=rep3,
                    due=month.replace(day=1 + index * 2),
                    resources="rep3, half a day",
                )
            )
        action_items.respond(
            actor=rep3,
            action=asked[0],
            version=1,
            accept=False,
            reason="Trade fair that week; move it to the following month",
        )
        for action in asked[1:4]:
            action_items.respond(actor=rep3, action=action, version=1, accept=True)
    if rep6 and rep7 and made.get("rep6"):
        plan = made["rep6"][0]
        action_items.add_action(
            actor=rep6,
            plan=plan,
            what="Present our logistics offer to their warehouse manager",
            objective=plan.objectives.order_by("id").first(),
            how="rep7 ran the same project at a similar account; bring the case study",
            owner=rep7,
            due=min(today + dt.timedelta(days=21), dt.date(plan.year, 12, 31)),
        )
        if manager2:
            comments.add_comment(
                actor=manager2, plan=plan, text="Good plan; check the margin target with finance."
            )

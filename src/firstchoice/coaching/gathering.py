"""Evidence gathering (M10): the facts of an assessment's period read from the work itself
— the portfolio and its tier changes, Tier A sales, the account research, key people,
plans, contact objectives and the learning plan — handed to the pure rules of
`coaching.evidence`, and the sentence each evidence item is shown with.

Coaching sits above every app it reads here, so these are plain imports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from firstchoice.coaching import evidence
from firstchoice.coaching.models import (
    Assessment,
    LearningActivity,
    LearningGoal,
)
from firstchoice.contacts.queries import follow_ups_between
from firstchoice.customers.research import research_summaries
from firstchoice.lib.dates import add_months
from firstchoice.lib.http import today as local_today
from firstchoice.people.queries import people_flags
from firstchoice.plans.models import Comment as PlanComment
from firstchoice.plans.models import ContactObjective
from firstchoice.plans.queries import plan_status
from firstchoice.portfolio.models import Portfolio, TierChange
from firstchoice.sales.queries import figures_between
from firstchoice.teams.models import CompanySettings, Salesperson


@dataclass(frozen=True)
class Account:
    customer_id: int
    code: str
    tier: str
    link: evidence.Link


def _portfolio_facts(
    salesperson: Salesperson, first: dt.date, last: dt.date
) -> tuple[evidence.PortfolioFacts, list[Account]]:
    year = last.year
    url = reverse("board", args=[salesperson.handle, year])
    history_url = reverse("board-history", args=[salesperson.handle, year])
    capacities = CompanySettings.load().capacities()
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    if portfolio is None:
        facts = evidence.PortfolioFacts(year, url, history_url, False, {}, capacities)
        return facts, []
    entries = list(portfolio.entries.select_related("customer").order_by("tier", "since"))
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.tier] += 1
    moves = [
        evidence.TierMove(
            c.kind, c.from_tier, c.to_tier, timezone.localdate(c.changed_at), c.reason
        )
        for c in TierChange.objects.filter(
            portfolio=portfolio, changed_at__date__gte=first, changed_at__date__lte=last
        ).order_by("changed_at")
    ]
    accounts = [
        Account(
            e.customer_id,
            e.customer.code,
            e.tier,
            evidence.Link(e.customer.name, reverse("customer", args=[e.customer.code])),
        )
        for e in entries
    ]
    return (
        evidence.PortfolioFacts(year, url, history_url, True, dict(counts), capacities, moves),
        accounts,
    )


def _tier_a_sales(
    accounts: list[Account], first: dt.date, last: dt.date
) -> list[evidence.AccountSales]:
    tier_a = [a for a in accounts if a.tier == "A"]
    if not tier_a or last < first:
        return []
    ids = [a.customer_id for a in tier_a]
    now = figures_between(first, last, customer_ids=ids)
    before = figures_between(add_months(first, -12), add_months(last, -12), customer_ids=ids)
    zero = Decimal(0)
    return [
        evidence.AccountSales(
            a.link,
            now[a.customer_id].amount if a.customer_id in now else zero,
            before[a.customer_id].amount if a.customer_id in before else zero,
        )
        for a in tier_a
    ]


def _research_facts(
    accounts: list[Account], today: dt.date
) -> list[evidence.AccountResearch] | None:
    """Trait 1: the research dossiers of the portfolio accounts (customers app)."""

    if not accounts:
        return []
    summaries = research_summaries([a.customer_id for a in accounts], today=today)
    return [
        evidence.AccountResearch(a.link, s.completeness, s.is_stale)
        for a in accounts
        if (s := summaries.get(a.customer_id)) is not None
    ]


def _people_facts(accounts: list[Account], today: dt.date) -> list[evidence.AccountPeople] | None:
    """Trait 3: the people mapped at the portfolio accounts (people app)."""

    if not accounts:
        return []
    flags = people_flags([a.customer_id for a in accounts], today=today)
    return [
        evidence.AccountPeople(
            evidence.Link(a.link.label, reverse("people", args=[a.code])),
            f.people,
            not f.no_coach,
            len(f.levels_covered),
        )
        for a in accounts
        if (f := flags.get(a.customer_id)) is not None
    ]


def _plan_url(salesperson: Salesperson, year: int, code: str) -> str:
    return reverse("plan", args=[salesperson.handle, year, code])


def _plan_facts(
    salesperson: Salesperson, year: int, accounts: list[Account], first: dt.date, last: dt.date
) -> list[evidence.AccountPlan]:
    """Trait 5: the tier A accounts' strategy plans (plans app)."""

    tier_a = [a for a in accounts if a.tier == "A"]
    if not tier_a:
        return []
    status = plan_status(salesperson, year, as_of=last)
    plan_ids = [s.plan.pk for s in status.values()]
    feedback: dict[int, int] = defaultdict(int)
    for plan_id in (
        PlanComment.objects.filter(
            plan_id__in=plan_ids, created__date__gte=first, created__date__lte=last
        )
        .exclude(author_id=salesperson.user_id)
        .values_list("plan_id", flat=True)
    ):
        feedback[plan_id] += 1
    found = []
    for a in tier_a:
        s = status.get(a.customer_id)
        link = evidence.Link(a.link.label, _plan_url(salesperson, year, a.code))
        if s is None:
            found.append(evidence.AccountPlan(link, False, False, False, 0))
            continue
        complete = bool(s.plan.objectives.all()) and bool(s.plan.actions.all()) and not s.problems
        updated = first <= timezone.localdate(s.plan.updated) <= last
        found.append(evidence.AccountPlan(link, True, complete, updated, feedback[s.plan.pk]))
    return found


def _contact_facts(
    salesperson: Salesperson, first: dt.date, last: dt.date
) -> list[evidence.ContactFacts]:
    """Trait 6: contact objectives of the salesperson's plans dated in the period."""

    rows = ContactObjective.objects.filter(
        plan__salesperson=salesperson, date__gte=first, date__lte=last
    ).select_related("plan", "plan__customer")
    return [
        evidence.ContactFacts(
            evidence.Link(
                c.plan.customer.name,
                _plan_url(salesperson, c.plan.year, c.plan.customer.code),
            ),
            c.date,
            timezone.localdate(c.created) < c.date,
            bool(c.outcome.strip()),
        )
        for c in rows
        if c.date is not None
    ]


def _follow_up_facts(
    salesperson: Salesperson, first: dt.date, last: dt.date, today: dt.date
) -> list[evidence.FollowUpFacts]:
    """Trait 6: the next steps the salesperson owned from logged contacts, due in the
    period, and whether each was done by its due day (one query)."""
    if salesperson.user is None:
        return []
    return [
        evidence.FollowUpFacts(
            evidence.Link(
                f.customer_name, reverse("customer", args=[f.customer_code]) + "#timeline"
            ),
            f.due,
            f.state,
        )
        for f in follow_ups_between(salesperson.user, first, last, today=today)
    ]


def _learning_facts(salesperson: Salesperson) -> evidence.LearningFacts:
    goals = LearningGoal.objects.filter(salesperson=salesperson).aggregate(
        goals=Count("id"), open_goals=Count("id", filter=Q(status__in=["planned", "in_progress"]))
    )
    activities = LearningActivity.objects.filter(goal__salesperson=salesperson).aggregate(
        done=Count("id", filter=Q(status="done")),
        open=Count("id", filter=Q(status__in=["planned", "in_progress"])),
    )
    return evidence.LearningFacts(
        reverse("coaching-person", args=[salesperson.handle]) + "#plan",
        goals["goals"],
        goals["open_goals"],
        activities["done"],
        activities["open"],
    )


def gather_evidence(
    assessment: Assessment, *, today: dt.date | None = None
) -> list[evidence.Evidence]:
    """Collect the facts of the assessment's period and run the evidence rules over them."""
    day = today or local_today()
    first, last = assessment.period_start, min(assessment.period_end, day)
    person = assessment.salesperson
    portfolio, accounts = _portfolio_facts(person, first, assessment.period_end)
    facts = evidence.Facts(
        portfolio=portfolio,
        tier_a_sales=_tier_a_sales(accounts, first, last),
        research=_research_facts(accounts, day),
        people=_people_facts(accounts, day),
        plans=_plan_facts(person, portfolio.year, accounts, first, last) if last >= first else [],
        contacts=_contact_facts(person, first, last),
        follow_ups=_follow_up_facts(person, first, last, day) if last >= first else [],
        learning=_learning_facts(person),
    )
    return evidence.evidence(facts)


# The sentence for each evidence code; %-placeholders are filled from Evidence.values.
DESCRIPTIONS: dict[str, Promise] = {
    "no_portfolio": gettext_lazy("No 5+5+5 portfolio for %(year)s."),
    "portfolio_shape": gettext_lazy(
        "5+5+5 portfolio %(year)s: %(filled)d of %(capacity)d places filled "
        "(A %(count_a)d/%(capacity_a)d, B %(count_b)d/%(capacity_b)d, "
        "C %(count_c)d/%(capacity_c)d)."
    ),
    "no_tier_changes": gettext_lazy("No tier changes in this period."),
    "tier_changes": gettext_lazy(
        "%(total)d tier changes in this period, %(with_reason)d with a reason."
    ),
    "tier_c_rotation": gettext_lazy(
        "Tier C in this period: %(won)d won (moved up), %(added)d brought in, %(dropped)d dropped."
    ),
    "tier_a_growth": gettext_lazy(
        "Tier A customers buying more than a year before: %(growing)d of %(accounts)d "
        "(sales in this period against the same period last year)."
    ),
    "dossier_research": gettext_lazy(
        "Research dossiers of %(accounts)d portfolio accounts: %(completeness)d%% complete "
        "on average, %(stale)d stale."
    ),
    "no_learning_plan": gettext_lazy("No personal learning plan yet."),
    "learning_plan": gettext_lazy(
        "Personal learning plan: %(goals)d goals (%(open_goals)d open), "
        "%(done)d activities done, %(open)d planned or under way."
    ),
    "tier_a_plans": gettext_lazy(
        "Tier A account plans: %(with_plan)d of %(accounts)d written, %(complete)d "
        "complete, %(updated)d updated in this period, %(feedback)d with feedback "
        "from the manager or others."
    ),
    "no_contact_objectives": gettext_lazy(
        "No contact objectives prepared for meetings in this period."
    ),
    "contact_objectives": gettext_lazy(
        "%(meetings)d meetings with contact objectives in this period: %(prepared)d "
        "prepared beforehand, %(followed_up)d with the outcome recorded."
    ),
    "no_follow_ups": gettext_lazy("No next steps from logged contacts were due in this period."),
    "follow_ups": gettext_lazy(
        "%(due)d next steps from contacts due in this period: %(on_time)d done on time "
        "(%(percent)d%%), %(late)d done late, %(overdue)d still open past their due day."
    ),
    "people_network": gettext_lazy(
        "%(people)d key people mapped across %(accounts)d portfolio accounts; "
        "%(no_coach)d without a coach; %(multi_level)d covered at two or more levels."
    ),
}


def describe(item: evidence.Evidence) -> str:
    """The sentence a page shows for an evidence item, in the active language."""
    text = DESCRIPTIONS.get(item.code)
    return str(text) % item.values if text is not None else item.code

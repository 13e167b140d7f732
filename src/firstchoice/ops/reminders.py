"""The periodic scanners of issue 19: they read the upper apps (plans, reviews, coaching,
portfolio, research, people) and remind the person concerned of a state, once per state
(`notifications.actions.sync_reminders`):

- an action of yours due tomorrow, or overdue (due within the last OVERDUE_WINDOW days:
  a team that starts using notifications is not flooded with last year's leftovers);
- your statement for last month, from N days before your team's meeting until it is written;
- an assessment waiting for your self-rating (one a coach opened, or your own after
  SELF_GRACE days) or, once self-rated, for you as its coach;
- a dossier section or the org chart of a tier A or B account of yours turning stale;
- a contact's next step you own, due tomorrow or late (within OVERDUE_WINDOW days).

They run on the worker (`ops.schedule`), never in a web request, and are idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from firstchoice.coaching import notices as coaching_notices
from firstchoice.coaching.models import Assessment
from firstchoice.contacts.queries import next_steps_due_by
from firstchoice.customers import rules as customer_rules
from firstchoice.customers.models import DossierSection
from firstchoice.lib.dates import add_months
from firstchoice.notifications.actions import Wanted, sync_reminders
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import NotificationSettings, TeamMeetingDay
from firstchoice.people.queries import people_flags
from firstchoice.plans import rules as plan_rules
from firstchoice.plans.models import Action
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.reviews.models import Statement
from firstchoice.teams.models import CompanySettings, Salesperson

OVERDUE_WINDOW = 30  # days
SELF_GRACE = dt.timedelta(days=3)


def _my_actions(pk: int) -> str:
    return reverse("my-actions") + f"#action-{pk}"


def due_actions(today: dt.date) -> Iterator[Wanted]:
    tomorrow = today + dt.timedelta(days=1)
    for action in Action.objects.filter(
        owner__isnull=False,
        owner__is_active=True,
        status__in=plan_rules.OPEN_STATUSES,
        due=tomorrow,
    ).select_related("owner", "plan__customer"):
        assert action.owner is not None and action.due is not None
        yield Wanted(
            user=action.owner,
            key=f"action-due:{action.pk}:{action.due}",
            kind=Kind.ACTION_DUE,
            params={"what": action.what, "customer": action.plan.customer.name},
            link=_my_actions(action.pk),
        )


def overdue_actions(today: dt.date) -> Iterator[Wanted]:
    for action in Action.objects.filter(
        owner__isnull=False,
        owner__is_active=True,
        status__in=plan_rules.OPEN_STATUSES,
        due__lt=today,
        due__gte=today - dt.timedelta(days=OVERDUE_WINDOW),
    ).select_related("owner", "plan__customer"):
        assert action.owner is not None and action.due is not None
        yield Wanted(
            user=action.owner,
            key=f"action-overdue:{action.pk}:{action.due}",
            kind=Kind.ACTION_OVERDUE,
            params={
                "what": action.what,
                "customer": action.plan.customer.name,
                "due": action.due.isoformat(),
            },
            link=_my_actions(action.pk),
        )


def meeting_date(day: int, today: dt.date) -> dt.date:
    """This month's meeting (which reviews last month) on `day` of the month."""
    return today.replace(day=day)


def statements_due(today: dt.date) -> Iterator[Wanted]:
    company = NotificationSettings.load()
    days = {row.team_id: row.day for row in TeamMeetingDay.objects.all()}
    month = add_months(today.replace(day=1), -1)  # the month the meeting reviews
    people = Salesperson.objects.filter(
        is_active=True, team__isnull=False, user__isnull=False, user__is_active=True
    ).select_related("user")
    written = set(
        Statement.objects.filter(month=month)
        .exclude(progress="", difficulties="", help_needed="")
        .values_list("salesperson_id", flat=True)
    )
    for person in people:
        assert person.user is not None and person.team_id is not None
        meeting = meeting_date(days.get(person.team_id, company.meeting_day), today)
        opens = meeting - dt.timedelta(days=company.statement_days_before)
        if not opens <= today <= meeting or person.pk in written:
            continue
        yield Wanted(
            user=person.user,
            key=f"statement:{month:%Y-%m}",
            kind=Kind.STATEMENT_DUE,
            params={"month": f"{month:%Y-%m}", "meeting": meeting.isoformat()},
            link=reverse("review", args=[person.handle, month]),
        )


def assessments_waiting(now: dt.datetime) -> Iterator[Wanted]:
    rated = Count("ratings", filter=Q(ratings__self_score__isnull=False))
    coached = Count("ratings", filter=Q(ratings__coach_score__isnull=False))
    open_ones = (
        Assessment.objects.filter(closed_at__isnull=True, salesperson__user__is_active=True)
        .select_related("salesperson__user", "salesperson__team")
        .annotate(total=Count("ratings"), rated=rated, coached=coached)
    )
    for assessment in open_ones:
        user = assessment.salesperson.user
        assert user is not None
        link = coaching_notices.assessment_link(assessment)
        if assessment.rated < assessment.total:
            own = assessment.created_by_id == user.pk
            if own and now - assessment.created < SELF_GRACE:
                continue
            yield Wanted(
                user=user,
                key=coaching_notices.self_key(assessment),
                kind=Kind.ASSESSMENT_SELF,
                params={"period": assessment.period_label},
                link=link,
            )
        elif assessment.coached < assessment.total:
            for coach in coaching_notices.coaches(assessment):
                if coach.pk == user.pk:
                    continue
                yield Wanted(
                    user=coach,
                    key=coaching_notices.coach_key(assessment),
                    kind=Kind.ASSESSMENT_COACH,
                    params={
                        "period": assessment.period_label,
                        "salesperson": assessment.salesperson.name,
                    },
                    link=link,
                )


def _focus_entries(today: dt.date) -> list[PortfolioEntry]:
    """Tier A and B accounts of this year's portfolios whose salesperson can be told."""
    return list(
        PortfolioEntry.objects.filter(
            portfolio__year=today.year,
            tier__in=["A", "B"],
            portfolio__salesperson__user__is_active=True,
        ).select_related("customer", "portfolio__salesperson__user")
    )


def stale_research(today: dt.date) -> tuple[list[Wanted], list[Wanted]]:
    """(stale dossier sections, stale org charts) of tier A and B accounts."""
    entries = _focus_entries(today)
    company = CompanySettings.load()
    by_customer: dict[int, list[PortfolioEntry]] = {}
    for entry in entries:
        by_customer.setdefault(entry.customer_id, []).append(entry)
    sections = DossierSection.objects.filter(customer_id__in=list(by_customer))
    dossier: list[Wanted] = []
    for section in sections:
        updated = timezone.localdate(section.updated_at) if section.updated_at else None
        if not customer_rules.is_stale(updated, today, company.dossier_stale_days):
            continue
        for entry in by_customer[section.customer_id]:
            user = entry.portfolio.salesperson.user
            assert user is not None
            dossier.append(
                Wanted(
                    user=user,
                    key=f"dossier:{section.pk}",
                    kind=Kind.DOSSIER_STALE,
                    params={
                        "customer": entry.customer.name,
                        "tier": entry.tier,
                        "section": section.get_key_display(),
                    },
                    link=reverse("customer", args=[entry.customer.code]),
                )
            )
    flags = people_flags(list(by_customer), today=today, stale_days=company.org_chart_stale_days)
    charts: list[Wanted] = []
    for customer_id, flag in flags.items():
        if not flag.chart_stale:
            continue
        for entry in by_customer[customer_id]:
            user = entry.portfolio.salesperson.user
            assert user is not None
            charts.append(
                Wanted(
                    user=user,
                    key=f"org-chart:{customer_id}",
                    kind=Kind.ORG_CHART_STALE,
                    params={"customer": entry.customer.name, "tier": entry.tier},
                    link=reverse("customer", args=[entry.customer.code]),
                )
            )
    return dossier, charts


def contact_steps_due(today: dt.date) -> Iterator[Wanted]:
    """Next steps agreed at a contact, due tomorrow or late: their owner, once per due day
    (a step moved to a later day is a new state)."""
    oldest = today - dt.timedelta(days=OVERDUE_WINDOW)
    steps = next_steps_due_by(today + dt.timedelta(days=1)).filter(next_step_due__gte=oldest)
    for contact in steps.prefetch_related("their_people"):
        assert contact.next_step_owner is not None and contact.next_step_due is not None
        names = ", ".join(p.name for p in contact.their_people.all())
        yield Wanted(
            user=contact.next_step_owner,
            key=f"contact-step:{contact.pk}:{contact.next_step_due}",
            kind=Kind.CONTACT_STEP_DUE,
            params={
                "contact": names or contact.next_step,
                "customer": contact.customer.name,
                "due": contact.next_step_due.isoformat(),
            },
            link=reverse("customer-contacts", args=[contact.customer.code]),
        )


def scan_all(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every scanner; how many reminders each raised."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dossier, charts = stale_research(today)
    return {
        "due": sync_reminders(prefix="action-due:", wanted=due_actions(today)),
        "overdue": sync_reminders(prefix="action-overdue:", wanted=overdue_actions(today)),
        "statement": sync_reminders(prefix="statement:", wanted=statements_due(today)),
        "assessment": sync_reminders(prefix="assessment:", wanted=assessments_waiting(now)),
        "dossier": sync_reminders(prefix="dossier:", wanted=dossier),
        "org_chart": sync_reminders(prefix="org-chart:", wanted=charts),
        "contact_step": sync_reminders(prefix="contact-step:", wanted=contact_steps_due(today)),
    }

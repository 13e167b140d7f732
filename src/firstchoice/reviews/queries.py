"""Reads of the monthly review (M7), always through the permission-scoped team lookups.

- Everyone who sees a salesperson (themselves, teammates, managers) reads their chart.
- Only the salesperson writes their own statement: it is their account of the month.
- Only the team's managers (and administrators) open the meeting and write its notes.

A chart costs a fixed number of queries whatever the number of accounts; a meeting the
same fixed number whatever the size of its team (the charts are read together).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.customers.research import ResearchSummary, research_summaries
from firstchoice.lib.dates import add_months, last_day_of_month
from firstchoice.lib.http import today
from firstchoice.lib.money import ZERO
from firstchoice.people.queries import people_flags
from firstchoice.people.rules import PeopleFlags
from firstchoice.plans.queries import PlanStatus, addressed_people, plan_statuses
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.reviews import rules
from firstchoice.reviews.models import Meeting, MeetingNote, Statement
from firstchoice.sales.models import MonthlySales
from firstchoice.teams.models import CompanySettings, Salesperson, Team, User
from firstchoice.teams.queries import managed_teams, salesperson_for_user, team_for_user


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=last_day_of_month(month.year, month.month))


def review_as_of(month: dt.date) -> dt.date:
    """Figures of a past month are as of its last day; of this month, as of today."""
    return min(month_end(month), today())


@dataclass
class ChartRow:
    customer: Customer
    tier: str
    figures: rules.AccountFigures
    actual_by_month: list[Decimal]
    status: PlanStatus | None
    people: PeopleFlags
    research: ResearchSummary

    @property
    def flags(self) -> list[tuple[str, str]]:
        """(key, label) of each warning the meeting should see."""
        found = []
        if self.people.no_coach:
            found.append(("no_coach", _("no coach")))
        if self.people.chart_stale:
            found.append(("chart_stale", _("stale org chart")))
        if self.research.rule_risks:
            found.append(("rule_risk", _("rules-of-engagement risk")))
        if self.research.is_stale:
            found.append(("dossier_stale", _("stale dossier")))
        return found


@dataclass
class ReviewChart:
    """The 15-account chart of one salesperson for one month (M7)."""

    salesperson: Salesperson
    month: dt.date
    as_of: dt.date
    rows: list[ChartRow]
    tier_totals: dict[str, rules.Total]
    total: rules.Total
    expected_series: list[Decimal | None]
    actual_series: list[Decimal | None]
    statement: Statement | None = None
    can_write_statement: bool = False
    trend: list[tuple[dt.date, rules.Reconciled]] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def months(self) -> list[dt.date]:
        return [dt.date(self.year, m, 1) for m in range(1, 13)]

    @property
    def previous_month(self) -> dt.date:
        return add_months(self.month, -1)

    @property
    def next_month(self) -> dt.date:
        return add_months(self.month, 1)


def _actuals(customer_ids: list[int], month: dt.date) -> dict[int, list[Decimal]]:
    """All sales to each customer, by month of the year through `month` (one query).

    "Actual" is per customer, whoever sold, as on the board; credit notes may make a month
    negative and stay so.
    """
    out: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    if not customer_ids:
        return out
    rows = (
        MonthlySales.objects.filter(
            customer_id__in=customer_ids, month__gte=month.replace(month=1), month__lte=month
        )
        .order_by()
        .values("customer_id", "month")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        out[row["customer_id"]][row["month"].month - 1] = row["total"] or ZERO
    return out


def review_chart(
    salesperson: Salesperson,
    month: dt.date,
    *,
    company: CompanySettings | None = None,
    statement: Statement | bool | None = True,
) -> ReviewChart:
    """The chart of `salesperson` (already checked visible) for `month` (a first day).

    `statement=True` reads the statement; pass one (or None) when the caller has them all.
    """
    if statement is True:
        statement = Statement.objects.filter(salesperson=salesperson, month=month).first()
    statements = {salesperson.pk: statement} if isinstance(statement, Statement) else {}
    return review_charts([salesperson], month, company=company, statements=statements)[0]


def review_charts(
    salespeople: list[Salesperson],
    month: dt.date,
    *,
    company: CompanySettings | None = None,
    statements: dict[int, Statement] | None = None,
) -> list[ReviewChart]:
    """The charts of `salespeople` (already checked visible) for `month`, in their order.

    One query per kind of data for all of them (a team's meeting costs the same whatever
    the team's size): every read below is per customer, or per salesperson and grouped
    here, so each chart's figures are those of the salesperson read alone (an account two
    of them list has the same actuals, research and people flags in both charts).
    `statements` maps a salesperson's id to their statement (none read here).
    """
    year = month.year
    as_of = review_as_of(month)
    entries_of: dict[int, list[PortfolioEntry]] = {sp.pk: [] for sp in salespeople}
    for entry in (
        PortfolioEntry.objects.filter(
            portfolio__salesperson__in=[sp.pk for sp in salespeople], portfolio__year=year
        )
        .select_related("customer", "portfolio")
        .order_by("tier", "customer__name", "customer__code")
    ):
        entries_of[entry.portfolio.salesperson_id].append(entry)
    ids = sorted({e.customer_id for entries in entries_of.values() for e in entries})
    actuals = _actuals(ids, month)
    company = company or CompanySettings.load()
    if ids:
        statuses = plan_statuses([sp.pk for sp in salespeople], year, as_of=as_of)
        flags = people_flags(
            ids,
            today=as_of,
            addressed=addressed_people(ids, year),
            stale_days=company.org_chart_stale_days,
        )
    else:
        statuses, flags = {}, {}
    research = research_summaries(ids, today=as_of, company=company)
    return [
        _chart(
            sp,
            month,
            as_of,
            entries_of[sp.pk],
            actuals,
            statuses.get(sp.pk, {}),
            flags,
            research,
            (statements or {}).get(sp.pk),
        )
        for sp in salespeople
    ]


def _chart(
    salesperson: Salesperson,
    month: dt.date,
    as_of: dt.date,
    entries: list[PortfolioEntry],
    actuals: dict[int, list[Decimal]],
    statuses: dict[int, PlanStatus],
    flags: dict[int, PeopleFlags],
    research: dict[int, ResearchSummary],
    statement: Statement | None,
) -> ReviewChart:
    """One salesperson's chart from the figures read for them (and maybe others)."""
    year = month.year
    ids = [e.customer_id for e in entries]
    rows = []
    for entry in entries:
        status = statuses.get(entry.customer_id)
        expected = status.expected_by_month if status else None
        actual = actuals[entry.customer_id]
        rows.append(
            ChartRow(
                customer=entry.customer,
                tier=entry.tier,
                figures=rules.account_figures(entry.tier, expected, actual, month.month),
                actual_by_month=actual,
                status=status,
                people=flags.get(entry.customer_id, PeopleFlags()),
                research=research.get(entry.customer_id, ResearchSummary()),
            )
        )
    figures = [r.figures for r in rows]
    expected_series, actual_series, by_month = rules.monthly_series(
        (statuses[i].expected_by_month if i in statuses else None for i in ids),
        (actuals[i] for i in ids),
        month.month,
    )
    chart = ReviewChart(
        salesperson=salesperson,
        month=month,
        as_of=as_of,
        rows=rows,
        tier_totals=rules.tier_totals(figures),
        total=rules.total(figures),
        expected_series=expected_series,
        actual_series=actual_series,
        statement=statement or None,
    )
    chart.trend = [(dt.date(year, m + 1, 1), figures) for m, figures in enumerate(by_month)]
    return chart


# --- permission-scoped lookups --------------------------------------------------------


def chart_for_user(user: User, handle: str, month: dt.date) -> ReviewChart:
    salesperson = salesperson_for_user(user, handle)
    chart = review_chart(salesperson, month)
    chart.can_write_statement = may_write_statement(user, salesperson)
    return chart


def may_write_statement(user: User, salesperson: Salesperson) -> bool:
    return salesperson.user_id is not None and salesperson.user_id == user.pk


def statement_owner_for_user(user: User, handle: str) -> Salesperson:
    """The salesperson whose statement `user` writes: only their own (others 403/404)."""
    salesperson = salesperson_for_user(user, handle)
    if not may_write_statement(user, salesperson):
        raise PermissionDenied(_("Only the salesperson writes their own monthly statement."))
    return salesperson


def statement_history(salesperson: Salesperson, month: dt.date, limit: int = 20) -> list[object]:
    return list(
        Statement.history.filter(salesperson_id=salesperson.pk, month=month)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )


def may_run_meeting(user: User, team: Team) -> bool:
    return managed_teams(user).filter(pk=team.pk).exists()


def meeting_team_for_user(user: User, slug: str, *, write: bool = False) -> Team:
    """The team whose meeting `user` reads; with `write`, only its managers run it."""
    team = team_for_user(user, slug)
    if write and not may_run_meeting(user, team):
        raise PermissionDenied(_("Only the team's managers run its monthly meeting."))
    return team


def team_member(team: Team, handle: str) -> Salesperson:
    found = (
        Salesperson.objects.select_related("user", "team")
        .filter(team=team)
        .filter(Q(user__username=handle) | Q(code=handle))
        .first()
    )
    if found is None:
        raise Http404("No such salesperson in this team")
    return found


@dataclass
class MeetingView:
    team: Team
    month: dt.date
    meeting: Meeting | None
    charts: list[ReviewChart]
    notes: dict[int, MeetingNote]
    past: list[Meeting]
    can_run: bool = False

    @property
    def total(self) -> rules.Total:
        """The whole team's accounts summed (expected only where known)."""
        return rules.total([r.figures for c in self.charts for r in c.rows])

    def note_for(self, salesperson: Salesperson) -> MeetingNote | None:
        return self.notes.get(salesperson.pk)


def meeting_members(team: Team) -> list[Salesperson]:
    return list(
        Salesperson.objects.select_related("user", "team")
        .filter(team=team, is_active=True)
        .order_by("name", "code")
    )


def meeting_view(team: Team, month: dt.date, *, user: User | None = None) -> MeetingView:
    """Everything the meeting (and its exports) shows for `team` (already checked visible)."""
    members = meeting_members(team)
    statements = {
        s.salesperson_id: s
        for s in Statement.objects.filter(salesperson__in=members, month=month).select_related(
            "updated_by"
        )
    }
    charts = review_charts(members, month, statements=statements)
    meeting = Meeting.objects.filter(team=team, month=month).select_related("opened_by").first()
    notes = (
        {n.salesperson_id: n for n in meeting.notes.select_related("updated_by")} if meeting else {}
    )
    past = list(Meeting.objects.filter(team=team).exclude(month=month).order_by("-month")[:24])
    return MeetingView(
        team=team,
        month=month,
        meeting=meeting,
        charts=charts,
        notes=notes,
        past=past,
        can_run=bool(user) and may_run_meeting(user, team),  # type: ignore[arg-type]
    )

"""Who sees which coaching, and the reads behind the pages, the API and the PDF (M10, M11).

Coaching is personal: a salesperson sees only their own assessments and learning plan,
the managers of their team see (and coach) them, an administrator may read them. Teammates
and other teams get 404, which reveals nothing about what exists.

The evidence reads other apps' queries (portfolio, sales, customers, people, plans) inside
the functions that need them: those apps may show coaching (learning activities next to
the salesperson's actions) without an import cycle.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstchoice.coaching import charts, evidence, rules
from firstchoice.coaching.models import (
    Assessment,
    Behaviour,
    Comment,
    LearningActivity,
    LearningGoal,
    Rating,
    Trait,
)
from firstchoice.lib.dates import add_months
from firstchoice.lib.http import today as local_today
from firstchoice.teams.models import CompanySettings, Salesperson, Team, User
from firstchoice.teams.queries import visible_salespeople


def coaching_role(user: User, salesperson: Salesperson) -> str | None:
    """SELF for the salesperson, COACH for a manager of their team, else None (read-only)."""
    is_coach = (
        salesperson.team_id is not None
        and Team.managers.through.objects.filter(
            team_id=salesperson.team_id, user_id=user.pk
        ).exists()
    )
    return rules.role(is_salesperson=salesperson.user_id == user.pk, is_coach=is_coach)


@dataclass(frozen=True)
class Coachee:
    salesperson: Salesperson
    role: str | None  # None: an administrator reading

    @property
    def can_write(self) -> bool:
        return self.role is not None


def coachee_for_user(user: User, handle: str) -> Coachee:
    """The salesperson `handle` if `user` is them, coaches them, or is an administrator."""
    scope = visible_salespeople(user)
    found = scope.filter(user__username=handle).first() or scope.filter(code=handle).first()
    if found is None:
        raise Http404("No such salesperson")
    role = coaching_role(user, found)
    if role is None and not user.is_administrator:
        raise Http404("No such salesperson")  # a teammate: boards are shared, coaching is not
    return Coachee(found, role)


def assessment_for_user(user: User, handle: str, pk: int) -> tuple[Assessment, Coachee]:
    coachee = coachee_for_user(user, handle)
    found = (
        Assessment.objects.select_related("salesperson", "salesperson__user", "closed_by")
        .filter(salesperson=coachee.salesperson, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such assessment")
    return found, coachee


def goal_for(salesperson: Salesperson, pk: int) -> LearningGoal:
    found = (
        LearningGoal.objects.select_related("salesperson", "trait")
        .filter(salesperson=salesperson, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such goal")
    return found


def activity_for(salesperson: Salesperson, pk: int) -> LearningActivity:
    found = (
        LearningActivity.objects.select_related("goal", "goal__salesperson")
        .filter(goal__salesperson=salesperson, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such activity")
    return found


def coachable_salespeople(user: User) -> list[Salesperson]:
    """Whom `user` coaches: the salespeople of the teams they manage."""
    return list(
        Salesperson.objects.select_related("user", "team")
        .filter(team__managers=user, is_active=True)
        .order_by("team__name", "name")
    )


def all_traits() -> list[Trait]:
    return list(Trait.objects.order_by("number"))


# --- One assessment ---------------------------------------------------------------------


@dataclass
class BehaviourRow:
    behaviour: Behaviour
    rating: Rating
    # What the editable side's inputs show (set by the page: saved, or re-posted on error).
    score_value: str = ""
    note_value: str = ""


@dataclass
class TraitRow:
    trait: Trait
    rows: list[BehaviourRow]
    score: rules.TraitScore
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class EvidenceView:
    item: evidence.Evidence
    text: str


@dataclass
class Sheet:
    assessment: Assessment
    traits: list[TraitRow]
    comments: list[Comment]
    has_evidence: bool = True

    @property
    def missing_self(self) -> int:
        return sum(t.score.behaviours - t.score.rated_by_self for t in self.traits)

    @property
    def missing_coach(self) -> int:
        return sum(t.score.behaviours - t.score.rated_by_coach for t in self.traits)


def sheets(
    assessments: list[Assessment],
    *,
    evidence_for: Assessment | None = None,
    today: dt.date | None = None,
) -> list[Sheet]:
    """Many assessments grouped by trait, with gaps and comments, in two queries.

    Evidence is gathered for `evidence_for` only: each period's facts take their own
    queries, so a list of periods shows them for one period (the pages and the API ask
    for the others one by one).
    """
    ids = [a.pk for a in assessments]
    by_assessment: dict[int, list[Rating]] = defaultdict(list)
    for r in (
        Rating.objects.filter(assessment_id__in=ids)
        .select_related("behaviour", "behaviour__trait")
        .order_by("behaviour__trait__number", "behaviour__position", "behaviour_id")
    ):
        by_assessment[r.assessment_id].append(r)
    comments: dict[int, list[Comment]] = defaultdict(list)
    for c in Comment.objects.filter(assessment_id__in=ids).select_related("author"):
        comments[c.assessment_id].append(c)
    facts = gather_evidence(evidence_for, today=today) if evidence_for is not None else []
    found = []
    for assessment in assessments:
        ratings = by_assessment[assessment.pk]
        scores = rules.trait_scores(
            (r.behaviour.trait.number, r.self_score, r.coach_score) for r in ratings
        )
        grouped: dict[int, list[BehaviourRow]] = defaultdict(list)
        traits: dict[int, Trait] = {}
        for r in ratings:
            traits[r.behaviour.trait.number] = r.behaviour.trait
            grouped[r.behaviour.trait.number].append(BehaviourRow(r.behaviour, r))
        mine = facts if assessment is evidence_for else []
        rows = [
            TraitRow(
                traits[n],
                grouped[n],
                scores[n],
                [EvidenceView(e, describe(e)) for e in mine if e.trait == n],
            )
            for n in sorted(grouped)
        ]
        found.append(
            Sheet(
                assessment, rows, comments[assessment.pk], has_evidence=assessment is evidence_for
            )
        )
    return found


def sheet(assessment: Assessment, *, today: dt.date | None = None) -> Sheet:
    """One assessment grouped by trait, with gaps, comments and the evidence of its period."""
    return sheets([assessment], evidence_for=assessment, today=today)[0]


def radar_svg(sheet: Sheet) -> str:
    return charts.radar(
        # The spokes carry the trait numbers: the names sit in the table beside the chart
        # (page and PDF) and, written round the circle, collide with each other.
        [str(t.trait.number) for t in sheet.traits],
        [t.score.self_score for t in sheet.traits],
        [t.score.coach_score for t in sheet.traits],
        self_label=_("Self"),
        coach_label=_("Coach"),
    )


# --- Across periods: the trend and the team heatmap ----------------------------------------


def scores_by_assessment(
    assessment_ids: Iterable[int],
) -> dict[int, dict[int, rules.TraitScore]]:
    """Trait scores of many assessments in one query."""
    rows: dict[int, list[tuple[int, int | None, int | None]]] = defaultdict(list)
    for assessment_id, trait, self_score, coach_score in Rating.objects.filter(
        assessment_id__in=list(assessment_ids)
    ).values_list("assessment_id", "behaviour__trait__number", "self_score", "coach_score"):
        rows[assessment_id].append((trait, self_score, coach_score))
    return {a: rules.trait_scores(r) for a, r in rows.items()}


@dataclass
class Period:
    assessment: Assessment
    scores: dict[int, rules.TraitScore]
    cells: list[rules.TraitScore | None] = field(default_factory=list)  # in trait order


@dataclass
class Overview:
    coachee: Coachee
    traits: list[Trait]
    periods: list[Period]  # newest first
    goals: list[LearningGoal]

    @property
    def trend_series(self) -> dict[str, list[Decimal | None]]:
        oldest_first = list(reversed(self.periods))
        return {
            f"{t.number}. {t.name}": [
                p.scores[t.number].best if t.number in p.scores else None for p in oldest_first
            ]
            for t in self.traits
        }

    @property
    def trend_labels(self) -> list[str]:
        return [p.assessment.period_label for p in reversed(self.periods)]


def learning_plan(salesperson: Salesperson) -> list[LearningGoal]:
    return list(
        LearningGoal.objects.filter(salesperson=salesperson)
        .select_related("trait")
        .prefetch_related(
            Prefetch("activities", queryset=LearningActivity.objects.order_by("planned_on", "id"))
        )
        .order_by("trait__number", "due", "id")
    )


def overview(coachee: Coachee) -> Overview:
    assessments = list(
        Assessment.objects.filter(salesperson=coachee.salesperson)
        .select_related("salesperson", "salesperson__user")
        .order_by("-period_start")
    )
    scores = scores_by_assessment(a.pk for a in assessments)
    traits = all_traits()
    periods = []
    for a in assessments:
        by_trait = scores.get(a.pk, {})
        periods.append(Period(a, by_trait, [by_trait.get(t.number) for t in traits]))
    return Overview(coachee, traits, periods, learning_plan(coachee.salesperson))


def trend_svg(view: Overview) -> str:
    return charts.trend(view.trend_labels, view.trend_series)


@dataclass
class HeatRow:
    salesperson: Salesperson
    assessment: Assessment | None
    cells: list[tuple[Trait, rules.TraitScore | None, str, bool]]  # …, heat band, coach first


@dataclass
class Heatmap:
    team: Team
    traits: list[Trait]
    rows: list[HeatRow]


def team_heatmap(team: Team) -> Heatmap:
    """Salespeople × traits from each one's latest assessment: where to coach first."""
    people = list(
        Salesperson.objects.filter(team=team, is_active=True)
        .select_related("user")
        .order_by("name")
    )
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(salesperson__in=people).order_by(
        "salesperson_id", "-period_start"
    ):
        latest.setdefault(a.salesperson_id, a)
    scores = scores_by_assessment(a.pk for a in latest.values())
    traits = all_traits()
    rows = []
    for person in people:
        current = latest.get(person.pk)
        by_trait = scores.get(current.pk, {}) if current else {}
        focus = set(rules.weakest_traits(by_trait))
        cells = []
        for t in traits:
            score = by_trait.get(t.number)
            band = rules.heat(score.best if score else None)
            cells.append((t, score, band, t.number in focus))
        rows.append(HeatRow(person, current, cells))
    return Heatmap(team, traits, rows)


# --- Evidence from the work itself ------------------------------------------------------


@dataclass(frozen=True)
class Account:
    customer_id: int
    code: str
    tier: str
    link: evidence.Link


def _portfolio_facts(
    salesperson: Salesperson, first: dt.date, last: dt.date
) -> tuple[evidence.PortfolioFacts, list[Account]]:
    from firstchoice.portfolio.models import Portfolio, TierChange

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
    from firstchoice.sales.queries import figures_between

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
    from firstchoice.customers.queries import research_summaries

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
    from firstchoice.people.queries import people_flags

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
    from firstchoice.plans.models import Comment as PlanComment
    from firstchoice.plans.queries import plan_status

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
    from firstchoice.plans.models import ContactObjective

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
    "people_network": gettext_lazy(
        "%(people)d key people mapped across %(accounts)d portfolio accounts; "
        "%(no_coach)d without a coach; %(multi_level)d covered at two or more levels."
    ),
}


def describe(item: evidence.Evidence) -> str:
    """The sentence a page shows for an evidence item, in the active language."""
    text = DESCRIPTIONS.get(item.code)
    return str(text) % item.values if text is not None else item.code


def open_learning_activities(salesperson: Salesperson) -> list[LearningActivity]:
    """Planned and running learning activities, soonest first: for the salesperson's
    action list (include `coaching/_learning_actions.html` with `learning_activities`)."""
    return list(
        LearningActivity.objects.filter(
            goal__salesperson=salesperson, status__in=["planned", "in_progress"]
        )
        .exclude(goal__status__in=["done", "dropped"])
        .select_related("goal", "goal__trait", "goal__salesperson", "goal__salesperson__user")
        .order_by("planned_on", "id")
    )

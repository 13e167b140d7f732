"""Who sees which coaching, and the reads behind the pages, the API and the PDF (M10, M11).

Coaching is personal: a salesperson sees only their own assessments and learning plan,
the managers of their team see (and coach) them, an administrator may read them. Teammates
and other teams get 404, which reveals nothing about what exists.

The evidence behind the sheets is gathered in `coaching.gathering`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from firstchoice.coaching import charts, evidence, rules
from firstchoice.coaching.gathering import describe, gather_evidence
from firstchoice.coaching.models import (
    Assessment,
    Behaviour,
    Comment,
    LearningActivity,
    LearningGoal,
    Rating,
    Trait,
)
from firstchoice.teams.models import Salesperson, Team, User
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

"""API for coaching (M10): the same scoped lookups, reads and actions as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from firstchoice.coaching import actions, queries, rules
from firstchoice.coaching.models import Assessment, LearningGoal, Trait
from firstchoice.lib.api import Code, Id, LongText, Text
from firstchoice.lib.http import today
from firstchoice.teams.http import user_of

router = Router(tags=["coaching"])


class TraitScoreOut(Schema):
    trait: int
    name: str
    self_score: Decimal | None
    coach_score: Decimal | None
    gap: Decimal | None


class RatingOut(Schema):
    behaviour_id: int
    trait: int
    behaviour: str
    self_score: int | None
    evidence_notes: str
    coach_score: int | None
    coach_note: str
    gap: int | None


class LinkOut(Schema):
    label: str
    url: str


class EvidenceOut(Schema):
    trait: int
    code: str
    text: str
    tone: str
    url: str
    details: list[LinkOut]


class CommentOut(Schema):
    author: str | None
    role: str
    text: str
    created: str


class AssessmentOut(Schema):
    id: int
    period: str
    period_start: dt.date
    period_end: dt.date
    closed: bool
    closed_at: str | None
    traits: list[TraitScoreOut]
    ratings: list[RatingOut]
    comments: list[CommentOut]
    evidence: list[EvidenceOut] | None = Field(
        description="Facts from the work in the period. In the list of periods only the latest "
        "has them (null elsewhere): GET …/assessments/{id} gives any period's."
    )


class ActivityOut(Schema):
    id: int
    kind: str
    description: str
    date: dt.date | None
    status: str


class GoalOut(Schema):
    id: int
    trait: int
    goal: str
    due: dt.date | None
    status: str
    activities: list[ActivityOut]


class CoachingOut(Schema):
    user: str
    name: str
    team: str | None
    role: str | None = Field(description="self, coach, or null (an administrator reading)")
    periods: list[AssessmentOut] = Field(description="Newest first")
    learning_plan: list[GoalOut]


class AssessmentStartIn(Schema):
    period_start: dt.date | None = Field(None, description="Default: this quarter")
    period_end: dt.date | None = None


class RatingIn(Schema):
    behaviour_id: Id
    score: int | None = Field(description="1 (never) to 5 (always); null clears it")
    note: LongText = ""


class RatingsIn(Schema):
    ratings: list[RatingIn]


class CommentIn(Schema):
    text: LongText


class GoalIn(Schema):
    trait: int = Field(ge=1, le=6, description="Trait number, 1–6")
    goal: Text = Field(max_length=300)
    due: dt.date | None = None


class ActivityIn(Schema):
    kind: Text = Field(max_length=16, description="training, expert, product_show or success_story")
    description: Text = Field(max_length=300)
    date: dt.date | None = None


class StatusIn(Schema):
    status: Text = Field(max_length=16, description="planned, in_progress, done or dropped")


def _assessment_out(sheet: queries.Sheet) -> AssessmentOut:
    assessment = sheet.assessment
    return AssessmentOut(
        id=assessment.pk,
        period=assessment.period_label,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
        closed=assessment.is_closed,
        closed_at=assessment.closed_at.isoformat() if assessment.closed_at else None,
        traits=[
            TraitScoreOut(
                trait=t.trait.number,
                name=t.trait.name,
                self_score=t.score.self_score,
                coach_score=t.score.coach_score,
                gap=t.score.gap,
            )
            for t in sheet.traits
        ],
        ratings=[
            RatingOut(
                behaviour_id=row.behaviour.pk,
                trait=t.trait.number,
                behaviour=row.behaviour.text,
                self_score=row.rating.self_score,
                evidence_notes=row.rating.evidence,
                coach_score=row.rating.coach_score,
                coach_note=row.rating.coach_note,
                gap=row.rating.gap,
            )
            for t in sheet.traits
            for row in t.rows
        ],
        evidence=[
            EvidenceOut(
                trait=e.item.trait,
                code=e.item.code,
                text=e.text,
                tone=e.item.tone,
                url=e.item.url,
                details=[LinkOut(label=d.label, url=d.url) for d in e.item.details],
            )
            for t in sheet.traits
            for e in t.evidence
        ]
        if sheet.has_evidence
        else None,
        comments=[
            CommentOut(
                author=c.author.username if c.author else None,
                role=c.role,
                text=c.text,
                created=c.created.isoformat(),
            )
            for c in sheet.comments
        ],
    )


def _goal_out(goal: LearningGoal) -> GoalOut:
    return GoalOut(
        id=goal.pk,
        trait=goal.trait.number,
        goal=goal.goal,
        due=goal.due,
        status=goal.status,
        activities=[
            ActivityOut(
                id=a.pk, kind=a.kind, description=a.description, date=a.planned_on, status=a.status
            )
            for a in goal.activities.all()
        ],
    )


def _period_sheets(view: queries.Overview) -> list[queries.Sheet]:
    assessments = [p.assessment for p in view.periods]
    latest = assessments[0] if assessments else None
    return queries.sheets(assessments, evidence_for=latest, today=today())


def _one(assessment: Assessment) -> AssessmentOut:
    return _assessment_out(queries.sheet(assessment, today=today()))


@router.get("/{handle}", response=CoachingOut, summary="A salesperson's coaching")
def get_coaching(request: HttpRequest, handle: Code) -> CoachingOut:
    coachee = queries.coachee_for_user(user_of(request), handle)
    view = queries.overview(coachee)
    person = coachee.salesperson
    return CoachingOut(
        user=person.handle,
        name=str(person),
        team=person.team.slug if person.team else None,
        role=coachee.role,
        periods=[_assessment_out(s) for s in _period_sheets(view)],
        learning_plan=[_goal_out(g) for g in view.goals],
    )


@router.get("/{handle}/assessments/{pk}", response=AssessmentOut, summary="One assessment")
def get_assessment(request: HttpRequest, handle: Code, pk: Id) -> AssessmentOut:
    found, _coachee = queries.assessment_for_user(user_of(request), handle, pk)
    return _one(found)


@router.post("/{handle}/assessments", response={201: AssessmentOut}, summary="Start an assessment")
def start_assessment(
    request: HttpRequest, handle: Code, payload: AssessmentStartIn
) -> Status[AssessmentOut]:
    coachee = queries.coachee_for_user(user_of(request), handle)
    # Both dates, or neither for this quarter (the default period).
    quarter = rules.quarter_of(today())
    start, end = payload.period_start, payload.period_end
    if start is None and end is None:
        start, end = quarter.start, quarter.end
    elif start is None or end is None:
        missing = "period_start" if start is None else "period_end"
        raise ValidationError({missing: _("Give both period dates, or neither for this quarter.")})
    found = actions.start_assessment(
        actor=user_of(request), salesperson=coachee.salesperson, period_start=start, period_end=end
    )
    return Status(201, _one(found))


@router.put(
    "/{handle}/assessments/{pk}/ratings/{side}",
    response=AssessmentOut,
    summary="Write the self (salesperson) or coach (manager) ratings",
)
def put_ratings(
    request: HttpRequest, handle: Code, pk: Id, side: Code, payload: RatingsIn
) -> AssessmentOut:
    user = user_of(request)
    found, _coachee = queries.assessment_for_user(user, handle, pk)
    actions.rate(
        actor=user,
        assessment=found,
        side=side,
        ratings=[actions.RatingInput(r.behaviour_id, r.score, r.note) for r in payload.ratings],
    )
    return _one(found)


@router.post(
    "/{handle}/assessments/{pk}/comments", response={201: AssessmentOut}, summary="Comment"
)
def post_comment(
    request: HttpRequest, handle: Code, pk: Id, payload: CommentIn
) -> Status[AssessmentOut]:
    user = user_of(request)
    found, _coachee = queries.assessment_for_user(user, handle, pk)
    actions.add_comment(actor=user, assessment=found, text=payload.text)
    return Status(201, _one(found))


@router.post(
    "/{handle}/assessments/{pk}/close",
    response=AssessmentOut,
    summary="Close the assessment (the coach; read-only afterwards)",
)
def close_assessment(request: HttpRequest, handle: Code, pk: Id) -> AssessmentOut:
    user = user_of(request)
    found, _coachee = queries.assessment_for_user(user, handle, pk)
    closed = actions.close_assessment(actor=user, assessment=found)
    return _one(closed)


def _trait(number: int) -> Trait:
    found = Trait.objects.filter(number=number).first()
    if found is None:
        raise ValidationError({"trait": _("No trait number %(n)s.") % {"n": number}})
    return found


@router.post("/{handle}/goals", response={201: GoalOut}, summary="Add a learning goal")
def add_goal(request: HttpRequest, handle: Code, payload: GoalIn) -> Status[GoalOut]:
    user = user_of(request)
    coachee = queries.coachee_for_user(user, handle)
    goal = actions.add_goal(
        actor=user,
        salesperson=coachee.salesperson,
        trait=_trait(payload.trait),
        goal=payload.goal,
        due=payload.due,
    )
    return Status(201, _goal_out(goal))


@router.patch("/{handle}/goals/{pk}", response=GoalOut, summary="Set a goal's status")
def patch_goal(request: HttpRequest, handle: Code, pk: Id, payload: StatusIn) -> GoalOut:
    user = user_of(request)
    coachee = queries.coachee_for_user(user, handle)
    goal = queries.goal_for(coachee.salesperson, pk)
    return _goal_out(actions.set_goal_status(actor=user, goal=goal, status=payload.status))


@router.post("/{handle}/goals/{pk}/activities", response={201: GoalOut}, summary="Add an activity")
def add_activity(
    request: HttpRequest, handle: Code, pk: Id, payload: ActivityIn
) -> Status[GoalOut]:
    user = user_of(request)
    coachee = queries.coachee_for_user(user, handle)
    goal = queries.goal_for(coachee.salesperson, pk)
    actions.add_activity(
        actor=user,
        goal=goal,
        kind=payload.kind,
        description=payload.description,
        planned_on=payload.date,
    )
    return Status(201, _goal_out(goal))


@router.patch("/{handle}/activities/{pk}", response=GoalOut, summary="Set an activity's status")
def patch_activity(request: HttpRequest, handle: Code, pk: Id, payload: StatusIn) -> GoalOut:
    user = user_of(request)
    coachee = queries.coachee_for_user(user, handle)
    activity = queries.activity_for(coachee.salesperson, pk)
    actions.set_activity_status(actor=user, activity=activity, status=payload.status)
    return _goal_out(queries.goal_for(coachee.salesperson, activity.goal_id))

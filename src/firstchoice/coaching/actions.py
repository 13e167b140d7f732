"""Every write to coaching (M10). Views, the API and the demo all call these.

Callers obtain the salesperson and assessment through `coaching.queries` (which answers
404 outside the coaching relation); these functions enforce who writes which side: the
salesperson writes their self ratings, their team's manager (the coach) writes the coach
ratings and closes the assessment; a closed assessment is read-only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.coaching import notices, rules
from firstchoice.coaching.models import (
    Assessment,
    Behaviour,
    Comment,
    LearningActivity,
    LearningGoal,
    Rating,
    Status,
    Trait,
)
from firstchoice.coaching.queries import coaching_role
from firstchoice.teams.models import Salesperson, User

MAX_TEXT = 2000


@dataclass(frozen=True)
class RatingInput:
    behaviour_id: int
    score: int | None
    note: str = ""


def _require_role(actor: User, salesperson: Salesperson, *allowed: str) -> str:
    role = coaching_role(actor, salesperson)
    if role in allowed:
        return role
    if allowed == (rules.SELF,):
        message = _("Only the salesperson may do this.")
    elif allowed == (rules.COACH,):
        message = _("Only the salesperson's coach (their team's manager) may do this.")
    else:
        message = _("Only the salesperson and their team's manager may change this.")
    raise PermissionDenied(message)


def _locked_open(assessment: Assessment) -> Assessment:
    """Lock the assessment for the transaction and refuse if it is closed (read-only)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_closed:
        raise ValidationError(
            {"assessment": _("This assessment is closed: it can no longer be changed.")}
        )
    return locked


def _clean_text(
    value: str | None, field: str, *, required: bool = False, limit: int = MAX_TEXT
) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError({field: _("Keep it to %(n)d characters or fewer.") % {"n": limit}})
    return text


@transaction.atomic
def start_assessment(
    *,
    actor: User,
    salesperson: Salesperson,
    period_start: dt.date,
    period_end: dt.date,
) -> Assessment:
    """Open an assessment for the period with one rating row per active behaviour."""
    _require_role(actor, salesperson, rules.SELF, rules.COACH)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its start.")})
    # Lock the salesperson row: two requests must not both open the same period.
    Salesperson.objects.select_for_update().filter(pk=salesperson.pk).first()
    overlapping = Assessment.objects.filter(
        salesperson=salesperson, period_start__lte=period_end, period_end__gte=period_start
    ).first()
    if overlapping is not None:
        raise ValidationError(
            {
                "period_start": _("An assessment for %(period)s already covers these dates.")
                % {"period": overlapping.period_label}
            }
        )
    assessment = Assessment.objects.create(
        salesperson=salesperson,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    Rating.objects.bulk_create(
        Rating(assessment=assessment, behaviour=b)
        for b in Behaviour.objects.filter(is_active=True, trait__isnull=False)
    )
    notices.waiting_for_self(assessment, actor=actor)
    return assessment


@transaction.atomic
def rate(
    *, actor: User, assessment: Assessment, side: str, ratings: Sequence[RatingInput]
) -> list[Rating]:
    """Write one side's scores (1–5, or None to clear) and notes for some behaviours."""
    if side not in rules.ROLES:
        raise ValidationError({"side": _("Choose self or coach.")})
    _require_role(actor, assessment.salesperson, side)
    assessment = _locked_open(assessment)
    rows = {r.behaviour_id: r for r in assessment.ratings.all()}
    now = timezone.now()
    changed = []
    for item in ratings:
        row = rows.get(item.behaviour_id)
        if row is None:
            raise ValidationError(
                {
                    "behaviour": _("Behaviour %(id)s is not part of this assessment.")
                    % {"id": item.behaviour_id}
                }
            )
        if item.score is not None and not rules.is_score(item.score):
            raise ValidationError(
                {
                    f"score_{item.behaviour_id}": _(
                        "Choose a rating from %(min)d (never) to %(max)d (always)."
                    )
                    % {"min": rules.SCORE_MIN, "max": rules.SCORE_MAX}
                }
            )
        note = _clean_text(item.note, f"note_{item.behaviour_id}")
        if side == rules.SELF:
            row.self_score, row.evidence = item.score, note
        else:
            row.coach_score, row.coach_note = item.score, note
        row.updated = now  # bulk_update does not apply auto_now
        changed.append(row)
    fields = ["self_score", "evidence"] if side == rules.SELF else ["coach_score", "coach_note"]
    if changed:
        Rating.objects.bulk_update(changed, [*fields, "updated"])
    if (
        side == rules.SELF
        and changed
        and not rules.missing_ratings(r.self_score for r in rows.values())
    ):
        notices.waiting_for_coach(assessment, actor=actor)  # every behaviour self-rated
    return changed


@transaction.atomic
def add_comment(*, actor: User, assessment: Assessment, text: str) -> Comment:
    role = _require_role(actor, assessment.salesperson, rules.SELF, rules.COACH)
    assessment = _locked_open(assessment)
    body = _clean_text(text, "text", required=True)
    return Comment.objects.create(assessment=assessment, author=actor, role=role, text=body)


@transaction.atomic
def close_assessment(
    *, actor: User, assessment: Assessment, at: dt.datetime | None = None
) -> Assessment:
    """The coach closes the assessment once every behaviour has a coach rating."""
    _require_role(actor, assessment.salesperson, rules.COACH)
    assessment = _locked_open(assessment)
    missing = rules.missing_ratings(assessment.ratings.values_list("coach_score", flat=True))
    if missing:
        raise ValidationError(
            {
                "coach_score": _("Rate every behaviour before closing (%(n)d not rated yet).")
                % {"n": missing}
            }
        )
    assessment.closed_at = at or timezone.now()
    assessment.closed_by = actor
    assessment.save(update_fields=["closed_at", "closed_by"])
    return assessment


def _require_status(status: str) -> str:
    if status not in Status.values:
        raise ValidationError(
            {"status": _("Choose one of: %(choices)s.") % {"choices": ", ".join(Status.values)}}
        )
    return status


@transaction.atomic
def add_goal(
    *,
    actor: User,
    salesperson: Salesperson,
    trait: Trait,
    goal: str,
    due: dt.date | None = None,
) -> LearningGoal:
    _require_role(actor, salesperson, rules.SELF, rules.COACH)
    text = _clean_text(goal, "goal", required=True, limit=300)
    return LearningGoal.objects.create(
        salesperson=salesperson, trait=trait, goal=text, due=due, created_by=actor
    )


@transaction.atomic
def set_goal_status(*, actor: User, goal: LearningGoal, status: str) -> LearningGoal:
    _require_role(actor, goal.salesperson, rules.SELF, rules.COACH)
    goal.status = _require_status(status)
    goal.save(update_fields=["status"])
    return goal


@transaction.atomic
def add_activity(
    *,
    actor: User,
    goal: LearningGoal,
    kind: str,
    description: str,
    planned_on: dt.date | None = None,
) -> LearningActivity:
    _require_role(actor, goal.salesperson, rules.SELF, rules.COACH)
    if kind not in LearningActivity.Kind.values:
        raise ValidationError(
            {"kind": _("Choose training, expert, product_show or success_story.")}
        )
    text = _clean_text(description, "description", required=True, limit=300)
    return LearningActivity.objects.create(
        goal=goal, kind=kind, description=text, planned_on=planned_on
    )


@transaction.atomic
def set_activity_status(
    *, actor: User, activity: LearningActivity, status: str
) -> LearningActivity:
    _require_role(actor, activity.goal.salesperson, rules.SELF, rules.COACH)
    activity.status = _require_status(status)
    activity.save(update_fields=["status"])
    return activity

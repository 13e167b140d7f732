"""What coaching's writes tell people (issue 19): an assessment waiting for the
salesperson's self-rating, or for the coach. The keys are those the periodic scan uses
(`ops.reminders`), so each person is told once per assessment and side."""

from __future__ import annotations

from django.urls import reverse

from firstchoice.coaching.models import Assessment
from firstchoice.notifications.actions import notify, notify_all
from firstchoice.notifications.kinds import Kind
from firstchoice.teams.models import User


def assessment_link(assessment: Assessment) -> str:
    return reverse("coaching-assessment", args=[assessment.salesperson.handle, assessment.pk])


def self_key(assessment: Assessment) -> str:
    return f"assessment:{assessment.pk}:self"


def coach_key(assessment: Assessment) -> str:
    return f"assessment:{assessment.pk}:coach"


def coaches(assessment: Assessment) -> list[User]:
    team = assessment.salesperson.team
    return list(team.managers.filter(is_active=True)) if team else []


def waiting_for_self(assessment: Assessment, *, actor: User | None) -> None:
    notify(
        user=assessment.salesperson.user,
        kind=Kind.ASSESSMENT_SELF,
        params={"period": assessment.period_label},
        link=assessment_link(assessment),
        actor=actor,
        key=self_key(assessment),
    )


def waiting_for_coach(assessment: Assessment, *, actor: User | None) -> None:
    notify_all(
        users=coaches(assessment),
        kind=Kind.ASSESSMENT_COACH,
        params={"period": assessment.period_label, "salesperson": assessment.salesperson.name},
        link=assessment_link(assessment),
        actor=actor,
        key=coach_key(assessment),
    )

"""Demo coaching (M10): two quarters of assessments for team East, and learning plans.

Written through the coaching actions, like any user's work: last quarter is rated by both
sides and closed by the coach; this quarter is self-rated and half coached, so the pages
show a trend, gaps and an assessment still open.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from firstchoice.coaching import actions, rules
from firstchoice.coaching.models import Assessment, LearningActivity, Trait
from firstchoice.teams.models import Salesperson, Team, User

SEED = 610
SELF_NOTES = [
    "Read the annual report and two analyst notes before the review.",
    "Visited the plant with their production manager.",
    "读了客户的年度报告,并与采购经理讨论了他们的购买周期。",
    "Shared the account plan with my manager for feedback.",
    "准备了会议议程,会后两天内跟进。",
]
COACH_NOTES = [
    "Seen at the joint visit — keep going.",
    "Not yet visible in the dossier; let's look at it together.",
    "在月度会议上讲得很清楚。",
    "Plan updated, but no feedback asked.",
]
GOALS = [
    (4, "Know our hydraulics range and its margins", "training", "Hydraulics product course"),
    (
        1,
        "Map the buying cycle of every tier A account",
        "expert",
        "Session with the key-account lead",
    ),
    (3, "Find an internal champion at two more accounts", "success_story", "Learn from rep2's win"),
    (5, "Write account strategies for all tier A accounts", "product_show", "Spring product show"),
]


def _team_and_coach() -> tuple[Team, User] | None:
    team = Team.objects.filter(slug="east").first()
    coach = team.managers.order_by("username").first() if team else None
    return (team, coach) if team and coach else None


def _profile(rng: random.Random) -> dict[int, int]:
    """A salesperson's true level per trait (1–5): what the coach sees."""
    return {number: rng.choice((2, 3, 3, 4, 4, 5)) for number in range(1, 7)}


def _rate(
    assessment: Assessment,
    actor: User,
    side: str,
    levels: dict[int, int],
    rng: random.Random,
    *,
    share: float = 1.0,
) -> None:
    notes = SELF_NOTES if side == rules.SELF else COACH_NOTES
    ratings = []
    for rating in assessment.ratings.select_related("behaviour__trait").order_by("behaviour_id"):
        if rng.random() > share:
            continue
        level = levels[rating.behaviour.trait.number]
        # People tend to rate themselves a little higher than their coach does.
        drift = rng.choice((0, 0, 1, 1, -1)) if side == rules.SELF else rng.choice((0, 0, -1, 1))
        score = min(max(level + drift, rules.SCORE_MIN), rules.SCORE_MAX)
        note = rng.choice(notes) if rng.random() < 0.25 else ""
        ratings.append(actions.RatingInput(rating.behaviour_id, score, note))
    actions.rate(actor=actor, assessment=assessment, side=side, ratings=ratings)


def load(*, today: dt.date) -> int:
    """Create the assessments and learning plans; returns how many assessments were made."""
    found = _team_and_coach()
    if found is None:
        return 0
    team, coach = found
    rng = random.Random(SEED)
    current = rules.quarter_of(today)
    previous = rules.previous_quarter(current)
    traits = {t.number: t for t in Trait.objects.all()}
    made = 0
    people = Salesperson.objects.filter(team=team, user__isnull=False).select_related("user")
    for index, person in enumerate(people.order_by("code")):
        user = person.user
        assert user is not None
        levels = _profile(rng)
        past = actions.start_assessment(
            actor=user, salesperson=person, period_start=previous.start, period_end=previous.end
        )
        _rate(past, user, rules.SELF, levels, rng)
        _rate(past, coach, rules.COACH, levels, rng)
        actions.add_comment(
            actor=coach, assessment=past, text="Good quarter. Focus next on the weakest trait."
        )
        closed_on = min(previous.end + dt.timedelta(days=10), today)
        actions.close_assessment(
            actor=coach,
            assessment=past,
            at=timezone.make_aware(dt.datetime.combine(closed_on, dt.time(16, 0))),
        )
        made += 1
        # This quarter: the salesperson has grown a little where coached.
        grown = {n: min(v + rng.choice((0, 0, 1)), rules.SCORE_MAX) for n, v in levels.items()}
        now = actions.start_assessment(
            actor=user, salesperson=person, period_start=current.start, period_end=current.end
        )
        _rate(now, user, rules.SELF, grown, rng)
        if index % 2 == 0:
            _rate(now, coach, rules.COACH, grown, rng, share=0.6)
        made += 1
        number, goal_text, kind, activity = GOALS[index % len(GOALS)]
        goal = actions.add_goal(
            actor=coach,
            salesperson=person,
            trait=traits[number],
            goal=goal_text,
            due=current.end,
        )
        first = actions.add_activity(
            actor=user,
            goal=goal,
            kind=kind,
            description=activity,
            planned_on=current.start + dt.timedelta(days=20),
        )
        actions.add_activity(
            actor=user,
            goal=goal,
            kind=LearningActivity.Kind.SUCCESS_STORY
            if kind != LearningActivity.Kind.SUCCESS_STORY
            else LearningActivity.Kind.TRAINING,
            description="Monthly meeting: a colleague's customer success story",
            planned_on=current.start + dt.timedelta(days=45),
        )
        if first.planned_on and first.planned_on <= today:
            actions.set_activity_status(actor=user, activity=first, status="done")
            actions.set_goal_status(actor=user, goal=goal, status="in_progress")
    return made

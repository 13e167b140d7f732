"""Shared set-up for coaching tests: assessments written through the actions."""

from __future__ import annotations

from firstchoice.coaching import actions, rules
from firstchoice.coaching.models import Assessment, Behaviour
from firstchoice.lib.http import today
from firstchoice.teams.models import Salesperson, User
from tests.base import BaseTestCase


class CoachingTestCase(BaseTestCase):
    """alice is assessed; mary (manager of team Alpha) is her coach."""

    def start(
        self, salesperson: Salesperson | None = None, actor: User | None = None
    ) -> Assessment:
        quarter = rules.quarter_of(today())
        return actions.start_assessment(
            actor=actor or self.alice,
            salesperson=salesperson or self.alice_sp,
            period_start=quarter.start,
            period_end=quarter.end,
        )

    def rate_all(self, assessment: Assessment, side: str, score: int, actor: User) -> None:
        ids = assessment.ratings.values_list("behaviour_id", flat=True)
        actions.rate(
            actor=actor,
            assessment=assessment,
            side=side,
            ratings=[actions.RatingInput(pk, score, f"{side} note") for pk in ids],
        )

    def behaviour(self, trait: int = 1) -> Behaviour:
        return Behaviour.objects.filter(trait__number=trait).order_by("position").first()  # type: ignore[return-value]

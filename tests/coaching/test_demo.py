"""The demo company has two quarters of coaching for team East."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from firstchoice.coaching import rules
from firstchoice.coaching.models import Assessment, LearningGoal
from firstchoice.demo import coaching as demo_coaching
from firstchoice.teams.models import Salesperson, Team
from tests.base import TODAY, make_user


class DemoCoachingTestCase(TestCase):
    def test_it_makes_two_periods_for_the_team(self) -> None:
        east = Team.objects.create(name="East", slug="east")
        east.managers.add(make_user("manager"))
        for i in (1, 2, 3):
            Salesperson.objects.create(
                code=f"rep{i}", name=f"Rep {i}", user=make_user(f"rep{i}"), team=east
            )
        self.assertEqual(demo_coaching.load(today=TODAY), 6)
        labels = sorted({a.period_label for a in Assessment.objects.all()})
        this = rules.quarter_of(TODAY)
        before = rules.quarter_of(this.start - dt.timedelta(days=1))
        self.assertEqual(labels, sorted([before.label, this.label]))
        self.assertEqual(Assessment.objects.exclude(closed_at=None).count(), 3)
        closed = Assessment.objects.exclude(closed_at=None).first()
        assert closed is not None
        self.assertFalse(closed.ratings.filter(coach_score=None).exists())
        self.assertEqual(LearningGoal.objects.count(), 3)

    def test_it_does_nothing_without_the_demo_team(self) -> None:
        self.assertEqual(demo_coaching.load(today=TODAY), 0)

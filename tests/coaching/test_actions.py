"""Writes to coaching: who writes which side, closed is read-only, each refusal changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from firstchoice.coaching import actions, rules
from firstchoice.coaching.models import (
    Assessment,
    Behaviour,
    Comment,
    LearningActivity,
    LearningGoal,
    Rating,
    Trait,
)
from tests.coaching.helpers import CoachingTestCase


class StartTestCase(CoachingTestCase):
    def test_it_opens_an_assessment_with_every_active_behaviour(self) -> None:
        Behaviour.objects.filter(trait__number=6, position=1).update(is_active=False)
        assessment = self.start()
        self.assertEqual(assessment.ratings.count(), Behaviour.objects.count() - 1)
        self.assertFalse(assessment.is_closed)
        self.assertEqual(assessment.created_by, self.alice)

    def test_it_lets_the_coach_open_it(self) -> None:
        self.assertEqual(self.start(actor=self.mary).salesperson, self.alice_sp)

    def test_it_refuses_a_teammate_and_another_team(self) -> None:
        for user in (self.bob, self.charlie, self.root):
            with self.assertRaises(PermissionDenied):
                self.start(actor=user)
        self.assertEqual(Assessment.objects.count(), 0)

    def test_it_refuses_a_second_assessment_for_the_same_period(self) -> None:
        self.start()
        with self.assertRaises(ValidationError) as caught:
            self.start(actor=self.mary)
        self.assertIn("period_start", caught.exception.message_dict)
        self.assertEqual(Assessment.objects.count(), 1)

    def test_it_refuses_a_period_ending_before_it_starts(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.start_assessment(
                actor=self.alice,
                salesperson=self.alice_sp,
                period_start=dt.date(2026, 4, 1),
                period_end=dt.date(2026, 3, 1),
            )
        self.assertIn("period_end", caught.exception.message_dict)
        self.assertEqual(Assessment.objects.count(), 0)


class RateTestCase(CoachingTestCase):
    def setUp(self) -> None:
        self.assessment = self.start()
        self.b = self.behaviour()

    def rating(self) -> Rating:
        return Rating.objects.get(assessment=self.assessment, behaviour=self.b)

    def test_it_saves_the_self_rating_and_evidence(self) -> None:
        actions.rate(
            actor=self.alice,
            assessment=self.assessment,
            side=rules.SELF,
            ratings=[actions.RatingInput(self.b.pk, 3, "Read their annual report")],
        )
        r = self.rating()
        self.assertEqual((r.self_score, r.evidence), (3, "Read their annual report"))
        self.assertIsNone(r.coach_score)

    def test_it_saves_the_coach_rating_and_the_gap(self) -> None:
        actions.rate(
            actor=self.alice,
            assessment=self.assessment,
            side=rules.SELF,
            ratings=[actions.RatingInput(self.b.pk, 4)],
        )
        actions.rate(
            actor=self.mary,
            assessment=self.assessment,
            side=rules.COACH,
            ratings=[actions.RatingInput(self.b.pk, 2, "Not seen at the plant visit")],
        )
        r = self.rating()
        self.assertEqual((r.self_score, r.coach_score, r.gap), (4, 2, -2))
        self.assertEqual(r.coach_note, "Not seen at the plant visit")

    def test_it_refuses_the_salesperson_writing_coach_ratings(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.rate(
                actor=self.alice,
                assessment=self.assessment,
                side=rules.COACH,
                ratings=[actions.RatingInput(self.b.pk, 5)],
            )
        self.assertIsNone(self.rating().coach_score)

    def test_it_refuses_the_coach_writing_self_ratings(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.rate(
                actor=self.mary,
                assessment=self.assessment,
                side=rules.SELF,
                ratings=[actions.RatingInput(self.b.pk, 5)],
            )
        self.assertIsNone(self.rating().self_score)

    def test_it_refuses_a_teammate(self) -> None:
        for side in rules.ROLES:
            with self.assertRaises(PermissionDenied):
                actions.rate(
                    actor=self.bob,
                    assessment=self.assessment,
                    side=side,
                    ratings=[actions.RatingInput(self.b.pk, 5)],
                )

    def test_it_refuses_a_score_off_the_scale_and_saves_nothing(self) -> None:
        other = self.behaviour(2)
        with self.assertRaises(ValidationError) as caught:
            actions.rate(
                actor=self.alice,
                assessment=self.assessment,
                side=rules.SELF,
                ratings=[actions.RatingInput(other.pk, 4), actions.RatingInput(self.b.pk, 6)],
            )
        self.assertIn(f"score_{self.b.pk}", caught.exception.message_dict)
        self.assertFalse(self.assessment.ratings.exclude(self_score=None).exists())

    def test_it_refuses_a_behaviour_outside_the_assessment(self) -> None:
        new = Behaviour.objects.create(trait=Trait.objects.get(number=1), text_en="New one")
        with self.assertRaises(ValidationError) as caught:
            actions.rate(
                actor=self.alice,
                assessment=self.assessment,
                side=rules.SELF,
                ratings=[actions.RatingInput(new.pk, 3)],
            )
        self.assertIn("behaviour", caught.exception.message_dict)

    def test_it_refuses_an_unknown_side(self) -> None:
        with self.assertRaises(ValidationError):
            actions.rate(actor=self.alice, assessment=self.assessment, side="boss", ratings=[])

    def test_it_clears_a_rating_with_none(self) -> None:
        for score in (3, None):
            actions.rate(
                actor=self.alice,
                assessment=self.assessment,
                side=rules.SELF,
                ratings=[actions.RatingInput(self.b.pk, score)],
            )
        self.assertIsNone(self.rating().self_score)


class CloseTestCase(CoachingTestCase):
    def setUp(self) -> None:
        self.assessment = self.start()

    def test_it_closes_when_the_coach_has_rated_everything(self) -> None:
        self.rate_all(self.assessment, rules.COACH, 4, self.mary)
        closed = actions.close_assessment(actor=self.mary, assessment=self.assessment)
        self.assertTrue(closed.is_closed)
        self.assertEqual(closed.closed_by, self.mary)

    def test_it_refuses_to_close_with_coach_ratings_missing(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            actions.close_assessment(actor=self.mary, assessment=self.assessment)
        self.assertIn("35 not rated", caught.exception.message_dict["coach_score"][0])
        self.assertFalse(Assessment.objects.get().is_closed)

    def test_it_lets_only_the_coach_close(self) -> None:
        self.rate_all(self.assessment, rules.COACH, 4, self.mary)
        for user in (self.alice, self.bob, self.root):
            with self.assertRaises(PermissionDenied):
                actions.close_assessment(actor=user, assessment=self.assessment)
        self.assertFalse(Assessment.objects.get().is_closed)

    def test_it_makes_a_closed_assessment_read_only(self) -> None:
        self.rate_all(self.assessment, rules.COACH, 4, self.mary)
        actions.close_assessment(actor=self.mary, assessment=self.assessment)
        with self.assertRaises(ValidationError):
            self.rate_all(self.assessment, rules.SELF, 2, self.alice)
        with self.assertRaises(ValidationError):
            self.rate_all(self.assessment, rules.COACH, 1, self.mary)
        with self.assertRaises(ValidationError):
            actions.add_comment(actor=self.alice, assessment=self.assessment, text="late")
        with self.assertRaises(ValidationError):
            actions.close_assessment(actor=self.mary, assessment=self.assessment)
        self.assertFalse(Rating.objects.exclude(self_score=None).exists())
        self.assertFalse(Rating.objects.exclude(coach_score=4).exists())


class CommentTestCase(CoachingTestCase):
    def test_it_records_either_side_with_its_role(self) -> None:
        assessment = self.start()
        actions.add_comment(actor=self.alice, assessment=assessment, text="I visited two plants")
        actions.add_comment(actor=self.mary, assessment=assessment, text="Good — share it")
        self.assertEqual(
            list(Comment.objects.values_list("role", "text")),
            [("self", "I visited two plants"), ("coach", "Good — share it")],
        )

    def test_it_refuses_an_empty_comment_and_a_teammate(self) -> None:
        assessment = self.start()
        with self.assertRaises(ValidationError) as caught:
            actions.add_comment(actor=self.alice, assessment=assessment, text="   ")
        self.assertIn("text", caught.exception.message_dict)
        with self.assertRaises(PermissionDenied):
            actions.add_comment(actor=self.bob, assessment=assessment, text="Nice")
        self.assertEqual(Comment.objects.count(), 0)


class LearningPlanTestCase(CoachingTestCase):
    def test_it_adds_goals_and_activities_and_tracks_status(self) -> None:
        trait = Trait.objects.get(number=4)
        goal = actions.add_goal(
            actor=self.mary,
            salesperson=self.alice_sp,
            trait=trait,
            goal="Know our hydraulics range",
            due=dt.date(2026, 12, 31),
        )
        activity = actions.add_activity(
            actor=self.alice,
            goal=goal,
            kind=LearningActivity.Kind.EXPERT,
            description="Two customer visits with the hydraulics engineer",
            planned_on=dt.date(2026, 10, 5),
        )
        actions.set_activity_status(actor=self.alice, activity=activity, status="done")
        actions.set_goal_status(actor=self.mary, goal=goal, status="in_progress")
        goal.refresh_from_db()
        activity.refresh_from_db()
        self.assertEqual((goal.status, activity.status), ("in_progress", "done"))

    def test_it_refuses_bad_input_and_other_people(self) -> None:
        trait = Trait.objects.get(number=4)
        with self.assertRaises(ValidationError) as caught:
            actions.add_goal(actor=self.alice, salesperson=self.alice_sp, trait=trait, goal="")
        self.assertIn("goal", caught.exception.message_dict)
        with self.assertRaises(PermissionDenied):
            actions.add_goal(actor=self.bob, salesperson=self.alice_sp, trait=trait, goal="x")
        goal = actions.add_goal(
            actor=self.alice, salesperson=self.alice_sp, trait=trait, goal="Pricing"
        )
        with self.assertRaises(ValidationError) as caught:
            actions.add_activity(actor=self.alice, goal=goal, kind="party", description="x")
        self.assertIn("kind", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            actions.set_goal_status(actor=self.alice, goal=goal, status="finished")
        self.assertIn("status", caught.exception.message_dict)
        self.assertEqual(LearningGoal.objects.count(), 1)
        self.assertEqual(LearningActivity.objects.count(), 0)


class OpenLearningActivitiesTestCase(CoachingTestCase):
    def test_it_lists_open_activities_soonest_first(self) -> None:
        from firstchoice.coaching.queries import open_learning_activities

        goal = actions.add_goal(
            actor=self.alice,
            salesperson=self.alice_sp,
            trait=Trait.objects.get(number=4),
            goal="Pricing",
        )
        later = actions.add_activity(
            actor=self.alice,
            goal=goal,
            kind="training",
            description="Later",
            planned_on=dt.date(2026, 6, 1),
        )
        sooner = actions.add_activity(
            actor=self.alice,
            goal=goal,
            kind="expert",
            description="Sooner",
            planned_on=dt.date(2026, 5, 1),
        )
        done = actions.add_activity(actor=self.alice, goal=goal, kind="training", description="x")
        actions.set_activity_status(actor=self.alice, activity=done, status="done")
        self.assertEqual(open_learning_activities(self.alice_sp), [sooner, later])
        self.assertEqual(open_learning_activities(self.bob_sp), [])

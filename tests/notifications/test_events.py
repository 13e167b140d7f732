"""Each event kind raised by a write action tells the person concerned: never the one who
caused it, nobody in another team (issue 19)."""

from __future__ import annotations

import datetime as dt

from firstchoice.coaching import actions as coaching_actions
from firstchoice.coaching import rules as coaching_rules
from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification, Preference
from firstchoice.plans.actions import action_items, comments
from firstchoice.plans.models import Action, Comment
from firstchoice.sales import actions as sales_actions
from firstchoice.sales.models import ImportBatch
from tests.base import TODAY
from tests.coaching.helpers import CoachingTestCase
from tests.plans.base import PlanTestCase


def told(kind: str) -> list[str]:
    return sorted(n.user.username for n in Notification.objects.filter(kind=kind))


class PlanEventsTest(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()

    def action(self, owner, actor=None) -> Action:  # type: ignore[no-untyped-def]
        return action_items.add_action(
            next_year=True,  # a due date may fall past 31 December (CI's year-end instant)
            actor=actor or self.mary,
            plan=self.plan,
            what="Visit the plant",
            objective=None,
            owner=owner,
            due=TODAY + dt.timedelta(days=10),
        )

    def test_it_tells_the_owner_of_an_action_assigned_to_them(self) -> None:
        action = self.action(self.bob)
        self.assertEqual(told(Kind.ACTION_ASSIGNED), ["bob"])
        notice = Notification.objects.get(kind=Kind.ACTION_ASSIGNED)
        self.assertEqual(notice.actor, self.mary)
        self.assertIn("Visit the plant", notice.title)
        self.assertIn("Mary", notice.title)
        self.assertEqual(notice.link, f"/my-actions/#action-{action.pk}")

    def test_it_does_not_tell_whoever_assigns_an_action_to_themselves(self) -> None:
        self.action(self.alice, actor=self.alice)
        self.assertEqual(told(Kind.ACTION_ASSIGNED), [])

    def test_it_tells_the_new_owner_when_an_action_changes_hands(self) -> None:
        action = self.action(self.alice, actor=self.alice)
        action_items.update_action(
            actor=self.alice, action=action, version=action.version, owner=self.bob
        )
        self.assertEqual(told(Kind.ACTION_ASSIGNED), ["bob"])

    def test_it_tells_the_asker_and_the_plans_salesperson_of_the_answer(self) -> None:
        action = self.action(self.bob)
        action_items.respond(
            actor=self.bob, action=action, version=action.version, accept=False, reason="No car"
        )
        self.assertEqual(told(Kind.ACTION_ANSWERED), ["alice", "mary"])
        notice = Notification.objects.filter(kind=Kind.ACTION_ANSWERED).first()
        assert notice is not None
        self.assertIn("declined", notice.title)
        self.assertNotIn("charlie", told(Kind.ACTION_ANSWERED))

    def test_the_owner_accepting_is_not_told_of_their_own_answer(self) -> None:
        action = self.action(self.alice)
        action_items.respond(actor=self.alice, action=action, version=action.version, accept=True)
        self.assertEqual(told(Kind.ACTION_ANSWERED), ["mary"])

    def test_a_managers_comment_on_the_plan_tells_its_salesperson(self) -> None:
        comments.add_comment(actor=self.mary, plan=self.plan, text="Good start")
        self.assertEqual(told(Kind.PLAN_COMMENTED), ["alice"])

    def test_the_salespersons_own_comment_tells_nobody_of_a_plan_comment(self) -> None:
        comments.add_comment(actor=self.alice, plan=self.plan, text="Thanks")
        self.assertEqual(told(Kind.PLAN_COMMENTED), [])

    def test_a_comment_on_an_action_tells_its_owner_and_the_plans_salesperson(self) -> None:
        action = self.action(self.bob)
        comments.add_comment(
            actor=self.mary, plan=self.plan, text="When?", on=Comment.On.ACTION, ref=action.pk
        )
        self.assertEqual(told(Kind.ACTION_COMMENTED), ["bob"])
        self.assertEqual(told(Kind.PLAN_COMMENTED), ["alice"])

    def test_a_muted_kind_is_not_raised(self) -> None:
        Preference.objects.create(user=self.bob, muted_kinds=[Kind.ACTION_ASSIGNED])
        self.action(self.bob)
        self.assertEqual(told(Kind.ACTION_ASSIGNED), [])

    def test_an_event_that_rolls_back_leaves_no_notification(self) -> None:
        with self.assertRaises(Exception):  # noqa: B017 - the due date is refused
            action_items.add_action(
                next_year=True,  # a due date may fall past 31 December (CI's year-end instant)
                actor=self.mary,
                plan=self.plan,
                what="Too late",
                objective=None,
                owner=self.bob,
                due=dt.date(TODAY.year + 5, 1, 1),
            )
        self.assertEqual(Notification.objects.count(), 0)


class CoachingEventsTest(CoachingTestCase):
    def test_an_assessment_the_coach_opens_waits_for_the_salespersons_rating(self) -> None:
        self.start(actor=self.mary)
        self.assertEqual(told(Kind.ASSESSMENT_SELF), ["alice"])

    def test_an_assessment_the_salesperson_opens_tells_nobody_yet(self) -> None:
        self.start(actor=self.alice)
        self.assertEqual(Notification.objects.count(), 0)

    def test_a_complete_self_rating_tells_the_coach_once(self) -> None:
        assessment = self.start(actor=self.alice)
        self.rate_all(assessment, coaching_rules.SELF, 3, self.alice)
        self.rate_all(assessment, coaching_rules.SELF, 4, self.alice)  # changed again
        self.assertEqual(told(Kind.ASSESSMENT_COACH), ["mary"])

    def test_a_partial_self_rating_tells_nobody(self) -> None:
        assessment = self.start(actor=self.alice)
        coaching_actions.rate(
            actor=self.alice,
            assessment=assessment,
            side=coaching_rules.SELF,
            ratings=[coaching_actions.RatingInput(self.behaviour().pk, 3)],
        )
        self.assertEqual(told(Kind.ASSESSMENT_COACH), [])


class ImportEventsTest(PlanTestCase):
    def batch(self) -> ImportBatch:
        return ImportBatch.objects.create(
            file_name="june.csv", checksum="x", imported_by=self.root, status="running"
        )

    def test_a_failed_import_tells_who_started_it(self) -> None:
        batch = self.batch()
        sales_actions.fail_running_batch(batch=batch, message="worker gone")
        self.assertEqual(told(Kind.IMPORT_FAILED), ["root"])
        notice = Notification.objects.get()
        self.assertEqual(notice.link, f"/imports/{batch.pk}/")
        self.assertIn("june.csv", notice.title)

    def test_a_batch_not_running_fails_silently(self) -> None:
        batch = self.batch()
        ImportBatch.objects.filter(pk=batch.pk).update(status="done")
        sales_actions.fail_running_batch(batch=batch, message="late")
        self.assertEqual(Notification.objects.count(), 0)


class NotifyTest(PlanTestCase):
    def test_it_never_tells_the_actor_or_an_inactive_user(self) -> None:
        self.assertIsNone(
            notify(user=self.alice, kind=Kind.PLAN_COMMENTED, params={}, actor=self.alice)
        )
        self.bob.is_active = False
        self.bob.save()
        self.assertIsNone(notify(user=self.bob, kind=Kind.PLAN_COMMENTED, params={}))

    def test_a_key_tells_once(self) -> None:
        for _ in range(2):
            notify(user=self.alice, kind=Kind.STATEMENT_DUE, params={}, key="statement:x")
        self.assertEqual(Notification.objects.count(), 1)

    def test_an_unknown_kind_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            notify(user=self.alice, kind="nope", params={})

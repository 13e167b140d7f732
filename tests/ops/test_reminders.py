"""The periodic reminder scans (ops.reminders): the right person, once per state, nobody in
another team, and the state forgotten when it ends (issue 19)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from firstchoice.coaching.models import Assessment
from firstchoice.contacts import actions as contact_actions
from firstchoice.contacts.models import Contact
from firstchoice.customers.models import DossierSection
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification, NotificationSettings, TeamMeetingDay
from firstchoice.ops import reminders
from firstchoice.people.models import KeyPerson
from firstchoice.plans.actions import action_items
from firstchoice.plans.models import Action
from firstchoice.reviews import actions as review_actions
from tests.base import TODAY
from tests.coaching.helpers import CoachingTestCase
from tests.plans.base import PlanTestCase


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(
        (n.user.username, n.params.get("customer", n.params.get("month", "")))
        for n in Notification.objects.filter(kind=kind)
    )


def scan(now: dt.datetime | None = None) -> dict[str, int]:
    return reminders.scan_all(now or timezone.now())


class ActionRemindersTest(PlanTestCase):
    def setUp(self) -> None:
        self.plan = self.start()
        KeyPerson.objects.update(confirmed_at=timezone.now())  # no org-chart reminders here

    def action(self, due: dt.date, owner=None) -> Action:  # type: ignore[no-untyped-def]
        return action_items.add_action(
            next_year=True,  # a due date may fall past 31 December (CI's year-end instant)
            actor=self.alice,
            plan=self.plan,
            what=f"Do it by {due}",
            objective=None,
            owner=owner or self.alice,
            due=due,
        )

    def test_it_reminds_the_owner_the_day_before_once(self) -> None:
        self.action(TODAY + dt.timedelta(days=1), owner=self.bob)
        self.action(TODAY + dt.timedelta(days=2))
        Notification.objects.all().delete()  # the assignment itself
        self.assertEqual(scan()["due"], 1)
        self.assertEqual(scan()["due"], 0)
        self.assertEqual([n for n, _c in told(Kind.ACTION_DUE)], ["bob"])

    def test_it_reminds_of_an_overdue_action_until_it_is_done(self) -> None:
        action = self.action(TODAY - dt.timedelta(days=2))
        self.action(TODAY - dt.timedelta(days=reminders.OVERDUE_WINDOW + 5))  # long forgotten
        self.assertEqual(scan()["overdue"], 1)
        self.assertEqual(scan()["overdue"], 0)
        notice = Notification.objects.get(kind=Kind.ACTION_OVERDUE)
        self.assertEqual(notice.user, self.alice)
        self.assertEqual(notice.link, f"/my-actions/#action-{action.pk}")
        Action.objects.filter(pk=action.pk).update(status="done")
        self.assertEqual(scan()["overdue"], 0)
        # Reopened: overdue again, so told again.
        Action.objects.filter(pk=action.pk).update(status="in_progress")
        self.assertEqual(scan()["overdue"], 1)

    def test_nobody_in_another_team_is_reminded(self) -> None:
        self.action(TODAY + dt.timedelta(days=1))
        scan()
        self.assertFalse(Notification.objects.filter(user=self.charlie).exists())


class StatementReminderTest(PlanTestCase):
    def day(self, day: int) -> dt.datetime:
        local = timezone.localtime().replace(day=day, hour=9, minute=0)
        return local

    def test_it_reminds_each_salesperson_from_n_days_before_the_meeting(self) -> None:
        company = NotificationSettings.load()
        company.meeting_day, company.statement_days_before = 10, 3
        company.save()
        self.assertEqual(scan(self.day(6))["statement"], 0)  # too early
        self.assertEqual(scan(self.day(7))["statement"], 3)  # alice, bob, charlie
        self.assertEqual(scan(self.day(8))["statement"], 0)  # once
        month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        notice = Notification.objects.get(kind=Kind.STATEMENT_DUE, user=self.alice)
        self.assertEqual(notice.params["month"], f"{month:%Y-%m}")
        self.assertEqual(notice.link, f"/reviews/alice/{month:%Y-%m}/")

    def test_a_written_statement_is_not_reminded(self) -> None:
        TeamMeetingDay.objects.create(team=self.alpha, day=12)
        month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        review_actions.save_statement(
            actor=self.alice,
            salesperson=self.alice_sp,
            month=month,
            progress="Won AL003",
            difficulties="",
            help_needed="",
        )
        scan(self.day(11))
        self.assertEqual([u for u, _m in told(Kind.STATEMENT_DUE)], ["bob"])  # team Alpha's day


class ResearchRemindersTest(PlanTestCase):
    def section(self, customer, days_old: int) -> DossierSection:  # type: ignore[no-untyped-def]
        return DossierSection.objects.create(
            customer=customer,
            key="profile",
            updated_at=timezone.now() - dt.timedelta(days=days_old),
        )

    def test_a_stale_dossier_section_of_a_tier_a_or_b_account_is_reminded(self) -> None:
        KeyPerson.objects.update(confirmed_at=timezone.now())
        stale = self.section(self.account, 200)
        self.section(self.tier_b, 10)  # fresh
        self.section(self.tier_c, 400)  # tier C: not reminded
        self.section(self.charlie_customers[0], 10)
        self.assertEqual(scan()["dossier"], 1)
        self.assertEqual(scan()["dossier"], 0)
        self.assertEqual(told(Kind.DOSSIER_STALE), [("alice", self.account.name)])
        notice = Notification.objects.get(kind=Kind.DOSSIER_STALE)
        self.assertEqual(notice.link, f"/customers/{self.account.code}/")
        self.assertIn("Customer profile", notice.title)
        # Brought up to date, then stale again: told again.
        DossierSection.objects.filter(pk=stale.pk).update(updated_at=timezone.now())
        self.assertEqual(scan()["dossier"], 0)
        DossierSection.objects.filter(pk=stale.pk).update(
            updated_at=timezone.now() - dt.timedelta(days=300)
        )
        self.assertEqual(scan()["dossier"], 1)

    def test_a_stale_org_chart_of_a_tier_a_or_b_account_is_reminded(self) -> None:
        # Wu (AL001, tier A) and Other Person (AL006, tier B) were never confirmed.
        KeyPerson.objects.create(customer=self.tier_c, name="Tier C person")
        self.assertEqual(scan()["org_chart"], 2)
        self.assertEqual(
            told(Kind.ORG_CHART_STALE),
            [("alice", self.account.name), ("alice", self.tier_b.name)],
        )
        KeyPerson.objects.update(confirmed_at=timezone.now())
        self.assertEqual(scan()["org_chart"], 0)


class AssessmentRemindersTest(CoachingTestCase):
    def test_it_reminds_the_salesperson_then_the_coach(self) -> None:
        assessment = self.start(actor=self.mary)  # the event told alice already
        self.assertEqual(scan()["assessment"], 0)
        self.rate_all(assessment, "self", 3, self.alice)  # the event tells mary
        self.assertEqual(scan()["assessment"], 0)
        self.assertEqual(
            sorted(Notification.objects.values_list("user__username", "kind")),
            [("alice", Kind.ASSESSMENT_SELF), ("mary", Kind.ASSESSMENT_COACH)],
        )

    def test_an_own_assessment_is_reminded_after_a_grace_period(self) -> None:
        assessment = self.start(actor=self.alice)
        self.assertEqual(scan()["assessment"], 0)
        Assessment.objects.filter(pk=assessment.pk).update(
            created=timezone.now() - reminders.SELF_GRACE - dt.timedelta(hours=1)
        )
        self.assertEqual(scan()["assessment"], 1)
        self.assertEqual(Notification.objects.get().user, self.alice)
        self.assertFalse(Notification.objects.filter(user=self.charlie).exists())


class ContactStepRemindersTest(PlanTestCase):
    """A next step agreed at a contact reminds its owner from the day before it is due,
    once per due day, and stops when it is done (issue 18's log feeding issue 19)."""

    def setUp(self) -> None:
        self.plan = self.start()
        KeyPerson.objects.update(confirmed_at=timezone.now())
        self.person = KeyPerson.objects.filter(customer=self.plan.customer).first()

    def log(self, due: dt.date) -> Contact:
        return contact_actions.log_contact(
            actor=self.alice,
            customer=self.plan.customer,
            data=contact_actions.ContactData(
                kind="call",
                day=TODAY,
                their_people=[self.person] if self.person else [],
                next_step="Send the quote",
                next_step_owner=self.bob,
                next_step_due=due,
            ),
            today=TODAY,
        )

    def test_it_reminds_the_step_owner_the_day_before_once_and_not_after_done(self) -> None:
        later = self.log(TODAY + dt.timedelta(days=5))
        step = self.log(TODAY + dt.timedelta(days=1))
        self.assertEqual(scan()["contact_step"], 1)
        self.assertEqual(scan()["contact_step"], 0)  # said once
        told_now = Notification.objects.get(kind=Kind.CONTACT_STEP_DUE)
        self.assertEqual(told_now.user, self.bob)  # the owner, not alice who logged it
        self.assertEqual(told_now.params["customer"], self.plan.customer.name)
        self.assertIn(self.plan.customer.code, told_now.link)
        Contact.objects.filter(pk=step.pk).update(next_step_done_on=TODAY)
        Contact.objects.filter(pk=later.pk).delete()
        self.assertEqual(scan()["contact_step"], 0)
        self.assertFalse(Notification.objects.filter(user=self.charlie).exists())

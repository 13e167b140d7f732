"""The periodic jobs' scheduler (ops.schedule): due jobs are enqueued once, however many
workers tick, and the schedule survives a restart; the jobs run on the worker."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification
from firstchoice.ops import schedule
from firstchoice.ops.models import PeriodicJob
from tests.base import make_user
from tests.jobs import run_jobs


class ScheduleTest(TestCase):
    def test_it_enqueues_each_due_job_once(self) -> None:
        now = timezone.now()
        names = [job.name for job in schedule.JOBS]
        self.assertEqual(schedule.tick(now), names)
        self.assertEqual(schedule.tick(now), [])  # a second worker, same instant
        self.assertEqual(DBTaskResult.objects.count(), len(names))
        # A minute later only the mail job is due again.
        later = now + dt.timedelta(minutes=1, seconds=1)
        self.assertEqual(schedule.tick(later), ["notifications.mail"])

    def test_a_claim_lost_to_another_worker_enqueues_nothing(self) -> None:
        now = timezone.now()
        job = schedule.JOBS[0]
        row = PeriodicJob.objects.create(name=job.name, next_run=now - dt.timedelta(seconds=5))
        # Another worker moved it on between our read and our update.
        PeriodicJob.objects.filter(pk=row.pk).update(next_run=now + dt.timedelta(minutes=1))
        self.assertEqual(schedule.tick(now, jobs=(job,)), [])
        self.assertEqual(DBTaskResult.objects.count(), 0)

    def test_a_worker_down_for_a_day_runs_a_missed_job_once(self) -> None:
        now = timezone.now()
        PeriodicJob.objects.create(name="notifications.mail", next_run=now - dt.timedelta(days=1))
        self.assertIn("notifications.mail", schedule.tick(now))
        self.assertEqual(
            PeriodicJob.objects.get(name="notifications.mail").next_run,
            now,  # not a day of one-minute catch-ups
        )

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_the_jobs_run_on_the_worker(self) -> None:
        from django.core import mail as django_mail

        alice = make_user("alice", email="alice@example.com")
        notify(
            user=alice,
            kind=Kind.ACTION_ASSIGNED,
            params={"what": "x", "actor": "m", "customer": "c"},
        )
        old = notify(user=alice, kind=Kind.PLAN_COMMENTED, params={"actor": "m", "customer": "c"})
        assert old is not None
        Notification.objects.filter(pk=old.pk).update(
            created=timezone.now() - dt.timedelta(days=91)
        )
        schedule.tick()
        self.assertEqual(run_jobs(), len(schedule.JOBS))
        self.assertEqual(len(django_mail.outbox), 1)  # the immediate mail
        self.assertEqual(
            list(Notification.objects.values_list("kind", flat=True)), ["action_assigned"]
        )
        job = PeriodicJob.objects.get(name="notifications.mail")
        self.assertIn("1 immediate mails", job.last_result)
        self.assertIsNotNone(job.last_finished)

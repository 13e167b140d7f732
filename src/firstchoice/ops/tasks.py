"""The periodic jobs (enqueued by `ops.schedule`, run by `firstchoice worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from firstchoice.notifications import actions as notification_actions
from firstchoice.notifications import mail
from firstchoice.ops import reminders
from firstchoice.ops.models import PeriodicJob


def _finished(name: str, result: str) -> str:
    PeriodicJob.objects.filter(name=name).update(
        last_finished=timezone.now(), last_result=result[:500]
    )
    return result


@task()
def send_mail() -> str:
    """Send immediate mails, then plan and send the digests whose time has come."""
    immediate = mail.send_immediate()
    planned = mail.plan_digests()
    digests = mail.send_digests()
    return _finished(
        "notifications.mail",
        f"{immediate} immediate mails, {planned} digests planned, {digests} sent",
    )


@task()
def scan_reminders() -> str:
    counts = reminders.scan_all()
    return _finished("notifications.reminders", ", ".join(f"{k}: {v}" for k, v in counts.items()))


@task()
def prune_notifications() -> str:
    deleted = notification_actions.prune()
    return _finished("notifications.prune", f"{deleted} notifications deleted")

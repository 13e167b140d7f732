"""A small, restart-safe scheduler for periodic jobs on top of Django's Tasks framework
(which has none). `firstchoice worker` calls `tick()` every few seconds; each job due is
claimed with a conditional UPDATE on its `PeriodicJob` row (next_run moved forward only
where it is still the value read), so however many workers tick, each due run is enqueued
once. The job itself then runs on whichever worker picks it from the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from firstchoice.ops import tasks
from firstchoice.ops.models import PeriodicJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Every:
    name: str
    every: dt.timedelta
    enqueue: Callable[[], object]


JOBS = (
    # Immediate mails and due digests: each minute (a digest waits for the user's time).
    Every("notifications.mail", dt.timedelta(minutes=1), tasks.send_mail.enqueue),
    # Due tomorrow / overdue, statements, assessments, stale research: every 15 minutes.
    Every("notifications.reminders", dt.timedelta(minutes=15), tasks.scan_reminders.enqueue),
    # Forget notifications older than the company keeps them (90 days).
    Every("notifications.prune", dt.timedelta(hours=24), tasks.prune_notifications.enqueue),
)


def _row(job: Every, now: dt.datetime) -> PeriodicJob:
    found = PeriodicJob.objects.filter(name=job.name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PeriodicJob.objects.create(name=job.name, next_run=now)
    except IntegrityError:  # another worker created it
        return PeriodicJob.objects.get(name=job.name)


def tick(now: dt.datetime | None = None, jobs: tuple[Every, ...] = JOBS) -> list[str]:
    """Enqueue every job that is due; returns the names enqueued by this call."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs:
        row = _row(job, now)
        if row.next_run > now:
            continue
        # A worker stopped for a day runs a missed job once, not once per missed period.
        following = max(row.next_run + job.every, now)
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(pk=row.pk, next_run=row.next_run).update(
                next_run=following, last_enqueued=now
            )
            if claimed:
                job.enqueue()
        if claimed:
            enqueued.append(job.name)
    return enqueued

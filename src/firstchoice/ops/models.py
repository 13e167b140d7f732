"""The periodic jobs' schedule: when each last ran and when it is due again."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PeriodicJob(models.Model):
    """One row per periodic job. A worker that finds `next_run` passed moves it forward
    with one conditional UPDATE and, only if that UPDATE changed the row, enqueues the job:
    of two workers at once exactly one runs it, and a restart loses nothing (the schedule
    lives here, not in a worker's memory)."""

    name = models.CharField(max_length=100, unique=True)
    next_run = models.DateTimeField(default=timezone.now)
    last_enqueued = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

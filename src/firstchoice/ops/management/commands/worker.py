"""`firstchoice worker`: run background jobs (django-tasks-db's worker, plus heartbeats)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from firstchoice.lib import builds, heartbeats
from firstchoice.ops import schedule
from firstchoice.sales import tasks as sales_tasks

PRUNE_AFTER = 24 * 3600  # forget the beats of workers stopped a day ago


class Command(DbWorker):
    help = (
        "Run background jobs (web imports, notification mail and reminders) from the database "
        "queue, and enqueue the periodic ones when due. Run one or more per "
        "machine; each beats a heartbeat that /healthz reads, and marks failed the imports "
        "of workers that stopped beating (killed, machine restarted)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Reloading restarts a worker mid-job; opt in with --reload while developing.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        last_prune = 0.0

        def checks() -> None:
            nonlocal last_prune
            for batch_id in sales_tasks.sweep():
                self.stdout.write(f"import #{batch_id} marked failed: its worker stopped")
            # Periodic jobs (notification mail, reminders, pruning): enqueue those due.
            for name in schedule.tick():
                self.stdout.write(f"periodic job {name} queued")
            if time.monotonic() - last_prune > 600:
                heartbeats.prune(PRUNE_AFTER)
                builds.prune()  # meeting packs nobody downloaded for a week
                last_prune = time.monotonic()

        key = f"worker:{options['worker_id']}"
        with heartbeats.Pulse(key, every=settings.HEARTBEAT_EVERY * 2.5, also=checks):
            super().handle(*args, **options)

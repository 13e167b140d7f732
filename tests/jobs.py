"""Run queued background jobs inside a test, as `firstchoice worker` would (one pass)."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_jobs() -> int:
    """Run every job that is ready, in this thread; returns how many ran."""
    before = DBTaskResult.objects.finished().count()
    # The worker closes "old" connections between jobs; a test's connection is inside the
    # test's transaction and must stay open.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        ).run()
    return DBTaskResult.objects.finished().count() - before

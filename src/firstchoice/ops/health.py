"""What /healthz checks: the database answers, every migration is applied, a worker beats."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from firstchoice.lib import heartbeats

_migrated = False  # once all are applied, this process's code has nothing more to apply


def database() -> str | None:
    """None when the database answers, else why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unreachable: {exc}".strip()
    return None


def unapplied_migrations() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrated = not plan
    return len(plan)


def migrations() -> str | None:
    missing = unapplied_migrations()
    return f"{missing} migrations not applied (run `firstchoice migrate`)" if missing else None


def worker() -> str | None:
    within = settings.WORKER_SEEN_WITHIN
    seen = [beat for beat in heartbeats.beats("worker:") if beat.age <= within]
    return None if seen else f"no worker seen in the last {within} s (run `firstchoice worker`)"


def report() -> dict[str, str]:
    """Each check's outcome: "ok", or what failed."""
    checks: dict[str, str] = {}
    problem = database()
    checks["database"] = problem or "ok"
    if problem:
        checks["migrations"] = checks["worker"] = "not checked: no database"
        return checks
    checks["migrations"] = migrations() or "ok"
    checks["worker"] = worker() or "ok"
    return checks

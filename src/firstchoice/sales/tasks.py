"""Imports started from the web run as background jobs (Django's Tasks framework).

`start` claims the batch (pending or failed → queued, one conditional UPDATE) and enqueues
`run_import` in the same transaction, so a double submit queues one job. A worker
(`firstchoice worker`) runs it: the batch's state decides whether it runs (queued →
running, again conditional), so a job delivered twice imports once.

While the import's single transaction is open, its progress and a heartbeat go out through
`lib.heartbeats` (outside that transaction), so any web process can show them. A running
batch whose heartbeat is older than IMPORT_STALE_AFTER seconds lost its worker (killed,
machine restarted): `sweep` marks it failed, and its lines were never committed. It can
be started again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from firstchoice.lib import heartbeats
from firstchoice.sales import actions
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.models import ImportBatch
from firstchoice.teams.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    rows: int = 0
    fraction: float = 0.0


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_path(batch: ImportBatch) -> Path:
    suffix = Path(batch.file_name).suffix.lower()[:6]
    return upload_dir() / f"batch-{batch.pk}{suffix}"


def _key(batch_id: int) -> str:
    return f"import:{batch_id}"


def stale_after() -> int:
    return int(getattr(settings, "IMPORT_STALE_AFTER", 30))


def _options_json(options: ImportOptions) -> dict[str, Any]:
    return {
        "overrides": dict(options.overrides),
        "sheet": options.sheet,
        "encoding": options.encoding,
        "replace_period": options.replace_period,
        "without_invoice_numbers": options.without_invoice_numbers,
        "day_first": options.day_first,
        "force": options.force,
        "rejects_path": str(options.rejects_path) if options.rejects_path else None,
    }


def _options(data: dict[str, Any]) -> ImportOptions:
    rejects = data.get("rejects_path")
    return ImportOptions(
        overrides=data.get("overrides") or {},
        sheet=data.get("sheet"),
        encoding=data.get("encoding"),
        replace_period=bool(data.get("replace_period")),
        without_invoice_numbers=bool(data.get("without_invoice_numbers")),
        day_first=data.get("day_first"),
        force=bool(data.get("force")),
        rejects_path=Path(rejects) if rejects else None,
    )


def start(batch: ImportBatch, actor: User, options: ImportOptions) -> bool:
    """Queue the import of an uploaded batch. False when it is already queued or running."""
    with transaction.atomic():
        if not actions.queue_batch(batch=batch):
            return False
        run_import.enqueue(batch.pk, actor.pk, _options_json(options))
    return True


@task()
def run_import(batch_id: int, actor_id: int | None, options: dict[str, Any]) -> str:
    """The job: import the batch's uploaded file, unless the batch's state says otherwise."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.QUEUED:
        return f"skipped: batch {batch_id} is {batch.status if batch else 'gone'}"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    with heartbeats.Pulse(_key(batch_id), every=settings.HEARTBEAT_EVERY) as pulse:
        if not actions.begin_batch(batch=batch):
            return f"skipped: batch {batch_id} was taken by another job"
        try:
            import_sales(
                upload_path(batch),
                actor=actor,
                options=_options(options),
                file_name=batch.file_name,
                progress=pulse.update,
                batch=batch,
            )
        except ImportRefused as exc:
            # Refusals found before the importer's transaction (a file imported before, a
            # header that can't be mapped, an unreadable file) are recorded here; the rest
            # the importer recorded with their row errors, and this changes nothing.
            actions.fail_running_batch(batch=batch, message=str(exc))
            return "failed"
        except (ValueError, OSError) as exc:  # a file that cannot be read as a table
            log.warning("import of batch %s refused: %s", batch_id, exc)
            actions.fail_running_batch(batch=batch, message=str(exc))
            return "failed"
        except actions.BatchNotRunning:
            return "abandoned: the batch was marked failed while it ran"
        except Exception as exc:  # the page shows the reason; the log keeps the trace
            log.exception("import of batch %s failed", batch_id)
            actions.fail_running_batch(
                batch=batch,
                message=_("The import stopped with an error: %(error)s") % {"error": exc},
            )
            return "failed"
    upload_path(batch).unlink(missing_ok=True)
    return "done"


def progress(batch: ImportBatch) -> Progress | None:
    """How far a running import is, as its last heartbeat said (None: not yet known)."""
    if batch.status != ImportBatch.Status.RUNNING:
        return None
    return _progress(heartbeats.last(_key(batch.pk)))


def watch(batch: ImportBatch) -> Progress | None:
    """What the import page polls: the progress of a running batch, after failing it if its
    worker died (say so now rather than poll forever). One heartbeat read for both."""
    if batch.status != ImportBatch.Status.RUNNING:
        return None
    beat = heartbeats.last(_key(batch.pk))
    if _fail_if_stale(batch, beat):
        return None
    return _progress(beat)


def fail_if_stale(batch: ImportBatch) -> bool:
    """Mark a running batch failed when its worker has not been heard from in time."""
    if batch.status != ImportBatch.Status.RUNNING:
        return False
    return _fail_if_stale(batch, heartbeats.last(_key(batch.pk)))


def _progress(beat: heartbeats.Beat | None) -> Progress | None:
    if beat is None:
        return None
    return Progress(
        rows=int(beat.detail.get("rows", 0)), fraction=float(beat.detail.get("fraction", 0))
    )


def _fail_if_stale(batch: ImportBatch, beat: heartbeats.Beat | None) -> bool:
    if beat is not None and beat.age <= stale_after():
        return False
    failed = actions.fail_running_batch(
        batch=batch,
        message=_(
            "The import stopped: its worker was not heard from for %(n)d seconds (stopped, "
            "killed or restarted). Nothing was imported; start it again."
        )
        % {"n": stale_after()},
    )
    if failed:
        batch.refresh_from_db()
        log.warning("import batch %s marked failed: its worker stopped beating", batch.pk)
    return failed


def sweep() -> list[int]:
    """Fail every running batch whose worker stopped; returns their ids (a worker runs it)."""
    return [
        batch.pk
        for batch in ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING)
        if fail_if_stale(batch)
    ]

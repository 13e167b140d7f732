"""Imports started from the web run in a background thread; the page polls their progress.

The thread lives in the web process (the self-hosted server is one process). Progress is
kept in memory here because the import's own transaction is not visible to other
connections until it commits.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection

from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.models import ImportBatch
from firstchoice.teams.models import User

log = logging.getLogger(__name__)


@dataclass
class Progress:
    rows: int = 0
    fraction: float = 0.0


PROGRESS: dict[int, Progress] = {}


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_path(batch: ImportBatch) -> Path:
    suffix = Path(batch.file_name).suffix.lower()[:6]
    return upload_dir() / f"batch-{batch.pk}{suffix}"


def run(batch_id: int, actor_id: int | None, options: ImportOptions) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    progress = PROGRESS.setdefault(batch_id, Progress())

    def update(rows: int, fraction: float) -> None:
        progress.rows, progress.fraction = rows, fraction

    try:
        import_sales(
            upload_path(batch),
            actor=actor,
            options=options,
            file_name=batch.file_name,
            progress=update,
            batch=batch,
        )
    except ImportRefused:
        pass  # recorded on the batch by the importer
    except Exception:  # the page shows the batch as failed; the log keeps the trace
        log.exception("import of batch %s failed", batch_id)
    finally:
        PROGRESS.pop(batch_id, None)
        upload_path(batch).unlink(missing_ok=True)


def start(batch: ImportBatch, actor: User, options: ImportOptions) -> None:
    """Run the import in the background (inline when settings.IMPORTS_INLINE, for tests)."""
    PROGRESS[batch.pk] = Progress()
    if getattr(settings, "IMPORTS_INLINE", False):
        run(batch.pk, actor.pk, options)
        return

    def target() -> None:
        close_old_connections()
        try:
            run(batch.pk, actor.pk, options)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"import-{batch.pk}", daemon=True).start()

"""The whole server — `firstchoice serve --with-worker`: gunicorn's processes and the worker —
stopped dead in the middle of a web import (power cut, `kill -9` of the process group) and
started again: the batch ends failed with a reason within the heartbeat time, none of its
lines remain, and starting it again imports it whole."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from firstchoice.sales import tasks
from firstchoice.sales.importer import ImportOptions
from firstchoice.sales.models import ImportBatch, SalesLine
from tests.sales.test_import_jobs import FIRSTCHOICE, _admin, _pending, _wait, write_big_csv

# Enough lines that the import is still reading when the server is killed (a 40,000-line
# file is imported in about a second since the ERP-feed work).
LINES = int(os.environ.get("RESTART_TEST_LINES", "200000"))
STALE_AFTER = 5  # seconds (production default: 30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start `firstchoice serve --with-worker` on the test database, in a process group of
    its own (so the test can stop all of it at once); whatever is left is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FIRSTCHOICE_VAR_DIR": str(tmp_path),
        "IMPORT_STALE_AFTER": str(STALE_AFTER),
        "HEARTBEAT_EVERY": "1",
        "PORT": str(_free_port()),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])

    def start() -> subprocess.Popen[bytes]:
        args = [str(FIRSTCHOICE), "serve", "--with-worker", "--workers", "1", "--threads", "2"]
        process = subprocess.Popen(args, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
        process.port = int(env["PORT"])  # type: ignore[attr-defined]
        started.append(process)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_it_fails_the_import_of_a_server_stopped_dead_and_imports_it_after_the_restart(
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
    server,  # type: ignore[no-untyped-def]
) -> None:
    settings.VAR_DIR = tmp_path
    settings.IMPORT_STALE_AFTER = STALE_AFTER
    root = _admin()
    batch = _pending(tmp_path, root, write_big_csv(tmp_path / "big.csv", LINES))

    def rows_read() -> int:
        batch.refresh_from_db()
        known = tasks.progress(batch)
        return known.rows if known else 0

    first = server()
    _wait("the server to answer", lambda: _healthy(first.port), 180)
    assert tasks.start(batch, root, ImportOptions())
    _wait("the import to be under way", lambda: rows_read() >= LINES // 10, 300)
    before_kill = rows_read()
    os.killpg(first.pid, signal.SIGKILL)  # web, worker, all at once: no clean-up at all
    first.wait()
    stopped = time.monotonic()
    assert batch.status == ImportBatch.Status.RUNNING  # nobody could say otherwise
    assert SalesLine.objects.filter(batch=batch).count() == 0

    again = server()
    _wait(
        "the batch to be marked failed",
        lambda: rows_read() == 0 and batch.status == ImportBatch.Status.FAILED,
        120,
    )
    noticed = time.monotonic() - stopped
    assert noticed < STALE_AFTER + 30, noticed  # the stale time, plus the server's start
    assert "not heard from" in batch.errors[0]["reason"]
    assert SalesLine.objects.filter(batch=batch).count() == 0
    _wait("the restarted server to answer", lambda: _healthy(again.port), 180)

    assert tasks.start(batch, root, ImportOptions())  # started again, as from the page
    _wait("the retry to finish", lambda: rows_read() == 0 and batch.status == "done", 600)
    assert batch.rows == LINES == SalesLine.objects.filter(batch=batch).count()
    print(
        f"\nserver killed after {before_kill:,} of {LINES:,} rows read; batch failed "
        f"{noticed:.1f} s later (restart included); retry imported {batch.rows:,} lines"
    )

"""Web imports as background jobs: queued once, run once, refused visibly, crash-safe."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from firstchoice.lib import heartbeats
from firstchoice.notifications.models import Notification
from firstchoice.sales import actions, tasks
from firstchoice.sales.importer import ImportOptions
from firstchoice.sales.models import ImportBatch, SalesLine
from firstchoice.teams.models import User
from tests.base import make_user
from tests.jobs import run_jobs
from tests.sales.test_import import HEADER, ROWS
from tests.sales.test_import_views import UploadTestCase, csv_bytes

FIRSTCHOICE = Path(sys.executable).parent / "firstchoice"
CRASH_LINES = int(os.environ.get("CRASH_TEST_LINES", "200000"))
STALE_AFTER = 5  # seconds, for the crash test (production default: 30)


class ImportJobsTestCase(UploadTestCase):
    def page(self, batch: ImportBatch) -> str:
        return self.client.get(f"/imports/{batch.pk}/").content.decode()

    def test_it_queues_the_import_and_shows_it_waiting_for_a_worker(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        self.client.post(f"/imports/{batch.pk}/start", {})
        batch.refresh_from_db()
        assert batch.status == "queued" and DBTaskResult.objects.count() == 1
        assert "Waiting for a worker" in self.page(batch)
        assert 'hx-trigger="every 1s"' in self.page(batch)  # the page keeps polling
        assert run_jobs() == 1
        batch.refresh_from_db()
        assert (batch.status, batch.rows) == ("done", 4)
        # Who started it is told how it ended (issue 19).
        notice = Notification.objects.get()
        assert (notice.user, notice.kind, notice.params["rows"]) == (self.root, "import_done", "4")

    def test_it_queues_one_job_for_a_double_submit(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        self.client.post(f"/imports/{batch.pk}/start", {})
        r = self.client.post(f"/imports/{batch.pk}/start", {}, follow=True)
        assert "already started" in r.content.decode()
        assert DBTaskResult.objects.count() == 1

    def test_it_never_imports_twice_when_the_job_is_run_again(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        self.client.post(f"/imports/{batch.pk}/start", {})
        job = DBTaskResult.objects.get()
        run_jobs()
        again = tasks.run_import.call(*job.args_kwargs["args"])  # a retried delivery
        assert again.startswith("skipped")
        assert SalesLine.objects.count() == 4
        batch.refresh_from_db()
        assert (batch.status, batch.rows) == ("done", 4)

    def test_it_fails_a_file_imported_before_and_starts_again_when_forced(self) -> None:
        self.login(self.root)
        first = self.upload(csv_bytes())
        self.client.post(f"/imports/{first.pk}/start", {})
        run_jobs()
        batch = self.upload(csv_bytes())
        self.client.post(f"/imports/{batch.pk}/start", {})
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "failed"
        html = self.page(batch)
        assert f"already imported as batch #{first.pk}" in html
        assert "Nothing was imported." in html and "Start it again" in html
        self.client.post(f"/imports/{batch.pk}/start", {"force": "on"})
        run_jobs()
        batch.refresh_from_db()
        assert (batch.status, batch.rows, batch.duplicates_skipped) == ("done", 0, 4)
        assert SalesLine.objects.count() == 4

    def test_it_fails_a_header_it_cannot_map_and_starts_again_with_a_mapping(self) -> None:
        self.login(self.root)
        header = ["when", *HEADER[1:]]
        batch = self.upload(csv_bytes(ROWS, header))
        self.client.post(f"/imports/{batch.pk}/start", {})  # the page offers no button
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "failed" and "invoice_date" in batch.errors[0]["reason"]
        assert "invoice_date" in self.page(batch)
        self.client.post(f"/imports/{batch.pk}/start", {"map_invoice_date": "when"})
        run_jobs()
        batch.refresh_from_db()
        assert (batch.status, batch.rows) == ("done", 4)

    def test_it_fails_an_unreadable_file_with_the_reason(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        self.client.post(f"/imports/{batch.pk}/start", {})
        tasks.upload_path(batch).write_bytes(b"\x00\x01 not a table \xff\xfe")
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "failed" and batch.errors[0]["reason"]
        assert not SalesLine.objects.exists()

    def test_it_marks_a_batch_failed_when_its_worker_stopped_beating(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        ImportBatch.objects.filter(pk=batch.pk).update(status="running")  # a worker died
        assert tasks.sweep() == [batch.pk]
        batch.refresh_from_db()
        assert batch.status == "failed" and "not heard from" in batch.errors[0]["reason"]
        assert "Start it again" in self.page(batch)

    def test_it_leaves_a_running_batch_alone_while_its_worker_beats(self) -> None:
        batch = actions.create_batch(actor=None, file_name="a.csv", status="running")
        with heartbeats.Pulse(f"import:{batch.pk}", every=0.2):
            assert tasks.sweep() == []
        batch.refresh_from_db()
        assert batch.status == "running"


def _admin() -> User:
    return make_user("root", is_staff=True, is_superuser=True)


def _pending(tmp_path: Path, root: User, content: Path | bytes) -> ImportBatch:
    batch = actions.create_batch(actor=root, file_name="sales.csv")
    if isinstance(content, Path):
        shutil.copy(content, tasks.upload_path(batch))
    else:
        tasks.upload_path(batch).write_bytes(content)
    return batch


@pytest.mark.django_db(transaction=True)
def test_it_queues_one_job_for_two_submits_at_once(tmp_path: Path) -> None:
    root = _admin()
    batch = _pending(tmp_path, root, csv_bytes())
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def submit() -> None:
        try:
            copy = ImportBatch.objects.get(pk=batch.pk)
            barrier.wait()
            results.append(tasks.start(copy, root, ImportOptions()))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert DBTaskResult.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).status == "queued"


def write_big_csv(path: Path, lines: int) -> Path:
    """`lines` valid invoice lines over 500 customers and 20 salespeople."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        for i in range(lines):
            handle.write(
                f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d},C{i % 500:04d},Customer {i % 500},"
                f"rep{i % 20},{100 + i % 1000}.25,{10 + i % 100}.05,NET30,INV{i},1\n"
            )
    return path


def _wait(what: str, check: Callable[[], bool], timeout: float) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)
    return time.monotonic() - start


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start `firstchoice worker` processes on the test database; stopped at the end."""
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
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])

    def start() -> subprocess.Popen[bytes]:
        args = [str(FIRSTCHOICE), "worker", "--no-startup-delay", "--interval", "0.2", "-v", "0"]
        process = subprocess.Popen(args, env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.django_db(transaction=True)
def test_it_survives_a_worker_killed_in_the_middle_of_an_import(
    tmp_path: Path,
    settings,
    workers,  # type: ignore[no-untyped-def]
) -> None:
    settings.IMPORT_STALE_AFTER = STALE_AFTER
    root = _admin()
    batch = _pending(tmp_path, root, write_big_csv(tmp_path / "big.csv", CRASH_LINES))
    assert tasks.start(batch, root, ImportOptions())

    def rows_read() -> int:
        batch.refresh_from_db()
        known = tasks.progress(batch)
        return known.rows if known else 0

    first = workers()
    _wait("the import to be under way", lambda: rows_read() >= CRASH_LINES // 10, 300)
    first.kill()  # SIGKILL: no clean-up of any kind
    first.wait()
    killed = time.monotonic()
    assert SalesLine.objects.count() == 0  # its one transaction died with it

    workers()  # another worker (or the restarted one) notices the silence
    _wait(
        "the batch to be marked failed", lambda: rows_read() == 0 and batch.status == "failed", 60
    )
    noticed = time.monotonic() - killed
    assert noticed < STALE_AFTER + 15, noticed
    assert "not heard from" in batch.errors[0]["reason"]
    assert SalesLine.objects.filter(batch=batch).count() == 0

    assert tasks.start(batch, root, ImportOptions())  # the retry
    _wait("the retry to finish", lambda: rows_read() == 0 and batch.status == "done", 600)
    assert batch.rows == CRASH_LINES == SalesLine.objects.filter(batch=batch).count()
    print(f"\nkill -9 after {CRASH_LINES // 10:,}+ rows: failed {noticed:.1f} s later; retry done")

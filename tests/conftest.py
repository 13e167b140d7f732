from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
import time_machine

# The suite never reads the real clock: it runs at one fixed instant, which CI moves to the
# days that break date arithmetic (a month end, a year end, 29 February, 16:30 UTC when the
# company's Shanghai is already on the next day). `FIRSTCHOICE_TEST_NOW` picks the instant;
# the clock then ticks from there, so timestamps taken in order still increase.
DEFAULT_NOW = "2026-06-16T10:00:00+08:00"
NOW_VARIABLE = "FIRSTCHOICE_TEST_NOW"


def test_instant() -> dt.datetime:
    value = os.environ.get(NOW_VARIABLE) or DEFAULT_NOW
    instant = dt.datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise pytest.UsageError(f"{NOW_VARIABLE}={value!r} needs a UTC offset, e.g. +08:00")
    return instant


test_instant.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_pages() -> None:
    """Each test starts with a data version of its own: a test's data is rolled back at
    its end, and with it the version its pages were cached under (teams.pagecache).
    Charts and cards stay cached: their keys are their own content."""
    from django.db import connection

    from firstchoice.teams import pagecache

    setattr(connection, pagecache.TEST_VERSION, uuid.uuid4().hex)


@pytest.fixture(autouse=True)
def _page_cache(request, settings):  # type: ignore[no-untyped-def]
    """Whole pages from the cache (teams.pagecache) as in production for the tests of it
    and for the browser tests (users' whole flows); drawn afresh elsewhere, so the tests
    that count a page's queries count the page's own, not a cached read.
    FIRSTCHOICE_TEST_PAGE_CACHE=all serves pages from the cache in every test."""
    settings.PAGE_CACHE = bool(
        os.environ.get("FIRSTCHOICE_TEST_PAGE_CACHE") == "all"
        or request.node.get_closest_marker("page_cache")
        or request.node.get_closest_marker("browser")
    )


@pytest.fixture(autouse=True)
def _english(settings):  # type: ignore[no-untyped-def]
    """Tests read English messages unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Before any test module is imported: module-level dates (tests.base.TODAY) see it too.
    traveller = time_machine.travel(test_instant(), tick=True)
    traveller.start()
    config._firstchoice_clock = traveller

    # Each xdist worker keeps its files (uploads) apart: their databases number batches alike.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        settings.VAR_DIR = Path(settings.VAR_DIR) / f"worker-{worker}"
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)

    # PBKDF2 is slow by design; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_unconfigure(config):  # type: ignore[no-untyped-def]
    traveller = getattr(config, "_firstchoice_clock", None)
    if traveller is not None:
        traveller.stop()
    from django.conf import settings

    # The heartbeats' side file of the SQLite test database (lib.heartbeats).
    test_db = Path(settings.DATABASES["default"].get("TEST", {}).get("NAME") or "")
    if test_db.name:
        for suffix in ("", "-wal", "-shm"):
            test_db.with_name(f"{test_db.stem}-jobs{test_db.suffix}{suffix}").unlink(
                missing_ok=True
            )


def pytest_report_header(config):  # type: ignore[no-untyped-def]
    return f"clock frozen at {test_instant().isoformat()} ({NOW_VARIABLE})"

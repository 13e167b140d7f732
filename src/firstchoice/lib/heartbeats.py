"""Heartbeats: "this worker / this job was alive N seconds ago", seen by every process.

A beat must be visible while the job's own transaction is still open (an import is one
transaction), so it is never written through the job's connection:

- PostgreSQL: a table in the same database, written by a thread of its own (Django gives
  each thread its own connection, committed on its own).
- SQLite allows one writer at a time and the import holds that lock until it commits, so
  beats go to a small side file next to the database (`<name>-jobs.sqlite3`). SQLite is a
  one-machine install, so every process of it reaches that file.

Ages are measured by the database's clock, so processes on machines whose clocks disagree
(or a test process on a frozen clock) still agree on how old a beat is.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, connections, transaction

log = logging.getLogger(__name__)

TABLE = "firstchoice_heartbeat"
_created: set[str] = set()  # databases whose table this process has created
_local = threading.local()


@dataclass(frozen=True)
class Beat:
    key: str
    age: float  # seconds since the beat, by the database's clock
    detail: dict[str, Any]


def side_file() -> Path | None:
    """The SQLite side file for beats, or None on PostgreSQL (beats live in the database)."""
    if connection.vendor != "sqlite":
        return None
    name = Path(str(connection.settings_dict["NAME"]))
    return name.with_name(f"{name.stem}-jobs{name.suffix}")


@contextmanager
def _sqlite() -> Iterator[sqlite3.Connection]:
    path = side_file()
    assert path is not None
    cached = getattr(_local, "sqlite", None)
    if cached is None or cached[0] != path:
        db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(key TEXT PRIMARY KEY, seen REAL NOT NULL, detail TEXT NOT NULL)"
        )
        _local.sqlite = cached = (path, db)
    yield cached[1]


def _pg_table() -> None:
    name = str(connection.settings_dict["NAME"])
    if name in _created:
        return
    # Two processes may create it at once: the loser's error is harmless.
    with connection.cursor() as cursor, suppress(DatabaseError), transaction.atomic():
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(key varchar(200) PRIMARY KEY, seen timestamptz NOT NULL, detail text NOT NULL)"
        )
    _created.add(name)


def beat(key: str, detail: dict[str, Any] | None = None) -> None:
    """Record that `key` is alive now. Call it outside any transaction (a thread's own)."""
    text = json.dumps(detail or {})
    if side_file() is not None:
        with _sqlite() as db:
            db.execute(
                f"INSERT INTO {TABLE} (key, seen, detail) VALUES (?, julianday('now'), ?) "  # noqa: S608
                "ON CONFLICT (key) DO UPDATE SET seen = excluded.seen, detail = excluded.detail",
                (key, text),
            )
        return
    for attempt in (1, 2):
        _pg_table()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {TABLE} (key, seen, detail) "  # noqa: S608
                    "VALUES (%s, clock_timestamp(), %s) ON CONFLICT (key) DO UPDATE "
                    "SET seen = excluded.seen, detail = excluded.detail",
                    [key, text],
                )
            return
        except DatabaseError:
            # The table this process made may have gone with a rolled-back transaction
            # (tests) or a restore: make it again, once.
            _created.discard(str(connection.settings_dict["NAME"]))
            if attempt == 2:
                raise


def forget(key: str) -> None:
    if side_file() is not None:
        with _sqlite() as db:
            db.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))  # noqa: S608
        return
    _pg_table()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [key])  # noqa: S608


def beats(prefix: str) -> list[Beat]:
    """Every beat whose key starts with `prefix`, youngest first."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if side_file() is not None:
        with _sqlite() as db:
            rows = db.execute(
                f"SELECT key, (julianday('now') - seen) * 86400.0, detail FROM {TABLE} "  # noqa: S608
                "WHERE key LIKE ? ESCAPE '\\' ORDER BY seen DESC",
                (pattern,),
            ).fetchall()
    else:
        rows = []
        # A savepoint: when no beat was ever written the table is missing, and the error
        # must not spoil the caller's transaction.
        with suppress(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, EXTRACT(EPOCH FROM clock_timestamp() - seen)::float8, detail "  # noqa: S608
                f"FROM {TABLE} WHERE key LIKE %s ORDER BY seen DESC",
                [pattern],
            )
            rows = cursor.fetchall()
    return [Beat(key=k, age=float(a), detail=json.loads(d)) for k, a, d in rows]


def last(key: str) -> Beat | None:
    return next((b for b in beats(key) if b.key == key), None)


def prune(older_than: float) -> None:
    """Forget beats older than `older_than` seconds (workers that stopped long ago)."""
    for stale in beats(""):
        if stale.age > older_than:
            forget(stale.key)


class Pulse:
    """Beat `key` every `every` seconds from a thread of its own while the block runs.

    `detail` is written with each beat (an import's rows read and fraction done); `also`,
    if given, runs after each beat in the same thread (a worker's periodic checks). The
    first beat is written before the block starts; the key is forgotten when it ends.
    """

    def __init__(
        self, key: str, *, every: float = 2.0, also: Callable[[], None] | None = None
    ) -> None:
        self.key = key
        self.every = every
        self.also = also
        self.detail: dict[str, Any] = {}
        self._stop = threading.Event()
        self._first = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pulse-{key}", daemon=True)

    def update(self, rows: int, fraction: float) -> None:
        """The importer's progress callback: the next beat carries it."""
        self.detail = {"rows": rows, "fraction": round(fraction, 4)}

    def _run(self) -> None:
        try:
            while True:
                try:
                    beat(self.key, self.detail)
                except Exception:  # a missed beat must not stop the job
                    log.exception("heartbeat %s not recorded", self.key)
                self._first.set()
                if self.also is not None:
                    try:
                        self.also()
                    except Exception:
                        log.exception("periodic check of %s failed", self.key)
                if self._stop.wait(self.every):
                    break
            with suppress(Exception):
                forget(self.key)
        finally:
            self._first.set()
            connections.close_all()
            cached = getattr(_local, "sqlite", None)
            if cached is not None:
                cached[1].close()

    def __enter__(self) -> Pulse:
        self._thread.start()
        self._first.wait(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

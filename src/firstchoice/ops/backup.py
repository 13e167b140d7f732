"""Backups of the whole database, and restores of them, exactly (not dumpdata/loaddata).

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by
  page while the server keeps running and writing; the copy is one consistent moment.
- PostgreSQL: `pg_dump -Fc` (one consistent snapshot, compressed, restorable table by
  table) and `pg_restore --clean --if-exists --single-transaction`.

Both keep every table as it is — history tables, timestamps to the microsecond, password
and token hashes never leave the database's own format.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore could not be made; nothing was changed."""


def _pg_env_args(settings: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [option, str(settings[key])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return path


def backup(path: Path) -> None:
    """Write a backup of the configured database to `path` (replaced only when complete)."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_args(connection.settings_dict)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"]
        done = subprocess.run(  # noqa: S603
            [*command, *args, str(connection.settings_dict["NAME"])],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        raise ImproperlyConfigured(f"no backup for {connection.vendor} databases")
    os.replace(partial, path)


def restore(path: Path) -> None:
    """Replace every table of the configured database with those of a backup."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not a SQLite backup (made by `firstchoice backup`)")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connections.close_all()
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump -Fc)")
        env, args = _pg_env_args(connection.settings_dict)
        connections.close_all()
        done = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise BackupError(f"pg_restore failed, nothing changed: {done.stderr.strip()}")
    else:
        raise ImproperlyConfigured(f"no restore for {connection.vendor} databases")

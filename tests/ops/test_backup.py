"""`firstchoice backup` / `restore`: a restore into a fresh database is the same, table by
table and row by row, history tables included (SQLite backup API; pg_dump/pg_restore)."""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from firstchoice.coaching.models import Trait
from firstchoice.demo import generator
from tests.base import TODAY

FIRSTCHOICE = Path(sys.executable).parent / "firstchoice"
pytestmark = pytest.mark.django_db(transaction=True)

Fingerprint = dict[str, tuple[int, str]]  # table → (rows, digest of its sorted rows)


def _sqlite_fingerprint(path: str) -> Fingerprint:
    db = sqlite3.connect(path)
    try:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        result = {}
        for table in tables:
            rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))  # noqa: S608
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result
    finally:
        db.close()


def _pg_conninfo(name: str) -> str:
    db = connection.settings_dict
    return (
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        f"user={db['USER']} dbname={name}"
    )


def _pg_fingerprint(name: str) -> Fingerprint:
    with psycopg.connect(_pg_conninfo(name), password=connection.settings_dict["PASSWORD"]) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        result = {}
        for table in tables:
            row = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501, S608
            ).fetchone()
            assert row is not None
            result[table] = (int(row[0]), str(row[1]))
        return result


def _restore(url: str, backup: Path) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [str(FIRSTCHOICE), "restore", str(backup), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _check(original: Fingerprint, restored: Fingerprint) -> None:
    assert sorted(restored) == sorted(original)
    different = [t for t in original if original[t] != restored[t]]
    assert different == []
    history = {t: n for t, (n, _d) in original.items() if "historical" in t}
    assert len([n for n in history.values() if n]) >= 5, history  # history tables, with rows
    counts = {t: n for t, (n, _d) in original.items()}
    print(f"\n{len(counts)} tables, {sum(counts.values()):,} rows; history: {history}")


def test_it_restores_every_table_exactly_into_a_fresh_database(tmp_path: Path) -> None:
    if not Trait.objects.exists():  # an earlier test's flush removed the migration's rows
        importlib.import_module("firstchoice.coaching.migrations.0002_six_traits").load(apps, None)
    generator.load(today=TODAY, customers=60)
    backup = tmp_path / "firstchoice.backup"
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert "backed up" in out.getvalue() and backup.stat().st_size > 0
    if connection.vendor == "sqlite":
        original = _sqlite_fingerprint(str(connection.settings_dict["NAME"]))
        fresh = tmp_path / "fresh.sqlite3"
        _restore(f"sqlite:///{fresh}", backup)
        _check(original, _sqlite_fingerprint(str(fresh)))
        return
    original = _pg_fingerprint(str(connection.settings_dict["NAME"]))
    fresh_name = f"{connection.settings_dict['NAME']}_restore"
    admin = _pg_conninfo("postgres")
    password = connection.settings_dict["PASSWORD"]
    with psycopg.connect(admin, password=password, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
        db.execute(f'CREATE DATABASE "{fresh_name}"')
    try:
        db_ = connection.settings_dict
        url = f"postgres://{db_['USER']}@{db_['HOST'] or '127.0.0.1'}:{db_['PORT'] or 5432}"
        _restore(f"{url}/{fresh_name}", backup)
        _check(original, _pg_fingerprint(fresh_name))
    finally:
        with psycopg.connect(admin, password=password, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')


def test_it_refuses_a_file_that_is_no_backup_and_changes_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(junk), "--yes")
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing"), "--yes")

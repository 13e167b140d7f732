"""`firstchoice copy-database --to postgres://…`: a SQLite installation lands in a new
PostgreSQL database table by table and row by row (ids, history, microseconds, hashes), the
sequences continue after the copied ids, and a target that is not migrated or not empty is
refused with nothing written."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, connections, models

from firstchoice.coaching.models import Trait
from firstchoice.demo import generator
from firstchoice.ops.copy import copied_models
from firstchoice.people.models import KeyPerson
from tests.base import TODAY

FIRSTCHOICE = Path(sys.executable).parent / "firstchoice"
# The PostgreSQL server to copy into (the suite's own, or a local one for SQLite runs).
SERVER = os.environ.get("COPY_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
ALIAS = "copy_check"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
        reason="copies a SQLite installation into PostgreSQL",
    ),
]


def _admin() -> psycopg.Connection[Any]:
    config = dj_database_url.parse(f"{SERVER}/postgres")
    try:
        return psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:  # pragma: no cover - no server at hand
        pytest.skip(f"no PostgreSQL server at {SERVER}: {exc}")


@pytest.fixture
def target() -> Iterator[str]:
    """A new, empty PostgreSQL database (not migrated); dropped afterwards."""
    name = f"fc_copy_test_{os.getpid()}"
    with _admin() as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield f"{SERVER}/{name}"
    connections.close_all()
    with _admin() as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "FIRSTCHOICE_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(FIRSTCHOICE), "migrate", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def _opened(url: str) -> Iterator[Any]:
    config = dj_database_url.parse(url)
    connections.settings[ALIAS] = connections.configure_settings(
        {"default": dict(config), ALIAS: config}
    )[ALIAS]
    try:
        # connect() itself: the test's guard refuses connections to aliases it was not
        # told about at its start, unless they are already open.
        connections[ALIAS].connect()
        yield connections[ALIAS]
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def _content(model: type[models.Model], alias: str) -> list[tuple[Any, ...]]:
    names = [field.attname for field in model._meta.concrete_fields]
    return list(model._base_manager.using(alias).order_by("pk").values_list(*names))


def _counts(alias: str) -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.using(alias).count() for model in copied_models()
    }


def _copy(url: str) -> str:
    out = subprocess.run(
        [str(FIRSTCHOICE), "copy-database", "--to", url],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    return out.stdout + out.stderr


def test_it_copies_every_table_exactly_and_continues_the_ids(target: str, tmp_path: Path) -> None:
    if not Trait.objects.exists():  # an earlier test's flush removed the migration's rows
        importlib.import_module("firstchoice.coaching.migrations.0002_six_traits").load(apps, None)
    generator.load(today=TODAY, customers=40)
    _migrate(target, tmp_path)
    source = _counts("default")

    said = _copy(target)
    assert f"copied {sum(source.values()):,} rows of {len(source)} tables" in said, said

    with _opened(target) as copy:
        assert _counts(ALIAS) == source
        different = [
            model._meta.db_table
            for model in copied_models()
            # The copy is a write on the target: its page-cache data version is new.
            if model._meta.db_table != "teams_dataversion"
            and _content(model, "default") != _content(model, ALIAS)
        ]
        assert different == []
        history = {t: n for t, n in source.items() if "historical" in t and n}
        assert len(history) >= 5, history
        assert source["sales_salesline"] > 1000
        # Microseconds survive (dumpdata cut them to milliseconds).
        history_model = KeyPerson.history.model  # type: ignore[attr-defined]
        stamps = history_model.objects.using(ALIAS).values_list("history_date", flat=True)[:50]
        assert any(stamp.microsecond % 1000 for stamp in stamps)
        # New rows get fresh ids: every sequence continues after the highest copied id.
        with copy.cursor() as cursor:
            for model in copied_models():
                pk = model._meta.pk
                if not isinstance(pk, models.AutoField) or not source[model._meta.db_table]:
                    continue
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{pk.column}')), "  # noqa: S608
                    f'max("{pk.column}") FROM "{table}"'
                )
                after, highest = cursor.fetchone()
                assert after > highest, table
    print(f"\n{len(source)} tables, {sum(source.values()):,} rows copied; {history}")

    # Copying again into the now filled database is refused, and changes nothing.
    said = _copy(target)
    assert "nothing copied" in said and "is not empty: table" in said, said
    with _opened(target):
        assert _counts(ALIAS) == source


def test_it_refuses_a_target_that_is_not_migrated(target: str) -> None:
    with pytest.raises(CommandError, match="is not migrated: run `DATABASE_URL=<target>"):
        call_command("copy_database", to=target)


def test_it_refuses_a_target_that_is_not_postgresql(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="must be a PostgreSQL database"):
        call_command("copy_database", to=f"sqlite:///{tmp_path / 'other.sqlite3'}")

"""Copy a whole installation into a new PostgreSQL database, exactly (the SQLite trial that
becomes production).

Every table of every model is copied row by row with its ids — history tables, many-to-many
tables, jobs, sessions, password and token hashes as stored, timestamps to the microsecond —
and `django_migrations` too; then the target's sequences are set past the highest ids, so new
rows get fresh ones. Values go through Django's own conversions (what the application reads
from the source is what it will read from the target) and into PostgreSQL with COPY.

The target must be migrated to the same migrations and otherwise empty (only the rows
`migrate` itself writes: content types, permissions, the six traits and their behaviours);
anything else is refused before a row is written. The copy is one transaction on the
target: it lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import dj_database_url
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

TARGET = "copy_target"
CHUNK = 5000
# Tables a fresh `migrate` fills itself; they are replaced by the source's rows (whose ids
# the history and permissions refer to).
FILLED_BY_MIGRATE = {
    "django_content_type",
    "auth_permission",
    "coaching_trait",
    "coaching_behaviour",
    "teams_dataversion",  # any write during migrate gives the data a version (pagecache)
}


class CopyRefused(Exception):
    """The copy was not made; the target is unchanged."""


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int


def copied_models() -> list[type[models.Model]]:
    """Every model with a table of its own (M2M and history tables too), and the record
    of applied migrations; sorted by table name."""
    found = {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    found[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder.Migration
    return [found[table] for table in sorted(found)]


def target_settings(url: str) -> dict[str, Any]:
    config = dict(dj_database_url.parse(url))
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise CopyRefused(f"the target must be a PostgreSQL database (postgres://…), not {url!r}")
    return config


def _same_database(config: dict[str, Any]) -> bool:
    mine = connection.settings_dict
    return connection.vendor == "postgresql" and all(
        str(mine.get(key) or "") == str(config.get(key) or "") for key in ("HOST", "PORT", "NAME")
    )


def _applied(db: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    recorder = MigrationRecorder(db)
    if not recorder.has_table():
        return set()
    return set(recorder.applied_migrations())


def _check_target(target: BaseDatabaseWrapper, tables: list[str]) -> None:
    name = target.settings_dict["NAME"]
    mine, theirs = _applied(connection), _applied(target)
    if not theirs:
        raise CopyRefused(
            f"the target database {name} is not migrated: run "
            "`DATABASE_URL=<target> firstchoice migrate` first, then copy again"
        )
    if mine != theirs:
        missing = sorted(f"{app}.{migration}" for app, migration in mine - theirs)
        extra = sorted(f"{app}.{migration}" for app, migration in theirs - mine)
        detail = "; ".join(
            part
            for part in (
                f"not applied there: {', '.join(missing[:5])}" if missing else "",
                f"applied only there: {', '.join(extra[:5])}" if extra else "",
            )
            if part
        )
        raise CopyRefused(
            f"the target database {name} is not migrated like this one ({detail}): migrate "
            "both to the same version of firstchoice first"
        )
    existing = set(target.introspection.table_names())
    absent = [table for table in tables if table not in existing]
    if absent:
        raise CopyRefused(f"the target database {name} has no table {absent[0]}: migrate it")
    with target.cursor() as cursor:
        for table in tables:
            if table in FILLED_BY_MIGRATE or table == "django_migrations":
                continue
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {target.ops.quote_name(table)})")  # noqa: S608
            row = cursor.fetchone()
            if row and row[0]:
                raise CopyRefused(
                    f"the target database {name} is not empty: table {table} has rows. Copy "
                    "only into a new database (createdb, then firstchoice migrate)"
                )


def _rows(
    model: type[models.Model], fields: list[models.Field[Any, Any]]
) -> Iterator[tuple[Any, ...]]:
    names = [field.attname for field in fields]
    query = model._base_manager.using(connection.alias).order_by("pk").values_list(*names)
    yield from query.iterator(chunk_size=CHUNK)


def copy_database(url: str, *, progress: Callable[[Copied], None] | None = None) -> list[Copied]:
    """Copy every table of the configured database into the PostgreSQL database at `url`."""
    config = target_settings(url)
    if _same_database(config):
        raise CopyRefused("the target is the database this installation runs on")
    # configure_settings fills in Django's defaults (it insists on a "default" entry).
    filled = connections.configure_settings({"default": dict(config), TARGET: config})
    connections.settings[TARGET] = filled[TARGET]
    target = connections[TARGET]
    try:
        try:
            target.connect()
        except Exception as exc:
            raise CopyRefused(f"cannot connect to the target database: {exc}") from exc
        chosen = copied_models()
        tables = [model._meta.db_table for model in chosen]
        _check_target(target, tables)
        done: list[Copied] = []
        # One snapshot of the source (SQLite: its write lock; stop the services first), one
        # transaction on the target. PostgreSQL checks the foreign keys at commit (Django
        # makes them DEFERRABLE INITIALLY DEFERRED), so the order of tables does not matter.
        with transaction.atomic(using=connection.alias), transaction.atomic(using=TARGET):
            quoted = ", ".join(target.ops.quote_name(table) for table in tables)
            with target.cursor() as cursor:
                cursor.execute(f"TRUNCATE {quoted}")
                for model in chosen:
                    copied = _copy_table(model, target, cursor)
                    done.append(copied)
                    if progress:
                        progress(copied)
                for statement in target.ops.sequence_reset_sql(no_style(), chosen):
                    cursor.execute(statement)
        return done
    finally:
        target.close()
        del connections[TARGET]
        del connections.settings[TARGET]


def _copy_table(model: type[models.Model], target: BaseDatabaseWrapper, cursor: Any) -> Copied:
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(target.ops.quote_name(field.column) for field in fields)
    table = model._meta.db_table
    rows = 0
    with cursor.cursor.copy(f"COPY {target.ops.quote_name(table)} ({columns}) FROM STDIN") as out:
        for values in _rows(model, fields):
            out.write_row(
                [
                    None if value is None else field.get_db_prep_save(value, connection=target)
                    for field, value in zip(fields, values, strict=True)
                ]
            )
            rows += 1
    return Copied(table=table, rows=rows)

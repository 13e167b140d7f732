"""The demo company, generated once per test session and copied in wherever a test needs it.

Generating it (sales history, portfolios through the actions, research, people, plans,
coaching, reviews) takes tens of seconds; copying its rows back takes a few. The first
`load_demo` of a session runs the real generator and keeps the rows it wrote (and changed);
later calls with the same arguments, onto a database holding the same rows as then (the
migrated one, inside a test case's transaction), write those rows again, column for column,
so every test class sees exactly what the generator made — timestamps the generator aged
included, which `bulk_create` would have reset through `auto_now`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from firstchoice.demo import generator

Row = tuple[Any, ...]


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    pks: set[Any]  # rows written or changed by the generator, and rows it deleted
    params: list[list[Any]]  # the rows it wrote, ready for INSERT (pk first)


@dataclass(frozen=True)
class _Snapshot:
    summary: generator.Summary
    tables: list[_Table]
    base: dict[str, frozenset[Any]]  # the rows there were before: the copy fits only onto them


_snapshots: dict[tuple[str, str, dt.date, int], _Snapshot] = {}


def load_demo(*, today: dt.date, customers: int) -> generator.Summary:
    key = (connection.vendor, connection.settings_dict["NAME"], today, customers)
    before = {model: _rows(model) for model in _models()}
    base = {m._meta.label: frozenset(rows) for m, rows in before.items() if rows}
    snapshot = _snapshots.get(key)
    if snapshot is None or snapshot.base != base:
        # First time, or a database whose rows differ from the copy's (a live-server test's
        # flushed and re-seeded tables): generate for real.
        summary = generator.load(today=today, customers=customers)
        if snapshot is None:
            _snapshots[key] = _Snapshot(summary, _changes(before), base)
        return summary
    _restore(snapshot.tables)
    return snapshot.summary


def _models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    pk = model._meta.pk
    assert pk is not None
    return [pk, *(f for f in model._meta.concrete_fields if f is not pk)]


def _rows(model: type[models.Model]) -> dict[Any, Row]:
    names = [f.attname for f in _fields(model)]
    return {row[0]: row for row in model._base_manager.order_by().values_list(*names)}


def _changes(before: dict[type[models.Model], dict[Any, Row]]) -> list[_Table]:
    tables = []
    for model, old in before.items():
        new = _rows(model)
        rows = [row for pk, row in new.items() if old.get(pk) != row]
        gone = {pk for pk in old if pk not in new}
        if rows or gone:
            fields = _fields(model)
            params = [
                [
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ]
            tables.append(_Table(model, gone | {row[0] for row in rows}, params))
    return tables


def _restore(tables: list[_Table]) -> None:
    quote = connection.ops.quote_name
    # Foreign keys are deferred to the end of the transaction on both databases, so tables
    # can be written in any order.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            fields = _fields(table.model)
            db_table, pk_column = quote(table.model._meta.db_table), quote(fields[0].column)
            present = set(table.model._base_manager.values_list("pk", flat=True))
            # The few rows made before the generator ran and changed by it, e.g. the settings.
            for pk in present & table.pks:
                cursor.execute(f"DELETE FROM {db_table} WHERE {pk_column} = %s", [pk])  # noqa: S608
            if not table.params:
                continue
            sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
                db_table,
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            cursor.executemany(sql, table.params)
        for statement in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            cursor.execute(statement)

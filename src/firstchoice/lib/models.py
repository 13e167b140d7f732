"""Model helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, router, transaction


def _lock(queryset: models.QuerySet[Any]) -> None:
    """Lock the rows of `queryset` FOR UPDATE (a no-op on SQLite, whose write transactions
    are IMMEDIATE: the whole database is the lock)."""
    rows = queryset.model._base_manager.using(queryset.db).filter(pk__in=queryset.values("pk"))
    list(rows.order_by("pk").select_for_update().values_list("pk", flat=True))


class LockedDeletionQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=self.db, savepoint=False):
            _lock(self)
            return super().delete()


class LockedDeletion(models.Model):
    """Deletion locks the row before Django looks for what refers to it.

    For rows that bulk-written tables refer to without a database constraint (sales lines
    and roll-ups): a writer holds the rows it refers to (FOR KEY SHARE) until it commits,
    so the lock waits for it, and on_delete (PROTECT, CASCADE) then sees its rows.
    """

    objects = LockedDeletionQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            _lock(type(self)._base_manager.using(using).filter(pk=self.pk))
            return super().delete(using=using, keep_parents=keep_parents)


def insert_new(
    model: type[models.Model], varying: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT new rows of `model` that differ only in the `varying` fields (attnames).

    Every other field takes the value a new instance would get (defaults, auto_now_add),
    prepared once for all rows. For tens of thousands of rows bulk_create spends its time
    building an instance and preparing every field per row; this is one executemany on
    SQLite and one COPY on PostgreSQL. No signals, no save(), like bulk_create. Primary
    keys are the database's.
    """
    template = model()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    fixed = [f for f in fields if f.attname not in varying]
    fixed_values = tuple(f.get_db_prep_save(f.pre_save(template, True), connection) for f in fixed)
    by_name = {f.attname: f for f in fields}
    columns = [str(f.column) for f in (*(by_name[name] for name in varying), *fixed)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *fixed_values))
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608
            [(*row, *fixed_values) for row in rows],
        )


def last_id(model: type[models.Model]) -> int:
    """The highest primary key `model` has now (0: none): rows inserted after have higher."""
    found = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(found or 0)

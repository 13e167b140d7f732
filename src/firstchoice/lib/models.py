"""Model helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models, router, transaction


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

"""One way to refuse a stale edit, for every record two people may edit at once.

A shared record (a plan and its rows, a dossier section, a key person, a statement, a
meeting note) carries an integer `version`. An editor sends back the version they started
from; the action locks the row, compares, and either saves with the version raised by one
or raises `StaleEdit`, which names who saved in between and when. Pages show that next to
the editor's own input; the API answers 409 with the same facts. An editor that sends no
version (an API client that does not care) overwrites: last write wins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class StaleEdit(Exception):
    """The row changed since the editor loaded it. Nothing was saved.

    Carries the row as it is now and who changed it, so the editor sees the other person's
    change next to their own input and can merge by hand.
    """

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current
        self.changed_by, self.changed_at = last_change(current)

    @property
    def version(self) -> int:
        """The version to start again from (0: the row does not exist yet)."""
        return int(self.current.version) if self.current is not None else 0


def last_change(row: Any) -> tuple[Any, dt.datetime | None]:
    """Who saved `row` last and when: from its history when it keeps one, else from its
    `updated_by` / `updated_at` (or `updated`) columns."""
    history = getattr(row, "history", None)
    if history is not None:
        last = history.first()
        if last is not None:
            return last.history_user, last.history_date
    by = getattr(row, "updated_by", None)
    at = getattr(row, "updated_at", None) or getattr(row, "updated", None)
    return by, at


def check_version(row: Any, version: int | None) -> None:
    """StaleEdit unless `row` (locked by the caller) is still at `version`.

    `None` means the editor did not say (last write wins); a new row is at version 0."""
    if version is not None and (row.version if row is not None else 0) != version:
        raise StaleEdit(row)


def guarded(model: type[M], obj: M, version: int | None) -> M:
    """The row locked for this transaction, if it is still at `version`, with its version
    raised by one for the save that follows; else StaleEdit."""
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    check_version(locked, version)
    locked.version += 1  # type: ignore[attr-defined]
    return locked


def stale_message(exc: StaleEdit) -> str:
    """What a page says beside the editor's kept input."""
    when = timezone.localtime(exc.changed_at).strftime("%Y-%m-%d %H:%M") if exc.changed_at else "?"
    return _(
        "%(name)s saved this at %(when)s, after you opened it, so nothing was saved. Look at "
        "their version, then make your change again."
    ) % {"name": exc.changed_by or _("Someone"), "when": when}

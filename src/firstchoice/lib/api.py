"""What every API router shares: the answer to a stale edit."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Schema

from firstchoice.lib.edits import StaleEdit


class ConflictOut(Schema):
    detail: str
    changed_by: str | None
    changed_at: dt.datetime | None
    current_version: int


CONFLICT = {409: ConflictOut}


def conflict(exc: StaleEdit) -> ConflictOut:
    """The body of a 409: who saved in between, when, and the version to start again from."""
    who = exc.changed_by
    return ConflictOut(
        detail=_("Changed by someone else since your version: nothing was saved."),
        changed_by=getattr(who, "username", None) or (str(who) if who else None),
        changed_at=exc.changed_at,
        current_version=exc.version,
    )

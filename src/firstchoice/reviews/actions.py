"""Every write of the monthly review: statements, opening a meeting, meeting notes.

Callers pass objects obtained through `reviews.queries` (which checks who may write).
Texts are edited in place with a version number: a stale version is refused with a
message rather than silently overwriting a colleague's words; history keeps every version.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.lib.edits import check_version
from firstchoice.reviews.models import Meeting, MeetingNote, Statement
from firstchoice.teams.models import Salesperson, Team, User

MAX_TEXT = 5_000


def _check_month(month: dt.date) -> None:
    if month.day != 1:
        raise ValidationError({"month": _("A review month is given by its first day.")})


def _clean(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {name: (value or "").strip() for name, value in texts.items()}
    errors = {
        name: _("Keep it under %(max)d characters.") % {"max": MAX_TEXT}
        for name, value in cleaned.items()
        if len(value) > MAX_TEXT
    }
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_statement(
    *,
    actor: User,
    salesperson: Salesperson,
    month: dt.date,
    progress: str,
    difficulties: str,
    help_needed: str,
    version: int | None = None,
) -> Statement:
    """Write the salesperson's statement for `month` (their progress, difficulties and the
    help they need). `version` guards against overwriting an edit made in between."""
    _check_month(month)
    texts = _clean({"progress": progress, "difficulties": difficulties, "help_needed": help_needed})
    statement = (
        Statement.objects.select_for_update().filter(salesperson=salesperson, month=month).first()
    )
    check_version(statement, version or 0)
    if statement is None:
        statement = Statement(salesperson=salesperson, month=month, version=0)
    for name, value in texts.items():
        setattr(statement, name, value)
    statement.version += 1
    statement.updated_by = actor
    statement.updated_at = timezone.now()
    statement._history_user = actor  # type: ignore[attr-defined]
    statement.save()
    return statement


@transaction.atomic
def open_meeting(*, actor: User, team: Team, month: dt.date) -> Meeting:
    """Open the team's meeting for `month`; opening it again returns the same meeting."""
    _check_month(month)
    meeting, _created = Meeting.objects.get_or_create(
        team=team, month=month, defaults={"opened_by": actor, "opened_at": timezone.now()}
    )
    return meeting


@transaction.atomic
def save_note(
    *,
    actor: User,
    meeting: Meeting,
    salesperson: Salesperson,
    difficulties: str,
    ideas: str,
    decisions: str,
    kudos: str,
    version: int | None = None,
) -> MeetingNote:
    """Record what the meeting said about one salesperson of its team."""
    if salesperson.team_id != meeting.team_id:
        raise ValidationError({"salesperson": _("This salesperson is not in the team.")})
    texts = _clean(
        {"difficulties": difficulties, "ideas": ideas, "decisions": decisions, "kudos": kudos}
    )
    note = (
        MeetingNote.objects.select_for_update()
        .filter(meeting=meeting, salesperson=salesperson)
        .first()
    )
    check_version(note, version or 0)
    if note is None:
        note = MeetingNote(meeting=meeting, salesperson=salesperson, version=0)
    for name, value in texts.items():
        setattr(note, name, value)
    note.version += 1
    note.updated_by = actor
    note.updated_at = timezone.now()
    note._history_user = actor  # type: ignore[attr-defined]
    note.save()
    return note

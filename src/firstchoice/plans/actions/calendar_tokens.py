"""The secret of a user's calendar feed of actions and contacts (read by `plans.calendar`)."""

from __future__ import annotations

from django.db import transaction

from firstchoice.plans.models import CalendarToken, new_calendar_token
from firstchoice.teams.models import User


def calendar_token(user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def renew_calendar_token(*, actor: User) -> CalendarToken:
    """A new secret for the feed URL: every calendar holding the old URL loses access."""
    token = calendar_token(actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token"])
    return token

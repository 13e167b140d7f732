"""What management commands need of users: `--user NAME` as the actor of their writes."""

from __future__ import annotations

from django.core.management.base import CommandError

from firstchoice.teams.models import User


def actor_option(username: str | None) -> User | None:
    """The user named by `--user` (None when not given), or a CommandError naming it."""
    if not username:
        return None
    actor = User.objects.filter(username=username).first()
    if actor is None:
        raise CommandError(f"--user: no user named {username!r}")
    return actor

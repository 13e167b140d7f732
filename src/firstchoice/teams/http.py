"""The signed-in user of a request, typed: every view and API handler asks this way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from firstchoice.teams.models import User


def user_of(request: HttpRequest) -> User:
    """The signed-in user. Views call it behind `login_required` and API handlers behind the
    API's authentication, so an anonymous user here is a wiring mistake: refuse, never
    fall through with AnonymousUser."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("sign in first")
    return user

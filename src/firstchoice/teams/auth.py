"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer, SessionAuth

from firstchoice.teams.actions import authenticate_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            # The language middleware ran before the token was read: honour the user's choice.
            if user.language:
                translation.activate(user.language)
        return user


class Session(SessionAuth):
    """The signed-in browser session. CSRF is checked only when there is a session user:
    without one the request is unauthenticated (401), not a failed CSRF check (403)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


API_AUTH = [BearerToken(), Session()]

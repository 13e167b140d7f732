"""Writes about users and their tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.teams.models import ApiToken, User, hash_token

TOKEN_PREFIX = "fc_"  # noqa: S105 — a marker, not a secret


def set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language: %(code)s") % {"code": language}})
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def create_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new personal API token. Returns the row and the raw token, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], token_hash=hash_token(raw)
    )
    return token, raw


def revoke_token(*, token: ApiToken) -> None:
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw bearer token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client must not turn every read into a write.
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user

"""What applies to one person: their choices where they made one, else the company's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from firstchoice.notifications.models import NotificationSettings, Preference
from firstchoice.teams.models import User


@dataclass(frozen=True)
class Effective:
    email: bool
    digest: bool
    digest_time: dt.time
    immediate: frozenset[str]
    muted: frozenset[str]
    unsubscribed: frozenset[str]
    version: int

    def wants(self, kind: str) -> bool:
        return kind not in self.muted

    def mails_at_once(self, kind: str) -> bool:
        return (
            self.email
            and kind in self.immediate
            and kind not in self.unsubscribed
            and kind not in self.muted
        )

    def mails_in_digest(self, kind: str) -> bool:
        return self.email and self.digest and kind not in self.unsubscribed


def effective(
    user: User,
    *,
    company: NotificationSettings | None = None,
    preference: Preference | None = None,
) -> Effective:
    company = company or NotificationSettings.load()
    if preference is None:
        preference = Preference.objects.filter(user=user).first()
    if preference is None:
        return Effective(
            email=company.email_enabled,
            digest=True,
            digest_time=company.digest_time,
            immediate=frozenset(company.immediate_kinds or ()),
            muted=frozenset(company.muted_kinds or ()),
            unsubscribed=frozenset(),
            version=0,
        )
    return Effective(
        email=company.email_enabled and preference.email_enabled,
        digest=preference.digest_enabled,
        digest_time=preference.digest_time or company.digest_time,
        immediate=frozenset(
            company.immediate_kinds
            if preference.immediate_kinds is None
            else preference.immediate_kinds
        ),
        muted=frozenset(
            company.muted_kinds if preference.muted_kinds is None else preference.muted_kinds
        ),
        unsubscribed=frozenset(preference.unsubscribed_kinds or ()),
        version=preference.version,
    )

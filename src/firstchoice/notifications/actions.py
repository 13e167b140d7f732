"""Every write of notifications: raising one (`notify`, called by the other apps' write
actions, inside their transaction), reading them, preferences, unsubscribing, pruning.

`notify` never tells the person who caused the event, and does nothing for a kind the
person muted. With a `key` it remembers the state it reminded of (`Reminder`), so a
periodic scanner and an event that both see it tell the person once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.lib.edits import check_version
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import (
    Digest,
    MailState,
    Notification,
    NotificationSettings,
    Preference,
    Reminder,
)
from firstchoice.notifications.preferences import effective
from firstchoice.teams.models import User


@transaction.atomic
def notify(
    *,
    user: User | None,
    kind: str,
    params: Mapping[str, Any],
    link: str = "",
    actor: User | None = None,
    key: str = "",
) -> Notification | None:
    """Tell `user` about an event of `kind` (None when nobody is to be told)."""
    if user is None or not user.is_active or (actor is not None and actor.pk == user.pk):
        return None
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    prefs = effective(user)
    if not prefs.wants(kind):
        return None
    if key:
        try:
            with transaction.atomic():
                Reminder.objects.create(user=user, key=key)
        except IntegrityError:
            return None  # already told about this state
    return Notification.objects.create(
        user=user,
        kind=kind,
        params={name: str(value) for name, value in params.items()},
        link=link[:500],
        actor=actor,
        mail_state=MailState.PENDING
        if prefs.mails_at_once(kind) and user.email
        else MailState.NONE,
    )


def notify_all(
    *,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any],
    link: str = "",
    actor: User | None = None,
    key: str = "",
) -> list[Notification]:
    """The same event for several people (a team's managers); each at most once."""
    seen: set[int] = set()
    sent = []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        found = notify(user=user, kind=kind, params=params, link=link, actor=actor, key=key)
        if found is not None:
            sent.append(found)
    return sent


@dataclass(frozen=True)
class Wanted:
    """A reminder a scanner wants given: to whom, of which state, what it says, the link."""

    user: User
    key: str
    kind: str
    params: Mapping[str, Any]
    link: str


@transaction.atomic
def sync_reminders(*, prefix: str, wanted: Iterable[Wanted]) -> int:
    """Give the reminders in `wanted` (each key starting with `prefix`) not given yet, and
    forget the states under `prefix` that no longer hold, so a state that comes back is
    reminded of again. Returns how many notifications were raised."""
    wanted = list(wanted)
    if any(not w.key.startswith(prefix) for w in wanted):
        raise ValueError(f"every key must start with {prefix!r}")
    held = set(Reminder.objects.filter(key__startswith=prefix).values_list("user_id", "key"))
    current = {(w.user.pk, w.key) for w in wanted}
    for user_id, key in held - current:
        Reminder.objects.filter(user_id=user_id, key=key).delete()
    raised = 0
    for w in wanted:
        if (w.user.pk, w.key) in held:
            continue
        if notify(user=w.user, kind=w.kind, params=w.params, link=w.link, key=w.key):
            raised += 1
    return raised


@transaction.atomic
def mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise ValidationError({"notification": _("This is not your notification.")})
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor: User, kind: str = "") -> int:
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


def _check_kinds(values: Iterable[str], field: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    unknown = [v for v in chosen if v not in Kind.values]
    if unknown:
        raise ValidationError({field: _("Unknown kind: %(kind)s.") % {"kind": unknown[0]}})
    return chosen


@transaction.atomic
def save_preferences(
    *,
    actor: User,
    email_enabled: bool,
    digest_enabled: bool,
    digest_time: dt.time | None,
    immediate_kinds: Iterable[str],
    muted_kinds: Iterable[str],
    version: int | None = None,
) -> Preference:
    """The signed-in person's own choices. Choosing a kind for immediate mail again also
    undoes an earlier unsubscribe from it."""
    immediate = _check_kinds(immediate_kinds, "immediate_kinds")
    muted = _check_kinds(muted_kinds, "muted_kinds")
    preference = Preference.objects.select_for_update().filter(user=actor).first()
    if version is not None:
        check_version(preference, version)
    if preference is None:
        preference = Preference(user=actor, version=0)
    preference.email_enabled = email_enabled
    preference.digest_enabled = digest_enabled
    preference.digest_time = digest_time
    preference.immediate_kinds = immediate
    preference.muted_kinds = muted
    preference.unsubscribed_kinds = [
        k for k in preference.unsubscribed_kinds or [] if k not in immediate
    ]
    preference.version += 1
    preference.save()
    return preference


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> Preference:
    """Stop mailing `kind` to `user` (the signed link in a mail; no login needed). The
    product still shows it; `kind == "all"` turns e-mail off altogether."""
    preference = Preference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        prefs = effective(user)
        preference = Preference(
            user=user,
            email_enabled=prefs.email,
            immediate_kinds=sorted(prefs.immediate),
            muted_kinds=sorted(prefs.muted),
            version=0,
        )
    if kind == "all":
        preference.email_enabled = False
    elif kind in Kind.values:
        if kind not in (preference.unsubscribed_kinds or []):
            preference.unsubscribed_kinds = [*(preference.unsubscribed_kinds or []), kind]
    else:
        raise ValidationError({"kind": _("Unknown kind: %(kind)s.") % {"kind": kind}})
    preference.version += 1
    preference.save()
    Notification.objects.filter(
        user=user,
        mail_state=MailState.PENDING,
        **({} if kind == "all" else {"kind": kind}),
    ).update(mail_state=MailState.NONE)
    return preference


@transaction.atomic
def prune(*, now: dt.datetime | None = None) -> int:
    """Forget notifications (and digests) older than the company keeps them (90 days)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=NotificationSettings.load().keep_days)
    deleted, _by_model = Notification.objects.filter(created__lt=cutoff).delete()
    Digest.objects.filter(until__lt=cutoff).delete()
    return deleted

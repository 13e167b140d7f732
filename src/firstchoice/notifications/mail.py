"""E-mail: immediate mails of the kinds a person picked, and the daily digest.

Runs only on the background worker (`ops.tasks`), never inside a web request. Each mail is
claimed before it is sent with a conditional UPDATE (pending → sending) on its own row, so
two workers, or a job delivered twice, never send it twice. A send that fails goes back to
pending and is retried by the next run, up to MAX_ATTEMPTS; a worker that dies between
claiming and recording leaves the row "sending", which is never sent again (at most once).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import (
    Digest,
    MailState,
    Notification,
    NotificationSettings,
    Preference,
)
from firstchoice.notifications.preferences import Effective, effective
from firstchoice.notifications.tokens import unsubscribe_token
from firstchoice.teams.models import User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(user: User, kind: str) -> str:
    return absolute(reverse("notification-unsubscribe", args=[unsubscribe_token(user.pk, kind)]))


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def _message(
    user: User, subject: str, template: str, context: dict[str, Any], unsubscribe: str
) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": absolute(reverse("notification-preferences")),
        "unsubscribe_all_url": unsubscribe_url(user, "all"),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _item(notification: Notification) -> dict[str, Any]:
    return {
        "title": notification.title,
        "kind": notification.kind,
        "kind_label": notification.kind_label,
        "url": absolute(notification.link),
        "created": timezone.localtime(notification.created),
        "unsubscribe_url": unsubscribe_url(notification.user, notification.kind),
    }


def immediate_message(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    with translation.override(language_of(user)):
        item = _item(notification)
        return _message(
            user,
            item["title"],
            "immediate",
            {"item": item},
            item["unsubscribe_url"],
        )


def digest_message(digest: Digest, items: list[Notification]) -> EmailMultiAlternatives:
    user = digest.user
    with translation.override(language_of(user)):
        rows = [_item(n) for n in items]
        kinds = list(dict.fromkeys((r["kind"], r["kind_label"]) for r in rows))
        subject = ngettext(
            "firstchoice: %(count)d new notification",
            "firstchoice: %(count)d new notifications",
            len(rows),
        ) % {"count": len(rows)}
        context = {
            "items": rows,
            "count": len(rows),
            "day": digest.day,
            "kinds": [
                {"label": label, "unsubscribe_url": unsubscribe_url(user, kind)}
                for kind, label in kinds
            ],
            "inbox_url": absolute(reverse("notifications")),
        }
        return _message(user, subject, "digest", context, unsubscribe_url(user, "all"))


def _claim(model: type[Notification] | type[Digest], pk: int, field: str) -> bool:
    attempts = "mail_attempts" if model is Notification else "attempts"
    return bool(
        model.objects.filter(pk=pk, **{field: MailState.PENDING}).update(
            **{field: MailState.SENDING, attempts: F(attempts) + 1}
        )
    )


def send_immediate(limit: int = 500) -> int:
    """Send the pending immediate mails; returns how many went out."""
    sent = 0
    pending = Notification.objects.filter(mail_state=MailState.PENDING).order_by("created", "pk")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        if not _claim(Notification, pk, "mail_state"):
            continue  # another worker has it
        notification = Notification.objects.select_related("user").get(pk=pk)
        prefs = effective(notification.user)
        if not notification.user.email or not prefs.mails_at_once(notification.kind):
            Notification.objects.filter(pk=pk).update(mail_state=MailState.NONE)
            continue
        try:
            immediate_message(notification).send()
        except Exception as exc:
            state = (
                MailState.FAILED
                if notification.mail_attempts >= MAX_ATTEMPTS
                else MailState.PENDING
            )
            log.warning("mail of notification %s failed (%s): %s", pk, state, exc)
            Notification.objects.filter(pk=pk).update(mail_state=state)
            continue
        Notification.objects.filter(pk=pk).update(
            mail_state=MailState.SENT, mailed_at=timezone.now()
        )
        sent += 1
    return sent


def _digest_items(digest: Digest, prefs: Effective, *, unread_only: bool) -> QuerySet[Notification]:
    items = Notification.objects.filter(user=digest.user, created__lte=digest.until).exclude(
        kind__in=prefs.unsubscribed
    )
    if digest.since is not None:
        items = items.filter(created__gt=digest.since)
    # Mailed already, at once: not again in the digest.
    items = items.exclude(mail_state=MailState.SENT)
    if unread_only:
        items = items.filter(read_at__isnull=True)
    return items.select_related("user").order_by("-created", "-pk")


def plan_digests(now: dt.datetime | None = None, users: Iterable[User] | None = None) -> int:
    """Create today's digest for everyone whose digest time has come and who has something
    new (unread, not mailed yet) since their last digest. Returns how many were created."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    company = NotificationSettings.load()
    people = (
        list(users)
        if users is not None
        else list(User.objects.filter(is_active=True).exclude(email=""))
    )
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=people)}
    last = dict(
        Digest.objects.filter(user__in=people)
        .values("user_id")
        .annotate(until=Max("until"))
        .values_list("user_id", "until")
    )
    today_done = set(
        Digest.objects.filter(user__in=people, day=local.date()).values_list("user_id", flat=True)
    )
    created = 0
    for user in people:
        if user.pk in today_done:
            continue
        prefs = effective(user, company=company, preference=preferences.get(user.pk))
        if not prefs.email or not prefs.digest or local.time() < prefs.digest_time:
            continue
        since = last.get(user.pk) or now - dt.timedelta(days=1)
        digest = Digest(user=user, day=local.date(), since=since, until=now)
        count = _digest_items(digest, prefs, unread_only=True).count()
        if not count:
            continue  # only when there is something new
        digest.count = count
        try:
            with transaction.atomic():
                digest.save()
        except IntegrityError:
            continue  # another worker made it
        created += 1
    return created


def send_digests(limit: int = 500) -> int:
    """Send the pending digests; returns how many went out."""
    sent = 0
    pending = Digest.objects.filter(state=MailState.PENDING).order_by("day", "pk")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        if not _claim(Digest, pk, "state"):
            continue
        digest = Digest.objects.select_related("user").get(pk=pk)
        prefs = effective(digest.user)
        items = list(_digest_items(digest, prefs, unread_only=False)) if prefs.email else []
        if not items or not digest.user.email:
            Digest.objects.filter(pk=pk).update(state=MailState.NONE, count=0)
            continue
        try:
            digest_message(digest, items).send()
        except Exception as exc:
            state = MailState.FAILED if digest.attempts >= MAX_ATTEMPTS else MailState.PENDING
            log.warning("digest %s failed (%s): %s", pk, state, exc)
            Digest.objects.filter(pk=pk).update(state=state, error=str(exc)[:500])
            continue
        Digest.objects.filter(pk=pk).update(
            state=MailState.SENT, sent_at=timezone.now(), count=len(items), error=""
        )
        sent += 1
    return sent


def kinds_for_form() -> list[tuple[str, str]]:
    return [(k.value, str(k.label)) for k in Kind]

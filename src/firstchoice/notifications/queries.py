"""Reads of notifications: a person only ever sees their own."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from firstchoice.notifications.models import Notification
from firstchoice.teams.models import User


def inbox(user: User, *, kind: str = "", unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each."""
    found = Notification.objects.filter(user=user).select_related("actor")
    if kind:
        found = found.filter(kind=kind)
    if unread:
        found = found.filter(read_at__isnull=True)
    return found.order_by(F("read_at").desc(nulls_first=True), "-created", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def own_notification(user: User, pk: int) -> Notification:
    """One of the user's notifications; anybody else's answers 404, as a missing one."""
    found = Notification.objects.filter(user=user, pk=pk).first()
    if found is None:
        raise Http404("no such notification")
    return found

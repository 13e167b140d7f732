"""API of notifications: one's own, unread first; mark one or all read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from firstchoice.lib.api import Code, Id
from firstchoice.notifications import actions, queries
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification
from firstchoice.teams.http import user_of

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    link: str
    created: str
    read_at: str | None
    params: dict[str, str]


class InboxOut(Schema):
    unread: int
    count: int
    items: list[NotificationOut]


class InboxFilter(Schema):
    kind: Code = Field("", description="only this kind (empty: all)")
    unread: bool = Field(False, description="only unread ones")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class ReadAllIn(Schema):
    kind: Code = Field("", description="only this kind (empty: all)")


class ReadAllOut(Schema):
    marked: int


def _out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": n.kind_label,
        "title": n.title,
        "link": n.link,
        "created": timezone.localtime(n.created).isoformat(),
        "read_at": timezone.localtime(n.read_at).isoformat() if n.read_at else None,
        "params": {str(k): str(v) for k, v in n.params.items()},
    }


@router.get("", response=InboxOut, summary="Your notifications, unread first, newest first")
def inbox(request: HttpRequest, filters: Query[InboxFilter]) -> dict[str, Any]:
    user = user_of(request)
    kind = filters.kind if filters.kind in Kind.values else ""
    found = queries.inbox(user, kind=kind, unread=filters.unread)
    items = list(found[filters.offset : filters.offset + filters.limit])
    return {
        "unread": queries.unread_count(user),
        "count": found.count(),
        "items": [_out(n) for n in items],
    }


@router.post("/read-all", response=ReadAllOut, summary="Mark all (or one kind of) yours read")
def read_all(request: HttpRequest, body: ReadAllIn) -> dict[str, int]:
    user = user_of(request)
    kind = body.kind if body.kind in Kind.values else ""
    return {"marked": actions.mark_all_read(actor=user, kind=kind)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one read")
def read(request: HttpRequest, notification_id: Id) -> dict[str, Any]:
    user = user_of(request)
    notification = queries.own_notification(user, notification_id)
    return _out(actions.mark_read(actor=user, notification=notification))

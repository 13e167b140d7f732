"""Calendar files (RFC 5545) of a person's actions and contact meetings, via icalendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from firstchoice.plans.models import Action, ContactObjective

DOMAIN = "firstchoice"


def feed_path(token: str) -> str:
    return reverse("calendar-feed", args=[token])


def build(actions: Iterable[Action], contacts: Iterable[ContactObjective]) -> Calendar:
    """All-day events: an action on its due day, a contact meeting on its date. UIDs are
    stable so a calendar app updates an event instead of duplicating it."""
    cal = Calendar()
    cal.add("prodid", "-//firstchoice//action plans//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("firstchoice actions"))
    stamp = timezone.now()
    for action in actions:
        assert action.due is not None
        event = _event(f"action-{action.pk}@{DOMAIN}", action.due, stamp)
        event.add("summary", f"{action.what} · {action.plan.customer.name}")
        lines = [
            _("Why: %(why)s")
            % {"why": action.objective.title if action.objective else action.purpose},
            _("How: %(how)s") % {"how": action.how} if action.how else "",
            _("Resources: %(r)s") % {"r": action.resources} if action.resources else "",
            _("Status: %(s)s") % {"s": action.get_status_display()},
        ]
        event.add("description", "\n".join(line for line in lines if line))
        event.add("status", "CONFIRMED" if action.status != "proposed" else "TENTATIVE")
        cal.add_component(event)
    for contact in contacts:
        assert contact.date is not None
        event = _event(f"contact-{contact.pk}@{DOMAIN}", contact.date, stamp)
        event.add("summary", f"{contact.key_person} · {contact.plan.customer.name}")
        event.add("description", _("Must achieve: %(goal)s") % {"goal": contact.goal})
        cal.add_component(event)
    return cal


def _event(uid: str, day: dt.date, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    return event


def ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A feed URL is a secret: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response

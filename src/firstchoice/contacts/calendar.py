"""Next steps of the contact log as calendar events, added to the person's plan feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from firstchoice.contacts.models import Contact

DOMAIN = "firstchoice"


def add_next_steps(cal: Calendar, steps: Iterable[Contact]) -> Calendar:
    """An all-day event on each dated next step's due day. The UID is stable, so a calendar
    app updates the event when the step moves or is done instead of duplicating it."""
    stamp = timezone.now()
    for c in steps:
        if c.next_step_due is None:
            continue
        event = Event()
        event.add("uid", f"next-step-{c.pk}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", c.next_step_due)
        event.add("dtend", c.next_step_due + dt.timedelta(days=1))
        event.add("summary", f"{c.next_step} · {c.customer.name}")
        event.add(
            "description",
            _("Next step from the %(kind)s of %(day)s.")
            % {"kind": c.get_kind_display(), "day": c.day.isoformat()},
        )
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal

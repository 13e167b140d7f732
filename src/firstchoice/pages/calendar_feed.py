"""The private calendar feed: a person's plan actions and contact meetings (plans) and the
next steps of their contacts (contacts). It sits above both apps, so it lives here."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from firstchoice.contacts.calendar import add_next_steps
from firstchoice.contacts.queries import open_next_steps
from firstchoice.plans import calendar, queries


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login (calendar apps cannot log in); the token is the key."""
    user = queries.calendar_user(token)
    if user is None:
        raise Http404("No such calendar")
    cal = calendar.build(*queries.calendar_items(user))
    add_next_steps(cal, open_next_steps(user))
    return calendar.ics_response(cal, "firstchoice.ics")

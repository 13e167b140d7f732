"""My actions (M6): a salesperson's answers to the actions assigned to them (accept,
decline, report progress), each answered with the list fragment, and the calendar feeds.
The page itself, with the learning plan beside the actions, is `pages.my_actions`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import render_refused
from firstchoice.lib.http import is_htmx, today
from firstchoice.plans import calendar, forms, queries, rules
from firstchoice.plans.actions import action_items, calendar_tokens
from firstchoice.teams.http import user_of


def my_actions_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = user_of(request)
    now = today()
    token = calendar_tokens.calendar_token(user)
    found = queries.my_actions(user, now)
    return {
        "open_actions": [a for a in found if a.status not in rules.CLOSED_STATUSES],
        "closed_actions": [a for a in found if a.status in rules.CLOSED_STATUSES],
        "today": now,
        "feed_url": request.build_absolute_uri(calendar.feed_path(token.token)),
        **extra,
    }


def _my_respond(
    request: HttpRequest,
    errors: list[str] | None = None,
    *,
    refused: Form | ValidationError | None = None,
) -> HttpResponse:
    """My actions again; a refused answer with its form open on the action's row, as typed,
    the message beside the field (`lib.forms.render_refused`); a stale one says who changed
    the action (its form shows the new version, so there is nothing to keep)."""
    template = "plans/_my_actions.html" if is_htmx(request) else "plans/my_actions.html"
    if refused is not None:
        form = refused if isinstance(refused, Form) else None
        return render_refused(
            request,
            template,
            my_actions_context(request),
            source=refused,
            labels={"reason": _("Reason"), "status": _("Status"), "decision": _("Decision")}
            if form is None
            else None,
        )
    if errors:
        return render(request, template, my_actions_context(request, errors=errors), status=422)
    if is_htmx(request):
        return render(request, template, my_actions_context(request))
    return redirect("my-actions")


def _stale_message(exc: StaleEdit) -> str:
    return _("%(name)s changed this action at %(when)s; look at it again before you answer.") % {
        "name": exc.changed_by or _("Someone"),
        "when": exc.changed_at.strftime("%Y-%m-%d %H:%M") if exc.changed_at else "?",
    }


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = queries.my_action(user, pk)
    form = forms.RespondForm(request.POST)
    if not form.is_valid():
        return _my_respond(request, refused=form)
    data = form.cleaned_data
    try:
        action_items.respond(
            actor=user,
            action=action,
            version=data["version"],
            accept=data["decision"] == "accept",
            reason=data["reason"],
        )
    except ValidationError as exc:
        return _my_respond(request, refused=exc)
    except StaleEdit as exc:
        return _my_respond(request, [_stale_message(exc)])
    messages.success(
        request, _("Action accepted.") if data["decision"] == "accept" else _("Action declined.")
    )
    return _my_respond(request)


@login_required
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = queries.my_action(user, pk)
    form = forms.ProgressForm(request.POST)
    if not form.is_valid():
        return _my_respond(request, refused=form)
    try:
        action_items.report_progress(
            actor=user,
            action=action,
            version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
        )
    except ValidationError as exc:
        return _my_respond(request, refused=exc)
    except StaleEdit as exc:
        return _my_respond(request, [_stale_message(exc)])
    messages.success(request, _("Progress saved."))
    return _my_respond(request)


@login_required
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    calendar_tokens.renew_calendar_token(actor=user_of(request))
    messages.success(request, _("New calendar address made: the old one no longer works."))
    return _my_respond(request)


@login_required
@require_GET
def action_ics(request: HttpRequest, pk: int) -> HttpResponse:
    action = queries.my_action(user_of(request), pk)
    return calendar.ics_response(calendar.build([action], []), f"action-{action.pk}.ics")

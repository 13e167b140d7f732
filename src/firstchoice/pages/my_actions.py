"""My actions (M6) beside the open learning activities (M10): the month's work in one page.

The page sits above plans and coaching because it shows both; its htmx answers (respond,
progress, a new calendar address) swap the actions alone and stay in `plans.action_views`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from firstchoice.coaching.queries import open_learning_activities
from firstchoice.plans.action_views import my_actions_context
from firstchoice.teams.http import user_of
from firstchoice.teams.queries import own_salesperson


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    salesperson = own_salesperson(user)
    learning = open_learning_activities(salesperson) if salesperson else []
    return render(
        request, "plans/my_actions.html", my_actions_context(request, learning_activities=learning)
    )

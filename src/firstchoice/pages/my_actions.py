"""My actions (M6) beside the next steps from contacts and the open learning activities
(M10): the month's work in one page.

The page sits above plans, contacts and coaching because it shows all three; its htmx
answers (respond, progress, a new calendar address) swap the actions alone and stay in
`plans.action_views`; marking a next step done is `contacts.views.next_step_done`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from firstchoice.coaching.queries import open_learning_activities
from firstchoice.contacts.queries import open_next_steps
from firstchoice.customers.models import Customer
from firstchoice.lib.http import today
from firstchoice.plans.action_views import my_actions_context
from firstchoice.teams.http import user_of
from firstchoice.teams.pagecache import cached_page
from firstchoice.teams.queries import own_salesperson


@login_required
@require_GET
@cached_page
def my_actions(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    salesperson = own_salesperson(user)
    learning = open_learning_activities(salesperson) if salesperson else []
    # The accounts a salesperson logs contacts with most: this year's focus list.
    log_customers = (
        Customer.objects.filter(
            portfolio_entries__portfolio__salesperson=salesperson,
            portfolio_entries__portfolio__year=today().year,
        )
        .distinct()
        .order_by("name")
        if salesperson
        else Customer.objects.none()
    )
    return render(
        request,
        "plans/my_actions.html",
        my_actions_context(
            request,
            learning_activities=learning,
            next_steps=list(open_next_steps(user)),
            log_customers=list(log_customers),
        ),
    )

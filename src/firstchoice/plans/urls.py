from django.urls import path

from firstchoice.plans import action_views, views

PLAN = "plans/<str:handle>/<year:year>/<str:customer_code>/"

urlpatterns = [
    path(PLAN, views.plan, name="plan"),
    path(PLAN + "start", views.start, name="plan-start"),
    path(PLAN + "objectives/add", views.objective_add, name="plan-objective-add"),
    path(PLAN + "objectives/<id:pk>/edit", views.objective_edit, name="plan-objective-edit"),
    path(PLAN + "objectives/<id:pk>/value", views.objective_value, name="plan-objective-value"),
    path(PLAN + "actions/add", views.action_add, name="plan-action-add"),
    path(PLAN + "actions/<id:pk>/edit", views.action_edit, name="plan-action-edit"),
    path(PLAN + "contacts/add", views.contact_add, name="plan-contact-add"),
    path(PLAN + "contacts/<id:pk>/edit", views.contact_edit, name="plan-contact-edit"),
    path(PLAN + "expected", views.expected, name="plan-expected"),
    path(PLAN + "comments/add", views.comment, name="plan-comment"),
    path(PLAN + "history/", views.history, name="plan-history"),
    path("my-actions/<id:pk>/respond", action_views.respond, name="action-respond"),
    path("my-actions/<id:pk>/progress", action_views.progress, name="action-progress"),
    path("my-actions/<id:pk>.ics", action_views.action_ics, name="action-ics"),
    path("my-actions/calendar/renew", action_views.renew_calendar, name="calendar-renew"),
]

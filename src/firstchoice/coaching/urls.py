from django.urls import path

from firstchoice.coaching import views

urlpatterns = [
    path("coaching/", views.home, name="coaching"),
    path("coaching/<str:handle>/", views.person, name="coaching-person"),
    path("coaching/<str:handle>/start", views.start, name="coaching-start"),
    path("coaching/<str:handle>/goals", views.add_goal, name="coaching-goal-add"),
    path(
        "coaching/<str:handle>/goals/<id:goal_id>/activities",
        views.add_activity,
        name="coaching-activity-add",
    ),
    path(
        "coaching/<str:handle>/goals/<id:goal_id>/status",
        views.goal_status,
        name="coaching-goal-status",
    ),
    path(
        "coaching/<str:handle>/activities/<id:activity_id>/status",
        views.activity_status,
        name="coaching-activity-status",
    ),
    path("coaching/<str:handle>/<id:pk>/", views.assessment, name="coaching-assessment"),
    path("coaching/<str:handle>/<id:pk>/rate", views.rate, name="coaching-rate"),
    path("coaching/<str:handle>/<id:pk>/comment", views.comment, name="coaching-comment"),
    path("coaching/<str:handle>/<id:pk>/close", views.close, name="coaching-close"),
    path("coaching/<str:handle>/<id:pk>/pdf", views.assessment_pdf, name="coaching-pdf"),
    path("teams/<slug:slug>/coaching/", views.team, name="coaching-team"),
]
